// The lab's OAuth 2.0 authorization server against the engine's real OAuth code: TokenBroker and
// its grants with ad-hoc profiles (held in memory, nothing stored) for client credentials (Basic
// and in the body), refresh rotation and reuse detection, the device grant (the test approves
// through the verification page over HTTP) and authorization code + PKCE (the test plays the
// browser: it reads the consent page's form and posts it). Token endpoint legs are legs of the
// exchange that needed the token.
#include "labtryrunning.h"

#include "legjobchannel.h"

#include "credentials/credentialstore.h"
#include "lab/oauthlab.h"
#include "oauth/oauthprofilestore.h"
#include "oauth/signinprompter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

using namespace LabTesting;
using LabTryRunning::body;
using LabTryRunning::describe;

namespace {

// The user at the browser, played over HTTP: opens the consent page, fills the form, follows the
// redirect to the app's loopback listener; approves a device code on the verification page.
class LabBrowser : public SignInPrompter
{
public:
    QNetworkAccessManager manager;
    QString password = QStringLiteral("wonderland");
    int approveDelayMs = 0;
    QUrl openedUrl;
    QString userCode;
    QUrl verificationUri;
    int redirectStatus = 0;

    void openAuthorizationUrl(const QString &, const QUrl &url) override
    {
        openedUrl = url;
        QNetworkReply *page = manager.get(QNetworkRequest(url));
        QObject::connect(page, &QNetworkReply::finished, page, [this, page] {
            page->deleteLater();
            // Every field of the form, as a browser submits it.
            const QString html = QString::fromUtf8(page->readAll());
            QUrlQuery form;
            static const QRegularExpression hiddenField(QStringLiteral("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">"));
            for (auto it = hiddenField.globalMatch(html); it.hasNext();) {
                const auto match = it.next();
                form.addQueryItem(match.captured(1), QString::fromUtf8(QUrl::toPercentEncoding(unescaped(match.captured(2)))));
            }
            submit(page->url(), form);
        });
    }
    void showDeviceCode(const QString &, const QString &code, const QUrl &uri, const QUrl &, const QDateTime &) override
    {
        userCode = code;
        verificationUri = uri;
        QTimer::singleShot(approveDelayMs, &manager, [this, uri, code] {
            QUrlQuery form;
            form.addQueryItem(QStringLiteral("user_code"), code);
            submit(uri, form);
        });
    }
    void askPassword(const QString &, std::function<void(const QString &, const QByteArray &)> answer) override
    {
        answer(QString(), QByteArray());
    }
    void signInEnded(const QString &) override {}

private:
    static QString unescaped(QString html)
    {
        return html.replace(QStringLiteral("&quot;"), QStringLiteral("\"")).replace(QStringLiteral("&lt;"), QStringLiteral("<"))
                .replace(QStringLiteral("&gt;"), QStringLiteral(">")).replace(QStringLiteral("&amp;"), QStringLiteral("&"));
    }
    void submit(const QUrl &url, QUrlQuery form)
    {
        form.addQueryItem(QStringLiteral("user"), QStringLiteral("alice"));
        form.addQueryItem(QStringLiteral("password"), password);
        form.addQueryItem(QStringLiteral("action"), QStringLiteral("approve"));
        QNetworkRequest post(url.adjusted(QUrl::RemoveQuery));
        post.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/x-www-form-urlencoded"));
        post.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        QNetworkReply *reply = manager.post(post, form.query(QUrl::FullyEncoded).toUtf8());
        QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply] {
            reply->deleteLater();
            redirectStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QUrl location = reply->header(QNetworkRequest::LocationHeader).toUrl();
            if (location.isValid()) // to the app's loopback listener, as the browser would go
                manager.get(QNetworkRequest(location));
        });
    }
};

} // namespace

class tst_LabOAuth : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<LabServer> m_lab;
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<OAuthProfileStore> m_store;
    std::unique_ptr<TokenBroker> m_broker;
    LabBrowser m_browser;

    OAuthProfile profile(const QString &name, OAuthProfile::Grant grant, OAuthProfile::ClientAuth auth) const;
    // Asks the broker to sign in (the interactive grants) and waits; the legs are the channel's.
    Status signIn(const QString &profile, LegJobChannel *channel);
    Exchange api(const QString &profile);
    QJsonObject postToken(const QList<QPair<QString, QString>> &fields, int *status);

