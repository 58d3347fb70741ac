#include "notetesting.h"
#include "apacheserver.h"
#include "auth/authcache.h"
#include "auth/credentialprovider.h"
#include "auth/protectionspace.h"
#include "engine/exchangejob.h"
#include "engine/httpsession.h"
#include "httpbinserver.h"
#include "lighttpdserver.h"
#include "nginxserver.h"
#include "nodedigestserver.h"
#include "scriptedcredentialprovider.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

// 401/407 handling against real servers: Apache (mod_auth_basic, mod_auth_digest, mod_proxy),
// python3-httpbin, lighttpd (SHA-256, SHA-512-256, userhash) and http-auth under node (MD5-sess).
// The user at the keyboard is a scripted CredentialProvider: it records what it was asked.
class tst_Authentication : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void answersChallengesOfRealServers_data();
    void answersChallengesOfRealServers();
    void verifiesApachesRspauth();
    void answersPreemptivelyAfterSuccess();
    void sendsTheRequestsOwnPasswordOverTheCachedOne();
    void retriesAStaleNonceWithoutAsking();
    void asksTheProviderWhenNoCredentialsWereGiven();
    void failsCleanlyWithoutCredentialsOrProvider();
    void givesUpOnAServerThatAlwaysRejects();
    void asksAgainAfterRejectionAndSucceeds();
    void neverSendsCredentialsToAnotherOrigin();
    void tellsForbiddenFromUnauthorized();
    void sendsBearerTokenAndExplainsRefusal();
    void honoursTheChosenScheme();
    void answersADigestProxyChallengeAsALeg();
    void asksTheProviderForTheProxysCredentials();
    void warnsBeforeSendingCredentialsOverPlainHttp();

private:
    Exchange run(HttpSession &session, const HttpRequest &request);

    HttpbinServer m_httpbin;
    ApacheServer m_apache;
    LighttpdServer m_lighttpd;
    NodeDigestServer m_node;
    NginxServer m_nginx;
};

namespace {

Credential password(const QString &user, const QByteArray &secret)
{
    return Credential{Credential::Kind::Password, user, secret, {}, {}};
}

HttpRequest get(const QUrl &url, const QString &user = QString(), const QByteArray &password = QByteArray())
{
    HttpRequest request;
    request.url = url;
    request.credentials.user = user;
    request.credentials.password = password;
    return request;
}

QString notes(const Leg &leg)
{
    return NoteTesting::describe(leg);
}

bool hasCode(const Leg &leg, NoteCode code)
{
    return leg.hasNote(code);
}

} // namespace

Exchange tst_Authentication::run(HttpSession &session, const HttpRequest &request)
{
    ExchangeJob *job = session.createExchange(request);
    QSignalSpy finished(job, &ExchangeJob::finished);
    job->start();
    // A helper cannot QVERIFY and return a value; the lambda records the failure for the test.
    [&] { QVERIFY2(finished.wait(20000), "the exchange did not finish within 20 s"); }();
    return job->exchange();
}

void tst_Authentication::initTestCase()
{
    QString error;
    QVERIFY2(m_httpbin.start(&error), qPrintable(error));

    QVERIFY(m_apache.protectBasic(QStringLiteral("/basic/"), QStringLiteral("basic realm"), QStringLiteral("alice"), "apache-pw"));
    QVERIFY(m_apache.protectDigest(QStringLiteral("/digest/"), QStringLiteral("digest realm"), QStringLiteral("alice"), "apache-pw"));
    QVERIFY(m_apache.deny(QStringLiteral("/forbidden/")));
    QVERIFY2(m_apache.start(&error), qPrintable(error));

    m_lighttpd.protect(QStringLiteral("/md5/"), QStringLiteral("MD5"), QStringLiteral("md5 realm"), QStringLiteral("carol"), "lt-pw");
    m_lighttpd.protect(QStringLiteral("/sha256/"), QStringLiteral("SHA-256"), QStringLiteral("sha256 realm"), QStringLiteral("carol"), "lt-pw");
    m_lighttpd.protect(QStringLiteral("/sha512256/"), QStringLiteral("SHA-512-256"), QStringLiteral("sha512256 realm"), QStringLiteral("carol"), "lt-pw");
    m_lighttpd.protect(QStringLiteral("/userhash/"), QStringLiteral("SHA-256"), QStringLiteral("userhash realm"), QStringLiteral("carol"), "lt-pw", true);
    QVERIFY2(m_lighttpd.start(&error), qPrintable(error));

    QVERIFY2(m_node.start(QStringLiteral("sess realm"), QStringLiteral("dave"), "node-pw", &error), qPrintable(error));

    m_nginx.setServerConfig(QStringLiteral("location = /always401 { add_header WWW-Authenticate 'Basic realm=\"loop\"' always; return 401; }"));
    QVERIFY2(m_nginx.start(&error), qPrintable(error));
}

