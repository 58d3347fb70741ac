// TokenBroker against the real authorization server (oidc-provider, tests/support/oidcserver.h)
// and the real Secret Service the test harness starts: client_credentials, refresh before expiry,
// rotation, the single flight in one process and across two, the lock's wait limit, the failure
// of a rotated-away refresh token, discovery and revocation. Outcomes are asserted as codes.
#include "credentialtesting.h"
#include "legjobchannel.h"
#include "notetesting.h"
#include "oidcserver.h"
#include "privatesessionbus.h"

#include "oauth/clientcredentialsgrantjob.h"
#include "oauth/oauthprofilestore.h"
#include "oauth/refreshgrantjob.h"
#include "oauth/signinprompter.h"
#include "oauth/tokenbroker.h"

#include <QDBusConnection>
#include <QJsonDocument>
#include <QLockFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace CredentialTesting;

namespace {

const char *const kLockedChild = "AUTHSCOPE_TOKENBROKER_LOCKED_CHILD";
const QString kCc = QStringLiteral("cc");
const QString kUser = QStringLiteral("alice-app");

struct Answer
{
    bool finished = false;
    QByteArray token;
    NoteCode origin = NoteCode::None;
    Status status;
    LegNotes notes;
    QDateTime expiresAt;
    QString describe() const
    {
        return QStringLiteral("finished=%1 origin=%2 status=%3 (%4) %5 notes: %6")
            .arg(finished).arg(NoteCodes::name(origin), status.codeName(), NoteCodes::name(status.reason()),
                 status.message(), NoteTesting::describe(notes));
    }
};

OAuthProfile userProfileOf(const OidcServer &server)
{
    OAuthProfile profile;
    profile.name = kUser;
    profile.tokenUrl = server.tokenUrl();
    profile.authorizationUrl = server.authorizationUrl();
    profile.revocationUrl = server.revocationUrl();
    profile.clientId = OidcServer::confidentialClientId();
    profile.clientAuth = OAuthProfile::ClientAuth::Basic;
    profile.grant = OAuthProfile::Grant::AuthorizationCode;
    profile.scope = QStringLiteral("openid api:read");
    return profile;
}

// Real tokens with a refresh token (password grant for alice), as a sign-in leaves them.
TokenSet signedInTokensOf(OidcServer &server)
{
    QString error;
    const QJsonObject json = server.passwordGrantTokens(QStringLiteral("openid offline_access api:read"), &error);
    if (json.isEmpty())
        qWarning() << "password grant:" << error;
    return OidcServer::tokenSet(json);
}

// Waits until tokens count as expired (the server's TTL is short); false after 10 s.
bool waitUntilExpired(const TokenSet &tokens)
{
    return QTest::qWaitFor([&] { return tokens.isExpired(QDateTime::currentDateTimeUtc()); }, 10000);
}


// One question asked and waited for (15 s at most).
Answer askBroker(TokenBroker *broker, TokenQuestion::Purpose purpose, const QString &profile, LegChannel *channel)
{
    TokenQuestion question;
    question.profile = profile;
    question.purpose = purpose;
    std::unique_ptr<TokenJob> job(broker->createJob(question, channel, nullptr));
    QSignalSpy spy(job.get(), &TokenJob::finished);
    job->start();
    Answer answer;
    answer.finished = spy.wait(15000);
    answer.origin = job->origin();
    answer.status = job->status();
    answer.notes = job->notes();
    answer.expiresAt = job->expiresAt();
    answer.token = job->takeToken();
    return answer;
}

// A question in flight: the job, its channel and, once it finished, the answer.
struct Asking
{
    std::unique_ptr<LegJobChannel> channel = std::make_unique<LegJobChannel>();
    TokenJob *job = nullptr;
    std::unique_ptr<QSignalSpy> spy;
};

} // namespace

class tst_TokenBroker : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void clientCredentialsProfileRunsItsGrantWithoutAUser();
    void clientAuthenticationIsAcceptedByTheServer_data();
    void clientAuthenticationIsAcceptedByTheServer();
    void validTokenIsAnsweredFromTheProfileWithoutTheServer();
    void knownExpiredTokenIsRefreshedBeforeSending();
    void rotatedRefreshTokenIsStoredAndTheOldOneIsRefusedByTheServer();
    void concurrentQuestionsOnAnExpiredTokenShareOneRefresh();
    void rejectedTokenRefreshesOnceAndANewerTokenIsAnsweredAsItIs();
    void questionAskedAsARefreshEndsIsNotAttachedToTheEndedOne();
    void rotatedAwayRefreshTokenEndsInOneCleanFailure();
    void refreshInAnotherProcessIsWaitedForAndItsTokenUsed();
    void lockHeldElsewherePastTheWaitLimitFailsWithoutCallingTheServer();
    void brokerClosingAnswersEveryWaitingQuestion();
    void profileWithOnlyAnIssuerIsDiscoveredAndTheEndpointsCached();
    void revokeMakesTheServerRefuseTheTokenAndClearsTheStoredOnes();
    void unknownProfileAndProfileWithoutTokensSayWhatToDo();
    void signInRunsTheProfilesGrantAndStoresItsTokens();
    void cancelledFirstAskerHandsTheRefreshToTheNextOne();
    void cancelledFirstAskerWithALegOnTheWayFailsTheOthersWithoutHanging();
    void adHocPairThatRotatesIsStoredAsAProfile();
    void adHocPairThatRotatesWithoutAKeychainWarnsItWillBeLost();
    void keychainRefusingTheNewPairKeepsItInMemoryAndSaysSo();

