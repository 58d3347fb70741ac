#include "digestlab.h"

#include "labbasicauth.h"
#include "lablessonpath.h"

namespace {

using Nonces = LabDigestServer::Offer::Nonces;

struct DigestLesson
{
    const char *slug;          // the path below /digest/, and the id after "digest-"
    const char *title;
    QList<QByteArray> algorithms;
    QByteArray qop;
    bool userhash;
    Nonces nonces;
    const char *lesson;
    const char *expected;
    QStringList extraArguments; // after -u
    int tourOrder;
};

const QString Group = QStringLiteral("Digest");

// Everything but the password is checked the same way; the lessons differ in what the server offers.
const QList<DigestLesson> &lessons()
{
    static const QList<DigestLesson> table{
        {"md5", "Digest: MD5", {"MD5"}, "auth", false, Nonces::Fresh,
         "Digest never sends the password: the server's 401 carries a nonce, and the client answers with "
         "response = MD5(HA1:nonce:nc:cnonce:qop:HA2), HA1 = MD5(user:realm:password), HA2 = MD5(method:uri) "
         "(RFC 7616 §3.4.1). Look at leg 2's Digest computation (each step with its formula and input), and at "
         "the 200's Authentication-Info: rspauth proves the server knows the password too (§3.5).",
         "", {}, 40},
        {"sha-256", "Digest: SHA-256", {"SHA-256"}, "auth", false, Nonces::Fresh,
         "The same handshake with algorithm=SHA-256 (RFC 7616 §3.3): every hash is SHA-256, 64 hex digits. "
         "Look at the challenge's algorithm parameter and at the computation on leg 2.",
         "", {}, 50},
        {"sha-512-256", "Digest: SHA-512-256", {"SHA-512-256"}, "auth", false, Nonces::Fresh,
         "algorithm=SHA-512-256 (RFC 7616 §3.3, §6.1): SHA-512/256 of FIPS 180-4, with its own initial values, "
         "not SHA-512 cut to 256 bits. Few clients get it right (curl 7.88 names SHA-512-256 but hashes with SHA-256, "
         "and this lab refuses it); look at the algorithm and the hashes on leg 2.",
         "", {}, -1},
        {"md5-sess", "Digest: MD5-sess", {"MD5-sess"}, "auth", false, Nonces::Fresh,
         "The -sess variants (RFC 7616 §3.4.2) hash the nonce and cnonce into HA1: "
         "HA1 = MD5(MD5(user:realm:password):nonce:cnonce), so a server may keep H(user:realm:password) and "
         "hand out a session key. Look at HA1's two steps in leg 2's computation.",
         "", {}, -1},
        {"sha-256-sess", "Digest: SHA-256-sess", {"SHA-256-sess"}, "auth", false, Nonces::Fresh,
         "SHA-256-sess: the session variant (RFC 7616 §3.4.2) with SHA-256. Look at HA1 in leg 2's computation.",
         "", {}, -1},
        {"auth-int", "Digest: qop=auth-int", {"SHA-256"}, "auth-int", false, Nonces::Fresh,
         "qop=auth-int (RFC 7616 §3.4.3) protects the body too: HA2 = H(method:uri:H(body)). The lesson's "
         "request is a POST with a form body; change one byte of the body without recomputing and the server "
         "refuses. Look at HA2 in leg 2's computation.",
         "", {QStringLiteral("-d"), QStringLiteral("message=hello")}, -1},
        {"userhash", "Digest: userhash", {"SHA-256"}, "auth", true, Nonces::Fresh,
         "userhash=true (RFC 7616 §3.4.4): the client sends username = H(user:realm) instead of the name, so "
         "an eavesdropper does not learn who logged in. Look at the username parameter of leg 2's Authorization: "
         "64 hex digits, not \"alice\".",
         "", {}, -1},
        {"rfc2069", "Digest: RFC 2069 (no qop)", {"MD5"}, "", false, Nonces::Fresh,
         "The challenge has no qop: the client falls back to RFC 2069's response = MD5(HA1:nonce:HA2), "
         "without nc and cnonce (RFC 7616 §3.4.1 keeps it for compatibility). Weaker: no client nonce, "
         "no replay counter. Look at leg 2's Authorization: no qop, nc or cnonce.",
         "", {}, -1},
        {"sha-256-or-md5", "Digest: SHA-256 or MD5 offered", {"SHA-256", "MD5"}, "auth", false, Nonces::Fresh,
         "The 401 carries two Digest challenges, SHA-256 first and MD5 second, as RFC 7616's example §3.9.1 does "
         "for a server that still serves old clients; the client answers the strongest it supports (§3.7). Look "
         "at leg 1's two challenges and the algorithm leg 2 answered (SHA-256).",
         "", {}, 55},
        {"wrong-password", "Digest: wrong password", {"SHA-256"}, "auth", false, Nonces::Fresh,
         "The server recomputes the response with alice's real password and gets another value: 401 with a "
         "fresh challenge (stale is absent: the nonce was fine, the password was not). Look at leg 2 and the "
         "diagnosis credentials-rejected (RFC 7616 §3.4.1: the server computes the same response and compares).",
         "credentials-rejected", {}, -1},
        {"stale", "Digest: stale nonce, retried", {"SHA-256"}, "auth", false, Nonces::FirstExpired,
         "Nonces expire. Here the first challenge's nonce has expired by the time it is answered (as when a "
         "client reuses a nonce from earlier): the server answers 401 with stale=true and a new nonce (RFC 7616 "
         "§3.3), which says the credentials were right. The client answers the new nonce without asking: three "
         "legs, 401, 401 stale=true, 200. Look at leg 3's note stale-nonce-retry. Any Digest lesson's path takes "
         "?ttl=S or ?uses=N (nonces good for S seconds or N answers): send it twice and the second request's "
         "cached answer goes stale.",
         "", {}, 60},
        {"nonce-always-stale", "Digest: nonce always stale", {"SHA-256"}, "auth", false, Nonces::AlwaysExpired,
         "A misconfigured server whose nonces expire before any answer can arrive (a lifetime of 0): every "
         "answer gets stale=true and a new nonce (RFC 7616 §3.3). The client retries twice with the same credentials, then "
         "gives up. Look at the repeated stale=true challenges and the diagnosis stale-nonce: the password "
         "is right, the server's nonce lifetime is the problem.",
         "stale-nonce", {}, -1},
    };
    return table;
}

const DigestLesson *lessonFor(const QString &slug)
{
    for (const DigestLesson &lesson : lessons()) {
        if (slug == QLatin1String(lesson.slug))
            return &lesson;
    }
    return nullptr;
}

LabDigestServer::Offer offerOf(const DigestLesson &lesson)
{
    LabDigestServer::Offer offer;
    offer.realm = QByteArray(lesson.slug) + "@authscope.lab";
    offer.algorithms = lesson.algorithms;
    offer.qop = lesson.qop;
    offer.userhash = lesson.userhash;
    offer.nonces = lesson.nonces;
    return offer;
}

} // namespace

