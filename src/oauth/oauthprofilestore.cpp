#include "oauthprofilestore.h"

#include "core/secretbytes.h"
#include "credentials/credentialstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

namespace {

// A profile index is a few KiB; anything far larger is not ours.
constexpr qint64 MaxIndexBytes = 4 * 1024 * 1024;

bool sameProfiles(const QList<OAuthProfile> &a, const QList<OAuthProfile> &b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const OAuthProfile &x, const OAuthProfile &y) { return x.toJson() == y.toJson(); });
}

} // namespace

struct OAuthProfileStore::Private
{
    CredentialStore *credentials = nullptr;
    QString indexPath;
    QList<OAuthProfile> fileProfiles;
    QString unreadable; // why the file could not be read; saves are refused meanwhile
    // Session-only mode: a copy of the file's list taken when the mode was first seen, changed in
    // memory only; and the secrets by keychain key.
    std::optional<QList<OAuthProfile>> sessionProfiles;
    QHash<QString, QByteArray> sessionSecrets;

    bool sessionOnly() const { return credentials && credentials->isSessionOnly(); }
    QList<OAuthProfile> &active()
    {
        if (!sessionOnly())
            return fileProfiles;
        if (!sessionProfiles)
            sessionProfiles = fileProfiles;
        return *sessionProfiles;
    }
    bool readFile(QList<OAuthProfile> *out, QString *error) const;
    bool writeFile(const QList<OAuthProfile> &profiles, QString *error) const;
};

bool OAuthProfileStore::Private::readFile(QList<OAuthProfile> *out, QString *error) const
{
    out->clear();
    QFile file(indexPath);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("The OAuth profile list %1 cannot be read (%2)").arg(indexPath, file.errorString());
        return false;
    }
    if (file.size() > MaxIndexBytes) {
        *error = QStringLiteral("The OAuth profile list %1 is larger than %2 bytes: not a profile list")
                     .arg(indexPath).arg(MaxIndexBytes);
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    const QJsonValue list = document.object().value(QStringLiteral("profiles"));
    if (!document.isObject() || !list.isArray()) {
        *error = QStringLiteral("The OAuth profile list %1 is not a JSON object with \"profiles\" (%2 at offset %3); it "
                                "is left as it is")
                     .arg(indexPath, parseError.errorString()).arg(parseError.offset);
        return false;
    }
    for (const QJsonValue &entry : list.toArray()) {
        QString entryError;
        const std::optional<OAuthProfile> profile = OAuthProfile::fromJson(entry.toObject(), &entryError);
        if (!profile) {
            *error = QStringLiteral("The OAuth profile list %1 holds a profile that cannot be read (%2); it is left as it is")
                         .arg(indexPath, entryError);
            return false;
        }
        out->append(*profile);
    }
    return true;
}

bool OAuthProfileStore::Private::writeFile(const QList<OAuthProfile> &profiles, QString *error) const
{
    QJsonArray list;
    for (const OAuthProfile &profile : profiles)
        list.append(profile.toJson());
    QJsonObject root;
    root.insert(QStringLiteral("version"), 1);
    root.insert(QStringLiteral("profiles"), list);
    QDir().mkpath(QFileInfo(indexPath).absolutePath());
    QSaveFile file(indexPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(root).toJson()) < 0 || !file.commit()) {
        *error = QStringLiteral("The OAuth profile list %1 could not be written (%2): the disk may be full or the file "
                                "read-only.").arg(indexPath, file.errorString());
        return false;
    }
    return true;
}

OAuthProfileStore::OAuthProfileStore(CredentialStore *credentials, const QString &indexPath, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>())
{
    d->credentials = credentials;
    d->indexPath = indexPath;
    reload();
}

OAuthProfileStore::~OAuthProfileStore()
{
    for (auto it = d->sessionSecrets.begin(); it != d->sessionSecrets.end(); ++it)
        SecretBytes::wipe(*it);
}

QString OAuthProfileStore::defaultIndexPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
        + QStringLiteral("/AuthScope/oauth-profiles.json");
}

QString OAuthProfileStore::keychainKey(const QString &name, const QString &part)
{
    return QStringLiteral("oauth/%1/%2").arg(name, part);
}

