#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

// A token read as a JSON Web Token (RFC 7519) in JWS compact serialization (RFC 7515 §7.1):
// header and claims decoded, the signature kept for JwksVerifier. Decoding never verifies and
// never fails loudly: an opaque token (no '.') is Opaque, a JWE (five parts) is Encrypted, and
// anything else that does not decode is Malformed with an error and the byte offset in the token
// where decoding stopped. The error text never quotes the token.
class Jwt
{
public:
    enum class Kind { Signed, Encrypted, Opaque, Malformed };

    static Jwt decode(const QByteArray &token);

    Kind kind() const { return m_kind; }
    bool isSigned() const { return m_kind == Kind::Signed; }
    // Malformed only: what is wrong, and the offset in the token (0-based) where it was found.
    QString error() const { return m_error; }
    int errorPosition() const { return m_errorPosition; }

    QJsonObject header() const { return m_header; }
    QJsonObject claims() const { return m_claims; }
    QString algorithm() const;  // header "alg"
    QString keyId() const;      // header "kid", empty when absent
    // RFC 7519 §4.1.4-6 NumericDate claims, in UTC; invalid when the claim is absent.
    QDateTime expiresAt() const { return m_expiresAt; }
    QDateTime issuedAt() const { return m_issuedAt; }
    QDateTime notBefore() const { return m_notBefore; }

    // What the signature covers (ASCII header.payload) and the signature's bytes (RFC 7515 §5.2).
    QByteArray signingInput() const { return m_signingInput; }
    QByteArray signature() const { return m_signature; }

private:
    void fail(const QString &message, int position);

    Kind m_kind = Kind::Malformed;
    QString m_error;
    int m_errorPosition = -1;
    QJsonObject m_header;
    QJsonObject m_claims;
    QDateTime m_expiresAt;
    QDateTime m_issuedAt;
    QDateTime m_notBefore;
    QByteArray m_signingInput;
    QByteArray m_signature;
};