private:
    OAuthProfile ccProfile() const;
    OAuthProfile userProfile() const;
    bool save(const OAuthProfile &profile, const QByteArray &secret);
    bool storeTokens(const QString &name, const TokenSet &tokens);
    TokenSet storedTokens(const QString &name);
    TokenSet signedInTokens();
    // The user profile saved with a sign-in's tokens, stored as expired; the server's counters
    // start from zero. Empty when any step failed.
    TokenSet expiredUserTokens();
    Asking *ask(TokenQuestion::Purpose purpose, const QString &profile, const QByteArray &rejected = QByteArray());
    Answer answerOf(Asking *asking);
    Answer askAndWait(TokenQuestion::Purpose purpose, const QString &profile, const QByteArray &rejected = QByteArray());
    QString lockPath(const QString &profile) const { return m_dir->filePath(QStringLiteral("locks/") + profile + u".lock"); }

    OidcServer m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TemporaryCredentialStore> m_credentials;
    std::unique_ptr<OAuthProfileStore> m_store;
    std::unique_ptr<TokenBroker> m_broker;
    std::vector<std::unique_ptr<Asking>> m_asked;
};

void tst_TokenBroker::initTestCase()
{
    QString error;
    OidcServerOptions options;
    options.accessTokenTtlSeconds = 2;
    options.clientSecret = randomSecret();
    QVERIFY2(m_server.start(&error, options), qPrintable(error));
}

void tst_TokenBroker::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_credentials = std::make_unique<TemporaryCredentialStore>();
    QVERIFY(m_credentials->isValid());
    m_store = std::make_unique<OAuthProfileStore>(m_credentials->store(), m_dir->filePath(QStringLiteral("oauth-profiles.json")));
    m_broker = std::make_unique<TokenBroker>(m_store.get(), nullptr);
    m_broker->setLockDirectory(m_dir->filePath(QStringLiteral("locks")));
    QVERIFY(m_server.setAccessTokenTtl(2));
    QVERIFY(m_server.resetStats());
}

void tst_TokenBroker::cleanup()
{
    m_asked.clear();
    m_broker.reset();
    // The throwaway keyring keeps nothing of one test for the next.
    if (m_store) {
        m_store->reload();
        for (const OAuthProfile &profile : m_store->profiles()) {
            auto removed = runJob(m_store->removeProfile(profile.name));
            QVERIFY(removed && removed->status().isOk());
        }
    }
    m_store.reset();
    m_credentials.reset();
}

OAuthProfile tst_TokenBroker::ccProfile() const
{
    OAuthProfile profile;
    profile.name = kCc;
    profile.tokenUrl = m_server.tokenUrl();
    profile.clientId = OidcServer::clientCredentialsClientId();
    profile.clientAuth = OAuthProfile::ClientAuth::Basic;
    profile.grant = OAuthProfile::Grant::ClientCredentials;
    profile.scope = QStringLiteral("api:read");
    profile.resource = m_server.resourceIndicator();
    return profile;
}

OAuthProfile tst_TokenBroker::userProfile() const
{
    return userProfileOf(m_server);
}

bool tst_TokenBroker::save(const OAuthProfile &profile, const QByteArray &secret)
{
    auto job = runJob(m_store->saveProfile(profile, secret));
    if (!job || !job->status().isOk()) {
        qWarning() << "save failed:" << (job ? job->status().message() : QStringLiteral("no answer"));
        return false;
    }
    return true;
}

bool tst_TokenBroker::storeTokens(const QString &name, const TokenSet &tokens)
{
    auto job = runJob(m_store->storeTokens(name, tokens));
    return job && job->status().isOk();
}

TokenSet tst_TokenBroker::storedTokens(const QString &name)
{
    auto job = runJob(m_store->loadSecrets(name));
    return job && job->status().isOk() ? job->tokens() : TokenSet();
}

TokenSet tst_TokenBroker::signedInTokens()
{
    return signedInTokensOf(m_server);
}

TokenSet tst_TokenBroker::expiredUserTokens()
{
    // Known expired as stored (the clock has passed expires_in): no need to wait for the server's
    // TTL (knownExpiredTokenIsRefreshedBeforeSending waits for a real one).
    TokenSet tokens = signedInTokens();
    tokens.obtainedAt = QDateTime::currentDateTimeUtc().addSecs(-3);
    tokens.expiresAt = tokens.obtainedAt.addSecs(2);
    if (!save(userProfile(), m_server.secretOf(OidcServer::confidentialClientId())) || tokens.accessToken.isEmpty()
        || !storeTokens(kUser, tokens) || !m_server.resetStats())
        return TokenSet();
    return tokens;
}

Asking *tst_TokenBroker::ask(TokenQuestion::Purpose purpose, const QString &profile, const QByteArray &rejected)
{
    auto asking = std::make_unique<Asking>();
    TokenQuestion question;
    question.profile = profile;
    question.purpose = purpose;
    question.rejectedToken = rejected;
    asking->job = m_broker->createJob(question, asking->channel.get(), asking->channel.get());
    asking->spy = std::make_unique<QSignalSpy>(asking->job, &TokenJob::finished);
    asking->job->start();
    m_asked.push_back(std::move(asking));
    return m_asked.back().get();
}

Answer tst_TokenBroker::answerOf(Asking *asking)
{
    Answer answer;
    answer.finished = asking->spy->count() == 1 || (asking->spy->isEmpty() && asking->spy->wait(15000));
    if (!answer.finished)
        return answer;
    answer.origin = asking->job->origin();
    answer.status = asking->job->status();
    answer.notes = asking->job->notes();
    answer.expiresAt = asking->job->expiresAt();
    answer.token = asking->job->takeToken();
    return answer;
}

Answer tst_TokenBroker::askAndWait(TokenQuestion::Purpose purpose, const QString &profile, const QByteArray &rejected)
{
    return answerOf(ask(purpose, profile, rejected));
}