void tst_Authentication::init()
{
}

void tst_Authentication::answersChallengesOfRealServers_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QByteArray>("password");
    QTest::addColumn<QString>("summary"); // expected in the authorized leg's authentication

    QTest::newRow("apache basic") << "apache" << "/basic/index.html" << "alice" << QByteArray("apache-pw") << "Basic as alice";
    QTest::newRow("apache digest MD5 auth") << "apache" << "/digest/index.html" << "alice" << QByteArray("apache-pw") << "Digest MD5, qop=auth";
    QTest::newRow("httpbin basic") << "httpbin" << "/basic-auth/bob/httpbin-pw" << "bob" << QByteArray("httpbin-pw") << "Basic as bob";
    QTest::newRow("httpbin digest MD5 auth") << "httpbin" << "/digest-auth/auth/bob/pw/MD5" << "bob" << QByteArray("pw") << "Digest MD5, qop=auth";
    QTest::newRow("httpbin digest SHA-256 auth") << "httpbin" << "/digest-auth/auth/bob/pw/SHA-256" << "bob" << QByteArray("pw") << "Digest SHA-256, qop=auth";
    QTest::newRow("httpbin digest SHA-512 auth") << "httpbin" << "/digest-auth/auth/bob/pw/SHA-512" << "bob" << QByteArray("pw") << "Digest SHA-512, qop=auth";
    QTest::newRow("httpbin digest MD5 auth-int") << "httpbin" << "/digest-auth/auth-int/bob/pw/MD5" << "bob" << QByteArray("pw") << "Digest MD5, qop=auth-int";
    QTest::newRow("httpbin digest SHA-256 auth-int") << "httpbin" << "/digest-auth/auth-int/bob/pw/SHA-256" << "bob" << QByteArray("pw") << "Digest SHA-256, qop=auth-int";
    QTest::newRow("http-auth digest RFC 2069 no qop") << "node" << "/none" << "dave" << QByteArray("node-pw") << "no qop (RFC 2069)";
    QTest::newRow("lighttpd digest MD5") << "lighttpd" << "/md5/index.html" << "carol" << QByteArray("lt-pw") << "Digest MD5, qop=auth";
    QTest::newRow("lighttpd digest SHA-256") << "lighttpd" << "/sha256/index.html" << "carol" << QByteArray("lt-pw") << "Digest SHA-256, qop=auth";
    QTest::newRow("lighttpd digest SHA-512-256") << "lighttpd" << "/sha512256/index.html" << "carol" << QByteArray("lt-pw") << "Digest SHA-512-256, qop=auth";
    QTest::newRow("lighttpd digest userhash") << "lighttpd" << "/userhash/index.html" << "carol" << QByteArray("lt-pw") << "(user name hashed)";
    QTest::newRow("http-auth digest MD5-sess") << "node" << "/" << "dave" << QByteArray("node-pw") << "Digest MD5-sess, qop=auth";
}

void tst_Authentication::answersChallengesOfRealServers()
{
    QFETCH(QString, server);
    QFETCH(QString, path);
    QFETCH(QString, user);
    QFETCH(QByteArray, password);
    QFETCH(QString, summary);
    QUrl url;
    if (server == u"apache")
        url = m_apache.url(path);
    else if (server == u"httpbin")
        url = m_httpbin.url(path);
    else if (server == u"lighttpd")
        url = m_lighttpd.url(path);
    else
        url = m_node.url(path);

    QNetworkAccessManager manager;
    HttpSession session(&manager);
    const Exchange ex = run(session, get(url, user, password));
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 2);
    const Leg &challenged = ex.legs.at(0);
    const Leg &authorized = ex.legs.at(1);
    QCOMPARE(challenged.statusCode, 401);
    QVERIFY(!challenged.challenges.isEmpty());
    QVERIFY(!challenged.requestHeaders.contains("Authorization"));
    QCOMPARE(authorized.kind, Leg::Kind::AuthRetry);
    QVERIFY2(authorized.statusCode == 200, qPrintable(QString::number(authorized.statusCode) + u' ' + notes(authorized)));
    QVERIFY(authorized.requestHeaders.contains("Authorization"));
    QVERIFY2(authorized.authentication.contains(summary), qPrintable(authorized.authentication));
}

