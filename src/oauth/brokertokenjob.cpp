#include "brokertokenjob.h"

#include "brokerprofile.h"
#include "discoveryjob.h"
#include "oauthprofilestore.h"
#include "refreshoperation.h"
#include "revocationjob.h"
#include "tokenbroker.h"

BrokerTokenJob::BrokerTokenJob(TokenBroker *broker, const TokenQuestion &question, LegChannel *channel, QObject *parent)
    : TokenJob(question, channel, parent), m_broker(broker)
{
}

BrokerTokenJob::~BrokerTokenJob()
{
    // A refresh this job owns ends when it goes (RefreshOperation::onOwnerGone, from ~QObject's
    // destroyed()), and its finished() must not reach this half-destroyed job (UBSan: a member call
    // on a QObject that is no longer a BrokerTokenJob, seen when Ctrl-C cancels a sign-in).
    if (m_broker) {
        if (RefreshOperation *operation = m_broker->runningRefresh(question().profile))
            operation->disconnect(this);
    }
}

BrokerProfile &BrokerTokenJob::entry() const
{
    return m_broker->entry(question().profile);
}

void BrokerTokenJob::fail(Status::Code code, NoteCode reason, const QString &message)
{
    finishWithout(Status(code, reason, message));
}

void BrokerTokenJob::brokerClosed()
{
    fail(Status::Code::Cancelled, NoteCode::None, QStringLiteral("The token broker was closed (the program is ending)"));
}

void BrokerTokenJob::run()
{
    if (!m_broker) {
        brokerClosed();
        return;
    }
    load();
}

void BrokerTokenJob::load()
{
    BrokerProfile &held = entry();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // A refresh is running: its outcome is the newest token there will be (no keychain read).
    const TokenQuestion::Purpose purpose = question().purpose;
    if (m_broker->runningRefresh(question().profile) && held.loaded
        && (purpose == TokenQuestion::Purpose::Send || purpose == TokenQuestion::Purpose::Rejected)) {
        if (purpose == TokenQuestion::Purpose::Send && !held.tokens.accessToken.isEmpty() && !held.tokens.isExpired(now)) {
            finishWith(held.tokens.accessToken, NoteCode::CredentialFromProfile, held.tokens.expiresAt);
            return;
        }
        if (purpose == TokenQuestion::Purpose::Send && !held.tokens.accessToken.isEmpty())
            noteExpired();
        refresh(false, true);
        return;
    }
    // A still-valid token held from an earlier question is answered without the keychain; tokens
    // only this process holds (ad hoc, or refused by the keychain) are never re-read.
    const bool holdsValid = held.loaded && !held.tokens.accessToken.isEmpty() && !held.tokens.isExpired(now);
    if (held.adHoc || held.inMemoryOnly || (holdsValid && question().purpose == TokenQuestion::Purpose::Send)) {
        discoverIfNeeded();
        return;
    }
    // One keychain read per profile at a time: questions that come meanwhile wait for it.
    OAuthStoreJob *job = held.loading;
    if (!job) {
        OAuthProfileStore *store = m_broker->store();
        store->reload();
        const std::optional<OAuthProfile> profile = store->profile(question().profile);
        if (!profile) {
            fail(Status::Code::NotFound, NoteCode::OAuthProfileNotFound,
                 QStringLiteral("No OAuth profile is named \"%1\"").arg(question().profile));
            return;
        }
        job = store->loadSecrets(question().profile);
        held.loading = job;
        // The broker takes what was read, whichever questions are still waiting for it.
        TokenBroker *broker = m_broker;
        const QString name = question().profile;
        connect(job, &OAuthStoreJob::finished, broker, [broker, job, name, profile] {
            BrokerProfile &loaded = broker->entry(name);
            loaded.loading = nullptr;
            if (!job->status().isOk())
                return;
            loaded.hold(*profile, job->clientSecret(), job->tokens());
            broker->updateStateFromTokens(name);
        });
        job->start();
    }
    connect(job, &OAuthStoreJob::finished, this, [this, job] {
        if (!m_broker) {
            brokerClosed();
            return;
        }
        if (!job->status().isOk()) {
            finishWithout(job->status());
            return;
        }
        discoverIfNeeded();
    });
}

void BrokerTokenJob::discoverIfNeeded()
{
    const OAuthProfile &profile = entry().profile;
    if (profile.issuer.isEmpty() || !profile.tokenUrl.isEmpty()) {
        answer();
        return;
    }
    auto *discovery = new DiscoveryJob(profile, channel(), this);
    connect(discovery, &DiscoveryJob::finished, this, [this, discovery] {
        discovery->deleteLater();
        if (!m_broker) {
            brokerClosed();
            return;
        }
        if (!discovery->status().isOk()) {
            finishWithout(discovery->status());
            return;
        }
        BrokerProfile &held = entry();
        held.profile = discovery->profile();
        if (!held.adHoc) {
            // Cached in the profile (shown as discovered); the secret stays as stored.
            OAuthStoreJob *save = m_broker->store()->saveProfile(held.profile);
            save->start();
        }
        answer();
    });
    discovery->start();
}

