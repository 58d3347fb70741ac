#pragma once

#include "http/headerlist.h"

#include <QByteArray>
#include <QHostAddress>
#include <QUrl>
#include <QUrlQuery>

// One request as the lab server read it off the wire.
struct LabRequest
{
    QByteArray method;
    QByteArray target;         // the request-target as sent: "/basic?x=1" or "http://127.0.0.1:8642/basic"
    QByteArray version;        // "HTTP/1.1"
    // absolute-form target (RFC 9112 §3.2.2): the client uses the lab as its HTTP proxy.
    bool viaProxy = false;
    QUrl url;                  // the target resolved against the lab's origin (absolute-form as sent)
    HeaderList headers;        // as received, in order (HeaderField::Source::User)
    QByteArray body;           // de-chunked
    QHostAddress peer;         // the caller's address (the IP-allowlist lesson reads it)
    quint16 localPort = 0;

    QByteArray header(const QByteArray &name) const { return headers.value(name); }
    bool hasHeader(const QByteArray &name) const { return headers.contains(name); }
    QString path() const { return url.path(); }
    QUrlQuery query() const { return QUrlQuery(url); }
    // The number in a query parameter (?ttl=5), clamped to [low, high]; fallback when absent or not a number.
    int queryNumber(const QString &name, int fallback, int low, int high) const
    {
        bool ok = false;
        const int value = query().queryItemValue(name).toInt(&ok);
        return ok ? qBound(low, value, high) : fallback;
    }
    // "http://127.0.0.1:8642": the origin the request was made to (for links and redirects).
    QString origin() const
    {
        return url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo)
            .toString(QUrl::FullyEncoded);
    }
    // application/x-www-form-urlencoded body fields (token endpoint, login form).
    QUrlQuery form() const { return QUrlQuery(QString::fromUtf8(body).replace(QLatin1Char('+'), QLatin1Char(' '))); }
};
