#pragma once

#include "grantjob.h"

#include <QDateTime>
#include <QTimer>

class TokenResponse;
struct Leg;

// RFC 8628: asks the device authorization endpoint for a device and user code, shows them through
// the prompter (no prompter: sign-in-required), then polls the token endpoint at the interval:
// authorization_pending keeps polling (device-authorization-pending), slow_down adds 5 s
// (device-slow-down), expired_token ends with device-code-expired, access_denied with
// authorization-denied. cancel() stops polling.
class DeviceGrantJob : public GrantJob
{
    Q_OBJECT
public:
    static constexpr int DefaultIntervalMs = 5000; // RFC 8628 §3.2 when the response has no interval
    static constexpr int SlowDownStepMs = 5000;    // RFC 8628 §3.5

    explicit DeviceGrantJob(GrantJob::Context context, QObject *parent = nullptr);
    ~DeviceGrantJob() override;

    // Tests: shorter waits than the RFC's 5 s (the response's own interval still wins when it
    // is given, and slow_down still adds slowDownStepMs).
    void setPollTiming(int defaultIntervalMs, int slowDownStepMs);
    // The interval in force now (after any slow_down), for tests and the front ends.
    int pollIntervalMs() const { return m_intervalMs; }
    int pollCount() const { return m_polls; }

protected:
    void run() override;
    void abort() override;

private:
    void onDeviceAuthorization(TokenResponse &response, const Leg &leg);
    void poll();
    void onPoll(TokenResponse &response, const Leg &leg);
    // Stops polling, closes what the prompter shows, then succeeds with response's tokens or fails.
    void end(const Status &status, int leg = -1, TokenResponse *response = nullptr);

    QTimer m_pollTimer;
    QByteArray m_deviceCode;
    QDateTime m_expiresAt;
    int m_defaultIntervalMs = DefaultIntervalMs;
    int m_slowDownStepMs = SlowDownStepMs;
    int m_intervalMs = DefaultIntervalMs;
    int m_polls = 0;
    bool m_prompting = false; // showDeviceCode() was called, signInEnded() not yet
};
