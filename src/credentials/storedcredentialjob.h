#pragma once

#include "auth/credentialprovider.h"
#include "credentialrecord.h"

#include <QPointer>

class StoredCredentialProvider;

// One question answered by StoredCredentialProvider: tries the stored candidates in turn (most
// recently used first), then hands the question to the front end's job and relays its answer.
// A request that references a stored credential by id is resolved from the store alone.
class StoredCredentialJob : public CredentialJob
{
    Q_OBJECT
public:
    StoredCredentialJob(StoredCredentialProvider *provider, const CredentialRequest &request,
                        QObject *parent = nullptr);
    ~StoredCredentialJob() override;

private:
    void run() override;
    // CredentialRequest::storedId: the referenced record, or why not (never asks the user).
    void resolveStoredId();
    void tryNextCandidate();
    void askUser();
    void onAskerFinished();

    QPointer<StoredCredentialProvider> m_provider;
    QList<CredentialRecord> m_candidates;
    QPointer<CredentialJob> m_asking;
};
