#include "secretmatcher.h"

#include "secretredactor.h"

#include <algorithm>
#include <cstring>

namespace {

constexpr int KeyLength = 4;
static_assert(SecretRedactor::MinTextSecretLength >= KeyLength, "every form must have a full key");

// The first KeyLength units of text at i: a quint32 of bytes, a quint64 of UTF-16 units.
template<typename Key, typename Text>
Key keyAt(const Text &text, qsizetype i)
{
    static_assert(sizeof(Key) == KeyLength * sizeof(*text.constData()), "a key is KeyLength units");
    Key key;
    std::memcpy(&key, text.constData() + i, sizeof key);
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

// One pass, leftmost-longest: at each position only the forms that share its first KeyLength
// units are tried, longest first.
template<typename View, typename Key, typename Text>
Text replaceForms(const QHash<Key, QList<Text>> &forms, const Text &text, const Text &marker)
{
    if (forms.isEmpty() || text.size() < KeyLength)
        return text;
    Text out;
    qsizetype copied = 0;
    qsizetype i = 0;
    const qsizetype last = text.size() - KeyLength;
    while (i <= last) {
        const auto it = forms.constFind(keyAt<Key>(text, i));
        qsizetype matched = 0;
        if (it != forms.constEnd()) {
            for (const Text &form : *it) {
                if (View(text).sliced(i).startsWith(form)) {
                    matched = form.size();
                    break;
                }
            }
        }
        if (matched == 0) {
            ++i;
            continue;
        }
        out.append(View(text).sliced(copied, i - copied));
        out.append(marker);
        i += matched;
        copied = i;
    }
    if (copied == 0)
        return text;
    out.append(View(text).sliced(copied));
    return out;
}

} // namespace

SecretMatcher::SecretMatcher(const QList<QByteArray> &knownSecrets)
{
    for (const QByteArray &secret : knownSecrets) {
        for (const QByteArray &form : SecretRedactor::secretForms(secret)) {
            if (form.size() < KeyLength)
                continue;
            m_bytes[keyAt<quint32>(form, 0)].append(form);
            m_longest = qMax(m_longest, form.size());
            const QString text = QString::fromUtf8(form);
            if (text.size() >= KeyLength)
                m_utf16[keyAt<quint64>(text, 0)].append(text);
        }
    }
    for (auto &forms : m_bytes)
        longestFirst(&forms);
    for (auto &forms : m_utf16)
        longestFirst(&forms);
}

QByteArray SecretMatcher::redact(const QByteArray &text) const
{
    return replaceForms<QByteArrayView>(m_bytes, text, SecretRedactor::markerBytes());
}

QString SecretMatcher::redact(const QString &text) const
{
    return replaceForms<QStringView>(m_utf16, text, SecretRedactor::marker());
}

QByteArray SecretMatcher::redactCutEnd(const QByteArray &text) const
{
    // Earliest start first, so the longest cut-off piece goes.
    for (qsizetype start = qMax<qsizetype>(0, text.size() - m_longest + 1); start + KeyLength <= text.size(); ++start) {
        const auto it = m_bytes.constFind(keyAt<quint32>(text, start));
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
