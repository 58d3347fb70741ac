#include "notetesting.h"
#include "http/cookiejar.h"
#include "engine/exchangejob.h"
#include "engine/httpsession.h"
#include "apacheserver.h"
#include "httpbinserver.h"
#include "nginxserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryFile>
#include <QTcpServer>
#include <QTest>

// The exchange engine against real servers: python3-httpbin and nginx on loopback.
class tst_ExchangeJob : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void followsEveryRedirectHopAsItsOwnLeg_data();
    void followsEveryRedirectHopAsItsOwnLeg();
    void doesNotFollowWhenFollowingIsOff();
    void appliesRedirectMethodRules_data();
    void appliesRedirectMethodRules();
    void stopsAtTheRedirectLimit();
    void storesCookiesAndSendsThemOnLaterLegs();
    void clearedJarSendsNoCookies();
    void sendsBasicCredentialsOnlyToTheirOrigin();
    void dropsTypedAuthorizationOnCrossOriginRedirect();
    void sendsEachBodyKind_data();
    void sendsEachBodyKind();
    void recordsTimingPhasesInOrderAndConnectionReuse();
    void refusesUntrustedCertificateAndRecordsTheChain();
    void insecureSwitchAcceptsTheCertificateAndSaysSo();
    void spillsLargeBodiesToDisk();
    void recordsRepeatedResponseCookiesSeparately();
    void sendsThroughARealHttpProxy();
    void sendsProxyCredentialsToTheProxyOnly();
    void answersTheTunnelProxyChallengeForHttps();
    void doesNotReuseAnInsecureConnectionForAVerifiedRequest();
    void holdsEachLegUntilToldToProceed();
    void recordsEachLegAsAStepWithItsPurpose();

private:
    ExchangeJob *run(const HttpRequest &request);

    HttpbinServer m_httpbin;
    NginxServer m_nginx;
    QNetworkAccessManager m_manager;
    std::unique_ptr<HttpSession> m_session;
};

void tst_ExchangeJob::initTestCase()
{
    QString error;
    QVERIFY2(m_httpbin.start(&error), qPrintable(error));
    m_nginx.setServerConfig(QStringLiteral("location = /set-two-cookies { add_header Set-Cookie \"a=1; Path=/\"; "
                                           "add_header Set-Cookie \"b=2; Path=/\"; return 200 \"two\"; }"));
    QVERIFY2(m_nginx.start(&error), qPrintable(error));
    m_session = std::make_unique<HttpSession>(&m_manager);
}

ExchangeJob *tst_ExchangeJob::run(const HttpRequest &request)
{
    ExchangeJob *job = m_session->createExchange(request);
    QSignalSpy finished(job, &ExchangeJob::finished);
    job->start();
    // A helper cannot QVERIFY and return a value; the lambdas record a failure for the test.
    [&] { QVERIFY2(finished.wait(20000), "the exchange did not finish within 20 s"); }();
    [&] { QCOMPARE(finished.size(), 1); }();
    return job;
}

static HttpRequest get(const QUrl &url, bool follow = true)
{
    HttpRequest request;
    request.url = url;
    request.options.followRedirects = follow;
    return request;
}

void tst_ExchangeJob::followsEveryRedirectHopAsItsOwnLeg_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("legs");
    QTest::newRow("redirect/3") << QStringLiteral("/redirect/3") << 4;
    QTest::newRow("relative-redirect/2") << QStringLiteral("/relative-redirect/2") << 3;
    QTest::newRow("absolute-redirect/2") << QStringLiteral("/absolute-redirect/2") << 3;
    QTest::newRow("redirect-to 307") << QStringLiteral("/redirect-to?url=/get&status_code=307") << 2;
    QTest::newRow("redirect-to 308") << QStringLiteral("/redirect-to?url=/get&status_code=308") << 2;
}

