// The test authorization server itself (tests/support/oidcserver.h), through a plain
// QNetworkAccessManager: what every OAuth test relies on must hold before AuthScope is tested
// against it: tokens that open the resource and expire, rotation with reuse detection, the
// counters, the browser script and the device approval.
#include "oidcserver.h"


#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>


#include <memory>

namespace {

struct HttpAnswer
{
    int status = 0;
    QByteArray body;
    QByteArray wwwAuthenticate;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

// One request, waited for with the event loop running; status 0 when no answer came in 10 s.
HttpAnswer exchange(QNetworkAccessManager &manager, QNetworkRequest request, const QByteArray &form = QByteArray())
{
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    std::unique_ptr<QNetworkReply> reply;
    if (form.isNull()) {
        reply.reset(manager.get(request));
    } else {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        reply.reset(manager.post(request, form));
    }
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    HttpAnswer answer;
    if (!finished.wait(10000))
        return answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    answer.wwwAuthenticate = reply->rawHeader("WWW-Authenticate");
    return answer;
}

QByteArray formOf(const QList<QPair<QString, QString>> &fields)
{
    QUrlQuery query;
    for (const auto &[name, value] : fields)
        query.addQueryItem(name, QString::fromUtf8(QUrl::toPercentEncoding(value)));
    return query.toString(QUrl::FullyEncoded).toUtf8();
}

QByteArray basicAuthorization(const QString &id, const QByteArray &secret)
{
    return "Basic " + QByteArray(id.toUtf8() + ':' + secret).toBase64();
}

// A one-shot loopback listener for the authorization code redirect, as an RFC 8252 client has.
class CallbackListener : public QTcpServer
{
public:
    CallbackListener()
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                const QByteArray head = socket->readAll();
                const QByteArray target = head.split(' ').value(1);
                m_query = QUrlQuery(QUrl::fromEncoded(target).query());
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
                socket->disconnectFromHost();
                m_received = true;
            });
        });
    }
    QUrl redirectUri() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/callback").arg(serverPort())); }
    bool waitForRedirect(int timeoutMs) { return QTest::qWaitFor([this] { return m_received; }, timeoutMs); }
    QUrlQuery query() const { return m_query; }

private:
    bool m_received = false;
    QUrlQuery m_query;
};

} // namespace

class TestOidcServer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void discoveryNamesTheEndpoints_data();
    void discoveryNamesTheEndpoints();
    void clientCredentialsTokenOpensTheResourceUntilItExpires_data();
    void clientCredentialsTokenOpensTheResourceUntilItExpires();
    void resourceChallengesRequestsWithoutToken();
    void reusedRefreshTokenIsRejectedAndEndsTheGrant();
    void revokedRefreshTokenEndsItsAccessTokens();
    void wrongPasswordIsInvalidGrant();
    void browserScriptDeliversTheCodeToTheLoopbackCallback_data();
    void browserScriptDeliversTheCodeToTheLoopbackCallback();
    void deviceApprovedOverHttpGivesTokens();
    void deviceDeniedOverHttpEndsWithAccessDenied();
    void devicePollSoonerThanTheIntervalIsSlowedDown();
    void clientSecretOfTheRunReplacesTheFixedOne();

private:
    QJsonObject deviceAuthorization();

    OidcServer m_server;
    QNetworkAccessManager m_manager;
    const int m_ttl = 2;
};

void TestOidcServer::initTestCase()
{
    QString error;
    OidcServerOptions options;
    options.accessTokenTtlSeconds = m_ttl;
    QVERIFY2(m_server.start(&error, options), qPrintable(error));
}

void TestOidcServer::init()
{
    QVERIFY(m_server.resetStats());
    QVERIFY(m_server.setAccessTokenTtl(m_ttl));
}

void TestOidcServer::discoveryNamesTheEndpoints_data()
{
    QTest::addColumn<bool>("rfc8414");
    QTest::newRow("openid-configuration") << false;
    QTest::newRow("oauth-authorization-server") << true;
}