void tst_TokenBroker::clientCredentialsProfileRunsItsGrantWithoutAUser()
{
    QVERIFY(save(ccProfile(), m_server.secretOf(OidcServer::clientCredentialsClientId())));
    const Answer answer = askAndWait(TokenQuestion::Purpose::Send, kCc);
    QVERIFY2(answer.finished && answer.status.isOk(), qPrintable(answer.describe()));
    QCOMPARE(NoteCodes::name(answer.origin), NoteCodes::name(NoteCode::TokenGrantRerun));
    QVERIFY(answer.expiresAt.isValid());
    QCOMPARE(m_server.resourceStatus(answer.token), 200);
    QCOMPARE(m_server.tokenEndpointCalls(QStringLiteral("client_credentials")), 1);
    QCOMPARE(m_broker->tokenEndpointCalls(), 1);
    // Stored for the next run, and the state says so.
    QCOMPARE(storedTokens(kCc).accessToken, answer.token);
    QCOMPARE(m_broker->state(kCc).state, TokenBroker::State::Valid);

    // Expired: the grant runs again (client_credentials has no refresh token).
    QVERIFY(waitUntilExpired(storedTokens(kCc)));
    const Answer again = askAndWait(TokenQuestion::Purpose::Send, kCc);
    QVERIFY2(again.status.isOk(), qPrintable(again.describe()));
    QCOMPARE(NoteCodes::name(again.origin), NoteCodes::name(NoteCode::TokenGrantRerun));
    QVERIFY2(LegNoteList::contains(again.notes, NoteCode::TokenExpiredBeforeSend), qPrintable(again.describe()));
    QVERIFY(again.token != answer.token);
    QCOMPARE(m_server.tokenEndpointCalls(QStringLiteral("client_credentials")), 2);
    QCOMPARE(m_broker->tokenEndpointCalls(), 2);
}

void tst_TokenBroker::clientAuthenticationIsAcceptedByTheServer_data()
{
    QTest::addColumn<int>("auth");
    QTest::newRow("client_secret_basic") << int(OAuthProfile::ClientAuth::Basic);
    QTest::newRow("client_secret_post") << int(OAuthProfile::ClientAuth::Post);
}

void tst_TokenBroker::clientAuthenticationIsAcceptedByTheServer()
{
    QFETCH(int, auth);
    GrantJob::Context context;
    context.profile = ccProfile();
    context.profile.clientAuth = OAuthProfile::ClientAuth(auth);
    context.clientSecret = m_server.secretOf(OidcServer::clientCredentialsClientId());
    LegJobChannel channel;
    context.channel = &channel;
    ClientCredentialsGrantJob job(context);
    QSignalSpy done(&job, &GrantJob::finished);
    job.start();
    QVERIFY(done.isEmpty()); // never inside start()
    QVERIFY(done.wait(10000));
    QVERIFY2(job.status().isOk(), qPrintable(job.status().message()));
    QCOMPARE(job.outcomeLeg(), 0);
    const Leg &leg = channel.legs().first();
    QCOMPARE(leg.requestHeaders.contains("Authorization"), context.profile.clientAuth == OAuthProfile::ClientAuth::Basic);
    QCOMPARE(leg.requestBody.contains("client_secret="), context.profile.clientAuth == OAuthProfile::ClientAuth::Post);
    QCOMPARE(m_server.resourceStatus(job.takeTokens().accessToken), 200);
}

void tst_TokenBroker::validTokenIsAnsweredFromTheProfileWithoutTheServer()
{
    QVERIFY(m_server.setAccessTokenTtl(60));
    QVERIFY(save(userProfile(), m_server.secretOf(OidcServer::confidentialClientId())));
    const TokenSet tokens = signedInTokens();
    QVERIFY(!tokens.accessToken.isEmpty());
    QVERIFY(storeTokens(kUser, tokens));
    QVERIFY(m_server.resetStats());

    for (int i = 0; i < 3; ++i) {
        const Answer answer = askAndWait(TokenQuestion::Purpose::Send, kUser);
        QVERIFY2(answer.status.isOk(), qPrintable(answer.describe()));
        QCOMPARE(NoteCodes::name(answer.origin), NoteCodes::name(NoteCode::CredentialFromProfile));
        QCOMPARE(answer.token, tokens.accessToken);
    }
    QCOMPARE(m_server.tokenEndpointCalls(), 0);
    QCOMPARE(m_broker->tokenEndpointCalls(), 0);
}

void tst_TokenBroker::knownExpiredTokenIsRefreshedBeforeSending()
{
    QVERIFY(save(userProfile(), m_server.secretOf(OidcServer::confidentialClientId())));
    const TokenSet tokens = signedInTokens();
    QVERIFY(storeTokens(kUser, tokens));
    QVERIFY(m_server.resetStats());
    QVERIFY(waitUntilExpired(tokens));

    Asking *asking = ask(TokenQuestion::Purpose::Send, kUser);
    const Answer answer = answerOf(asking);
    QVERIFY2(answer.status.isOk(), qPrintable(answer.describe()));
    QCOMPARE(NoteCodes::name(answer.origin), NoteCodes::name(NoteCode::TokenRefreshed));
    QVERIFY2(LegNoteList::contains(answer.notes, NoteCode::TokenExpiredBeforeSend), qPrintable(answer.describe()));
    QVERIFY(answer.token != tokens.accessToken);
    QCOMPARE(m_server.resourceStatus(answer.token), 200);
    QCOMPARE(m_server.tokenEndpointCalls(QStringLiteral("refresh_token")), 1);
    QCOMPARE(m_broker->tokenEndpointCalls(), 1);
    // The refresh is a TokenEndpoint leg of the asking exchange.
    QCOMPARE(asking->channel->legs().size(), 1);
    QCOMPARE(asking->channel->legs().first().kind, Leg::Kind::TokenEndpoint);
    QCOMPARE(asking->channel->legs().first().statusCode, 200);
    QCOMPARE(storedTokens(kUser).accessToken, answer.token);
}