void BrokerTokenJob::answer()
{
    switch (question().purpose) {
    case TokenQuestion::Purpose::Send: answerSend(); return;
    case TokenQuestion::Purpose::Rejected: answerRejected(); return;
    case TokenQuestion::Purpose::SignIn: refresh(true, false); return;
    case TokenQuestion::Purpose::Refresh: refresh(false, false); return;
    case TokenQuestion::Purpose::Revoke: revoke(); return;
    }
}

void BrokerTokenJob::answerSend()
{
    const BrokerProfile &held = entry();
    const TokenSet &tokens = held.tokens;
    if (!tokens.accessToken.isEmpty() && !tokens.isExpired(QDateTime::currentDateTimeUtc())) {
        finishWith(tokens.accessToken, NoteCode::CredentialFromProfile, tokens.expiresAt);
        return;
    }
    if (!tokens.accessToken.isEmpty())
        noteExpired();
    if (tokens.hasRefreshToken() || held.profile.grant == OAuthProfile::Grant::ClientCredentials
        || m_broker->runningRefresh(question().profile)) {
        refresh(false, true);
        return;
    }
    fail(Status::Code::AuthenticationFailed, NoteCode::SignInRequired,
         QStringLiteral("The profile %1 has no usable tokens: sign in with its %2 grant")
             .arg(question().profile, OAuthProfile::grantName(held.profile.grant)));
}

void BrokerTokenJob::noteExpired()
{
    addNote(NoteCode::TokenExpiredBeforeSend,
            QStringLiteral("The access token of profile %1 expired at %2 (or expires within %3 s): refreshed before "
                           "sending")
                .arg(question().profile, entry().tokens.expiresAt.toString(Qt::ISODate))
                .arg(QString::number(entry().tokens.skewMs() / 1000.0)));
}

void BrokerTokenJob::answerRejected()
{
    const TokenSet &tokens = entry().tokens;
    // Someone refreshed since the refused token was handed out: the newer one is answered.
    if (!tokens.accessToken.isEmpty() && tokens.accessToken != question().rejectedToken
        && !tokens.isExpired(QDateTime::currentDateTimeUtc())) {
        finishWith(tokens.accessToken, NoteCode::CredentialFromProfile, tokens.expiresAt);
        return;
    }
    refresh(false, true);
}

void BrokerTokenJob::refresh(bool signIn, bool checkElsewhere)
{
    if (RefreshOperation *running = m_broker->runningRefresh(question().profile)) {
        connect(running, &RefreshOperation::finished, this, [this, running] { onRefreshed(running, true); });
        running->attach(this);
        return;
    }
    RefreshOperation *operation = m_broker->startRefresh(this, signIn, checkElsewhere);
    connect(operation, &RefreshOperation::finished, this, [this, operation] { onRefreshed(operation, false); });
    operation->start();
}

void BrokerTokenJob::onRefreshed(RefreshOperation *operation, bool joined)
{
    for (const LegNote &note : operation->notes())
        addNote(note.code, note.text);
    if (!operation->status().isOk()) {
        finishWithout(operation->status());
        return;
    }
    const TokenSet &tokens = operation->tokens();
    if (tokens.accessToken.isEmpty()) { // revoked meanwhile, or signed out
        fail(Status::Code::AuthenticationFailed, NoteCode::SignInRequired,
             QStringLiteral("The profile %1 has no access token after the refresh: sign in again").arg(question().profile));
        return;
    }
    finishWith(tokens.accessToken, joined ? NoteCode::TokenRefreshJoined : operation->origin(), tokens.expiresAt);
}

void BrokerTokenJob::revoke()
{
    BrokerProfile &held = entry();
    if (held.tokens.isEmpty()) {
        finishWithout(Status::ok());
        return;
    }
    auto *revocation = new RevocationJob(held.profile, held.clientSecret, held.tokens, channel(), this);
    connect(revocation, &RevocationJob::finished, this, [this, revocation] {
        revocation->deleteLater();
        if (!m_broker) {
            brokerClosed();
            return;
        }
        if (!revocation->status().isOk()) {
            finishWithout(revocation->status());
            return;
        }
        BrokerProfile &held = entry();
        held.tokens.wipe();
        held.tokens = TokenSet();
        held.inMemoryOnly = false;
        m_broker->updateStateFromTokens(question().profile);
        if (held.adHoc) {
            finishWithout(Status::ok());
            return;
        }
        OAuthStoreJob *clear = m_broker->store()->clearTokens(question().profile);
        connect(clear, &OAuthStoreJob::finished, this, [this, clear] { finishWithout(clear->status()); });
        clear->start();
    });
    revocation->start();
}
