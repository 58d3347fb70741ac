#pragma once

#include "credentialstorejob.h"

// Deletes one secret from the keychain (or session memory), then its index record. A keychain
// that no longer has the entry counts as removed. Made by CredentialStore::remove().
class RemoveCredentialStoreJob : public CredentialStoreJob
{
    Q_OBJECT
public:
    QString id() const { return m_id; }

private:
    friend class CredentialStore;
    RemoveCredentialStoreJob(CredentialStore *store, const QString &id);
    void run() override;

    QString m_id;
};
