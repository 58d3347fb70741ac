#include "clirunner.h"
#include "oauth/oauthprofilestore.h"
#include "oidcserver.h"
#include "privatesessionbus.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

#include <csignal>

// authscope-cli oauth end to end: the built binary against the real authorization server
// (oidc-provider, OidcServer) and the real Secret Service of the test run (the throwaway HOME's
// keyring). Each grant signs in headless: client_credentials at once, authorization_code through
// the test browser as $BROWSER, device_code approved over HTTP, password on a pseudo-terminal.
// What the server does with the tokens afterwards is asked of the server itself (the protected
// resource, the token endpoint), not of the CLI.
class TestCliOAuth : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup();

    void addSavesEveryOption();
    void addRefusesBadInputNamingTheOption_data();
    void addRefusesBadInputNamingTheOption();
    void addTakesTheClientSecretFromStdinOnlyAndNeverShowsIt();
    void addOfAnExistingNameNeedsReplace();
    void addOfThePasswordGrantWarnsItIsDeprecated();

    void clientCredentialsLoginGivesATokenTheResourceTakes();
    void authorizationCodeLoginRunsTheBrowser();
    void browserVariableMayListSeveralCommands();
    void interruptWhileWaitingForTheBrowserExits130();
    void deviceCodeLoginIsApprovedOverHttp();
    void passwordLoginAsksOnTheTerminal();
    void refreshRotatesAndTheServerRefusesTheOldRefreshToken();
    void revokeMakesTheResourceRefuseTheToken();
    void loginWithAWrongSecretFailsInOneLine();
    void verboseLoginShowsTheTokenLegsRedacted();

    void showMasksTheTokensUnlessRevealed();
    void showDecodesTheJwtAccessToken();
    void listAsJsonIsAStableArrayWithoutSecrets();
    void deleteRemovesTheProfileAndItsSecrets();
    void unknownProfileExitsTwelve_data();
    void unknownProfileExitsTwelve();
    void optionOfAnotherActionIsRefused();
    void profileIndexHoldsNoSecret();
    void withoutSecretServiceAddExitsElevenAndListSaysUnknown();
    void helpDescribesEveryAction();

private:
    static QStringList oauth(const QStringList &arguments) { return QStringList{QStringLiteral("oauth")} + arguments; }
    CliRunner::Result run(const QStringList &arguments);
    // "oauth add NAME ..." with the client secret piped in (none when empty).
    CliRunner::Result add(const QString &name, const QStringList &options, const QByteArray &secret = QByteArray());
    void addClientCredentials(const QString &name);
    void addConfidentialApp(const QString &name, const QString &grant);
    // The profile's object in "oauth list --json" (empty when not listed).
    QJsonObject listed(const QString &name);
    // "oauth show --reveal NAME": the access and refresh tokens it printed.
    QPair<QByteArray, QByteArray> revealed(const QString &name);
    // The protected resource's answer to the token (the HTTP status; -1 on no answer).
    int resourceStatus(const QByteArray &accessToken);
    // The token endpoint's HTTP status for a refresh with this refresh token (confidential client).
    int refreshStatus(const QByteArray &refreshToken, QByteArray *body = nullptr);
    QProcessEnvironment browserEnvironment(const QString &browser = QString()) const;

    OidcServer m_server;
    QNetworkAccessManager m_manager;
    QList<QByteArray> m_seenSecrets; // every token the CLI revealed, for the file scan
};

void TestCliOAuth::initTestCase()
{
    QVERIFY2(QFile::exists(CliRunner::program()), "authscope-cli was not built");
    QString error;
    OidcServerOptions options;
    options.accessTokenTtlSeconds = 300; // tokens that stay valid through a test unless it says otherwise
    QVERIFY2(m_server.start(&error, options), qPrintable(error));
}

void TestCliOAuth::cleanup()
{
    // Every profile a test made goes, secrets and all, through the CLI itself.
    const CliRunner::Result list = run(oauth({QStringLiteral("list"), QStringLiteral("--json")}));
    const QJsonArray profiles = QJsonDocument::fromJson(list.out).array();
    for (const QJsonValue &profile : profiles)
        run(oauth({QStringLiteral("delete"), profile.toObject().value(QStringLiteral("name")).toString()}));
    QVERIFY(m_server.setAccessTokenTtl(300));
}

CliRunner::Result TestCliOAuth::run(const QStringList &arguments)
{
    return CliRunner::run(arguments, browserEnvironment());
}

QProcessEnvironment TestCliOAuth::browserEnvironment(const QString &browser) const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("BROWSER"), browser.isEmpty() ? OidcServer::browserCommand() : browser);
    return environment;
}

CliRunner::Result TestCliOAuth::add(const QString &name, const QStringList &options, const QByteArray &secret)
{
    QStringList arguments = oauth({QStringLiteral("add"), name});
    arguments += options;
    if (secret.isEmpty())
        return run(arguments);
    arguments.append(QStringLiteral("--client-secret-stdin"));
    return CliRunner::runWithInput(arguments, secret + '\n', browserEnvironment());
}

void TestCliOAuth::addClientCredentials(const QString &name)
{
    const CliRunner::Result added = add(name, {QStringLiteral("--token-url"), m_server.tokenUrl().toString(),
                                               QStringLiteral("--revocation-url"), m_server.revocationUrl().toString(),
                                               QStringLiteral("--client-id"), OidcServer::clientCredentialsClientId(),
                                               QStringLiteral("--scope"), QStringLiteral("api:read")},
                                        m_server.secretOf(OidcServer::clientCredentialsClientId()));
    QVERIFY2(added.exitCode == 0, added.err.constData());
}

void TestCliOAuth::addConfidentialApp(const QString &name, const QString &grant)
{
    const CliRunner::Result added = add(name, {QStringLiteral("--issuer"), m_server.issuer().toString(),
                                               QStringLiteral("--client-id"), OidcServer::confidentialClientId(),
                                               QStringLiteral("--grant"), grant,
                                               QStringLiteral("--scope"), QStringLiteral("openid offline_access api:read")},
                                        m_server.secretOf(OidcServer::confidentialClientId()));
    QVERIFY2(added.exitCode == 0, added.err.constData());
}

QJsonObject TestCliOAuth::listed(const QString &name)
{
    const CliRunner::Result list = run(oauth({QStringLiteral("list"), QStringLiteral("--json")}));
    if (list.exitCode != 0)
        return {};
    for (const QJsonValue &profile : QJsonDocument::fromJson(list.out).array()) {
        if (profile.toObject().value(QStringLiteral("name")).toString() == name)
            return profile.toObject();
    }
    return {};
}

