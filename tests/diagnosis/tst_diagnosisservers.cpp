#include "apacheserver.h"
#include "diagnosis/diagnoser.h"
#include "exchangerunning.h"
#include "httpbinserver.h"
#include "notetesting.h"
#include "oidcserver.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTest>

// Every diagnosis code, produced by a real server: Apache (mod_auth_basic, mod_auth_digest,
// mod_auth_form with mod_session, authz, mod_rewrite, mod_proxy forward and reverse), python3-httpbin
// and the oidc-provider test server's protected resource. Each test runs the exchange a user would
// run, checks that the legs carry the evidence the diagnosis rests on, and asserts the code of the
// refused leg and of the exchange. Servers start once; short lifetimes (1 s) keep the waits short.
class tst_DiagnosisServers : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void missingCredentials();
    void credentialsRejected();
    void wrongScheme();
    void malformedAuthorization_data();
    void malformedAuthorization();
    void tokenExpired();
    void clockSkew();
    void invalidToken();
    void insufficientScope();
    void sessionExpired_data();
    void sessionExpired();
    void wrongRealm();
    void staleNonce();
    void forbidden();
    void proxyAuthRequired();
    void noChallenge();
    void tooManyAttempts();
    void credentialsNotSent();
    void credentialsStripped();

private:
    // A real access token of the OIDC server for passwordUser(); empty (the test failed) when none came.
    QByteArray accessToken();

    HttpbinServer m_httpbin;
    OidcServer m_oidc;
    ApacheServer m_apache;
    ApacheServer m_proxy; // a forward proxy that demands Proxy-Authorization
};

namespace {

const QByteArray alicePassword = "apache-pw";
const QByteArray wrongPassword = "not-alices-pw";
const QByteArray proxyPassword = "proxy-pw";
const int sessionMaxAgeSeconds = 1;
const int nonceLifetimeSeconds = 1;

HttpRequest get(const QUrl &url, const QString &user = QString(), const QByteArray &password = QByteArray())
{
    HttpRequest request;
    request.url = url;
    request.credentials.user = user;
    request.credentials.password = password;
    return request;
}

// What a Basic answer carries on the wire.
QByteArray basicCredentials(const QString &user, const QByteArray &password)
{
    return QByteArray(user.toUtf8() + ':' + password).toBase64();
}

HttpRequest withToken(const QUrl &url, const QByteArray &token)
{
    HttpRequest request = get(url);
    request.credentials.token = token;
    return request;
}

using ExchangeRunning::run;

// The legs as "leg N STATUS METHOD URL [note codes]" and the outcome, for a failure message.
QByteArray describe(const Exchange &exchange)
{
    QStringList lines;
    for (const Leg &leg : exchange.legs)
        lines.append(QStringLiteral("leg %1 %2 %3 %4 [%5]")
                         .arg(leg.index)
                         .arg(leg.statusCode)
                         .arg(QString::fromLatin1(leg.method), leg.url.toString(),
                              NoteTesting::codes(leg).join(u',')));
    lines.append(QStringLiteral("exchange: ") + exchange.status.message());
    return lines.join(u'\n').toUtf8();
}

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QJsonObject claimsOf(const QByteArray &jwt)
{
    return QJsonDocument::fromJson(QByteArray::fromBase64(jwt.split('.').value(1), QByteArray::Base64UrlEncoding)).object();
}

// Whether text holds any of the secrets (a diagnosis names a secret, never quotes it).
QString quotedSecret(const Diagnosis &diagnosis, const QList<QByteArray> &secrets)
{
    const QString text = diagnosis.summary + u'\n' + diagnosis.evidence.join(u'\n') + u'\n' + diagnosis.next;
    for (const QByteArray &secret : secrets) {
        if (!secret.isEmpty() && text.contains(QString::fromLatin1(secret)))
            return QString::fromLatin1(secret.left(4)) + QStringLiteral("...");
    }
    return QString();
}

// The diagnosis of leg legIndex is expected, with a summary and evidence that quote no secret;
// when that leg is the exchange's last, the exchange's diagnosis is the same code. Called last in
// a test: a failure returns from here.
void verifyDiagnosis(const Exchange &exchange, int legIndex, DiagnosisCode expected,
                     const Diagnoser::Context &context = {}, const QList<QByteArray> &secrets = {})
{
    QVERIFY2(exchange.legs.size() > legIndex, describe(exchange).constData());
    const Diagnosis diagnosis = Diagnoser::forLeg(exchange, legIndex, context);
    const QByteArray got = "got " + diagnosis.codeName().toUtf8() + ": " + diagnosis.summary.toUtf8()
                           + "\nevidence: " + diagnosis.evidence.join(QStringLiteral(" | ")).toUtf8();
    QVERIFY2(diagnosis.code == expected, QByteArray(describe(exchange) + '\n' + got).constData());
    QCOMPARE(diagnosis.leg, legIndex);
    QVERIFY(!diagnosis.summary.isEmpty());
    QVERIFY2(!diagnosis.evidence.isEmpty(), got.constData());
    const QString secret = quotedSecret(diagnosis, secrets);
    QVERIFY2(secret.isEmpty(), qPrintable(QStringLiteral("the diagnosis quotes a secret: ") + secret));
    if (legIndex == exchange.legs.size() - 1)
        QCOMPARE(Diagnoser::forExchange(exchange, context).codeName(), diagnosis.codeName());
}

// Empty when the first leg of the exchange got status with a Bearer challenge whose error is
// error; else what it got.
QByteArray bearerRefusalProblem(const Exchange &exchange, int status, const QByteArray &error)
{
    const Leg *leg = exchange.legs.isEmpty() ? nullptr : &exchange.legs.at(0);
    // Challenges are parsed on 401s only; a 403's field is read as it came.
    const QByteArray field = leg ? leg->responseHeaders.value("WWW-Authenticate") : QByteArray();
    if (!leg || leg->statusCode != status || !field.startsWith("Bearer ") || !field.contains(QByteArray("error=\"" + error + '"')))
        return describe(exchange) + "\nWWW-Authenticate: " + field;
    return QByteArray();
}

} // namespace

