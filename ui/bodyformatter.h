#pragma once

#include <QByteArray>
#include <QString>

// What the body view shows for a response body.
struct FormattedBody
{
    enum class Kind {
        Empty,
        Json,    // valid JSON, re-indented
        Xml,     // well-formed XML, re-indented
        Text,    // shown as received (plain text, HTML, or JSON/XML that did not parse)
        Binary,  // shown as a hex dump
    };

    Kind kind = Kind::Empty;
    QString pretty;       // for the "Pretty" view
    QString raw;          // for the "Raw" view: the text as received, or a hex dump for binary
    QString note;         // one line for the user: truncation, parse errors; empty when none
    bool truncated = false;
};

// Turns response bytes into display text. Pure Qt Core logic, so it is tested without widgets.
// The caller passes at most displayLimit() bytes of the body (BodyBuffer::read) and the body's
// full size; everything past the limit is summarised in the note, so a large body never reaches
// a text widget whole.
class BodyFormatter
{
public:
    // Enough text to read; small enough that a text widget takes it in a fraction of a second.
    static constexpr qint64 DefaultDisplayLimit = 512 * 1024;

    explicit BodyFormatter(qint64 displayLimit = DefaultDisplayLimit);

    qint64 displayLimit() const { return m_displayLimit; }

    // bytes: the start of the body (longer input is cut to displayLimit()); totalSize: the body's
    // whole size (-1 when it equals bytes.size()); contentType: the Content-Type field value.
    FormattedBody format(const QByteArray &bytes, qint64 totalSize, const QByteArray &contentType) const;

    // What the content type (or, without a telling one, the bytes) says the body is:
    // Json, Xml, Text or Binary (Empty for no bytes).
    static FormattedBody::Kind detect(const QByteArray &contentType, const QByteArray &bytes);

    // Re-indents valid JSON text without re-serialising it, so key order, duplicate keys and the
    // spelling of numbers stay exactly as the server sent them. Returns a null QByteArray when the
    // output would exceed maxOutput bytes.
    static QByteArray reindentJson(const QByteArray &json, qint64 maxOutput);
    // Text of bytes in the charset the content type names (UTF-8 without one).
    static QString decode(const QByteArray &bytes, const QByteArray &contentType);
    // "12 B", "1.5 KiB", "3.2 MiB".
    static QString formatSize(qint64 bytes);

private:
    qint64 m_displayLimit;
};
