#include "refreshoperation.h"

#include "brokerprofile.h"
#include "brokertokenjob.h"
#include "clientcredentialsgrantjob.h"
#include "grantjob.h"
#include "oauthprofilestore.h"
#include "profilelock.h"
#include "refreshgrantjob.h"
#include "tokenbroker.h"

#include <QTimer>

RefreshOperation::RefreshOperation(TokenBroker *broker, BrokerTokenJob *owner, bool signIn, bool checkElsewhere)
    : QObject(broker)
    , m_broker(broker)
    , m_profile(owner->question().profile)
    , m_owner(owner)
    , m_signIn(signIn)
    , m_checkElsewhere(checkElsewhere)
    , m_knownAccessToken(broker->entry(m_profile).tokens.accessToken)
{
    connect(owner, &QObject::destroyed, this, &RefreshOperation::onOwnerGone);
}

RefreshOperation::~RefreshOperation()
{
    m_tokens.wipe();
}

void RefreshOperation::start()
{
    m_broker->setState(m_profile, TokenBroker::State::Refreshing);
    if (m_signIn) { // interactive: minutes at the browser must not hold other processes' refreshes
        runGrant(QByteArray());
        return;
    }
    const QString path = m_broker->lockDirectory() + QLatin1Char('/')
        + QString::fromLatin1(QUrl::toPercentEncoding(m_profile)) + QStringLiteral(".lock");
    int staleMs = TokenBroker::DefaultLockStaleMs;
    int waitMs = TokenBroker::DefaultLockWaitLimitMs;
    m_broker->lockTimes(&staleMs, &waitMs);
    m_lock = new ProfileLock(path, staleMs, waitMs, this);
    connect(m_lock, &ProfileLock::finished, this, &RefreshOperation::onLocked);
    m_lock->start();
}

void RefreshOperation::abandon()
{
    finish(Status(Status::Code::Cancelled, NoteCode::TokenRefreshFailed,
                  QStringLiteral("The refresh of profile %1 was cancelled: the program is ending").arg(m_profile)));
}

void RefreshOperation::attach(BrokerTokenJob *waiter)
{
    m_waiters.append(waiter);
}

LegChannel *RefreshOperation::ownerChannel() const
{
    return m_owner ? m_owner->legChannel() : nullptr;
}

void RefreshOperation::onOwnerGone()
{
    if (m_finished)
        return;
    if (m_legsInFlight > 0) {
        finish(Status(Status::Code::Cancelled, NoteCode::TokenRefreshFailed,
                      QStringLiteral("The request that was refreshing the token of profile %1 was cancelled while the "
                                     "token endpoint was answering; try again").arg(m_profile)));
        return;
    }
    while (!m_waiters.isEmpty() && !m_owner) {
        m_owner = m_waiters.takeFirst();
        if (m_owner)
            connect(m_owner, &QObject::destroyed, this, &RefreshOperation::onOwnerGone);
    }
    if (!m_owner) {
        finish(Status(Status::Code::Cancelled, NoteCode::TokenRefreshFailed,
                      QStringLiteral("Every request waiting for the token of profile %1 was cancelled").arg(m_profile)));
    }
}

void RefreshOperation::onLocked()
{
    if (!m_lock->status().isOk()) {
        finish(Status(Status::Code::AuthenticationFailed, NoteCode::TokenRefreshFailed,
                      QStringLiteral("The token of profile %1 was not refreshed: %2").arg(m_profile, m_lock->status().message())));
        return;
    }
    reread();
}

void RefreshOperation::reread()
{
    BrokerProfile &held = m_broker->entry(m_profile);
    if (held.adHoc || held.inMemoryOnly) { // this process holds the only copy
        runGrant(held.tokens.refreshToken);
        return;
    }
    OAuthStoreJob *job = m_broker->store()->loadSecrets(m_profile);
    connect(job, &OAuthStoreJob::finished, this, [this, job] {
        if (!m_broker)
            return;
        if (!job->status().isOk()) {
            finish(job->status());
            return;
        }
        BrokerProfile &held = m_broker->entry(m_profile);
        TokenSet stored = job->tokens();
        const bool elsewhere = m_checkElsewhere && !stored.accessToken.isEmpty()
            && stored.accessToken != m_knownAccessToken && !stored.isExpired(QDateTime::currentDateTimeUtc());
        // The stored pair is the newest: another process may have rotated the refresh token.
        held.tokens.wipe();
        held.tokens = stored;
        if (elsewhere) {
            m_origin = NoteCode::TokenRefreshedElsewhere;
            m_tokens = stored;
            finish(Status::ok());
            return;
        }
        runGrant(stored.refreshToken);
    });
    job->start();
}