void tst_DiagnosisServers::initTestCase()
{
    QString error;
    QVERIFY2(m_httpbin.start(&error), qPrintable(error));
    OidcServerOptions options;
    options.accessTokenTtlSeconds = 600; // tokenExpired() asks for a short-lived one
    QVERIFY2(m_oidc.start(&error, options), qPrintable(error));

    const QString alice = QStringLiteral("alice");
    QVERIFY(m_apache.protectBasic(QStringLiteral("/basic/"), QStringLiteral("basic realm"), alice, alicePassword));
    // Two Digest realms, one inside the other: alice's "area realm" answer goes up front below
    // /area/ (its AuthDigestDomain), where "inner realm" (bob's) is asked.
    QVERIFY(m_apache.protectDigest(QStringLiteral("/area/"), QStringLiteral("area realm"), alice, alicePassword));
    QVERIFY(m_apache.protectDigest(QStringLiteral("/area/inner/"), QStringLiteral("inner realm"), QStringLiteral("bob"), "bobs-pw"));
    QVERIFY(m_apache.protectDigest(QStringLiteral("/digest/"), QStringLiteral("digest realm"), alice, alicePassword));
    m_apache.addDirectives(QStringLiteral("<Location \"/digest/\">\n AuthDigestNonceLifetime %1\n</Location>").arg(nonceLifetimeSeconds));
    // alice authenticates but only bob is allowed: Apache says 401 unless told to say 403.
    QVERIFY(m_apache.protectBasic(QStringLiteral("/staff/"), QStringLiteral("staff realm"), alice, alicePassword));
    m_apache.addDirectives(QStringLiteral("<Location \"/staff/\">\n Require user bob\n AuthzSendForbiddenOnFailure On\n</Location>"));
    // 401 with no WWW-Authenticate (mod_rewrite's R flag takes any status).
    QVERIFY(m_apache.writeFile(QStringLiteral("nochallenge/index.html"), "never\n"));
    m_apache.addDirectives(QStringLiteral("<Location \"/nochallenge/\">\n RewriteEngine On\n RewriteRule ^ - [R=401]\n</Location>"));
    // Form logins (mod_auth_form) whose session (mod_session_cookie) the server ends SessionMaxAge
    // after the login (/form/) or after the last request (/rolling/: the cookie is renewed with
    // every answer). Max-Age is taken off the cookie so the client keeps sending it, as a browser
    // keeps a session cookie until it is closed.
    const QString users = m_apache.writeHtpasswd(QStringLiteral("form.htpasswd"), alice, alicePassword);
    for (const bool renewed : {false, true}) {
        const QString folder = renewed ? QStringLiteral("rolling") : QStringLiteral("form");
        const QString formAuth = QStringLiteral(" AuthType form\n AuthName \"%1 realm\"\n AuthFormProvider file\n AuthUserFile \"%2\"\n"
                                                " Session On\n SessionCookieName %1 path=/\n SessionMaxAge %3\n%4"
                                                " Header always edit Set-Cookie \";\\s*Max-Age=[0-9]+\" \"\"\n")
                                         .arg(folder, users)
                                         .arg(sessionMaxAgeSeconds)
                                         .arg(renewed ? QString() : QStringLiteral(" SessionExpiryUpdateInterval 60\n"));
        QVERIFY(m_apache.writeFile(folder + QStringLiteral("/index.html"), "form ok\n"));
        m_apache.addDirectives(QStringLiteral("<Location \"/%1/\">\n%2 Require valid-user\n</Location>").arg(folder, formAuth));
        m_apache.addDirectives(QStringLiteral("<Location \"/%1-login\">\n SetHandler form-login-handler\n%2"
                                              " AuthFormLoginSuccessLocation \"/%1/index.html\"\n</Location>")
                                   .arg(folder, formAuth));
    }
    // A reverse proxy in front of the protected resource that drops Authorization on the way.
    m_apache.addDirectives(QStringLiteral("<Location \"/stripped/\">\n RequestHeader unset Authorization\n ProxyPass \"http://127.0.0.1:%1/api/\"\n</Location>")
                               .arg(m_oidc.resourcePort()));
    QVERIFY2(m_apache.start(&error), qPrintable(error));

    const QString proxyUsers = m_proxy.writeHtpasswd(QStringLiteral("proxy.htpasswd"), QStringLiteral("pu"), proxyPassword);
    m_proxy.addDirectives(QStringLiteral("<Proxy \"*\">\n AuthType Basic\n AuthName \"proxy realm\"\n AuthBasicProvider file\n"
                                         " AuthUserFile \"%1\"\n Require valid-user\n</Proxy>").arg(proxyUsers));
    QVERIFY2(m_proxy.start(&error), qPrintable(error));
}

