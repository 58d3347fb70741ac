#pragma once

#include "core/status.h"
#include "http/legnote.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QUrl>

#include <utility>

class LegChannel;

// What an exchange asks of an OAuth profile (RequestCredentials::oauthProfile).
struct TokenQuestion
{
    enum class Purpose {
        Send,     // a token for the request about to go out; refreshed first when known expired
        Rejected, // the server refused rejectedToken (401 Bearer / invalid_token): refresh once
        SignIn,   // run the profile's grant interactively (browser, device code) for new tokens
        Refresh,  // refresh now, whatever the expiry says (the user pressed Refresh)
        Revoke,   // revoke the profile's tokens at the revocation endpoint (RFC 7009)
    };

    QString profile;            // the profile's name
    Purpose purpose = Purpose::Send;
    QByteArray rejectedToken;   // Rejected: the access token the server refused
    QUrl url;                   // the resource the token is for (empty for SignIn/Refresh/Revoke)
    int forLeg = -1;            // the leg that was refused (Rejected)
};

// One answer to a TokenQuestion. Job shape: start(), then exactly one finished(); start() never
// finishes inside the call. Every HTTP call it makes goes through the LegChannel it was given,
// so the token-endpoint legs are legs of the asking exchange.
class TokenJob : public QObject
{
    Q_OBJECT
public:
    TokenJob(const TokenQuestion &question, LegChannel *channel, QObject *parent = nullptr)
        : QObject(parent), m_question(question), m_channel(channel) {}

    void start() { QMetaObject::invokeMethod(this, &TokenJob::run, Qt::QueuedConnection); }
    const TokenQuestion &question() const { return m_question; }

    // After finished(): the access token (Send, Rejected, SignIn, Refresh), or none with status().
    bool hasToken() const { return !m_token.isEmpty(); }
    // The caller takes the token and wipes it when done.
    QByteArray takeToken() { return std::exchange(m_token, QByteArray()); }
    // token-from-profile, token-refreshed, token-refresh-joined, token-refreshed-elsewhere, ...
    NoteCode origin() const { return m_origin; }
    // Ok, or why there is no token: AuthenticationFailed with token-refresh-failed,
    // sign-in-required, token-endpoint-error (message with error and error_description), ...;
    // KeychainError when the profile's secrets cannot be read; NotFound (oauth-profile-not-found).
    Status status() const { return m_status; }
    // Remarks for the exchange (token-expired-before-send, token-rotated, token-not-stored, ...).
    const LegNotes &notes() const { return m_notes; }
    // When the access token expires, if known.
    QDateTime expiresAt() const { return m_expiresAt; }

signals:
    void finished();

protected:
    virtual void run() = 0;
    LegChannel *channel() const { return m_channel; }
    void addNote(NoteCode code, const QString &text) { m_notes.append(LegNote(code, text)); }
    void finishWith(const QByteArray &token, NoteCode origin, const QDateTime &expiresAt = QDateTime())
    {
        m_token = token;
        m_origin = origin;
        m_expiresAt = expiresAt;
        emit finished();
    }
    void finishWithout(const Status &status)
    {
        m_status = status;
        emit finished();
    }

private:
    TokenQuestion m_question;
    LegChannel *m_channel;
    QByteArray m_token;
    NoteCode m_origin = NoteCode::None;
    Status m_status;
    LegNotes m_notes;
    QDateTime m_expiresAt;
};

// Answers TokenQuestions for named OAuth profiles (src/oauth's TokenBroker). Not owned by the session.
class TokenProvider
{
public:
    virtual ~TokenProvider() = default;
    virtual TokenJob *createJob(const TokenQuestion &question, LegChannel *channel, QObject *parent) = 0;
};
