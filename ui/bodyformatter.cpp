#include "bodyformatter.h"

#include "jsonreindenter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocale>
#include <QStringDecoder>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

namespace {

// Hex dumps grow a byte into ~4.5 characters; keep them to a readable size.
constexpr qint64 HexDumpLimit = 64 * 1024;
// Re-indenting can multiply the size of deeply nested input; past this the raw text is shown.
constexpr qint64 PrettyGrowthFactor = 4;

QByteArray mimeType(const QByteArray &contentType)
{
    const int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
}

QByteArray charsetOf(const QByteArray &contentType)
{
    const QList<QByteArray> parts = contentType.split(';');
    for (int i = 1; i < parts.size(); ++i) {
        const QByteArray part = parts.at(i).trimmed();
        if (part.toLower().startsWith("charset=")) {
            QByteArray value = part.mid(8).trimmed();
            if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
                value = value.mid(1, value.size() - 2);
            return value;
        }
    }
    return {};
}

bool isJsonType(const QByteArray &mime)
{
    return mime == "application/json" || mime == "text/json" || mime.endsWith("+json");
}

bool isXmlType(const QByteArray &mime)
{
    return mime == "application/xml" || mime == "text/xml" || mime.endsWith("+xml");
}

bool isTextType(const QByteArray &mime)
{
    return mime.startsWith("text/") || mime == "application/javascript"
        || mime == "application/x-www-form-urlencoded" || mime == "application/x-yaml"
        || mime == "application/yaml" || mime == "application/sql" || mime == "application/x-ndjson";
}

// True when the sample looks like text: valid UTF-8 (a sequence cut at the end is fine) and
// no NUL or other control characters beyond the usual whitespace.
bool looksLikeText(const QByteArray &sample)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(sample);
    if (decoder.hasError())
        return false;
    int controls = 0;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == 0)
            return false;
        if (u < 0x20 && u != '\n' && u != '\r' && u != '\t' && u != '\f')
            ++controls;
    }
    return controls * 100 <= text.size(); // a stray escape sequence is still text
}

// Drops a UTF-8 sequence cut in half by truncation, so it is not shown as a replacement character.
QByteArray trimIncompleteUtf8(const QByteArray &bytes)
{
    int i = int(bytes.size()) - 1;
    int continuation = 0;
    while (i >= 0 && continuation < 3 && (uchar(bytes.at(i)) & 0xC0) == 0x80) {
        --i;
        ++continuation;
    }
    if (i < 0)
        return bytes;
    const uchar lead = uchar(bytes.at(i));
    int expected = 1;
    if ((lead & 0xE0) == 0xC0)
        expected = 2;
    else if ((lead & 0xF0) == 0xE0)
        expected = 3;
    else if ((lead & 0xF8) == 0xF0)
        expected = 4;
    if (expected > 1 && continuation + 1 < expected)
        return bytes.left(i);
    return bytes;
}

QString decodeText(const QByteArray &bytes, const QByteArray &contentType)
{
    const QByteArray charset = charsetOf(contentType);
    if (!charset.isEmpty()) {
        const auto encoding = QStringConverter::encodingForName(charset.constData());
        if (encoding) {
            QStringDecoder decoder(*encoding);
            return decoder.decode(bytes);
        }
    }
    return QString::fromUtf8(bytes);
}

QString hexDump(const QByteArray &bytes)
{
    QString out;
    out.reserve(bytes.size() / 16 * 80 + 80);
    for (qsizetype offset = 0; offset < bytes.size(); offset += 16) {
        out += QStringLiteral("%1  ").arg(offset, 8, 16, QLatin1Char('0'));
        QString ascii;
        for (int i = 0; i < 16; ++i) {
            if (offset + i < bytes.size()) {
                const uchar b = uchar(bytes.at(offset + i));
                out += QStringLiteral("%1 ").arg(b, 2, 16, QLatin1Char('0'));
                ascii += QLatin1Char(b >= 0x20 && b < 0x7f ? char(b) : '.');
            } else {
                out += QLatin1String("   ");
            }
            if (i == 7)
                out += QLatin1Char(' ');
        }
        out += QLatin1String(" |") + ascii + QLatin1String("|\n");
    }
    return out;
}

// Validates JSON with QJsonDocument. Wrapping the text in an array also accepts a scalar at the
// top level (RFC 8259 §2), which QJsonDocument alone refuses.
bool validateJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QByteArray wrapped = '[' + json + ']';
    const QJsonDocument doc = QJsonDocument::fromJson(wrapped, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const qint64 offset = qBound(qint64(0), qint64(parseError.offset) - 1, qint64(json.size()));
        *error = QStringLiteral("%1 at offset %2").arg(parseError.errorString()).arg(offset);
        return false;
    }
    if (doc.array().size() != 1) {
        *error = doc.array().isEmpty() ? QStringLiteral("no value")
                                       : QStringLiteral("more than one top-level value");
        return false;
    }
    return true;
}

bool prettyXml(const QByteArray &xml, QString *pretty, QString *error)
{
    QXmlStreamReader reader(xml);
    QString out;
    QXmlStreamWriter writer(&out);
    writer.setAutoFormatting(true);
    writer.setAutoFormattingIndent(2);
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.hasError())
            break;
        // Whitespace between elements would defeat the writer's own indentation.
        if (reader.isWhitespace())
            continue;
        // The reader reports a document start even without an XML declaration; writing it
        // would show a declaration the server never sent.
        if (reader.isStartDocument() && reader.documentVersion().isEmpty())
            continue;
        writer.writeCurrentToken(reader);
    }
    if (reader.hasError()) {
        *error = QStringLiteral("%1 at line %2, column %3")
                     .arg(reader.errorString())
                     .arg(reader.lineNumber())
                     .arg(reader.columnNumber());
        return false;
    }
    *pretty = out.trimmed();
    return true;
}

} // namespace

