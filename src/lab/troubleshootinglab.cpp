#include "troubleshootinglab.h"

#include "labbasicauth.h"
#include "lablessonpath.h"

#include <QDateTime>
#include <QJsonObject>

namespace {

const QString Group = QStringLiteral("Troubleshooting");
const QString Alice = QStringLiteral("alice / wonderland");
const QString Allowlist = QStringLiteral("10.20.0.0/16");

QStringList alice(const QString &password = QStringLiteral("wonderland"))
{
    return {QStringLiteral("-u"), QStringLiteral("alice:") + password, QStringLiteral("--no-prompt")};
}

LabDigestServer::Offer digestOffer(const QByteArray &realm)
{
    LabDigestServer::Offer offer;
    offer.realm = realm;
    offer.algorithms = {"SHA-256"};
    return offer;
}

} // namespace

TroubleshootingLab::TroubleshootingLab() = default;
TroubleshootingLab::~TroubleshootingLab() = default;

QList<LabScenario> TroubleshootingLab::scenarios() const
{
    return {
        LabScenario{QStringLiteral("two-challenges-one-field"), QStringLiteral("/troubleshoot/two-challenges/"), Group,
                    QStringLiteral("Two challenges in one field"),
                    QStringLiteral("One WWW-Authenticate field carries two challenges, Digest and Basic, separated by a "
                                   "comma (RFC 9110 §11.6.1 allows a list). The client must split them correctly and "
                                   "answer the strongest: Digest. Look at leg 1's parsed challenges and the scheme "
                                   "leg 2 answered."),
                    Alice, QString(), alice(), 65},
        LabScenario{QStringLiteral("two-challenges-two-fields"), QStringLiteral("/troubleshoot/two-challenge-fields/"), Group,
                    QStringLiteral("Two challenges in two fields"),
                    QStringLiteral("Two WWW-Authenticate fields, Basic first and Digest second (RFC 9110 §5.3: "
                                   "repeated fields are one list, and AuthScope shows them joined with a comma as Qt "
                                   "hands them over). The order says nothing about preference: the client still "
                                   "answers Digest, the stronger. Look at leg 1's challenges and leg 2's Authorization."),
                    Alice, QString(), alice(), -1},
        LabScenario{QStringLiteral("challenge-parse-errors"), QStringLiteral("/troubleshoot/parse-errors/"), Group,
                    QStringLiteral("A challenge with parse errors"),
                    QStringLiteral("The WWW-Authenticate field is partly broken: a parameter without a value, a "
                                   "repeated realm, junk after a quoted string. A robust client skips the broken "
                                   "parts up to the next comma and reads the rest (RFC 9110 §11.6.1 grammar); the "
                                   "first realm counts. Look at leg 1's challenge notes (where each error is) and "
                                   "the Digest answer on leg 2."),
                    Alice, QString(), alice(), -1},
        LabScenario{QStringLiteral("realm-mismatch"), QStringLiteral("/troubleshoot/realm-mismatch/"), Group,
                    QStringLiteral("Realm mismatch"),
                    QStringLiteral("The first challenge names realm \"staging\"; the answer with alice's credentials "
                                   "gets a new challenge for realm \"production\" (a gateway and the service behind "
                                   "it asking for different accounts). Credentials belong to a protection space, "
                                   "origin plus realm (RFC 9110 §11.5). Look at the realm of each 401 and the "
                                   "diagnosis wrong-realm."),
                    Alice, QStringLiteral("wrong-realm"), alice(), 120},
        LabScenario{QStringLiteral("no-challenge"), QStringLiteral("/troubleshoot/no-challenge/"), Group,
                    QStringLiteral("401 without WWW-Authenticate"),
                    QStringLiteral("The server answers 401 and does not say how to authenticate: no WWW-Authenticate, "
                                   "which RFC 9110 §15.5.2 requires with every 401. A client cannot know which "
                                   "credentials to send, so AuthScope sends none even with -u. Look at leg 1's "
                                   "response headers and the diagnosis no-challenge."),
                    Alice, QStringLiteral("no-challenge"), alice(), 90},
        LabScenario{QStringLiteral("lockout"), QStringLiteral("/troubleshoot/lockout/?after=1"), Group,
                    QStringLiteral("Lockout after failed attempts"),
                    QStringLiteral("After N wrong passwords (the path's after=N; lock=S sets how long, 30 s by default) "
                                   "the account is locked and every attempt, right or wrong, gets 429 Too Many "
                                   "Requests with Retry-After (RFC 6585 §4, RFC 9110 §10.2.3). Look at the statuses, "
                                   "the Retry-After field and the diagnosis too-many-attempts; retrying at once does "
                                   "not help, the lock holds until Retry-After has passed."),
                    Alice, QStringLiteral("too-many-attempts"), alice(QStringLiteral("looking-glass")), 110},
        LabScenario{QStringLiteral("forbidden-after-authentication"), QStringLiteral("/troubleshoot/forbidden/"), Group,
                    QStringLiteral("403 after authentication"),
                    QStringLiteral("alice's credentials are right, and the resource is for the group admins: 403 "
                                   "Forbidden (RFC 9110 §15.5.4: the server understood who asks and refuses; "
                                   "repeating the request with the same credentials will not help). Look at leg 2: "
                                   "Authorization sent, 403 back, the diagnosis forbidden."),
                    Alice, QStringLiteral("forbidden"), alice(), 100},
        LabScenario{QStringLiteral("ip-allowlist"), QStringLiteral("/troubleshoot/ip-allowlist/"), Group,
                    QStringLiteral("IP allowlist refuses the caller"),
                    QStringLiteral("The API only answers callers from %1 (the office VPN) and refuses every other "
                                   "address with 403 Forbidden (RFC 9110 §15.5.4) before asking for credentials; the body names the address it "
                                   "saw. Nothing about the credentials can fix this. Look at the response body and "
                                   "the diagnosis forbidden.").arg(Allowlist),
                    Alice, QStringLiteral("forbidden"), alice(), -1},
        LabScenario{QStringLiteral("soft-401"), QStringLiteral("/troubleshoot/soft-401/"), Group,
                    QStringLiteral("Soft 401: 200 with an error body"),
                    QStringLiteral("The API answers 200 OK with {\"error\": \"unauthorized\"} in the body. HTTP says "
                                   "success, so no client answers a challenge and AuthScope finds nothing to diagnose: "
                                   "the diagnosis is read from statuses and headers (RFC 9110 §15.5.2), and a body's "
                                   "words are the application's. Look at the body; monitoring that counts statuses "
                                   "misses these failures."),
                    Alice, QString(), alice(), 130},
        LabScenario{QStringLiteral("case-sensitive-user"), QStringLiteral("/troubleshoot/case-sensitive-user/"), Group,
                    QStringLiteral("User names are case-sensitive"),
                    QStringLiteral("The account is \"alice\"; \"Alice\" with the right password is refused. RFC 7617 "
                                   "leaves user-id comparison to the server and most compare exactly (LDAP and some "
                                   "others do not, which is why this surprises). Look at the decoded user on leg 2 "
                                   "and the diagnosis credentials-rejected."),
                    Alice, QStringLiteral("credentials-rejected"),
                    {QStringLiteral("-u"), QStringLiteral("Alice:wonderland"), QStringLiteral("--no-prompt")}, -1},
        LabScenario{QStringLiteral("credentials-not-sent"), QStringLiteral("/troubleshoot/other-origin/"), Group,
                    QStringLiteral("Credentials held back at another origin"),
                    QStringLiteral("The lab redirects to itself under another name (127.0.0.1 and localhost are "
                                   "different origins, RFC 6454), and the new origin asks for Basic credentials. "
                                   "AuthScope does not send credentials given for one origin to another, as curl "
                                   "does not after a redirect: the 401 stays unanswered. Look at leg 2's URL, its "
                                   "note and the diagnosis credentials-not-sent."),
                    Alice, QStringLiteral("credentials-not-sent"),
                    alice() << QStringLiteral("-L"), -1},
    };
}