void tst_ExchangeJob::followsEveryRedirectHopAsItsOwnLeg()
{
    QFETCH(QString, path);
    QFETCH(int, legs);
    ExchangeJob *job = run(get(m_httpbin.url(path)));
    const Exchange &ex = job->exchange();
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), legs);
    for (int i = 0; i < legs - 1; ++i) {
        QVERIFY(ex.legs.at(i).isRedirect());
        QCOMPARE(ex.legs.at(i + 1).kind, Leg::Kind::Redirect);
        const QUrl next = ex.legs.at(i).url.resolved(QUrl::fromEncoded(ex.legs.at(i).responseHeaders.value("Location")));
        QCOMPARE(ex.legs.at(i + 1).url, next);
    }
    QCOMPARE(ex.legs.constLast().statusCode, 200);
    QCOMPARE(ex.legs.constLast().url.path(), QStringLiteral("/get"));
}

void tst_ExchangeJob::doesNotFollowWhenFollowingIsOff()
{
    ExchangeJob *job = run(get(m_httpbin.url(QStringLiteral("/redirect/2")), false));
    const Exchange &ex = job->exchange();
    QCOMPARE(ex.legs.size(), 1);
    QCOMPARE(ex.legs.at(0).statusCode, 302);
    QVERIFY(ex.status.isOk());
    QVERIFY2(ex.legs.at(0).hasNote(NoteCode::RedirectNotFollowed), qPrintable(NoteTesting::describe(ex.legs.at(0))));
}

void tst_ExchangeJob::appliesRedirectMethodRules_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("finalMethod");
    QTest::addColumn<bool>("bodyKept");
    QTest::newRow("301 POST becomes GET") << 301 << QStringLiteral("GET") << false;
    QTest::newRow("302 POST becomes GET") << 302 << QStringLiteral("GET") << false;
    QTest::newRow("303 POST becomes GET") << 303 << QStringLiteral("GET") << false;
    QTest::newRow("307 keeps POST and body") << 307 << QStringLiteral("POST") << true;
    QTest::newRow("308 keeps POST and body") << 308 << QStringLiteral("POST") << true;
}

void tst_ExchangeJob::appliesRedirectMethodRules()
{
    QFETCH(int, status);
    QFETCH(QString, finalMethod);
    QFETCH(bool, bodyKept);
    HttpRequest request = get(m_httpbin.url(QStringLiteral("/redirect-to?url=/anything&status_code=%1").arg(status)));
    request.method = "POST";
    request.body = RequestBody::json("{\"kept\":true}");
    ExchangeJob *job = run(request);
    const Exchange &ex = job->exchange();
    QCOMPARE(ex.legs.size(), 2);
    const QJsonObject echo = QJsonDocument::fromJson(ex.legs.at(1).responseBody->read()).object();
    QCOMPARE(echo.value(QStringLiteral("method")).toString(), finalMethod);
    QCOMPARE(echo.value(QStringLiteral("data")).toString() == QStringLiteral("{\"kept\":true}"), bodyKept);
    QCOMPARE(ex.legs.at(1).requestHeaders.contains("Content-Type"), bodyKept);
}

void tst_ExchangeJob::stopsAtTheRedirectLimit()
{
    HttpRequest request = get(m_httpbin.url(QStringLiteral("/redirect/5")));
    request.options.maxRedirects = 2;
    ExchangeJob *job = run(request);
    QCOMPARE(job->status().code(), Status::Code::TooManyRedirects);
    QCOMPARE(job->exchange().legs.size(), 3);
}

void tst_ExchangeJob::storesCookiesAndSendsThemOnLaterLegs()
{
    m_session->cookieJar()->clear();
    ExchangeJob *job = run(get(m_httpbin.url(QStringLiteral("/cookies/set?session=abc123&theme=dark"))));
    const Exchange &ex = job->exchange();
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(0).cookiesSet.size(), 2);
    QCOMPARE(ex.legs.at(1).cookiesSent.size(), 2);
    bool fromJar = false;
    for (const HeaderField &f : ex.legs.at(1).requestHeaders)
        fromJar |= f.name == "Cookie" && f.source == HeaderField::Source::CookieJar;
    QVERIFY(fromJar);
    const QJsonObject cookies = QJsonDocument::fromJson(ex.legs.at(1).responseBody->read()).object()
                                        .value(QStringLiteral("cookies")).toObject();
    QCOMPARE(cookies.value(QStringLiteral("session")).toString(), QStringLiteral("abc123"));
    QCOMPARE(cookies.value(QStringLiteral("theme")).toString(), QStringLiteral("dark"));

    // A later exchange of the same session sends them too.
    ExchangeJob *later = run(get(m_httpbin.url(QStringLiteral("/cookies"))));
    QCOMPARE(later->exchange().legs.at(0).cookiesSent.size(), 2);
}

