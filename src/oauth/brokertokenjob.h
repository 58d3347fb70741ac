#pragma once

#include "engine/tokenprovider.h"

#include <QPointer>

class DiscoveryJob;
class RefreshOperation;
class TokenBroker;
struct BrokerProfile;

// TokenBroker's answer to one TokenQuestion (see tokenbroker.h for the rules). Loads the profile
// and its secrets (the store, or what the broker holds), discovers the endpoints when the
// profile has an issuer and no token URL, then answers from the held tokens or through the
// profile's RefreshOperation (started here, or joined: token-refresh-joined).
class BrokerTokenJob : public TokenJob
{
    Q_OBJECT
public:
    BrokerTokenJob(TokenBroker *broker, const TokenQuestion &question, LegChannel *channel, QObject *parent);
    ~BrokerTokenJob() override;

    // The channel of the asking exchange: a refresh this job starts sends its legs through it.
    LegChannel *legChannel() const { return channel(); }

protected:
    void run() override;

private:
    BrokerProfile &entry() const;
    void load();
    void discoverIfNeeded();
    void answer();
    void answerSend();
    void answerRejected();
    void noteExpired();
    void revoke();
    // Joins the running refresh of the profile or starts one, and answers with its outcome.
    void refresh(bool signIn, bool checkElsewhere);
    void onRefreshed(RefreshOperation *operation, bool joined);
    void fail(Status::Code code, NoteCode reason, const QString &message);
    void brokerClosed();

    QPointer<TokenBroker> m_broker;
};
