#pragma once

#include "credentialstorejob.h"
#include "credentialrecord.h"

#include <QByteArray>

// Reads one secret by record id and marks the record as used now. Made by CredentialStore::load().
class LoadCredentialStoreJob : public CredentialStoreJob
{
    Q_OBJECT
public:
    ~LoadCredentialStoreJob() override;

    QString id() const { return m_id; }
    // Off for "reveal" and "show": reading a secret to look at it is not using it (default on).
    void setMarkUsed(bool markUsed) { m_markUsed = markUsed; }
    // Valid once finished() reported NoError. The job wipes its copy when deleted; wipe yours
    // (CredentialStore::wipe) when done with it.
    CredentialRecord record() const { return m_record; }
    QByteArray secret() const { return m_secret; }

private:
    friend class CredentialStore;
    LoadCredentialStoreJob(CredentialStore *store, const QString &id);
    void run() override;
    void loaded(const QByteArray &secret);

    QString m_id;
    CredentialRecord m_record;
    QByteArray m_secret;
    bool m_markUsed = true;
};