void tst_ExchangeJob::clearedJarSendsNoCookies()
{
    run(get(m_httpbin.url(QStringLiteral("/cookies/set?x=1"))));
    m_session->cookieJar()->clear();
    ExchangeJob *job = run(get(m_httpbin.url(QStringLiteral("/cookies"))));
    QVERIFY(!job->exchange().legs.at(0).requestHeaders.contains("Cookie"));
    const QJsonObject cookies = QJsonDocument::fromJson(job->exchange().legs.at(0).responseBody->read()).object()
                                        .value(QStringLiteral("cookies")).toObject();
    QVERIFY(cookies.isEmpty());
}

void tst_ExchangeJob::sendsBasicCredentialsOnlyToTheirOrigin()
{
    // Challenge-driven: no credentials on the first leg, Basic on the retry (see tst_authentication).
    HttpRequest request = get(m_httpbin.url(QStringLiteral("/basic-auth/alice/s3cret")));
    request.credentials.user = QStringLiteral("alice");
    request.credentials.password = "s3cret";
    ExchangeJob *ok = run(request);
    QCOMPARE(ok->exchange().legs.size(), 2);
    QVERIFY(!ok->exchange().legs.at(0).requestHeaders.contains("Authorization"));
    QCOMPARE(ok->exchange().legs.at(1).statusCode, 200);
    QCOMPARE(ok->exchange().legs.at(1).requestHeaders.value("Authorization"), QByteArray("Basic YWxpY2U6czNjcmV0"));

    // localhost and 127.0.0.1 are different origins: a redirect there carries nothing.
    const QString other = QStringLiteral("http://localhost:%1/headers").arg(m_httpbin.port());
    request.url = m_httpbin.url(QStringLiteral("/redirect-to?url=%1").arg(QString::fromLatin1(QUrl::toPercentEncoding(other))));
    ExchangeJob *job = run(request);
    const Exchange &ex = job->exchange();
    QCOMPARE(ex.legs.size(), 2);
    QVERIFY(!ex.legs.at(1).requestHeaders.contains("Authorization"));
    const QJsonObject echoed = QJsonDocument::fromJson(ex.legs.at(1).responseBody->read()).object()
                                       .value(QStringLiteral("headers")).toObject();
    QVERIFY(!echoed.contains(QStringLiteral("Authorization")));
}

void tst_ExchangeJob::dropsTypedAuthorizationOnCrossOriginRedirect()
{
    const QString other = QStringLiteral("http://localhost:%1/headers").arg(m_httpbin.port());
    HttpRequest request = get(m_httpbin.url(QStringLiteral("/redirect-to?url=%1").arg(QString::fromLatin1(QUrl::toPercentEncoding(other)))));
    request.headers.append("Authorization", "Bearer typed-token");
    request.headers.append("Cookie", "sid=typed");
    ExchangeJob *job = run(request);
    const Exchange &ex = job->exchange();
    QCOMPARE(ex.legs.size(), 2);
    QVERIFY(!ex.legs.at(1).requestHeaders.contains("Authorization"));
    QVERIFY(!ex.legs.at(1).requestHeaders.contains("Cookie"));
    QVERIFY2(ex.legs.at(0).hasNote(NoteCode::FieldsDroppedOnRedirect), qPrintable(NoteTesting::describe(ex.legs.at(0))));

    // Same origin: typed fields stay.
    request.url = m_httpbin.url(QStringLiteral("/redirect-to?url=/headers"));
    ExchangeJob *same = run(request);
    QCOMPARE(same->exchange().legs.at(1).requestHeaders.value("Authorization"), QByteArray("Bearer typed-token"));
}