void tst_TokenBroker::rotatedRefreshTokenIsStoredAndTheOldOneIsRefusedByTheServer()
{
    QVERIFY(save(userProfile(), m_server.secretOf(OidcServer::confidentialClientId())));
    const TokenSet tokens = signedInTokens();
    QVERIFY(tokens.hasRefreshToken());
    QVERIFY(storeTokens(kUser, tokens));

    Asking *asking = ask(TokenQuestion::Purpose::Refresh, kUser);
    const Answer answer = answerOf(asking);
    QVERIFY2(answer.status.isOk(), qPrintable(answer.describe()));
    QVERIFY2(asking->channel->legs().value(0).hasNote(NoteCode::TokenRotated),
             qPrintable(NoteTesting::describe(asking->channel->allNotes())));
    const TokenSet stored = storedTokens(kUser);
    QVERIFY(stored.hasRefreshToken());
    QVERIFY(stored.refreshToken != tokens.refreshToken);
    QCOMPARE(stored.accessToken, answer.token);
    QVERIFY(!m_broker->state(kUser).inMemoryOnly);

    // The server refuses the old refresh token now (rotation; this also trips its reuse detection).
    LegJobChannel channel;
    GrantJob::Context context;
    context.profile = userProfile();
    context.clientSecret = m_server.secretOf(OidcServer::confidentialClientId());
    context.refreshToken = tokens.refreshToken;
    context.channel = &channel;
    RefreshGrantJob old(context);
    QSignalSpy done(&old, &GrantJob::finished);
    old.start();
    QVERIFY(done.wait(10000));
    QCOMPARE(NoteCodes::name(old.status().reason()), NoteCodes::name(NoteCode::TokenEndpointError));
    QVERIFY2(old.status().message().contains(QLatin1String("invalid_grant")), qPrintable(old.status().message()));
}

void tst_TokenBroker::concurrentQuestionsOnAnExpiredTokenShareOneRefresh()
{
    const TokenSet tokens = expiredUserTokens();
    QVERIFY(!tokens.isEmpty());

    constexpr int Questions = 25;
    QList<Asking *> asked;
    for (int i = 0; i < Questions; ++i)
        asked.append(ask(TokenQuestion::Purpose::Send, kUser));
    int refreshed = 0;
    int joined = 0;
    QByteArray token;
    for (Asking *asking : asked) {
        const Answer answer = answerOf(asking);
        QVERIFY2(answer.status.isOk(), qPrintable(answer.describe()));
        refreshed += answer.origin == NoteCode::TokenRefreshed;
        joined += answer.origin == NoteCode::TokenRefreshJoined;
        if (token.isEmpty())
            token = answer.token;
        QCOMPARE(answer.token, token);
    }
    QCOMPARE(refreshed, 1);
    QCOMPARE(joined, Questions - 1);
    QCOMPARE(m_server.tokenEndpointCalls(QStringLiteral("refresh_token")), 1);
    QCOMPARE(m_server.tokenEndpointCalls(), 1);
    QCOMPARE(m_broker->tokenEndpointCalls(), 1);
    QCOMPARE(m_server.resourceStatus(token), 200);
}

void tst_TokenBroker::rejectedTokenRefreshesOnceAndANewerTokenIsAnsweredAsItIs()
{
    QVERIFY(m_server.setAccessTokenTtl(60));
    QVERIFY(save(userProfile(), m_server.secretOf(OidcServer::confidentialClientId())));
    const TokenSet tokens = signedInTokens();
    QVERIFY(storeTokens(kUser, tokens));
    QVERIFY(m_server.resetStats());

    const Answer refreshed = askAndWait(TokenQuestion::Purpose::Rejected, kUser, tokens.accessToken);
    QVERIFY2(refreshed.status.isOk(), qPrintable(refreshed.describe()));
    QCOMPARE(NoteCodes::name(refreshed.origin), NoteCodes::name(NoteCode::TokenRefreshed));
    QVERIFY(refreshed.token != tokens.accessToken);

    // A request that was sent with the old token before the refresh is refused late: it gets the
    // current token, with no second refresh.
    const Answer current = askAndWait(TokenQuestion::Purpose::Rejected, kUser, tokens.accessToken);
    QVERIFY2(current.status.isOk(), qPrintable(current.describe()));
    QCOMPARE(current.token, refreshed.token);
    QCOMPARE(m_server.tokenEndpointCalls(), 1);
    QCOMPARE(m_broker->tokenEndpointCalls(), 1);
}

void tst_TokenBroker::questionAskedAsARefreshEndsIsNotAttachedToTheEndedOne()
{
    QVERIFY(m_server.setAccessTokenTtl(60));
    // Ad hoc: nothing goes through the keychain, whose callbacks do not run in a nested loop.
    const TokenSet tokens = signedInTokens();
    m_broker->addAdHocProfile(userProfile(), m_server.secretOf(OidcServer::confidentialClientId()), tokens, false);
    QVERIFY(m_server.resetStats());

    Asking *first = ask(TokenQuestion::Purpose::Rejected, kUser, tokens.accessToken);
    Answer second;
    // Asked from inside the refresh's end, waited for in a nested event loop: the ended refresh
    // is not deleted before this returns (its deferred delete waits for the outer loop), so a
    // question that attached to it would never be answered (seen in the benchmark: 3 of 200).
    connect(first->job, &TokenJob::finished, this, [&] {
        second = askAndWait(TokenQuestion::Purpose::Rejected, kUser, tokens.accessToken);
    });
    const Answer answer = answerOf(first);
    QVERIFY2(answer.status.isOk(), qPrintable(answer.describe()));
    QVERIFY2(second.finished && second.status.isOk(), qPrintable(second.describe()));
    QCOMPARE(second.token, answer.token);
    QCOMPARE(m_server.tokenEndpointCalls(QStringLiteral("refresh_token")), 1);
}