QByteArray tst_DiagnosisServers::accessToken()
{
    QString error;
    const QByteArray token = m_oidc.passwordGrantTokens(QStringLiteral("openid api:read"), &error).value(u"access_token").toString().toLatin1();
    [&] { QVERIFY2(!token.isEmpty(), qPrintable(error)); }();
    return token;
}

void tst_DiagnosisServers::missingCredentials()
{
    // No credentials with the request and no provider: nobody to ask.
    const Exchange ex = run(get(m_httpbin.url(QStringLiteral("/basic-auth/bob/pw"))));
    QCOMPARE(ex.legs.size(), 1);
    QCOMPARE(ex.legs.at(0).statusCode, 401);
    QVERIFY(!ex.legs.at(0).requestHeaders.contains("Authorization"));
    QCOMPARE(ex.legs.at(0).challenges.value(0).scheme.toLower(), QByteArray("basic"));
    QVERIFY(!ex.status.isOk());
    verifyDiagnosis(ex, 0, DiagnosisCode::MissingCredentials, {}, {});
}

void tst_DiagnosisServers::credentialsRejected()
{
    const Exchange ex = run(get(m_apache.url(QStringLiteral("/basic/index.html")), QStringLiteral("alice"), wrongPassword));
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(1).statusCode, 401);
    QVERIFY(ex.legs.at(1).requestHeaders.value("Authorization").startsWith("Basic "));
    QVERIFY2(ex.legs.at(1).hasNote(NoteCode::CredentialsRejected), describe(ex).constData());
    verifyDiagnosis(ex, 1, DiagnosisCode::CredentialsRejected, {}, {wrongPassword, basicCredentials(QStringLiteral("alice"), wrongPassword)});
}

