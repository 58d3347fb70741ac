#include "diagnosis/diagnoser.h"
#include "http/exchange.h"
#include "http/httpdate.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

// Diagnoser's rules over constructed exchanges: one row (or more) per code and the boundaries
// that decide between two codes (the 60 s leeway, exp equal to Date, base64 padding, several
// challenges, stale=false). Each row asserts the code, whether it is "likely", and that the
// evidence names the header or claim it rests on; every row's texts are searched for its secrets.
// The real servers that produce each code are in tst_diagnosisservers.
namespace {

const QDateTime ServerNow = QDateTime(QDate(2026, 12, 5), QTime(13, 0, 0), Qt::UTC);
const QByteArray Password = "s3cret-Pa55";
const QByteArray CookieValue = "c00kie-v4lue-42";

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// A JWS with the given NumericDate claims (0 leaves a claim out); the signature is not checked.
QByteArray jwt(qint64 exp, qint64 nbf = 0, qint64 iat = 0)
{
    QJsonObject claims{{QStringLiteral("sub"), QStringLiteral("alice")}};
    if (exp)
        claims.insert(QStringLiteral("exp"), exp);
    if (nbf)
        claims.insert(QStringLiteral("nbf"), nbf);
    if (iat)
        claims.insert(QStringLiteral("iat"), iat);
    return base64Url(R"({"alg":"RS256","typ":"JWT"})") + '.' + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact))
            + ".c2lnbmF0dXJlLW5vdC1jaGVja2Vk";
}

qint64 at(qint64 secondsFromServerNow)
{
    return ServerNow.toSecsSinceEpoch() + secondsFromServerNow;
}

QByteArray basic(const QByteArray &user) { return "Basic " + QByteArray(user + ':' + Password).toBase64(); }

struct LegSpec
{
    int status = 401;
    QList<QPair<QByteArray, QByteArray>> request;  // fields sent
    QList<QPair<QByteArray, QByteArray>> response; // fields received (a Date is added)
    QList<NoteCode> notes;
    Leg::Kind kind = Leg::Kind::Initial;
    int follows = -1;
    QUrl url = QUrl(QStringLiteral("https://api.example.test/data"));
};

Exchange exchangeOf(const QList<LegSpec> &specs)
{
    Exchange e;
    e.startedAt = ServerNow;
    e.request.url = specs.isEmpty() ? QUrl() : specs.constFirst().url;
    for (const LegSpec &s : specs) {
        Leg leg;
        leg.index = int(e.legs.size());
        leg.kind = s.kind;
        leg.follows = s.follows;
        leg.method = "GET";
        leg.url = s.url;
        leg.statusCode = s.status;
        leg.reasonPhrase = s.status == 401 ? "Unauthorized" : s.status == 403 ? "Forbidden" : s.status == 200 ? "OK" : "Other";
        for (const auto &f : s.request)
            leg.requestHeaders.append(f.first, f.second, f.first == "Cookie" ? HeaderField::Source::CookieJar
                                                                                : HeaderField::Source::Authentication);
        bool dated = false;
        for (const auto &f : s.response) {
            leg.responseHeaders.append(f.first, f.second, HeaderField::Source::Server);
            dated = dated || f.first == "Date";
        }
        if (!dated)
            leg.responseHeaders.append("Date", HttpDate::format(ServerNow), HeaderField::Source::Server);
        for (NoteCode code : s.notes)
            leg.note(code, NoteCodes::meaning(code));
        leg.timing.firstByteNs = 1000000;
        e.legs.append(leg);
    }
    return e;
}

struct Case
{
    Exchange exchange;
    int leg = -1;            // -1: Diagnoser::forExchange
    QDateTime now;           // Context::now
    QList<Exchange> earlier; // Context::earlier
    DiagnosisCode code = DiagnosisCode::None;
    bool likely = false;
    QString evidenceNames;   // what the evidence must name
    QList<QByteArray> secrets;
};

LegSpec challenged(const QByteArray &challenge, const QByteArray &authorization = QByteArray())
{
    LegSpec s;
    if (!challenge.isEmpty())
        s.response.append(qMakePair(QByteArray("WWW-Authenticate"), challenge));
    if (!authorization.isEmpty())
        s.request.append(qMakePair(QByteArray("Authorization"), authorization));
    return s;
}

