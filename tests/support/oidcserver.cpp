#include "oidcserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcessEnvironment>
#include <QSignalSpy>

#include <memory>

static const QString oidcDir = QStringLiteral(AUTHSCOPE_TEST_SOURCE_DIR "/support/oidc");

bool OidcServer::start(QString *error, const OidcServerOptions &options)
{
    const QString npmDir = QStringLiteral(AUTHSCOPE_NPM_DIR);
    if (!QFile::exists(npmDir + u"/node_modules/oidc-provider/package.json")) {
        *error = QStringLiteral("oidc-provider is not installed in %1; run scripts/test.sh, or npm install --prefix %1 "
                                "the packages of tests/npm-packages.txt")
                         .arg(npmDir);
        return false;
    }
    const quint16 port = freePort();
    quint16 resourcePort = freePort();
    while (resourcePort == port)
        resourcePort = freePort();
    m_resourcePort = resourcePort;
    m_clientSecret = options.clientSecret;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // In the environment, not the arguments, as a secret should be passed.
    if (!m_clientSecret.isEmpty())
        environment.insert(QStringLiteral("AUTHSCOPE_OIDC_CLIENT_SECRET"), QString::fromLatin1(m_clientSecret));
    m_process.setProcessEnvironment(environment);
    const QStringList arguments = {
        oidcDir + u"/server.mjs",
        QStringLiteral("--npm-dir"), npmDir,
        QStringLiteral("--port"), QString::number(port),
        QStringLiteral("--resource-port"), QString::number(resourcePort),
        QStringLiteral("--access-token-ttl"), QString::number(options.accessTokenTtlSeconds),
        QStringLiteral("--device-interval"), QString::number(options.deviceIntervalSeconds),
        QStringLiteral("--slow-down-increment"), QString::number(options.slowDownIncrementSeconds),
        QStringLiteral("--device-code-ttl"), QString::number(options.deviceCodeTtlSeconds),
    };
    if (!launch(QStringLiteral("node"), arguments, port, error))
        return false;
    if (!waitForPort(resourcePort, 5000)) {
        *error = QStringLiteral("the protected resource did not listen on 127.0.0.1:%1: %2").arg(resourcePort).arg(log());
        stop();
        return false;
    }
    return true;
}

QUrl OidcServer::issuer() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

static QUrl withPath(const QUrl &base, const QString &path)
{
    QUrl url = base;
    url.setPath(path);
    return url;
}

QUrl OidcServer::discoveryUrl() const
{
    return withPath(issuer(), QStringLiteral("/.well-known/openid-configuration"));
}

QUrl OidcServer::authorizationServerMetadataUrl() const
{
    return withPath(issuer(), QStringLiteral("/.well-known/oauth-authorization-server"));
}

QUrl OidcServer::tokenUrl() const
{
    return withPath(issuer(), QStringLiteral("/token"));
}

QUrl OidcServer::authorizationUrl() const
{
    return withPath(issuer(), QStringLiteral("/auth"));
}

QUrl OidcServer::deviceAuthorizationUrl() const
{
    return withPath(issuer(), QStringLiteral("/device/auth"));
}

QUrl OidcServer::verificationUrl() const
{
    return withPath(issuer(), QStringLiteral("/device"));
}

QUrl OidcServer::revocationUrl() const
{
    return withPath(issuer(), QStringLiteral("/token/revocation"));
}

QUrl OidcServer::introspectionUrl() const
{
    return withPath(issuer(), QStringLiteral("/token/introspection"));
}

QUrl OidcServer::jwksUrl() const
{
    return withPath(issuer(), QStringLiteral("/jwks"));
}

QUrl OidcServer::resourceUrl(const QString &path) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_resourcePort).arg(path));
}

QString OidcServer::resourceIndicator() const
{
    return QStringLiteral("http://127.0.0.1:%1/").arg(m_resourcePort);
}

QString OidcServer::es256ResourceIndicator() const
{
    return QStringLiteral("http://127.0.0.1:%1/es256").arg(m_resourcePort);
}

// Waits for the reply with the event loop running; the JSON object it answered, or empty with
// *error when it failed or took more than 10 s.
static QJsonObject jsonAnswer(QNetworkReply *reply, const QString &what, QString *error)
{
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(10000)) {
        if (error)
            *error = QStringLiteral("no answer from the test server's %1 in 10 s").arg(what);
        return {};
    }
    const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
    if (reply->error() != QNetworkReply::NoError) {
        if (error)
            *error = QStringLiteral("%1: %2 %3").arg(what, reply->errorString(), answer.value(u"error").toString());
        return {};
    }
    return answer;
}

QJsonObject OidcServer::getTestHook(const QString &pathAndQuery, QString *error)
{
    QNetworkAccessManager manager;
    const std::unique_ptr<QNetworkReply> reply(
            manager.get(QNetworkRequest(QUrl(issuer().toString() + pathAndQuery))));
    return jsonAnswer(reply.get(), pathAndQuery, error);
}