QPair<QByteArray, QByteArray> TestCliOAuth::revealed(const QString &name)
{
    const CliRunner::Result show = run(oauth({QStringLiteral("show"), QStringLiteral("--reveal"), name}));
    QPair<QByteArray, QByteArray> tokens;
    for (const QByteArray &line : show.out.split('\n')) {
        if (line.startsWith("Access token:") && !line.contains("(below)"))
            tokens.first = line.mid(line.indexOf(':') + 1).trimmed();
        else if (line.startsWith("Refresh token:") && !line.contains("(below)"))
            tokens.second = line.mid(line.indexOf(':') + 1).trimmed();
    }
    m_seenSecrets << tokens.first << tokens.second;
    return tokens;
}

int TestCliOAuth::resourceStatus(const QByteArray &accessToken)
{
    QNetworkRequest request(m_server.resourceUrl());
    request.setRawHeader("Authorization", "Bearer " + accessToken);
    std::unique_ptr<QNetworkReply> reply(m_manager.get(request));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(10000))
        return -1;
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

int TestCliOAuth::refreshStatus(const QByteArray &refreshToken, QByteArray *body)
{
    QNetworkRequest request(m_server.tokenUrl());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    const QByteArray client = OidcServer::confidentialClientId().toUtf8() + ':'
            + m_server.secretOf(OidcServer::confidentialClientId());
    request.setRawHeader("Authorization", "Basic " + client.toBase64());
    const QByteArray form = "grant_type=refresh_token&refresh_token=" + QUrl::toPercentEncoding(QString::fromLatin1(refreshToken));
    std::unique_ptr<QNetworkReply> reply(m_manager.post(request, form));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(10000))
        return -1;
    if (body)
        *body = reply->readAll();
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

void TestCliOAuth::addSavesEveryOption()
{
    const CliRunner::Result added = add(QStringLiteral("every-option"),
            {QStringLiteral("--token-url"), m_server.tokenUrl().toString(),
             QStringLiteral("--auth-url"), m_server.authorizationUrl().toString(),
             QStringLiteral("--device-url"), m_server.deviceAuthorizationUrl().toString(),
             QStringLiteral("--revocation-url"), m_server.revocationUrl().toString(),
             QStringLiteral("--client-id"), OidcServer::confidentialClientId(),
             QStringLiteral("--client-auth"), QStringLiteral("post"),
             QStringLiteral("--scope"), QStringLiteral("openid api:read"),
             QStringLiteral("--grant"), QStringLiteral("authorization_code"),
             QStringLiteral("--redirect-uri"), QStringLiteral("http://127.0.0.1:48213/callback"),
             QStringLiteral("--resource"), m_server.resourceIndicator(),
             QStringLiteral("--audience"), QStringLiteral("api")},
            m_server.secretOf(OidcServer::confidentialClientId()));
    QCOMPARE(added.exitCode, 0);
    QVERIFY2(added.out.startsWith("saved OAuth profile every-option"), added.out.constData());

    const QJsonObject profile = listed(QStringLiteral("every-option"));
    QCOMPARE(profile.value(QStringLiteral("tokenUrl")).toString(), m_server.tokenUrl().toString());
    QCOMPARE(profile.value(QStringLiteral("authorizationUrl")).toString(), m_server.authorizationUrl().toString());
    QCOMPARE(profile.value(QStringLiteral("deviceAuthorizationUrl")).toString(),
             m_server.deviceAuthorizationUrl().toString());
    QCOMPARE(profile.value(QStringLiteral("revocationUrl")).toString(), m_server.revocationUrl().toString());
    QCOMPARE(profile.value(QStringLiteral("clientId")).toString(), OidcServer::confidentialClientId());
    QCOMPARE(profile.value(QStringLiteral("clientAuth")).toString(), QStringLiteral("post"));
    QCOMPARE(profile.value(QStringLiteral("scope")).toString(), QStringLiteral("openid api:read"));
    QCOMPARE(profile.value(QStringLiteral("grant")).toString(), QStringLiteral("authorization_code"));
    QCOMPARE(profile.value(QStringLiteral("redirectUri")).toString(), QStringLiteral("http://127.0.0.1:48213/callback"));
    QCOMPARE(profile.value(QStringLiteral("resource")).toString(), m_server.resourceIndicator());
    QCOMPARE(profile.value(QStringLiteral("audience")).toString(), QStringLiteral("api"));
    QVERIFY(profile.value(QStringLiteral("issuer")).isNull());
    QCOMPARE(profile.value(QStringLiteral("state")).toString(), QStringLiteral("none"));

    // The defaults: a secret means client_secret_basic and client_credentials; none, a public
    // client signing in with the browser.
    addClientCredentials(QStringLiteral("defaults-secret"));
    QCOMPARE(listed(QStringLiteral("defaults-secret")).value(QStringLiteral("clientAuth")).toString(), QStringLiteral("basic"));
    QCOMPARE(listed(QStringLiteral("defaults-secret")).value(QStringLiteral("grant")).toString(),
             QStringLiteral("client_credentials"));
    const CliRunner::Result publicClient = add(QStringLiteral("defaults-public"),
            {QStringLiteral("--issuer"), m_server.issuer().toString(), QStringLiteral("--client-id"),
             OidcServer::publicClientId()});
    QCOMPARE(publicClient.exitCode, 0);
    const QJsonObject publicProfile = listed(QStringLiteral("defaults-public"));
    QCOMPARE(publicProfile.value(QStringLiteral("clientAuth")).toString(), QStringLiteral("none"));
    QCOMPARE(publicProfile.value(QStringLiteral("grant")).toString(), QStringLiteral("authorization_code"));
    QCOMPARE(publicProfile.value(QStringLiteral("issuer")).toString(), m_server.issuer().toString());
}