DigestLab::DigestLab() = default;
DigestLab::~DigestLab() = default;

QList<LabScenario> DigestLab::scenarios() const
{
    QList<LabScenario> all;
    for (const DigestLesson &lesson : lessons()) {
        const bool wrong = QByteArray(lesson.slug) == "wrong-password";
        QStringList arguments{QStringLiteral("-u"), wrong ? QStringLiteral("alice:looking-glass") : QStringLiteral("alice:wonderland"),
                              QStringLiteral("--auth"), QStringLiteral("digest")};
        arguments += lesson.extraArguments;
        if (*lesson.expected)
            arguments << QStringLiteral("--no-prompt");
        all.append(LabScenario{QStringLiteral("digest-") + QLatin1String(lesson.slug),
                               QStringLiteral("/digest/") + QLatin1String(lesson.slug) + QLatin1Char('/'), Group,
                               QString::fromUtf8(lesson.title), QString::fromUtf8(lesson.lesson),
                               QStringLiteral("alice / wonderland"), QString::fromLatin1(lesson.expected), arguments,
                               lesson.tourOrder});
    }
    return all;
}

bool DigestLab::respond(const LabRequest &request, LabResponse *response)
{
    const DigestLesson *lesson = lessonFor(LabLessonPath::of(request, QLatin1String("/digest/")));
    if (!lesson)
        return false;
    LabDigestServer::Offer offer = offerOf(*lesson);
    // ?ttl=S and ?uses=N: nonces that go stale after S seconds or N answers, to see a session's
    // cached answer refused with stale=true and answered again.
    offer.nonceLifetimeMs = request.queryNumber(QStringLiteral("ttl"), int(offer.nonceLifetimeMs / 1000), 0, 3600) * qint64(1000);
    offer.nonceUses = request.queryNumber(QStringLiteral("uses"), 0, 0, 1000);
    const QHash<QString, QString> users{{LabBasicAuth::demoUser(), LabBasicAuth::demoPassword()}};
    const LabDigestServer::Verdict verdict = m_server.verify(request, offer, users);
    if (verdict.outcome != LabDigestServer::Verdict::Outcome::Accepted) {
        *response = m_server.refusal(offer, verdict);
        return true;
    }
    *response = LabBasicAuth::welcome(verdict.user, QString::fromLatin1(lesson->slug));
    if (!verdict.authenticationInfo.isEmpty())
        response->setHeader("Authentication-Info", verdict.authenticationInfo);
    return true;
}
