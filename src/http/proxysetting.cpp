#include "proxysetting.h"

#include "httpurl.h"

#include <QNetworkProxyFactory>
#include <QNetworkProxyQuery>

QNetworkProxy ProxySetting::toNetworkProxy(const QUrl &target) const
{
    switch (mode) {
    case Mode::Url: {
        // An https:// proxy URL names a proxy reached over TLS; Qt speaks plain HTTP to proxies, the
        // scheme only picks the default port (RFC 9110 §4.2: 80 and 443).
        const int port = url.port(url.scheme() == u"https" ? 443 : 80);
        QNetworkProxy proxy(QNetworkProxy::HttpProxy, url.host(), quint16(port));
        proxy.setUser(url.userName());
        return proxy;
    }
    case Mode::System: {
        const QList<QNetworkProxy> found = QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(target));
        for (const QNetworkProxy &proxy : found) {
            // Only what the engine can drive: an HTTP proxy or none (DefaultProxy means none here).
            if (proxy.type() == QNetworkProxy::HttpProxy || proxy.type() == QNetworkProxy::HttpCachingProxy) {
                QNetworkProxy kept(QNetworkProxy::HttpProxy, proxy.hostName(), proxy.port());
                kept.setUser(proxy.user()); // a password from the environment stays out: a 407 asks for it
                return kept;
            }
        }
        return QNetworkProxy(QNetworkProxy::NoProxy);
    }
    case Mode::None:
    case Mode::Default:
        break;
    }
    return QNetworkProxy(QNetworkProxy::NoProxy);
}

QString ProxySetting::toString() const
{
    switch (mode) {
    case Mode::Default:
        return QStringLiteral("default");
    case Mode::None:
        return QStringLiteral("none");
    case Mode::System:
        return QStringLiteral("system");
    case Mode::Url:
        return url.toString(QUrl::RemovePassword | QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment
                            | QUrl::StripTrailingSlash);
    }
    return {};
}

bool ProxySetting::fromString(const QString &text, ProxySetting *setting, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const QString trimmed = text.trimmed();
    ProxySetting read;
    if (trimmed.compare(QLatin1String("default"), Qt::CaseInsensitive) == 0) {
        read.mode = Mode::Default;
    } else if (trimmed.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0) {
        read.mode = Mode::None;
    } else if (trimmed.compare(QLatin1String("system"), Qt::CaseInsensitive) == 0) {
        read.mode = Mode::System;
    } else {
        if (trimmed.isEmpty())
            return fail(QStringLiteral("No proxy given: use none, system, default or http://host:port"));
        const QUrl url(trimmed, QUrl::StrictMode);
        if (!HttpUrl::isHttpUrl(url))
            return fail(QStringLiteral("Not a proxy URL: %1 (use http://host:port or https://host:port)").arg(trimmed));
        if (!url.password().isEmpty())
            return fail(QStringLiteral("The proxy URL holds a password: leave it out, AuthScope asks for it when the "
                                       "proxy answers 407 (and may keep it in the keychain)"));
        if ((!url.path().isEmpty() && url.path() != u"/") || url.hasQuery() || url.hasFragment())
            return fail(QStringLiteral("A proxy URL has no path, query or fragment: %1").arg(trimmed));
        read.mode = Mode::Url;
        read.url = url.adjusted(QUrl::RemovePath | QUrl::StripTrailingSlash);
        read.url.setScheme(url.scheme().toLower());
    }
    if (setting)
        *setting = read;
    return true;
}

ProxySetting ProxySetting::fromNetworkProxy(const QNetworkProxy &proxy)
{
    ProxySetting setting;
    setting.mode = Mode::None;
    if (proxy.type() != QNetworkProxy::HttpProxy && proxy.type() != QNetworkProxy::HttpCachingProxy)
        return setting;
    setting.mode = Mode::Url;
    setting.url.setScheme(QStringLiteral("http"));
    setting.url.setHost(proxy.hostName());
    setting.url.setPort(proxy.port());
    return setting;
}