void RefreshOperation::runGrant(const QByteArray &refreshToken)
{
    const BrokerProfile &held = m_broker->entry(m_profile);
    GrantJob::Context context;
    context.profile = held.profile;
    context.clientSecret = held.clientSecret;
    context.refreshToken = refreshToken;
    context.channel = this;
    context.prompter = m_broker->prompter();
    if (m_signIn) {
        m_grant = GrantJob::create(context, this);
    } else if (!refreshToken.isEmpty()) {
        m_grant = new RefreshGrantJob(context, this);
    } else if (held.profile.grant == OAuthProfile::Grant::ClientCredentials) {
        m_rerun = true;
        m_grant = new ClientCredentialsGrantJob(context, this);
    } else {
        finish(Status(Status::Code::AuthenticationFailed, NoteCode::SignInRequired,
                      QStringLiteral("The profile %1 has no refresh token: sign in with its %2 grant")
                          .arg(m_profile, OAuthProfile::grantName(held.profile.grant))));
        return;
    }
    connect(m_grant, &GrantJob::finished, this, &RefreshOperation::onGrantFinished);
    m_grant->start();
}

void RefreshOperation::onGrantFinished()
{
    if (m_finished || !m_broker)
        return;
    m_notes.append(m_grant->notes());
    const int leg = m_grant->outcomeLeg();
    const Status status = m_grant->status();
    if (!status.isOk()) {
        if (m_signIn || status.reason() == NoteCode::SignInRequired) {
            finish(status);
            return;
        }
        const QString message = QStringLiteral("The token of profile %1 could not be %2: %3")
                                    .arg(m_profile, m_rerun ? QStringLiteral("renewed") : QStringLiteral("refreshed"),
                                         status.message());
        if (leg >= 0)
            noteLeg(leg, LegNote(NoteCode::TokenRefreshFailed, message));
        finish(Status(Status::Code::AuthenticationFailed, NoteCode::TokenRefreshFailed, message));
        return;
    }
    TokenSet tokens = m_grant->takeTokens();
    const QByteArray &oldRefresh = m_broker->entry(m_profile).tokens.refreshToken;
    bool rotated = false;
    if (m_signIn) {
        // A new grant: its tokens replace the old pair whole.
    } else if (!tokens.hasRefreshToken()) {
        tokens.refreshToken = oldRefresh; // RFC 6749 §6: the client keeps the one it has
    } else if (!oldRefresh.isEmpty() && tokens.refreshToken != oldRefresh) {
        rotated = true;
        noteLeg(leg, LegNote(NoteCode::TokenRotated,
                             QStringLiteral("The token endpoint issued a new refresh token for profile %1: it is stored "
                                            "before the old one is dropped").arg(m_profile)));
    }
    m_origin = m_rerun ? NoteCode::TokenGrantRerun : NoteCode::TokenRefreshed;
    keep(std::move(tokens), rotated, leg);
}

void RefreshOperation::keep(TokenSet tokens, bool rotated, int leg)
{
    BrokerProfile &held = m_broker->entry(m_profile);
    if (!held.adHoc) {
        storeTokens(tokens, leg);
        return;
    }
    if (held.persistAdHoc && rotated) {
        saveAdHocProfile(tokens, leg);
        return;
    }
    if (rotated) {
        const QString text = QStringLiteral("The refresh token of this run was rotated and nothing may be stored "
                                            "(--no-keychain): the new one is lost when the run ends");
        note(NoteCode::RefreshTokenWillBeLost, text, leg);
    }
    succeedWith(tokens);
}

