// authscope-cli send --oauth NAME and the ad-hoc --oauth2-* options, end to end (issue 11): the
// built binary against the real oidc-provider (OidcServer: access tokens live 1-2 s, refresh tokens
// rotate with reuse detection) and the real Secret Service the harness starts. Profiles and their
// tokens are seeded and checked through an OAuthProfileStore over the index the CLI reads (in the
// harness's throwaway HOME).
#include "clirunner.h"
#include "credentials/credentialstore.h"
#include "credentialtesting.h"
#include "oauth/oauthprofilestore.h"
#include "oauth/oauthstorejob.h"
#include "oidcserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <memory>

using namespace CredentialTesting;

class TestCliSendOAuth : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void anExpiredTokenIsRefreshedAfterThe401();
    void aTokenKnownToBeExpiredIsRefreshedBeforeSending();
    void verboseShowsTheTokenLegs();
    void aRotatedAwayRefreshTokenEndsInOneCleanFailure();
    void anUnknownProfileIsOneLineAndExitTwelve();
    void oauthAndTheAdHocOptionsExcludeEachOther_data();
    void oauthAndTheAdHocOptionsExcludeEachOther();
    void adHocOptionsRefreshAndStoreTheRotatedPair();
    void adHocOptionsWithNoKeychainWarnThatTheRefreshTokenIsLost();
    void adHocOptionsReadSecretsFromFiles();
    void noTokenReachesJsonOrHar();

private:
    using Result = CliRunner::Result;
    QString s(const char *text) const { return QString::fromUtf8(text); }
    // Real tokens of alice through the confidential client; its access token has expired when
    // this returns (it lived 1 s), unless wait is false. Tokens issued afterwards live 3 s.
    QJsonObject expiredTokens(bool wait = true);
    // A profile of the confidential client (client_secret_basic) holding tokens; expiresAt as given
    // (invalid: unknown, so only the server's 401 says the token is no longer good).
    void seedProfile(const QString &name, const QJsonObject &tokens, const QDateTime &expiresAt);
    std::optional<TokenSet> storedTokens(const QString &name);
    // Uses refreshToken at the token endpoint from outside AuthScope: the server rotates it away.
    bool refreshElsewhere(const QByteArray &refreshToken);
    QStringList adHocArguments(const QJsonObject &tokens) const;
    QString resource() const { return m_server.resourceUrl().toString(); }
    // Neither stream shows any token the server issued, nor the client secret.
    QString leakIn(const QByteArray &text);

    OidcServer m_server;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<OAuthProfileStore> m_profiles;
};

void TestCliSendOAuth::initTestCase()
{
    QVERIFY2(QFile::exists(CliRunner::program()), "authscope-cli was not built");
    const QString unsafe = whyHomeIsNotThrowaway();
    QVERIFY2(unsafe.isEmpty(), qPrintable(unsafe));
    OidcServerOptions options;
    options.accessTokenTtlSeconds = 1;
    QString error;
    QVERIFY2(m_server.start(&error, options), qPrintable(error));
    m_settings = std::make_unique<QSettings>(CredentialStore::defaultIndexPath(), QSettings::IniFormat);
    m_credentials = std::make_unique<CredentialStore>(m_settings.get());
    m_profiles = std::make_unique<OAuthProfileStore>(m_credentials.get());
}

void TestCliSendOAuth::init()
{
    QVERIFY(m_server.setAccessTokenTtl(1));
}

void TestCliSendOAuth::cleanup()
{
    m_profiles->reload();
    for (const OAuthProfile &profile : m_profiles->profiles())
        QVERIFY(runJob(m_profiles->removeProfile(profile.name)));
}

QJsonObject TestCliSendOAuth::expiredTokens(bool wait)
{
    QString error;
    const QJsonObject tokens = m_server.passwordGrantTokens(QStringLiteral("openid offline_access api:read"), &error);
    [&] { QVERIFY2(!tokens.isEmpty() && tokens.contains(QStringLiteral("refresh_token")), qPrintable(error)); }();
    if (wait)
        QTest::qWait(1100);
    // What the run gets lives long enough to be used (a 1 s token may be issued already expired).
    [&] { QVERIFY(m_server.setAccessTokenTtl(3)); }();
    return tokens;
}

