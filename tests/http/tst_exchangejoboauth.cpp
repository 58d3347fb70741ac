// The engine's side of OAuth (issue 11): an exchange naming a profile asks the session's token
// provider before its first leg and once more after a 401 that refused the token; the provider's
// HTTP calls come back through the exchange as legs of its own. A scripted provider runs real
// grants (B's ClientCredentialsGrantJob) against the real oidc-provider (A's OidcServer), whose
// protected resource answers 401 invalid_token to a token it does not know.
#include "engine/exchangejob.h"
#include "engine/httpsession.h"
#include "export/exchangejson.h"
#include "export/exportoptions.h"
#include "export/harwriter.h"
#include "credentialtesting.h"
#include "oauth/clientcredentialsgrantjob.h"
#include "oauth/oauthprofilestore.h"
#include "oauth/oauthstorejob.h"
#include "oauth/tokenbroker.h"
#include "oidcserver.h"
#include "scriptedtokenprovider.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

namespace {

const QString Profile = QStringLiteral("api");

LegNotes none() { return {}; }

} // namespace

class TestExchangeJobOAuth : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void sendsTheProfilesTokenAfterItsTokenStep();
    void refreshesOnceOn401AndRetriesTheRequest();
    void aSecond401EndsTheExchangeWithoutAnotherLeg();
    void aTokenThatIsNotRefusedIsNotRefreshed();
    void aFailedRefreshEndsTheExchangeWithTheJobsStatus();
    void withoutATokenProviderTheProfileIsNotFound();
    void cancelDuringATokenLegAnswersItOnceAndEnds();
    void cancelWhileATokenLegIsHeldAnswersItOnce();
    void deletingTheExchangeDuringATokenLegAnswersItOnce();
    void theExchangesTimeLimitStopsATokenLeg();
    void holdsTokenLegsBeforeTheyGoLikeItsOwn();
    void aTokenOnlyExchangeHoldsTheTokenLegs();
    void tokenLegsAreRedactedInJsonAndHar();
    void exchangesOnOneProfileShareTheBrokersOneTokenLeg();

private:
    // The client_credentials grant of the fixed client, its legs sent through the job's exchange.
    // then runs with the grant's outcome (tokens when its status is Ok).
    void runGrant(ScriptedTokenJob *job, const QByteArray &clientSecret,
                  std::function<void(const Status &status, TokenSet tokens)> then);
    // Answers with a fresh token from a real grant, with origin and the notes given.
    ScriptedTokenProvider::Script grantAnswering(NoteCode origin, LegNotes notes = none());
    // What the token leg's callback heard: how often it ran, and the leg's status.
    struct LegAnswers
    {
        int count = 0;
        Status last;
    };
    // A Send script that sends one POST to url through the channel and records its answers; a
    // failed leg ends the token job with its status. job, when given, is set to the token job.
    ScriptedTokenProvider::Script sendingOneLeg(const QUrl &url, LegAnswers *answers,
                                                QPointer<ScriptedTokenJob> *job = nullptr);
    ExchangeJob *startExchange(const QUrl &url, int timeoutMs = 0);
    // The profile's token is firstToken, which the resource refuses; the refresh runs a real grant.
    // The exchange once it ended Ok, else null (the test has failed).
    ExchangeJob *refreshingOn401(const QByteArray &firstToken);
    bool waitFor(ExchangeJob *job);
    HttpRequest profileRequest(const QUrl &url) const;

    OidcServer m_server;
    std::unique_ptr<QNetworkAccessManager> m_manager;
    std::unique_ptr<HttpSession> m_session;
    std::unique_ptr<ScriptedTokenProvider> m_provider;
    QList<QByteArray> m_issued; // every access token the grants issued, to look for in exports
};

void TestExchangeJobOAuth::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));
}

void TestExchangeJobOAuth::init()
{
    m_manager = std::make_unique<QNetworkAccessManager>();
    m_session = std::make_unique<HttpSession>(m_manager.get());
    m_provider = std::make_unique<ScriptedTokenProvider>();
    m_session->setTokenProvider(m_provider.get());
    m_issued.clear();
}

void TestExchangeJobOAuth::cleanup()
{
    m_session.reset();
    m_provider.reset();
    m_manager.reset();
}

