#pragma once

#include "tokenset.h"

#include "core/status.h"
#include "engine/legchannel.h"
#include "http/legnote.h"

#include <QList>
#include <QObject>
#include <QPointer>

class BrokerTokenJob;
class GrantJob;
class OAuthStoreJob;
class ProfileLock;
class TokenBroker;

// One refresh of one profile, however many questions wait for it (single flight): the job that
// started it (the owner) and the jobs that attached later all get its outcome. Steps:
//   1. the profile's lock between processes (ProfileLock; not for an interactive sign-in);
//   2. the stored tokens read again: when checkElsewhere and another process stored a different,
//      valid access token meanwhile, that one is the outcome (token-refreshed-elsewhere);
//   3. the grant: refresh_token (RFC 6749 §6), or the profile's grant again when there is no
//      refresh token and it needs no user (client_credentials: token-grant-rerun), or the
//      profile's own grant for a sign-in; else sign-in-required;
//   4. the new tokens stored before the lock is released (a response without refresh_token
//      keeps the old one; a new one is a rotation: token-rotated on the leg). A keychain that
//      refuses leaves the pair in the broker's memory (token-not-stored, state inMemoryOnly).
// Its legs go through the owner's channel (it is the grant's LegChannel, forwarding and counting
// token-endpoint calls). When the owner goes away before a leg was sent, the next waiter's
// channel is used; once a leg is in flight the waiters get the failure instead (a refresh token
// may have been spent: resending it could trip reuse detection).
class RefreshOperation : public QObject, public LegChannel
{
    Q_OBJECT
public:
    RefreshOperation(TokenBroker *broker, BrokerTokenJob *owner, bool signIn, bool checkElsewhere);
    ~RefreshOperation() override;

    void start();
    void attach(BrokerTokenJob *waiter);
    bool isFinished() const { return m_finished; }
    // The broker is going away: every waiter gets Cancelled now (none is left waiting).
    void abandon();

    // After finished(): Ok with tokens(), or AuthenticationFailed with token-refresh-failed (the
    // endpoint's error and description in the message), sign-in-required, ...
    Status status() const { return m_status; }
    const TokenSet &tokens() const { return m_tokens; }
    // token-refreshed, token-grant-rerun or token-refreshed-elsewhere.
    NoteCode origin() const { return m_origin; }
    // For every waiter: token-not-stored, oauth-profile-saved, refresh-token-will-be-lost, ...
    const LegNotes &notes() const { return m_notes; }

    // LegChannel, for the grant.
    void sendLeg(const HttpRequest &request, Leg::Kind kind, const QString &reason, LegDone done) override;
    void noteLeg(int legIndex, const LegNote &note) override;

signals:
    void finished();

private:
    void onLocked();
    void reread();
    void runGrant(const QByteArray &refreshToken);
    void onGrantFinished();
    void keep(TokenSet tokens, bool rotated, int leg);
    void storeTokens(const TokenSet &tokens, int leg);
    void saveAdHocProfile(const TokenSet &tokens, int leg);
    // A remark for every waiter and on the leg.
    void note(NoteCode code, const QString &text, int leg);
    // Ends with tokens, which the broker holds from now on (the old pair goes only now).
    void succeedWith(const TokenSet &tokens);
    void onOwnerGone();
    void finish(const Status &status);
    LegChannel *ownerChannel() const;

    QPointer<TokenBroker> m_broker;
    QString m_profile;
    QPointer<BrokerTokenJob> m_owner;
    QList<QPointer<BrokerTokenJob>> m_waiters;
    bool m_signIn;
    bool m_checkElsewhere;
    QByteArray m_knownAccessToken; // what the owner saw: a different stored one was refreshed elsewhere
    ProfileLock *m_lock = nullptr;
    GrantJob *m_grant = nullptr;
    int m_legsInFlight = 0;
    bool m_rerun = false;
    Status m_status;
    TokenSet m_tokens;
    NoteCode m_origin = NoteCode::TokenRefreshed;
    LegNotes m_notes;
    bool m_finished = false;
};
