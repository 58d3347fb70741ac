#pragma once

#include "labrequest.h"
#include "labresponse.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

// The server side of Digest (RFC 7616) for the lab's lessons, written apart from the client's
// DigestScheme so the lab does not prove the client with the client's own code: it issues nonces,
// builds challenges and checks an Authorization against a user table (src/auth's DigestAlgorithm
// only supplies the hash functions). Nonces live in memory for the life of the lab.
class LabDigestServer
{
public:
    static constexpr qint64 NonceLifetimeMs = 5 * 60 * 1000;

    // What one lesson offers.
    struct Offer
    {
        QByteArray realm;
        QList<QByteArray> algorithms{"MD5"};  // one challenge each, strongest first as RFC 7616 §3.9.1 does
        QByteArray qop = "auth";               // "auth", "auth-int", "auth, auth-int"; empty: RFC 2069 (no qop)
        bool userhash = false;                 // RFC 7616 §3.4.4
        enum class Nonces {
            Fresh,         // a nonce stays good for NonceLifetimeMs
            FirstExpired,  // the nonce of the first challenge has expired by the time it is answered
            AlwaysExpired, // every nonce has expired by the time it is answered (lifetime 0)
        } nonces = Nonces::Fresh;
        qint64 nonceLifetimeMs = NonceLifetimeMs; // Fresh nonces: how long one is good for
        int nonceUses = 0;                        // Fresh nonces: how many answers one is good for; 0: any
    };

    struct Verdict
    {
        enum class Outcome { None, Malformed, Rejected, Stale, Accepted };
        Outcome outcome = Outcome::None;
        QString user;              // Accepted: who
        QString why;               // a sentence for the response body
        QByteArray authenticationInfo; // Accepted with qop: the Authentication-Info field (rspauth)
    };

    // users: name -> password.
    Verdict verify(const LabRequest &request, const Offer &offer, const QHash<QString, QString> &users);
    // The challenge for one algorithm, with a new nonce: `Digest realm="...", qop="auth", ...`.
    QByteArray challenge(const Offer &offer, const QByteArray &algorithm, bool stale = false);
    // 401 with one WWW-Authenticate field per offered algorithm (stale=true on each when stale).
    LabResponse unauthorized(const Offer &offer, const QString &why, bool stale = false);
    // The answer a lesson gives to a verdict that is not Accepted: 400 for a malformed field,
    // 401 with fresh challenges otherwise.
    LabResponse refusal(const Offer &offer, const Verdict &verdict);

private:
    struct Nonce
    {
        qint64 issuedMs = 0;
        bool expired = false; // issued already expired (the stale lessons)
        qint64 lifetimeMs = NonceLifetimeMs;
        int maxUses = 0;      // 0: any number of answers
        int uses = 0;
    };
    QByteArray newNonce(const Offer &offer, bool stale);
    QHash<QByteArray, Nonce> m_nonces;
};