void TestCliOAuth::addRefusesBadInputNamingTheOption_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<bool>("withSecret");
    QTest::addColumn<QString>("named"); // what the one error line must name

    const QString token = QStringLiteral("--token-url");
    const QString tokenUrl = QStringLiteral("http://127.0.0.1:9/token");
    const QString client = QStringLiteral("--client-id");
    QTest::newRow("no endpoint") << QStringList{client, QStringLiteral("c")} << true << QStringLiteral("--issuer");
    QTest::newRow("issuer and token url")
            << QStringList{QStringLiteral("--issuer"), QStringLiteral("http://127.0.0.1:9"), token, tokenUrl, client,
                           QStringLiteral("c")} << true << token;
    QTest::newRow("token url not http") << QStringList{token, QStringLiteral("ftp://h/token"), client, QStringLiteral("c")}
                                        << true << token;
    QTest::newRow("token url relative") << QStringList{token, QStringLiteral("/token"), client, QStringLiteral("c")}
                                        << true << token;
    QTest::newRow("auth url with a fragment")
            << QStringList{token, tokenUrl, QStringLiteral("--auth-url"), QStringLiteral("http://h/a#x"), client,
                           QStringLiteral("c"), QStringLiteral("--grant"), QStringLiteral("authorization_code")}
            << true << QStringLiteral("--auth-url");
    QTest::newRow("no client id") << QStringList{token, tokenUrl} << true << client;
    QTest::newRow("unknown client auth")
            << QStringList{token, tokenUrl, client, QStringLiteral("c"), QStringLiteral("--client-auth"),
                           QStringLiteral("jwt")} << true << QStringLiteral("--client-auth");
    QTest::newRow("unknown grant") << QStringList{token, tokenUrl, client, QStringLiteral("c"), QStringLiteral("--grant"),
                                                  QStringLiteral("implicit")} << true << QStringLiteral("--grant");
    QTest::newRow("basic without a secret")
            << QStringList{token, tokenUrl, client, QStringLiteral("c"), QStringLiteral("--client-auth"),
                           QStringLiteral("basic")} << false << QStringLiteral("--client-secret-stdin");
    QTest::newRow("public client with a secret")
            << QStringList{token, tokenUrl, client, QStringLiteral("c"), QStringLiteral("--client-auth"),
                           QStringLiteral("none")} << true << QStringLiteral("--client-auth none");
    QTest::newRow("client_credentials for a public client")
            << QStringList{token, tokenUrl, client, QStringLiteral("c"), QStringLiteral("--grant"),
                           QStringLiteral("client_credentials")} << false << QStringLiteral("--grant client_credentials");
    QTest::newRow("code grant without an authorization endpoint")
            << QStringList{token, tokenUrl, client, QStringLiteral("c"), QStringLiteral("--grant"),
                           QStringLiteral("authorization_code")} << false << QStringLiteral("--auth-url");
    QTest::newRow("device grant without a device endpoint")
            << QStringList{token, tokenUrl, client, QStringLiteral("c"), QStringLiteral("--grant"),
                           QStringLiteral("device_code")} << false << QStringLiteral("--device-url");
    QTest::newRow("redirect uri not loopback")
            << QStringList{token, tokenUrl, QStringLiteral("--auth-url"), QStringLiteral("http://h/a"), client,
                           QStringLiteral("c"), QStringLiteral("--grant"), QStringLiteral("authorization_code"),
                           QStringLiteral("--redirect-uri"), QStringLiteral("http://example.org:8400/cb")}
            << false << QStringLiteral("--redirect-uri");
    QTest::newRow("redirect uri without a port")
            << QStringList{token, tokenUrl, QStringLiteral("--auth-url"), QStringLiteral("http://h/a"), client,
                           QStringLiteral("c"), QStringLiteral("--grant"), QStringLiteral("authorization_code"),
                           QStringLiteral("--redirect-uri"), QStringLiteral("http://127.0.0.1/callback")}
            << false << QStringLiteral("--redirect-uri");
    QTest::newRow("redirect uri for another grant")
            << QStringList{token, tokenUrl, client, QStringLiteral("c"), QStringLiteral("--redirect-uri"),
                           QStringLiteral("http://127.0.0.1:8400/callback")} << true << QStringLiteral("--redirect-uri");
    QTest::newRow("scope with a quote") << QStringList{token, tokenUrl, client, QStringLiteral("c"), QStringLiteral("--scope"),
                                                       QStringLiteral("api:\"read")} << true << QStringLiteral("--scope");
    QTest::newRow("resource with a fragment")
            << QStringList{token, tokenUrl, client, QStringLiteral("c"), QStringLiteral("--resource"),
                           QStringLiteral("https://api/#x")} << true << QStringLiteral("--resource");
    QTest::newRow("client id with a line break")
            << QStringList{token, tokenUrl, client, QStringLiteral("c\nd")} << true << client;
}

void TestCliOAuth::addRefusesBadInputNamingTheOption()
{
    QFETCH(QStringList, options);
    QFETCH(bool, withSecret);
    QFETCH(QString, named);
    const CliRunner::Result result = add(QStringLiteral("bad-input"), options, withSecret ? QByteArrayLiteral("s3cr3t-x") : QByteArray());
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(named.toUtf8()), result.err.constData());
    QCOMPARE(result.err.count('\n'), 1);
    QVERIFY(!result.err.contains("s3cr3t-x"));
    QVERIFY(listed(QStringLiteral("bad-input")).isEmpty());
}

void TestCliOAuth::addTakesTheClientSecretFromStdinOnlyAndNeverShowsIt()
{
    const QByteArray secret = m_server.secretOf(OidcServer::clientCredentialsClientId());
    const CliRunner::Result added = add(QStringLiteral("secret-in"),
            {QStringLiteral("--token-url"), m_server.tokenUrl().toString(), QStringLiteral("--client-id"),
             OidcServer::clientCredentialsClientId()}, secret);
    QCOMPARE(added.exitCode, 0);
    QVERIFY(!added.out.contains(secret));
    QVERIFY(!added.err.contains(secret));
    const CliRunner::Result show = run(oauth({QStringLiteral("show"), QStringLiteral("secret-in")}));
    QVERIFY2(show.out.contains("stored in the keychain"), show.out.constData());
    QVERIFY(!show.out.contains(secret));
    QFile index(OAuthProfileStore::defaultIndexPath());
    QVERIFY2(index.open(QIODevice::ReadOnly), qPrintable(index.fileName()));
    const QByteArray stored = index.readAll();
    QVERIFY(stored.contains("secret-in")); // the scan reads the right file
    QVERIFY(!stored.contains(secret));

    // A secret as an argument is refused without being repeated; empty input saves nothing.
    const CliRunner::Result asArgument = run(oauth({QStringLiteral("add"), QStringLiteral("secret-arg"),
                                                    QStringLiteral("--token-url"), m_server.tokenUrl().toString(),
                                                    QStringLiteral("--client-id"), QStringLiteral("c"),
                                                    QStringLiteral("hunter2-secret")}));
    QCOMPARE(asArgument.exitCode, 2);
    QVERIFY(!asArgument.err.contains("hunter2-secret"));
    const CliRunner::Result empty = CliRunner::runWithInput(
            oauth({QStringLiteral("add"), QStringLiteral("secret-empty"), QStringLiteral("--token-url"),
                   m_server.tokenUrl().toString(), QStringLiteral("--client-id"), QStringLiteral("c"),
                   QStringLiteral("--client-secret-stdin")}), "\n");
    QCOMPARE(empty.exitCode, 2);
    QVERIFY(listed(QStringLiteral("secret-empty")).isEmpty());
}