void tst_DiagnosisServers::wrongScheme()
{
    // Apache logs "client used wrong authentication scheme" (httpbin's /bearer takes any field).
    HttpRequest request = get(m_apache.url(QStringLiteral("/basic/index.html")));
    request.headers.append("Authorization", "Token abc123def");
    const Exchange ex = run(request);
    QVERIFY2(!ex.legs.isEmpty(), describe(ex).constData());
    QCOMPARE(ex.legs.at(0).requestHeaders.value("Authorization"), QByteArray("Token abc123def"));
    QCOMPARE(ex.legs.at(0).statusCode, 401);
    QCOMPARE(ex.legs.at(0).challenges.value(0).scheme, QByteArray("Basic"));
    verifyDiagnosis(ex, 0, DiagnosisCode::WrongScheme, {}, {"abc123def"});
}

void tst_DiagnosisServers::malformedAuthorization_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<QByteArray>("secret"); // what the diagnosis must not quote
    QTest::newRow("bad base64") << QByteArray("Basic %%%notbase64") << QByteArray();
    const QByteArray aliceBasic = basicCredentials(QStringLiteral("alice"), alicePassword);
    QTest::newRow("no scheme") << aliceBasic << aliceBasic;
}

void tst_DiagnosisServers::malformedAuthorization()
{
    QFETCH(QByteArray, authorization);
    QFETCH(QByteArray, secret);
    HttpRequest request = get(m_apache.url(QStringLiteral("/basic/index.html")));
    request.headers.append("Authorization", authorization);
    const Exchange ex = run(request);
    QVERIFY2(!ex.legs.isEmpty(), describe(ex).constData());
    QCOMPARE(ex.legs.at(0).requestHeaders.value("Authorization"), authorization);
    QCOMPARE(ex.legs.at(0).statusCode, 401);
    QCOMPARE(ex.legs.at(0).challenges.value(0).scheme.toLower(), QByteArray("basic"));
    verifyDiagnosis(ex, 0, DiagnosisCode::MalformedAuthorization, {}, {secret, alicePassword});
}

void tst_DiagnosisServers::tokenExpired()
{
    QVERIFY(m_oidc.setAccessTokenTtl(1));
    const QByteArray token = accessToken();
    QVERIFY(m_oidc.setAccessTokenTtl(600));
    QVERIFY(!token.isEmpty());
    const qint64 exp = claimsOf(token).value(u"exp").toInteger();
    QVERIFY(exp > 0);
    // Until the server's clock (the same machine's) is past exp.
    QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentSecsSinceEpoch() > exp, 3000);

    const Exchange ex = run(withToken(m_oidc.resourceUrl(), token));
    const QByteArray refusal = bearerRefusalProblem(ex, 401, "invalid_token");
    QVERIFY2(refusal.isEmpty(), refusal.constData());
    verifyDiagnosis(ex, 0, DiagnosisCode::TokenExpired, {}, {token});
    // The same refusal read on a machine whose clock is five minutes behind the server's: by this
    // machine's clock the token had not expired, so the clocks are the problem.
    Diagnoser::Context behind;
    behind.now = QDateTime::currentDateTimeUtc().addSecs(-300);
    verifyDiagnosis(ex, 0, DiagnosisCode::ClockSkew, behind, {token});
}

