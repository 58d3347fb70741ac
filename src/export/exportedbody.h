#pragma once

#include "exportoptions.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>

class BodyBuffer;
class SecretMatcher;

// A body as an export shows it: cut to ExportOptions::maxBodyBytes, redacted (unless the options
// include secrets), and as text when it is valid UTF-8, base64 otherwise.
// Redaction runs on the bytes before encoding, so base64 always decodes to what is shown.
class ExportedBody
{
public:
    // shown: the bytes at hand (a prefix of the body, possibly already cut by the recorder);
    // fullSize: the size of the whole body. Known secrets (matcher) are replaced in the bytes as
    // well, unless the options include secrets.
    static ExportedBody make(const QByteArray &shown, qint64 fullSize, const QByteArray &contentType,
                             const ExportOptions &options, const SecretMatcher &matcher);
    // Reads at most maxBodyBytes from buffer (null means no body).
    static ExportedBody fromBuffer(const std::shared_ptr<BodyBuffer> &buffer, const QByteArray &contentType,
                                   const ExportOptions &options, const SecretMatcher &matcher);

    qint64 size() const { return m_size; }
    bool isTruncated() const { return m_truncated; }
    bool isText() const { return m_isText; }
    // UTF-8 text, or base64 when !isText().
    QString content() const { return m_content; }
    // The bytes shown, after redaction (what content() encodes).
    QByteArray bytes() const { return m_bytes; }
    // Set when the type promised JSON or a form but the body did not parse, so secrets in it
    // could not be found by name (see SecretRedactor::redactBody).
    QString redactionNote() const { return m_note; }

    // {"size", "truncated", "text" | "base64", "redactionNote"?}
    QJsonObject toJson() const;

    // True when bytes are UTF-8; allowCutEnd accepts a sequence cut off by the end.
    static bool isUtf8(const QByteArray &bytes, bool allowCutEnd);

private:
    qint64 m_size = 0;
    bool m_truncated = false;
    bool m_isText = true;
    QString m_content;
    QByteArray m_bytes;
    QString m_note;
};