void TestCliOAuth::addOfAnExistingNameNeedsReplace()
{
    addClientCredentials(QStringLiteral("twice"));
    QVERIFY(run(oauth({QStringLiteral("login"), QStringLiteral("twice")})).exitCode == 0);
    const QStringList options{QStringLiteral("--token-url"), m_server.tokenUrl().toString(), QStringLiteral("--client-id"),
                              OidcServer::clientCredentialsClientId(), QStringLiteral("--scope"), QStringLiteral("api:write")};
    const CliRunner::Result again = add(QStringLiteral("twice"), options, "other");
    QCOMPARE(again.exitCode, 2);
    QVERIFY2(again.err.contains("--replace"), again.err.constData());
    QCOMPARE(listed(QStringLiteral("twice")).value(QStringLiteral("scope")).toString(), QStringLiteral("api:read"));
    QCOMPARE(listed(QStringLiteral("twice")).value(QStringLiteral("state")).toString(), QStringLiteral("valid"));

    // --replace without a new secret keeps the stored one: the grant still works.
    const CliRunner::Result replaced = add(QStringLiteral("twice"), options + QStringList{QStringLiteral("--replace"),
                                           QStringLiteral("--client-auth"), QStringLiteral("basic")});
    QVERIFY2(replaced.exitCode == 0, replaced.err.constData());
    QCOMPARE(listed(QStringLiteral("twice")).value(QStringLiteral("scope")).toString(), QStringLiteral("api:write"));
    // The tokens of the old scope went with it.
    QCOMPARE(listed(QStringLiteral("twice")).value(QStringLiteral("state")).toString(), QStringLiteral("none"));
    const CliRunner::Result login = run(oauth({QStringLiteral("login"), QStringLiteral("twice")}));
    QVERIFY2(login.exitCode == 0, login.err.constData());
}

void TestCliOAuth::addOfThePasswordGrantWarnsItIsDeprecated()
{
    const CliRunner::Result added = add(QStringLiteral("legacy"),
            {QStringLiteral("--token-url"), m_server.tokenUrl().toString(), QStringLiteral("--client-id"),
             OidcServer::confidentialClientId(), QStringLiteral("--grant"), QStringLiteral("password")},
            m_server.secretOf(OidcServer::confidentialClientId()));
    QCOMPARE(added.exitCode, 0);
    QVERIFY2(added.err.contains("warning: [password-grant-deprecated]"), added.err.constData());
    const CliRunner::Result show = run(oauth({QStringLiteral("show"), QStringLiteral("legacy")}));
    QVERIFY2(show.out.contains("password (deprecated)"), show.out.constData());
}

void TestCliOAuth::clientCredentialsLoginGivesATokenTheResourceTakes()
{
    addClientCredentials(QStringLiteral("machine"));
    QVERIFY(m_server.resetStats());
    const CliRunner::Result login = run(oauth({QStringLiteral("login"), QStringLiteral("machine")}));
    QVERIFY2(login.exitCode == 0, login.err.constData());
    QVERIFY2(login.out.startsWith("machine: signed in; valid until "), login.out.constData());
    QCOMPARE(login.out.count('\n'), 1);
    QCOMPARE(m_server.tokenEndpointCalls(QStringLiteral("client_credentials")), 1);
    QCOMPARE(listed(QStringLiteral("machine")).value(QStringLiteral("state")).toString(), QStringLiteral("valid"));
    const QByteArray accessToken = revealed(QStringLiteral("machine")).first;
    QVERIFY(!accessToken.isEmpty());
    QCOMPARE(resourceStatus(accessToken), 200);

    // refresh of a profile without a refresh token runs its grant again.
    const CliRunner::Result refresh = run(oauth({QStringLiteral("refresh"), QStringLiteral("machine")}));
    QVERIFY2(refresh.exitCode == 0, refresh.err.constData());
    QVERIFY2(refresh.out.startsWith("machine: refreshed; valid until "), refresh.out.constData());
    QCOMPARE(m_server.tokenEndpointCalls(QStringLiteral("client_credentials")), 2);
    QVERIFY(revealed(QStringLiteral("machine")).first != accessToken);
}

void TestCliOAuth::authorizationCodeLoginRunsTheBrowser()
{
    addConfidentialApp(QStringLiteral("browser-app"), QStringLiteral("authorization_code"));
    const CliRunner::Result login = run(oauth({QStringLiteral("login"), QStringLiteral("browser-app")}));
    QVERIFY2(login.exitCode == 0, login.err.constData());
    QVERIFY2(login.out.contains("browser-app: signed in; valid until "), login.out.constData());
    QVERIFY2(login.out.contains("refresh token stored"), login.out.constData());
    QVERIFY2(login.err.contains("Waiting for the browser"), login.err.constData());
    const QPair<QByteArray, QByteArray> tokens = revealed(QStringLiteral("browser-app"));
    QCOMPARE(resourceStatus(tokens.first), 200);
    QVERIFY(!tokens.second.isEmpty());

    // The user says no in the browser: one line, exit 10, no tokens.
    addConfidentialApp(QStringLiteral("browser-denied"), QStringLiteral("authorization_code"));
    QProcessEnvironment environment = browserEnvironment();
    environment.insert(QStringLiteral("AUTHSCOPE_TEST_BROWSER_MODE"), QStringLiteral("deny"));
    const CliRunner::Result denied = CliRunner::run(oauth({QStringLiteral("login"), QStringLiteral("browser-denied")}),
                                                    environment);
    QCOMPARE(denied.exitCode, 10);
    QVERIFY2(denied.err.contains("error: browser-denied: "), denied.err.constData());
    QCOMPARE(listed(QStringLiteral("browser-denied")).value(QStringLiteral("state")).toString(), QStringLiteral("none"));
}

