// The Bearer, session and proxy lessons through the engine against a lab of the test's own: each
// lesson's `try` as the CLI runs it (legs and diagnosis code), then what the lessons teach beyond
// one command: a live token expiring, a tampered token, a session ending by time, the Secure
// cookie never sent back, the gateway's Via, and the proxy refusing to reach another host.
#include "labtryrunning.h"

#include "auth/jwt.h"
#include "lab/bearerlab.h"
#include "lab/labtokenminter.h"
#include "lab/proxylab.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>

using namespace LabTesting;
using LabTryRunning::body;
using LabTryRunning::describe;

namespace {

} // namespace

class tst_LabResources : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<LabServer> m_lab;
    Exchange get(HttpSession &session, const QString &path, const QByteArray &token = QByteArray());

private slots:
    void initTestCase();
    void everyTryGivesItsLegsAndDiagnosis_data();
    void everyTryGivesItsLegsAndDiagnosis();
    void liveTokenWorksThenExpires();
    void tamperedTokenIsRefusedAsInvalid();
    void sessionEndsAfterItsLifetime();
    void secureCookieIsSetButNeverSentOverHttp();
    void gatewaySaysWhoStrippedTheCredentials();
    void proxyRefusesWrongCredentialsAndNeverReachesAnotherHost();
};

void tst_LabResources::initTestCase()
{
    m_lab = startLab();
    QVERIFY(m_lab);
}

Exchange tst_LabResources::get(HttpSession &session, const QString &path, const QByteArray &token)
{
    HttpRequest request = LabTesting::request(*m_lab, path);
    request.credentials.token = token;
    return ExchangeRunning::run(session, request);
}

void tst_LabResources::everyTryGivesItsLegsAndDiagnosis_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QList<int>>("statuses");
    const QHash<QString, QList<int>> expected{
        {QStringLiteral("bearer-valid"), {200}},
        {QStringLiteral("bearer-expired"), {401}},
        {QStringLiteral("bearer-wrong-audience"), {401}},
        {QStringLiteral("bearer-insufficient-scope"), {403}},
        {QStringLiteral("bearer-clock-skew"), {401}},
        {QStringLiteral("bearer-token-scheme"), {401}},
        {QStringLiteral("bearer-live-token"), {200}},
        {QStringLiteral("session-login"), {303, 303, 200}},
        {QStringLiteral("session-expired"), {303, 303, 401}},
        {QStringLiteral("session-secure-cookie"), {303, 401}},
        {QStringLiteral("proxy-auth-required"), {407}},
        {QStringLiteral("proxy-authenticated"), {200}}, // the session sends the proxy's credentials up front
        {QStringLiteral("proxy-strips-authorization"), {401}},
    };
    // Every lesson of these groups has a row: a new lesson without one fails here.
    const QStringList groups{QStringLiteral("Bearer"), QStringLiteral("Sessions"), QStringLiteral("Proxies")};
    int rows = 0;
    for (const LabScenario &scenario : LabCatalog().scenarios()) {
        if (!groups.contains(scenario.group))
            continue;
        QVERIFY2(expected.contains(scenario.id), qPrintable(scenario.id + QStringLiteral(" has no row")));
        QTest::newRow(qPrintable(scenario.id)) << scenario.id << expected.value(scenario.id);
        ++rows;
    }
    QCOMPARE(rows, expected.size());
}

void tst_LabResources::everyTryGivesItsLegsAndDiagnosis()
{
    QFETCH(QString, id);
    QFETCH(QList<int>, statuses);
    const LabScenario scenario = m_lab->catalog().scenario(id);
    const Exchange exchange = LabTryRunning::run(*m_lab, scenario);
    QVERIFY2(statuses == LabTesting::statuses(exchange), qPrintable(describe(exchange)));
    QCOMPARE(diagnosisName(exchange), scenario.expectedDiagnosis);
}