void tst_ExchangeJob::sendsEachBodyKind_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("echoKey");
    QTest::addColumn<QString>("expected");
    QTest::newRow("text") << int(RequestBody::Kind::Text) << QStringLiteral("data") << QStringLiteral("hello body");
    QTest::newRow("json") << int(RequestBody::Kind::Json) << QStringLiteral("json") << QStringLiteral("{\"n\":1}");
    QTest::newRow("form") << int(RequestBody::Kind::Form) << QStringLiteral("form") << QStringLiteral("{\"a b\":\"1+2&3\",\"k\":\"v\"}");
    QTest::newRow("file") << int(RequestBody::Kind::File) << QStringLiteral("data") << QStringLiteral("file content\n");
}

void tst_ExchangeJob::sendsEachBodyKind()
{
    QFETCH(int, kind);
    QFETCH(QString, echoKey);
    QFETCH(QString, expected);
    HttpRequest request = get(m_httpbin.url(QStringLiteral("/post")));
    request.method = "POST";
    QTemporaryFile file;
    switch (RequestBody::Kind(kind)) {
    case RequestBody::Kind::Text: request.body = RequestBody::text("hello body"); break;
    case RequestBody::Kind::Json: request.body = RequestBody::json("{\"n\":1}"); break;
    case RequestBody::Kind::Form:
        request.body = RequestBody::form({{QStringLiteral("a b"), QStringLiteral("1+2&3")}, {QStringLiteral("k"), QStringLiteral("v")}});
        break;
    case RequestBody::Kind::File:
        QVERIFY(file.open());
        file.write("file content\n");
        file.flush();
        request.body = RequestBody::file(file.fileName());
        break;
    default: QFAIL("bad row");
    }
    ExchangeJob *job = run(request);
    const Leg &leg = job->exchange().legs.at(0);
    QCOMPARE(leg.statusCode, 200);
    const QJsonValue echoed = QJsonDocument::fromJson(leg.responseBody->read()).object().value(echoKey);
    const QString actual = echoed.isString() ? echoed.toString()
                                             : QString::fromUtf8(QJsonDocument(echoed.toObject()).toJson(QJsonDocument::Compact));
    QCOMPARE(actual, expected);
    QCOMPARE(leg.requestBodySize, request.body.size());
    QCOMPARE(leg.requestHeaders.value("Content-Length"), QByteArray::number(request.body.size()));
}

void tst_ExchangeJob::recordsTimingPhasesInOrderAndConnectionReuse()
{
    QNetworkAccessManager fresh; // no pooled connection yet
    HttpSession session(&fresh);
    HttpRequest request = get(m_httpbin.url(QStringLiteral("/redirect/1")));
    ExchangeJob *job = session.createExchange(request);
    QSignalSpy finished(job, &ExchangeJob::finished);
    job->start();
    QVERIFY(finished.wait(10000));
    const Exchange &ex = job->exchange();
    QCOMPARE(ex.legs.size(), 2);
    const LegTiming &t = ex.legs.at(0).timing;
    QVERIFY(t.queuedNs >= 0);
    QVERIFY(t.connectingNs >= t.queuedNs);
    QVERIFY(t.requestSentNs >= t.connectingNs);
    QVERIFY(t.firstByteNs >= t.requestSentNs);
    QVERIFY(t.finishedNs >= t.firstByteNs);
    QCOMPARE(t.encryptedNs, -1);
    // The second hop goes to the same server over the kept-alive connection.
    const LegTiming &t2 = ex.legs.at(1).timing;
    QVERIFY(t2.queuedNs >= t.finishedNs);
    QVERIFY(t2.connectionReused());
    QVERIFY(ex.durationNs >= t2.finishedNs);
}

