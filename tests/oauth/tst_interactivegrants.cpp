// The interactive grants, discovery, revocation and JWKS verification against the real
// authorization server (tests/support/oidcserver.h: oidc-provider on loopback), each HTTP call a
// leg of a real LegChannel (LegJobChannel). The user is scripted: the BROWSER script for the code
// flow, the device approval over HTTP, a password typed by the test.
#include "legjobchannel.h"
#include "oidcserver.h"

#include "oauth/authorizationcodegrantjob.h"
#include "oauth/clientcredentialsgrantjob.h"
#include "oauth/devicegrantjob.h"
#include "oauth/discoveryjob.h"
#include "oauth/jwksverifier.h"
#include "auth/jwt.h"
#include "oauth/passwordgrantjob.h"
#include "oauth/pkce.h"
#include "oauth/refreshgrantjob.h"
#include "oauth/revocationjob.h"
#include "oauth/signinprompter.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QTest>

#include <memory>

namespace {

// The user at the front end, scripted.
class ScriptedSignInPrompter : public SignInPrompter
{
public:
    // AUTHSCOPE_TEST_BROWSER_MODE of browser.py: approve | deny | tamper-state | ignore.
    QString browserMode = QStringLiteral("approve");
    QString passwordUser = OidcServer::passwordUser();
    QByteArray password = OidcServer::passwordUserPassword();

    QList<QUrl> openedUrls;
    QString userCode;
    QUrl verificationUri;
    QUrl verificationUriComplete;
    QDateTime deviceCodeExpiresAt;
    int passwordQuestions = 0;
    int signInEnds = 0;

    void openAuthorizationUrl(const QString &, const QUrl &url) override
    {
        openedUrls.append(url);
        auto browser = std::make_unique<QProcess>();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("AUTHSCOPE_TEST_BROWSER_MODE"), browserMode);
        browser->setProcessEnvironment(environment);
        // The script forks and returns at once, as a browser launcher does.
        browser->start(OidcServer::browserCommand(), {url.toString(QUrl::FullyEncoded)});
        m_browsers.push_back(std::move(browser));
    }
    void showDeviceCode(const QString &, const QString &code, const QUrl &uri, const QUrl &complete,
                        const QDateTime &expiresAt) override
    {
        userCode = code;
        verificationUri = uri;
        verificationUriComplete = complete;
        deviceCodeExpiresAt = expiresAt;
    }
    void askPassword(const QString &, std::function<void(const QString &, const QByteArray &)> answer) override
    {
        ++passwordQuestions;
        // Later, as a dialog answers.
        QTimer::singleShot(0, [answer, user = passwordUser, password = password] { answer(user, password); });
    }
    void signInEnded(const QString &) override { ++signInEnds; }

    ~ScriptedSignInPrompter() override
    {
        for (auto &browser : m_browsers)
            browser->waitForFinished(5000);
    }

private:
    std::vector<std::unique_ptr<QProcess>> m_browsers;
};

int countLegs(const LegJobChannel &channel, Leg::Kind kind)
{
    int count = 0;
    for (const Leg &leg : channel.legs())
        count += leg.kind == kind;
    return count;
}

QByteArray responseBody(const Leg &leg)
{
    return leg.responseBody ? leg.responseBody->read() : QByteArray();
}

// A tiny HTTP server with canned answers per path, for metadata documents the real provider never
// serves (broken JSON, another issuer, a missing endpoint). Real sockets, one answer per request.
class CannedHttpServer : public QTcpServer
{
public:
    struct Answer
    {
        int status = 404;
        QByteArray body;
    };
    QHash<QString, Answer> answers; // path -> answer
    QStringList requested;

    CannedHttpServer()
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    const QByteArray head = socket->readAll();
                    const QString path = QString::fromLatin1(head.split(' ').value(1));
                    requested.append(path);
                    const Answer answer = answers.value(path);
                    socket->write("HTTP/1.1 " + QByteArray::number(answer.status) + " X\r\nContent-Type: application/json\r\n"
                                  "Content-Length: " + QByteArray::number(answer.body.size()) + "\r\nConnection: close\r\n\r\n"
                                  + answer.body);
                    socket->disconnectFromHost();
                });
            }
        });
    }
    QUrl url(const QString &path = QString()) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(serverPort()).arg(path));
    }
    // A metadata document for issuer (default: this server) with the endpoints under it.
    QByteArray metadata(const QJsonObject &changes = QJsonObject()) const
    {
        QJsonObject document{
            {QStringLiteral("issuer"), url().toString()},
            {QStringLiteral("token_endpoint"), url(QStringLiteral("/token")).toString()},
            {QStringLiteral("authorization_endpoint"), url(QStringLiteral("/auth")).toString()},
            {QStringLiteral("jwks_uri"), url(QStringLiteral("/jwks")).toString()},
        };
        for (auto it = changes.begin(); it != changes.end(); ++it) {
            if (it.value().isNull())
                document.remove(it.key());
            else
                document.insert(it.key(), it.value());
        }
        return QJsonDocument(document).toJson(QJsonDocument::Compact);
    }
};

} // namespace