private slots:
    void initTestCase();
    void init();
    void everyTryGivesItsLegsAndDiagnosis_data();
    void everyTryGivesItsLegsAndDiagnosis();
    void clientCredentialsWithEitherClientAuthentication_data();
    void clientCredentialsWithEitherClientAuthentication();
    void metadataNamesTheEndpoints();
    void refreshRotatesAndAReplayRevokesTheFamily();
    void deviceGrantPollsUntilTheUserApproves();
    void pollingTooFastIsToldToSlowDown();
    void authorizationCodeWithPkceThroughTheConsentPage();
    void codeWithTheWrongVerifierIsRefused();
};

void tst_LabOAuth::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_lab = startLab();
    QVERIFY(m_lab);
    m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    m_credentials = std::make_unique<CredentialStore>(m_settings.get());
    m_store = std::make_unique<OAuthProfileStore>(m_credentials.get(), m_dir.filePath(QStringLiteral("oauth-profiles.json")));
}

void tst_LabOAuth::init()
{
    // A broker per test, as each `send` has its own; the prompter is the scripted browser.
    m_broker = std::make_unique<TokenBroker>(m_store.get(), &m_browser);
    m_broker->setLockDirectory(m_dir.path());
}

OAuthProfile tst_LabOAuth::profile(const QString &name, OAuthProfile::Grant grant, OAuthProfile::ClientAuth auth) const
{
    OAuthProfile p;
    p.name = name;
    p.adHoc = true;
    p.grant = grant;
    p.clientAuth = auth;
    p.clientId = auth == OAuthProfile::ClientAuth::None ? OAuthLab::appClientId() : OAuthLab::serviceClientId();
    p.tokenUrl = m_lab->urlFor(QStringLiteral("/oauth/token"));
    p.authorizationUrl = m_lab->urlFor(QStringLiteral("/oauth/authorize"));
    p.deviceAuthorizationUrl = m_lab->urlFor(QStringLiteral("/oauth/device_authorization?interval=1"));
    p.scope = QStringLiteral("read");
    return p;
}

Status tst_LabOAuth::signIn(const QString &profile, LegJobChannel *channel)
{
    TokenQuestion question;
    question.profile = profile;
    question.purpose = TokenQuestion::Purpose::SignIn;
    std::unique_ptr<TokenJob> job(m_broker->createJob(question, channel, nullptr));
    QSignalSpy finished(job.get(), &TokenJob::finished);
    job->start();
    if (!finished.wait(15000))
        return Status(Status::Code::Timeout, QStringLiteral("the sign-in did not finish"));
    return job->status();
}

Exchange tst_LabOAuth::api(const QString &profile)
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    session.setTokenProvider(m_broker.get());
    HttpRequest request = LabTesting::request(*m_lab, QStringLiteral("/oauth/api"));
    request.credentials.oauthProfile = profile;
    return ExchangeRunning::run(session, request);
}

QJsonObject tst_LabOAuth::postToken(const QList<QPair<QString, QString>> &fields, int *status)
{
    HttpRequest request = LabTesting::request(*m_lab, QStringLiteral("/oauth/token"), "POST");
    request.body = RequestBody::form(fields);
    const Exchange exchange = ExchangeRunning::run(request);
    *status = exchange.finalStatusCode();
    return exchange.legs.isEmpty() ? QJsonObject() : QJsonDocument::fromJson(body(exchange.legs.constLast())).object();
}

void tst_LabOAuth::everyTryGivesItsLegsAndDiagnosis_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QList<int>>("statuses");
    QTest::addColumn<bool>("succeeds");
    const QHash<QString, QList<int>> expected{
        {QStringLiteral("oauth-client-credentials"), {200, 200}}, // the token endpoint, then the resource
        {QStringLiteral("oauth-refresh-rotation"), {200, 200}},
        {QStringLiteral("oauth-refresh-reuse"), {400}},           // invalid_grant: the exchange ends there
        {QStringLiteral("oauth-device-grant"), {200}},
        {QStringLiteral("oauth-code-pkce"), {200}},
    };
    int rows = 0;
    for (const LabScenario &scenario : LabCatalog().scenarios()) {
        if (scenario.group != QLatin1String("OAuth 2.0"))
            continue;
        QVERIFY2(expected.contains(scenario.id), qPrintable(scenario.id + QStringLiteral(" has no row")));
        QTest::newRow(qPrintable(scenario.id)) << scenario.id << expected.value(scenario.id)
                                               << (scenario.id != QLatin1String("oauth-refresh-reuse"));
        ++rows;
    }
    QCOMPARE(rows, expected.size());
}