void tst_ExchangeJob::refusesUntrustedCertificateAndRecordsTheChain()
{
    ExchangeJob *job = run(get(m_nginx.httpsUrl(QStringLiteral("/"))));
    QCOMPARE(job->status().code(), Status::Code::TlsError);
    const Leg &leg = job->exchange().legs.at(0);
    QVERIFY(!leg.tls.errors.isEmpty());
    QVERIFY(!leg.tls.peerChain.isEmpty());
    QCOMPARE(leg.tls.peerChain.at(0).subjectInfo(QSslCertificate::CommonName).value(0), QStringLiteral("127.0.0.1"));
    QVERIFY(job->status().message().contains(QStringLiteral("insecure")));
    QCOMPARE(leg.statusCode, 0);
}

void tst_ExchangeJob::insecureSwitchAcceptsTheCertificateAndSaysSo()
{
    QVERIFY(m_nginx.writeFile(QStringLiteral("hello.txt"), "hello tls\n"));
    HttpRequest request = get(m_nginx.httpsUrl(QStringLiteral("/hello.txt")));
    request.options.insecureTls = true;
    ExchangeJob *job = run(request);
    QVERIFY2(job->status().isOk(), qPrintable(job->status().message()));
    const Leg &leg = job->exchange().legs.at(0);
    QCOMPARE(leg.statusCode, 200);
    QCOMPARE(leg.responseBody->read(), QByteArray("hello tls\n"));
    QVERIFY(leg.tls.encrypted);
    QVERIFY(leg.tls.verificationDisabled);
    QVERIFY2(!leg.tls.errors.isEmpty(), "the skipped checks must still be recorded");
    QVERIFY(!leg.tls.protocol.isEmpty());
    QVERIFY(leg.timing.encryptedNs >= leg.timing.connectingNs);
    QVERIFY(job->exchange().insecure());
}

void tst_ExchangeJob::spillsLargeBodiesToDisk()
{
    QByteArray big(20 * 1024 * 1024, 'z');
    for (int i = 0; i < big.size(); i += 4096)
        big[i] = char('a' + (i / 4096) % 26);
    QVERIFY(m_nginx.writeFile(QStringLiteral("big.bin"), big));
    ExchangeJob *job = run(get(m_nginx.url(QStringLiteral("/big.bin"))));
    const Leg &leg = job->exchange().legs.at(0);
    QCOMPARE(leg.statusCode, 200);
    QCOMPARE(leg.responseBody->size(), big.size());
    QVERIFY(leg.responseBody->isSpilled());
    QVERIFY(leg.responseBody->read() == big);
}

void tst_ExchangeJob::recordsRepeatedResponseCookiesSeparately()
{
    ExchangeJob *job = run(get(m_nginx.url(QStringLiteral("/set-two-cookies"))));
    const Leg &leg = job->exchange().legs.at(0);
    QCOMPARE(leg.responseHeaders.values("Set-Cookie"), (QList<QByteArray>{"a=1; Path=/", "b=2; Path=/"}));
    QCOMPARE(leg.cookiesSet.size(), 2);
}

void tst_ExchangeJob::sendsThroughARealHttpProxy()
{
    ApacheServer proxy;
    QString error;
    QVERIFY2(proxy.start(&error), qPrintable(error));
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    session.setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), proxy.port()));
    HttpRequest request = get(m_httpbin.url(QStringLiteral("/redirect/1")));
    ExchangeJob *job = session.createExchange(request);
    QSignalSpy finished(job, &ExchangeJob::finished);
    job->start();
    QVERIFY(finished.wait(10000));
    QVERIFY2(job->status().isOk(), qPrintable(job->status().message()));
    const Exchange &ex = job->exchange();
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(1).statusCode, 200);
    // httpbin hides Via, so the proxy's own access log proves both hops went through it.
    const QStringList log = proxy.accessLog();
    QVERIFY2(log.contains(QStringLiteral("GET %1 HTTP/1.1 302").arg(m_httpbin.url(QStringLiteral("/redirect/1")).toString())),
             qPrintable(log.join(u'\n')));
    QVERIFY(log.contains(QStringLiteral("GET %1 HTTP/1.1 200").arg(m_httpbin.url(QStringLiteral("/get")).toString())));
}