void TestOidcServer::discoveryNamesTheEndpoints()
{
    QFETCH(bool, rfc8414);
    const HttpAnswer answer = exchange(m_manager, QNetworkRequest(rfc8414 ? m_server.authorizationServerMetadataUrl()
                                                                          : m_server.discoveryUrl()));
    QCOMPARE(answer.status, 200);
    const QJsonObject metadata = answer.json();
    QCOMPARE(metadata.value(u"issuer").toString(), m_server.issuer().toString());
    QCOMPARE(metadata.value(u"token_endpoint").toString(), m_server.tokenUrl().toString());
    QCOMPARE(metadata.value(u"authorization_endpoint").toString(), m_server.authorizationUrl().toString());
    QCOMPARE(metadata.value(u"device_authorization_endpoint").toString(), m_server.deviceAuthorizationUrl().toString());
    QCOMPARE(metadata.value(u"revocation_endpoint").toString(), m_server.revocationUrl().toString());
    QCOMPARE(metadata.value(u"jwks_uri").toString(), m_server.jwksUrl().toString());
    QVERIFY(metadata.value(u"code_challenge_methods_supported").toArray().contains(QStringLiteral("S256")));
    const QJsonArray grants = metadata.value(u"grant_types_supported").toArray();
    for (const QString &grant : {QStringLiteral("client_credentials"), QStringLiteral("authorization_code"),
                                 QStringLiteral("refresh_token"), OidcServer::deviceCodeGrantType(), QStringLiteral("password")})
        QVERIFY2(grants.contains(grant), qPrintable(grant));

    const QJsonArray keys = exchange(m_manager, QNetworkRequest(m_server.jwksUrl())).json().value(u"keys").toArray();
    QStringList algorithms;
    for (const QJsonValue &key : keys)
        algorithms << key.toObject().value(u"alg").toString();
    algorithms.sort();
    QCOMPARE(algorithms, (QStringList{QStringLiteral("ES256"), QStringLiteral("RS256")}));
}

void TestOidcServer::clientCredentialsTokenOpensTheResourceUntilItExpires_data()
{
    QTest::addColumn<bool>("secretInBody");
    QTest::addColumn<bool>("es256");
    QTest::newRow("client_secret_basic, RS256") << false << false;
    QTest::newRow("client_secret_post, ES256") << true << true;
}

