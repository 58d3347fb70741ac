#pragma once

#include <QByteArray>
#include <QList>

// One header field as it was (or will be) on the wire, with who put it there.
struct HeaderField
{
    enum class Source {
        User,           // typed by the user or given with -H
        Default,        // AuthScope's default (User-Agent, Accept) unless the user set one
        Body,           // derived from the body (Content-Type)
        Transport,      // added by Qt's HTTP stack when the request left (Host, Connection, ...)
        CookieJar,      // cookies of the session's jar
        Authentication, // credentials added by AuthScope
        Server,         // a response field
    };

    QByteArray name;
    QByteArray value;
    Source source = Source::User;

    static QString sourceName(Source source);
};

// An ordered list of fields: order and duplicates are kept, look-ups ignore case (RFC 9110 §5.1).
class HeaderList
{
public:
    HeaderList() = default;
    HeaderList(std::initializer_list<HeaderField> fields) : m_fields(fields) {}

    void append(const QByteArray &name, const QByteArray &value,
                HeaderField::Source source = HeaderField::Source::User);
    void append(const HeaderField &field) { m_fields.append(field); }
    bool contains(const QByteArray &name) const;
    // The first value, or a null QByteArray.
    QByteArray value(const QByteArray &name) const;
    QList<QByteArray> values(const QByteArray &name) const;
    int removeAll(const QByteArray &name);
    // Keeps only the last field of each name, where it stands, and returns the others in order: what
    // Qt sends of the list (QNetworkRequest::setRawHeader replaces an earlier field of the name).
    QList<HeaderField> keepLastOfEachName();

    int size() const { return int(m_fields.size()); }
    bool isEmpty() const { return m_fields.isEmpty(); }
    const HeaderField &at(int i) const { return m_fields.at(i); }
    QList<HeaderField>::const_iterator begin() const { return m_fields.cbegin(); }
    QList<HeaderField>::const_iterator end() const { return m_fields.cend(); }
    const QList<HeaderField> &fields() const { return m_fields; }

    bool operator==(const HeaderList &other) const;

    // Parses "Name: value"; returns false (and leaves the list alone) when there is no colon
    // or the name is not an RFC 9110 token.
    bool appendLine(const QByteArray &line, HeaderField::Source source, QString *error);

private:
    QList<HeaderField> m_fields;
};