void tst_LabOAuth::everyTryGivesItsLegsAndDiagnosis()
{
    QFETCH(QString, id);
    QFETCH(QList<int>, statuses);
    QFETCH(bool, succeeds);
    const LabScenario scenario = m_lab->catalog().scenario(id);
    const Exchange exchange = LabTryRunning::run(*m_lab, scenario, m_broker.get());
    QVERIFY2(statuses == LabTesting::statuses(exchange), qPrintable(describe(exchange)));
    QCOMPARE(diagnosisName(exchange), scenario.expectedDiagnosis);
    QVERIFY2(exchange.status.isOk() == succeeds, qPrintable(describe(exchange)));
    if (statuses.size() == 2) // the token endpoint's leg belongs to the exchange
        QCOMPARE(exchange.legs.constFirst().url.path(), QStringLiteral("/oauth/token"));
    if (id == QLatin1String("oauth-refresh-reuse")) {
        QVERIFY(body(exchange.legs.constFirst()).contains("reuse detected"));
        QCOMPARE(NoteCodes::name(exchange.status.reason()), QStringLiteral("token-refresh-failed"));
    }
}

void tst_LabOAuth::clientCredentialsWithEitherClientAuthentication_data()
{
    QTest::addColumn<OAuthProfile::ClientAuth>("auth");
    QTest::newRow("client_secret_basic") << OAuthProfile::ClientAuth::Basic;
    QTest::newRow("client_secret_post") << OAuthProfile::ClientAuth::Post;
}

void tst_LabOAuth::clientCredentialsWithEitherClientAuthentication()
{
    QFETCH(OAuthProfile::ClientAuth, auth);
    m_broker->addAdHocProfile(profile(QStringLiteral("svc"), OAuthProfile::Grant::ClientCredentials, auth),
                              OAuthLab::serviceClientSecret(), TokenSet(), false);
    const Exchange exchange = api(QStringLiteral("svc"));
    QCOMPARE(statuses(exchange), (QList<int>{200, 200}));
    const Leg &tokenLeg = exchange.legs.constFirst();
    QCOMPARE(tokenLeg.requestHeaders.contains("Authorization"), auth == OAuthProfile::ClientAuth::Basic);
    QCOMPARE(diagnosisName(exchange), QString());
    // A wrong secret is refused as invalid_client (401 with a Basic challenge when Basic was used).
    m_broker->addAdHocProfile(profile(QStringLiteral("svc-wrong"), OAuthProfile::Grant::ClientCredentials, auth),
                              "not-the-secret", TokenSet(), false);
    const Exchange refused = api(QStringLiteral("svc-wrong"));
    QCOMPARE(statuses(refused), QList<int>{auth == OAuthProfile::ClientAuth::Basic ? 401 : 400});
    QVERIFY(body(refused.legs.constFirst()).contains("invalid_client"));
    QVERIFY(!refused.status.isOk());
}

void tst_LabOAuth::metadataNamesTheEndpoints()
{
    const Exchange exchange = ExchangeRunning::run(request(*m_lab, QStringLiteral("/.well-known/oauth-authorization-server")));
    const QJsonObject metadata = QJsonDocument::fromJson(body(exchange.legs.constFirst())).object();
    QCOMPARE(metadata.value(QStringLiteral("issuer")).toString(), m_lab->origin());
    QCOMPARE(metadata.value(QStringLiteral("token_endpoint")).toString(), m_lab->urlFor(QStringLiteral("/oauth/token")).toString());
    // The engine's discovery finds the token endpoint from the issuer alone (RFC 8414).
    OAuthProfile discovered = profile(QStringLiteral("discovered"), OAuthProfile::Grant::ClientCredentials, OAuthProfile::ClientAuth::Basic);
    discovered.tokenUrl.clear();
    discovered.issuer = QUrl(m_lab->origin());
    m_broker->addAdHocProfile(discovered, OAuthLab::serviceClientSecret(), TokenSet(), false);
    const Exchange viaDiscovery = api(QStringLiteral("discovered"));
    QVERIFY2(viaDiscovery.status.isOk(), qPrintable(describe(viaDiscovery)));
    QCOMPARE(viaDiscovery.finalStatusCode(), 200);
}