bool TroubleshootingLab::respond(const LabRequest &request, LabResponse *response)
{
    const QString lesson = LabLessonPath::of(request, QLatin1String("/troubleshoot/"));
    if (lesson.isEmpty())
        return false;
    const LabBasicAuth::Credentials credentials = LabBasicAuth::read(request);
    const bool hasBasic = credentials.outcome == LabBasicAuth::Outcome::Read;
    const QString readWhy = QStringLiteral("unknown user or wrong password");

    if (lesson == QLatin1String("two-challenges") || lesson == QLatin1String("two-challenge-fields")
        || lesson == QLatin1String("parse-errors")) {
        *response = twoChallenges(request, lesson);
    } else if (lesson == QLatin1String("realm-mismatch")) {
        // Whatever was sent, the next realm asks again: the staging account is not production's.
        *response = credentials.outcome == LabBasicAuth::Outcome::None
                ? LabBasicAuth::challenge("staging", QStringLiteral("no Basic credentials in the request"))
                : LabBasicAuth::challenge("production", QStringLiteral("these credentials are not valid in realm production"));
    } else if (lesson == QLatin1String("no-challenge")) {
        *response = LabResponse::json(401, {{QStringLiteral("error"), QStringLiteral("unauthorized")}});
    } else if (lesson == QLatin1String("lockout")) {
        *response = lockout(request);
    } else if (lesson == QLatin1String("forbidden")) {
        if (!LabBasicAuth::isDemoUser(credentials))
            *response = LabBasicAuth::challenge("forbidden@authscope.lab", hasBasic ? readWhy : QStringLiteral("no Basic credentials"));
        else
            *response = LabResponse::json(403, {{QStringLiteral("error"), QStringLiteral("forbidden")},
                                                {QStringLiteral("message"),
                                                 QStringLiteral("alice is signed in but not in the group admins")}});
    } else if (lesson == QLatin1String("ip-allowlist")) {
        // A dual-stack socket reports an IPv4 caller as ::ffff:127.0.0.1; name it as it knows itself.
        bool isIPv4 = false;
        const quint32 ipv4 = request.peer.toIPv4Address(&isIPv4);
        const QString caller = isIPv4 ? QHostAddress(ipv4).toString() : request.peer.toString();
        *response = LabResponse::json(403, {{QStringLiteral("error"), QStringLiteral("address_not_allowed")},
                                            {QStringLiteral("message"),
                                             QStringLiteral("Requests from %1 are not allowed; this API only answers %2.")
                                                     .arg(caller.isEmpty() ? QStringLiteral("your address") : caller, Allowlist)}});
    } else if (lesson == QLatin1String("soft-401")) {
        *response = LabResponse::json(200, {{QStringLiteral("error"), QStringLiteral("unauthorized")},
                                            {QStringLiteral("message"), QStringLiteral("Please log in.")}});
    } else if (lesson == QLatin1String("case-sensitive-user")) {
        *response = LabBasicAuth::isDemoUser(credentials)
                ? LabBasicAuth::welcome(credentials.user, lesson)
                : LabBasicAuth::challenge("case@authscope.lab", hasBasic ? readWhy : QStringLiteral("no Basic credentials"));
    } else if (lesson == QLatin1String("other-origin")) {
        // The same lab under its other loopback name: a different origin to the client.
        QUrl target = request.url;
        target.setHost(target.host() == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : QStringLiteral("localhost"));
        target.setPath(QStringLiteral("/troubleshoot/other-origin/target"));
        target.setQuery(QString());
        LabResponse redirect = LabResponse::text(302, QStringLiteral("Moved to %1\n").arg(target.toString()));
        redirect.setHeader("Location", target.toEncoded());
        *response = redirect;
    } else if (lesson == QLatin1String("other-origin/target")) {
        *response = LabBasicAuth::isDemoUser(credentials)
                ? LabBasicAuth::welcome(credentials.user, lesson)
                : LabBasicAuth::challenge("other-origin@authscope.lab", hasBasic ? readWhy : QStringLiteral("no Basic credentials"));
    } else {
        return false;
    }
    return true;
}