void tst_Authentication::verifiesApachesRspauth()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    const Exchange ex = run(session, get(m_apache.url(QStringLiteral("/digest/index.html")), QStringLiteral("alice"), "apache-pw"));
    QCOMPARE(ex.legs.size(), 2);
    QVERIFY2(hasCode(ex.legs.at(1), NoteCode::RspauthVerified), qPrintable(notes(ex.legs.at(1))));
}

void tst_Authentication::answersPreemptivelyAfterSuccess()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    QCOMPARE(run(session, get(m_apache.url(QStringLiteral("/digest/index.html")), QStringLiteral("alice"), "apache-pw")).legs.size(), 2);
    QCOMPARE(session.authCache()->size(), 1);
    // Same space, no credentials with the request: the cached answer goes up front, nc counts on.
    const Exchange again = run(session, get(m_apache.url(QStringLiteral("/digest/index.html"))));
    QCOMPARE(again.legs.size(), 1);
    QCOMPARE(again.legs.at(0).statusCode, 200);
    QVERIFY(again.legs.at(0).requestHeaders.value("Authorization").contains("nc=00000002"));
    QVERIFY2(hasCode(again.legs.at(0), NoteCode::CredentialsPreemptive), qPrintable(notes(again.legs.at(0))));
    // Basic likewise.
    QCOMPARE(run(session, get(m_apache.url(QStringLiteral("/basic/index.html")), QStringLiteral("alice"), "apache-pw")).legs.size(), 2);
    QCOMPARE(run(session, get(m_apache.url(QStringLiteral("/basic/index.html")))).legs.size(), 1);
}

void tst_Authentication::sendsTheRequestsOwnPasswordOverTheCachedOne()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    for (const QString &path : {QStringLiteral("/basic/index.html"), QStringLiteral("/digest/index.html")}) {
        const QUrl url = m_apache.url(path);
        QCOMPARE(run(session, get(url, QStringLiteral("alice"), "apache-pw")).finalStatusCode(), 200);
        // Another password typed into the request is the one sent: the session's cached answer
        // does not speak for it, up front or after the challenge, and its refusal is the request's.
        const Exchange changed = run(session, get(url, QStringLiteral("alice"), "typo-pw"));
        QCOMPARE(changed.finalStatusCode(), 401);
        QVERIFY2(!hasCode(changed.legs.at(0), NoteCode::CredentialsPreemptive), qPrintable(notes(changed.legs.at(0))));
        QVERIFY2(hasCode(changed.legs.constLast(), NoteCode::CredentialsRejected), qPrintable(notes(changed.legs.constLast())));
        QCOMPARE(changed.status.reason(), NoteCode::CredentialsRejected);
        // The refusal made the session forget the space; the right password answers the challenge
        // and is remembered, so the same password, or none, goes up front again.
        const Exchange right = run(session, get(url, QStringLiteral("alice"), "apache-pw"));
        QCOMPARE(right.legs.size(), 2);
        QCOMPARE(right.finalStatusCode(), 200);
        QCOMPARE(run(session, get(url, QStringLiteral("alice"), "apache-pw")).legs.size(), 1);
        QCOMPARE(run(session, get(url)).legs.size(), 1);
    }
}

void tst_Authentication::retriesAStaleNonceWithoutAsking()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    ScriptedCredentialProvider provider; // must stay unused
    session.setCredentialProvider(&provider);
    // httpbin declares the nonce stale after the given number of uses (tracked in a cookie).
    const QUrl url = m_httpbin.url(QStringLiteral("/digest-auth/auth/bob/pw/MD5/1"));
    const Exchange first = run(session, get(url, QStringLiteral("bob"), "pw"));
    QCOMPARE(first.legs.constLast().statusCode, 200);
    const Exchange second = run(session, get(url));
    QVERIFY2(second.status.isOk(), qPrintable(second.status.message()));
    QCOMPARE(second.legs.constLast().statusCode, 200);
    bool sawStale = false;
    for (const Leg &leg : second.legs)
        sawStale |= leg.kind == Leg::Kind::Retry && leg.hasNote(NoteCode::StaleNonceRetry);
    QVERIFY2(sawStale, "no stale-nonce retry leg");
    QVERIFY(provider.asked.isEmpty());
}