void TestCliOAuth::browserVariableMayListSeveralCommands()
{
    addConfidentialApp(QStringLiteral("browser-list"), QStringLiteral("authorization_code"));
    // The first command does not exist; the second is the test browser with the URL placed by %s.
    const QString browsers = QStringLiteral("/nonexistent/browser:") + OidcServer::browserCommand() + QStringLiteral(" %s");
    const CliRunner::Result login = CliRunner::run(oauth({QStringLiteral("login"), QStringLiteral("browser-list")}),
                                                   browserEnvironment(browsers));
    QVERIFY2(login.exitCode == 0, login.err.constData());

    // No browser at all: the address is printed for the user, and nothing comes back (Ctrl-C would
    // end it; here the run is given a command that cannot start and a short wait).
    QProcess process;
    process.setProcessEnvironment(browserEnvironment(QStringLiteral("/nonexistent/browser")));
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(CliRunner::program(), oauth({QStringLiteral("login"), QStringLiteral("browser-list")}));
    QByteArray err;
    QElapsedTimer waited;
    waited.start();
    while (!err.contains("Waiting for the browser") && waited.elapsed() < 10000) {
        process.waitForReadyRead(200);
        err += process.readAllStandardError();
    }
    process.terminate();
    process.waitForFinished(5000);
    QVERIFY2(err.contains("open this address in a browser"), err.constData());
    QVERIFY2(err.contains(QByteArray(m_server.authorizationUrl().toString().toUtf8() + '?')), err.constData());
}

void TestCliOAuth::interruptWhileWaitingForTheBrowserExits130()
{
    addConfidentialApp(QStringLiteral("walked-away"), QStringLiteral("authorization_code"));
    QProcessEnvironment environment = browserEnvironment();
    environment.insert(QStringLiteral("AUTHSCOPE_TEST_BROWSER_MODE"), QStringLiteral("ignore"));
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(CliRunner::program(), oauth({QStringLiteral("login"), QStringLiteral("walked-away")}));
    QByteArray err;
    QElapsedTimer waited;
    waited.start();
    while (!err.contains("Waiting for the browser") && waited.elapsed() < 10000) {
        process.waitForReadyRead(200);
        err += process.readAllStandardError();
    }
    QVERIFY2(err.contains("Waiting for the browser"), err.constData());
    ::kill(pid_t(process.processId()), SIGINT);
    QVERIFY(process.waitForFinished(5000));
    err += process.readAllStandardError();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 130);
    QVERIFY2(err.contains("error: walked-away: "), err.constData());
    QCOMPARE(listed(QStringLiteral("walked-away")).value(QStringLiteral("state")).toString(), QStringLiteral("none"));
}

void TestCliOAuth::deviceCodeLoginIsApprovedOverHttp()
{
    addConfidentialApp(QStringLiteral("tv"), QStringLiteral("device_code"));
    QProcess process;
    process.setProcessEnvironment(browserEnvironment());
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(CliRunner::program(), oauth({QStringLiteral("login"), QStringLiteral("tv")}));
    QByteArray err;
    QRegularExpressionMatch code;
    static const QRegularExpression enterCode(QStringLiteral("enter the code (\\S+)"));
    QElapsedTimer waited;
    waited.start();
    while (!(code = enterCode.match(QString::fromUtf8(err))).hasMatch() && waited.elapsed() < 15000) {
        process.waitForReadyRead(200);
        err += process.readAllStandardError();
    }
    QVERIFY2(code.hasMatch(), err.constData());
    QVERIFY2(err.contains(m_server.verificationUrl().toString().toUtf8()), err.constData());
    QVERIFY2(err.contains("The code expires at"), err.constData());
    QVERIFY2(err.contains("(the code filled in)"), err.constData()); // verification_uri_complete
    QString error;
    QVERIFY2(m_server.approveDevice(code.captured(1), true, &error), qPrintable(error));
    QVERIFY(process.waitForFinished(20000));
    const QByteArray out = process.readAllStandardOutput();
    err += process.readAllStandardError();
    QVERIFY2(process.exitCode() == 0, err.constData());
    QVERIFY2(out.startsWith("tv: signed in; valid until "), out.constData());
    QCOMPARE(resourceStatus(revealed(QStringLiteral("tv")).first), 200);
}

void TestCliOAuth::passwordLoginAsksOnTheTerminal()
{
    const CliRunner::Result added = add(QStringLiteral("pw"),
            {QStringLiteral("--issuer"), m_server.issuer().toString(), QStringLiteral("--client-id"),
             OidcServer::confidentialClientId(), QStringLiteral("--grant"), QStringLiteral("password"),
             QStringLiteral("--scope"), QStringLiteral("openid api:read")},
            m_server.secretOf(OidcServer::confidentialClientId()));
    QCOMPARE(added.exitCode, 0);
    const CliRunner::Result login = CliRunner::runOnTerminal(
            oauth({QStringLiteral("login"), QStringLiteral("pw")}),
            {{QStringLiteral("User: "), OidcServer::passwordUser()},
             {QStringLiteral("Password for alice: "), QString::fromLatin1(OidcServer::passwordUserPassword())}},
            browserEnvironment());
    QVERIFY2(login.exitCode == 0, login.out.constData());
    QVERIFY2(login.out.contains("pw: signed in; valid until "), login.out.constData());
    // Typed without echo: the terminal never showed the password.
    QVERIFY2(!login.out.contains(OidcServer::passwordUserPassword()), login.out.constData());
    QCOMPARE(resourceStatus(revealed(QStringLiteral("pw")).first), 200);

    // Without a terminal there is nobody to ask: one line, exit 10, nothing sent.
    QVERIFY(m_server.resetStats());
    const CliRunner::Result headless = run(oauth({QStringLiteral("login"), QStringLiteral("pw")}));
    QCOMPARE(headless.exitCode, 10);
    QCOMPARE(headless.err.count('\n'), 1);
    QVERIFY2(headless.err.contains("is not one"), headless.err.constData());
    QCOMPARE(m_server.tokenEndpointCalls(), 0);
}

