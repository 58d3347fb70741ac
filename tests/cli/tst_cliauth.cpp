#include "apacheserver.h"
#include "clirunner.h"
#include "httpbinserver.h"
#include "lighttpdserver.h"
#include "nginxserver.h"
#include "nodedigestserver.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

// authscope-cli send against servers that ask for credentials: the real binary, run as a user or
// a script runs it, against Apache (mod_auth_basic, mod_auth_digest), python3-httpbin, lighttpd
// (SHA-256, SHA-512-256, userhash), http-auth under node (MD5-sess, RFC 2069) and nginx (Bearer
// errors, a stand-in for a remote host), all on loopback.
class TestCliAuth : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void completesTheChallengeWithUserAndPassword_data();
    void completesTheChallengeWithUserAndPassword();
    void noPromptWithoutCredentialsExitsTenNamingTheRealm();
    void wrongPasswordGivesUpWithoutLooping_data();
    void wrongPasswordGivesUpWithoutLooping();
    void asksOnTheTerminalWithoutEcho();
    void asksAgainOnTheTerminalAfterAWrongPassword();
    void ctrlCAtThePasswordPromptRestoresEchoAndKeepsTheRecord();
    void authBasicSendsCredentialsUpFront();
    void authBasicAgainstDigestOnlyExitsTen();
    void sendsABearerToken();
    void showsWhyABearerTokenWasRefused();
    void sendsAnApiKey_data();
    void sendsAnApiKey();
    void tellsForbiddenFromUnauthorized_data();
    void tellsForbiddenFromUnauthorized();
    void jsonHoldsTheChallengesOfThe401Leg();
    void warnsAboutCredentialsOverPlainHttpWithoutVerbose();
    void warnsAboutARedirectFromHttpsToHttp();

private:
    using Result = CliRunner::Result;
    QString urlOf(const QString &server, const QString &path) const;

    HttpbinServer m_httpbin;
    ApacheServer m_apache;
    LighttpdServer m_lighttpd;
    NodeDigestServer m_node;
    NginxServer m_nginx;
};

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QJsonObject jsonOf(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

// Everything after the last line break is the error line's end; the whole of stderr without -v.
int errorLines(const QByteArray &err)
{
    return int(err.count("authscope-cli: error: "));
}

} // namespace

void TestCliAuth::initTestCase()
{
    QVERIFY2(QFile::exists(CliRunner::program()), "authscope-cli was not built");
    QString error;
    QVERIFY2(m_httpbin.start(&error), qPrintable(error));

    QVERIFY(m_apache.protectBasic(QStringLiteral("/basic/"), QStringLiteral("basic realm"), QStringLiteral("alice"), "apache-pw"));
    QVERIFY(m_apache.protectDigest(QStringLiteral("/digest/"), QStringLiteral("digest realm"), QStringLiteral("alice"), "apache-pw"));
    QVERIFY(m_apache.deny(QStringLiteral("/forbidden/")));
    QVERIFY2(m_apache.start(&error), qPrintable(error));

    m_lighttpd.protect(s("/sha256/"), s("SHA-256"), s("sha256 realm"), s("carol"), "lt-pw");
    m_lighttpd.protect(s("/sha512256/"), s("SHA-512-256"), s("sha512256 realm"), s("carol"), "lt-pw");
    m_lighttpd.protect(s("/userhash/"), s("SHA-256"), s("userhash realm"), s("carol"), "lt-pw", true);
    QVERIFY2(m_lighttpd.start(&error), qPrintable(error));

    QVERIFY2(m_node.start(s("sess realm"), s("dave"), "node-pw", &error), qPrintable(error));

    // /api refuses every token with RFC 6750 error fields; /me stands in for a remote host reached
    // through a proxy (nginx takes the absolute-form request line); /down redirects https to http.
    m_nginx.setServerConfig(QStringLiteral(
            "location = /api { add_header WWW-Authenticate 'Bearer realm=\"api\", error=\"invalid_token\", "
            "error_description=\"The access token expired\"' always; return 401; }\n"
            "location = /me { if ($http_authorization = \"\") { add_header WWW-Authenticate 'Basic realm=\"remote\"' "
            "always; return 401; } return 200 \"me\\n\"; }\n"
            "location = /down { return 302 %1; }").arg(m_httpbin.url(s("/get")).toString()));
    QVERIFY2(m_nginx.start(&error), qPrintable(error));
}