Case one(const LegSpec &spec, DiagnosisCode code, const QString &names, QList<QByteArray> secrets = {}, bool likely = false)
{
    Case c;
    c.exchange = exchangeOf({spec});
    c.leg = 0;
    c.code = code;
    c.likely = likely;
    c.evidenceNames = names;
    c.secrets = secrets;
    return c;
}

QList<QPair<const char *, Case>> cases()
{
    using D = DiagnosisCode;
    QList<QPair<const char *, Case>> rows;
    const QByteArray alice = basic("alice");
    const QByteArray aliceB64 = QByteArray("alice:" + Password).toBase64();
    const QList<QByteArray> pw{Password, aliceB64};

    rows.append({"basic asked, nothing sent", one(challenged(R"(Basic realm="api")"), D::MissingCredentials, QStringLiteral("WWW-Authenticate"))});
    rows.append({"bearer asked, nothing sent", one(challenged(R"(Bearer realm="api")"), D::MissingCredentials, QStringLiteral("no Authorization"))});

    {
        LegSpec redirect;
        redirect.status = 302;
        redirect.response = {{"Location", "https://other.example.test/data"}};
        LegSpec there = challenged(R"(Basic realm="other")");
        there.kind = Leg::Kind::Redirect;
        there.follows = 0;
        there.url = QUrl(QStringLiteral("https://other.example.test/data"));
        there.notes = {NoteCode::CredentialsNotSent};
        Case c{exchangeOf({redirect, there}), 1, {}, {}, D::CredentialsNotSent, false, QStringLiteral("credentials-not-sent"), {}};
        rows.append({"another origin after a redirect", c});
        redirect.notes = {NoteCode::FieldsDroppedOnRedirect};
        there.notes = {};
        c.exchange = exchangeOf({redirect, there});
        c.evidenceNames = QStringLiteral("fields-dropped-on-redirect");
        rows.append({"typed Authorization dropped at a redirect", c});
    }

    rows.append({"401 without WWW-Authenticate", one(challenged({}, alice), D::NoChallenge, QStringLiteral("without WWW-Authenticate"), pw)});
    {
        LegSpec broken = challenged({}, alice);
        broken.response.append(qMakePair(QByteArray("WWW-Authenticate"), QByteArray("=broken")));
        rows.append({"unreadable WWW-Authenticate", one(broken, D::NoChallenge, QStringLiteral("WWW-Authenticate present but unreadable"), pw)});
    }
    {
        LegSpec ok;
        ok.status = 200;
        ok.request = {{"Cookie", "sid=" + CookieValue}};
        LegSpec refused;
        refused.request = ok.request;
        Case c{exchangeOf({ok, refused}), 1, {}, {}, D::SessionExpired, true, QStringLiteral("Cookie sid"), {CookieValue}};
        rows.append({"cookie that worked in this exchange", c});
        Case earlier{exchangeOf({refused}), 0, {}, {exchangeOf({ok})}, D::SessionExpired, true,
                     QStringLiteral("in an earlier exchange"), {CookieValue}};
        rows.append({"cookie that worked in an earlier exchange", earlier});
        LegSpec other = ok;
        other.request = {{"Cookie", "sid=another-value"}};
        Case changed{exchangeOf({other, refused}), 1, {}, {}, D::NoChallenge, false, QStringLiteral("WWW-Authenticate"), {CookieValue}};
        rows.append({"cookie of another value is no session evidence", changed});
        Exchange renewed = exchangeOf({other, refused});
        renewed.legs[0].cookiesSet.append(QNetworkCookie("sid", CookieValue));
        Case set{renewed, 1, {}, {}, D::SessionExpired, true, QStringLiteral("was set by the 200 OK of leg 1"), {CookieValue}};
        rows.append({"cookie a 2xx set (a session renewed with every answer)", set});
        // A login chain: the page behind the login took the cookie and forwarded (303); the next page refused it.
        LegSpec forwarded = ok;
        forwarded.status = 303;
        Case chain{exchangeOf({forwarded, refused}), 1, {}, {}, D::SessionExpired, true,
                   QStringLiteral("went with the 303"), {CookieValue}};
        rows.append({"cookie a redirect answered (a login chain)", chain});
        // Only set by a redirect (the login's 303), never taken by a page: no evidence it worked.
        Exchange login = exchangeOf({other, refused});
        login.legs[0].statusCode = 303;
        login.legs[0].cookiesSet.append(QNetworkCookie("sid", CookieValue));
        Case setByRedirect{login, 1, {}, {}, D::NoChallenge, false, QStringLiteral("WWW-Authenticate"), {CookieValue}};
        rows.append({"cookie only set by a redirect is no session evidence", setByRedirect});
    }

    rows.append({"basic refused", one(challenged(R"(Basic realm="api")", alice), D::CredentialsRejected,
                                      QStringLiteral("Authorization: Basic (user alice)"), pw)});
    rows.append({"padded base64 is well formed", one(challenged(R"(Basic realm="api")", "Basic YWxpY2U6cA=="), D::CredentialsRejected,
                                                     QStringLiteral("user alice"), {"YWxpY2U6cA=="})});
    rows.append({"unpadded base64 is read too", one(challenged(R"(Basic realm="api")", "Basic YWxpY2U6cA"), D::CredentialsRejected,
                                                    QStringLiteral("user alice"), {"YWxpY2U6cA"})});
    rows.append({"base64 with broken padding", one(challenged(R"(Basic realm="api")", "Basic YWxpY2U6cA="), D::MalformedAuthorization,
                                                   QStringLiteral("not base64"), {"YWxpY2U6cA="})});
    rows.append({"basic not base64", one(challenged(R"(Basic realm="api")", "Basic " + Password + "!"), D::MalformedAuthorization,
                                         QStringLiteral("not base64"), {Password})});
    rows.append({"basic without a colon", one(challenged(R"(Basic realm="api")", "Basic " + Password.toBase64()), D::MalformedAuthorization,
                                              QStringLiteral("no ':'"), {Password, Password.toBase64()})});
    rows.append({"no scheme", one(challenged(R"(Bearer realm="api")", "abcdefSECRETtoken123"), D::MalformedAuthorization,
                                  QStringLiteral("no scheme"), {"abcdefSECRETtoken123"})});
    rows.append({"bearer token with a space", one(challenged(R"(Bearer realm="api")", "Bearer tok SECRETen"), D::MalformedAuthorization,
                                                  QStringLiteral("b64token"), {"SECRETen"})});
    rows.append({"server says invalid_request", one(challenged(R"(Bearer error="invalid_request")", "Bearer SECRETtoken"),
                                                    D::MalformedAuthorization, QStringLiteral("invalid_request"), {"SECRETtoken"})});

    rows.append({"Token where Bearer is asked", one(challenged(R"(Bearer realm="api")", "Token SECRETapikey"), D::WrongScheme,
                                                    QStringLiteral("Authorization: Token"), {"SECRETapikey"})});
    rows.append({"basic among several challenges", one(challenged(R"(Digest realm="api", nonce="n1", Basic realm="api")", alice),
                                                       D::CredentialsRejected, QStringLiteral("Digest"), pw)});
    rows.append({"basic where only Digest is asked", one(challenged(R"(Digest realm="api", nonce="n1")", alice), D::WrongScheme,
                                                         QStringLiteral("WWW-Authenticate: Digest"), pw)});

    const QByteArray digest = R"(Digest username="alice", realm="api", nonce="n1", uri="/data", response="6629fae49393a05397450978507c4ef1")";
    rows.append({"digest stale=true", one(challenged(R"(Digest realm="api", nonce="n2", stale=true)", digest), D::StaleNonce,
                                          QStringLiteral("stale=true"), {"6629fae49393a05397450978507c4ef1"})});
    rows.append({"digest stale=TRUE", one(challenged(R"(Digest realm="api", nonce="n2", stale=TRUE)", digest), D::StaleNonce,
                                          QStringLiteral("stale"), {"6629fae49393a05397450978507c4ef1"})});
    rows.append({"digest stale=false is a refusal", one(challenged(R"(Digest realm="api", nonce="n2", stale=false)", digest),
                                                        D::CredentialsRejected, QStringLiteral("user alice"), {"6629fae49393a05397450978507c4ef1"})});
    rows.append({"digest answered for another realm", one(challenged(R"(Digest realm="admin", nonce="n2")", digest), D::WrongRealm,
                                                          QStringLiteral("realm \"api\""), {"6629fae49393a05397450978507c4ef1"})});
    {
        LegSpec first = challenged(R"(Basic realm="api")");
        LegSpec second = challenged(R"(Basic realm="admin")", alice);
        second.kind = Leg::Kind::AuthRetry;
        second.follows = 0;
        Case c{exchangeOf({first, second}), 1, {}, {}, D::WrongRealm, false, QStringLiteral("challenge of leg 1"), pw};
        rows.append({"basic answered for the previous realm", c});
    }

    const QByteArray invalid = R"(Bearer realm="api", error="invalid_token")";
    auto bearer = [&](const QByteArray &token, D code, const QString &names, bool likely = false,
                      const QByteArray &challenge = R"(Bearer realm="api", error="invalid_token")") {
        return one(challenged(challenge, "Bearer " + token), code, names, {token}, likely);
    };
    rows.append({"jwt exp before Date", bearer(jwt(at(-10)), D::TokenExpired, QStringLiteral("JWT exp"))});
    rows.append({"jwt exp equal to Date", bearer(jwt(at(0)), D::TokenExpired, QStringLiteral("JWT exp"))});
    rows.append({"jwt exp 1 s after Date", bearer(jwt(at(1)), D::InvalidToken, QStringLiteral("error=invalid_token"))});
    rows.append({"error_description says expired", bearer("opaqueSECRET", D::TokenExpired, QStringLiteral("error_description"), false,
                                                          R"(Bearer error="invalid_token", error_description="The access token expired")")});
    rows.append({"jwt nbf 61 s ahead", bearer(jwt(at(3600), at(61)), D::ClockSkew, QStringLiteral("JWT nbf"))});
    rows.append({"jwt nbf 60 s ahead is within leeway", bearer(jwt(at(3600), at(60)), D::InvalidToken, QStringLiteral("WWW-Authenticate"))});
    rows.append({"jwt iat 2 min ahead", bearer(jwt(at(3600), 0, at(120)), D::ClockSkew, QStringLiteral("JWT iat"))});
    {
        Case local = bearer("opaqueSECRET", D::ClockSkew, QStringLiteral("this machine's clock"), true);
        local.now = ServerNow.addSecs(-300);
        rows.append({"local clock 5 min behind the server", local});
        Case close = bearer("opaqueSECRET", D::InvalidToken, QStringLiteral("invalid_token"));
        close.now = ServerNow.addSecs(-59);
        rows.append({"local clock 59 s behind is no skew", close});
        Case expiredHere = bearer(jwt(at(-10)), D::ClockSkew, QStringLiteral("JWT exp"));
        expiredHere.now = ServerNow.addSecs(-300);
        rows.append({"expired by the server's clock, not by ours", expiredHere});
    }
    {
        LegSpec undated = challenged(invalid, "Bearer " + jwt(at(-30)));
        undated.response.append(qMakePair(QByteArray("Date"), QByteArray()));
        Case noDate = one(undated, D::TokenExpired, QStringLiteral("the response has no Date"), {jwt(at(-30))}, true);
        noDate.now = ServerNow;
        rows.append({"jwt exp before the local clock, no Date", noDate});
    }
    rows.append({"opaque token refused", bearer("opaqueSECRET", D::InvalidToken, QStringLiteral("error=invalid_token"))});
    rows.append({"bearer challenge without error after a token", bearer("opaqueSECRET", D::CredentialsStripped,
                                                                        QStringLiteral("without an error parameter"), true,
                                                                        R"(Bearer realm="api")")});
    rows.append({"insufficient_scope on a 401", bearer("opaqueSECRET", D::InsufficientScope, QStringLiteral("insufficient_scope"), false,
                                                       R"(Bearer error="insufficient_scope", scope="write")")});

    {
        LegSpec locked = challenged(R"(Basic realm="api")", alice);
        locked.response.append(qMakePair(QByteArray("Retry-After"), QByteArray("30")));
        rows.append({"401 with Retry-After after credentials", one(locked, D::TooManyAttempts, QStringLiteral("Retry-After: 30"), pw)});
        LegSpec tooMany;
        tooMany.status = 429;
        tooMany.response = {{"Retry-After", "5"}};
        rows.append({"429", one(tooMany, D::TooManyAttempts, QStringLiteral("Retry-After: 5"))});
        LegSpec lockedOut;
        lockedOut.status = 403;
        lockedOut.request = {{"Authorization", alice}};
        lockedOut.response = {{"Retry-After", "60"}};
        rows.append({"403 with Retry-After after credentials", one(lockedOut, D::TooManyAttempts, QStringLiteral("Retry-After"), pw)});
    }
    {
        LegSpec scope;
        scope.status = 403;
        scope.request = {{"Authorization", "Bearer opaqueSECRET"}};
        scope.response = {{"WWW-Authenticate", R"(Bearer error="insufficient_scope", scope="admin")"}};
        rows.append({"403 insufficient_scope", one(scope, D::InsufficientScope, QStringLiteral("insufficient_scope"), {"opaqueSECRET"})});
        LegSpec refused;
        refused.status = 403;
        refused.request = {{"Authorization", alice}};
        rows.append({"403 after credentials", one(refused, D::Forbidden, QStringLiteral("403"), pw)});
        refused.request = {};
        rows.append({"403 without credentials", one(refused, D::Forbidden, QStringLiteral("no Authorization"))});
    }
    {
        LegSpec proxy;
        proxy.status = 407;
        proxy.response = {{"Proxy-Authenticate", R"(Basic realm="proxy")"}};
        rows.append({"407 nothing sent", one(proxy, D::ProxyAuthRequired, QStringLiteral("Proxy-Authenticate"))});
        proxy.request = {{"Proxy-Authorization", basic("bob")}};
        rows.append({"407 proxy credentials refused", one(proxy, D::ProxyAuthRequired, QStringLiteral("Proxy-Authorization: Basic (user bob)"),
                                                         {QByteArray("bob:" + Password).toBase64(), Password})});
    }
    {
        Case declined;
        declined.exchange = exchangeOf({challenged(R"(Basic realm="api")")});
        declined.exchange.status = Status(Status::Code::AuthenticationFailed, NoteCode::MissingCredentials, QStringLiteral("none given"));
        ExchangeStep step;
        step.kind = ExchangeStep::Kind::AcquireCredential;
        step.forLeg = 0;
        step.outcome = NoteCode::MissingCredentials;
        declined.exchange.steps.append(step);
        declined.code = D::MissingCredentials;
        declined.evidenceNames = QStringLiteral("ended without one");
        rows.append({"exchange: the dialog declined", declined});
        Case noLeg;
        noLeg.exchange.status = Status(Status::Code::AuthenticationFailed, NoteCode::SignInRequired, QStringLiteral("sign in"));
        noLeg.code = D::MissingCredentials;
        noLeg.evidenceNames = QStringLiteral("sign-in-required");
        rows.append({"exchange: failed before any leg", noLeg});
    }
    {
        // A refresh the authorization server refused (a rotated token replayed): the exchange ends at
        // the token endpoint's 400, no resource asked.
        LegSpec token;
        token.status = 400;
        token.kind = Leg::Kind::TokenEndpoint;
        token.url = QUrl(QStringLiteral("https://as.example.test/token"));
        token.response = {{"Content-Type", "application/json"}};
        Case refused;
        refused.exchange = exchangeOf({token});
        refused.exchange.status = Status(Status::Code::AuthenticationFailed, NoteCode::TokenRefreshFailed,
                                         QStringLiteral("invalid_grant: refresh token reuse detected"));
        refused.code = D::CredentialsRejected;
        refused.evidenceNames = QStringLiteral("token-refresh-failed");
        refused.secrets = {"lab-replayed-refresh"};
        rows.append({"exchange: the refresh token refused", refused});
    }
    return rows;
}

} // namespace

