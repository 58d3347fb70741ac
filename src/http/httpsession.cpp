#include "httpsession.h"

#include "cookiejar.h"
#include "exchangejob.h"

#include <QNetworkAccessManager>

HttpSession::HttpSession(QNetworkAccessManager *manager, QObject *parent)
    : QObject(parent), m_manager(manager), m_cookieJar(new CookieJar(this))
{
    // The engine answers redirects, cookies and authentication itself so every leg is visible;
    // Qt must not do any of it behind our back.
    m_manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_manager->setProxy(m_proxy);
}

HttpSession::~HttpSession() = default;

void HttpSession::setProxy(const QNetworkProxy &proxy)
{
    m_proxy = proxy;
    m_manager->setProxy(proxy);
}

ExchangeJob *HttpSession::createExchange(const HttpRequest &request)
{
    return new ExchangeJob(this, request, this);
}