void TestExchangeJobOAuth::runGrant(ScriptedTokenJob *job, const QByteArray &clientSecret,
                                    std::function<void(const Status &, TokenSet)> then)
{
    GrantJob::Context context;
    context.profile.name = Profile;
    context.profile.tokenUrl = m_server.tokenUrl();
    context.profile.clientId = OidcServer::clientCredentialsClientId();
    context.profile.clientAuth = OAuthProfile::ClientAuth::Basic;
    context.profile.grant = OAuthProfile::Grant::ClientCredentials;
    context.clientSecret = clientSecret;
    context.channel = job->legChannel();
    auto *grant = new ClientCredentialsGrantJob(context, job);
    connect(grant, &GrantJob::finished, job, [this, grant, then] {
        TokenSet tokens = grant->takeTokens();
        if (!tokens.accessToken.isEmpty())
            m_issued.append(tokens.accessToken);
        then(grant->status(), tokens);
    });
    grant->start();
}

ScriptedTokenProvider::Script TestExchangeJobOAuth::grantAnswering(NoteCode origin, LegNotes notes)
{
    return [this, origin, notes](ScriptedTokenJob *job) {
        runGrant(job, OidcServer::clientCredentialsClientSecret(), [job, origin, notes](const Status &status, TokenSet tokens) {
            for (const LegNote &note : notes)
                job->remark(note.code, note.text);
            if (status.isOk())
                job->answer(tokens.accessToken, origin, tokens.expiresAt);
            else
                job->refuse(status);
        });
    };
}

HttpRequest TestExchangeJobOAuth::profileRequest(const QUrl &url) const
{
    HttpRequest request;
    request.url = url;
    request.credentials.oauthProfile = Profile;
    return request;
}

ExchangeJob *TestExchangeJobOAuth::startExchange(const QUrl &url, int timeoutMs)
{
    HttpRequest request = profileRequest(url);
    request.options.timeoutMs = timeoutMs;
    ExchangeJob *job = m_session->createExchange(request);
    job->start();
    return job;
}

ScriptedTokenProvider::Script TestExchangeJobOAuth::sendingOneLeg(const QUrl &url, LegAnswers *answers,
                                                                  QPointer<ScriptedTokenJob> *tokenJob)
{
    return [url, answers, tokenJob](ScriptedTokenJob *job) {
        if (tokenJob)
            *tokenJob = job;
        HttpRequest request;
        request.method = "POST";
        request.url = url;
        request.body = RequestBody::form({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}});
        QPointer<ScriptedTokenJob> guard(job);
        job->legChannel()->sendLeg(request, Leg::Kind::TokenEndpoint, QStringLiteral("token"),
                                   [answers, guard](const Leg &leg) {
                                       ++answers->count;
                                       answers->last = leg.status;
                                       // As a grant would: it ends with what its leg heard (ignored
                                       // by an exchange that is ending).
                                       if (guard && !leg.status.isOk())
                                           guard->refuse(leg.status);
                                   });
    };
}

ExchangeJob *TestExchangeJobOAuth::refreshingOn401(const QByteArray &firstToken)
{
    m_provider->setScript(TokenQuestion::Purpose::Send, [firstToken](ScriptedTokenJob *job) {
        job->answer(firstToken, NoteCode::CredentialFromProfile);
    });
    m_provider->setScript(TokenQuestion::Purpose::Rejected, grantAnswering(NoteCode::TokenRefreshed));
    ExchangeJob *job = startExchange(m_server.resourceUrl());
    if (!waitFor(job)) {
        qWarning("the exchange did not finish");
        return nullptr;
    }
    if (!job->status().isOk()) {
        qWarning("the exchange failed: %s", qPrintable(job->status().message()));
        return nullptr;
    }
    return job;
}

bool TestExchangeJobOAuth::waitFor(ExchangeJob *job)
{
    if (!job->isRunning())
        return true;
    QSignalSpy finished(job, &ExchangeJob::finished);
    return finished.wait(15000);
}