class tst_InteractiveGrants : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup();

    void metadataUrlsInsertTheIssuersPathAsRfc8414Says_data();
    void metadataUrlsInsertTheIssuersPathAsRfc8414Says();
    void discoversTheProvidersEndpointsWithRfc8414();
    void discoveryEndsWithDiscoveryFailedWhenNoDocumentIsFound();
    void discoveryChecksTheDocument_data();
    void discoveryChecksTheDocument();
    void discoveryKeepsExplicitEndpoints();

    void authorizationCodeWithPkceSignsIn_data();
    void authorizationCodeWithPkceSignsIn();
    void authorizationCodeRedirectRefusedEndsWithoutTokenRequest_data();
    void authorizationCodeRedirectRefusedEndsWithoutTokenRequest();
    void authorizationCodeWithoutPrompterNeedsSignIn();
    void authorizationCodeTimesOutWhenTheBrowserNeverReturns();
    void authorizationCodeCancelStopsListening();

    void deviceGrantApprovedAfterPendingPolls();
    void deviceGrantDeniedEndsWithAuthorizationDenied();
    void deviceGrantExpiresWithDeviceCodeExpired();
    void deviceGrantObeysSlowDown();
    void deviceGrantCancelStopsPolling();

    void passwordGrantIsNotedDeprecated();
    void passwordGrantWithAWrongPasswordShowsTheServersError();

    void revocationEndsTheTokensAtTheResource();
    void revocationWithoutEndpointIsAnError();

    void verifiesTheProvidersRs256AndEs256AccessTokens();
    void refusesATamperedAccessToken();

private:
    OAuthProfile profile(OAuthProfile::Grant grant, bool publicClient = false) const;
    GrantJob::Context context(OAuthProfile::Grant grant, LegChannel *channel, SignInPrompter *prompter,
                              bool publicClient = false) const;
    // Runs a job to its one finished(); false when it did not finish within timeoutMs.
    template<typename Job>
    bool run(Job &job, int timeoutMs = 15000);
    // Starts a device grant and waits (5 s at most) until the prompter shows the user code.
    bool startUntilCodeShown(DeviceGrantJob &job, const ScriptedSignInPrompter &prompter);
    TokenSet passwordTokens(LegJobChannel &channel);

    OidcServer m_server;
    QNetworkAccessManager m_manager;
};

void tst_InteractiveGrants::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));
}

void tst_InteractiveGrants::cleanup()
{
    // Settings some tests change, back to OidcServerOptions' defaults.
    QUrlQuery defaults;
    defaults.addQueryItem(QStringLiteral("device_interval"), QStringLiteral("1"));
    defaults.addQueryItem(QStringLiteral("slow_down_next"), QStringLiteral("0"));
    defaults.addQueryItem(QStringLiteral("slow_down_increment"), QStringLiteral("5"));
    defaults.addQueryItem(QStringLiteral("device_code_ttl"), QStringLiteral("600"));
    QVERIFY(m_server.configure(defaults));
}

OAuthProfile tst_InteractiveGrants::profile(OAuthProfile::Grant grant, bool publicClient) const
{
    OAuthProfile profile;
    profile.name = QStringLiteral("oidc-test");
    profile.issuer = m_server.issuer();
    profile.tokenUrl = m_server.tokenUrl();
    profile.authorizationUrl = m_server.authorizationUrl();
    profile.deviceAuthorizationUrl = m_server.deviceAuthorizationUrl();
    profile.revocationUrl = m_server.revocationUrl();
    profile.jwksUrl = m_server.jwksUrl();
    profile.grant = grant;
    profile.scope = QStringLiteral("openid api:read");
    if (publicClient) {
        profile.clientId = OidcServer::publicClientId();
        profile.clientAuth = OAuthProfile::ClientAuth::None;
    } else {
        profile.clientId = OidcServer::confidentialClientId();
        profile.clientAuth = OAuthProfile::ClientAuth::Basic;
    }
    return profile;
}

GrantJob::Context tst_InteractiveGrants::context(OAuthProfile::Grant grant, LegChannel *channel, SignInPrompter *prompter,
                                                 bool publicClient) const
{
    GrantJob::Context context;
    context.profile = profile(grant, publicClient);
    if (!publicClient)
        context.clientSecret = OidcServer::confidentialClientSecret();
    context.channel = channel;
    context.prompter = prompter;
    return context;
}

template<typename Job>
bool tst_InteractiveGrants::run(Job &job, int timeoutMs)
{
    QSignalSpy finished(&job, &Job::finished);
    job.start();
    if (finished.count() != 0) // never inside start()
        return false;
    if (!finished.wait(timeoutMs))
        return false;
    QTest::qWait(10);
    return finished.count() == 1;
}

bool tst_InteractiveGrants::startUntilCodeShown(DeviceGrantJob &job, const ScriptedSignInPrompter &prompter)
{
    job.start();
    QElapsedTimer waiting;
    waiting.start();
    while (prompter.userCode.isEmpty() && waiting.elapsed() < 5000)
        QTest::qWait(20);
    return !prompter.userCode.isEmpty();
}

TokenSet tst_InteractiveGrants::passwordTokens(LegJobChannel &channel)
{
    ScriptedSignInPrompter prompter;
    PasswordGrantJob job(context(OAuthProfile::Grant::Password, &channel, &prompter));
    if (!run(job) || !job.status().isOk())
        return TokenSet();
    return job.takeTokens();
}

// --- Discovery ---------------------------------------------------------------------------------

