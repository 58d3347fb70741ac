#include "exportedbody.h"

#include "http/bodybuffer.h"
#include "secretmatcher.h"
#include "secretredactor.h"

bool ExportedBody::isUtf8(const QByteArray &bytes, bool allowCutEnd)
{
    // RFC 3629 §4: no overlong forms, no surrogates, nothing above U+10FFFF.
    const auto *s = reinterpret_cast<const uchar *>(bytes.constData());
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    while (i < n) {
        const uchar c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int length;
        uchar low = 0x80, high = 0xBF; // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0)
                low = 0xA0;
            else if (c == 0xED)
                high = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0)
                low = 0x90;
            else if (c == 0xF4)
                high = 0x8F;
        } else {
            return false;
        }
        for (int k = 1; k < length; ++k) {
            if (i + k >= n)
                return allowCutEnd;
            const uchar b = s[i + k];
            if (k == 1 ? (b < low || b > high) : (b < 0x80 || b > 0xBF))
                return false;
        }
        i += length;
    }
    return true;
}

ExportedBody ExportedBody::make(const QByteArray &shown, qint64 fullSize, const QByteArray &contentType,
                                const ExportOptions &options, const SecretMatcher &matcher)
{
    ExportedBody body;
    body.m_size = qMax<qint64>(fullSize, shown.size());
    QByteArray bytes = options.maxBodyBytes >= 0 ? shown.left(options.maxBodyBytes) : shown;
    body.m_truncated = bytes.size() < body.m_size;

    if (!options.includeSecrets) {
        const SecretRedactor::Body redacted = SecretRedactor::redactBody(bytes, contentType, body.m_truncated);
        bytes = matcher.redact(redacted.data);
        if (body.m_truncated) // the cap may cut a known secret: what is left of it goes too
            bytes = matcher.redactCutEnd(bytes);
        body.m_note = redacted.note;
    }

    body.m_isText = isUtf8(bytes, body.m_truncated);
    if (body.m_isText) {
        // A multi-byte sequence cut by the cap is dropped rather than shown as U+FFFD.
        QByteArray text = bytes;
        while (!text.isEmpty() && !isUtf8(text, false))
            text.chop(1);
        body.m_content = QString::fromUtf8(text);
    } else {
        body.m_content = QString::fromLatin1(bytes.toBase64());
    }
    body.m_bytes = bytes;
    return body;
}

ExportedBody ExportedBody::fromBuffer(const std::shared_ptr<BodyBuffer> &buffer, const QByteArray &contentType,
                                      const ExportOptions &options, const SecretMatcher &matcher)
{
    if (!buffer)
        return make(QByteArray(), 0, contentType, options, matcher);
    return make(buffer->read(options.maxBodyBytes), buffer->size(), contentType, options, matcher);
}

QJsonObject ExportedBody::toJson() const
{
    QJsonObject o{
        {QStringLiteral("size"), m_size},
        {QStringLiteral("truncated"), m_truncated},
        {m_isText ? QStringLiteral("text") : QStringLiteral("base64"), m_content},
    };
    if (!m_note.isEmpty())
        o.insert(QStringLiteral("redactionNote"), m_note);
    return o;
}
