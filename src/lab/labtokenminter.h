#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

// The lab's access tokens: JSON Web Tokens (RFC 7519) signed with HS256 (RFC 7518 §3.2) under a
// fixed demo key that the lessons print. Signed, not unsigned ("alg":"none"), so that a token
// edited by hand is refused like on a real server, and a learner can check a signature with the
// printed key. The key protects nothing but the lab: never use it anywhere else.
class LabTokenMinter
{
public:
    static QByteArray demoKey();          // "authscope-lab-demo-key"
    static QString issuer();              // "authscope-lab"
    static QString audience();            // "lab-api": the audience the lab's resources accept

    // A compact JWS of the claims (header {"alg":"HS256","typ":"JWT"}).
    static QByteArray mint(const QJsonObject &claims);
    // Claims of a token for the lab's API: iss, sub, aud, scope, iat, exp (and nbf when valid).
    static QJsonObject claims(const QString &subject, const QString &scope, const QDateTime &issuedAt,
                              const QDateTime &expiresAt, const QString &audience = LabTokenMinter::audience(),
                              const QDateTime &notBefore = QDateTime());

    // bytes random bytes, base64url: the opaque secrets of the lab (refresh tokens, codes, session ids).
    static QByteArray randomToken(int bytes);

    // Why a resource refuses a token, or Valid. Checked in this order: shape, signature, exp, nbf, aud.
    enum class Verdict { Valid, Malformed, BadSignature, Expired, NotYetValid, WrongAudience };
    // *claims gets the token's claims once the signature verifies.
    static Verdict check(const QByteArray &token, const QString &audience, const QDateTime &now,
                         QJsonObject *claims = nullptr);
};