static QString proxyAuthConfig(const QString &htpasswd)
{
    return QStringLiteral("AllowCONNECT 443 1-65535\n<Proxy \"*\">\n  AuthType Basic\n  AuthName \"proxy\"\n"
                          "  AuthBasicProvider file\n  AuthUserFile \"%1\"\n  Require valid-user\n</Proxy>").arg(htpasswd);
}

void tst_ExchangeJob::sendsProxyCredentialsToTheProxyOnly()
{
    ApacheServer proxy;
    proxy.addDirectives(proxyAuthConfig(proxy.writeHtpasswd(QStringLiteral("proxy.htpasswd"), QStringLiteral("pu"), "proxy-pw")));
    QString error;
    QVERIFY2(proxy.start(&error), qPrintable(error));
    for (const QByteArray &password : {QByteArray("proxy-pw"), QByteArray("wrong")}) {
        QNetworkAccessManager manager;
        HttpSession session(&manager);
        QNetworkProxy settings(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), proxy.port(),
                               QStringLiteral("pu"), QString::fromUtf8(password));
        session.setProxy(settings);
        QVERIFY(session.proxy().password().isEmpty()); // Qt never sees the secret
        ExchangeJob *job = session.createExchange(get(m_httpbin.url(QStringLiteral("/headers"))));
        QSignalSpy finished(job, &ExchangeJob::finished);
        job->start();
        QVERIFY(finished.wait(10000));
        const Leg &leg = job->exchange().legs.at(0);
        QCOMPARE(leg.statusCode, password == "proxy-pw" ? 200 : 407);
        QCOMPARE(leg.requestHeaders.value("Proxy-Authorization"), "Basic " + QByteArray("pu:" + password).toBase64());
        if (leg.statusCode == 200) {
            const QJsonObject echoed = QJsonDocument::fromJson(leg.responseBody->read()).object()
                                               .value(QStringLiteral("headers")).toObject();
            QVERIFY2(!echoed.contains(QStringLiteral("Proxy-Authorization")), "the proxy must consume its credentials");
        }
    }
}

void tst_ExchangeJob::answersTheTunnelProxyChallengeForHttps()
{
    ApacheServer proxy;
    proxy.addDirectives(proxyAuthConfig(proxy.writeHtpasswd(QStringLiteral("proxy.htpasswd"), QStringLiteral("pu"), "proxy-pw")));
    QString error;
    QVERIFY2(proxy.start(&error), qPrintable(error));
    QVERIFY(m_nginx.writeFile(QStringLiteral("tunnel.txt"), "through the tunnel\n"));
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    session.setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), proxy.port(),
                                   QStringLiteral("pu"), QStringLiteral("proxy-pw")));
    HttpRequest request = get(m_nginx.httpsUrl(QStringLiteral("/tunnel.txt")));
    request.options.insecureTls = true;
    ExchangeJob *job = session.createExchange(request);
    QSignalSpy finished(job, &ExchangeJob::finished);
    job->start();
    QVERIFY(finished.wait(10000));
    QVERIFY2(job->status().isOk(), qPrintable(job->status().message()));
    QCOMPARE(job->exchange().legs.at(0).responseBody->read(), QByteArray("through the tunnel\n"));
    QCOMPARE(session.tunnelProxyAnswers(), 1);
    // Apache logs a tunnel when it closes.
    manager.clearConnectionCache();
    const QString tunnel = QStringLiteral("CONNECT 127.0.0.1:%1 HTTP/1.1").arg(m_nginx.tlsPort());
    QTRY_VERIFY_WITH_TIMEOUT(proxy.accessLog().contains(tunnel + QStringLiteral(" 200")), 5000);
    QVERIFY(proxy.accessLog().contains(tunnel + QStringLiteral(" 407")));
}