QString TestCliAuth::urlOf(const QString &server, const QString &path) const
{
    if (server == u"apache")
        return m_apache.url(path).toString();
    if (server == u"httpbin")
        return m_httpbin.url(path).toString();
    if (server == u"lighttpd")
        return m_lighttpd.url(path).toString();
    return m_node.url(path).toString();
}

void TestCliAuth::completesTheChallengeWithUserAndPassword_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("challenge");      // start of the 401 leg's "* Challenge:" line
    QTest::addColumn<QString>("authentication"); // in the authorized leg's "* Authentication:" line
    QTest::addColumn<QByteArray>("body");        // in the final body

    QTest::newRow("apache basic") << s("apache") << s("/basic/index.html") << s("alice:apache-pw")
                                  << s("Basic realm=\"basic realm\"") << s("Basic as alice") << QByteArray("basic ok\n");
    QTest::newRow("httpbin basic") << s("httpbin") << s("/basic-auth/bob/httpbin-pw") << s("bob:httpbin-pw")
                                   << s("Basic realm=\"Fake Realm\"") << s("Basic as bob")
                                   << QByteArray("\"authenticated\":true");
    QTest::newRow("apache digest MD5") << s("apache") << s("/digest/index.html") << s("alice:apache-pw")
                                       << s("Digest realm=\"digest realm\"") << s("Digest MD5, qop=auth, nc=00000001 as alice")
                                       << QByteArray("digest ok\n");
    QTest::newRow("lighttpd digest SHA-256") << s("lighttpd") << s("/sha256/index.html") << s("carol:lt-pw")
                                             << s("Digest realm=\"sha256 realm\"") << s("Digest SHA-256, qop=auth")
                                             << QByteArray("protected\n");
    QTest::newRow("lighttpd digest SHA-512-256") << s("lighttpd") << s("/sha512256/index.html") << s("carol:lt-pw")
                                                 << s("Digest realm=\"sha512256 realm\"") << s("Digest SHA-512-256, qop=auth")
                                                 << QByteArray("protected\n");
    QTest::newRow("lighttpd digest userhash") << s("lighttpd") << s("/userhash/index.html") << s("carol:lt-pw")
                                              << s("Digest realm=\"userhash realm\"") << s("(user name hashed)")
                                              << QByteArray("protected\n");
    QTest::newRow("httpbin digest SHA-256 auth-int") << s("httpbin") << s("/digest-auth/auth-int/u/p/SHA-256") << s("u:p")
                                                     << s("Digest realm=\"me@kennethreitz.com\"")
                                                     << s("Digest SHA-256, qop=auth-int") << QByteArray("\"authenticated\":true");
    QTest::newRow("http-auth digest MD5-sess") << s("node") << s("/") << s("dave:node-pw")
                                               << s("Digest realm=\"sess realm\"") << s("Digest MD5-sess, qop=auth")
                                               << QByteArray("hello dave\n");
    QTest::newRow("http-auth digest RFC 2069") << s("node") << s("/none") << s("dave:node-pw")
                                               << s("Digest realm=\"sess realm\"") << s("no qop (RFC 2069)")
                                               << QByteArray("hello dave\n");
}

void TestCliAuth::completesTheChallengeWithUserAndPassword()
{
    QFETCH(QString, server);
    QFETCH(QString, path);
    QFETCH(QString, user);
    QFETCH(QString, challenge);
    QFETCH(QString, authentication);
    QFETCH(QByteArray, body);

    const Result r = CliRunner::run({s("send"), s("-v"), s("-u"), user, urlOf(server, path)});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QStringList legs = CliRunner::legBlocks(r.err);
    QCOMPARE(legs.size(), 2);
    // The 401 leg: sent without credentials, its challenge shown as scheme and parameters.
    const QString &challenged = legs.at(0);
    QVERIFY2(challenged.startsWith(s("* Leg 1 (initial): ")), qPrintable(challenged));
    QVERIFY2(!challenged.contains(s("> Authorization:")), qPrintable(challenged));
    QVERIFY2(challenged.contains(s("\n< HTTP/1.1 401 ")), qPrintable(challenged));
    QVERIFY2(challenged.contains(s("\n* Challenge: ") + challenge), qPrintable(challenged));
    QVERIFY2(!challenged.contains(s("* Authentication:")), qPrintable(challenged));
    // The authorized leg: what the credentials answered, never the password itself.
    const QString &authorized = legs.at(1);
    QVERIFY2(authorized.startsWith(s("* Leg 2 (auth-retry): Answering with the credentials given with the request, "
                                     "after the 401 of leg 1\n")), qPrintable(authorized));
    QVERIFY2(authorized.contains(s("\n> Authorization: ")), qPrintable(authorized));
    QVERIFY2(QRegularExpression(s("\n\\* Authentication: [^\n]*") + QRegularExpression::escape(authentication))
                     .match(authorized).hasMatch(),
             qPrintable(authorized));
    QVERIFY2(authorized.contains(s("\n< HTTP/1.1 200 ")), qPrintable(authorized));
    QVERIFY2(QRegularExpression(s("\n> Authorization: (Basic|Digest) [^\n]*\\[redacted\\]")).match(authorized).hasMatch(),
             qPrintable(authorized));
    QVERIFY2(r.err.contains("* Exchange done, 2 legs"), r.err.constData());
    // httpbin's JSON may put a space after colons; compare without spaces.
    QVERIFY2(QByteArray(r.out).replace(' ', QByteArray()).contains(QByteArray(body).replace(' ', QByteArray())),
             r.out.constData());
}

