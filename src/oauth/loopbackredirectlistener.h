#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

class QTcpServer;
class QTcpSocket;

// The one-shot redirect target of a native app's authorization-code run (RFC 8252 §7.3): listens
// on 127.0.0.1 only, on a free port or on the port of a fixed redirect URI, and takes the first
// GET to the redirect path. It answers a short page telling the user to return to AuthScope (a
// failure page when the redirect carries error=), answers 404 to any other path (/favicon.ico),
// then stops listening. Job shape: listen(), then exactly one finished() (redirect, timeout or
// cancel); listen() never finishes inside the call.
class LoopbackRedirectListener : public QObject
{
    Q_OBJECT
public:
    enum class Outcome { Pending, Redirected, TimedOut, Cancelled };

    static constexpr int DefaultTimeoutMs = 5 * 60 * 1000;

    explicit LoopbackRedirectListener(QObject *parent = nullptr);
    ~LoopbackRedirectListener() override;

    void setTimeout(int ms) { m_timeoutMs = ms; }
    // fixedRedirectUri empty: http://127.0.0.1:<free port>/callback. Else it must be http with a
    // loopback host (127.0.0.1, [::1] or localhost, RFC 8252 §8.3) and an explicit port. False
    // with *error when the URI is refused or the port is taken.
    bool listen(const QUrl &fixedRedirectUri, QString *error);
    // The redirect_uri to put in the authorization request (valid after listen()).
    QUrl redirectUri() const { return m_redirectUri; }
    void cancel();

    Outcome outcome() const { return m_outcome; }
    // The redirect's query (code, state, or error, error_description): valid when Redirected.
    QUrlQuery query() const { return m_query; }

signals:
    void finished();

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void finish(Outcome outcome);

    QTcpServer *m_server = nullptr;
    QTimer m_timeout;
    int m_timeoutMs = DefaultTimeoutMs;
    QUrl m_redirectUri;
    QUrlQuery m_query;
    Outcome m_outcome = Outcome::Pending;
};