void tst_ExchangeJob::doesNotReuseAnInsecureConnectionForAVerifiedRequest()
{
    QVERIFY(m_nginx.writeFile(QStringLiteral("hello.txt"), "hello tls\n"));
    HttpRequest insecure = get(m_nginx.httpsUrl(QStringLiteral("/hello.txt")));
    insecure.options.insecureTls = true;
    QCOMPARE(run(insecure)->exchange().legs.at(0).statusCode, 200);
    // Same host and port straight after: Qt would hand over the pooled, unverified connection.
    ExchangeJob *verified = run(get(m_nginx.httpsUrl(QStringLiteral("/hello.txt"))));
    QCOMPARE(verified->status().code(), Status::Code::TlsError);
    QCOMPARE(verified->exchange().legs.at(0).statusCode, 0);
}


void tst_ExchangeJob::holdsEachLegUntilToldToProceed()
{
    // A listening socket shows whether anything was sent: nothing connects while a leg is held.
    QTcpServer listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost));
    QSignalSpy connected(&listener, &QTcpServer::newConnection);
    HttpRequest request = get(QUrl(QStringLiteral("http://127.0.0.1:%1/held").arg(listener.serverPort())));
    ExchangeJob *job = m_session->createExchange(request);
    job->setHoldBeforeLegs(true);
    QSignalSpy held(job, &ExchangeJob::legHeld);
    QSignalSpy started(job, &ExchangeJob::legStarted);
    job->start();
    QTRY_COMPARE_WITH_TIMEOUT(held.size(), 1, 5000);
    QCOMPARE(held.at(0).at(0).toInt(), 0);
    // The leg is recorded as it will go out, but it has not gone.
    QCOMPARE(job->exchange().legs.size(), 1);
    QVERIFY(job->exchange().legs.at(0).requestHeaders.contains("User-Agent"));
    QVERIFY(!connected.wait(300));
    QCOMPARE(started.size(), 0);
    QVERIFY(job->isRunning());

    job->proceed();
    QCOMPARE(started.size(), 1);
    QVERIFY(connected.wait(5000));
    job->cancel();
    QCOMPARE(job->status().code(), Status::Code::Cancelled);

    // With httpbin, every hop of a redirect chain waits for its own go-ahead.
    ExchangeJob *chain = m_session->createExchange(get(m_httpbin.url(QStringLiteral("/redirect/2"))));
    chain->setHoldBeforeLegs(true);
    QSignalSpy chainHeld(chain, &ExchangeJob::legHeld);
    QSignalSpy finished(chain, &ExchangeJob::finished);
    chain->start();
    for (int leg = 0; leg < 3; ++leg) {
        QTRY_COMPARE_WITH_TIMEOUT(chainHeld.size(), leg + 1, 10000);
        QCOMPARE(chainHeld.at(leg).at(0).toInt(), leg);
        chain->proceed();
    }
    QVERIFY(finished.wait(10000));
    QVERIFY2(chain->status().isOk(), qPrintable(chain->status().message()));
    QCOMPARE(chain->exchange().legs.size(), 3);
}

void tst_ExchangeJob::recordsEachLegAsAStepWithItsPurpose()
{
    ExchangeJob *job = run(get(m_httpbin.url(QStringLiteral("/redirect/2"))));
    const Exchange &ex = job->exchange();
    QCOMPARE(ex.legs.size(), 3);
    QCOMPARE(ex.steps.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(ex.steps.at(i).kind, ExchangeStep::Kind::SendLeg);
        QCOMPARE(ex.steps.at(i).leg, i);
        QVERIFY(ex.steps.at(i).finishedNs >= ex.steps.at(i).startedNs);
        QCOMPARE(ex.legs.at(i).follows, i - 1);
        QCOMPARE(ex.legs.at(i).kind, i == 0 ? Leg::Kind::Initial : Leg::Kind::Redirect);
    }
    QVERIFY(ex.legs.at(0).hasNote(NoteCode::RedirectFollowed));
    QVERIFY(!ex.legs.at(2).hasNote(NoteCode::RedirectFollowed));
}

QTEST_GUILESS_MAIN(tst_ExchangeJob)
#include "tst_exchangejob.moc"
