#include "exportedbody.h"

#include "http/bodybuffer.h"
#include "secretredactor.h"

namespace {

// The cap may cut a known secret: its first bytes at the very end are redacted too.
QByteArray redactCutSecret(const QByteArray &bytes, const QList<QByteArray> &knownSecrets)
{
    for (const QByteArray &secret : knownSecrets) {
        for (const QByteArray &form : SecretRedactor::secretForms(secret)) {
            for (qsizetype k = qMin(form.size() - 1, bytes.size()); k >= SecretRedactor::MinTextSecretLength; --k) {
                if (bytes.endsWith(form.left(k)))
                    return bytes.left(bytes.size() - k) + SecretRedactor::markerBytes();
            }
        }
    }
    return bytes;
}

} // namespace

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
                                const ExportOptions &options, const QList<QByteArray> &knownSecrets)
{
    ExportedBody body;
    body.m_size = qMax<qint64>(fullSize, shown.size());
    QByteArray bytes = options.maxBodyBytes >= 0 ? shown.left(options.maxBodyBytes) : shown;
    body.m_truncated = bytes.size() < body.m_size;

    if (!options.includeSecrets) {
        const SecretRedactor::Body redacted = SecretRedactor::redactBody(bytes, contentType, body.m_truncated);
        bytes = SecretRedactor::redactText(redacted.data, knownSecrets);
        if (body.m_truncated)
            bytes = redactCutSecret(bytes, knownSecrets);
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
                                      const ExportOptions &options, const QList<QByteArray> &knownSecrets)
{
    if (!buffer)
        return make(QByteArray(), 0, contentType, options, knownSecrets);
    return make(buffer->read(options.maxBodyBytes), buffer->size(), contentType, options, knownSecrets);
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