void TestExchangeJobOAuth::sendsTheProfilesTokenAfterItsTokenStep()
{
    // The provider found the stored token expired and refreshed it (its decision, recorded here).
    m_provider->setScript(TokenQuestion::Purpose::Send,
                          grantAnswering(NoteCode::TokenRefreshed,
                                         {LegNote(NoteCode::TokenExpiredBeforeSend, QStringLiteral("expired 3 s ago"))}));
    ExchangeJob *job = startExchange(m_server.resourceUrl());
    QVERIFY(waitFor(job));
    const Exchange &e = job->exchange();
    QVERIFY2(e.status.isOk(), qPrintable(e.status.message()));
    QCOMPARE(e.legs.size(), 2);
    const Leg &token = e.legs.at(0);
    QCOMPARE(token.kind, Leg::Kind::TokenEndpoint);
    QCOMPARE(token.statusCode, 200);
    QCOMPARE(token.url, m_server.tokenUrl());
    QCOMPARE(token.follows, -1);
    const Leg &resource = e.legs.at(1);
    QCOMPARE(resource.kind, Leg::Kind::Initial);
    QCOMPARE(resource.statusCode, 200);
    QVERIFY(resource.hasNote(NoteCode::TokenRefreshed));
    QVERIFY(resource.hasNote(NoteCode::TokenExpiredBeforeSend));
    QVERIFY(resource.authentication.contains(Profile));
    QCOMPARE(resource.requestHeaders.value("Authorization"), "Bearer " + m_issued.constFirst());

    // The token step comes first and holds the token job's leg; its notes are recorded on it.
    QCOMPARE(e.steps.size(), 3);
    const ExchangeStep &step = e.steps.at(0);
    QCOMPARE(step.kind, ExchangeStep::Kind::AcquireCredential);
    QCOMPARE(step.forLeg, -1);
    QCOMPARE(step.source, NoteCode::TokenRefreshed);
    QVERIFY(LegNoteList::contains(step.notes, NoteCode::TokenExpiredBeforeSend));
    QVERIFY(step.detail.contains(Profile));
    QVERIFY(step.finishedNs >= e.steps.at(1).finishedNs); // the leg ran inside the step
    QCOMPARE(e.steps.at(1).leg, 0);
    QCOMPARE(e.steps.at(2).leg, 1);
    QCOMPARE(m_provider->asked.size(), 1);
    QCOMPARE(m_provider->asked.constFirst().purpose, TokenQuestion::Purpose::Send);
    QCOMPARE(m_provider->asked.constFirst().url, m_server.resourceUrl());
    // The request's record never holds the token.
    QVERIFY(e.request.credentials.token.isEmpty());
}

void TestExchangeJobOAuth::refreshesOnceOn401AndRetriesTheRequest()
{
    ExchangeJob *job = refreshingOn401(QByteArrayLiteral("a-token-the-server-never-issued"));
    QVERIFY(job);
    const Exchange &e = job->exchange();
    QCOMPARE(e.legs.size(), 3);
    QCOMPARE(e.legs.at(0).statusCode, 401);
    QVERIFY(e.legs.at(0).hasNote(NoteCode::TokenRefreshOn401));
    QVERIFY(e.legs.at(0).hasNote(NoteCode::CredentialFromProfile));
    QVERIFY(!e.legs.at(0).challenges.isEmpty()); // described like any challenge
    QCOMPARE(e.legs.at(1).kind, Leg::Kind::TokenEndpoint);
    QCOMPARE(e.legs.at(1).statusCode, 200);
    QCOMPARE(e.legs.at(1).follows, 0);
    QCOMPARE(e.legs.at(2).kind, Leg::Kind::AuthRetry);
    QCOMPARE(e.legs.at(2).follows, 0);
    QCOMPARE(e.legs.at(2).statusCode, 200);
    QVERIFY(e.legs.at(2).hasNote(NoteCode::TokenRefreshed));
    QCOMPARE(e.legs.at(2).requestHeaders.value("Authorization"), "Bearer " + m_issued.constFirst());

    QCOMPARE(m_provider->asked.size(), 2);
    const TokenQuestion &rejected = m_provider->asked.at(1);
    QCOMPARE(rejected.purpose, TokenQuestion::Purpose::Rejected);
    QCOMPARE(rejected.rejectedToken, QByteArrayLiteral("a-token-the-server-never-issued"));
    QCOMPARE(rejected.forLeg, 0);
    const ExchangeStep &refresh = e.steps.at(2); // token, leg 0, refresh, leg 1, leg 2
    QCOMPARE(refresh.kind, ExchangeStep::Kind::AcquireCredential);
    QCOMPARE(refresh.forLeg, 0);
    QCOMPARE(refresh.source, NoteCode::TokenRefreshed);
}

