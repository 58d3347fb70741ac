#pragma once

#include "core/status.h"
#include "auth/credential.h"
#include "http/httprequest.h"

#include <QObject>
#include <QPointer>

class CredentialStore;

// Turns a request's reference to a stored credential (RequestCredentials::storedId) into the
// values the engine sends: user and password, bearer token, or API key (whose name is the
// record's user). Done just before sending, so the secret lives only in the in-flight copy.
// Refuses a credential stored for another origin: it is bound to its protection space.
// Job shape: start(), then exactly one finished(), never inside start().
class StoredCredentialResolver : public QObject
{
    Q_OBJECT
public:
    // The store is not owned and must outlive the job.
    StoredCredentialResolver(CredentialStore *store, const HttpRequest &request, QObject *parent = nullptr);
    ~StoredCredentialResolver() override;

    void start();
    // Valid after finished(): the request with its credentials filled in (unchanged without a
    // storedId), and Ok, NotFound, InvalidInput (another origin) or KeychainError.
    HttpRequest request() const { return m_request; }
    // Hands the request over and wipes this job's copy of the secret.
    HttpRequest takeRequest();
    Status status() const { return m_status; }
    // The same credential as a value (kind, user or API key name, secret); the caller wipes it.
    Credential takeCredential();

signals:
    void finished();

private:
    void done(const Status &status);

    QPointer<CredentialStore> m_store;
    HttpRequest m_request;
    Credential m_credential;
    Status m_status;
    bool m_started = false;
};