void tst_DiagnosisServers::clockSkew()
{
    // A token from a server whose clock runs five minutes ahead: a real token of this server with
    // iat and nbf moved ahead (its signature no longer matches, so the resource says invalid_token;
    // the diagnosis reads nbf against the response's Date).
    const QByteArray real = accessToken();
    QVERIFY(!real.isEmpty());
    QJsonObject claims = claimsOf(real);
    const qint64 ahead = QDateTime::currentSecsSinceEpoch() + 300;
    claims.insert(QStringLiteral("iat"), ahead);
    claims.insert(QStringLiteral("nbf"), ahead);
    claims.insert(QStringLiteral("exp"), ahead + 600);
    const QList<QByteArray> parts = real.split('.');
    const QByteArray token = parts.at(0) + '.' + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + '.' + parts.at(2);

    const Exchange ex = run(withToken(m_oidc.resourceUrl(), token));
    const QByteArray refusal = bearerRefusalProblem(ex, 401, "invalid_token");
    QVERIFY2(refusal.isEmpty(), refusal.constData());
    QVERIFY(ex.legs.at(0).responseHeaders.contains("Date"));
    verifyDiagnosis(ex, 0, DiagnosisCode::ClockSkew, {}, {token, real});
}

void tst_DiagnosisServers::invalidToken()
{
    const QByteArray token = "not-a-token-of-this-server";
    const Exchange ex = run(withToken(m_oidc.resourceUrl(), token));
    const QByteArray refusal = bearerRefusalProblem(ex, 401, "invalid_token");
    QVERIFY2(refusal.isEmpty(), refusal.constData());
    verifyDiagnosis(ex, 0, DiagnosisCode::InvalidToken, {}, {token});
}

void tst_DiagnosisServers::insufficientScope()
{
    const QByteArray token = accessToken();
    QVERIFY(!token.isEmpty());
    const Exchange ex = run(withToken(m_oidc.resourceUrl(QStringLiteral("/api/write/notes")), token));
    QCOMPARE(ex.legs.size(), 1);
    const QByteArray refusal = bearerRefusalProblem(ex, 403, "insufficient_scope");
    QVERIFY2(refusal.isEmpty(), refusal.constData());
    verifyDiagnosis(ex, 0, DiagnosisCode::InsufficientScope, {}, {token});
}

void tst_DiagnosisServers::sessionExpired_data()
{
    QTest::addColumn<QString>("folder");
    QTest::newRow("ends after the login") << QStringLiteral("form");
    QTest::newRow("renewed while in use") << QStringLiteral("rolling");
}