LabResponse TroubleshootingLab::twoChallenges(const LabRequest &request, const QString &lesson)
{
    const QByteArray realm = lesson.toLatin1() + "@authscope.lab";
    const LabDigestServer::Offer offer = digestOffer(realm);
    const LabBasicAuth::Credentials basic = LabBasicAuth::read(request);
    if (basic.outcome == LabBasicAuth::Outcome::Read && LabBasicAuth::isDemoUser(basic))
        return LabBasicAuth::welcome(basic.user, lesson);
    const QHash<QString, QString> users{{LabBasicAuth::demoUser(), LabBasicAuth::demoPassword()}};
    const LabDigestServer::Verdict verdict = m_digest.verify(request, offer, users);
    if (verdict.outcome == LabDigestServer::Verdict::Outcome::Accepted) {
        LabResponse welcome = LabBasicAuth::welcome(verdict.user, lesson);
        welcome.setHeader("Authentication-Info", verdict.authenticationInfo);
        return welcome;
    }
    if (verdict.outcome == LabDigestServer::Verdict::Outcome::Malformed)
        return m_digest.refusal(offer, verdict);

    LabResponse refusal = LabBasicAuth::challenge(realm, verdict.why);
    const QByteArray basicChallenge = refusal.header("WWW-Authenticate");
    const QByteArray digestChallenge = m_digest.challenge(offer, "SHA-256", verdict.outcome == LabDigestServer::Verdict::Outcome::Stale);
    refusal.headers.clear();
    refusal.setHeader("Content-Type", "application/json");
    if (lesson == QLatin1String("two-challenge-fields")) {
        refusal.setHeader("WWW-Authenticate", basicChallenge);
        refusal.setHeader("WWW-Authenticate", digestChallenge);
    } else if (lesson == QLatin1String("parse-errors")) {
        // A parameter without a value, a repeated realm, junk after a quoted string (an unknown scheme's).
        refusal.setHeader("WWW-Authenticate", digestChallenge + ", domain=, realm=\"elsewhere\", Newfangled realm=\"x\"junk");
    } else {
        refusal.setHeader("WWW-Authenticate", digestChallenge + ", " + basicChallenge);
    }
    return refusal;
}