void tst_TokenBroker::rotatedAwayRefreshTokenEndsInOneCleanFailure()
{
    QVERIFY(save(userProfile(), m_server.secretOf(OidcServer::confidentialClientId())));
    const TokenSet stale = signedInTokens();
    QVERIFY(storeTokens(kUser, stale));
    const Answer first = askAndWait(TokenQuestion::Purpose::Refresh, kUser);
    QVERIFY2(first.status.isOk(), qPrintable(first.describe()));
    // Another copy of the old pair comes back (a backup, a second machine): its refresh token was
    // rotated away.
    QVERIFY(storeTokens(kUser, stale));
    QVERIFY(waitUntilExpired(stale));
    QVERIFY(m_server.resetStats());
    // A new run finds only the stale pair.
    m_broker = std::make_unique<TokenBroker>(m_store.get(), nullptr);
    m_broker->setLockDirectory(m_dir->filePath(QStringLiteral("locks")));
    const int callsBefore = m_broker->tokenEndpointCalls();

    Asking *asking = ask(TokenQuestion::Purpose::Send, kUser);
    const Answer failed = answerOf(asking);
    QVERIFY(failed.finished);
    QVERIFY(failed.token.isEmpty());
    QCOMPARE(failed.status.codeName(), Status::codeName(Status::Code::AuthenticationFailed));
    QCOMPARE(NoteCodes::name(failed.status.reason()), NoteCodes::name(NoteCode::TokenRefreshFailed));
    QVERIFY2(failed.status.message().contains(QLatin1String("invalid_grant")), qPrintable(failed.status.message()));
    QCOMPARE(m_broker->tokenEndpointCalls(), callsBefore + 1);
    QCOMPARE(m_server.tokenEndpointCalls(), 1);
    QCOMPARE(m_server.tokenEndpointErrors(QStringLiteral("refresh_token")), 1);
    const TokenBroker::ProfileState state = m_broker->state(kUser);
    QCOMPARE(state.state, TokenBroker::State::Failed);
    QVERIFY2(state.lastError.contains(QLatin1String("invalid_grant")), qPrintable(state.lastError));
    // The leg shows the endpoint's answer and the decision.
    QCOMPARE(asking->channel->legs().size(), 1);
    QCOMPARE(asking->channel->legs().first().statusCode, 400);
    QVERIFY(asking->channel->legs().first().hasNote(NoteCode::TokenRefreshFailed));
}

void tst_TokenBroker::refreshInAnotherProcessIsWaitedForAndItsTokenUsed()
{
    const TokenSet tokens = expiredUserTokens();
    QVERIFY(!tokens.isEmpty());
    QVERIFY(m_server.setAccessTokenTtl(8)); // what the other process gets stays valid meanwhile
    QVERIFY(m_server.resetStats());

    QProcess other;
    other.setProcessChannelMode(QProcess::SeparateChannels);
    other.start(QStringLiteral(AUTHSCOPE_BINARY_DIR "/tests/tokenbrokerhelper"),
                {QStringLiteral("--index"), m_dir->filePath(QStringLiteral("oauth-profiles.json")),
                 QStringLiteral("--locks"), m_dir->filePath(QStringLiteral("locks")),
                 QStringLiteral("--profile"), kUser, QStringLiteral("--delay-token-leg"), QStringLiteral("1500")});
    QVERIFY2(other.waitForStarted(5000), qPrintable(other.errorString()));
    // It holds the profile's lock while its refresh is on the way.
    QVERIFY2(QTest::qWaitFor([&] { return QFile::exists(lockPath(kUser)); }, 10000),
             other.readAllStandardError().constData());

    const Answer answer = askAndWait(TokenQuestion::Purpose::Send, kUser);
    QVERIFY(other.state() == QProcess::NotRunning || other.waitForFinished(15000));
    QCOMPARE(other.exitCode(), 0);
    const QByteArray otherOutput = other.readAllStandardOutput();
    const QJsonObject otherAnswer = QJsonDocument::fromJson(otherOutput).object();
    QVERIFY2(otherAnswer.value(u"ok").toBool(), otherOutput.constData());
    QCOMPARE(otherAnswer.value(u"origin").toString(), NoteCodes::name(NoteCode::TokenRefreshed));
    QCOMPARE(otherAnswer.value(u"calls").toInt(), 1);

    QVERIFY2(answer.status.isOk(), qPrintable(answer.describe()));
    QCOMPARE(NoteCodes::name(answer.origin), NoteCodes::name(NoteCode::TokenRefreshedElsewhere));
    QCOMPARE(answer.token, storedTokens(kUser).accessToken);
    QCOMPARE(m_broker->tokenEndpointCalls(), 0);
    QCOMPARE(m_server.tokenEndpointCalls(QStringLiteral("refresh_token")), 1);
    QCOMPARE(m_server.tokenEndpointCalls(), 1);
    QCOMPARE(m_server.resourceStatus(answer.token), 200);
}

void tst_TokenBroker::lockHeldElsewherePastTheWaitLimitFailsWithoutCallingTheServer()
{
    const TokenSet tokens = expiredUserTokens();
    QVERIFY(!tokens.isEmpty());
    QVERIFY(QDir().mkpath(m_dir->filePath(QStringLiteral("locks"))));
    QLockFile held(lockPath(kUser));
    QVERIFY(held.tryLock(0));

    m_broker->setLockTimes(TokenBroker::DefaultLockStaleMs, 400);
    QElapsedTimer clock;
    clock.start();
    const Answer answer = askAndWait(TokenQuestion::Purpose::Send, kUser);
    QVERIFY(answer.finished);
    QVERIFY(clock.elapsed() >= 350);
    QVERIFY(answer.token.isEmpty());
    QCOMPARE(NoteCodes::name(answer.status.reason()), NoteCodes::name(NoteCode::TokenRefreshFailed));
    QVERIFY2(answer.status.message().contains(lockPath(kUser)), qPrintable(answer.status.message()));
    QCOMPARE(m_server.tokenEndpointCalls(), 0);
    QCOMPARE(m_broker->tokenEndpointCalls(), 0);

    // Released: the next question refreshes.
    held.unlock();
    const Answer after = askAndWait(TokenQuestion::Purpose::Send, kUser);
    QVERIFY2(after.status.isOk(), qPrintable(after.describe()));
    QCOMPARE(m_server.tokenEndpointCalls(QStringLiteral("refresh_token")), 1);
}