void TestCliOAuth::refreshRotatesAndTheServerRefusesTheOldRefreshToken()
{
    addConfidentialApp(QStringLiteral("rotating"), QStringLiteral("authorization_code"));
    const CliRunner::Result login = run(oauth({QStringLiteral("login"), QStringLiteral("rotating")}));
    QVERIFY2(login.exitCode == 0, login.err.constData());
    const QPair<QByteArray, QByteArray> first = revealed(QStringLiteral("rotating"));
    QVERIFY(!first.second.isEmpty());

    QVERIFY(m_server.resetStats());
    const CliRunner::Result refresh = run(oauth({QStringLiteral("refresh"), QStringLiteral("rotating")}));
    QVERIFY2(refresh.exitCode == 0, refresh.err.constData());
    QVERIFY2(refresh.out.startsWith("rotating: refreshed; valid until "), refresh.out.constData());
    QCOMPARE(m_server.tokenEndpointCalls(QStringLiteral("refresh_token")), 1);
    const QPair<QByteArray, QByteArray> second = revealed(QStringLiteral("rotating"));
    QVERIFY(!second.second.isEmpty());
    QVERIFY(second.second != first.second);
    QVERIFY(second.first != first.first);
    QCOMPARE(resourceStatus(second.first), 200);

    // The rotated-away refresh token is refused by the server (and, reuse detected, the grant ends).
    QByteArray body;
    QCOMPARE(refreshStatus(first.second, &body), 400);
    QVERIFY2(body.contains("invalid_grant"), body.constData());

    // So the stored one now fails too: one clean line, exit 10, the server's error named.
    const CliRunner::Result failed = run(oauth({QStringLiteral("refresh"), QStringLiteral("rotating")}));
    QCOMPARE(failed.exitCode, 10);
    QCOMPARE(failed.err.count('\n'), 1);
    QVERIFY2(failed.err.contains("invalid_grant"), failed.err.constData());
    QVERIFY(!failed.err.contains(second.second));
}

void TestCliOAuth::revokeMakesTheResourceRefuseTheToken()
{
    addConfidentialApp(QStringLiteral("revoked"), QStringLiteral("authorization_code"));
    const CliRunner::Result login = run(oauth({QStringLiteral("login"), QStringLiteral("revoked")}));
    QVERIFY2(login.exitCode == 0, login.err.constData());
    const QPair<QByteArray, QByteArray> tokens = revealed(QStringLiteral("revoked"));
    QCOMPARE(resourceStatus(tokens.first), 200);

    QVERIFY(m_server.resetStats());
    const CliRunner::Result revoke = run(oauth({QStringLiteral("revoke"), QStringLiteral("revoked")}));
    QVERIFY2(revoke.exitCode == 0, revoke.err.constData());
    QVERIFY2(revoke.out.startsWith("revoked: revoked"), revoke.out.constData());
    QVERIFY(m_server.stats().value(QStringLiteral("revocation")).toInt() >= 1);
    QCOMPARE(resourceStatus(tokens.first), 401);
    QCOMPARE(refreshStatus(tokens.second), 400);
    QCOMPARE(listed(QStringLiteral("revoked")).value(QStringLiteral("state")).toString(), QStringLiteral("none"));
}

void TestCliOAuth::loginWithAWrongSecretFailsInOneLine()
{
    const CliRunner::Result added = add(QStringLiteral("wrong-secret"),
            {QStringLiteral("--token-url"), m_server.tokenUrl().toString(), QStringLiteral("--client-id"),
             OidcServer::clientCredentialsClientId()}, "not-the-secret");
    QCOMPARE(added.exitCode, 0);
    const CliRunner::Result login = run(oauth({QStringLiteral("login"), QStringLiteral("wrong-secret")}));
    QCOMPARE(login.exitCode, 10);
    QCOMPARE(login.err.count('\n'), 1);
    QVERIFY2(login.err.startsWith("authscope-cli: error: wrong-secret: "), login.err.constData());
    QVERIFY2(login.err.contains("invalid_client"), login.err.constData());
    QVERIFY(login.out.isEmpty());
    QVERIFY(!login.err.contains("not-the-secret"));
}

void TestCliOAuth::verboseLoginShowsTheTokenLegsRedacted()
{
    addClientCredentials(QStringLiteral("verbose"));
    const CliRunner::Result login = run(oauth({QStringLiteral("login"), QStringLiteral("-v"), QStringLiteral("verbose")}));
    QVERIFY2(login.exitCode == 0, login.err.constData());
    QCOMPARE(CliRunner::legCount(login.err), 1);
    QVERIFY2(login.err.contains(QByteArray("> POST " + m_server.tokenUrl().path().toUtf8())), login.err.constData());
    QVERIFY2(login.err.contains("< HTTP/1.1 200"), login.err.constData());
    const QByteArray accessToken = revealed(QStringLiteral("verbose")).first;
    QVERIFY(!login.err.contains(accessToken));
    QVERIFY(!login.err.contains(m_server.secretOf(OidcServer::clientCredentialsClientId())));
    // Discovery is a leg too when the profile names an issuer.
    addConfidentialApp(QStringLiteral("verbose-code"), QStringLiteral("authorization_code"));
    const CliRunner::Result code = run(oauth({QStringLiteral("login"), QStringLiteral("-v"), QStringLiteral("verbose-code")}));
    QVERIFY2(code.exitCode == 0, code.err.constData());
    QVERIFY2(CliRunner::legCount(code.err) >= 2, code.err.constData());
    QVERIFY2(code.err.contains("/.well-known/"), code.err.constData());
}

void TestCliOAuth::showMasksTheTokensUnlessRevealed()
{
    addConfidentialApp(QStringLiteral("masked"), QStringLiteral("authorization_code"));
    QVERIFY(run(oauth({QStringLiteral("login"), QStringLiteral("masked")})).exitCode == 0);
    const QPair<QByteArray, QByteArray> tokens = revealed(QStringLiteral("masked"));
    QVERIFY(!tokens.first.isEmpty() && !tokens.second.isEmpty());
    const CliRunner::Result show = run(oauth({QStringLiteral("show"), QStringLiteral("masked")}));
    QCOMPARE(show.exitCode, 0);
    QVERIFY2(show.out.contains("State:              valid"), show.out.constData());
    QVERIFY2(show.out.contains("Expires:            "), show.out.constData());
    QVERIFY2(QRegularExpression(QStringLiteral("Expires: +\\S+ \\S+ \\(in (4|5) min")).match(QString::fromUtf8(show.out)).hasMatch(),
             show.out.constData());
    QVERIFY2(show.out.contains("Refresh token:      [redacted]"), show.out.constData());
    QVERIFY2(show.out.contains("Access token:       [redacted]"), show.out.constData());
    QVERIFY(!show.out.contains(tokens.first));
    QVERIFY(!show.out.contains(tokens.second));
    QVERIFY(!show.err.contains(tokens.first));
    const CliRunner::Result reveal = run(oauth({QStringLiteral("show"), QStringLiteral("--reveal"), QStringLiteral("masked")}));
    QVERIFY(reveal.out.contains(QByteArray("Access token:       " + tokens.first + '\n')));
    QVERIFY(reveal.out.contains(QByteArray("Refresh token:      " + tokens.second + '\n')));
    QVERIFY2(reveal.err.contains("note: the tokens are now on your screen"), reveal.err.constData());
}

