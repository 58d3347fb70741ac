#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QUrl>

// Where credentials belong (RFC 9110 §11.5): origin or proxy, scheme and realm. Credentials are
// only ever sent to the space they were given for.
struct ProtectionSpace
{
    bool proxy = false;
    QByteArray scheme;   // lower case: "basic", "digest", "bearer"
    QString origin;      // "https://host:443" (for a proxy: "http://proxyhost:3128")
    QString realm;

    static QString originOf(const QUrl &url);
    static bool isSameOrigin(const QUrl &a, const QUrl &b);
    // localhost, *.localhost (RFC 6761) or a loopback address: what goes there crosses no network.
    static bool isLoopbackHost(const QString &host);

    bool isValid() const { return !scheme.isEmpty() && !origin.isEmpty(); }
    QString toDisplayString() const;
    bool operator==(const ProtectionSpace &o) const
    {
        return proxy == o.proxy && scheme == o.scheme && origin == o.origin && realm == o.realm;
    }
    bool operator!=(const ProtectionSpace &o) const { return !(*this == o); }
};

inline size_t qHash(const ProtectionSpace &s, size_t seed = 0)
{
    return qHashMulti(seed, s.proxy, s.scheme, s.origin, s.realm);
}