void TestOidcServer::clientCredentialsTokenOpensTheResourceUntilItExpires()
{
    QFETCH(bool, secretInBody);
    QFETCH(bool, es256);
    QList<QPair<QString, QString>> fields = {{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                                             {QStringLiteral("scope"), QStringLiteral("api:read")}};
    if (es256)
        fields.append({QStringLiteral("resource"), m_server.es256ResourceIndicator()});
    QNetworkRequest tokenRequest(m_server.tokenUrl());
    if (secretInBody) {
        fields.append({QStringLiteral("client_id"), OidcServer::clientCredentialsClientId()});
        fields.append({QStringLiteral("client_secret"), QString::fromLatin1(OidcServer::clientCredentialsClientSecret())});
    } else {
        tokenRequest.setRawHeader("Authorization", basicAuthorization(OidcServer::clientCredentialsClientId(),
                                                                      OidcServer::clientCredentialsClientSecret()));
    }
    const HttpAnswer token = exchange(m_manager, tokenRequest, formOf(fields));
    QCOMPARE(token.status, 200);
    const QJsonObject tokens = token.json();
    QCOMPARE(tokens.value(u"token_type").toString(), QStringLiteral("Bearer"));
    QCOMPARE(tokens.value(u"expires_in").toInt(), m_ttl);
    QVERIFY(!tokens.contains(u"refresh_token"));
    const QByteArray accessToken = tokens.value(u"access_token").toString().toLatin1();
    // A JWT whose header names the algorithm of the resource indicator.
    const QJsonObject header = QJsonDocument::fromJson(QByteArray::fromBase64(accessToken.split('.').value(0),
                                                                              QByteArray::Base64UrlEncoding)).object();
    QCOMPARE(header.value(u"alg").toString(), es256 ? QStringLiteral("ES256") : QStringLiteral("RS256"));

    QNetworkRequest apiRequest(m_server.resourceUrl(QStringLiteral("/api/items")));
    apiRequest.setRawHeader("Authorization", "Bearer " + accessToken);
    const HttpAnswer granted = exchange(m_manager, apiRequest);
    QCOMPARE(granted.status, 200);
    QCOMPARE(granted.json().value(u"client_id").toString(), OidcServer::clientCredentialsClientId());
    QCOMPARE(granted.json().value(u"scope").toString(), QStringLiteral("api:read"));
    QCOMPARE(granted.json().value(u"path").toString(), QStringLiteral("/api/items"));
    // /api/write needs api:write.
    QNetworkRequest writeRequest(m_server.resourceUrl(QStringLiteral("/api/write/items")));
    writeRequest.setRawHeader("Authorization", "Bearer " + accessToken);
    const HttpAnswer forbidden = exchange(m_manager, writeRequest);
    QCOMPARE(forbidden.status, 403);
    QVERIFY(forbidden.wwwAuthenticate.contains("error=\"insufficient_scope\""));

    QTest::qWait(m_ttl * 1000 + 100);
    const HttpAnswer expired = exchange(m_manager, apiRequest);
    QCOMPARE(expired.status, 401);
    QVERIFY2(expired.wwwAuthenticate.startsWith("Bearer "), expired.wwwAuthenticate.constData());
    QVERIFY2(expired.wwwAuthenticate.contains("error=\"invalid_token\""), expired.wwwAuthenticate.constData());
    QVERIFY2(expired.wwwAuthenticate.contains("expired"), expired.wwwAuthenticate.constData());

    QCOMPARE(m_server.tokenEndpointCalls(), 1);
    QCOMPARE(m_server.tokenEndpointCalls(QStringLiteral("client_credentials")), 1);
    QCOMPARE(m_server.tokenEndpointCalls(QStringLiteral("refresh_token")), 0);
    const QJsonObject resource = m_server.stats().value(u"resource").toObject();
    QCOMPARE(resource.value(u"ok").toInt(), 1);
    QCOMPARE(resource.value(u"unauthorized").toInt(), 1);
}

void TestOidcServer::resourceChallengesRequestsWithoutToken()
{
    const HttpAnswer anonymous = exchange(m_manager, QNetworkRequest(m_server.resourceUrl()));
    QCOMPARE(anonymous.status, 401);
    // RFC 6750 §3.1: no error code when no token was sent.
    QCOMPARE(anonymous.wwwAuthenticate, QByteArrayLiteral("Bearer realm=\"api\""));

    QNetworkRequest unknown(m_server.resourceUrl());
    unknown.setRawHeader("Authorization", "Bearer not-a-token-of-this-server");
    const HttpAnswer rejected = exchange(m_manager, unknown);
    QCOMPARE(rejected.status, 401);
    QVERIFY(rejected.wwwAuthenticate.contains("error=\"invalid_token\""));
}

static HttpAnswer refresh(QNetworkAccessManager &manager, const OidcServer &server, const QString &refreshToken)
{
    QNetworkRequest request(server.tokenUrl());
    request.setRawHeader("Authorization", basicAuthorization(OidcServer::confidentialClientId(),
                                                             OidcServer::confidentialClientSecret()));
    return exchange(manager, request, formOf({{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                                              {QStringLiteral("refresh_token"), refreshToken}}));
}

static int resourceStatus(QNetworkAccessManager &manager, const OidcServer &server, const QString &accessToken)
{
    QNetworkRequest request(server.resourceUrl());
    request.setRawHeader("Authorization", "Bearer " + accessToken.toLatin1());
    return exchange(manager, request).status;
}

void TestOidcServer::reusedRefreshTokenIsRejectedAndEndsTheGrant()
{
    const QJsonObject first = m_server.passwordGrantTokens();
    const QString firstRefresh = first.value(u"refresh_token").toString();
    QVERIFY(!firstRefresh.isEmpty());
    QCOMPARE(resourceStatus(m_manager, m_server, first.value(u"access_token").toString()), 200);

    const HttpAnswer rotated = refresh(m_manager, m_server, firstRefresh);
    QCOMPARE(rotated.status, 200);
    const QString secondRefresh = rotated.json().value(u"refresh_token").toString();
    const QString secondAccess = rotated.json().value(u"access_token").toString();
    QVERIFY(!secondRefresh.isEmpty());
    QVERIFY(secondRefresh != firstRefresh);
    QCOMPARE(resourceStatus(m_manager, m_server, secondAccess), 200);

    // Reuse of the rotated-away token: invalid_grant, and the whole grant is revoked with it.
    const HttpAnswer reused = refresh(m_manager, m_server, firstRefresh);
    QCOMPARE(reused.status, 400);
    QCOMPARE(reused.json().value(u"error").toString(), QStringLiteral("invalid_grant"));
    const HttpAnswer afterReuse = refresh(m_manager, m_server, secondRefresh);
    QCOMPARE(afterReuse.status, 400);
    QCOMPARE(afterReuse.json().value(u"error").toString(), QStringLiteral("invalid_grant"));
    QCOMPARE(resourceStatus(m_manager, m_server, secondAccess), 401);

    QCOMPARE(m_server.tokenEndpointCalls(QStringLiteral("password")), 1);
    QCOMPARE(m_server.tokenEndpointCalls(QStringLiteral("refresh_token")), 3);
    QCOMPARE(m_server.tokenEndpointErrors(QStringLiteral("refresh_token")), 2);
    QCOMPARE(m_server.tokenEndpointCalls(), 4);
}

void TestOidcServer::revokedRefreshTokenEndsItsAccessTokens()
{
    const QJsonObject tokens = m_server.passwordGrantTokens();
    const QString accessToken = tokens.value(u"access_token").toString();
    QCOMPARE(resourceStatus(m_manager, m_server, accessToken), 200);

    QNetworkRequest request(m_server.revocationUrl());
    request.setRawHeader("Authorization", basicAuthorization(OidcServer::confidentialClientId(),
                                                             OidcServer::confidentialClientSecret()));
    const HttpAnswer revoked = exchange(m_manager, request,
                                        formOf({{QStringLiteral("token"), tokens.value(u"refresh_token").toString()},
                                                {QStringLiteral("token_type_hint"), QStringLiteral("refresh_token")}}));
    QCOMPARE(revoked.status, 200);
    QCOMPARE(resourceStatus(m_manager, m_server, accessToken), 401);
    QCOMPARE(refresh(m_manager, m_server, tokens.value(u"refresh_token").toString()).json().value(u"error").toString(),
             QStringLiteral("invalid_grant"));
    QCOMPARE(m_server.stats().value(u"revocation").toInt(), 1);
}

void TestOidcServer::wrongPasswordIsInvalidGrant()
{
    QNetworkRequest request(m_server.tokenUrl());
    request.setRawHeader("Authorization", basicAuthorization(OidcServer::confidentialClientId(),
                                                             OidcServer::confidentialClientSecret()));
    const HttpAnswer answer = exchange(m_manager, request,
                                       formOf({{QStringLiteral("grant_type"), QStringLiteral("password")},
                                               {QStringLiteral("username"), OidcServer::passwordUser()},
                                               {QStringLiteral("password"), QStringLiteral("wrong")}}));
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.json().value(u"error").toString(), QStringLiteral("invalid_grant"));
}

void TestOidcServer::browserScriptDeliversTheCodeToTheLoopbackCallback_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("clientId");
    QTest::newRow("approve, public client") << QStringLiteral("approve") << OidcServer::publicClientId();
    QTest::newRow("approve, confidential client") << QStringLiteral("approve") << OidcServer::confidentialClientId();
    QTest::newRow("deny") << QStringLiteral("deny") << OidcServer::publicClientId();
    QTest::newRow("tamper-state") << QStringLiteral("tamper-state") << OidcServer::publicClientId();
}

