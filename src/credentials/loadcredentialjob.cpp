#include "loadcredentialjob.h"

#include "credentialstore.h"
#include "keychainlockprobe.h"

#include <qt6keychain/keychain.h>

LoadCredentialStoreJob::LoadCredentialStoreJob(CredentialStore *store, const QString &id)
    : CredentialStoreJob(store)
    , m_id(id)
{
}

LoadCredentialStoreJob::~LoadCredentialStoreJob()
{
    CredentialStore::wipe(m_secret);
}

void LoadCredentialStoreJob::run()
{
    const auto record = m_store->activeIndex().find(m_id);
    if (!record) {
        finish(Error::NotFound);
        return;
    }
    m_record = *record;
    if (m_store->isSessionOnly()) {
        const auto it = m_store->m_sessionSecrets.constFind(m_id);
        if (it == m_store->m_sessionSecrets.constEnd()) {
            finish(Error::NotFound);
            return;
        }
        loaded(*it);
        return;
    }
    auto *read = new QKeychain::ReadPasswordJob(CredentialStore::serviceName());
    read->setKey(m_id);
    runKeychain(read, [this](QKeychain::Job *job, Error error) {
        if (error == Error::NotFound) {
            // A locked keychain answers "no such entry" too: ask before calling the secret missing.
            auto *probe = new KeychainLockProbe(this);
            connect(probe, &KeychainLockProbe::finished, this, [this, probe](KeychainLockProbe::State state) {
                if (state != KeychainLockProbe::State::Locked) {
                    finish(Error::NotFound);
                    return;
                }
                const QString name = probe->collectionLabel().isEmpty()
                        ? QString() : QStringLiteral(" (collection \"%1\")").arg(probe->collectionLabel());
                finish(Error::AccessDenied,
                       QStringLiteral("The keychain%1 is locked. Unlock it (log in to your desktop session, or open "
                                      "your keyring manager such as Seahorse) and try again, or continue with "
                                      "session-only memory.").arg(name));
            });
            probe->start();
            return;
        }
        // QtKeychain keeps its own copy until the read job deletes itself; we cannot reach it.
        loaded(static_cast<QKeychain::ReadPasswordJob *>(job)->binaryData());
    });
}

void LoadCredentialStoreJob::loaded(const QByteArray &secret)
{
    m_secret = secret;
    if (m_markUsed && m_store) {
        m_record.lastUsed = QDateTime::currentDateTimeUtc();
        m_store->activeIndex().put(m_record);
    }
    finish(Error::NoError);
}