void RefreshOperation::saveAdHocProfile(const TokenSet &tokens, int leg)
{
    BrokerProfile &held = m_broker->entry(m_profile);
    OAuthProfile profile = held.profile;
    profile.adHoc = true;
    const std::optional<OAuthProfile> existing = m_broker->store()->profile(profile.name);
    if (existing && !existing->adHoc) { // never overwrite a profile the user made
        const QString text = QStringLiteral("The rotated tokens were not stored: a profile named %1 exists already; "
                                            "they are kept in memory for this run").arg(profile.name);
        note(NoteCode::TokenNotStored, text, leg);
        succeedWith(tokens);
        return;
    }
    OAuthStoreJob *save = m_broker->store()->saveProfile(profile, held.clientSecret);
    connect(save, &OAuthStoreJob::finished, this, [this, save, tokens, leg] {
        if (!m_broker)
            return;
        if (!save->status().isOk()) {
            const QString text = QStringLiteral("The rotated tokens of this run could not be stored as the OAuth profile "
                                                "%1 (%2): they are kept in memory for this run only")
                                     .arg(m_profile, save->status().message());
            note(NoteCode::TokenNotStored, text, leg);
            succeedWith(tokens);
            return;
        }
        m_broker->entry(m_profile).adHoc = false; // the store holds it from now on
        const QString text = QStringLiteral("The rotated tokens of this run were stored as the OAuth profile %1 "
                                            "(use it with --oauth %1)").arg(m_profile);
        note(NoteCode::OAuthProfileSaved, text, leg);
        storeTokens(tokens, leg);
    });
    save->start();
}

void RefreshOperation::note(NoteCode code, const QString &text, int leg)
{
    m_notes.append(LegNote(code, text));
    noteLeg(leg, LegNote(code, text));
}

void RefreshOperation::succeedWith(const TokenSet &tokens)
{
    BrokerProfile &held = m_broker->entry(m_profile);
    held.tokens.wipe();
    held.tokens = tokens;
    m_tokens = tokens;
    finish(Status::ok());
}

void RefreshOperation::storeTokens(const TokenSet &tokens, int leg)
{
    OAuthStoreJob *job = m_broker->store()->storeTokens(m_profile, tokens);
    connect(job, &OAuthStoreJob::finished, this, [this, job, tokens, leg] {
        if (!m_broker)
            return;
        BrokerProfile &held = m_broker->entry(m_profile);
        held.inMemoryOnly = !job->status().isOk();
        if (held.inMemoryOnly) {
            const QString text = QStringLiteral("The keychain did not take the new tokens of profile %1 (%2): they are "
                                                "kept in memory for this run only")
                                     .arg(m_profile, job->status().message());
            note(NoteCode::TokenNotStored, text, leg);
        }
        succeedWith(tokens);
    });
    job->start();
}

void RefreshOperation::finish(const Status &status)
{
    if (m_finished)
        return;
    m_finished = true;
    m_status = status;
    if (m_lock)
        m_lock->unlock();
    if (m_grant)
        m_grant->disconnect(this);
    if (m_broker) {
        // A question from now on starts a new refresh (or takes these tokens): none may attach to
        // this finished one, which is deleted later and would never answer it.
        BrokerProfile &held = m_broker->entry(m_profile);
        if (held.refresh == this)
            held.refresh = nullptr;
        if (status.isOk())
            m_broker->updateStateFromTokens(m_profile);
        else
            m_broker->setState(m_profile, TokenBroker::State::Failed, status.message());
    }
    emit finished();
    deleteLater();
}

void RefreshOperation::sendLeg(const HttpRequest &request, Leg::Kind kind, const QString &reason, LegDone done)
{
    LegChannel *channel = ownerChannel();
    if (!channel || m_finished) {
        QTimer::singleShot(0, this, [done, request, kind] {
            Leg leg;
            leg.kind = kind;
            leg.method = request.method;
            leg.url = request.url;
            leg.index = -1;
            leg.status = Status(Status::Code::Cancelled, QStringLiteral("The request that was refreshing the token was cancelled"));
            done(leg);
        });
        return;
    }
    if (kind == Leg::Kind::TokenEndpoint && m_broker && request.url == m_broker->entry(m_profile).profile.tokenUrl)
        m_broker->countTokenEndpointCall();
    ++m_legsInFlight;
    QPointer<RefreshOperation> self(this);
    channel->sendLeg(request, kind, reason, [self, done](const Leg &leg) {
        if (self)
            --self->m_legsInFlight;
        done(leg);
    });
}

void RefreshOperation::noteLeg(int legIndex, const LegNote &note)
{
    if (legIndex < 0)
        return;
    if (LegChannel *channel = ownerChannel())
        channel->noteLeg(legIndex, note);
}