void tst_TokenBroker::brokerClosingAnswersEveryWaitingQuestion()
{
    const TokenSet tokens = expiredUserTokens();
    QVERIFY(!tokens.isEmpty());
    QVERIFY(QDir().mkpath(m_dir->filePath(QStringLiteral("locks"))));
    QLockFile held(lockPath(kUser));
    QVERIFY(held.tryLock(0));
    Asking *refreshing = ask(TokenQuestion::Purpose::Send, kUser);
    Asking *joined = ask(TokenQuestion::Purpose::Send, kUser);
    QTest::qWait(200);
    QVERIFY(refreshing->spy->isEmpty() && joined->spy->isEmpty());
    m_broker.reset(); // the program ends while they wait for the lock
    for (Asking *asking : {refreshing, joined}) {
        const Answer answer = answerOf(asking);
        QVERIFY(answer.finished);
        QCOMPARE(answer.status.codeName(), Status::codeName(Status::Code::Cancelled));
    }
    QCOMPARE(m_server.tokenEndpointCalls(), 0);
}

void tst_TokenBroker::profileWithOnlyAnIssuerIsDiscoveredAndTheEndpointsCached()
{
    OAuthProfile profile = ccProfile();
    profile.tokenUrl.clear();
    profile.issuer = m_server.issuer();
    QVERIFY(save(profile, m_server.secretOf(OidcServer::clientCredentialsClientId())));

    Asking *asking = ask(TokenQuestion::Purpose::Send, kCc);
    const Answer answer = answerOf(asking);
    QVERIFY2(answer.status.isOk(), qPrintable(answer.describe()));
    QCOMPARE(m_server.resourceStatus(answer.token), 200);
    const QList<Leg> &legs = asking->channel->legs();
    QVERIFY(legs.size() >= 2);
    QCOMPARE(legs.first().kind, Leg::Kind::Acquisition);
    QCOMPARE(legs.last().kind, Leg::Kind::TokenEndpoint);
    QCOMPARE(legs.last().url, m_server.tokenUrl());
    QCOMPARE(m_broker->tokenEndpointCalls(), 1);
    // Cached in the profile: the next run goes straight to the token endpoint.
    QVERIFY(QTest::qWaitFor([&] {
        m_store->reload();
        return m_store->profile(kCc)->tokenUrl == m_server.tokenUrl();
    }, 5000));
    QVERIFY(m_store->profile(kCc)->endpointsDiscovered);
}

void tst_TokenBroker::revokeMakesTheServerRefuseTheTokenAndClearsTheStoredOnes()
{
    QVERIFY(m_server.setAccessTokenTtl(60));
    QVERIFY(save(userProfile(), m_server.secretOf(OidcServer::confidentialClientId())));
    const TokenSet tokens = signedInTokens();
    QVERIFY(storeTokens(kUser, tokens));
    QCOMPARE(m_server.resourceStatus(tokens.accessToken), 200);

    const Answer revoked = askAndWait(TokenQuestion::Purpose::Revoke, kUser);
    QVERIFY2(revoked.finished && revoked.status.isOk(), qPrintable(revoked.describe()));
    QVERIFY(revoked.token.isEmpty());
    QCOMPARE(m_server.resourceStatus(tokens.accessToken), 401);
    QVERIFY(storedTokens(kUser).isEmpty());
    QCOMPARE(m_broker->state(kUser).state, TokenBroker::State::NoTokens);
    const Answer after = askAndWait(TokenQuestion::Purpose::Send, kUser);
    QCOMPARE(NoteCodes::name(after.status.reason()), NoteCodes::name(NoteCode::SignInRequired));
}

void tst_TokenBroker::unknownProfileAndProfileWithoutTokensSayWhatToDo()
{
    const Answer unknown = askAndWait(TokenQuestion::Purpose::Send, QStringLiteral("nobody"));
    QVERIFY(unknown.finished);
    QCOMPARE(NoteCodes::name(unknown.status.reason()), NoteCodes::name(NoteCode::OAuthProfileNotFound));
    QCOMPARE(unknown.status.codeName(), Status::codeName(Status::Code::NotFound));

    QVERIFY(save(userProfile(), m_server.secretOf(OidcServer::confidentialClientId())));
    const Answer empty = askAndWait(TokenQuestion::Purpose::Send, kUser);
    QCOMPARE(NoteCodes::name(empty.status.reason()), NoteCodes::name(NoteCode::SignInRequired));
    // Signing in without a front end to prompt: sign-in-required too, no server call.
    const Answer signIn = askAndWait(TokenQuestion::Purpose::SignIn, kUser);
    QCOMPARE(NoteCodes::name(signIn.status.reason()), NoteCodes::name(NoteCode::SignInRequired));
    QCOMPARE(m_broker->tokenEndpointCalls(), 0);
}