void TestCliSendOAuth::seedProfile(const QString &name, const QJsonObject &json, const QDateTime &expiresAt)
{
    OAuthProfile profile;
    profile.name = name;
    profile.tokenUrl = m_server.tokenUrl();
    profile.clientId = OidcServer::confidentialClientId();
    profile.clientAuth = OAuthProfile::ClientAuth::Basic;
    profile.grant = OAuthProfile::Grant::Password;
    const auto saved = runJob(m_profiles->saveProfile(profile, m_server.secretOf(profile.clientId)));
    QVERIFY(saved);
    QVERIFY2(saved->status().isOk(), qPrintable(saved->status().message()));
    TokenSet tokens = OidcServer::tokenSet(json);
    tokens.obtainedAt = QDateTime::currentDateTimeUtc().addSecs(-2);
    tokens.expiresAt = expiresAt;
    const auto stored = runJob(m_profiles->storeTokens(name, tokens));
    QVERIFY(stored);
    QVERIFY2(stored->status().isOk(), qPrintable(stored->status().message()));
}

std::optional<TokenSet> TestCliSendOAuth::storedTokens(const QString &name)
{
    m_profiles->reload();
    const auto loaded = runJob(m_profiles->loadSecrets(name));
    if (!loaded || !loaded->status().isOk())
        return std::nullopt;
    return loaded->tokens();
}

bool TestCliSendOAuth::refreshElsewhere(const QByteArray &refreshToken)
{
    QNetworkAccessManager manager;
    QNetworkRequest request(m_server.tokenUrl());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    const QByteArray client = QUrl::toPercentEncoding(OidcServer::confidentialClientId()) + ':'
            + QUrl::toPercentEncoding(QString::fromLatin1(m_server.secretOf(OidcServer::confidentialClientId())));
    request.setRawHeader("Authorization", "Basic " + client.toBase64());
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
    form.addQueryItem(QStringLiteral("refresh_token"), QString::fromLatin1(refreshToken));
    QNetworkReply *reply = manager.post(request, form.toString(QUrl::FullyEncoded).toLatin1());
    QSignalSpy finished(reply, &QNetworkReply::finished);
    const bool done = finished.wait(10000);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return done && status == 200;
}

QStringList TestCliSendOAuth::adHocArguments(const QJsonObject &tokens) const
{
    return {s("--oauth2-bearer"), tokens.value(QStringLiteral("access_token")).toString(),
            s("--oauth2-refresh-token"), tokens.value(QStringLiteral("refresh_token")).toString(),
            s("--oauth2-token-url"), m_server.tokenUrl().toString(),
            s("--oauth2-client"), OidcServer::confidentialClientId() + u':'
                    + QString::fromLatin1(m_server.secretOf(OidcServer::confidentialClientId()))};
}

QString TestCliSendOAuth::leakIn(const QByteArray &text)
{
    QList<QByteArray> secrets = m_server.issuedSecrets();
    if (secrets.isEmpty())
        return s("the server's issued secrets could not be read");
    secrets.append(m_server.secretOf(OidcServer::confidentialClientId()));
    for (const QByteArray &secret : std::as_const(secrets)) {
        if (!secret.isEmpty() && text.contains(secret))
            return QStringLiteral("a secret of %1 bytes is in the output").arg(secret.size());
    }
    return QString();
}

