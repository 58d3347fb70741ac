#pragma once

#include "digestalgorithm.h"
#include "http/authcomputation.h"

// Computes Digest's hashes (RFC 7616 §3.4 and §3.5, RFC 2069 without qop) and records each one
// as a ComputationStep: the formula in the RFC's words, the exact bytes hashed (the password as
// AuthComputation::passwordPlaceholder()) and the hex result. DigestScheme answers and checks
// rspauth through it, so what is shown is what was sent.
class DigestComputation
{
public:
    explicit DigestComputation(const DigestAlgorithm &algorithm);

    // §3.4.4: H(unq(username) ":" unq(realm)), sent as the user name when userhash=true.
    QByteArray userHash(const QByteArray &user, const QByteArray &realm);
    // §3.4.2: H(A1) with A1 = unq(username) ":" unq(realm) ":" passwd. A secret value.
    QByteArray ha1(const QByteArray &user, const QByteArray &realm, const QByteArray &password);
    // §3.4.2 for -sess: H(H(A1) ":" unq(nonce) ":" unq(cnonce)). A secret value.
    QByteArray sessionHa1(const QByteArray &ha1, const QByteArray &nonce, const QByteArray &cnonce);
    // §3.4.3 for auth-int: H(entity-body). Bodies over bodyInputLimit are hashed but not kept.
    QByteArray bodyHash(const QByteArray &body);
    // §3.4.3: H(Method ":" request-uri [":" H(entity-body)]); an empty bodyHash leaves it out.
    QByteArray ha2(const QByteArray &method, const QByteArray &uri, const QByteArray &bodyHash);
    // §3.5: H(":" request-uri), the A2 of rspauth (its method is empty).
    QByteArray rspauthHa2(const QByteArray &uri);
    // §3.4.1: KD(H(A1), unq(nonce) ":" nc ":" unq(cnonce) ":" unq(qop) ":" H(A2)); without qop
    // (RFC 2069) KD(H(A1), unq(nonce) ":" H(A2)). name is "response" or "rspauth".
    QByteArray response(const QString &name, const QByteArray &ha1, const QByteArray &nonce, const QByteArray &nc,
                        const QByteArray &cnonce, const QByteArray &qop, const QByteArray &ha2);

    // Marks the last step as the check of the server's value (rspauth).
    void checkLastStep(const QByteArray &serverValue);

    AuthComputation &computation() { return m_computation; }

    static constexpr qint64 BodyInputLimit = 64 * 1024;

private:
    QByteArray record(const QString &name, const QString &formula, const QByteArray &input,
                      const QByteArray &hashed, bool secret = false);
    QString h(const QString &argument) const;

    DigestAlgorithm m_algorithm;
    AuthComputation m_computation;
};
