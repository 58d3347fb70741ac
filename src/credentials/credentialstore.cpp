#include "credentialstore.h"

#include "forgetcredentialsjob.h"
#include "loadcredentialjob.h"
#include "removecredentialjob.h"
#include "savecredentialjob.h"

#include <QStandardPaths>

CredentialStore::CredentialStore(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_index(settings)
{
}

CredentialStore::~CredentialStore()
{
    wipeSessionSecrets();
}

QString CredentialStore::defaultIndexPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
        + QStringLiteral("/AuthScope/credentials.ini");
}

void CredentialStore::setSessionOnly(bool sessionOnly)
{
    if (m_sessionOnly == sessionOnly)
        return;
    m_sessionOnly = sessionOnly;
    emit changed();
}

void CredentialStore::reload()
{
    if (!m_sessionOnly && m_index.reload())
        emit changed();
}

SaveCredentialStoreJob *CredentialStore::save(const CredentialRecord &record, const QByteArray &secret)
{
    return new SaveCredentialStoreJob(this, record, secret);
}

LoadCredentialStoreJob *CredentialStore::load(const QString &id)
{
    return new LoadCredentialStoreJob(this, id);
}

RemoveCredentialStoreJob *CredentialStore::remove(const QString &id)
{
    return new RemoveCredentialStoreJob(this, id);
}

ForgetCredentialsJob *CredentialStore::forgetAll()
{
    return new ForgetCredentialsJob(this);
}

bool CredentialStore::markRefused(const QString &id, const QUrl &url)
{
    return setRefusal(id, QDateTime::currentDateTimeUtc(), CredentialRecord::pathOf(url));
}

bool CredentialStore::clearRefused(const QString &id)
{
    return setRefusal(id, QDateTime(), QString());
}

bool CredentialStore::setRefusal(const QString &id, const QDateTime &when, const QString &path)
{
    std::optional<CredentialRecord> record = activeIndex().find(id);
    if (!record || (!when.isValid() && !record->lastRefused.isValid()))
        return false;
    record->lastRefused = when;
    record->refusedPath = path;
    if (!activeIndex().put(*record))
        return false;
    emit changed();
    return true;
}

void CredentialStore::wipe(QByteArray &secret)
{
    if (!secret.isEmpty() && secret.isDetached())
        secret.fill('\0');
    secret = QByteArray();
}

void CredentialStore::setSessionSecret(const QString &id, const QByteArray &secret)
{
    removeSessionSecret(id);
    m_sessionSecrets.insert(id, secret);
}

void CredentialStore::removeSessionSecret(const QString &id)
{
    auto it = m_sessionSecrets.find(id);
    if (it == m_sessionSecrets.end())
        return;
    wipe(*it);
    m_sessionSecrets.erase(it);
}

void CredentialStore::wipeSessionSecrets()
{
    for (auto it = m_sessionSecrets.begin(); it != m_sessionSecrets.end(); ++it)
        wipe(*it);
    m_sessionSecrets.clear();
}