void tst_LabResources::liveTokenWorksThenExpires()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    const Exchange minted = get(session, QStringLiteral("/bearer/token?ttl=2&scope=read%20admin"));
    QCOMPARE(minted.finalStatusCode(), 200);
    const QJsonObject answer = QJsonDocument::fromJson(body(minted.legs.constFirst())).object();
    QCOMPARE(answer.value(QStringLiteral("expires_in")).toInt(), 2);
    const QByteArray token = answer.value(QStringLiteral("access_token")).toString().toLatin1();
    const Jwt jwt = Jwt::decode(token);
    QVERIFY(jwt.isSigned());
    QCOMPARE(jwt.algorithm(), QStringLiteral("HS256"));
    QCOMPARE(jwt.claims().value(QStringLiteral("scope")).toString(), QStringLiteral("read admin"));
    QCOMPARE(jwt.issuedAt().secsTo(jwt.expiresAt()), 2);

    const Exchange fresh = get(session, QStringLiteral("/bearer/api/admin"), token);
    QCOMPARE(statuses(fresh), QList<int>{200});
    QVERIFY(QTest::qWaitFor([&] { return QDateTime::currentDateTimeUtc() >= jwt.expiresAt(); }, 4000));
    const Exchange stale = get(session, QStringLiteral("/bearer/api/admin"), token);
    QCOMPARE(statuses(stale), QList<int>{401});
    QVERIFY(stale.legs.constFirst().responseHeaders.value("WWW-Authenticate").contains("error=\"invalid_token\""));
    QCOMPARE(diagnosisName(stale), QStringLiteral("token-expired"));
}

void tst_LabResources::tamperedTokenIsRefusedAsInvalid()
{
    // The claims of the valid token with scope admin, under the original signature.
    const QList<QByteArray> parts = BearerLab::validToken().split('.');
    QJsonObject claims = Jwt::decode(BearerLab::validToken()).claims();
    claims.insert(QStringLiteral("scope"), QStringLiteral("read admin"));
    const QByteArray forged = parts.at(0) + '.'
            + QJsonDocument(claims).toJson(QJsonDocument::Compact).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
            + '.' + parts.at(2);
    QCOMPARE(LabTokenMinter::check(forged, LabTokenMinter::audience(), QDateTime::currentDateTimeUtc()),
             LabTokenMinter::Verdict::BadSignature);
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    const Exchange refused = get(session, QStringLiteral("/bearer/api/admin"), forged);
    QCOMPARE(statuses(refused), QList<int>{401});
    QCOMPARE(diagnosisName(refused), QStringLiteral("invalid-token"));
    // The genuine token is let in where its scope allows, so the refusal is the signature's.
    QCOMPARE(statuses(get(session, QStringLiteral("/bearer/api"), BearerLab::validToken())), QList<int>{200});
}

void tst_LabResources::sessionEndsAfterItsLifetime()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    HttpRequest login = request(*m_lab, QStringLiteral("/session/login?ttl=2"), "POST");
    login.body = RequestBody::text("user=alice&password=wonderland", "application/x-www-form-urlencoded");
    login.options.followRedirects = true;
    const Exchange signedIn = ExchangeRunning::run(session, login);
    QCOMPARE(statuses(signedIn), (QList<int>{303, 303, 200}));
    QCOMPARE(signedIn.legs.constFirst().cookiesSet.size(), 1);
    const QNetworkCookie cookie = signedIn.legs.constFirst().cookiesSet.constFirst();
    QCOMPARE(cookie.name(), QByteArray("lab_session"));
    QVERIFY(cookie.isHttpOnly());
    QVERIFY(!cookie.isSecure());

    QTest::qWait(2100);
    const Exchange expired = get(session, QStringLiteral("/session/account"));
    QCOMPARE(statuses(expired), QList<int>{401});
    QVERIFY(expired.legs.constFirst().requestHeaders.value("Cookie").startsWith("lab_session="));
    // The session's own memory of the 200 the cookie got: no history passed in.
    QCOMPARE(diagnosisName(expired), QStringLiteral("session-expired"));
}