void TestCliOAuth::showDecodesTheJwtAccessToken()
{
    QVERIFY(m_server.setAccessTokenTtl(120));
    addConfidentialApp(QStringLiteral("jwt"), QStringLiteral("authorization_code"));
    QVERIFY(run(oauth({QStringLiteral("login"), QStringLiteral("jwt")})).exitCode == 0);
    const CliRunner::Result show = run(oauth({QStringLiteral("show"), QStringLiteral("jwt")}));
    QCOMPARE(show.exitCode, 0);
    // Discovery gave the issuer's JWKS URL: the signature is checked against its keys.
    QVERIFY2(show.out.contains("a JWT signed with RS256; signature verified (key rs256-"), show.out.constData());
    QVERIFY2(show.out.contains(QByteArray("\"client_id\": \"" + OidcServer::confidentialClientId().toUtf8() + '"')),
             show.out.constData());
    QVERIFY2(QRegularExpression(QStringLiteral("exp \\(expires\\) +\\S+ \\S+ \\(in (1 min|2 min)"))
                     .match(QString::fromUtf8(show.out)).hasMatch(), show.out.constData());
    QVERIFY2(QRegularExpression(QStringLiteral("iat \\(issued\\) +\\S+ \\S+ \\((now|\\d+ s ago)"))
                     .match(QString::fromUtf8(show.out)).hasMatch(), show.out.constData());

    // Without discovery there is no JWKS URL: the token is decoded, its signature said unverified.
    addClientCredentials(QStringLiteral("jwt-no-keys"));
    QVERIFY(run(oauth({QStringLiteral("login"), QStringLiteral("jwt-no-keys")})).exitCode == 0);
    const CliRunner::Result noKeys = run(oauth({QStringLiteral("show"), QStringLiteral("jwt-no-keys")}));
    QCOMPARE(noKeys.exitCode, 0);
    QVERIFY2(noKeys.out.contains("; signature not verified: no JWKS URL is known"), noKeys.out.constData());
}

void TestCliOAuth::listAsJsonIsAStableArrayWithoutSecrets()
{
    addClientCredentials(QStringLiteral("listed-b"));
    addConfidentialApp(QStringLiteral("listed-a"), QStringLiteral("authorization_code"));
    QVERIFY(run(oauth({QStringLiteral("login"), QStringLiteral("listed-a")})).exitCode == 0);
    const QPair<QByteArray, QByteArray> tokens = revealed(QStringLiteral("listed-a"));

    const CliRunner::Result list = run(oauth({QStringLiteral("list"), QStringLiteral("--json")}));
    QCOMPARE(list.exitCode, 0);
    QJsonParseError error;
    const QJsonArray array = QJsonDocument::fromJson(list.out, &error).array();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(array.size(), 2);
    const QStringList keys{QStringLiteral("audience"), QStringLiteral("authorizationUrl"), QStringLiteral("clientAuth"),
                           QStringLiteral("clientId"), QStringLiteral("deviceAuthorizationUrl"),
                           QStringLiteral("expiresAt"), QStringLiteral("grant"), QStringLiteral("hasRefreshToken"),
                           QStringLiteral("issuer"), QStringLiteral("name"), QStringLiteral("redirectUri"),
                           QStringLiteral("resource"), QStringLiteral("revocationUrl"), QStringLiteral("scope"),
                           QStringLiteral("state"), QStringLiteral("tokenUrl")};
    for (const QJsonValue &value : array)
        QCOMPARE(value.toObject().keys(), keys);
    const QJsonObject a = listed(QStringLiteral("listed-a"));
    QCOMPARE(a.value(QStringLiteral("state")).toString(), QStringLiteral("valid"));
    QVERIFY(QDateTime::fromString(a.value(QStringLiteral("expiresAt")).toString(), Qt::ISODateWithMs).isValid());
    QCOMPARE(a.value(QStringLiteral("hasRefreshToken")).toBool(), true);
    const QJsonObject b = listed(QStringLiteral("listed-b"));
    QCOMPARE(b.value(QStringLiteral("state")).toString(), QStringLiteral("none"));
    QVERIFY(b.value(QStringLiteral("expiresAt")).isNull());
    QVERIFY(!list.out.contains(tokens.first));
    QVERIFY(!list.out.contains(tokens.second));
    QVERIFY(!list.out.contains(m_server.secretOf(OidcServer::confidentialClientId())));

    // The table: a heading and one line per profile, in the same order.
    const CliRunner::Result table = run(oauth({QStringLiteral("list")}));
    QCOMPARE(table.exitCode, 0);
    const QList<QByteArray> lines = table.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines.at(0).startsWith("NAME"));
    QVERIFY2(lines.at(1).startsWith("listed-a ") && lines.at(1).contains(" valid "), table.out.constData());
    QVERIFY2(lines.at(2).startsWith("listed-b ") && lines.at(2).contains(" none "), table.out.constData());
}

void TestCliOAuth::deleteRemovesTheProfileAndItsSecrets()
{
    addClientCredentials(QStringLiteral("doomed"));
    QVERIFY(run(oauth({QStringLiteral("login"), QStringLiteral("doomed")})).exitCode == 0);
    const CliRunner::Result deleted = run(oauth({QStringLiteral("delete"), QStringLiteral("doomed")}));
    QCOMPARE(deleted.exitCode, 0);
    QCOMPARE(deleted.out, QByteArray("deleted OAuth profile doomed\n"));
    QVERIFY(listed(QStringLiteral("doomed")).isEmpty());
    // A profile added again under the name has nothing of the old one's secrets.
    const CliRunner::Result added = add(QStringLiteral("doomed"),
            {QStringLiteral("--token-url"), m_server.tokenUrl().toString(), QStringLiteral("--client-id"),
             OidcServer::publicClientId(), QStringLiteral("--auth-url"), m_server.authorizationUrl().toString()});
    QCOMPARE(added.exitCode, 0);
    QCOMPARE(listed(QStringLiteral("doomed")).value(QStringLiteral("state")).toString(), QStringLiteral("none"));
    const CliRunner::Result show = run(oauth({QStringLiteral("show"), QStringLiteral("--reveal"), QStringLiteral("doomed")}));
    QVERIFY2(!show.out.contains("Access token:"), show.out.constData());
}

