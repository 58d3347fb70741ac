#pragma once

#include "credentialstorejob.h"

#include <QStringList>

// Removes every indexed secret from the keychain one by one, each index record after its secret,
// and wipes the session memory. On a keychain failure it stops and reports it; the records not
// yet removed stay in the index so the user can retry. In session-only mode the keychain and the
// settings index are left alone. Made by CredentialStore::forgetAll().
class ForgetCredentialsJob : public CredentialStoreJob
{
    Q_OBJECT
private:
    friend class CredentialStore;
    explicit ForgetCredentialsJob(CredentialStore *store);
    void run() override;
    void removeNext();

    QStringList m_pending;
};
