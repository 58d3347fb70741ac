#pragma once

#include <QNetworkProxy>
#include <QObject>

class CookieJar;
class ExchangeJob;
class QNetworkAccessManager;
struct HttpRequest;

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
    void setProxy(const QNetworkProxy &proxy);
    QNetworkProxy proxy() const { return m_proxy; }

    // A configured, not yet started job, parented to the session unless the caller reparents it.
    ExchangeJob *createExchange(const HttpRequest &request);

private:
    QNetworkAccessManager *m_manager;
    CookieJar *m_cookieJar;
    QNetworkProxy m_proxy{QNetworkProxy::NoProxy};
};
