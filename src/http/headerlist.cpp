#include "headerlist.h"

#include "core/httpgrammar.h"

#include <QSet>
#include <QString>

#include <algorithm>

QString HeaderField::sourceName(Source source)
{
    switch (source) {
    case Source::User: return QStringLiteral("user");
    case Source::Default: return QStringLiteral("default");
    case Source::Body: return QStringLiteral("body");
    case Source::Transport: return QStringLiteral("transport");
    case Source::CookieJar: return QStringLiteral("cookie-jar");
    case Source::Authentication: return QStringLiteral("authentication");
    case Source::Server: return QStringLiteral("server");
    }
    return QString();
}

void HeaderList::append(const QByteArray &name, const QByteArray &value, HeaderField::Source source)
{
    m_fields.append(HeaderField{name, value, source});
}

bool HeaderList::contains(const QByteArray &name) const
{
    for (const HeaderField &f : m_fields) {
        if (f.name.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QByteArray HeaderList::value(const QByteArray &name) const
{
    for (const HeaderField &f : m_fields) {
        if (f.name.compare(name, Qt::CaseInsensitive) == 0)
            return f.value;
    }
    return QByteArray();
}

QList<QByteArray> HeaderList::values(const QByteArray &name) const
{
    QList<QByteArray> result;
    for (const HeaderField &f : m_fields) {
        if (f.name.compare(name, Qt::CaseInsensitive) == 0)
            result.append(f.value);
    }
    return result;
}

int HeaderList::removeAll(const QByteArray &name)
{
    return int(m_fields.removeIf([&](const HeaderField &f) {
        return f.name.compare(name, Qt::CaseInsensitive) == 0;
    }));
}

QList<HeaderField> HeaderList::keepLastOfEachName()
{
    QSet<QByteArray> seen;
    QList<HeaderField> kept;
    QList<HeaderField> dropped;
    // From the end: the first field met of each name is its last one.
    for (auto it = m_fields.crbegin(); it != m_fields.crend(); ++it) {
        const QByteArray key = it->name.toLower();
        if (seen.contains(key)) {
            dropped.append(*it);
        } else {
            seen.insert(key);
            kept.append(*it);
        }
    }
    std::reverse(dropped.begin(), dropped.end());
    if (!dropped.isEmpty()) {
        std::reverse(kept.begin(), kept.end());
        m_fields = kept;
    }
    return dropped;
}

bool HeaderList::operator==(const HeaderList &other) const
{
    if (m_fields.size() != other.m_fields.size())
        return false;
    for (int i = 0; i < m_fields.size(); ++i) {
        const HeaderField &a = m_fields.at(i);
        const HeaderField &b = other.m_fields.at(i);
        if (a.name != b.name || a.value != b.value || a.source != b.source)
            return false;
    }
    return true;
}

bool HeaderList::appendLine(const QByteArray &line, HeaderField::Source source, QString *error)
{
    const qsizetype colon = line.indexOf(':');
    if (colon < 0) {
        if (error)
            *error = QStringLiteral("header \"%1\" has no colon").arg(QString::fromUtf8(line));
        return false;
    }
    const QByteArray name = line.left(colon).trimmed();
    if (!HttpGrammar::isToken(name)) {
        if (error)
            *error = QStringLiteral("header name \"%1\" is not a valid token").arg(QString::fromUtf8(name));
        return false;
    }
    const QByteArray value = line.mid(colon + 1).trimmed();
    if (value.contains('\r') || value.contains('\n')) {
        if (error)
            *error = QStringLiteral("header \"%1\" has a line break in its value").arg(QString::fromUtf8(name));
        return false;
    }
    append(name, value, source);
    return true;
}
