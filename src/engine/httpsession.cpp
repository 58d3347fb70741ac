#include "httpsession.h"

#include "auth/authcache.h"
#include "auth/credentialprovider.h"
#include "http/cookiejar.h"
#include "exchangejob.h"

#include <QAuthenticator>
#include <QNetworkAccessManager>

HttpSession::HttpSession(QNetworkAccessManager *manager, QObject *parent)
    : QObject(parent), m_manager(manager), m_cookieJar(new CookieJar(this)), m_authCache(std::make_unique<AuthCache>())
{
    // The engine answers redirects, cookies and authentication itself so every leg is visible;
    // Qt must not do any of it behind our back.
    m_manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_manager->setProxy(m_proxy);
    connect(m_manager, &QNetworkAccessManager::proxyAuthenticationRequired, this,
            [this](const QNetworkProxy &, QAuthenticator *authenticator) {
                // Reached for the CONNECT of an https tunnel, whose headers we cannot set. Answer
                // once per authenticator: a second call means the proxy rejected the credentials.
                if (m_tunnelLegs <= 0 || !hasProxyCredentials() || authenticator->option(QStringLiteral("authscope-answered")).toBool())
                    return;
                authenticator->setOption(QStringLiteral("authscope-answered"), true);
                authenticator->setUser(m_proxyUser);
                authenticator->setPassword(QString::fromUtf8(m_proxyPassword));
                ++m_tunnelProxyAnswers;
            });
}

HttpSession::~HttpSession()
{
    if (const auto registry = m_revokeRegistry.lock()) // the provider may outlive the session, or not
        registry->handlers.remove(this);
}

void HttpSession::setProxy(const QNetworkProxy &proxy)
{
    m_proxy = proxy;
    m_proxyUser = proxy.user();
    m_proxyPassword.fill('\0');
    m_proxyPassword = proxy.password().toUtf8();
    m_proxy.setUser(QString());
    m_proxy.setPassword(QString());
    m_manager->setProxy(m_proxy);
}

void HttpSession::prepareConnectionFor(bool insecureTls)
{
    if (insecureTls) {
        m_insecureConnectionsOpen = true;
    } else if (m_insecureConnectionsOpen) {
        m_manager->clearConnectionCache();
        m_insecureConnectionsOpen = false;
    }
}

void HttpSession::rememberCookiesThatWorked(const Leg &leg)
{
    if (leg.statusCode < 200 || leg.statusCode >= 300 || (leg.cookiesSent.isEmpty() && leg.cookiesSet.isEmpty()))
        return;
    Leg kept;
    kept.index = leg.index;
    kept.method = leg.method;
    kept.url = leg.url;
    kept.statusCode = leg.statusCode;
    kept.reasonPhrase = leg.reasonPhrase;
    kept.cookiesSent = leg.cookiesSent;
    kept.cookiesSet = leg.cookiesSet;
    for (const HeaderField &field : leg.requestHeaders.fields()) {
        if (field.name.compare("Cookie", Qt::CaseInsensitive) == 0)
            kept.requestHeaders.append(field);
    }
    m_cookiesThatWorked.append(kept);
    if (m_cookiesThatWorked.size() > MaxCookieLegs)
        m_cookiesThatWorked.removeFirst();
}

ExchangeJob *HttpSession::createExchange(const HttpRequest &request)
{
    return new ExchangeJob(this, request, this);
}

ExchangeJob *HttpSession::createTokenExchange(const TokenQuestion &question)
{
    return new ExchangeJob(this, question, this);
}

void HttpSession::setCredentialProvider(CredentialProvider *provider)
{
    if (const auto registry = m_revokeRegistry.lock())
        registry->handlers.remove(this);
    m_revokeRegistry.reset();
    m_credentialProvider = provider;
    if (!provider)
        return;
    m_revokeRegistry = provider->revokeRegistry();
    if (const auto registry = m_revokeRegistry.lock()) {
        registry->handlers.insert(this, [this](const ProtectionSpace &space, const QString &user) {
            m_authCache->removeFor(space, user);
        });
    }
}