LabResponse TroubleshootingLab::lockout(const LabRequest &request)
{
    const QByteArray realm = "lockout@authscope.lab";
    const int after = request.queryNumber(QStringLiteral("after"), 3, 1, 100);
    const int lockSeconds = request.queryNumber(QStringLiteral("lock"), 30, 1, 3600);
    const LabBasicAuth::Credentials credentials = LabBasicAuth::read(request);
    if (credentials.outcome != LabBasicAuth::Outcome::Read)
        return LabBasicAuth::challenge(realm, QStringLiteral("no Basic credentials"));

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Lock &lock = m_locks[QString::number(after) + QLatin1Char('/') + credentials.user];
    auto locked = [&] {
        const qint64 seconds = (lock.lockedUntilMs - now + 999) / 1000;
        LabResponse response = LabResponse::json(429, {{QStringLiteral("error"), QStringLiteral("account_locked")},
                                                       {QStringLiteral("message"),
                                                        QStringLiteral("Too many failed attempts for %1; try again in %2 s.")
                                                                .arg(credentials.user).arg(seconds)}});
        response.setHeader("Retry-After", QByteArray::number(seconds));
        return response;
    };
    if (lock.lockedUntilMs > now)
        return locked();
    if (LabBasicAuth::isDemoUser(credentials)) {
        lock.failures = 0;
        return LabBasicAuth::welcome(credentials.user, QStringLiteral("lockout"));
    }
    if (++lock.failures >= after) {
        lock.failures = 0;
        lock.lockedUntilMs = now + lockSeconds * 1000;
        return locked();
    }
    return LabBasicAuth::challenge(realm, QStringLiteral("wrong password (%1 of %2 attempts before the lock)").arg(lock.failures).arg(after));
}
