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
    : m_location(settings)
{
    load();
}

CredentialIndex::~CredentialIndex() = default;

QSettings *CredentialIndex::settings() const
{
    if (!m_location)
        return nullptr;
    if (!m_writer)
        m_writer = std::make_unique<QSettings>(m_location->fileName(), m_location->format());
    return m_writer.get();
}

void CredentialIndex::load()
{
    if (!m_location)
        return;
    QSettings *ini = settings();
    ini->beginGroup(kGroup);
    const QStringList ids = ini->childGroups();
    for (const QString &id : ids) {
        ini->beginGroup(id);
        CredentialRecord r;
        r.id = id;
        r.space.proxy = ini->value(QStringLiteral("proxy")).toBool();
        r.space.scheme = ini->value(QStringLiteral("scheme")).toString().toLatin1();
        r.space.origin = ini->value(QStringLiteral("origin")).toString();
        r.space.realm = ini->value(QStringLiteral("realm")).toString();
        r.user = ini->value(QStringLiteral("user")).toString();
        const auto kind = kindFromKey(ini->value(QStringLiteral("kind")).toString());
        r.label = ini->value(QStringLiteral("label")).toString();
        r.lastUsed = QDateTime::fromString(ini->value(QStringLiteral("lastUsed")).toString(),
                                           Qt::ISODateWithMs);
        r.lastRefused = QDateTime::fromString(ini->value(QStringLiteral("lastRefused")).toString(),
                                              Qt::ISODateWithMs);
        r.refusedPath = ini->value(QStringLiteral("refusedPath")).toString();
        ini->endGroup();
        // A hand-edited or newer-format entry we cannot read is left in the file, not guessed at.
        if (kind && r.isValid()) {
            r.kind = *kind;
            m_records.append(r);
        }
    }
    ini->endGroup();
}

bool CredentialIndex::reload()
{
    if (!m_location)
        return false;
    settings()->sync();
    const QList<CredentialRecord> before = std::exchange(m_records, {});
    load();
    return m_records != before;
}

bool CredentialIndex::synced()
{
    settings()->sync();
    if (settings()->status() == QSettings::NoError)
        return true;
    m_writer.reset(); // its pending changes stay in Qt's cache of the file, to be retried
    return false;
}

QString CredentialIndex::location() const
{
    return m_location ? m_location->fileName() : QString();
}

bool CredentialIndex::write(const CredentialRecord &r)
{
    if (!m_location)
        return true;
    QSettings *ini = settings();
    ini->beginGroup(kGroup + QLatin1Char('/') + r.id);
    ini->setValue(QStringLiteral("proxy"), r.space.proxy);
    ini->setValue(QStringLiteral("scheme"), QString::fromLatin1(r.space.scheme));
    ini->setValue(QStringLiteral("origin"), r.space.origin);
    ini->setValue(QStringLiteral("realm"), r.space.realm);
    ini->setValue(QStringLiteral("user"), r.user);
    ini->setValue(QStringLiteral("kind"), kindKey(r.kind));
    ini->setValue(QStringLiteral("label"), r.label);
    ini->setValue(QStringLiteral("lastUsed"),
                         r.lastUsed.isValid() ? r.lastUsed.toUTC().toString(Qt::ISODateWithMs) : QString());
    ini->setValue(QStringLiteral("lastRefused"),
                  r.lastRefused.isValid() ? r.lastRefused.toUTC().toString(Qt::ISODateWithMs) : QString());
    ini->setValue(QStringLiteral("refusedPath"), r.lastRefused.isValid() ? r.refusedPath : QString());
    ini->endGroup();
    return synced();
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
    const std::optional<CredentialRecord> before = it != m_records.end() ? std::optional(*it) : std::nullopt;
    if (!write(record)) {
        // QSettings keeps the unwritten change in memory; put the file's view back.
        if (before)
            write(*before);
        else
            settings()->remove(kGroup + QLatin1Char('/') + record.id);
        return false;
    }
    if (it != m_records.end())
        *it = record;
    else
        m_records.append(record);
    return true;
}

bool CredentialIndex::remove(const QString &id)
{
    auto it = std::find_if(m_records.begin(), m_records.end(),
                           [&id](const CredentialRecord &r) { return r.id == id; });
    if (it == m_records.end())
        return false;
    if (m_location) {
        settings()->remove(kGroup + QLatin1Char('/') + id);
        if (!synced()) {
            write(*it);
            return false;
        }
    }
    m_records.erase(it);
    return true;
}

bool CredentialIndex::clear()
{
    if (m_location) {
        settings()->remove(kGroup);
        if (!synced()) {
            for (const CredentialRecord &r : std::as_const(m_records))
                write(r);
            return false;
        }
    }
    m_records.clear();
    return true;
}
