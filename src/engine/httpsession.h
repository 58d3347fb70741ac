#pragma once

#include "auth/credentialprovider.h"
#include "http/leg.h"

#include <QNetworkProxy>
#include <QObject>

#include <memory>

class AuthCache;
class CookieJar;
class ExchangeJob;
class QNetworkAccessManager;
class TokenProvider;
struct HttpRequest;
struct TokenQuestion;

// What several exchanges share: the network access manager (injected, never global), the cookie
// jar, the proxy. Later also the credential cache of protection spaces.
class HttpSession : public QObject
{
    Q_OBJECT
public:
    // manager is not owned and must outlive the session.
    explicit HttpSession(QNetworkAccessManager *manager, QObject *parent = nullptr);
    ~HttpSession() override;

    QNetworkAccessManager *manager() const { return m_manager; }
    CookieJar *cookieJar() const { return m_cookieJar; }

    // Applies to exchanges started afterwards. QNetworkProxy::NoProxy bypasses the system proxy.
    // The proxy's user and password are kept by the session, not handed to Qt: the engine sends
    // them itself (Proxy-Authorization on http legs) and answers a CONNECT tunnel's 407.
    void setProxy(const QNetworkProxy &proxy);
    QNetworkProxy proxy() const { return m_proxy; }
    // An HTTP proxy (plain or caching): it reads http requests itself and tunnels https.
    bool usesHttpProxy() const
    {
        return m_proxy.type() == QNetworkProxy::HttpProxy || m_proxy.type() == QNetworkProxy::HttpCachingProxy;
    }
    QString proxyUser() const { return m_proxyUser; }
    QByteArray proxyPassword() const { return m_proxyPassword; }
    bool hasProxyCredentials() const { return !m_proxyUser.isEmpty(); }
    // How often the session answered a CONNECT tunnel's proxy challenge (Qt hides that exchange).
    int tunnelProxyAnswers() const { return m_tunnelProxyAnswers; }

    // Qt pools connections by host and port only: a connection opened with TLS verification off
    // would carry a later verified request unchecked. Legs report which kind they are.
    void prepareConnectionFor(bool insecureTls);

    // Credentials that worked in this session, answered up front by later exchanges.
    AuthCache *authCache() const { return m_authCache.get(); }
    // Who to ask when a challenge needs credentials the request did not bring. Not owned; null
    // (the default) means nobody: such an exchange ends with Status::Code::AuthenticationFailed.
    // The provider may revoke what the session remembers (a stored credential was deleted).
    void setCredentialProvider(CredentialProvider *provider);
    CredentialProvider *credentialProvider() const { return m_credentialProvider; }

    // Who answers for OAuth profiles (RequestCredentials::oauthProfile). Not owned; null means an
    // exchange naming a profile ends with Status::Code::NotFound (oauth-profile-not-found).
    void setTokenProvider(TokenProvider *provider) { m_tokenProvider = provider; }
    TokenProvider *tokenProvider() const { return m_tokenProvider; }

    // https legs through an HTTP proxy open a CONNECT tunnel; only while one is being opened may
    // the session answer Qt's proxy challenge (plain-http 407s are answered as legs instead).
    void beginTunnelLeg() { ++m_tunnelLegs; }
    void endTunnelLeg() { --m_tunnelLegs; }

    // A 2xx leg that sent or set cookies (the ExchangeJob reports each); later exchanges carry them
    // in Exchange::cookiesThatWorked. The last MaxCookieLegs are kept.
    void rememberCookiesThatWorked(const Leg &leg);
    QList<Leg> cookiesThatWorked() const { return m_cookiesThatWorked; }
    static constexpr int MaxCookieLegs = 50;

    // A configured, not yet started job, parented to the session unless the caller reparents it.
    ExchangeJob *createExchange(const HttpRequest &request);
    // The same for a token-only exchange (sign in, refresh, revoke a profile): its legs are the
    // token provider's calls; see ExchangeJob's second constructor.
    ExchangeJob *createTokenExchange(const TokenQuestion &question);

private:
    QList<Leg> m_cookiesThatWorked;
    QNetworkAccessManager *m_manager;
    CookieJar *m_cookieJar;
    std::unique_ptr<AuthCache> m_authCache;
    CredentialProvider *m_credentialProvider = nullptr;
    TokenProvider *m_tokenProvider = nullptr;
    std::weak_ptr<CredentialProvider::RevokeRegistry> m_revokeRegistry; // empty once the provider is gone
    int m_tunnelLegs = 0;
    QNetworkProxy m_proxy{QNetworkProxy::NoProxy};
    QString m_proxyUser;
    QByteArray m_proxyPassword;
    int m_tunnelProxyAnswers = 0;
    bool m_insecureConnectionsOpen = false;
};