void tst_DiagnosisServers::sessionExpired()
{
    QFETCH(QString, folder);
    const QUrl page = m_apache.url(u'/' + folder + QStringLiteral("/index.html"));
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    HttpRequest login = get(m_apache.url(u'/' + folder + QStringLiteral("-login")));
    login.method = "POST";
    login.body = RequestBody::form({{QStringLiteral("httpd_username"), QStringLiteral("alice")},
                                    {QStringLiteral("httpd_password"), QString::fromLatin1(alicePassword)}});
    login.options.followRedirects = true;
    const Exchange loggedIn = run(session, login);
    // The form POST sets the session cookie; the redirect to the page sends it and gets in.
    QCOMPARE(loggedIn.legs.size(), 2);
    QCOMPARE(loggedIn.legs.at(0).statusCode, 302);
    QVERIFY2(!loggedIn.legs.at(0).cookiesSet.isEmpty(), describe(loggedIn).constData());
    QCOMPARE(loggedIn.legs.at(1).statusCode, 200);
    QVERIFY(!loggedIn.legs.at(1).cookiesSent.isEmpty());
    const Exchange stillIn = run(session, get(page));
    QCOMPARE(stillIn.finalStatusCode(), 200);

    QTest::qWait(sessionMaxAgeSeconds * 1000 + 300);
    const Exchange expired = run(session, get(page));
    QVERIFY2(!expired.legs.isEmpty(), describe(expired).constData());
    const Leg &refused = expired.legs.at(0);
    QCOMPARE(refused.statusCode, 401);
    QVERIFY(!refused.cookiesSent.isEmpty());
    QCOMPARE(refused.cookiesSent.at(0).name(), folder.toLatin1());
    Diagnoser::Context context;
    context.earlier = {&loggedIn, &stillIn};
    verifyDiagnosis(expired, 0, DiagnosisCode::SessionExpired, context, {alicePassword});
    // The session remembers the legs its cookie worked on: no context needed (the GUI's case).
    QVERIFY(!expired.cookiesThatWorked.isEmpty());
    verifyDiagnosis(expired, 0, DiagnosisCode::SessionExpired, {}, {alicePassword});
    // A fresh session (the CLI's) knows nothing earlier: the same refusal is a 401 without a challenge.
    QNetworkAccessManager otherManager;
    HttpSession fresh(&otherManager);
    HttpRequest again = get(page);
    again.headers.append("Cookie", refused.requestHeaders.value("Cookie"));
    const Exchange alone = run(fresh, again);
    QCOMPARE(alone.finalStatusCode(), 401);
    QCOMPARE(Diagnoser::forLeg(alone, 0).code, DiagnosisCode::NoChallenge);
}

void tst_DiagnosisServers::wrongRealm()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    const Exchange area = run(session, get(m_apache.url(QStringLiteral("/area/index.html")), QStringLiteral("alice"), alicePassword));
    QCOMPARE(area.finalStatusCode(), 200);
    // alice's answer for "area realm" goes up front below /area/; the server asks "inner realm".
    const Exchange inner = run(session, get(m_apache.url(QStringLiteral("/area/inner/index.html"))));
    QVERIFY2(!inner.legs.isEmpty(), describe(inner).constData());
    QVERIFY2(inner.legs.at(0).requestHeaders.value("Authorization").contains("realm=\"area realm\""), describe(inner).constData());
    QCOMPARE(inner.legs.at(0).statusCode, 401);
    QCOMPARE(inner.legs.at(0).challenges.value(0).param("realm"), QByteArray("inner realm"));
    verifyDiagnosis(inner, 0, DiagnosisCode::WrongRealm, {}, {alicePassword});
}

void tst_DiagnosisServers::staleNonce()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    const QUrl url = m_apache.url(QStringLiteral("/digest/index.html"));
    QCOMPARE(run(session, get(url, QStringLiteral("alice"), alicePassword)).finalStatusCode(), 200);
    QTest::qWait(nonceLifetimeSeconds * 1000 + 300);
    // The cached answer goes up front with the old nonce; Apache says stale=true and the engine
    // answers the new nonce without asking.
    const Exchange ex = run(session, get(url));
    QVERIFY2(ex.legs.size() >= 2, describe(ex).constData());
    QCOMPARE(ex.legs.at(0).statusCode, 401);
    QVERIFY(ex.legs.at(0).requestHeaders.value("Authorization").startsWith("Digest "));
    QCOMPARE(ex.legs.at(0).challenges.value(0).param("stale").toLower(), QByteArray("true"));
    QCOMPARE(ex.finalStatusCode(), 200);
    verifyDiagnosis(ex, 0, DiagnosisCode::StaleNonce, {}, {alicePassword});
    QVERIFY(Diagnoser::forExchange(ex).isNull()); // it ended well
}