void TestExchangeJobOAuth::aSecond401EndsTheExchangeWithoutAnotherLeg()
{
    m_provider->setScript(TokenQuestion::Purpose::Send, [](ScriptedTokenJob *job) {
        job->answer(QByteArrayLiteral("first-unknown-token"), NoteCode::CredentialFromProfile);
    });
    // A real token endpoint leg, then a token the resource does not know either.
    m_provider->setScript(TokenQuestion::Purpose::Rejected, [this](ScriptedTokenJob *job) {
        runGrant(job, OidcServer::clientCredentialsClientSecret(), [job](const Status &status, TokenSet) {
            QVERIFY(status.isOk());
            job->answer(QByteArrayLiteral("second-unknown-token"), NoteCode::TokenRefreshed);
        });
    });
    ExchangeJob *job = startExchange(m_server.resourceUrl());
    QVERIFY(waitFor(job));
    const Exchange &e = job->exchange();
    QCOMPARE(e.status.code(), Status::Code::AuthenticationFailed);
    QCOMPARE(e.status.reason(), NoteCode::TokenRejectedAfterRefresh);
    QCOMPARE(e.legs.size(), 3);
    QCOMPARE(e.legs.at(2).statusCode, 401);
    QCOMPARE(e.legs.at(2).requestHeaders.value("Authorization"), QByteArrayLiteral("Bearer second-unknown-token"));
    QVERIFY(e.legs.at(2).hasNote(NoteCode::TokenRejectedAfterRefresh));
    QCOMPARE(m_provider->asked.size(), 2); // never a third question, never a loop
}

void TestExchangeJobOAuth::aTokenThatIsNotRefusedIsNotRefreshed()
{
    // 403 insufficient_scope is not a token problem (RFC 6750 §3.1): no refresh, the 403 stands.
    m_provider->setScript(TokenQuestion::Purpose::Send, grantAnswering(NoteCode::CredentialFromProfile));
    ExchangeJob *job = startExchange(m_server.resourceUrl(QStringLiteral("/api/write/x")));
    QVERIFY(waitFor(job));
    const Exchange &e = job->exchange();
    QVERIFY(e.status.isOk());
    const int final = e.finalStatusCode();
    QVERIFY2(final == 200 || final == 403, qPrintable(QString::number(final)));
    QCOMPARE(e.legs.size(), 2);
    QCOMPARE(m_provider->asked.size(), 1);
}

void TestExchangeJobOAuth::aFailedRefreshEndsTheExchangeWithTheJobsStatus()
{
    m_provider->setScript(TokenQuestion::Purpose::Send, [this](ScriptedTokenJob *job) {
        runGrant(job, QByteArrayLiteral("not-the-client-secret"), [job](const Status &status, TokenSet) {
            job->refuse(Status(Status::Code::AuthenticationFailed, NoteCode::TokenRefreshFailed, status.message()));
        });
    });
    ExchangeJob *job = startExchange(m_server.resourceUrl());
    QVERIFY(waitFor(job));
    const Exchange &e = job->exchange();
    QCOMPARE(e.status.code(), Status::Code::AuthenticationFailed);
    QCOMPARE(e.status.reason(), NoteCode::TokenRefreshFailed);
    QVERIFY2(e.status.message().contains(QStringLiteral("invalid_client")), qPrintable(e.status.message()));
    QCOMPARE(e.legs.size(), 1); // the token endpoint's answer is kept; no resource leg
    QCOMPARE(e.legs.at(0).kind, Leg::Kind::TokenEndpoint);
    QCOMPARE(e.legs.at(0).statusCode, 401);
    QCOMPARE(e.steps.at(0).outcome, NoteCode::TokenRefreshFailed);
}