bool OAuthProfileStore::reload(QString *error)
{
    QList<OAuthProfile> read;
    QString why;
    if (!d->readFile(&read, &why)) {
        d->unreadable = why;
        if (error)
            *error = why;
        return false;
    }
    d->unreadable.clear();
    if (!sameProfiles(read, d->fileProfiles)) {
        d->fileProfiles = read;
        if (!d->sessionOnly())
            emit changed();
    }
    return true;
}

QList<OAuthProfile> OAuthProfileStore::profiles() const
{
    QList<OAuthProfile> list = d->active();
    std::sort(list.begin(), list.end(), [](const OAuthProfile &a, const OAuthProfile &b) { return a.name < b.name; });
    return list;
}

std::optional<OAuthProfile> OAuthProfileStore::profile(const QString &name) const
{
    for (const OAuthProfile &p : d->active()) {
        if (p.name == name)
            return p;
    }
    return std::nullopt;
}

bool OAuthProfileStore::isSessionOnly() const
{
    return d->sessionOnly();
}

OAuthStoreJob *OAuthProfileStore::makeJob(OAuthStoreJob::Operation operation, const QString &name)
{
    return new OAuthStoreJob(this, d->credentials, operation, name);
}

OAuthStoreJob *OAuthProfileStore::saveProfile(const OAuthProfile &profile, const QByteArray &clientSecret)
{
    OAuthStoreJob *job = makeJob(OAuthStoreJob::Operation::SaveProfile, profile.name);
    job->m_profile = profile;
    job->m_clientSecret = clientSecret;
    return job;
}

OAuthStoreJob *OAuthProfileStore::loadSecrets(const QString &name)
{
    return makeJob(OAuthStoreJob::Operation::LoadSecrets, name);
}

OAuthStoreJob *OAuthProfileStore::storeTokens(const QString &name, const TokenSet &tokens)
{
    OAuthStoreJob *job = makeJob(OAuthStoreJob::Operation::StoreTokens, name);
    job->m_tokens = tokens;
    return job;
}

OAuthStoreJob *OAuthProfileStore::clearTokens(const QString &name)
{
    return makeJob(OAuthStoreJob::Operation::ClearTokens, name);
}

OAuthStoreJob *OAuthProfileStore::removeProfile(const QString &name)
{
    return makeJob(OAuthStoreJob::Operation::RemoveProfile, name);
}

bool OAuthProfileStore::indexReadable(QString *error) const
{
    if (d->sessionOnly() || d->unreadable.isEmpty())
        return true;
    *error = d->unreadable;
    return false;
}

bool OAuthProfileStore::putProfile(const OAuthProfile &profile, QString *error)
{
    QList<OAuthProfile> list = d->active();
    auto it = std::find_if(list.begin(), list.end(), [&](const OAuthProfile &p) { return p.name == profile.name; });
    if (it != list.end())
        *it = profile;
    else
        list.append(profile);
    if (!d->sessionOnly() && !d->writeFile(list, error))
        return false;
    d->active() = list;
    emit changed();
    return true;
}

bool OAuthProfileStore::dropProfile(const QString &name, QString *error)
{
    QList<OAuthProfile> list = d->active();
    list.removeIf([&](const OAuthProfile &p) { return p.name == name; });
    if (!d->sessionOnly() && !d->writeFile(list, error))
        return false;
    d->active() = list;
    emit changed();
    return true;
}

void OAuthProfileStore::setSessionSecret(const QString &key, const QByteArray &secret)
{
    removeSessionSecret(key);
    d->sessionSecrets.insert(key, secret);
}

std::optional<QByteArray> OAuthProfileStore::sessionSecret(const QString &key) const
{
    const auto it = d->sessionSecrets.constFind(key);
    if (it == d->sessionSecrets.constEnd())
        return std::nullopt;
    return *it;
}

void OAuthProfileStore::removeSessionSecret(const QString &key)
{
    auto it = d->sessionSecrets.find(key);
    if (it == d->sessionSecrets.end())
        return;
    SecretBytes::wipe(*it);
    d->sessionSecrets.erase(it);
}