void tst_InteractiveGrants::metadataUrlsInsertTheIssuersPathAsRfc8414Says_data()
{
    QTest::addColumn<QUrl>("issuer");
    QTest::addColumn<QUrl>("oauth");
    QTest::addColumn<QUrl>("openid");
    // RFC 8414 §3.1's example, and OpenID Connect Discovery §4.1's rule (appended).
    QTest::newRow("with a path") << QUrl(QStringLiteral("https://example.com/issuer1"))
                                 << QUrl(QStringLiteral("https://example.com/.well-known/oauth-authorization-server/issuer1"))
                                 << QUrl(QStringLiteral("https://example.com/issuer1/.well-known/openid-configuration"));
    QTest::newRow("host only") << QUrl(QStringLiteral("http://127.0.0.1:8080"))
                               << QUrl(QStringLiteral("http://127.0.0.1:8080/.well-known/oauth-authorization-server"))
                               << QUrl(QStringLiteral("http://127.0.0.1:8080/.well-known/openid-configuration"));
    QTest::newRow("trailing slash") << QUrl(QStringLiteral("https://example.com/tenant/"))
                                    << QUrl(QStringLiteral("https://example.com/.well-known/oauth-authorization-server/tenant"))
                                    << QUrl(QStringLiteral("https://example.com/tenant/.well-known/openid-configuration"));
}

void tst_InteractiveGrants::metadataUrlsInsertTheIssuersPathAsRfc8414Says()
{
    QFETCH(QUrl, issuer);
    QFETCH(QUrl, oauth);
    QFETCH(QUrl, openid);
    QCOMPARE(DiscoveryJob::metadataUrls(issuer), (QList<QUrl>{oauth, openid}));
}

void tst_InteractiveGrants::discoversTheProvidersEndpointsWithRfc8414()
{
    OAuthProfile given;
    given.name = QStringLiteral("discovered");
    given.issuer = m_server.issuer();
    given.clientId = OidcServer::publicClientId();
    given.grant = OAuthProfile::Grant::DeviceCode;
    LegJobChannel channel;
    DiscoveryJob job(given, &channel);
    QVERIFY(run(job));
    QVERIFY2(job.status().isOk(), qPrintable(job.status().message()));
    const OAuthProfile found = job.profile();
    QVERIFY(found.endpointsDiscovered);
    QCOMPARE(found.tokenUrl, m_server.tokenUrl());
    QCOMPARE(found.authorizationUrl, m_server.authorizationUrl());
    QCOMPARE(found.deviceAuthorizationUrl, m_server.deviceAuthorizationUrl());
    QCOMPARE(found.revocationUrl, m_server.revocationUrl());
    QCOMPARE(found.jwksUrl, m_server.jwksUrl());
    QCOMPARE(found.clientId, given.clientId);
    QCOMPARE(job.metadataUrl(), m_server.authorizationServerMetadataUrl());
    // One Acquisition leg, the RFC 8414 document.
    QCOMPARE(channel.legs().size(), 1);
    QCOMPARE(channel.legs().at(0).kind, Leg::Kind::Acquisition);
    QCOMPARE(channel.legs().at(0).url, m_server.authorizationServerMetadataUrl());
    QCOMPARE(channel.legs().at(0).statusCode, 200);
}

void tst_InteractiveGrants::discoveryEndsWithDiscoveryFailedWhenNoDocumentIsFound()
{
    OAuthProfile given = profile(OAuthProfile::Grant::AuthorizationCode);
    given.issuer = QUrl(m_server.issuer().toString() + QStringLiteral("/tenant-that-does-not-exist"));
    LegJobChannel channel;
    DiscoveryJob job(given, &channel);
    QVERIFY(run(job));
    QCOMPARE(job.status().reason(), NoteCode::DiscoveryFailed);
    QCOMPARE(channel.legs().size(), 2); // both documents were asked for
    QCOMPARE(channel.legs().at(0).statusCode, 404);
    QCOMPARE(channel.legs().at(1).statusCode, 404);
    QVERIFY2(job.status().message().count(QStringLiteral("HTTP 404")) == 2, qPrintable(job.status().message()));
}