void TestExchangeJobOAuth::withoutATokenProviderTheProfileIsNotFound()
{
    m_session->setTokenProvider(nullptr);
    ExchangeJob *job = startExchange(m_server.resourceUrl());
    QVERIFY(job->isRunning()); // never inside start()
    QVERIFY(waitFor(job));
    const Exchange &e = job->exchange();
    QCOMPARE(e.status.code(), Status::Code::NotFound);
    QCOMPARE(e.status.reason(), NoteCode::OAuthProfileNotFound);
    QVERIFY(e.legs.isEmpty());
    QCOMPARE(e.steps.size(), 1);
    QCOMPARE(e.steps.at(0).outcome, NoteCode::OAuthProfileNotFound);
}

void TestExchangeJobOAuth::cancelDuringATokenLegAnswersItOnceAndEnds()
{
    LegAnswers answers;
    m_provider->setScript(TokenQuestion::Purpose::Send, sendingOneLeg(m_server.tokenUrl(), &answers));
    ExchangeJob *job = startExchange(m_server.resourceUrl());
    QSignalSpy finished(job, &ExchangeJob::finished);
    connect(job, &ExchangeJob::legStarted, job, [job](int index) {
        if (index == 0)
            job->cancel();
    });
    QVERIFY(finished.wait(15000));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(job->status().code(), Status::Code::Cancelled);
    QCOMPARE(answers.count, 1);
    QCOMPARE(answers.last.code(), Status::Code::Cancelled);
    QTest::qWait(100); // nothing more comes: no resource leg, no second answer
    QCOMPARE(job->exchange().legs.size(), 1);
    QCOMPARE(job->exchange().legs.at(0).status.code(), Status::Code::Cancelled);
    QCOMPARE(answers.count, 1);
    QCOMPARE(finished.size(), 1);
}

void TestExchangeJobOAuth::cancelWhileATokenLegIsHeldAnswersItOnce()
{
    LegAnswers answers;
    m_provider->setScript(TokenQuestion::Purpose::Send, sendingOneLeg(m_server.tokenUrl(), &answers));
    ExchangeJob *job = m_session->createExchange(profileRequest(m_server.resourceUrl()));
    job->setHoldBeforeLegs(true);
    QSignalSpy held(job, &ExchangeJob::legHeld);
    QSignalSpy finished(job, &ExchangeJob::finished);
    job->start();
    QVERIFY(held.wait(15000));
    QCOMPARE(job->exchange().legs.constLast().kind, Leg::Kind::TokenEndpoint);
    job->cancel();
    QCOMPARE(finished.size(), 1); // before cancel() returns, as for the engine's own legs
    QCOMPARE(answers.count, 1);
    QCOMPARE(answers.last.code(), Status::Code::Cancelled);
    QTest::qWait(50);
    QCOMPARE(answers.count, 1);
}

void TestExchangeJobOAuth::deletingTheExchangeDuringATokenLegAnswersItOnce()
{
    LegAnswers answers;
    QPointer<ScriptedTokenJob> tokenJob;
    m_provider->setScript(TokenQuestion::Purpose::Send, sendingOneLeg(m_server.tokenUrl(), &answers, &tokenJob));
    ExchangeJob *job = startExchange(m_server.resourceUrl());
    QSignalSpy started(job, &ExchangeJob::legStarted);
    QVERIFY(started.wait(15000));
    delete job;
    QCOMPARE(answers.count, 1);
    QCOMPARE(answers.last.code(), Status::Code::Cancelled);
    QVERIFY(!tokenJob); // gone with the exchange
    QTest::qWait(100);
    QCOMPARE(answers.count, 1);
}

void TestExchangeJobOAuth::theExchangesTimeLimitStopsATokenLeg()
{
    // A token endpoint that accepts the connection and never answers.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    LegAnswers answers;
    m_provider->setScript(TokenQuestion::Purpose::Send,
                          sendingOneLeg(QUrl(QStringLiteral("http://127.0.0.1:%1/token").arg(silent.serverPort())), &answers));
    ExchangeJob *job = startExchange(m_server.resourceUrl(), 400);
    QVERIFY(waitFor(job));
    QCOMPARE(job->status().code(), Status::Code::Timeout);
    QCOMPARE(answers.count, 1);
    QCOMPARE(answers.last.code(), Status::Code::Timeout);
    QCOMPARE(job->exchange().legs.size(), 1);
    QCOMPARE(job->exchange().legs.at(0).status.code(), Status::Code::Timeout);
}

