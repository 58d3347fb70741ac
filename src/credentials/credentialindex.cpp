#include "credentialindex.h"

#include <QSettings>

#include <algorithm>

namespace {

const QString kGroup = QStringLiteral("credentials");

QString kindKey(Credential::Kind kind)
{
    return Credential::kindName(kind);
}

std::optional<Credential::Kind> kindFromKey(const QString &key)
{
    for (auto kind : {Credential::Kind::Password, Credential::Kind::Token, Credential::Kind::ApiKey}) {
        if (Credential::kindName(kind) == key)
            return kind;
    }
    return std::nullopt;
}

} // namespace

CredentialIndex::CredentialIndex(QSettings *settings)
    : m_settings(settings)
{
    load();
}

void CredentialIndex::load()
{
    if (!m_settings)
        return;
    m_settings->beginGroup(kGroup);
    const QStringList ids = m_settings->childGroups();
    for (const QString &id : ids) {
        m_settings->beginGroup(id);
        CredentialRecord r;
        r.id = id;
        r.space.proxy = m_settings->value(QStringLiteral("proxy")).toBool();
        r.space.scheme = m_settings->value(QStringLiteral("scheme")).toString().toLatin1();
        r.space.origin = m_settings->value(QStringLiteral("origin")).toString();
        r.space.realm = m_settings->value(QStringLiteral("realm")).toString();
        r.user = m_settings->value(QStringLiteral("user")).toString();
        const auto kind = kindFromKey(m_settings->value(QStringLiteral("kind")).toString());
        r.label = m_settings->value(QStringLiteral("label")).toString();
        r.lastUsed = QDateTime::fromString(m_settings->value(QStringLiteral("lastUsed")).toString(),
                                           Qt::ISODateWithMs);
        m_settings->endGroup();
        // A hand-edited or newer-format entry we cannot read is left in the file, not guessed at.
        if (kind && r.isValid()) {
            r.kind = *kind;
            m_records.append(r);
        }
    }
    m_settings->endGroup();
}

void CredentialIndex::reload()
{
    if (!m_settings)
        return;
    m_settings->sync();
    m_records.clear();
    load();
}

void CredentialIndex::write(const CredentialRecord &r)
{
    if (!m_settings)
        return;
    m_settings->beginGroup(kGroup + QLatin1Char('/') + r.id);
    m_settings->setValue(QStringLiteral("proxy"), r.space.proxy);
    m_settings->setValue(QStringLiteral("scheme"), QString::fromLatin1(r.space.scheme));
    m_settings->setValue(QStringLiteral("origin"), r.space.origin);
    m_settings->setValue(QStringLiteral("realm"), r.space.realm);
    m_settings->setValue(QStringLiteral("user"), r.user);
    m_settings->setValue(QStringLiteral("kind"), kindKey(r.kind));
    m_settings->setValue(QStringLiteral("label"), r.label);
    m_settings->setValue(QStringLiteral("lastUsed"),
                         r.lastUsed.isValid() ? r.lastUsed.toUTC().toString(Qt::ISODateWithMs) : QString());
    m_settings->endGroup();
    m_settings->sync();
}

QList<CredentialRecord> CredentialIndex::list() const
{
    QList<CredentialRecord> sorted = m_records;
    std::sort(sorted.begin(), sorted.end(), [](const CredentialRecord &a, const CredentialRecord &b) {
        return std::tie(a.space.origin, a.space.realm, a.user, a.id)
            < std::tie(b.space.origin, b.space.realm, b.user, b.id);
    });
    return sorted;
}

QList<CredentialRecord> CredentialIndex::search(const QString &text) const
{
    QList<CredentialRecord> found;
    const QList<CredentialRecord> all = list();
    for (const CredentialRecord &r : all) {
        if (r.matches(text))
            found.append(r);
    }
    return found;
}

std::optional<CredentialRecord> CredentialIndex::find(const QString &id) const
{
    for (const CredentialRecord &r : m_records) {
        if (r.id == id)
            return r;
    }
    return std::nullopt;
}

std::optional<CredentialRecord> CredentialIndex::find(const ProtectionSpace &space, const QString &user) const
{
    for (const CredentialRecord &r : m_records) {
        if (r.space == space && r.user == user)
            return r;
    }
    return std::nullopt;
}

QStringList CredentialIndex::idsMatching(const QString &text) const
{
    QStringList ids;
    if (text.isEmpty())
        return ids;
    for (const CredentialRecord &r : m_records) {
        if (r.id.compare(text, Qt::CaseInsensitive) == 0)
            return {r.id};
        if (text.size() >= MinimumPrefix && r.id.startsWith(text, Qt::CaseInsensitive))
            ids.append(r.id);
    }
    ids.sort();
    return ids;
}

QList<CredentialRecord> CredentialIndex::forSpace(const ProtectionSpace &space) const
{
    QList<CredentialRecord> found;
    for (const CredentialRecord &r : m_records) {
        if (r.space == space)
            found.append(r);
    }
    std::stable_sort(found.begin(), found.end(), [](const CredentialRecord &a, const CredentialRecord &b) {
        return a.lastUsed > b.lastUsed;
    });
    return found;
}

bool CredentialIndex::put(const CredentialRecord &record)
{
    if (!record.isValid())
        return false;
    auto it = std::find_if(m_records.begin(), m_records.end(),
                           [&record](const CredentialRecord &r) { return r.id == record.id; });
    if (it != m_records.end())
        *it = record;
    else
        m_records.append(record);
    write(record);
    return true;
}

bool CredentialIndex::remove(const QString &id)
{
    auto it = std::find_if(m_records.begin(), m_records.end(),
                           [&id](const CredentialRecord &r) { return r.id == id; });
    if (it == m_records.end())
        return false;
    m_records.erase(it);
    if (m_settings) {
        m_settings->remove(kGroup + QLatin1Char('/') + id);
        m_settings->sync();
    }
    return true;
}

void CredentialIndex::clear()
{
    m_records.clear();
    if (m_settings) {
        m_settings->remove(kGroup);
        m_settings->sync();
    }
}