void tst_LabOAuth::refreshRotatesAndAReplayRevokesTheFamily()
{
    m_lab = startLab(); // a fresh lab: the lesson's try spent its demo refresh token
    QVERIFY(m_lab);
    // A pair from the code grant's token endpoint is what a user holds; the lab's demo token stands in.
    int status = 0;
    const auto refresh = [&](const QByteArray &token) {
        return postToken({{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                          {QStringLiteral("refresh_token"), QString::fromLatin1(token)},
                          {QStringLiteral("client_id"), OAuthLab::appClientId()}},
                         &status);
    };
    // Through the broker: an ad-hoc pair is refreshed before the request, and rotated.
    TokenSet held;
    held.refreshToken = OAuthLab::demoRefreshToken();
    m_broker->addAdHocProfile(profile(QStringLiteral("app"), OAuthProfile::Grant::AuthorizationCode, OAuthProfile::ClientAuth::None),
                              QByteArray(), held, false);
    const Exchange first = api(QStringLiteral("app"));
    QCOMPARE(statuses(first), (QList<int>{200, 200}));
    const QJsonObject rotated = QJsonDocument::fromJson(body(first.legs.constFirst())).object();
    const QByteArray successor = rotated.value(QStringLiteral("refresh_token")).toString().toLatin1();
    QVERIFY(!successor.isEmpty());
    QVERIFY(successor != OAuthLab::demoRefreshToken());

    // The spent token again: reuse detected, invalid_grant ...
    const QJsonObject replay = refresh(OAuthLab::demoRefreshToken());
    QCOMPARE(status, 400);
    QCOMPARE(replay.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));
    QVERIFY(replay.value(QStringLiteral("error_description")).toString().contains(QStringLiteral("reuse detected")));
    // ... and the successor, never used, dies with its family.
    const QJsonObject revoked = refresh(successor);
    QCOMPARE(status, 400);
    QVERIFY(revoked.value(QStringLiteral("error_description")).toString().contains(QStringLiteral("revoked")));
}

void tst_LabOAuth::deviceGrantPollsUntilTheUserApproves()
{
    m_browser.approveDelayMs = 1500; // after the first poll (interval 1 s)
    m_broker->addAdHocProfile(profile(QStringLiteral("device"), OAuthProfile::Grant::DeviceCode, OAuthProfile::ClientAuth::None),
                              QByteArray(), TokenSet(), false);
    LegJobChannel channel;
    const Status status = signIn(QStringLiteral("device"), &channel);
    QVERIFY2(status.isOk(), qPrintable(status.message()));
    QVERIFY(!m_browser.userCode.isEmpty());
    QCOMPARE(m_browser.verificationUri, m_lab->urlFor(QStringLiteral("/oauth/device")));
    QList<int> codes;
    for (const Leg &leg : channel.legs())
        codes.append(leg.statusCode);
    QVERIFY2(codes.size() >= 3 && codes.constFirst() == 200 && codes.at(1) == 400 && codes.constLast() == 200,
             qPrintable(QString::number(codes.size())));
    QVERIFY(body(channel.legs().at(1)).contains("authorization_pending"));
    QCOMPARE(channel.legs().constFirst().url.path(), QStringLiteral("/oauth/device_authorization"));
    // The tokens work on the resource without another grant.
    const Exchange exchange = api(QStringLiteral("device"));
    QCOMPARE(statuses(exchange), QList<int>{200});
}

void tst_LabOAuth::pollingTooFastIsToldToSlowDown()
{
    HttpRequest authorize = request(*m_lab, QStringLiteral("/oauth/device_authorization?interval=30"), "POST");
    authorize.body = RequestBody::form({{QStringLiteral("client_id"), OAuthLab::appClientId()}});
    const Exchange started = ExchangeRunning::run(authorize);
    const QJsonObject device = QJsonDocument::fromJson(body(started.legs.constFirst())).object();
    QCOMPARE(device.value(QStringLiteral("interval")).toInt(), 30); // two polls 15 s apart are too fast
    QVERIFY(QRegularExpression(QStringLiteral("^[B-Z]{4}-[B-Z]{4}$")).match(device.value(QStringLiteral("user_code")).toString()).hasMatch());
    const QList<QPair<QString, QString>> poll{
        {QStringLiteral("grant_type"), QStringLiteral("urn:ietf:params:oauth:grant-type:device_code")},
        {QStringLiteral("device_code"), device.value(QStringLiteral("device_code")).toString()},
        {QStringLiteral("client_id"), OAuthLab::appClientId()}};
    int status = 0;
    QCOMPARE(postToken(poll, &status).value(QStringLiteral("error")).toString(), QStringLiteral("authorization_pending"));
    QCOMPARE(postToken(poll, &status).value(QStringLiteral("error")).toString(), QStringLiteral("slow_down"));
    QCOMPARE(status, 400);
}