void TestExchangeJobOAuth::holdsTokenLegsBeforeTheyGoLikeItsOwn()
{
    m_provider->setScript(TokenQuestion::Purpose::Send, grantAnswering(NoteCode::TokenRefreshed));
    ExchangeJob *job = m_session->createExchange(profileRequest(m_server.resourceUrl()));
    job->setHoldBeforeLegs(true);
    QList<Leg::Kind> heldKinds;
    QList<int> started;
    connect(job, &ExchangeJob::legHeld, job, [job, &heldKinds](int index) {
        heldKinds.append(job->exchange().legs.at(index).kind);
        QTimer::singleShot(10, job, &ExchangeJob::proceed);
    });
    connect(job, &ExchangeJob::legStarted, job, [&started](int index) { started.append(index); });
    QSignalSpy finished(job, &ExchangeJob::finished);
    job->start();
    QVERIFY(finished.wait(15000));
    QVERIFY2(job->status().isOk(), qPrintable(job->status().message()));
    QCOMPARE(heldKinds, (QList<Leg::Kind>{Leg::Kind::TokenEndpoint, Leg::Kind::Initial}));
    QCOMPARE(started, (QList<int>{0, 1}));
}

void TestExchangeJobOAuth::aTokenOnlyExchangeHoldsTheTokenLegs()
{
    m_provider->setScript(TokenQuestion::Purpose::Refresh, grantAnswering(NoteCode::TokenRefreshed,
                                                                          {LegNote(NoteCode::TokenRotated, QStringLiteral("rotated"))}));
    TokenQuestion question;
    question.profile = Profile;
    question.purpose = TokenQuestion::Purpose::Refresh;
    ExchangeJob *job = m_session->createTokenExchange(question);
    QSignalSpy legsFinished(job, &ExchangeJob::legFinished);
    job->start();
    QVERIFY(waitFor(job));
    QVERIFY(job->isTokenOnly());
    const Exchange &e = job->exchange();
    QVERIFY2(e.status.isOk(), qPrintable(e.status.message()));
    QCOMPARE(e.legs.size(), 1);
    QCOMPARE(e.legs.at(0).kind, Leg::Kind::TokenEndpoint);
    QCOMPARE(legsFinished.size(), 1);
    QCOMPARE(e.request.method, QByteArrayLiteral("POST"));
    QCOMPARE(e.request.url, m_server.tokenUrl());
    QCOMPARE(e.request.credentials.oauthProfile, Profile);
    QVERIFY(job->tokenExpiresAt().isValid());
    QVERIFY(job->tokenExpiresAt() > QDateTime::currentDateTimeUtc());
    QCOMPARE(e.steps.at(0).source, NoteCode::TokenRefreshed);
    QVERIFY(LegNoteList::contains(e.steps.at(0).notes, NoteCode::TokenRotated));

    // Exported like any other exchange: the step, its notes, the profile by name.
    const QJsonObject json = QJsonDocument::fromJson(ExchangeJson::toBytes(e, ExportOptions())).object();
    QCOMPARE(json.value(QStringLiteral("request")).toObject().value(QStringLiteral("credentials")).toObject()
                     .value(QStringLiteral("oauthProfile")).toString(), Profile);
    const QJsonObject step = json.value(QStringLiteral("steps")).toArray().at(0).toObject();
    QCOMPARE(step.value(QStringLiteral("source")).toString(), QStringLiteral("token-refreshed"));
    QCOMPARE(step.value(QStringLiteral("notes")).toArray().at(0).toObject().value(QStringLiteral("code")).toString(),
             QStringLiteral("token-rotated"));
}