void tst_Authentication::asksTheProviderWhenNoCredentialsWereGiven()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    ScriptedCredentialProvider provider;
    provider.answers.append({password(QStringLiteral("alice"), "apache-pw")});
    session.setCredentialProvider(&provider);
    const Exchange ex = run(session, get(m_apache.url(QStringLiteral("/basic/index.html"))));
    QCOMPARE(provider.asked.size(), 1);
    const CredentialRequest &q = provider.asked.at(0);
    QCOMPARE(q.space.realm, QStringLiteral("basic realm"));
    QCOMPARE(q.space.scheme, QByteArray("basic"));
    QCOMPARE(q.space.origin, QStringLiteral("http://127.0.0.1:%1").arg(m_apache.port()));
    QVERIFY(!q.encrypted);
    QCOMPARE(q.attempt, 1);
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(1).statusCode, 200);
}

void tst_Authentication::failsCleanlyWithoutCredentialsOrProvider()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    const Exchange ex = run(session, get(m_apache.url(QStringLiteral("/digest/index.html"))));
    QCOMPARE(ex.status.code(), Status::Code::AuthenticationFailed);
    QCOMPARE(ex.status.exitCode(), 10);
    QCOMPARE(ex.status.reason(), NoteCode::MissingCredentials);
    // The message names the protection space (its particulars are the realm).
    QVERIFY2(ex.status.message().contains(QStringLiteral("digest realm")), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 1);
    QCOMPARE(ex.legs.at(0).statusCode, 401);
}

void tst_Authentication::givesUpOnAServerThatAlwaysRejects()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    ScriptedCredentialProvider provider;
    for (int i = 0; i < 10; ++i)
        provider.answers.append({password(QStringLiteral("eve"), "guess")});
    session.setCredentialProvider(&provider);
    const Exchange ex = run(session, get(m_nginx.url(QStringLiteral("/always401")), QStringLiteral("eve"), "first"));
    QCOMPARE(ex.status.code(), Status::Code::AuthenticationFailed);
    QCOMPARE(ex.status.reason(), NoteCode::CredentialsRejected);
    int rejections = 0;
    for (const Leg &leg : ex.legs)
        rejections += leg.hasNote(NoteCode::CredentialsRejected) ? 1 : 0;
    QCOMPARE(rejections, 3);
    QCOMPARE(ex.legs.size(), 4); // unauthenticated, given credentials, two prompted answers
    QCOMPARE(provider.asked.size(), 2);
    QCOMPARE(provider.asked.at(0).attempt, 2);
    QCOMPARE(provider.asked.at(0).rejectedUser, QStringLiteral("eve"));
}

void tst_Authentication::asksAgainAfterRejectionAndSucceeds()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    ScriptedCredentialProvider provider;
    provider.answers.append({password(QStringLiteral("alice"), "apache-pw")});
    session.setCredentialProvider(&provider);
    const Exchange ex = run(session, get(m_apache.url(QStringLiteral("/digest/index.html")), QStringLiteral("alice"), "typo"));
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 3);
    QCOMPARE(ex.legs.at(1).statusCode, 401);
    QVERIFY2(hasCode(ex.legs.at(1), NoteCode::CredentialsRejected), qPrintable(notes(ex.legs.at(1))));
    QCOMPARE(ex.legs.at(2).statusCode, 200);
    QCOMPARE(provider.asked.size(), 1);
}

void tst_Authentication::neverSendsCredentialsToAnotherOrigin()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    ScriptedCredentialProvider provider; // cancels
    session.setCredentialProvider(&provider);
    // 127.0.0.1 and localhost are different origins; the redirect target challenges.
    const QString target = QStringLiteral("http://localhost:%1/basic-auth/bob/pw").arg(m_httpbin.port());
    HttpRequest request = get(m_httpbin.url(QStringLiteral("/redirect-to?url=%1").arg(QString::fromLatin1(QUrl::toPercentEncoding(target)))),
                              QStringLiteral("bob"), "pw");
    request.options.followRedirects = true;
    const Exchange ex = run(session, request);
    QCOMPARE(ex.legs.size(), 2);
    for (const Leg &leg : ex.legs)
        QVERIFY2(!leg.requestHeaders.contains("Authorization"), qPrintable(leg.url.toString()));
    QCOMPARE(ex.legs.at(1).statusCode, 401);
    QCOMPARE(provider.asked.size(), 1);
    QVERIFY2(LegNoteList::contains(provider.asked.at(0).notes, NoteCode::CredentialsNotSent),
             qPrintable(NoteTesting::describe(provider.asked.at(0).notes)));
    QCOMPARE(ex.status.code(), Status::Code::AuthenticationFailed);
}

