#pragma once

#include <QNetworkCookie>
#include <QNetworkCookieJar>

// The session's cookie jar. The engine applies it itself (Qt's automatic cookie handling is off)
// so each leg can show exactly which cookies it sent and which it received.
class CookieJar : public QNetworkCookieJar
{
    Q_OBJECT
public:
    using QNetworkCookieJar::QNetworkCookieJar;

    QList<QNetworkCookie> cookies() const { return allCookies(); }
    void clear();
    // The Cookie field value for url ("a=1; b=2"), empty when none apply.
    QByteArray cookieHeaderFor(const QUrl &url) const;

signals:
    void changed();

protected:
    bool insertCookie(const QNetworkCookie &cookie) override;
    bool deleteCookie(const QNetworkCookie &cookie) override;
};
