#pragma once

#include "credentialstorejob.h"
#include "credentialrecord.h"

#include <QByteArray>

// Writes one secret to the keychain (or session memory), then records it in the index. If the
// keychain write fails the index is left exactly as it was. Made by CredentialStore::save().
class SaveCredentialStoreJob : public CredentialStoreJob
{
    Q_OBJECT
public:
    ~SaveCredentialStoreJob() override;

    // The record as saved, with its id; valid once finished() reported NoError.
    CredentialRecord record() const { return m_record; }

private:
    friend class CredentialStore;
    SaveCredentialStoreJob(CredentialStore *store, const CredentialRecord &record, const QByteArray &secret);
    void run() override;
    void saved();

    CredentialRecord m_record;
    QByteArray m_secret;
    bool m_isNew = true;
};