void TestCliSendOAuth::anExpiredTokenIsRefreshedAfterThe401()
{
    seedProfile(s("api"), expiredTokens(), QDateTime()); // its expiry unknown: the server has to say
    const Result r = CliRunner::run({s("send"), s("--json"), s("--oauth"), s("api"), resource()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject exchange = QJsonDocument::fromJson(r.out).object();
    const QJsonArray legs = exchange.value(QStringLiteral("legs")).toArray();
    QCOMPARE(legs.size(), 3);
    QCOMPARE(legs.at(0).toObject().value(QStringLiteral("response")).toObject().value(QStringLiteral("statusCode")).toInt(), 401);
    QCOMPARE(legs.at(1).toObject().value(QStringLiteral("kind")).toString(), s("token-endpoint"));
    QCOMPARE(legs.at(2).toObject().value(QStringLiteral("kind")).toString(), s("auth-retry"));
    QCOMPARE(exchange.value(QStringLiteral("finalStatusCode")).toInt(), 200);
    QVERIFY(r.err.isEmpty());
    // The rotated pair is stored: the next run sends the new access token without a refresh.
    const std::optional<TokenSet> stored = storedTokens(s("api"));
    QVERIFY(stored);
    QVERIFY(stored->expiresAt.isValid());
    const Result again = CliRunner::run({s("send"), s("--json"), s("--oauth"), s("api"), resource()});
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QCOMPARE(QJsonDocument::fromJson(again.out).object().value(QStringLiteral("legs")).toArray().size(), 1);
}

void TestCliSendOAuth::aTokenKnownToBeExpiredIsRefreshedBeforeSending()
{
    seedProfile(s("api"), expiredTokens(false), QDateTime::currentDateTimeUtc().addSecs(-5));
    const Result r = CliRunner::run({s("send"), s("--json"), s("--oauth"), s("api"), resource()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject exchange = QJsonDocument::fromJson(r.out).object();
    const QJsonArray legs = exchange.value(QStringLiteral("legs")).toArray();
    QCOMPARE(legs.size(), 2);
    QCOMPARE(legs.at(0).toObject().value(QStringLiteral("kind")).toString(), s("token-endpoint"));
    QCOMPARE(legs.at(1).toObject().value(QStringLiteral("response")).toObject().value(QStringLiteral("statusCode")).toInt(), 200);
    QStringList codes;
    for (const QJsonValue &note : legs.at(1).toObject().value(QStringLiteral("notes")).toArray())
        codes.append(note.toObject().value(QStringLiteral("code")).toString());
    QVERIFY2(codes.contains(s("token-expired-before-send")), qPrintable(codes.join(u' ')));
    QVERIFY2(codes.contains(s("token-refreshed")), qPrintable(codes.join(u' ')));
}

void TestCliSendOAuth::verboseShowsTheTokenLegs()
{
    seedProfile(s("api"), expiredTokens(), QDateTime());
    const Result r = CliRunner::run({s("send"), s("-v"), s("--oauth"), s("api"), resource()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QStringList blocks = CliRunner::legBlocks(r.err);
    QCOMPARE(blocks.size(), 3);
    QVERIFY2(blocks.at(0).contains(s("[token-refresh-on-401]")), qPrintable(blocks.at(0)));
    QVERIFY2(blocks.at(1).contains(s("(token-endpoint)")), qPrintable(blocks.at(1)));
    QVERIFY2(blocks.at(1).contains(s("> POST ")), qPrintable(blocks.at(1)));
    QVERIFY2(blocks.at(1).contains(s("Authorization: Basic [redacted]")), qPrintable(blocks.at(1)));
    QVERIFY2(blocks.at(2).contains(s("(auth-retry)")), qPrintable(blocks.at(2)));
    QVERIFY2(blocks.at(2).contains(s("Authorization: Bearer [redacted]")), qPrintable(blocks.at(2)));
    QVERIFY2(r.err.contains("* Step [token-refreshed]"), r.err.constData());
    const QString leak = leakIn(r.err + r.out);
    QVERIFY2(leak.isEmpty(), qPrintable(leak));
}

void TestCliSendOAuth::aRotatedAwayRefreshTokenEndsInOneCleanFailure()
{
    const QJsonObject tokens = expiredTokens();
    seedProfile(s("api"), tokens, QDateTime());
    // Another client used the refresh token: the server rotated it away (and, seeing it again,
    // revokes the grant: reuse detection).
    QVERIFY(refreshElsewhere(tokens.value(QStringLiteral("refresh_token")).toString().toUtf8()));
    const Result r = CliRunner::run({s("send"), s("--oauth"), s("api"), resource()});
    QCOMPARE(r.exitCode, 10); // AuthenticationFailed
    const QByteArrayList lines = r.err.trimmed().split('\n');
    QVERIFY2(lines.size() == 1, r.err.constData());
    QVERIFY2(r.err.contains("invalid_grant"), r.err.constData());
    QVERIFY(r.out.isEmpty());
    const QString leak = leakIn(r.err);
    QVERIFY2(leak.isEmpty(), qPrintable(leak));

    // The JSON says which decision ended it, the token endpoint's leg is kept, and there is no loop.
    const Result json = CliRunner::run({s("send"), s("--json"), s("--oauth"), s("api"), resource()});
    QCOMPARE(json.exitCode, 10);
    const QJsonObject exchange = QJsonDocument::fromJson(json.out).object();
    QCOMPARE(exchange.value(QStringLiteral("status")).toObject().value(QStringLiteral("reason")).toString(),
             s("token-refresh-failed"));
    const QJsonArray legs = exchange.value(QStringLiteral("legs")).toArray();
    QVERIFY2(legs.size() <= 3, json.out.constData());
    QCOMPARE(legs.last().toObject().value(QStringLiteral("kind")).toString(), s("token-endpoint"));
}

void TestCliSendOAuth::anUnknownProfileIsOneLineAndExitTwelve()
{
    const Result r = CliRunner::run({s("send"), s("--oauth"), s("nobody"), resource()});
    QCOMPARE(r.exitCode, Status(Status::Code::NotFound, QString()).exitCode());
    QCOMPARE(r.err.trimmed().count('\n'), 0);
    QVERIFY2(r.err.contains("nobody"), r.err.constData());
}

void TestCliSendOAuth::oauthAndTheAdHocOptionsExcludeEachOther_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("oauth with bearer") << QStringList{s("--oauth"), s("api"), s("--oauth2-bearer"), s("abc")};
    QTest::newRow("oauth with refresh token") << QStringList{s("--oauth"), s("api"), s("--oauth2-refresh-token"), s("r")};
    QTest::newRow("oauth with no-keychain") << QStringList{s("--oauth"), s("api"), s("--no-keychain")};
    QTest::newRow("refresh token alone") << QStringList{s("--oauth2-refresh-token"), s("r")};
    QTest::newRow("no client") << QStringList{s("--oauth2-refresh-token"), s("r"), s("--oauth2-token-url"),
                                              s("http://127.0.0.1:9/token")};
    QTest::newRow("empty client id") << QStringList{s("--oauth2-refresh-token"), s("r"), s("--oauth2-token-url"),
                                                    s("http://127.0.0.1:9/token"), s("--oauth2-client"), s(":secret")};
    QTest::newRow("token url not http") << QStringList{s("--oauth2-refresh-token"), s("r"), s("--oauth2-token-url"),
                                                       s("ftp://127.0.0.1/token"), s("--oauth2-client"), s("app")};
}

void TestCliSendOAuth::oauthAndTheAdHocOptionsExcludeEachOther()
{
    QFETCH(QStringList, arguments);
    const Result r = CliRunner::run(QStringList{s("send")} + arguments + QStringList{resource()});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err.trimmed().count('\n'), 0);
    QVERIFY(!r.err.contains("secret"));
}

void TestCliSendOAuth::adHocOptionsRefreshAndStoreTheRotatedPair()
{
    const QJsonObject tokens = expiredTokens();
    const Result r = CliRunner::run(QStringList{s("send"), s("--json")} + adHocArguments(tokens) + QStringList{resource()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonArray legs = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("legs")).toArray();
    // The access token is a JWT whose exp has passed: refreshed before sending.
    QCOMPARE(legs.size(), 2);
    QCOMPARE(legs.at(0).toObject().value(QStringLiteral("kind")).toString(), s("token-endpoint"));
    QCOMPARE(legs.at(1).toObject().value(QStringLiteral("response")).toObject().value(QStringLiteral("statusCode")).toInt(), 200);
    // The rotated pair is kept as a profile, and a note names it.
    const QString name = s("adhoc-127.0.0.1-") + OidcServer::confidentialClientId();
    QVERIFY2(r.err.contains(name.toUtf8()), r.err.constData());
    m_profiles->reload();
    const std::optional<OAuthProfile> saved = m_profiles->profile(name);
    QVERIFY(saved);
    QVERIFY(saved->adHoc);
    const std::optional<TokenSet> stored = storedTokens(name);
    QVERIFY(stored);
    QVERIFY(stored->hasRefreshToken());
    QVERIFY(stored->refreshToken != tokens.value(QStringLiteral("refresh_token")).toString().toUtf8());
    // ... and usable by name.
    const Result byName = CliRunner::run({s("send"), s("--oauth"), name, resource()});
    QVERIFY2(byName.exitCode == 0, byName.err.constData());

    // An opaque (unknown) access token: the server's 401 starts the refresh.
    const std::optional<TokenSet> latest = storedTokens(name);
    QVERIFY(latest);
    QJsonObject opaque;
    opaque.insert(QStringLiteral("access_token"), s("opaque-token-the-server-never-issued"));
    opaque.insert(QStringLiteral("refresh_token"), QString::fromLatin1(latest->refreshToken));
    const Result on401 = CliRunner::run(QStringList{s("send"), s("--json")} + adHocArguments(opaque) + QStringList{resource()});
    QVERIFY2(on401.exitCode == 0, on401.err.constData());
    const QJsonArray legs401 = QJsonDocument::fromJson(on401.out).object().value(QStringLiteral("legs")).toArray();
    QCOMPARE(legs401.size(), 3);
    QCOMPARE(legs401.at(0).toObject().value(QStringLiteral("response")).toObject().value(QStringLiteral("statusCode")).toInt(), 401);
    QCOMPARE(legs401.at(1).toObject().value(QStringLiteral("kind")).toString(), s("token-endpoint"));
    QCOMPARE(legs401.at(2).toObject().value(QStringLiteral("response")).toObject().value(QStringLiteral("statusCode")).toInt(), 200);
}

void TestCliSendOAuth::adHocOptionsWithNoKeychainWarnThatTheRefreshTokenIsLost()
{
    const QJsonObject tokens = expiredTokens();
    const Result r = CliRunner::run(QStringList{s("send"), s("--no-keychain")} + adHocArguments(tokens)
                                    + QStringList{resource()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.contains("[refresh-token-will-be-lost]"), r.err.constData());
    QCOMPARE(r.err.trimmed().count('\n'), 0); // that warning, once
    m_profiles->reload();
    QVERIFY(m_profiles->profiles().isEmpty());
    const QString leak = leakIn(r.err);
    QVERIFY2(leak.isEmpty(), qPrintable(leak));
}

void TestCliSendOAuth::adHocOptionsReadSecretsFromFiles()
{
    const QJsonObject tokens = expiredTokens();
    QTemporaryDir dir;
    auto write = [&dir](const QString &name, const QByteArray &content) -> QString {
        QFile file(dir.filePath(name));
        [&] { QVERIFY(file.open(QIODevice::WriteOnly)); }();
        file.write(content + '\n');
        return u'@' + file.fileName();
    };
    const QString client = OidcServer::confidentialClientId() + u':'
            + QString::fromLatin1(m_server.secretOf(OidcServer::confidentialClientId()));
    const Result r = CliRunner::run({s("send"), s("--no-keychain"),
                                     s("--oauth2-bearer"), write(s("at"), tokens.value(QStringLiteral("access_token")).toString().toUtf8()),
                                     s("--oauth2-refresh-token"), write(s("rt"), tokens.value(QStringLiteral("refresh_token")).toString().toUtf8()),
                                     s("--oauth2-token-url"), m_server.tokenUrl().toString(),
                                     s("--oauth2-client"), write(s("client"), client.toUtf8()), resource()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("\"sub\""));
}

void TestCliSendOAuth::noTokenReachesJsonOrHar()
{
    seedProfile(s("api"), expiredTokens(), QDateTime());
    QTemporaryDir dir;
    const QString har = dir.filePath(s("x.har"));
    const Result r = CliRunner::run({s("send"), s("-v"), s("--json"), s("--har"), har, s("--oauth"), s("api"), resource()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile file(har);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray harText = file.readAll();
    QVERIFY(harText.contains("token-endpoint") || harText.contains("access_token"));
    for (const QByteArray &text : {r.out, r.err, harText}) {
        const QString leak = leakIn(text);
        QVERIFY2(leak.isEmpty(), qPrintable(leak));
    }
    // The scan can see them: --include-secrets shows the access token the token endpoint issued.
    const Result revealed = CliRunner::run({s("send"), s("--json"), s("--include-secrets"), s("--oauth"), s("api"), resource()});
    QVERIFY2(revealed.exitCode == 0, revealed.err.constData());
    QVERIFY(!leakIn(revealed.out).isEmpty());
}

QTEST_GUILESS_MAIN(TestCliSendOAuth)
#include "tst_clisendoauth.moc"
