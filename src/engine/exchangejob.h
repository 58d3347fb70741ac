#pragma once

#include "auth/challengeresponder.h"
#include "http/exchange.h"
#include "legchannel.h"
#include "tokenprovider.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class CredentialJob;
class HttpSession;
class LegJob;
class QTimer;
class TokenJob;

// Runs one exchange as a sequence of steps: each leg it sends (the request as composed, a
// redirect hop, a challenge answer, later a token-endpoint call) and each credential it acquires
// (from the request, the session, the keychain or a question to the user) is a step recorded in
// Exchange::steps, and a leg's result goes back to the step that asked for it. Job shape:
// configure, start(), exactly one finished(); start() never finishes inside the call. Deleting
// the job aborts whatever is in flight.
//
// With RequestCredentials::oauthProfile the session's TokenProvider is asked for the profile's
// token before the first leg (and once more after a 401 that refused it); the token job's own
// HTTP calls come back through the LegChannel interface and are legs of this exchange.
class ExchangeJob : public QObject, public LegChannel
{
    Q_OBJECT
public:
    ExchangeJob(HttpSession *session, const HttpRequest &request, QObject *parent = nullptr);
    // A token-only exchange (signing in, refreshing, revoking a profile): no resource leg; its legs
    // are the token job's. exchange().request records the first leg's method and URL and the
    // profile's name. It finishes Ok when the provider answered (tokenExpiresAt() then says when
    // the new access token expires), else with the job's status.
    ExchangeJob(HttpSession *session, const TokenQuestion &question, QObject *parent = nullptr);
    ~ExchangeJob() override;

    void start();
    // Aborts the step in flight. finished() (Status::Code::Cancelled) is emitted before cancel()
    // returns, so receivers must not delete the job synchronously (use deleteLater()).
    void cancel();

    // Before each leg goes out, hold it: legHeld(index) is emitted with the leg recorded as it
    // will be sent, and nothing is sent until proceed() (a presenter stepping through).
    void setHoldBeforeLegs(bool hold) { m_holdLegs = hold; }
    void proceed();

    bool isRunning() const { return m_running; }
    // Grows while running; complete after finished().
    const Exchange &exchange() const { return m_exchange; }
    Status status() const { return m_exchange.status; }
    bool isTokenOnly() const { return m_tokenOnly; }
    // After a token-only exchange: the new access token's expiry (invalid: unknown, or no token).
    QDateTime tokenExpiresAt() const { return m_tokenExpiresAt; }

    // LegChannel: the token job's legs. A leg is recorded, held, timed, signalled and exported like
    // the exchange's own, without the request's credentials, cookies or the session's cached answers.
    // A leg asked for after the exchange ended gets done() from the event loop with that status.
    void sendLeg(const HttpRequest &request, Leg::Kind kind, const QString &reason, LegDone done) override;
    // legIndex must be a leg whose done() has run.
    void noteLeg(int legIndex, const LegNote &note) override;

signals:
    void legHeld(int index);
    void legStarted(int index);
    void legProgress(int index, qint64 bytesReceived, qint64 bytesTotal);
    void legFinished(int index);
    void stepStarted(int index);
    void stepFinished(int index);
    void finished();

private:
    // What a step does with the leg it sent once the leg has finished (the leg is recorded).
    using LegHandler = std::function<void(int legIndex)>;
    using CredentialHandler = std::function<void(CredentialJob *job)>;
    using TokenHandler = std::function<void(TokenJob *job)>;

    void begin();
    // The resource's legs and the token job's legs alike.
    void startLeg(const HttpRequest &legRequest, Leg::Kind kind, const QString &reason, int follows,
                  const ChallengeResponder::Step *answer, LegHandler onDone);
    void launchLeg();
    void describeAcquisition(Leg *leg) const;
    void onLegFinished();
    // Qt's transport sent the leg in flight again: the unanswered send is recorded as its own leg.
    void onLegResent();
    // A transport failure reached through a proxy, with the proxy named when it is the proxy's.
    Status namingTheProxy(const Status &status) const;
    // "http://host:port" of the session's HTTP proxy; empty when legs go direct (or via SOCKS).
    QString httpProxyOrigin() const;
    void acquireCredential(const CredentialRequest &question, int forLeg, CredentialHandler onDone);
    // An AcquireCredential step that asks the session's TokenProvider; onDone runs with the
    // finished job only when it brought a token (or, for token-only exchanges, succeeded): any
    // other outcome ends the exchange with the job's status.
    void acquireToken(const TokenQuestion &question, int forLeg, TokenHandler onDone);
    // RequestCredentials::oauthProfile: the profile's token, then the first leg.
    void acquireProfileToken();
    // Puts the provider's token on the request; false (the exchange ended) when it cannot be sent.
    bool useToken(TokenJob *job);
    // A 401 that refused the profile's token: true when the exchange refreshes it (or ended).
    bool refreshOn401(int legIndex);
    bool carriesProfileToken(const Leg &leg) const;
    void startTokenOnly();
    // Aborts the leg in flight (its step hears the status) and ends the exchange with status.
    void stop(const Status &status);
    int recordStep(const ExchangeStep &step);
    void endStep(int index);

    void acquireStoredCredential();
    void onResourceLeg(int legIndex);
    void carryOut(const ChallengeResponder::Step &step, int legIndex);
    void onCredentialAnswered(CredentialJob *job, int legIndex);
    // Tells the session's provider what the servers accepted and rejected.
    void reportVerdicts();
    AuthRequest authRequestFor(const HttpRequest &request) const;
    bool followRedirect(int legIndex);
    void finish(const Status &status);
    qint64 now() const { return m_clock.isValid() ? m_clock.nsecsElapsed() : -1; }

    QPointer<HttpSession> m_session;
    Exchange m_exchange;
    HttpRequest m_sending;          // the request with its credentials (a stored one resolved)
    HttpRequest m_current;          // the request of the resource leg in flight
    std::unique_ptr<LegJob> m_legJob;
    LegHandler m_legHandler;
    int m_legStep = -1;             // the send-leg step of the leg in flight
    std::unique_ptr<ChallengeResponder> m_responder;
    QPointer<CredentialJob> m_credentialJob;
    QPointer<TokenJob> m_tokenJob;
    bool m_legIsChannel = false;    // the leg in flight was sent for the token job
    LegDone m_channelDone;          // the token job's callback for that leg, until it runs
    int m_tokenForLeg = -1;         // the leg the token step answers (-1: before the first)
    int m_lastChannelLeg = -1;      // of the running token step, for follows
    LegNotes m_tokenNotes;          // for the next resource leg, which carries the new token
    QString m_tokenOrigin;          // its words, for that leg's authentication line
    bool m_refreshedOn401 = false;
    bool m_tokenOnly = false;
    TokenQuestion m_tokenQuestion;  // token-only exchanges
    QDateTime m_tokenExpiresAt;
    bool m_stopping = false;
    bool m_legIsTunnel = false;
    bool m_holdLegs = false;
    bool m_legHeld = false;
    QElapsedTimer m_clock;
    QTimer *m_timeout = nullptr;
    int m_redirects = 0;
    bool m_running = false;
    bool m_finished = false;
};
