#include "transportheaders.h"

#include "contentdecoder.h"

#include <QHostAddress>
#include <QLocale>

static QByteArray hostField(const QUrl &url)
{
    const QString host = url.host();
    QByteArray value;
    QHostAddress address;
    if (address.setAddress(host))
        value = address.protocol() == QAbstractSocket::IPv6Protocol ? '[' + host.toLatin1() + ']'
                                                                    : host.toLatin1();
    else
        value = QUrl::toAce(host);
    // Qt writes the port only when the URL names one explicitly, even a default one.
    if (url.port() != -1)
        value += ':' + QByteArray::number(url.port());
    return value;
}

static QByteArray acceptLanguage()
{
    // Same rule as QHttpNetworkConnectionPrivate::prepareRequest. Computed once: the locale look-up
    // was a visible part of every leg's cost (docs/benchmarks.md), and it does not change under us.
    static const QByteArray value = [] {
        const QString locale = QLocale::system().name().replace(u'_', u'-');
        if (locale == u"C")
            return QByteArrayLiteral("en,*");
        if (locale.startsWith(u"en-"))
            return (locale + u",*").toLatin1();
        return (locale + u",en,*").toLatin1();
    }();
    return value;
}

HeaderList TransportHeaders::predict(const QUrl &url, const HeaderList &explicitFields,
                                     qint64 bodySize, bool viaHttpProxy)
{
    using S = HeaderField::Source;
    HeaderList added;
    if (!explicitFields.contains("Host"))
        added.append("Host", hostField(url), S::Transport);
    if (bodySize >= 0 && !explicitFields.contains("Content-Length"))
        added.append("Content-Length", QByteArray::number(bodySize), S::Transport);
    const QByteArray connection = viaHttpProxy ? QByteArrayLiteral("Proxy-Connection")
                                               : QByteArrayLiteral("Connection");
    if (!explicitFields.contains(connection))
        added.append(connection, "Keep-Alive", S::Transport);
    if (!explicitFields.contains("Accept-Encoding"))
        // LegJob sends it itself so that Qt leaves the body coded: ContentDecoder decodes it.
        added.append("Accept-Encoding", ContentDecoder::acceptedEncodings(), S::Transport);
    if (!explicitFields.contains("Accept-Language"))
        added.append("Accept-Language", acceptLanguage(), S::Transport);
    if (!explicitFields.contains("User-Agent"))
        added.append("User-Agent", "Mozilla/5.0", S::Transport);
    return added;
}

HeaderList TransportHeaders::asSent(const HeaderList &explicitFields, const HeaderList &transport)
{
    HeaderList result;
    for (const HeaderField &f : transport) {
        if (f.name == "Host")
            result.append(f);
    }
    for (const HeaderField &f : explicitFields)
        result.append(f);
    // LegJob sets Accept-Encoding itself (ContentDecoder decodes the body): it goes out with the
    // explicit fields, before those Qt adds.
    for (const HeaderField &f : transport) {
        if (f.name == "Accept-Encoding")
            result.append(f);
    }
    for (const HeaderField &f : transport) {
        if (f.name != "Host" && f.name != "Accept-Encoding")
            result.append(f);
    }
    return result;
}