Q_DECLARE_METATYPE(Case)

class tst_Diagnoser : public QObject
{
    Q_OBJECT
private slots:
    void diagnosesFromTheEvidence_data();
    void diagnosesFromTheEvidence();
    void secretsNeverAppearInAnyText_data() { diagnosesFromTheEvidence_data(); }
    void secretsNeverAppearInAnyText();
    void legsThatWereNotRefusedHaveNoDiagnosis();
    void exchangeTakesItsFinalLegsDiagnosis();
};

namespace {
Diagnosis diagnose(const Case &c)
{
    Diagnoser::Context context;
    context.now = c.now;
    for (const Exchange &e : c.earlier)
        context.earlier.append(&e);
    return c.leg < 0 ? Diagnoser::forExchange(c.exchange, context) : Diagnoser::forLeg(c.exchange, c.leg, context);
}

QString allText(const Diagnosis &d)
{
    return QStringList{d.summary, d.evidence.join(u'\n'), d.next}.join(u'\n');
}
} // namespace

void tst_Diagnoser::diagnosesFromTheEvidence_data()
{
    QTest::addColumn<Case>("row");
    for (const auto &[name, row] : cases())
        QTest::newRow(name) << row;
}

void tst_Diagnoser::diagnosesFromTheEvidence()
{
    QFETCH(Case, row);
    const Diagnosis d = diagnose(row);
    QCOMPARE(d.codeName(), DiagnosisCodes::name(row.code));
    QCOMPARE(d.likely, row.likely);
    QCOMPARE(d.leg, row.leg < 0 && !row.exchange.legs.isEmpty() ? int(row.exchange.legs.size()) - 1 : row.leg);
    QVERIFY2(d.evidence.join(u'\n').contains(row.evidenceNames), qPrintable(d.evidence.join(QStringLiteral(" | "))));
    QVERIFY(!d.summary.isEmpty());
    QVERIFY(!d.next.isEmpty());
    // "likely" is said in words wherever it is set.
    QCOMPARE(d.summary.contains(QStringLiteral("likely")), row.likely);
}