void tst_Authentication::tellsForbiddenFromUnauthorized()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    const Exchange ex = run(session, get(m_apache.url(QStringLiteral("/forbidden/index.html")), QStringLiteral("alice"), "apache-pw"));
    QCOMPARE(ex.legs.size(), 1);
    QCOMPARE(ex.legs.at(0).statusCode, 403);
    QVERIFY(ex.status.isOk());
    QVERIFY2(hasCode(ex.legs.at(0), NoteCode::StatusForbidden), qPrintable(notes(ex.legs.at(0))));
}

void tst_Authentication::sendsBearerTokenAndExplainsRefusal()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    HttpRequest request = get(m_httpbin.url(QStringLiteral("/bearer")));
    request.credentials.token = "tok-123";
    const Exchange ok = run(session, request);
    QCOMPARE(ok.legs.size(), 1);
    QCOMPARE(ok.legs.at(0).statusCode, 200);
    QCOMPARE(ok.legs.at(0).requestHeaders.value("Authorization"), QByteArray("Bearer tok-123"));

    ScriptedCredentialProvider provider;
    provider.answers.append({Credential{Credential::Kind::Token, {}, "prompted-token", {}, {}}});
    session.setCredentialProvider(&provider);
    const Exchange asked = run(session, get(m_httpbin.url(QStringLiteral("/bearer"))));
    QCOMPARE(asked.legs.size(), 2);
    QCOMPARE(asked.legs.at(0).statusCode, 401);
    QCOMPARE(asked.legs.at(0).challenges.value(0).scheme, QByteArray("Bearer"));
    QCOMPARE(provider.asked.at(0).kind, Credential::Kind::Token);
    QCOMPARE(asked.legs.at(1).requestHeaders.value("Authorization"), QByteArray("Bearer prompted-token"));
    QCOMPARE(asked.legs.at(1).statusCode, 200);
}

void tst_Authentication::honoursTheChosenScheme()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    HttpRequest request = get(m_httpbin.url(QStringLiteral("/basic-auth/bob/pw")), QStringLiteral("bob"), "pw");
    request.options.authScheme = AuthPreference::Basic;
    const Exchange ex = run(session, request);
    QCOMPARE(ex.legs.size(), 1); // --auth basic sends up front, as curl --basic does
    QCOMPARE(ex.legs.at(0).statusCode, 200);

    request.url = m_httpbin.url(QStringLiteral("/digest-auth/auth/bob/pw/MD5"));
    const Exchange refused = run(session, request); // only Digest is offered
    QCOMPARE(refused.status.code(), Status::Code::AuthenticationFailed);
    QCOMPARE(refused.status.reason(), NoteCode::NoAnswerableScheme);
    QVERIFY(refused.legs.at(0).hasNote(NoteCode::ChallengeSkipped));
}

void tst_Authentication::answersADigestProxyChallengeAsALeg()
{
    ApacheServer proxy;
    const QString users = proxy.workDir() + u"/proxy.htdigest";
    QFile file(users);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("pu:proxy realm:" + QCryptographicHash::hash("pu:proxy realm:proxy-pw", QCryptographicHash::Md5).toHex() + '\n');
    file.close();
    proxy.addDirectives(QStringLiteral("<Proxy \"*\">\n AuthType Digest\n AuthName \"proxy realm\"\n AuthDigestProvider file\n"
                                       " AuthUserFile \"%1\"\n Require valid-user\n</Proxy>").arg(users));
    QString error;
    QVERIFY2(proxy.start(&error), qPrintable(error));
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    session.setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), proxy.port(),
                                   QStringLiteral("pu"), QStringLiteral("proxy-pw")));
    const Exchange ex = run(session, get(m_httpbin.url(QStringLiteral("/get"))));
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(0).statusCode, 407);
    QVERIFY(ex.legs.at(0).requestHeaders.value("Proxy-Authorization").startsWith("Basic "));
    QVERIFY(ex.legs.at(1).requestHeaders.value("Proxy-Authorization").startsWith("Digest "));
    QVERIFY(!ex.legs.at(1).requestHeaders.contains("Authorization")); // proxy and origin credentials stay apart
    QCOMPARE(ex.legs.at(1).statusCode, 200);
}

