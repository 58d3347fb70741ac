#pragma once

#include <QObject>
#include <QUrl>

// The one rule for "a URL AuthScope can send to": valid, http or https, with a host. Requests,
// redirect targets, stored credentials' origins and both front ends' URL fields all ask here,
// and word the answer themselves.
class HttpUrl
{
    Q_GADGET
public:
    enum class Problem {
        None,
        Malformed,          // QUrl::isValid() is false (empty, or a parse error)
        UnsupportedScheme,  // valid, but neither http nor https
        NoHost,             // http(s), but without a host ("http:///x")
    };
    Q_ENUM(Problem)

    // The first problem found, in the order above.
    static Problem check(const QUrl &url);
    static bool isHttpUrl(const QUrl &url) { return check(url) == Problem::None; }
};