void tst_Diagnoser::secretsNeverAppearInAnyText()
{
    QFETCH(Case, row);
    const QString text = allText(diagnose(row));
    // The search can see a secret: planted in a copy of the text, it is found.
    QVERIFY(!row.secrets.isEmpty() || row.code != DiagnosisCode::CredentialsRejected);
    for (const QByteArray &secret : row.secrets) {
        QVERIFY(QString(text + QString::fromLatin1(secret)).contains(QString::fromLatin1(secret)));
        QVERIFY2(!text.contains(QString::fromLatin1(secret)), qPrintable(QString::fromLatin1(secret) + QStringLiteral(" in: ") + text));
    }
}

void tst_Diagnoser::legsThatWereNotRefusedHaveNoDiagnosis()
{
    LegSpec ok;
    ok.status = 200;
    ok.request = {{"Authorization", basic("alice")}};
    LegSpec notFound;
    notFound.status = 404;
    const Exchange e = exchangeOf({challenged(R"(Basic realm="api")"), ok, notFound});
    const QList<Diagnosis> all = Diagnoser::forLegs(e);
    QCOMPARE(all.size(), 3);
    QCOMPARE(all.at(0).code, DiagnosisCode::MissingCredentials);
    QVERIFY(all.at(1).isNull());
    QVERIFY(all.at(2).isNull()); // the exchange succeeded: a 404 is not ours to explain
    QVERIFY(Diagnoser::forExchange(e).isNull());
    QVERIFY(Diagnoser::forLeg(e, 7).isNull());

    // A refresh that failed on the token endpoint's 5xx: the server's trouble, not a refused credential.
    LegSpec token;
    token.status = 503;
    token.kind = Leg::Kind::TokenEndpoint;
    Exchange failed = exchangeOf({token});
    failed.status = Status(Status::Code::AuthenticationFailed, NoteCode::TokenRefreshFailed, QStringLiteral("503"));
    QVERIFY(Diagnoser::forExchange(failed).isNull());
    failed.legs.first().statusCode = 400;
    QCOMPARE(Diagnoser::forExchange(failed).code, DiagnosisCode::CredentialsRejected);
}

void tst_Diagnoser::exchangeTakesItsFinalLegsDiagnosis()
{
    // A 401 -> 401 exchange: the engine gave up after the second refusal.
    LegSpec first = challenged(R"(Basic realm="api")");
    LegSpec second = challenged(R"(Basic realm="api")", basic("alice"));
    second.kind = Leg::Kind::AuthRetry;
    second.follows = 0;
    second.notes = {NoteCode::CredentialsRejected};
    Exchange e = exchangeOf({first, second});
    e.status = Status(Status::Code::AuthenticationFailed, NoteCode::CredentialsRejected, QStringLiteral("rejected"));
    const Diagnosis d = Diagnoser::forExchange(e);
    QCOMPARE(d.code, DiagnosisCode::CredentialsRejected);
    QCOMPARE(d.leg, 1);
    QVERIFY(d.evidence.join(u'\n').contains(QStringLiteral("note credentials-rejected")));
    QCOMPARE(Diagnoser::forLeg(e, 0).code, DiagnosisCode::MissingCredentials);
}

QTEST_GUILESS_MAIN(tst_Diagnoser)
#include "tst_diagnoser.moc"