void tst_TokenBroker::cancelledFirstAskerHandsTheRefreshToTheNextOne()
{
    const TokenSet tokens = expiredUserTokens();
    QVERIFY(!tokens.isEmpty());
    // The lock is held here while both ask, so nothing is sent before the first one goes away.
    QVERIFY(QDir().mkpath(m_dir->filePath(QStringLiteral("locks"))));
    QLockFile held(lockPath(kUser));
    QVERIFY(held.tryLock(0));

    Asking *first = ask(TokenQuestion::Purpose::Send, kUser);
    Asking *second = ask(TokenQuestion::Purpose::Send, kUser);
    QTest::qWait(200);
    QVERIFY(first->spy->isEmpty() && second->spy->isEmpty());
    delete first->job; // its exchange was cancelled
    first->job = nullptr;
    held.unlock();

    const Answer answer = answerOf(second);
    QVERIFY2(answer.status.isOk(), qPrintable(answer.describe()));
    QCOMPARE(m_server.resourceStatus(answer.token), 200);
    QCOMPARE(second->channel->legs().size(), 1); // the refresh went through the second one's exchange
    QVERIFY(first->channel->legs().isEmpty());
    QCOMPARE(m_server.tokenEndpointCalls(QStringLiteral("refresh_token")), 1);
}

// Takes every leg and never answers: an exchange that went away with the leg on the wire.
class SilentChannel : public LegChannel
{
public:
    void sendLeg(const HttpRequest &, Leg::Kind, const QString &, LegDone) override { ++sent; }
    void noteLeg(int, const LegNote &) override {}
    int sent = 0;
};

void tst_TokenBroker::cancelledFirstAskerWithALegOnTheWayFailsTheOthersWithoutHanging()
{
    const TokenSet tokens = expiredUserTokens();
    QVERIFY(!tokens.isEmpty());

    SilentChannel silent;
    TokenQuestion question;
    question.profile = kUser;
    auto *first = m_broker->createJob(question, &silent, nullptr);
    first->start();
    QVERIFY(QTest::qWaitFor([&] { return silent.sent == 1; }, 10000));
    Asking *second = ask(TokenQuestion::Purpose::Send, kUser);
    QTest::qWait(100);
    QVERIFY(second->spy->isEmpty()); // it joined the refresh on the way
    delete first;

    const Answer answer = answerOf(second);
    QVERIFY(answer.finished);
    QVERIFY(answer.token.isEmpty());
    QCOMPARE(NoteCodes::name(answer.status.reason()), NoteCodes::name(NoteCode::TokenRefreshFailed));
    QCOMPARE(answer.status.codeName(), Status::codeName(Status::Code::Cancelled));
    QCOMPARE(m_broker->state(kUser).state, TokenBroker::State::Failed);
    // The profile's lock was released: another refresh can start.
    QLockFile lock(lockPath(kUser));
    QVERIFY(lock.tryLock(0));
}

// The user at a terminal or a dialog, scripted: answers the password grant's question.
class PasswordAnsweringPrompter : public SignInPrompter
{
public:
    void openAuthorizationUrl(const QString &, const QUrl &) override {}
    void showDeviceCode(const QString &, const QString &, const QUrl &, const QUrl &, const QDateTime &) override {}
    void askPassword(const QString &, std::function<void(const QString &, const QByteArray &)> answer) override
    {
        ++asked;
        answer(OidcServer::passwordUser(), OidcServer::passwordUserPassword());
    }
    void signInEnded(const QString &) override { ++ended; }
    int asked = 0;
    int ended = 0;
};

void tst_TokenBroker::signInRunsTheProfilesGrantAndStoresItsTokens()
{
    QVERIFY(m_server.setAccessTokenTtl(60));
    OAuthProfile profile = userProfile();
    profile.grant = OAuthProfile::Grant::Password;
    QVERIFY(save(profile, m_server.secretOf(OidcServer::confidentialClientId())));
    PasswordAnsweringPrompter prompter;
    m_broker = std::make_unique<TokenBroker>(m_store.get(), &prompter);
    m_broker->setLockDirectory(m_dir->filePath(QStringLiteral("locks")));

    const Answer answer = askAndWait(TokenQuestion::Purpose::SignIn, kUser);
    QVERIFY2(answer.status.isOk(), qPrintable(answer.describe()));
    QCOMPARE(prompter.asked, 1);
    QVERIFY2(LegNoteList::contains(answer.notes, NoteCode::PasswordGrantDeprecated), qPrintable(answer.describe()));
    QCOMPARE(m_server.resourceStatus(answer.token), 200);
    const TokenSet stored = storedTokens(kUser);
    QCOMPARE(stored.accessToken, answer.token);
    QCOMPARE(m_broker->state(kUser).state, TokenBroker::State::Valid);
    // Signed in: the next request takes the token as it is.
    const Answer send = askAndWait(TokenQuestion::Purpose::Send, kUser);
    QCOMPARE(NoteCodes::name(send.origin), NoteCodes::name(NoteCode::CredentialFromProfile));
    QCOMPARE(send.token, answer.token);
    m_broker.reset(); // before the prompter goes
}

void tst_TokenBroker::adHocPairThatRotatesIsStoredAsAProfile()
{
    OAuthProfile adHoc = userProfile();
    adHoc.name = QStringLiteral("adhoc-127.0.0.1");
    adHoc.authorizationUrl.clear();
    const TokenSet tokens = signedInTokens();
    QVERIFY(waitUntilExpired(tokens));
    m_broker->addAdHocProfile(adHoc, m_server.secretOf(OidcServer::confidentialClientId()), tokens, true);

    Asking *asking = ask(TokenQuestion::Purpose::Send, adHoc.name);
    const Answer answer = answerOf(asking);
    QVERIFY2(answer.status.isOk(), qPrintable(answer.describe()));
    QCOMPARE(NoteCodes::name(answer.origin), NoteCodes::name(NoteCode::TokenRefreshed));
    QVERIFY2(LegNoteList::contains(answer.notes, NoteCode::OAuthProfileSaved), qPrintable(answer.describe()));
    QVERIFY(asking->channel->legs().first().hasNote(NoteCode::TokenRotated));
    m_store->reload();
    const std::optional<OAuthProfile> saved = m_store->profile(adHoc.name);
    QVERIFY(saved);
    QVERIFY(saved->adHoc);
    const TokenSet stored = storedTokens(adHoc.name);
    QCOMPARE(stored.accessToken, answer.token);
    QVERIFY(stored.hasRefreshToken() && stored.refreshToken != tokens.refreshToken);
}