void tst_DiagnosisServers::forbidden()
{
    const Exchange ex = run(get(m_apache.url(QStringLiteral("/staff/index.html")), QStringLiteral("alice"), alicePassword));
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(0).statusCode, 401);
    QVERIFY(ex.legs.at(1).requestHeaders.value("Authorization").startsWith("Basic "));
    QCOMPARE(ex.legs.at(1).statusCode, 403);
    verifyDiagnosis(ex, 1, DiagnosisCode::Forbidden, {}, {alicePassword, basicCredentials(QStringLiteral("alice"), alicePassword)});
}

void tst_DiagnosisServers::proxyAuthRequired()
{
    const Exchange ex = run(get(m_httpbin.url(QStringLiteral("/get"))),
                            QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), m_proxy.port()));
    QVERIFY2(!ex.legs.isEmpty(), describe(ex).constData());
    QCOMPARE(ex.legs.at(0).statusCode, 407);
    QVERIFY(!ex.legs.at(0).requestHeaders.contains("Proxy-Authorization"));
    QVERIFY(ex.legs.at(0).responseHeaders.contains("Proxy-Authenticate"));
    verifyDiagnosis(ex, 0, DiagnosisCode::ProxyAuthRequired, {}, {});
}

void tst_DiagnosisServers::noChallenge()
{
    const Exchange ex = run(get(m_apache.url(QStringLiteral("/nochallenge/index.html")), QStringLiteral("alice"), alicePassword));
    QCOMPARE(ex.legs.size(), 1);
    QCOMPARE(ex.legs.at(0).statusCode, 401);
    QVERIFY(!ex.legs.at(0).responseHeaders.contains("WWW-Authenticate"));
    verifyDiagnosis(ex, 0, DiagnosisCode::NoChallenge, {}, {alicePassword});
}

void tst_DiagnosisServers::tooManyAttempts()
{
    const Exchange ex = run(get(m_httpbin.url(QStringLiteral("/status/429"))));
    QCOMPARE(ex.legs.size(), 1);
    QCOMPARE(ex.legs.at(0).statusCode, 429);
    verifyDiagnosis(ex, 0, DiagnosisCode::TooManyAttempts, {}, {});
}

void tst_DiagnosisServers::credentialsNotSent()
{
    // 127.0.0.1 and localhost are different origins; the redirect target challenges.
    const QByteArray password = "bobs-redirect-pw";
    const QString target = QStringLiteral("http://localhost:%1/basic-auth/bob/%2").arg(m_httpbin.port()).arg(QString::fromLatin1(password));
    HttpRequest request = get(m_httpbin.url(QStringLiteral("/redirect-to?url=%1").arg(QString::fromLatin1(QUrl::toPercentEncoding(target)))),
                              QStringLiteral("bob"), password);
    request.options.followRedirects = true;
    const Exchange ex = run(request);
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(1).statusCode, 401);
    QVERIFY(!ex.legs.at(1).requestHeaders.contains("Authorization"));
    verifyDiagnosis(ex, 1, DiagnosisCode::CredentialsNotSent, {}, {password});
}

void tst_DiagnosisServers::credentialsStripped()
{
    const QByteArray token = accessToken();
    QVERIFY(!token.isEmpty());
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    QCOMPARE(run(session, withToken(m_oidc.resourceUrl(), token)).finalStatusCode(), 200); // good when it arrives
    const Exchange ex = run(session, withToken(m_apache.url(QStringLiteral("/stripped/me")), token));
    QVERIFY2(!ex.legs.isEmpty(), describe(ex).constData());
    QVERIFY(ex.legs.at(0).requestHeaders.value("Authorization").startsWith("Bearer "));
    QCOMPARE(ex.legs.at(0).statusCode, 401);
    QCOMPARE(ex.legs.at(0).challenges.value(0).scheme, QByteArray("Bearer"));
    QVERIFY(ex.legs.at(0).challenges.value(0).param("error").isEmpty());
    verifyDiagnosis(ex, 0, DiagnosisCode::CredentialsStripped, {}, {token});
}

QTEST_GUILESS_MAIN(tst_DiagnosisServers)
#include "tst_diagnosisservers.moc"
