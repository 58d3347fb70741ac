#include "protectionspace.h"

#include <QHostAddress>

QString ProtectionSpace::originOf(const QUrl &url)
{
    // On every leg's path: concatenation, not arg().
    const QString scheme = url.scheme().toLower();
    const int port = url.port(scheme == u"https" ? 443 : 80);
    QString host = url.host().toLower();
    if (host.contains(u':'))
        host = u'[' + host + u']';
    return scheme + u"://" + host + u':' + QString::number(port);
}

bool ProtectionSpace::isSameOrigin(const QUrl &a, const QUrl &b)
{
    return originOf(a) == originOf(b);
}

bool ProtectionSpace::isLoopbackHost(const QString &host)
{
    const QString h = host.toLower();
    if (h == u"localhost" || h.endsWith(u".localhost"))
        return true;
    const QHostAddress address(h);
    return !address.isNull() && address.isLoopback();
}

QString ProtectionSpace::toDisplayString() const
{
    return QStringLiteral("%1 %2 realm \"%3\" at %4")
            .arg(proxy ? QStringLiteral("proxy") : QStringLiteral("server"),
                 QString::fromLatin1(scheme), realm, origin);
}