void TestCliOAuth::unknownProfileExitsTwelve_data()
{
    QTest::addColumn<QString>("action");
    for (const char *action : {"login", "refresh", "revoke", "delete", "show"})
        QTest::newRow(action) << QString::fromLatin1(action);
}

void TestCliOAuth::unknownProfileExitsTwelve()
{
    QFETCH(QString, action);
    const CliRunner::Result result = run(oauth({action, QStringLiteral("nobody")}));
    QCOMPARE(result.exitCode, 12);
    QCOMPARE(result.err.count('\n'), 1);
    QVERIFY2(result.err.contains("no OAuth profile is named \"nobody\""), result.err.constData());
}

void TestCliOAuth::optionOfAnotherActionIsRefused()
{
    const CliRunner::Result reveal = run(oauth({QStringLiteral("list"), QStringLiteral("--reveal")}));
    QCOMPARE(reveal.exitCode, 2);
    QVERIFY2(reveal.err.contains("--reveal is for \"oauth show\" only"), reveal.err.constData());
    const CliRunner::Result scope = run(oauth({QStringLiteral("login"), QStringLiteral("--scope"), QStringLiteral("x"),
                                               QStringLiteral("p")}));
    QCOMPARE(scope.exitCode, 2);
    const CliRunner::Result badName = add(QStringLiteral("two words"), {QStringLiteral("--token-url"),
            m_server.tokenUrl().toString(), QStringLiteral("--client-id"), QStringLiteral("c")}, "name-secret-1");
    QCOMPARE(badName.exitCode, 2);
    QVERIFY2(badName.err.contains("profile name"), badName.err.constData());
    const CliRunner::Result unknown = run(oauth({QStringLiteral("authorize"), QStringLiteral("p")}));
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains("unknown action \"authorize\""), unknown.err.constData());
}

void TestCliOAuth::profileIndexHoldsNoSecret()
{
    // Every grant this run signed in with left tokens in the keychain; the index has none of them,
    // nor a client secret. The issued secrets come from the server itself.
    addClientCredentials(QStringLiteral("scanned"));
    QVERIFY(run(oauth({QStringLiteral("login"), QStringLiteral("scanned")})).exitCode == 0);
    revealed(QStringLiteral("scanned"));
    QList<QByteArray> secrets = m_server.issuedSecrets();
    QVERIFY(!secrets.isEmpty());
    secrets += m_seenSecrets;
    secrets << m_server.secretOf(OidcServer::clientCredentialsClientId())
            << m_server.secretOf(OidcServer::confidentialClientId());
    QFile index(OAuthProfileStore::defaultIndexPath());
    QVERIFY2(index.open(QIODevice::ReadOnly), qPrintable(index.fileName()));
    const QByteArray stored = index.readAll();
    QVERIFY(stored.contains("scanned")); // the file read is the index the CLI wrote
    for (const QByteArray &secret : std::as_const(secrets)) {
        if (secret.size() >= 8)
            QVERIFY2(!stored.contains(secret), "a secret reached the profile index");
    }
}

void TestCliOAuth::withoutSecretServiceAddExitsElevenAndListSaysUnknown()
{
    addClientCredentials(QStringLiteral("kept"));
    QVERIFY(run(oauth({QStringLiteral("login"), QStringLiteral("kept")})).exitCode == 0);
    PrivateSessionBus bus;
    QString error;
    QVERIFY2(bus.start(&error), qPrintable(error));
    const QProcessEnvironment noKeychain = bus.environment();

    // The index is readable without the keychain: the profile is listed, its state unknown.
    const CliRunner::Result list = CliRunner::run(oauth({QStringLiteral("list"), QStringLiteral("--json")}), noKeychain);
    QCOMPARE(list.exitCode, 0);
    const QJsonArray profiles = QJsonDocument::fromJson(list.out).array();
    QCOMPARE(profiles.size(), 1);
    QCOMPARE(profiles.first().toObject().value(QStringLiteral("state")).toString(), QStringLiteral("unknown"));
    QCOMPARE(list.err.count("warning:"), 1);

    const CliRunner::Result show = CliRunner::run(oauth({QStringLiteral("show"), QStringLiteral("kept")}), noKeychain);
    QCOMPARE(show.exitCode, 11);
    QVERIFY2(show.out.contains("unknown: the keychain could not be used"), show.out.constData());
    const CliRunner::Result login = CliRunner::run(oauth({QStringLiteral("login"), QStringLiteral("kept")}), noKeychain);
    QCOMPARE(login.exitCode, 11);
    QCOMPARE(login.err.count('\n'), 1);

    // Nothing is saved when the secret has nowhere to go; no plaintext fallback.
    const CliRunner::Result added = CliRunner::runWithInput(
            oauth({QStringLiteral("add"), QStringLiteral("homeless"), QStringLiteral("--token-url"),
                   m_server.tokenUrl().toString(), QStringLiteral("--client-id"), QStringLiteral("c"),
                   QStringLiteral("--client-secret-stdin")}), "homeless-secret-1\n", noKeychain);
    QCOMPARE(added.exitCode, 11);
    QVERIFY(listed(QStringLiteral("homeless")).isEmpty());
    QFile index(OAuthProfileStore::defaultIndexPath());
    QVERIFY(index.open(QIODevice::ReadOnly));
    QVERIFY(!index.readAll().contains("homeless-secret-1"));
    // The profile made with the keychain is still whole.
    QCOMPARE(listed(QStringLiteral("kept")).value(QStringLiteral("state")).toString(), QStringLiteral("valid"));
}

void TestCliOAuth::helpDescribesEveryAction()
{
    const CliRunner::Result help = run(oauth({QStringLiteral("--help")}));
    QCOMPARE(help.exitCode, 0);
    for (const char *text : {"oauth add NAME (--issuer URL | --token-url URL\n", "--client-secret-stdin",
                             "oauth login|refresh|revoke", "oauth show [--reveal] NAME", "oauth list [--json]",
                             "oauth delete NAME", "EXIT STATUS"})
        QVERIFY2(help.out.contains(text), text);
    const CliRunner::Result all = run({QStringLiteral("--help")});
    QVERIFY(all.out.contains("  oauth "));
}

QTEST_GUILESS_MAIN(TestCliOAuth)
#include "tst_clioauth.moc"
