#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

// Finds known secrets, in every encoded form SecretRedactor::secretForms() lists, in free text
// and replaces them by the marker in one pass over the text, however many secrets there are.
// Build it once per export and reuse it for every string: building computes all the forms.
// Matching is leftmost-longest, so a secret that contains another is replaced whole.
class SecretMatcher
{
public:
    SecretMatcher() = default;
    explicit SecretMatcher(const QList<QByteArray> &knownSecrets);

    bool isEmpty() const { return m_bytes.isEmpty(); }

    QByteArray redact(const QByteArray &text) const;
    QString redact(const QString &text) const;
    // text is the start of something longer: a form cut off by the end (at least
    // SecretRedactor::MinTextSecretLength of it) is redacted too.
    QByteArray redactCutEnd(const QByteArray &text) const;

private:
    // Forms by their first four units, longest first; every form has at least four.
    QHash<quint32, QList<QByteArray>> m_bytes;
    QHash<quint64, QList<QString>> m_utf16;
    qsizetype m_longest = 0;
};
