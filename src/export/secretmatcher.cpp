#include "secretmatcher.h"

#include "secretredactor.h"

#include <algorithm>
#include <cstring>

namespace {

constexpr int KeyLength = 4;
static_assert(SecretRedactor::MinTextSecretLength >= KeyLength, "every form must have a full key");

quint32 byteKey(const char *p)
{
    quint32 key;
    std::memcpy(&key, p, sizeof key);
    return key;
}

quint64 utf16Key(const QChar *p)
{
    quint64 key;
    std::memcpy(&key, p, sizeof key);
    return key;
}

template<typename T>
void longestFirst(QList<T> *forms)
{
    std::sort(forms->begin(), forms->end(), [](const T &a, const T &b) {
        return a.size() > b.size() || (a.size() == b.size() && a < b);
    });
    forms->erase(std::unique(forms->begin(), forms->end()), forms->end());
}

} // namespace

SecretMatcher::SecretMatcher(const QList<QByteArray> &knownSecrets)
{
    for (const QByteArray &secret : knownSecrets) {
        for (const QByteArray &form : SecretRedactor::secretForms(secret)) {
            if (form.size() < KeyLength)
                continue;
            m_bytes[byteKey(form.constData())].append(form);
            m_longest = qMax(m_longest, form.size());
            const QString text = QString::fromUtf8(form);
            if (text.size() >= KeyLength)
                m_utf16[utf16Key(text.constData())].append(text);
        }
    }
    for (auto &forms : m_bytes)
        longestFirst(&forms);
    for (auto &forms : m_utf16)
        longestFirst(&forms);
}

QByteArray SecretMatcher::redact(const QByteArray &text) const
{
    if (m_bytes.isEmpty() || text.size() < KeyLength)
        return text;
    QByteArray out;
    qsizetype copied = 0;
    qsizetype i = 0;
    const qsizetype last = text.size() - KeyLength;
    while (i <= last) {
        const auto it = m_bytes.constFind(byteKey(text.constData() + i));
        qsizetype matched = 0;
        if (it != m_bytes.constEnd()) {
            for (const QByteArray &form : *it) {
                if (QByteArrayView(text).sliced(i).startsWith(form)) {
                    matched = form.size();
                    break;
                }
            }
        }
        if (matched == 0) {
            ++i;
            continue;
        }
        out.append(QByteArrayView(text).sliced(copied, i - copied));
        out.append(SecretRedactor::markerBytes());
        i += matched;
        copied = i;
    }
    if (copied == 0)
        return text;
    out.append(QByteArrayView(text).sliced(copied));
    return out;
}

QString SecretMatcher::redact(const QString &text) const
{
    if (m_utf16.isEmpty() || text.size() < KeyLength)
        return text;
    QString out;
    qsizetype copied = 0;
    qsizetype i = 0;
    const qsizetype last = text.size() - KeyLength;
    while (i <= last) {
        const auto it = m_utf16.constFind(utf16Key(text.constData() + i));
        qsizetype matched = 0;
        if (it != m_utf16.constEnd()) {
            for (const QString &form : *it) {
                if (QStringView(text).mid(i).startsWith(form)) {
                    matched = form.size();
                    break;
                }
            }
        }
        if (matched == 0) {
            ++i;
            continue;
        }
        out.append(QStringView(text).mid(copied, i - copied));
        out.append(SecretRedactor::marker());
        i += matched;
        copied = i;
    }
    if (copied == 0)
        return text;
    out.append(QStringView(text).mid(copied));
    return out;
}

QByteArray SecretMatcher::redactCutEnd(const QByteArray &text) const
{
    // Earliest start first, so the longest cut-off piece goes.
    for (qsizetype start = qMax<qsizetype>(0, text.size() - m_longest + 1); start + KeyLength <= text.size(); ++start) {
        const auto it = m_bytes.constFind(byteKey(text.constData() + start));
        if (it == m_bytes.constEnd())
            continue;
        const QByteArrayView tail = QByteArrayView(text).sliced(start);
        for (const QByteArray &form : *it) {
            if (form.size() > tail.size() && QByteArrayView(form).startsWith(tail))
                return text.left(start) + SecretRedactor::markerBytes();
        }
    }
    return text;
}