void tst_Authentication::asksTheProviderForTheProxysCredentials()
{
    // A proxy chosen without credentials (the GUI's proxy setting never holds a password): its 407
    // is a question to the provider like a 401's, about the proxy's protection space.
    ApacheServer proxy;
    proxy.addDirectives(QStringLiteral("<Proxy \"*\">\n  AuthType Basic\n  AuthName \"proxy\"\n  AuthBasicProvider file\n"
                                       "  AuthUserFile \"%1\"\n  Require valid-user\n</Proxy>")
                                .arg(proxy.writeHtpasswd(QStringLiteral("proxy.htpasswd"), QStringLiteral("pu"), "proxy-pw")));
    QString error;
    QVERIFY2(proxy.start(&error), qPrintable(error));
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    session.setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), proxy.port()));
    ScriptedCredentialProvider provider;
    provider.answers.append({password(QStringLiteral("pu"), "proxy-pw")});
    session.setCredentialProvider(&provider);
    const Exchange ex = run(session, get(m_httpbin.url(QStringLiteral("/get"))));
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(provider.asked.size(), 1);
    const CredentialRequest &q = provider.asked.at(0);
    QVERIFY(q.space.proxy);
    QCOMPARE(q.space.origin, QStringLiteral("http://127.0.0.1:%1").arg(proxy.port()));
    QCOMPARE(q.space.realm, QStringLiteral("proxy"));
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(0).statusCode, 407);
    QVERIFY(!ex.legs.at(0).requestHeaders.contains("Proxy-Authorization"));
    QCOMPARE(ex.legs.at(1).requestHeaders.value("Proxy-Authorization"), "Basic " + QByteArray("pu:proxy-pw").toBase64());
    QVERIFY(!ex.legs.at(1).requestHeaders.contains("Authorization")); // the origin gets nothing of the proxy's
    QCOMPARE(ex.legs.at(1).statusCode, 200);
    // The answer that worked is the session's: the next exchange sends it up front, asking nobody.
    const Exchange again = run(session, get(m_httpbin.url(QStringLiteral("/get"))));
    QCOMPARE(again.legs.size(), 1);
    QCOMPARE(again.legs.at(0).statusCode, 200);
    QCOMPARE(provider.asked.size(), 1);
}

void tst_Authentication::warnsBeforeSendingCredentialsOverPlainHttp()
{
    // A remote-looking host reached through a scripted proxy on loopback: nothing leaves the
    // machine. The proxy answers 401 Basic first, then 200.
    QTcpServer recorder;
    QVERIFY(recorder.listen(QHostAddress::LocalHost, 0));
    int requests = 0;
    connect(&recorder, &QTcpServer::newConnection, this, [&] {
        QTcpSocket *socket = recorder.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [&, socket] {
            const QByteArray data = socket->readAll();
            if (!data.contains("\r\n\r\n"))
                return;
            ++requests;
            if (data.contains("Authorization: Basic"))
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            else
                socket->write("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"remote\"\r\nContent-Length: 0\r\n\r\n");
        });
    });
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    session.setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), recorder.serverPort()));
    const Exchange ex = run(session, get(QUrl(QStringLiteral("http://api.example.test/me")), QStringLiteral("u"), "p"));
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(1).statusCode, 200);
    QVERIFY2(hasCode(ex.legs.at(1), NoteCode::PlainHttpWarning), qPrintable(notes(ex.legs.at(1))));
    QCOMPARE(requests, 2); // both legs went to the recorder, none elsewhere

    // Loopback is exempt: the same plain-http Basic answer to the local Apache carries no warning.
    // The check above, on the same kind of leg, shows the warning is there to be seen.
    QNetworkAccessManager localManager;
    HttpSession direct(&localManager);
    const QUrl localUrl = m_apache.url(QStringLiteral("/basic/index.html"));
    QVERIFY(ProtectionSpace::isLoopbackHost(localUrl.host()));
    const Exchange local = run(direct, get(localUrl, QStringLiteral("alice"), "apache-pw"));
    QCOMPARE(local.legs.size(), 2);
    QCOMPARE(local.legs.at(1).statusCode, 200);
    QVERIFY(local.legs.at(1).requestHeaders.value("Authorization").startsWith("Basic "));
    for (const Leg &leg : local.legs)
        QVERIFY2(!hasCode(leg, NoteCode::PlainHttpWarning), qPrintable(notes(leg)));
}

QTEST_GUILESS_MAIN(tst_Authentication)
#include "tst_authentication.moc"
