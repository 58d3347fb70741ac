#pragma once

#include "auth/challengeresponder.h"
#include "http/exchange.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <memory>

class CredentialJob;
class HttpSession;
class LegJob;
class QTimer;

// Runs one exchange: sends the request, follows redirects itself (each hop is a leg) and records
// everything. Job shape: configure, start(), exactly one finished(); start() never finishes
// inside the call. Deleting the job aborts whatever is in flight.
class ExchangeJob : public QObject
{
    Q_OBJECT
public:
    ExchangeJob(HttpSession *session, const HttpRequest &request, QObject *parent = nullptr);
    ~ExchangeJob() override;

    void start();
    // Aborts the leg in flight. finished() (Status::Code::Cancelled) is emitted before cancel()
    // returns, so receivers must not delete the job synchronously (use deleteLater()).
    void cancel();

    bool isRunning() const { return m_running; }
    // Grows while running; complete after finished().
    const Exchange &exchange() const { return m_exchange; }
    Status status() const { return m_exchange.status; }

signals:
    void legStarted(int index);
    void legProgress(int index, qint64 bytesReceived, qint64 bytesTotal);
    void legFinished(int index);
    void finished();

private:
    void startLeg(const HttpRequest &legRequest, Leg::Kind kind, const QString &reason,
                  const ChallengeResponder::Step *answer = nullptr);
    void onLegFinished();
    void carryOut(const ChallengeResponder::Step &step, int legIndex);
    void onCredentialAnswered();
    // Tells the session's provider what the servers accepted and rejected.
    void reportVerdicts();
    AuthRequest authRequestFor(const HttpRequest &request) const;
    bool followRedirect(const Leg &leg);
    void finish(const Status &status);

    QPointer<HttpSession> m_session;
    Exchange m_exchange;
    HttpRequest m_current;          // the request of the leg in flight
    std::unique_ptr<LegJob> m_legJob;
    std::unique_ptr<ChallengeResponder> m_responder;
    QPointer<CredentialJob> m_credentialJob;
    int m_challengedLeg = -1;
    bool m_legIsTunnel = false;
    QElapsedTimer m_clock;
    QTimer *m_timeout = nullptr;
    int m_redirects = 0;
    bool m_running = false;
    bool m_finished = false;
};