void tst_InteractiveGrants::discoveryChecksTheDocument_data()
{
    QTest::addColumn<int>("oauthStatus");          // of /.well-known/oauth-authorization-server
    QTest::addColumn<QByteArray>("oauthDocument");  // empty: the server's default metadata
    QTest::addColumn<int>("openidStatus");
    QTest::addColumn<QJsonObject>("openidChanges");
    QTest::addColumn<OAuthProfile::Grant>("grant");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("legs");
    QTest::addColumn<QString>("messageHas");
    using G = OAuthProfile::Grant;
    const QJsonObject none;
    QTest::newRow("RFC 8414 missing, OpenID configuration used") << 404 << QByteArray() << 200 << none << G::AuthorizationCode << true << 2 << QString();
    QTest::newRow("broken JSON, then none") << 200 << QByteArray("{\"issuer\": ") << 404 << none << G::AuthorizationCode << false << 2
                                            << QStringLiteral("not JSON");
    QTest::newRow("JSON array") << 200 << QByteArray("[]") << 404 << none << G::ClientCredentials << false << 2
                                << QStringLiteral("not an object");
    QTest::newRow("another issuer: refused, nothing else tried")
        << 200 << QByteArray(R"({"issuer":"https://attacker.example","token_endpoint":"https://attacker.example/token"})")
        << 200 << none << G::ClientCredentials << false << 1 << QStringLiteral("attacker.example");
    QTest::newRow("another issuer with a terminal escape: shown escaped")
        << 200 << QByteArray("{\"issuer\":\"https://x.example/\\u001b[2J\"}") << 200 << none << G::ClientCredentials << false << 1
        << QStringLiteral("\\x1b[2J");
    QTest::newRow("no token_endpoint") << 404 << QByteArray() << 200 << QJsonObject{{QStringLiteral("token_endpoint"), QJsonValue()}}
                                       << G::ClientCredentials << false << 2 << QStringLiteral("no token_endpoint");
    QTest::newRow("no device endpoint for the device grant") << 404 << QByteArray() << 200 << none << G::DeviceCode << false << 2
                                                             << QStringLiteral("device_authorization_endpoint");
    QTest::newRow("an endpoint that is not a URL") << 404 << QByteArray() << 200
                                                   << QJsonObject{{QStringLiteral("jwks_uri"), QStringLiteral("/relative/jwks")}}
                                                   << G::ClientCredentials << false << 2 << QStringLiteral("jwks_uri");
}

void tst_InteractiveGrants::discoveryChecksTheDocument()
{
    QFETCH(int, oauthStatus);
    QFETCH(QByteArray, oauthDocument);
    QFETCH(int, openidStatus);
    QFETCH(QJsonObject, openidChanges);
    QFETCH(OAuthProfile::Grant, grant);
    QFETCH(bool, ok);
    QFETCH(int, legs);
    QFETCH(QString, messageHas);
    CannedHttpServer server;
    QVERIFY(server.isListening());
    server.answers.insert(QStringLiteral("/.well-known/oauth-authorization-server"),
                          {oauthStatus, oauthDocument.isEmpty() ? server.metadata() : oauthDocument});
    server.answers.insert(QStringLiteral("/.well-known/openid-configuration"), {openidStatus, server.metadata(openidChanges)});
    OAuthProfile given;
    given.name = QStringLiteral("canned");
    given.issuer = server.url();
    given.clientId = QStringLiteral("c");
    given.grant = grant;
    LegJobChannel channel;
    DiscoveryJob job(given, &channel);
    QVERIFY(run(job));
    QCOMPARE(channel.legs().size(), legs);
    QCOMPARE(job.status().isOk(), ok);
    if (ok) {
        QCOMPARE(job.profile().tokenUrl, server.url(QStringLiteral("/token")));
        QCOMPARE(job.metadataUrl(), server.url(QStringLiteral("/.well-known/openid-configuration")));
    } else {
        QCOMPARE(job.status().reason(), NoteCode::DiscoveryFailed);
        QVERIFY2(job.status().message().contains(messageHas), qPrintable(job.status().message()));
        QVERIFY(!job.status().message().contains(QChar(0x1b)));
        QVERIFY(job.profile().tokenUrl.isEmpty()); // nothing half-taken
    }
}

void tst_InteractiveGrants::discoveryKeepsExplicitEndpoints()
{
    OAuthProfile given = profile(OAuthProfile::Grant::ClientCredentials);
    const QUrl explicitToken(QStringLiteral("http://127.0.0.1:1/my-token"));
    given.tokenUrl = explicitToken;
    given.revocationUrl.clear();
    LegJobChannel channel;
    DiscoveryJob job(given, &channel);
    QVERIFY(run(job));
    QVERIFY(job.status().isOk());
    QCOMPARE(job.profile().tokenUrl, explicitToken);
    QCOMPARE(job.profile().revocationUrl, m_server.revocationUrl()); // only the missing one filled
}

// --- Authorization code + PKCE -----------------------------------------------------------------

void tst_InteractiveGrants::authorizationCodeWithPkceSignsIn_data()
{
    QTest::addColumn<bool>("publicClient");
    QTest::addColumn<bool>("es256Resource"); // RFC 8707: the resource whose tokens the provider signs with ES256
    QTest::addColumn<bool>("fixedRedirect"); // --redirect-uri on a port chosen beforehand
    QTest::newRow("confidential client, client_secret_basic") << false << false << false;
    QTest::newRow("public client") << true << false << false;
    QTest::newRow("resource indicator") << false << true << false;
    QTest::newRow("fixed redirect URI") << true << false << true;
}

void tst_InteractiveGrants::authorizationCodeWithPkceSignsIn()
{
    QFETCH(bool, publicClient);
    QFETCH(bool, es256Resource);
    QFETCH(bool, fixedRedirect);
    ScriptedSignInPrompter prompter;
    LegJobChannel channel;
    GrantJob::Context grant = context(OAuthProfile::Grant::AuthorizationCode, &channel, &prompter, publicClient);
    if (es256Resource)
        grant.profile.resource = m_server.es256ResourceIndicator();
    if (fixedRedirect) {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        grant.profile.redirectUri = QUrl(QStringLiteral("http://127.0.0.1:%1/callback").arg(probe.serverPort()));
    }
    AuthorizationCodeGrantJob job(grant);
    QVERIFY(run(job));
    QVERIFY2(job.status().isOk(), qPrintable(job.status().message()));
    TokenSet tokens = job.takeTokens();
    QVERIFY(!tokens.accessToken.isEmpty());
    QVERIFY(tokens.hasRefreshToken());
    QVERIFY(tokens.expiresAt.isValid());
    QCOMPARE(m_server.resourceStatus(tokens.accessToken), 200);

    // The URL the browser got: RFC 6749 §4.1.1 + RFC 7636 §4.3, and no verifier.
    QCOMPARE(prompter.openedUrls.size(), 1);
    const QUrl url = prompter.openedUrls.at(0);
    QCOMPARE(url.adjusted(QUrl::RemoveQuery), m_server.authorizationUrl());
    const QUrlQuery query(url);
    QCOMPARE(query.queryItemValue(QStringLiteral("response_type")), QStringLiteral("code"));
    QCOMPARE(query.queryItemValue(QStringLiteral("code_challenge_method")), QStringLiteral("S256"));
    QCOMPARE(query.queryItemValue(QStringLiteral("code_challenge")).size(), 43);
    QVERIFY(query.queryItemValue(QStringLiteral("state")).size() >= 32);
    // Form-encoded (RFC 6749 Appendix B): a space is '+'.
    QCOMPARE(query.queryItemValue(QStringLiteral("scope"), QUrl::FullyEncoded), QStringLiteral("openid+api%3Aread"));
    const QUrl redirect(query.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
    QCOMPARE(redirect.host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(redirect.path(), QStringLiteral("/callback"));
    if (fixedRedirect)
        QCOMPARE(redirect, grant.profile.redirectUri);
    QVERIFY(!query.hasQueryItem(QStringLiteral("code_verifier")));
    QCOMPARE(query.queryItemValue(QStringLiteral("resource"), QUrl::FullyDecoded), grant.profile.resource);
    QCOMPARE(Jwt::decode(tokens.accessToken).algorithm(), es256Resource ? QStringLiteral("ES256") : QStringLiteral("RS256"));

    // One token-endpoint leg: the code exchange with the verifier whose S256 is the challenge.
    QCOMPARE(channel.legs().size(), 1);
    const Leg &leg = channel.legs().at(0);
    QCOMPARE(leg.kind, Leg::Kind::TokenEndpoint);
    QCOMPARE(leg.statusCode, 200);
    QCOMPARE(job.outcomeLeg(), 0);
    const QUrlQuery sent(QString::fromLatin1(leg.requestBody).replace(QLatin1Char('+'), QLatin1Char(' ')));
    QCOMPARE(sent.queryItemValue(QStringLiteral("grant_type")), QStringLiteral("authorization_code"));
    QCOMPARE(Pkce::s256Challenge(sent.queryItemValue(QStringLiteral("code_verifier")).toLatin1()),
             query.queryItemValue(QStringLiteral("code_challenge")).toLatin1());
    QCOMPARE(sent.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded), redirect.toString());
    QCOMPARE(leg.requestHeaders.contains("Authorization"), !publicClient);
    QCOMPARE(prompter.signInEnds, 1);
    tokens.wipe();
}

void tst_InteractiveGrants::authorizationCodeRedirectRefusedEndsWithoutTokenRequest_data()
{
    QTest::addColumn<QString>("browserMode");
    QTest::addColumn<NoteCode>("reason");
    QTest::addColumn<QString>("messageHas");
    QTest::newRow("the user denies: access_denied") << QStringLiteral("deny") << NoteCode::AuthorizationDenied
                                                    << QStringLiteral("access_denied");
    // The code that comes with a forged state is never exchanged (RFC 6749 §10.12).
    QTest::newRow("state tampered") << QStringLiteral("tamper-state") << NoteCode::StateMismatch << QStringLiteral("state");
}

void tst_InteractiveGrants::authorizationCodeRedirectRefusedEndsWithoutTokenRequest()
{
    QFETCH(QString, browserMode);
    QFETCH(NoteCode, reason);
    QFETCH(QString, messageHas);
    ScriptedSignInPrompter prompter;
    prompter.browserMode = browserMode;
    LegJobChannel channel;
    AuthorizationCodeGrantJob job(context(OAuthProfile::Grant::AuthorizationCode, &channel, &prompter));
    QVERIFY(run(job));
    QCOMPARE(job.status().code(), Status::Code::AuthenticationFailed);
    QCOMPARE(NoteCodes::name(job.status().reason()), NoteCodes::name(reason));
    QVERIFY2(job.status().message().contains(messageHas), qPrintable(job.status().message()));
    QCOMPARE(channel.legs().size(), 0);
    QCOMPARE(prompter.signInEnds, 1);
}

void tst_InteractiveGrants::authorizationCodeWithoutPrompterNeedsSignIn()
{
    LegJobChannel channel;
    AuthorizationCodeGrantJob job(context(OAuthProfile::Grant::AuthorizationCode, &channel, nullptr));
    QVERIFY(run(job));
    QCOMPARE(job.status().reason(), NoteCode::SignInRequired);
    QVERIFY(job.authorizationUrl().isEmpty());
    QCOMPARE(channel.legs().size(), 0);
}

void tst_InteractiveGrants::authorizationCodeTimesOutWhenTheBrowserNeverReturns()
{
    ScriptedSignInPrompter prompter;
    prompter.browserMode = QStringLiteral("ignore");
    LegJobChannel channel;
    AuthorizationCodeGrantJob job(context(OAuthProfile::Grant::AuthorizationCode, &channel, &prompter));
    job.setRedirectTimeout(300);
    QVERIFY(run(job, 5000));
    QCOMPARE(job.status().code(), Status::Code::Timeout);
    QCOMPARE(job.status().reason(), NoteCode::SignInRequired);
    QCOMPARE(prompter.signInEnds, 1);
}

void tst_InteractiveGrants::authorizationCodeCancelStopsListening()
{
    ScriptedSignInPrompter prompter;
    prompter.browserMode = QStringLiteral("ignore");
    LegJobChannel channel;
    AuthorizationCodeGrantJob job(context(OAuthProfile::Grant::AuthorizationCode, &channel, &prompter));
    QSignalSpy finished(&job, &GrantJob::finished);
    job.start();
    QTRY_COMPARE_WITH_TIMEOUT(prompter.openedUrls.size(), 1, 5000);
    const QUrl redirect(QUrlQuery(prompter.openedUrls.at(0)).queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
    job.cancel();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(job.status().code(), Status::Code::Cancelled);
    QCOMPARE(prompter.signInEnds, 1);
    // Nobody listens on the redirect any more.
    QTcpSocket socket;
    QSignalSpy failed(&socket, &QTcpSocket::errorOccurred);
    QTest::qWait(50);
    socket.connectToHost(QHostAddress::LocalHost, quint16(redirect.port()));
    QVERIFY(failed.wait(3000));
    QCOMPARE(socket.error(), QAbstractSocket::ConnectionRefusedError);
}

// --- Device authorization (RFC 8628) ------------------------------------------------------------

void tst_InteractiveGrants::deviceGrantApprovedAfterPendingPolls()
{
    ScriptedSignInPrompter prompter;
    LegJobChannel channel;
    DeviceGrantJob job(context(OAuthProfile::Grant::DeviceCode, &channel, &prompter, true));
    QSignalSpy finished(&job, &GrantJob::finished);
    QVERIFY(startUntilCodeShown(job, prompter));
    QCOMPARE(prompter.verificationUri, m_server.verificationUrl());
    QVERIFY(prompter.verificationUriComplete.toString().contains(QStringLiteral("user_code=")));
    QVERIFY(prompter.deviceCodeExpiresAt > QDateTime::currentDateTime().addSecs(500));
    QCOMPARE(job.pollIntervalMs(), 1000); // the server's interval
    // Let one poll come back pending before the user approves.
    QTRY_VERIFY_WITH_TIMEOUT(channel.legs().size() >= 2 && channel.pending() == 0, 5000);
    QString error;
    QVERIFY2(m_server.approveDevice(prompter.userCode, true, &error), qPrintable(error));
    QVERIFY(finished.count() == 1 || finished.wait(10000));
    QVERIFY2(job.status().isOk(), qPrintable(job.status().message()));
    TokenSet tokens = job.takeTokens();
    QCOMPARE(m_server.resourceStatus(tokens.accessToken), 200);

    QCOMPARE(channel.legs().at(0).url, m_server.deviceAuthorizationUrl());
    QCOMPARE(countLegs(channel, Leg::Kind::TokenEndpoint), channel.legs().size());
    QVERIFY(channel.legs().at(1).hasNote(NoteCode::DeviceAuthorizationPending));
    QCOMPARE(job.outcomeLeg(), channel.legs().size() - 1);
    QCOMPARE(job.pollCount(), channel.legs().size() - 1);
    QVERIFY(!channel.allNotes().isEmpty());
    QVERIFY(!LegNoteList::contains(channel.allNotes(), NoteCode::DeviceSlowDown)); // the interval was kept
    QCOMPARE(prompter.signInEnds, 1);
    tokens.wipe();
}

void tst_InteractiveGrants::deviceGrantDeniedEndsWithAuthorizationDenied()
{
    ScriptedSignInPrompter prompter;
    LegJobChannel channel;
    DeviceGrantJob job(context(OAuthProfile::Grant::DeviceCode, &channel, &prompter));
    QSignalSpy finished(&job, &GrantJob::finished);
    QVERIFY(startUntilCodeShown(job, prompter));
    QString error;
    QVERIFY2(m_server.approveDevice(prompter.userCode, false, &error), qPrintable(error));
    QVERIFY(finished.count() == 1 || finished.wait(10000));
    QCOMPARE(job.status().reason(), NoteCode::AuthorizationDenied);
    QVERIFY2(job.status().message().contains(QStringLiteral("access_denied")), qPrintable(job.status().message()));
    QCOMPARE(prompter.signInEnds, 1);
    const int polls = job.pollCount();
    QTest::qWait(1300);
    QCOMPARE(job.pollCount(), polls); // no poll after the end
}

void tst_InteractiveGrants::deviceGrantExpiresWithDeviceCodeExpired()
{
    QUrlQuery shortLived;
    shortLived.addQueryItem(QStringLiteral("device_code_ttl"), QStringLiteral("2"));
    QVERIFY(m_server.configure(shortLived));
    ScriptedSignInPrompter prompter;
    LegJobChannel channel;
    DeviceGrantJob job(context(OAuthProfile::Grant::DeviceCode, &channel, &prompter));
    QVERIFY(run(job, 8000));
    QCOMPARE(job.status().reason(), NoteCode::DeviceCodeExpired);
    // The server said so: the last poll's answer is expired_token (RFC 8628 §3.5).
    QCOMPARE(job.outcomeLeg(), channel.legs().size() - 1);
    QVERIFY(responseBody(channel.legs().last()).contains("expired_token"));
    QVERIFY(prompter.deviceCodeExpiresAt < QDateTime::currentDateTime().addSecs(5));
    QCOMPARE(prompter.signInEnds, 1);
}

void tst_InteractiveGrants::deviceGrantObeysSlowDown()
{
    QUrlQuery slowDown;
    slowDown.addQueryItem(QStringLiteral("slow_down_next"), QStringLiteral("1"));
    slowDown.addQueryItem(QStringLiteral("slow_down_increment"), QStringLiteral("1"));
    QVERIFY(m_server.configure(slowDown));
    QVERIFY(m_server.resetStats());
    ScriptedSignInPrompter prompter;
    LegJobChannel channel;
    DeviceGrantJob job(context(OAuthProfile::Grant::DeviceCode, &channel, &prompter));
    job.setPollTiming(DeviceGrantJob::DefaultIntervalMs, 1000); // the server's increment, to stay fast
    QSignalSpy finished(&job, &GrantJob::finished);
    job.start();
    QTRY_VERIFY_WITH_TIMEOUT(LegNoteList::contains(channel.allNotes(), NoteCode::DeviceSlowDown), 5000);
    QCOMPARE(job.pollIntervalMs(), 2000);
    QString error;
    QVERIFY2(m_server.approveDevice(prompter.userCode, true, &error), qPrintable(error));
    QVERIFY(finished.count() == 1 || finished.wait(10000));
    QVERIFY2(job.status().isOk(), qPrintable(job.status().message()));
    // Only the one forced slow_down: every later poll kept the grown interval.
    QCOMPARE(m_server.stats().value(u"slowDowns").toInt(), 1);
}

void tst_InteractiveGrants::deviceGrantCancelStopsPolling()
{
    ScriptedSignInPrompter prompter;
    LegJobChannel channel;
    DeviceGrantJob job(context(OAuthProfile::Grant::DeviceCode, &channel, &prompter));
    QSignalSpy finished(&job, &GrantJob::finished);
    QVERIFY(startUntilCodeShown(job, prompter));
    job.cancel();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(job.status().code(), Status::Code::Cancelled);
    QCOMPARE(prompter.signInEnds, 1);
    const int legs = int(channel.legs().size());
    QTest::qWait(1300);
    QCOMPARE(channel.legs().size(), legs);
}

// --- Password (deprecated) ---------------------------------------------------------------------

void tst_InteractiveGrants::passwordGrantIsNotedDeprecated()
{
    ScriptedSignInPrompter prompter;
    LegJobChannel channel;
    PasswordGrantJob job(context(OAuthProfile::Grant::Password, &channel, &prompter));
    QVERIFY(run(job));
    QVERIFY2(job.status().isOk(), qPrintable(job.status().message()));
    QVERIFY(LegNoteList::contains(job.notes(), NoteCode::PasswordGrantDeprecated));
    QCOMPARE(prompter.passwordQuestions, 1);
    QCOMPARE(prompter.signInEnds, 1);
    QCOMPARE(channel.legs().size(), 1);
    QVERIFY(channel.legs().at(0).requestBody.contains("grant_type=password"));
    TokenSet tokens = job.takeTokens();
    QCOMPARE(m_server.resourceStatus(tokens.accessToken), 200);
    tokens.wipe();

    // Without a prompter: still noted, and sign-in-required.
    PasswordGrantJob unattended(context(OAuthProfile::Grant::Password, &channel, nullptr));
    QVERIFY(run(unattended));
    QCOMPARE(unattended.status().reason(), NoteCode::SignInRequired);
    QVERIFY(LegNoteList::contains(unattended.notes(), NoteCode::PasswordGrantDeprecated));
}

void tst_InteractiveGrants::passwordGrantWithAWrongPasswordShowsTheServersError()
{
    ScriptedSignInPrompter prompter;
    prompter.password = "not-the-password";
    LegJobChannel channel;
    PasswordGrantJob job(context(OAuthProfile::Grant::Password, &channel, &prompter));
    QVERIFY(run(job));
    QCOMPARE(job.status().reason(), NoteCode::TokenEndpointError);
    QVERIFY2(job.status().message().contains(QStringLiteral("invalid_grant")), qPrintable(job.status().message()));
    QVERIFY(!job.status().message().contains(QStringLiteral("not-the-password")));
}

// --- Revocation (RFC 7009) ---------------------------------------------------------------------

void tst_InteractiveGrants::revocationEndsTheTokensAtTheResource()
{
    LegJobChannel channel;
    TokenSet tokens = passwordTokens(channel);
    QVERIFY(!tokens.accessToken.isEmpty());
    QVERIFY(tokens.hasRefreshToken());
    QCOMPARE(m_server.resourceStatus(tokens.accessToken), 200);

    const int before = int(channel.legs().size());
    RevocationJob job(profile(OAuthProfile::Grant::Password), OidcServer::confidentialClientSecret(), tokens, &channel);
    QVERIFY(run(job));
    QVERIFY2(job.status().isOk(), qPrintable(job.status().message()));
    QCOMPARE(job.status().reason(), NoteCode::TokenRevoked);
    QCOMPARE(job.revokedCount(), 2);
    QCOMPARE(channel.legs().size(), before + 2);
    const Leg &refreshLeg = channel.legs().at(before);
    const Leg &accessLeg = channel.legs().at(before + 1);
    QCOMPARE(refreshLeg.url, m_server.revocationUrl());
    QCOMPARE(refreshLeg.kind, Leg::Kind::TokenEndpoint);
    QVERIFY(refreshLeg.requestBody.contains("token_type_hint=refresh_token"));
    QVERIFY(accessLeg.requestBody.contains("token_type_hint=access_token"));
    QVERIFY(refreshLeg.requestHeaders.contains("Authorization")); // client_secret_basic, as at the token endpoint
    QVERIFY(refreshLeg.hasNote(NoteCode::TokenRevoked));
    QVERIFY(accessLeg.hasNote(NoteCode::TokenRevoked));

    QCOMPARE(m_server.resourceStatus(tokens.accessToken), 401);
    // The refresh token is refused too.
    GrantJob::Context refresh = context(OAuthProfile::Grant::Password, &channel, nullptr);
    refresh.refreshToken = tokens.refreshToken;
    RefreshGrantJob refreshJob(refresh);
    QVERIFY(run(refreshJob));
    QCOMPARE(refreshJob.status().reason(), NoteCode::TokenEndpointError);
    QVERIFY(refreshJob.status().message().contains(QStringLiteral("invalid_grant")));
    tokens.wipe();
}

void tst_InteractiveGrants::revocationWithoutEndpointIsAnError()
{
    OAuthProfile noRevocation = profile(OAuthProfile::Grant::Password);
    noRevocation.revocationUrl.clear();
    TokenSet tokens;
    tokens.accessToken = "at";
    LegJobChannel channel;
    RevocationJob job(noRevocation, QByteArray(), tokens, &channel);
    QVERIFY(run(job));
    QCOMPARE(job.status().code(), Status::Code::InvalidInput);
    QVERIFY(job.status().message().contains(QStringLiteral("revocation")));
    QCOMPARE(channel.legs().size(), 0);
}

// --- JWKS ---------------------------------------------------------------------------------------

void tst_InteractiveGrants::verifiesTheProvidersRs256AndEs256AccessTokens()
{
    LegJobChannel channel;
    const TokenSet rs256 = passwordTokens(channel);
    QVERIFY(!rs256.accessToken.isEmpty());

    GrantJob::Context es256Context;
    es256Context.profile = profile(OAuthProfile::Grant::ClientCredentials);
    es256Context.profile.clientId = OidcServer::clientCredentialsClientId();
    es256Context.profile.scope = QStringLiteral("api:read");
    es256Context.profile.resource = m_server.es256ResourceIndicator();
    es256Context.clientSecret = OidcServer::clientCredentialsClientSecret();
    es256Context.channel = &channel;
    ClientCredentialsGrantJob es256Job(es256Context);
    QVERIFY(run(es256Job));
    QVERIFY2(es256Job.status().isOk(), qPrintable(es256Job.status().message()));
    const TokenSet es256 = es256Job.takeTokens();

    JwksVerifier verifier;
    QSignalSpy fetched(&verifier, &JwksVerifier::finished);
    verifier.fetch(m_server.jwksUrl(), &channel);
    QCOMPARE(fetched.count(), 0);
    QVERIFY(fetched.wait(5000));
    QVERIFY2(verifier.fetchStatus().isOk(), qPrintable(verifier.fetchStatus().message()));
    QCOMPARE(channel.legs().last().kind, Leg::Kind::Acquisition);
    QCOMPARE(channel.legs().last().url, m_server.jwksUrl());

    for (const TokenSet &tokens : {rs256, es256}) {
        const Jwt jwt = Jwt::decode(tokens.accessToken);
        QVERIFY(jwt.isSigned());
        QVERIFY(jwt.expiresAt() > QDateTime::currentDateTimeUtc());
        const JwksVerifier::Verification verification = verifier.verify(jwt);
        QCOMPARE(JwksVerifier::resultName(verification.result), QStringLiteral("verified"));
        QCOMPARE(verification.keyId, jwt.keyId());
        QVERIFY(!verification.keyId.isEmpty());
    }
    QCOMPARE(Jwt::decode(rs256.accessToken).algorithm(), QStringLiteral("RS256"));
    QCOMPARE(Jwt::decode(es256.accessToken).algorithm(), QStringLiteral("ES256"));
}

void tst_InteractiveGrants::refusesATamperedAccessToken()
{
    LegJobChannel channel;
    const TokenSet tokens = passwordTokens(channel);
    const QList<QByteArray> parts = tokens.accessToken.split('.');
    QCOMPARE(parts.size(), 3);
    QJsonObject claims = Jwt::decode(tokens.accessToken).claims();
    claims.insert(QStringLiteral("scope"), QStringLiteral("api:read api:write admin"));
    const QByteArray tampered = parts.at(0) + '.'
        + QJsonDocument(claims).toJson(QJsonDocument::Compact).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
        + '.' + parts.at(2);

    JwksVerifier verifier;
    QSignalSpy fetched(&verifier, &JwksVerifier::finished);
    verifier.fetch(m_server.jwksUrl(), &channel);
    QVERIFY(fetched.wait(5000));
    QCOMPARE(JwksVerifier::resultName(verifier.verify(Jwt::decode(tampered)).result), QStringLiteral("signature-invalid"));
    QCOMPARE(JwksVerifier::resultName(verifier.verify(Jwt::decode(tokens.accessToken)).result), QStringLiteral("verified"));
    // The resource agrees.
    QCOMPARE(m_server.resourceStatus(tampered), 401);
}

QTEST_GUILESS_MAIN(tst_InteractiveGrants)
#include "tst_interactivegrants.moc"
