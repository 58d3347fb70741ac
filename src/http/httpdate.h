#pragma once

#include <QByteArray>
#include <QDateTime>

// RFC 9110 §5.6.7 IMF-fixdate, the form of Date, Expires, Last-Modified and Retry-After's date:
// "Sun, 06 Nov 1994 08:49:37 GMT". Day and month names are English whatever the locale.
class HttpDate
{
public:
    // In UTC; invalid when the value is not an IMF-fixdate (the obsolete RFC 850 and asctime
    // forms are not read: no server of ours sends them).
    static QDateTime parse(const QByteArray &value);
    static QByteArray format(const QDateTime &time);
};