void TestCliAuth::noPromptWithoutCredentialsExitsTenNamingTheRealm()
{
    const QString target = m_apache.url(s("/digest/index.html")).toString();
    const Result r = CliRunner::run({s("send"), s("--no-prompt"), target});
    QCOMPARE(r.exitCode, 10);
    QCOMPARE(r.err, QStringLiteral("authscope-cli: error: The server digest realm \"digest realm\" at "
                                   "http://127.0.0.1:%1 needs credentials and none were given "
                                   "(--no-prompt: give -u USER:PASSWORD)\n").arg(m_apache.port()).toUtf8());
    QVERIFY(r.out.isEmpty());
}

void TestCliAuth::wrongPasswordGivesUpWithoutLooping_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("legs");
    QTest::addColumn<QString>("ending"); // how the one error line ends

    QTest::newRow("--no-prompt") << QStringList{s("--no-prompt")} << 2
                                 << s("(alice was rejected, --no-prompt: check -u USER:PASSWORD)\n");
    QTest::newRow("no terminal") << QStringList() << 2
                                 << s("(alice was rejected, no terminal to ask on: check -u USER:PASSWORD)\n");
    QTest::newRow("--max-auth-attempts 1") << QStringList{s("--max-auth-attempts"), s("1")} << 2
                                           << s("rejected the credentials once; check the user name and password\n");
}

void TestCliAuth::wrongPasswordGivesUpWithoutLooping()
{
    QFETCH(QStringList, options);
    QFETCH(int, legs);
    QFETCH(QString, ending);

    const QString target = m_apache.url(s("/digest/index.html")).toString();
    const Result quiet = CliRunner::run(QStringList{s("send"), s("-u"), s("alice:wrong")} + options + QStringList{target});
    QCOMPARE(quiet.exitCode, 10);
    QCOMPARE(quiet.err.count('\n'), 1);
    QVERIFY2(quiet.err.startsWith("authscope-cli: error: The server digest realm \"digest realm\""), quiet.err.constData());
    QVERIFY2(quiet.err.endsWith(ending.toUtf8()), quiet.err.constData());

    const Result verbose = CliRunner::run(QStringList{s("send"), s("-v"), s("-u"), s("alice:wrong")} + options
                                          + QStringList{target});
    QCOMPARE(verbose.exitCode, 10);
    QCOMPARE(CliRunner::legCount(verbose.err), legs);
    QCOMPARE(verbose.err.count("< HTTP/1.1 401 "), legs);
    QVERIFY2(verbose.err.contains("* Note [credentials-rejected]: "), verbose.err.constData());
    // After the notes of each refused leg, why: the first asked, the answers were refused.
    QCOMPARE(verbose.err.count("* Diagnosis: "), legs);
    QVERIFY2(verbose.err.contains("* Diagnosis: missing-credentials: "), verbose.err.constData());
    QVERIFY2(verbose.err.contains("* Diagnosis: credentials-rejected: "), verbose.err.constData());
    QVERIFY2(verbose.err.contains("*   evidence: WWW-Authenticate: Digest realm=\"digest realm\""), verbose.err.constData());
    QCOMPARE(errorLines(verbose.err), 1);
    QVERIFY2(verbose.err.endsWith(ending.toUtf8()), verbose.err.constData());
}