void tst_TokenBroker::adHocPairThatRotatesWithoutAKeychainWarnsItWillBeLost()
{
    OAuthProfile adHoc = userProfile();
    adHoc.name = QStringLiteral("adhoc-nokeychain");
    const TokenSet tokens = signedInTokens();
    QVERIFY(waitUntilExpired(tokens));
    m_broker->addAdHocProfile(adHoc, m_server.secretOf(OidcServer::confidentialClientId()), tokens, false);

    const Answer answer = askAndWait(TokenQuestion::Purpose::Send, adHoc.name);
    QVERIFY2(answer.status.isOk(), qPrintable(answer.describe()));
    QVERIFY2(LegNoteList::contains(answer.notes, NoteCode::RefreshTokenWillBeLost), qPrintable(answer.describe()));
    QVERIFY(!LegNoteList::contains(answer.notes, NoteCode::OAuthProfileSaved));
    m_store->reload();
    QVERIFY(m_store->profiles().isEmpty());
    QCOMPARE(m_server.resourceStatus(answer.token), 200);
}

void tst_TokenBroker::keychainRefusingTheNewPairKeepsItInMemoryAndSaysSo()
{
    const ChildRun child = runSelfWithOwnKeyring(kLockedChild);
    QVERIFY2(child.error.isEmpty(), qPrintable(child.error));
    QVERIFY(child.finished);
    QVERIFY2(child.passed, child.output.constData());
    QVERIFY2(child.output.contains("Totals: 3 passed, 0 failed"), child.output.constData());
}

// Forwards to a LegJobChannel and locks the keychain just before the token endpoint is called:
// the stored pair could be read, the new one cannot be written.
class KeychainLockingChannel : public LegChannel
{
public:
    void sendLeg(const HttpRequest &request, Leg::Kind kind, const QString &reason, LegDone done) override
    {
        if (kind == Leg::Kind::TokenEndpoint && !PrivateSessionBus::lockDefaultCollection(QDBusConnection::sessionBus(), &error))
            qWarning() << "lock:" << error;
        legs.sendLeg(request, kind, reason, std::move(done));
    }
    void noteLeg(int legIndex, const LegNote &note) override { legs.noteLeg(legIndex, note); }

    LegJobChannel legs;
    QString error;
};

// In a child process whose session bus has a gnome-keyring of its own, locked mid-way.
class tst_TokenBrokerLockedKeychain : public QObject
{
    Q_OBJECT
private slots:
    void newPairIsKeptInMemoryWhenTheKeychainRefusesIt();
};

void tst_TokenBrokerLockedKeychain::newPairIsKeptInMemoryWhenTheKeychainRefusesIt()
{
    OidcServer server;
    QString error;
    OidcServerOptions options;
    options.clientSecret = randomSecret();
    QVERIFY2(server.start(&error, options), qPrintable(error));
    TemporaryCredentialStore credentials;
    QTemporaryDir dir;
    OAuthProfileStore store(credentials.store(), dir.filePath(QStringLiteral("oauth-profiles.json")));
    TokenBroker broker(&store, nullptr);
    broker.setLockDirectory(dir.filePath(QStringLiteral("locks")));
    auto saved = runJob(store.saveProfile(userProfileOf(server), server.secretOf(OidcServer::confidentialClientId())));
    QVERIFY(saved && saved->status().isOk());
    const TokenSet old = signedInTokensOf(server);
    auto stored = runJob(store.storeTokens(kUser, old));
    QVERIFY(stored && stored->status().isOk());
    QVERIFY(waitUntilExpired(old));
    QVERIFY(server.setAccessTokenTtl(30));

    QSignalSpy stateChanged(&broker, &TokenBroker::stateChanged);
    KeychainLockingChannel locking;
    const Answer answer = askBroker(&broker, TokenQuestion::Purpose::Send, kUser, &locking);
    QVERIFY2(locking.error.isEmpty(), qPrintable(locking.error));
    QVERIFY2(answer.status.isOk(), qPrintable(answer.describe()));
    QCOMPARE(NoteCodes::name(answer.origin), NoteCodes::name(NoteCode::TokenRefreshed));
    QVERIFY2(LegNoteList::contains(answer.notes, NoteCode::TokenNotStored), qPrintable(answer.describe()));
    QVERIFY(locking.legs.legs().first().hasNote(NoteCode::TokenNotStored));
    QVERIFY(broker.state(kUser).inMemoryOnly);
    QVERIFY(!stateChanged.isEmpty());
    QCOMPARE(server.resourceStatus(answer.token), 200);

    // The keychain is still locked: the pair in memory answers.
    LegJobChannel plain;
    const Answer again = askBroker(&broker, TokenQuestion::Purpose::Send, kUser, &plain);
    QVERIFY2(again.status.isOk(), qPrintable(again.describe()));
    QCOMPARE(again.token, answer.token);

    // Nothing was lost or half-written: the keychain holds the previous pair.
    QVERIFY2(PrivateSessionBus::unlockDefaultCollection(QDBusConnection::sessionBus(), qgetenv(kLockedChild), &error),
             qPrintable(error));
    auto load = runJob(store.loadSecrets(kUser));
    QVERIFY(load && load->status().isOk());
    QCOMPARE(load->tokens().accessToken, old.accessToken);
    QCOMPARE(load->tokens().refreshToken, old.refreshToken);
    runJob(store.removeProfile(kUser));
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    return CredentialTesting::execTestOrChild<tst_TokenBroker, tst_TokenBrokerLockedKeychain>(kLockedChild, argc, argv);
}

#include "tst_tokenbroker.moc"
