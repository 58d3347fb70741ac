#pragma once

#include "grantjob.h"
#include "pkce.h"

class LoopbackRedirectListener;

// RFC 6749 §4.1 with PKCE S256 (RFC 7636) for a native app (RFC 8252): opens the authorization
// URL through the prompter (no prompter: sign-in-required), takes the redirect on a one-shot
// loopback listener, checks state (state-mismatch), maps error=access_denied to
// authorization-denied, then exchanges the code with its code_verifier at the token endpoint.
class AuthorizationCodeGrantJob : public GrantJob
{
    Q_OBJECT
public:
    explicit AuthorizationCodeGrantJob(GrantJob::Context context, QObject *parent = nullptr);
    ~AuthorizationCodeGrantJob() override;

    // How long to wait for the browser's redirect (LoopbackRedirectListener::DefaultTimeoutMs).
    void setRedirectTimeout(int ms) { m_redirectTimeoutMs = ms; }
    // The URL handed to the prompter (valid once start() ran; for tests and the front ends).
    QUrl authorizationUrl() const { return m_authorizationUrl; }

protected:
    void run() override;
    void abort() override;

private:
    void onRedirect();
    void exchangeCode(const QByteArray &code);

    LoopbackRedirectListener *m_listener = nullptr;
    Pkce m_pkce;
    QByteArray m_state;
    QUrl m_redirectUri;
    QUrl m_authorizationUrl;
    int m_redirectTimeoutMs;
};
