#include "savecredentialjob.h"

#include "credentialstore.h"

#include <qt6keychain/keychain.h>

SaveCredentialStoreJob::SaveCredentialStoreJob(CredentialStore *store, const CredentialRecord &record,
                                     const QByteArray &secret)
    : CredentialStoreJob(store)
    , m_record(record)
    , m_secret(secret)
{
}

SaveCredentialStoreJob::~SaveCredentialStoreJob()
{
    CredentialStore::wipe(m_secret);
}

void SaveCredentialStoreJob::run()
{
    if (!m_record.space.isValid()) {
        finish(Error::InvalidInput);
        return;
    }
    if (m_record.id.isEmpty()) {
        const auto existing = m_store->activeIndex().find(m_record.space, m_record.user);
        m_record.id = existing ? existing->id : CredentialRecord::newId();
    }
    m_isNew = !m_store->activeIndex().contains(m_record.id);
    if (m_store->isSessionOnly()) {
        m_store->setSessionSecret(m_record.id, m_secret);
        saved();
        return;
    }
    auto *write = new QKeychain::WritePasswordJob(CredentialStore::serviceName());
    write->setKey(m_record.id);
    write->setBinaryData(m_secret);
    runKeychain(write, [this](QKeychain::Job *, Error error) {
        if (error == Error::NotFound) { // cannot happen for a write; never index a secret not stored
            finish(Error::KeychainFailed);
            return;
        }
        saved();
    });
}

void SaveCredentialStoreJob::saved()
{
    CredentialStore::wipe(m_secret);
    if (!m_store) {
        finish(Error::KeychainFailed, QStringLiteral("The credential store was closed before the job finished."));
        return;
    }
    if (m_store->activeIndex().put(m_record)) {
        finish(Error::NoError);
        return;
    }
    if (!m_isNew) {
        finishIndexNotWritten(QStringLiteral("The keychain holds the new secret; the listed details (label, last use) "
                                             "are unchanged."));
        return;
    }
    // A secret no list names could never be seen or deleted: take it out of the keychain again.
    auto *undo = new QKeychain::DeletePasswordJob(CredentialStore::serviceName());
    undo->setKey(m_record.id);
    runKeychain(undo, [this](QKeychain::Job *, Error) {
        finishIndexNotWritten(QStringLiteral("Nothing was stored."));
    });
}