void TestCliAuth::asksOnTheTerminalWithoutEcho()
{
    const QString target = m_httpbin.url(s("/basic-auth/alice/typed-secret")).toString();
    const Result r = CliRunner::runOnTerminal({s("send"), s("-u"), s("alice"), target},
                                              {{s("User [alice]: "), QString()},
                                               {s("Password for alice: "), s("typed-secret")}});
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    const QByteArray expectedStart = QStringLiteral("Credentials needed by http://127.0.0.1:%1 for /basic-auth/alice/typed-secret\r\n"
                                                    "  Scheme: Basic, realm \"Fake Realm\"\r\n"
                                                    "  Warning: the connection is not encrypted (plain http); it stays on "
                                                    "this machine (loopback)\r\n"
                                                    "User [alice]: \r\n"
                                                    "Password for alice: \r\n")
                                             .arg(m_httpbin.port()).toUtf8();
    QVERIFY2(r.out.startsWith(expectedStart), r.out.constData());
    // Once in the path of the URL; not echoed after "Password for alice: " (expectedStart).
    QCOMPARE(r.out.count("typed-secret"), 1);
    QCOMPARE(jsonOf(r.out.mid(r.out.indexOf('{'))).value(s("authenticated")).toBool(), true);
}

void TestCliAuth::asksAgainOnTheTerminalAfterAWrongPassword()
{
    const QString target = m_apache.url(s("/digest/index.html")).toString();
    const Result r = CliRunner::runOnTerminal({s("send"), s("-v"), target},
                                              {{s("User: "), s("alice")},
                                               {s("Password for alice: "), s("typo")},
                                               {s("User [alice]: "), QString()},
                                               {s("Password for alice: "), s("apache-pw")}});
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    QVERIFY2(r.out.contains("  Attempt 2 of 3: the credentials of alice were rejected\r\n"), r.out.constData());
    QCOMPARE(r.out.count("Credentials needed by "), 2);
    QCOMPARE(CliRunner::legCount(QByteArray(r.out).replace("\r\n", "\n")), 3);
    QVERIFY2(r.out.contains("* Exchange done, 3 legs"), r.out.constData());
    QVERIFY(!r.out.contains("typo\r\n"));
    QVERIFY(!r.out.contains("apache-pw"));
    QVERIFY2(r.out.endsWith("digest ok\r\n"), r.out.constData());
}

void TestCliAuth::ctrlCAtThePasswordPromptRestoresEchoAndKeepsTheRecord()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString har = dir.filePath(s("cancelled.har"));
    const Result r = CliRunner::runOnTerminal({s("send"), s("-v"), s("--har"), har, s("-u"), s("alice"),
                                               m_httpbin.url(s("/basic-auth/alice/pw")).toString()},
                                              {{s("User [alice]: "), QString()}, {s("Password for alice: "), s("^C")}});
    QVERIFY2(r.exitCode == 130, QByteArray(r.out + r.err).constData());
    QVERIFY2(r.err.contains("terminal echo: on\n"), r.err.constData());
    QVERIFY2(r.out.contains("* Exchange failed (cancelled)"), r.out.constData());
    QFile file(har);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(jsonOf(file.readAll()).value(s("log")).toObject().value(s("entries")).toArray().size(), 1);
}

