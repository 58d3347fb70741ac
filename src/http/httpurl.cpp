#include "httpurl.h"

HttpUrl::Problem HttpUrl::check(const QUrl &url)
{
    if (!url.isValid())
        return Problem::Malformed;
    // Schemes are case-insensitive (RFC 3986 §3.1).
    const QString scheme = url.scheme().toLower();
    if (scheme != u"http" && scheme != u"https")
        return Problem::UnsupportedScheme;
    if (url.host().isEmpty())
        return Problem::NoHost;
    return Problem::None;
}