BodyFormatter::BodyFormatter(qint64 displayLimit)
    : m_displayLimit(displayLimit)
{
}

FormattedBody::Kind BodyFormatter::detect(const QByteArray &contentType, const QByteArray &bytes)
{
    using Kind = FormattedBody::Kind;
    if (bytes.isEmpty())
        return Kind::Empty;
    const QByteArray mime = mimeType(contentType);
    if (isJsonType(mime))
        return Kind::Json;
    if (isXmlType(mime))
        return Kind::Xml;
    if (isTextType(mime))
        return Kind::Text;
    const QByteArray sample = bytes.left(4096);
    if (!looksLikeText(sample))
        return Kind::Binary;
    // Without a telling content type, the first character decides what to try.
    const QByteArray start = sample.trimmed();
    if (mime.isEmpty() || mime == "application/octet-stream" || mime == "text/plain") {
        if (start.startsWith('{') || start.startsWith('['))
            return Kind::Json;
        if (start.startsWith("<?xml"))
            return Kind::Xml;
    }
    return Kind::Text;
}

FormattedBody BodyFormatter::format(const QByteArray &input, qint64 totalSize,
                                    const QByteArray &contentType) const
{
    using Kind = FormattedBody::Kind;
    FormattedBody result;
    const qint64 whole = totalSize < 0 ? input.size() : qMax(totalSize, qint64(input.size()));
    QByteArray bytes = input.size() > m_displayLimit ? input.left(m_displayLimit) : input;
    result.truncated = bytes.size() < whole;

    const Kind detected = detect(contentType, bytes);
    if (detected == Kind::Empty) {
        result.note = whole > 0 ? QStringLiteral("Body of %1 not loaded.").arg(formatSize(whole))
                                : QString();
        return result;
    }

    const QString truncationNote = result.truncated
        ? QStringLiteral("Showing the first %1 of %2.").arg(formatSize(bytes.size()), formatSize(whole))
        : QString();

    if (detected == Kind::Binary) {
        const QByteArray shown = bytes.left(HexDumpLimit);
        result.kind = Kind::Binary;
        result.raw = hexDump(shown);
        result.pretty = result.raw;
        result.truncated = shown.size() < whole;
        result.note = QStringLiteral("Binary content, %1").arg(formatSize(whole));
        if (shown.size() < whole)
            result.note += QStringLiteral("; hex dump of the first %1").arg(formatSize(shown.size()));
        result.note += QLatin1Char('.');
        return result;
    }

    if (result.truncated)
        bytes = trimIncompleteUtf8(bytes);
    result.raw = decodeText(bytes, contentType);
    result.pretty = result.raw;
    result.kind = Kind::Text;

    if (result.truncated) {
        // A cut document cannot be parsed; say so rather than reporting a bogus syntax error.
        result.note = truncationNote;
        if (detected != Kind::Text)
            result.note += QStringLiteral(" Too large to pretty-print.");
        return result;
    }

    const qint64 prettyLimit = qMax<qint64>(m_displayLimit * PrettyGrowthFactor, 4096);
    if (detected == Kind::Json) {
        QString error;
        // JSON is UTF-8 (RFC 8259 §8.1); a body in another charset is shown as text.
        if (!validateJson(bytes, &error)) {
            result.note = QStringLiteral("Not valid JSON (%1); shown as received.").arg(error);
            return result;
        }
        const QByteArray indented = reindentJson(bytes, prettyLimit);
        if (indented.isNull()) {
            result.note = QStringLiteral("Valid JSON, too deeply nested to pretty-print; shown as received.");
            return result;
        }
        result.kind = Kind::Json;
        result.pretty = QString::fromUtf8(indented);
    } else if (detected == Kind::Xml) {
        QString pretty;
        QString error;
        if (!prettyXml(bytes, &pretty, &error)) {
            result.note = QStringLiteral("Not well-formed XML (%1); shown as received.").arg(error);
            return result;
        }
        if (pretty.size() > prettyLimit) {
            result.note = QStringLiteral("XML too large to pretty-print; shown as received.");
            return result;
        }
        result.kind = Kind::Xml;
        result.pretty = pretty;
    }
    return result;
}

QByteArray BodyFormatter::reindentJson(const QByteArray &json, qint64 maxOutput)
{
    QByteArray out;
    out.reserve(qMin<qint64>(json.size() * 2, maxOutput));
    JsonReindenter reindenter;
    if (!reindenter.feed(json, &out, maxOutput))
        return {};
    reindenter.finish(&out);
    if (out.size() > maxOutput)
        return {};
    return out;
}

QString BodyFormatter::decode(const QByteArray &bytes, const QByteArray &contentType)
{
    return decodeText(bytes, contentType);
}

QString BodyFormatter::formatSize(qint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    const QLocale c = QLocale::c();
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KiB").arg(c.toString(double(bytes) / 1024, 'f', 1));
    if (bytes < 1024LL * 1024 * 1024)
        return QStringLiteral("%1 MiB").arg(c.toString(double(bytes) / (1024 * 1024), 'f', 1));
    return QStringLiteral("%1 GiB").arg(c.toString(double(bytes) / (1024.0 * 1024 * 1024), 'f', 2));
}