void TestOidcServer::browserScriptDeliversTheCodeToTheLoopbackCallback()
{
    QFETCH(QString, mode);
    QFETCH(QString, clientId);
    CallbackListener listener;
    QVERIFY(listener.isListening());
    const QByteArray verifier = QByteArrayLiteral("a-code-verifier-of-forty-three-characters-at-least");
    const QByteArray challenge = QCryptographicHash::hash(verifier, QCryptographicHash::Sha256)
                                         .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    QUrl authorization = m_server.authorizationUrl();
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
    query.addQueryItem(QStringLiteral("client_id"), clientId);
    query.addQueryItem(QStringLiteral("redirect_uri"), listener.redirectUri().toString());
    query.addQueryItem(QStringLiteral("scope"), QStringLiteral("openid api:read"));
    query.addQueryItem(QStringLiteral("state"), QStringLiteral("state-1"));
    query.addQueryItem(QStringLiteral("code_challenge"), QString::fromLatin1(challenge));
    query.addQueryItem(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
    authorization.setQuery(query);

    // Launched as a program in BROWSER is: it returns at once and walks the pages in the background.
    QProcess browser;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("AUTHSCOPE_TEST_BROWSER_MODE"), mode);
    browser.setProcessEnvironment(environment);
    browser.start(OidcServer::browserCommand(), {authorization.toString(QUrl::FullyEncoded)});
    QVERIFY(browser.waitForFinished(5000));
    QCOMPARE(browser.exitCode(), 0);
    QVERIFY2(listener.waitForRedirect(15000), qPrintable(m_server.log()));

    const QUrlQuery redirect = listener.query();
    QCOMPARE(redirect.queryItemValue(QStringLiteral("iss"), QUrl::FullyDecoded), m_server.issuer().toString());
    if (mode == u"deny") {
        QCOMPARE(redirect.queryItemValue(QStringLiteral("error")), QStringLiteral("access_denied"));
        QVERIFY(!redirect.hasQueryItem(QStringLiteral("code")));
        return;
    }
    QCOMPARE(redirect.queryItemValue(QStringLiteral("state")),
             mode == u"tamper-state" ? QStringLiteral("state-1x") : QStringLiteral("state-1"));
    const QString code = redirect.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
    QVERIFY(!code.isEmpty());
    QVERIFY(m_server.issuedSecrets().contains(code.toLatin1()));

    QNetworkRequest tokenRequest(m_server.tokenUrl());
    QList<QPair<QString, QString>> fields = {{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                                             {QStringLiteral("code"), code},
                                             {QStringLiteral("redirect_uri"), listener.redirectUri().toString()},
                                             {QStringLiteral("code_verifier"), QString::fromLatin1(verifier)}};
    if (clientId == OidcServer::publicClientId())
        fields.append({QStringLiteral("client_id"), clientId});
    else
        tokenRequest.setRawHeader("Authorization", basicAuthorization(clientId, OidcServer::confidentialClientSecret()));
    const HttpAnswer tokens = exchange(m_manager, tokenRequest, formOf(fields));
    QCOMPARE(tokens.status, 200);
    QVERIFY(tokens.json().contains(u"refresh_token"));
    QNetworkRequest apiRequest(m_server.resourceUrl());
    apiRequest.setRawHeader("Authorization", "Bearer " + tokens.json().value(u"access_token").toString().toLatin1());
    const HttpAnswer api = exchange(m_manager, apiRequest);
    QCOMPARE(api.status, 200);
    QCOMPARE(api.json().value(u"sub").toString(), OidcServer::passwordUser());
    QCOMPARE(api.json().value(u"client_id").toString(), clientId);
}

QJsonObject TestOidcServer::deviceAuthorization()
{
    const HttpAnswer answer = exchange(m_manager, QNetworkRequest(m_server.deviceAuthorizationUrl()),
                                       formOf({{QStringLiteral("client_id"), OidcServer::publicClientId()},
                                               {QStringLiteral("scope"), QStringLiteral("openid api:read")}}));
    return answer.status == 200 ? answer.json() : QJsonObject();
}

static HttpAnswer pollDevice(QNetworkAccessManager &manager, const OidcServer &server, const QString &deviceCode)
{
    return exchange(manager, QNetworkRequest(server.tokenUrl()),
                    formOf({{QStringLiteral("grant_type"), OidcServer::deviceCodeGrantType()},
                            {QStringLiteral("device_code"), deviceCode},
                            {QStringLiteral("client_id"), OidcServer::publicClientId()}}));
}

void TestOidcServer::deviceApprovedOverHttpGivesTokens()
{
    const QJsonObject device = deviceAuthorization();
    QCOMPARE(device.value(u"interval").toInt(), 1);
    QCOMPARE(device.value(u"verification_uri").toString(), m_server.verificationUrl().toString());
    const QString deviceCode = device.value(u"device_code").toString();
    QCOMPARE(pollDevice(m_manager, m_server, deviceCode).json().value(u"error").toString(),
             QStringLiteral("authorization_pending"));

    QString error;
    QVERIFY2(m_server.approveDevice(device.value(u"user_code").toString(), true, &error), qPrintable(error));
    QTest::qWait(1000);
    const HttpAnswer tokens = pollDevice(m_manager, m_server, deviceCode);
    QCOMPARE(tokens.status, 200);
    QVERIFY(tokens.json().contains(u"refresh_token"));
    QCOMPARE(resourceStatus(m_manager, m_server, tokens.json().value(u"access_token").toString()), 200);
}

void TestOidcServer::deviceDeniedOverHttpEndsWithAccessDenied()
{
    const QJsonObject device = deviceAuthorization();
    QString error;
    QVERIFY2(m_server.approveDevice(device.value(u"user_code").toString(), false, &error), qPrintable(error));
    const HttpAnswer denied = pollDevice(m_manager, m_server, device.value(u"device_code").toString());
    QCOMPARE(denied.status, 400);
    QCOMPARE(denied.json().value(u"error").toString(), QStringLiteral("access_denied"));
}

void TestOidcServer::devicePollSoonerThanTheIntervalIsSlowedDown()
{
    const QString deviceCode = deviceAuthorization().value(u"device_code").toString();
    QCOMPARE(pollDevice(m_manager, m_server, deviceCode).json().value(u"error").toString(),
             QStringLiteral("authorization_pending"));
    QCOMPARE(pollDevice(m_manager, m_server, deviceCode).json().value(u"error").toString(), QStringLiteral("slow_down"));
    // The test hook forces the next slow_down whatever the timing.
    QUrlQuery settings;
    settings.addQueryItem(QStringLiteral("slow_down_next"), QStringLiteral("1"));
    QVERIFY(m_server.configure(settings));
    const QString otherCode = deviceAuthorization().value(u"device_code").toString();
    QCOMPARE(pollDevice(m_manager, m_server, otherCode).json().value(u"error").toString(), QStringLiteral("slow_down"));
    QCOMPARE(m_server.stats().value(u"slowDowns").toInt(), 2);
}

void TestOidcServer::clientSecretOfTheRunReplacesTheFixedOne()
{
    OidcServer server;
    OidcServerOptions options;
    options.clientSecret = QByteArrayLiteral("run-secret+/@") + QByteArray::number(QRandomGenerator::global()->generate64(), 16);
    QString error;
    QVERIFY2(server.start(&error, options), qPrintable(error));
    QCOMPARE(server.secretOf(OidcServer::confidentialClientId()), options.clientSecret);
    QCOMPARE(server.secretOf(OidcServer::clientCredentialsClientId()), options.clientSecret);
    const QJsonObject tokens = server.passwordGrantTokens(QStringLiteral("openid api:read"), &error);
    QVERIFY2(!tokens.isEmpty(), qPrintable(error));

    // The fixed secret no longer works.
    QNetworkRequest request(server.tokenUrl());
    request.setRawHeader("Authorization", basicAuthorization(OidcServer::clientCredentialsClientId(),
                                                             OidcServer::clientCredentialsClientSecret()));
    const HttpAnswer refused = exchange(m_manager, request,
                                        formOf({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}}));
    QCOMPARE(refused.status, 401);
    QCOMPARE(refused.json().value(u"error").toString(), QStringLiteral("invalid_client"));

    // What the scan looks for: every token it handed out.
    const QList<QByteArray> issued = server.issuedSecrets();
    QVERIFY(issued.contains(tokens.value(u"access_token").toString().toLatin1()));
    QVERIFY(issued.contains(tokens.value(u"refresh_token").toString().toLatin1()));
    QCOMPARE(issued.size(), 2);
}

QTEST_GUILESS_MAIN(TestOidcServer)
#include "tst_oidcserver.moc"