void TestCliAuth::authBasicSendsCredentialsUpFront()
{
    const Result r = CliRunner::run({s("send"), s("-v"), s("--auth"), s("basic"), s("-u"), s("user:passwd"),
                                     m_httpbin.url(s("/basic-auth/user/passwd")).toString()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(CliRunner::legCount(r.err), 1);
    QVERIFY2(r.err.contains("> Authorization: Basic [redacted]   [authentication]\n"), r.err.constData());
    QVERIFY2(r.err.contains("* Authentication: Basic as user (sent up front: --auth basic)\n"), r.err.constData());
    QVERIFY(!r.err.contains("* Challenge:"));
    QCOMPARE(jsonOf(r.out).value(s("authenticated")).toBool(), true);
}

void TestCliAuth::authBasicAgainstDigestOnlyExitsTen()
{
    const Result r = CliRunner::run({s("send"), s("--auth"), s("basic"), s("-u"), s("alice:apache-pw"),
                                     m_apache.url(s("/digest/index.html")).toString()});
    QCOMPARE(r.exitCode, 10);
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.startsWith("authscope-cli: error: "), r.err.constData());
    QVERIFY2(r.err.contains("you asked for Basic"), r.err.constData());
}

void TestCliAuth::sendsABearerToken()
{
    const Result r = CliRunner::run({s("send"), s("-v"), s("--oauth2-bearer"), s("tok-123.abc"),
                                     m_httpbin.url(s("/bearer")).toString()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(CliRunner::legCount(r.err), 1);
    QVERIFY2(r.err.contains("> Authorization: Bearer [redacted]   [authentication]\n"), r.err.constData());
    QVERIFY2(r.err.contains("* Authentication: Bearer token (11 characters), given with the request\n"), r.err.constData());
    QVERIFY2(!r.err.contains("tok-123.abc"), r.err.constData());
    QCOMPARE(jsonOf(r.out).value(s("token")).toString(), s("tok-123.abc"));
}

void TestCliAuth::showsWhyABearerTokenWasRefused()
{
    const Result r = CliRunner::run({s("send"), s("-v"), s("--oauth2-bearer"), s("expired-token"),
                                     m_nginx.url(s("/api")).toString()});
    QCOMPARE(r.exitCode, 10);
    QCOMPARE(CliRunner::legCount(r.err), 1); // the token went with the first leg; nothing to retry with
    QVERIFY2(r.err.contains("* Challenge: Bearer realm=api, error=invalid_token, "
                            "error_description=\"The access token expired\"\n"),
             r.err.constData());
    QVERIFY2(r.err.contains("* Note [bearer-invalid-token]: "), r.err.constData());
    // The server's own words are the particulars of their note.
    QVERIFY2(r.err.contains("* Note [server-error-description]: Bearer: the server says: The access token expired\n"), r.err.constData());
    QVERIFY2(r.err.contains("* Note [credentials-rejected]: "), r.err.constData());
    QVERIFY2(r.err.contains("* Diagnosis: token-expired: The server says the token expired: \"The access token expired\"\n"),
             r.err.constData());
    QVERIFY2(r.err.contains("*   evidence: leg 1 sent Authorization: Bearer (a token of 13 characters)\n"), r.err.constData());
    QCOMPARE(errorLines(r.err), 1);
    QVERIFY2(r.err.endsWith("(the token was rejected, no terminal to ask on: check --oauth2-bearer TOKEN)\n"),
             r.err.constData());
    QVERIFY(!r.err.contains("expired-token"));
}

void TestCliAuth::sendsAnApiKey_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("requestLine"); // as -v shows it
    QTest::addColumn<QString>("echoedIn");       // the JSON object of httpbin's echo holding the key
    QTest::addColumn<QString>("name");

    QTest::newRow("header") << QStringList{s("--api-key"), s("X-Service-Key=key-value-1")} << s("/headers")
                            << QByteArray("> GET /headers HTTP/1.1\n") << s("headers") << s("X-Service-Key");
    QTest::newRow("query") << QStringList{s("--api-key"), s("service_key=key-value-1"), s("--api-key-in"), s("query")}
                           << s("/get?a=1") << QByteArray("> GET /get?a=1&service_key=[redacted] HTTP/1.1\n")
                           << s("args") << s("service_key");
}

void TestCliAuth::sendsAnApiKey()
{
    QFETCH(QStringList, options);
    QFETCH(QString, path);
    QFETCH(QByteArray, requestLine);
    QFETCH(QString, echoedIn);
    QFETCH(QString, name);

    const Result r = CliRunner::run(QStringList{s("send"), s("-v")} + options + QStringList{m_httpbin.url(path).toString()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(CliRunner::legCount(r.err), 1);
    QVERIFY2(r.err.contains(requestLine), r.err.constData());
    QVERIFY2(!r.err.contains("key-value-1"), r.err.constData());
    if (echoedIn == u"headers")
        QVERIFY2(r.err.contains("> X-Service-Key: [redacted]   [authentication]\n"), r.err.constData());
    QCOMPARE(jsonOf(r.out).value(echoedIn).toObject().value(name).toString(), s("key-value-1"));
}

void TestCliAuth::tellsForbiddenFromUnauthorized_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("path");

    QTest::newRow("apache Require all denied") << s("apache") << s("/forbidden/index.html");
    QTest::newRow("httpbin status 403") << s("httpbin") << s("/status/403");
}

void TestCliAuth::tellsForbiddenFromUnauthorized()
{
    QFETCH(QString, server);
    QFETCH(QString, path);

    const Result r = CliRunner::run({s("send"), s("-v"), s("-u"), s("alice:apache-pw"), urlOf(server, path)});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(CliRunner::legCount(r.err), 1);
    QVERIFY2(r.err.contains("< HTTP/1.1 403 "), r.err.constData());
    QVERIFY2(r.err.contains("* Note [status-forbidden]: "), r.err.constData());
    QVERIFY(!r.err.contains("* Challenge:"));
    QVERIFY(!r.err.contains("authscope-cli: error"));

    const Result failing = CliRunner::run({s("send"), s("--fail"), s("-u"), s("alice:apache-pw"), urlOf(server, path)});
    QCOMPARE(failing.exitCode, 22);
    QVERIFY2(failing.err.startsWith("authscope-cli: error: the server answered HTTP/1.1 403 "), failing.err.constData());
    QCOMPARE(failing.err.count('\n'), 1);
}

void TestCliAuth::jsonHoldsTheChallengesOfThe401Leg()
{
    const Result r = CliRunner::run({s("send"), s("--json"), s("-u"), s("alice:apache-pw"),
                                     m_apache.url(s("/digest/index.html")).toString()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonArray legs = jsonOf(r.out).value(s("legs")).toArray();
    QCOMPARE(legs.size(), 2);
    const QJsonObject challenged = legs.at(0).toObject();
    const QJsonObject authorized = legs.at(1).toObject();
    QCOMPARE(challenged.value(s("response")).toObject().value(s("statusCode")).toInt(), 401);
    QCOMPARE(authorized.value(s("response")).toObject().value(s("statusCode")).toInt(), 200);
    const QJsonArray challenges = challenged.value(s("challenges")).toArray();
    QCOMPARE(challenges.size(), 1);
    const QJsonObject digest = challenges.at(0).toObject();
    QCOMPARE(digest.value(s("scheme")).toString(), s("Digest"));
    QVERIFY2(digest.value(s("display")).toString().startsWith(s("Digest realm=\"digest realm\", ")),
             qPrintable(digest.value(s("display")).toString()));
    QVERIFY(digest.value(s("params")).toArray().contains(QJsonArray{s("realm"), s("digest realm")}));
    QVERIFY(authorized.value(s("challenges")).toArray().isEmpty());
    QVERIFY2(authorized.value(s("authentication")).toString().startsWith(s("Digest MD5, qop=auth")),
             qPrintable(authorized.value(s("authentication")).toString()));
    QVERIFY2(!r.out.contains("apache-pw"), r.out.constData());
}

void TestCliAuth::warnsAboutCredentialsOverPlainHttpWithoutVerbose()
{
    // A remote-looking host reached through nginx on loopback as the proxy: nothing leaves the machine.
    const QStringList arguments{s("send"), s("--proxy"), QStringLiteral("http://127.0.0.1:%1").arg(m_nginx.port()),
                                s("-u"), s("u:remote-pw"), s("http://api.example.test/me")};
    const Result r = CliRunner::run(arguments);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out, QByteArray("me\n"));
    QVERIFY2(r.err.startsWith("authscope-cli: warning: [plain-http-warning] "), r.err.constData());
    QVERIFY2(r.err.contains("api.example.test"), r.err.constData());
    QCOMPARE(r.err.count('\n'), 1);

    // With -v the warning is still its own line, once, not repeated as a note.
    const Result verbose = CliRunner::run(QStringList{arguments.first(), s("-v")} + arguments.mid(1));
    QVERIFY2(verbose.exitCode == 0, verbose.err.constData());
    QCOMPARE(verbose.err.count("authscope-cli: warning: [plain-http-warning] "), 1);
    QVERIFY(!verbose.err.contains("* Note [plain-http-warning]"));
    // It follows the leg that carried the credentials.
    QVERIFY(verbose.err.indexOf("authscope-cli: warning: ") > verbose.err.indexOf("* Leg 2 (auth-retry)"));
}

void TestCliAuth::warnsAboutARedirectFromHttpsToHttp()
{
    const Result r = CliRunner::run({s("send"), s("-k"), s("-L"), m_nginx.httpsUrl(s("/down")).toString()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.startsWith("authscope-cli: warning: [https-downgrade] "), r.err.constData());
    QCOMPARE(r.err.count('\n'), 1);
    QCOMPARE(jsonOf(r.out).value(s("url")).toString(), m_httpbin.url(s("/get")).toString());
}

QTEST_GUILESS_MAIN(TestCliAuth)
#include "tst_cliauth.moc"