void tst_LabResources::secureCookieIsSetButNeverSentOverHttp()
{
    const Exchange exchange = LabTryRunning::run(*m_lab, m_lab->catalog().scenario(QStringLiteral("session-secure-cookie")));
    QCOMPARE(statuses(exchange), (QList<int>{303, 401}));
    const QByteArray setCookie = exchange.legs.at(0).responseHeaders.value("Set-Cookie");
    QVERIFY2(setCookie.startsWith("lab_secure_session=") && setCookie.contains("; Secure"), setCookie.constData());
    QVERIFY(exchange.legs.at(0).requestHeaders.value("Cookie").isNull());
    // The proof the next leg could have carried a cookie: the same chain without Secure does.
    QVERIFY(!exchange.legs.at(1).requestHeaders.contains("Cookie"));
    const Exchange plain = LabTryRunning::run(*m_lab, m_lab->catalog().scenario(QStringLiteral("session-login")));
    QVERIFY(plain.legs.at(1).requestHeaders.value("Cookie").startsWith("lab_session="));
}

void tst_LabResources::gatewaySaysWhoStrippedTheCredentials()
{
    const Exchange exchange = LabTryRunning::run(*m_lab, m_lab->catalog().scenario(QStringLiteral("proxy-strips-authorization")));
    QCOMPARE(statuses(exchange), QList<int>{401});
    const Leg &leg = exchange.legs.constFirst();
    QVERIFY(leg.requestHeaders.value("Authorization").startsWith("Bearer "));
    QCOMPARE(leg.responseHeaders.value("Via"), QByteArray("1.1 authscope-lab-gateway"));
    QCOMPARE(leg.responseHeaders.value("WWW-Authenticate"), QByteArray("Bearer realm=\"lab-api\""));
    QCOMPARE(diagnosisName(exchange), QStringLiteral("credentials-stripped"));
}

void tst_LabResources::proxyRefusesWrongCredentialsAndNeverReachesAnotherHost()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    QNetworkProxy proxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), m_lab->port(), ProxyLab::proxyUser(),
                        QStringLiteral("not-the-password"));
    session.setProxy(proxy);
    const Exchange wrong = get(session, QStringLiteral("/proxy/hello"));
    QCOMPARE(statuses(wrong).constLast(), 407);
    QVERIFY(wrong.legs.constLast().requestHeaders.contains("Proxy-Authorization"));
    QCOMPARE(diagnosisName(wrong), QStringLiteral("proxy-auth-required"));
    QCOMPARE(wrong.legs.constFirst().proxy, m_lab->origin());

    proxy.setPassword(QString::fromLatin1(ProxyLab::proxyPassword()));
    session.setProxy(proxy);
    const Exchange through = get(session, QStringLiteral("/proxy/hello"));
    QCOMPARE(through.finalStatusCode(), 200);
    QCOMPARE(through.legs.constLast().responseHeaders.value("Via"), QByteArray("1.1 authscope-lab-proxy"));
    QVERIFY(body(through.legs.constLast()).contains("through 1.1 authscope-lab-proxy"));

    // Another origin (a listening port of this machine): refused with 502, and never connected to.
    QTcpServer elsewhere;
    QVERIFY(elsewhere.listen(QHostAddress::LocalHost, 0));
    HttpRequest outside;
    outside.method = "GET";
    outside.url = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(elsewhere.serverPort()));
    const Exchange refused = ExchangeRunning::run(session, outside);
    QCOMPARE(refused.finalStatusCode(), 502);
    QVERIFY(body(refused.legs.constLast()).contains("forwards only to the lab itself"));
    QTest::qWait(50);
    QVERIFY(!elsewhere.hasPendingConnections());
    // The same port straight, without the proxy, is seen: the check above could have failed.
    QTcpSocket direct;
    direct.connectToHost(QHostAddress::LocalHost, elsewhere.serverPort());
    QVERIFY(elsewhere.waitForNewConnection(3000));
}

QTEST_GUILESS_MAIN(tst_LabResources)
#include "tst_labresources.moc"
