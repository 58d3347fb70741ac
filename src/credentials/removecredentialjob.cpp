#include "removecredentialjob.h"

#include "credentialstore.h"

#include <qt6keychain/keychain.h>

RemoveCredentialStoreJob::RemoveCredentialStoreJob(CredentialStore *store, const QString &id)
    : CredentialStoreJob(store)
    , m_id(id)
{
}

void RemoveCredentialStoreJob::run()
{
    if (!m_store->activeIndex().contains(m_id)) {
        finish(Error::NotFound);
        return;
    }
    if (m_store->isSessionOnly()) {
        m_store->removeSessionSecret(m_id);
        m_store->activeIndex().remove(m_id);
        finish(Error::NoError);
        return;
    }
    auto *remove = new QKeychain::DeletePasswordJob(CredentialStore::serviceName());
    remove->setKey(m_id);
    runKeychain(remove, [this](QKeychain::Job *, Error) {
        if (m_store && !m_store->m_index.remove(m_id)) {
            finishIndexNotWritten(QStringLiteral("The secret is gone from the keychain but still listed; delete it "
                                                 "again once the file can be written."));
            return;
        }
        finish(Error::NoError);
    });
}
