#include "forgetcredentialsjob.h"

#include "credentialstore.h"

#include <qt6keychain/keychain.h>

ForgetCredentialsJob::ForgetCredentialsJob(CredentialStore *store)
    : CredentialStoreJob(store)
{
}

void ForgetCredentialsJob::run()
{
    m_store->wipeSessionSecrets();
    m_store->m_sessionIndex.clear();
    if (m_store->isSessionOnly()) {
        finish(Error::NoError);
        return;
    }
    const QList<CredentialRecord> records = m_store->m_index.list();
    for (const CredentialRecord &r : records)
        m_pending.append(r.id);
    removeNext();
}

void ForgetCredentialsJob::removeNext()
{
    if (!m_store) {
        finish(Error::KeychainFailed, QStringLiteral("The credential store was closed before the job finished."));
        return;
    }
    if (m_pending.isEmpty()) {
        // Clearing also drops entries the index could not read.
        if (!m_store->m_index.clear()) {
            finishIndexNotWritten(QStringLiteral("The secrets are gone from the keychain but still listed; forget "
                                                 "them again once the file can be written."));
            return;
        }
        finish(Error::NoError);
        return;
    }
    const QString id = m_pending.takeFirst();
    auto *remove = new QKeychain::DeletePasswordJob(CredentialStore::serviceName());
    remove->setKey(id);
    runKeychain(remove, [this, id](QKeychain::Job *, Error) {
        if (m_store)
            m_store->m_index.remove(id); // a failure to write is reported when the list is cleared
        removeNext();
    });
}