void tst_LabOAuth::authorizationCodeWithPkceThroughTheConsentPage()
{
    m_broker->addAdHocProfile(profile(QStringLiteral("code"), OAuthProfile::Grant::AuthorizationCode, OAuthProfile::ClientAuth::None),
                              QByteArray(), TokenSet(), false);
    LegJobChannel channel;
    const Status status = signIn(QStringLiteral("code"), &channel);
    QVERIFY2(status.isOk(), qPrintable(status.message()));
    const QUrlQuery asked(m_browser.openedUrl);
    QCOMPARE(asked.queryItemValue(QStringLiteral("code_challenge_method")), QStringLiteral("S256"));
    QVERIFY(QUrl(asked.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded)).host() == QLatin1String("127.0.0.1"));
    QCOMPARE(m_browser.redirectStatus, 303);
    QCOMPARE(channel.legs().size(), 1); // the code for tokens: one leg to the token endpoint
    QCOMPARE(channel.legs().constFirst().statusCode, 200);
    QVERIFY(channel.legs().constFirst().requestBody.contains("code_verifier="));
    const Exchange exchange = api(QStringLiteral("code"));
    QCOMPARE(statuses(exchange), QList<int>{200});
}

void tst_LabOAuth::codeWithTheWrongVerifierIsRefused()
{
    // RFC 7636 Appendix B: this verifier's S256 challenge is the one the lesson's path carries.
    const QString verifier = QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    const QString redirect = QStringLiteral("http://127.0.0.1:8765/callback");
    const QUrlQuery lesson(QUrl(m_lab->catalog().scenario(QStringLiteral("oauth-code-pkce")).path));
    HttpRequest consent = request(*m_lab, QStringLiteral("/oauth/authorize"), "POST");
    QList<QPair<QString, QString>> fields;
    for (const auto &item : lesson.queryItems(QUrl::FullyDecoded))
        fields.append(item);
    fields += {{QStringLiteral("user"), QStringLiteral("alice")}, {QStringLiteral("password"), QStringLiteral("wonderland")},
               {QStringLiteral("action"), QStringLiteral("approve")}};
    consent.body = RequestBody::form(fields);
    auto code = [&] {
        const Exchange approved = ExchangeRunning::run(consent);
        const QUrl location(QString::fromUtf8(approved.legs.constFirst().responseHeaders.value("Location")));
        [&] { QCOMPARE(approved.finalStatusCode(), 303); }();
        [&] { QCOMPARE(QUrlQuery(location).queryItemValue(QStringLiteral("state")), QStringLiteral("demo")); }();
        return QUrlQuery(location).queryItemValue(QStringLiteral("code"));
    };
    auto exchangeCode = [&](const QString &c, const QString &v, int *status) {
        return postToken({{QStringLiteral("grant_type"), QStringLiteral("authorization_code")}, {QStringLiteral("code"), c},
                          {QStringLiteral("redirect_uri"), redirect}, {QStringLiteral("client_id"), OAuthLab::appClientId()},
                          {QStringLiteral("code_verifier"), v}},
                         status);
    };
    int status = 0;
    QCOMPARE(exchangeCode(code(), verifier.left(42) + QStringLiteral("X"), &status).value(QStringLiteral("error")).toString(),
             QStringLiteral("invalid_grant"));
    // The right verifier with a fresh code is let in; the same code a second time is not.
    const QString fresh = code();
    QVERIFY(exchangeCode(fresh, verifier, &status).contains(QStringLiteral("access_token")));
    QCOMPARE(status, 200);
    QCOMPARE(exchangeCode(fresh, verifier, &status).value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));
}

QTEST_GUILESS_MAIN(tst_LabOAuth)
#include "tst_laboauth.moc"