void TestExchangeJobOAuth::tokenLegsAreRedactedInJsonAndHar()
{
    ExchangeJob *job = refreshingOn401(QByteArrayLiteral("an-unknown-token-0123"));
    QVERIFY(job);
    const Exchange &e = job->exchange();
    QCOMPARE(m_issued.size(), 1);
    const QByteArray accessToken = m_issued.constFirst();
    const QByteArray basic = QByteArray(OidcServer::clientCredentialsClientId().toUtf8() + ':'
                                        + OidcServer::clientCredentialsClientSecret()).toBase64();
    // (client_secret_basic: the client secret travels inside the Basic credentials)
    const QList<QByteArray> secrets = {accessToken, QByteArrayLiteral("an-unknown-token-0123"), basic};

    ExportOptions revealing;
    revealing.includeSecrets = true;
    const QByteArray revealed = ExchangeJson::toBytes(e, revealing);
    const QByteArray json = ExchangeJson::toBytes(e, ExportOptions());
    QTemporaryDir dir;
    const QString harPath = dir.filePath(QStringLiteral("x.har"));
    QString error;
    QVERIFY2(HarWriter::write(harPath, {e}, ExportOptions(), &error), qPrintable(error));
    QFile harFile(harPath);
    QVERIFY(harFile.open(QIODevice::ReadOnly));
    const QByteArray har = harFile.readAll();
    for (const QByteArray &secret : secrets) {
        // The search can see it: --include-secrets shows it (the access token in the token leg's
        // answer and the retried leg's Authorization).
        QVERIFY2(revealed.contains(secret), secret.constData());
        QVERIFY2(!json.contains(secret), secret.constData());
        QVERIFY2(!har.contains(secret), secret.constData());
    }
    // The token endpoint's answer is still there, its tokens marked.
    QVERIFY(json.contains("access_token"));
    QVERIFY(json.contains("[redacted]"));
}

void TestExchangeJobOAuth::exchangesOnOneProfileShareTheBrokersOneTokenLeg()
{
    // The real provider: B's TokenBroker over a profile store in the test keyring. A
    // client_credentials profile without tokens runs its grant once for every exchange waiting.
    CredentialTesting::TemporaryCredentialStore credentials;
    QVERIFY(credentials.isValid());
    QTemporaryDir dir;
    OAuthProfileStore store(credentials.store(), dir.filePath(QStringLiteral("oauth-profiles.json")));
    OAuthProfile profile;
    profile.name = Profile;
    profile.tokenUrl = m_server.tokenUrl();
    profile.clientId = OidcServer::clientCredentialsClientId();
    profile.clientAuth = OAuthProfile::ClientAuth::Basic;
    profile.grant = OAuthProfile::Grant::ClientCredentials;
    const auto saved = CredentialTesting::runJob(store.saveProfile(profile, OidcServer::clientCredentialsClientSecret()));
    QVERIFY(saved);
    QVERIFY2(saved->status().isOk(), qPrintable(saved->status().message()));
    TokenBroker broker(&store, nullptr);
    broker.setLockDirectory(dir.filePath(QStringLiteral("locks")));
    m_session->setTokenProvider(&broker);

    QList<ExchangeJob *> jobs;
    for (int i = 0; i < 3; ++i)
        jobs.append(startExchange(m_server.resourceUrl()));
    for (ExchangeJob *job : std::as_const(jobs))
        QVERIFY(waitFor(job));
    int tokenLegs = 0;
    int joined = 0;
    for (ExchangeJob *job : std::as_const(jobs)) {
        const Exchange &e = job->exchange();
        QVERIFY2(e.status.isOk(), qPrintable(e.status.message()));
        QCOMPARE(e.finalStatusCode(), 200);
        for (const Leg &leg : e.legs)
            tokenLegs += leg.kind == Leg::Kind::TokenEndpoint ? 1 : 0;
        joined += e.legs.constLast().hasNote(NoteCode::TokenRefreshJoined) ? 1 : 0;
    }
    QCOMPARE(tokenLegs, 1); // a leg of the exchange that ran the grant, and of no other
    QCOMPARE(broker.tokenEndpointCalls(), 1);
    QCOMPARE(joined, 2);
    m_session->setTokenProvider(nullptr);
    QVERIFY(CredentialTesting::runJob(store.removeProfile(Profile)));
}

QTEST_GUILESS_MAIN(TestExchangeJobOAuth)
#include "tst_exchangejoboauth.moc"
