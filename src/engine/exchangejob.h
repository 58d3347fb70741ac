#pragma once

#include "auth/challengeresponder.h"
#include "http/exchange.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class CredentialJob;
class HttpSession;
class LegJob;
class QTimer;

// Runs one exchange as a sequence of steps: each leg it sends (the request as composed, a
// redirect hop, a challenge answer, later a token-endpoint call) and each credential it acquires
// (from the request, the session, the keychain or a question to the user) is a step recorded in
// Exchange::steps, and a leg's result goes back to the step that asked for it. Job shape:
// configure, start(), exactly one finished(); start() never finishes inside the call. Deleting
// the job aborts whatever is in flight.
class ExchangeJob : public QObject
{
    Q_OBJECT
public:
    ExchangeJob(HttpSession *session, const HttpRequest &request, QObject *parent = nullptr);
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
    using LegHandler = void (ExchangeJob::*)(int legIndex);
    using CredentialHandler = std::function<void(CredentialJob *job)>;

    void begin();
    void sendLeg(const HttpRequest &legRequest, Leg::Kind kind, const QString &reason, int follows,
                 const ChallengeResponder::Step *answer, LegHandler onDone);
    void launchLeg();
    void describeAcquisition(Leg *leg) const;
    void onLegFinished();
    // Qt's transport sent the leg in flight again: the unanswered send is recorded as its own leg.
    void onLegResent();
    // A transport failure reached through a proxy, with the proxy named when it is the proxy's.
    Status namingTheProxy(const Status &status) const;
    void acquireCredential(const CredentialRequest &question, int forLeg, CredentialHandler onDone);
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
    LegHandler m_legHandler = nullptr;
    int m_legStep = -1;             // the send-leg step of the leg in flight
    std::unique_ptr<ChallengeResponder> m_responder;
    QPointer<CredentialJob> m_credentialJob;
    bool m_legIsTunnel = false;
    bool m_holdLegs = false;
    bool m_legHeld = false;
    QElapsedTimer m_clock;
    QTimer *m_timeout = nullptr;
    int m_redirects = 0;
    bool m_running = false;
    bool m_finished = false;
};
