#pragma once

#include "engine/tokenprovider.h"
#include "oauthprofile.h"
#include "tokenset.h"

#include <QDateTime>
#include <QObject>

class BrokerTokenJob;
class OAuthProfileStore;
class RefreshOperation;
class SignInPrompter;
struct BrokerProfile;

// The one TokenProvider: answers exchanges for their profiles' tokens. Per profile, one refresh
// at a time (single flight: a refresh job that later askers attach to), and across processes a
// QLockFile per profile taken before refreshing, after which the stored tokens are read again
// (another process may have refreshed already: token-refreshed-elsewhere). A rotated refresh
// token is stored before the old one is dropped; when the keychain refuses, the pair stays in
// memory (token-not-stored) and stateChanged() says so.
//
// Refresh uses the refresh_token grant; a profile without a refresh token runs its grant again
// when that grant needs no user (client_credentials), else ends with sign-in-required. A
// Rejected question refreshes only when the rejected token is still the profile's current one
// (else the newer token is answered: someone refreshed meanwhile).
//
// A Send question is answered from memory while the held access token is valid; otherwise the
// keychain is read (once per profile at a time, however many ask). A sign-in does not take the
// lock (minutes at the browser must not hold other processes' refreshes). Destroying the broker
// answers every question still waiting with Cancelled.
class TokenBroker : public QObject, public TokenProvider
{
    Q_OBJECT
public:
    // store and prompter are not owned. prompter may be null (no interactive sign-in: SignIn ends
    // with sign-in-required).
    TokenBroker(OAuthProfileStore *store, SignInPrompter *prompter, QObject *parent = nullptr);
    ~TokenBroker() override;

    TokenJob *createJob(const TokenQuestion &question, LegChannel *channel, QObject *parent) override;

    // An ad-hoc profile (send --oauth2-bearer/--oauth2-refresh-token/--oauth2-token-url/--oauth2-client):
    // held in memory with its secrets and answered like a stored one. When its refresh token rotates
    // the broker saves it to the store as a profile (note oauth-profile-saved, naming it) when
    // persist is true; with persist false (--no-keychain) the note is refresh-token-will-be-lost.
    void addAdHocProfile(const OAuthProfile &profile, const QByteArray &clientSecret, const TokenSet &tokens,
                         bool persist);

    // Where the per-profile lock files live ($XDG_RUNTIME_DIR/AuthScope/oauth-locks, else the temp dir).
    void setLockDirectory(const QString &path);
    QString lockDirectory() const;
    // A lock older than staleMs is taken over (its process hung); a refresh waiting longer than
    // waitLimitMs for another process's lock fails with token-refresh-failed (Timeout).
    static constexpr int DefaultLockStaleMs = 60000;
    static constexpr int DefaultLockWaitLimitMs = 75000;
    void setLockTimes(int staleMs, int waitLimitMs);

    enum class State { Unknown, NoTokens, Valid, Expired, Refreshing, Failed };
    struct ProfileState
    {
        State state = State::Unknown;
        QDateTime expiresAt;       // UTC; invalid when unknown
        bool hasRefreshToken = false;
        bool inMemoryOnly = false; // the keychain refused the latest tokens
        QString lastError;         // for Failed: the token endpoint's error and description
    };
    // The last known state (read from the keychain on demand by refreshState()).
    ProfileState state(const QString &profile) const;
    // Reads the stored tokens (async) and emits stateChanged(profile).
    void refreshState(const QString &profile);
    // How many token-endpoint calls this broker made (tests and the benchmark count them): legs
    // sent to a profile's token URL, whatever the answer.
    int tokenEndpointCalls() const;

signals:
    void stateChanged(const QString &profile);

private:
    friend class BrokerTokenJob;
    friend class RefreshOperation;
    BrokerProfile &entry(const QString &profile);
    OAuthProfileStore *store() const;
    SignInPrompter *prompter() const;
    // The refresh running for the profile, if any (single flight); null when none.
    RefreshOperation *runningRefresh(const QString &profile) const;
    RefreshOperation *startRefresh(BrokerTokenJob *owner, bool signIn, bool checkElsewhere);
    void countTokenEndpointCall();
    void lockTimes(int *staleMs, int *waitLimitMs) const;
    void setState(const QString &profile, State state, const QString &lastError = QString());
    // The state the held tokens give (Valid, Expired or NoTokens).
    void updateStateFromTokens(const QString &profile);

    struct Private;
    std::unique_ptr<Private> d;
};