QJsonObject OidcServer::passwordGrantTokens(const QString &scope, QString *error)
{
    QNetworkAccessManager manager;
    QNetworkRequest request(tokenUrl());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    // RFC 6749 §2.3.1: id and secret form-urlencoded before base64 (oidc-provider decodes them).
    const QByteArray secret = QUrl::toPercentEncoding(QString::fromLatin1(secretOf(confidentialClientId())));
    request.setRawHeader("Authorization",
                         "Basic " + QByteArray(QUrl::toPercentEncoding(confidentialClientId()) + ':' + secret).toBase64());
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("password"));
    form.addQueryItem(QStringLiteral("username"), passwordUser());
    form.addQueryItem(QStringLiteral("password"), QString::fromLatin1(passwordUserPassword()));
    form.addQueryItem(QStringLiteral("scope"), QString::fromUtf8(QUrl::toPercentEncoding(scope)));
    const std::unique_ptr<QNetworkReply> reply(manager.post(request, form.toString(QUrl::FullyEncoded).toUtf8()));
    return jsonAnswer(reply.get(), QStringLiteral("password grant"), error);
}

QJsonObject OidcServer::stats()
{
    return getTestHook(QStringLiteral("/_test/stats"));
}

static int countOf(const QJsonObject &token, const QString &key, const QString &grantType)
{
    if (token.isEmpty())
        return -1;
    if (grantType.isEmpty()) {
        int total = 0;
        const QJsonObject byGrant = token.value(key).toObject();
        for (auto it = byGrant.begin(); it != byGrant.end(); ++it)
            total += it.value().toInt();
        return total;
    }
    return token.value(key).toObject().value(grantType).toInt();
}

int OidcServer::tokenEndpointCalls(const QString &grantType)
{
    return countOf(stats().value(u"token").toObject(), QStringLiteral("byGrant"), grantType);
}

int OidcServer::tokenEndpointErrors(const QString &grantType)
{
    return countOf(stats().value(u"token").toObject(), QStringLiteral("errorsByGrant"), grantType);
}

bool OidcServer::resetStats()
{
    return !getTestHook(QStringLiteral("/_test/reset")).isEmpty();
}

bool OidcServer::configure(const QUrlQuery &settings)
{
    return !getTestHook(QStringLiteral("/_test/config?") + settings.toString(QUrl::FullyEncoded)).isEmpty();
}

bool OidcServer::setAccessTokenTtl(int seconds)
{
    QUrlQuery settings;
    settings.addQueryItem(QStringLiteral("access_token_ttl"), QString::number(seconds));
    return configure(settings);
}

QByteArray OidcServer::secretOf(const QString &clientId) const
{
    if (clientId == publicClientId())
        return QByteArray();
    if (!m_clientSecret.isEmpty())
        return m_clientSecret;
    return clientId == clientCredentialsClientId() ? clientCredentialsClientSecret() : confidentialClientSecret();
}

QList<QByteArray> OidcServer::issuedSecrets()
{
    const QJsonObject issued = getTestHook(QStringLiteral("/_test/issued"));
    QList<QByteArray> secrets;
    for (auto it = issued.begin(); it != issued.end(); ++it) {
        const QJsonArray values = it.value().toArray();
        for (const QJsonValue &value : values)
            secrets << value.toString().toLatin1();
    }
    return secrets;
}

QString OidcServer::browserCommand()
{
    return oidcDir + u"/browser.py";
}

bool OidcServer::approveDevice(const QString &userCode, bool approve, QString *error)
{
    QProcess browser;
    browser.setProcessChannelMode(QProcess::MergedChannels);
    QStringList arguments = {QStringLiteral("--device"), verificationUrl().toString(), userCode};
    if (!approve)
        arguments << QStringLiteral("--deny");
    QSignalSpy finished(&browser, &QProcess::finished);
    // Debian's python3, as for the hostile server; browser.py needs nothing beyond its stdlib.
    browser.start(QStringLiteral("/usr/bin/python3"), QStringList{browserCommand()} + arguments);
    if (!browser.waitForStarted(5000)) {
        if (error)
            *error = QStringLiteral("python3 did not start: %1").arg(browser.errorString());
        return false;
    }
    const bool done = finished.wait(15000);
    const QString output = QString::fromLocal8Bit(browser.readAll()).trimmed();
    if (!done || browser.exitStatus() != QProcess::NormalExit || browser.exitCode() != 0) {
        if (error)
            *error = done ? QStringLiteral("device %1 failed: %2")
                                    .arg(approve ? QStringLiteral("approval") : QStringLiteral("denial"), output)
                          : QStringLiteral("device approval did not end in 15 s: %1").arg(output);
        if (!done) {
            browser.kill();
            browser.waitForFinished(2000);
        }
        return false;
    }
    return true;
}

QString OidcServer::log()
{
    m_log += output();
    return m_log;
}

TokenSet OidcServer::tokenSet(const QJsonObject &tokenResponse, bool expiryKnown)
{
    TokenSet tokens;
    tokens.accessToken = tokenResponse.value(u"access_token").toString().toLatin1();
    tokens.refreshToken = tokenResponse.value(u"refresh_token").toString().toLatin1();
    tokens.scope = tokenResponse.value(u"scope").toString();
    tokens.obtainedAt = QDateTime::currentDateTimeUtc();
    if (expiryKnown)
        tokens.expiresAt = tokens.obtainedAt.addSecs(tokenResponse.value(u"expires_in").toInt());
    return tokens;
}

int OidcServer::resourceStatus(const QByteArray &token, const QString &path) const
{
    QNetworkAccessManager manager;
    QNetworkRequest request(resourceUrl(path));
    request.setRawHeader("Authorization", "Bearer " + token);
    std::unique_ptr<QNetworkReply> reply(manager.get(request));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(10000))
        return 0;
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}
