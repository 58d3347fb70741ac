#pragma once

#include "core/status.h"

#include <QJsonArray>
#include <QObject>
#include <QString>
#include <QUrl>

class Jwt;
class LegChannel;

// Checks a JWT's signature against an issuer's JSON Web Key Set (RFC 7517) with libcrypto:
// RS256, PS256 (RFC 7518 §3.3, §3.5) and ES256 (§3.4). The keys come from setJwks() or from
// fetch() through a channel (an Acquisition leg); verify() is then synchronous. A key is chosen by
// the token's kid when it has one, else every key of the algorithm's type is tried.
// Used by the token inspector (GUI) and `oauth show`; it never decides whether a token is sent.
class JwksVerifier : public QObject
{
    Q_OBJECT
public:
    enum class Result {
        NotVerified,          // no JWKS (none fetched, or the fetch failed), or not a signed JWT
        Verified,
        SignatureInvalid,     // a key of the kid/type was found and the signature does not match it
        KeyNotFound,          // no key with the token's kid, or none of the algorithm's key type
        UnsupportedAlgorithm, // alg none, HS256 (a shared secret) or anything but RS256/PS256/ES256
    };
    struct Verification
    {
        Result result = Result::NotVerified;
        QString keyId;  // the key that verified it, or the kid that was looked for
        QString detail; // why, in a sentence (no token bytes)
    };

    static constexpr qint64 MaxJwksBytes = 512 * 1024;

    explicit JwksVerifier(QObject *parent = nullptr);
    ~JwksVerifier() override;

    // {"keys":[...]}; false with *error when it is not a JWKS (keys it cannot use are skipped).
    bool setJwks(const QByteArray &json, QString *error);
    // GETs jwksUri through channel; finished() once, then fetchStatus(). start-shaped: never
    // finishes inside the call.
    void fetch(const QUrl &jwksUri, LegChannel *channel);
    Status fetchStatus() const { return m_fetchStatus; }
    bool hasKeys() const { return !m_keys.isEmpty(); }

    Verification verify(const Jwt &jwt) const;
    // "verified", "signature-invalid", "key-not-found", "unsupported-alg", "not-verified".
    static QString resultName(Result result);

signals:
    void finished();

private:
    QJsonArray m_keys;
    Status m_fetchStatus;
    bool m_fetching = false;
};
