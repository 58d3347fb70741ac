#include "tokenbroker.h"

#include "brokerprofile.h"
#include "brokertokenjob.h"
#include "oauthprofilestore.h"
#include "refreshoperation.h"

#include <QDir>

#include <map>

struct TokenBroker::Private
{
    OAuthProfileStore *store = nullptr;
    SignInPrompter *prompter = nullptr;
    // std::map: references to entries stay valid while others are added.
    std::map<QString, BrokerProfile> entries;
    QString lockDirectory;
    int lockStaleMs = DefaultLockStaleMs;
    int lockWaitLimitMs = DefaultLockWaitLimitMs;
    int tokenEndpointCalls = 0;
};

TokenBroker::TokenBroker(OAuthProfileStore *store, SignInPrompter *prompter, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>())
{
    d->store = store;
    d->prompter = prompter;
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    d->lockDirectory = runtime.isEmpty() ? QDir::tempPath() + QStringLiteral("/AuthScope-oauth-locks")
                                         : runtime + QStringLiteral("/AuthScope/oauth-locks");
    // A profile edited here or by another process is read again at the next question (a valid
    // held token aside: those are answered from memory until they expire).
    connect(store, &OAuthProfileStore::changed, this, [this] {
        for (auto &[name, held] : d->entries) {
            if (!held.adHoc && !held.inMemoryOnly)
                held.loaded = false;
        }
    });
}

TokenBroker::~TokenBroker()
{
    for (auto &[name, held] : d->entries) {
        if (held.refresh)
            held.refresh->abandon();
    }
    for (auto &[name, held] : d->entries)
        held.wipe();
}

TokenJob *TokenBroker::createJob(const TokenQuestion &question, LegChannel *channel, QObject *parent)
{
    return new BrokerTokenJob(this, question, channel, parent);
}

void TokenBroker::addAdHocProfile(const OAuthProfile &profile, const QByteArray &clientSecret, const TokenSet &tokens,
                                  bool persist)
{
    BrokerProfile &held = entry(profile.name);
    held.hold(profile, clientSecret, tokens);
    held.profile.adHoc = true;
    held.adHoc = true;
    held.persistAdHoc = persist;
    held.inMemoryOnly = false;
    updateStateFromTokens(profile.name);
}

void TokenBroker::setLockDirectory(const QString &path)
{
    d->lockDirectory = path;
}

QString TokenBroker::lockDirectory() const
{
    return d->lockDirectory;
}

void TokenBroker::setLockTimes(int staleMs, int waitLimitMs)
{
    d->lockStaleMs = staleMs;
    d->lockWaitLimitMs = waitLimitMs;
}

void TokenBroker::lockTimes(int *staleMs, int *waitLimitMs) const
{
    *staleMs = d->lockStaleMs;
    *waitLimitMs = d->lockWaitLimitMs;
}

TokenBroker::ProfileState TokenBroker::state(const QString &profile) const
{
    const auto it = d->entries.find(profile);
    return it == d->entries.end() ? ProfileState() : it->second.state;
}

void TokenBroker::refreshState(const QString &profile)
{
    const BrokerProfile &held = entry(profile);
    if (held.adHoc || held.inMemoryOnly || !d->store->profile(profile)) {
        if (!held.adHoc && !held.inMemoryOnly)
            setState(profile, State::Unknown);
        else
            emit stateChanged(profile);
        return;
    }
    OAuthStoreJob *job = d->store->loadSecrets(profile);
    connect(job, &OAuthStoreJob::finished, this, [this, job, profile] {
        BrokerProfile &held = entry(profile);
        if (!job->status().isOk()) {
            setState(profile, State::Failed, job->status().message());
            return;
        }
        if (held.adHoc || held.inMemoryOnly || held.refresh) { // changed meanwhile: this read is older
            emit stateChanged(profile);
            return;
        }
        const std::optional<OAuthProfile> stored = d->store->profile(profile);
        if (stored)
            held.hold(*stored, job->clientSecret(), job->tokens());
        updateStateFromTokens(profile);
    });
    job->start();
}

int TokenBroker::tokenEndpointCalls() const
{
    return d->tokenEndpointCalls;
}

BrokerProfile &TokenBroker::entry(const QString &profile)
{
    return d->entries[profile];
}

OAuthProfileStore *TokenBroker::store() const
{
    return d->store;
}

SignInPrompter *TokenBroker::prompter() const
{
    return d->prompter;
}

RefreshOperation *TokenBroker::runningRefresh(const QString &profile) const
{
    const auto it = d->entries.find(profile);
    if (it == d->entries.end() || !it->second.refresh || it->second.refresh->isFinished())
        return nullptr;
    return it->second.refresh.data();
}

RefreshOperation *TokenBroker::startRefresh(BrokerTokenJob *owner, bool signIn, bool checkElsewhere)
{
    auto *operation = new RefreshOperation(this, owner, signIn, checkElsewhere);
    entry(owner->question().profile).refresh = operation;
    return operation;
}

void TokenBroker::countTokenEndpointCall()
{
    ++d->tokenEndpointCalls;
}

void TokenBroker::setState(const QString &profile, State state, const QString &lastError)
{
    BrokerProfile &held = entry(profile);
    held.state.state = state;
    held.state.lastError = state == State::Failed ? lastError : QString();
    held.state.inMemoryOnly = held.inMemoryOnly;
    held.state.hasRefreshToken = held.tokens.hasRefreshToken();
    held.state.expiresAt = held.tokens.expiresAt;
    emit stateChanged(profile);
}

void TokenBroker::updateStateFromTokens(const QString &profile)
{
    const BrokerProfile &held = entry(profile);
    State state = State::NoTokens;
    if (!held.tokens.accessToken.isEmpty())
        state = held.tokens.isExpired(QDateTime::currentDateTimeUtc()) ? State::Expired : State::Valid;
    else if (held.tokens.hasRefreshToken())
        state = State::Expired;
    setState(profile, state);
}
