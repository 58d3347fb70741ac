#pragma once

#include "authcache.h"
#include "schemeregistry.h"
#include "credentialprovider.h"
#include "core/status.h"
#include "http/httprequest.h"
#include "http/leg.h"

// The authentication decisions of one exchange: what to send pre-emptively, how to answer a
// 401/407, when credentials count as rejected, when to give up. Plain logic, no I/O: the
// ExchangeJob carries out each Step (sending a leg, asking a CredentialProvider).
class ChallengeResponder
{
public:
    struct ProxySettings
    {
        QString origin;        // "http://127.0.0.1:3128"; empty without a proxy
        QString user;
        QByteArray password;
    };

    struct Step
    {
        enum class Action { Retry, Ask, Stop };
        Action action = Action::Stop;
        HeaderField field;             // Retry: the Authorization / Proxy-Authorization to add
        Leg::Kind kind = Leg::Kind::AuthRetry;
        QString reason;                // Retry: why this leg is sent
        QString authentication;        // Retry: what the credentials answer, for the new leg
        AuthComputation computation;   // Retry: how the scheme computed field's value (Digest's steps)
        NoteCode source = NoteCode::None; // Retry: where the credential came from (credential-from-...)
        LegNotes notes;                // Retry: to show on the new leg (challenge-answered, plain http)
        CredentialRequest question;    // Ask
        Status status;                 // Stop: Ok leaves the 401/407 as the answer
    };

    ChallengeResponder(AuthCache *cache, const HttpRequest &request, const ProxySettings &proxy);

    // Fields for a new leg to url: cached answers for its space, the request's token or API key
    // on its own origin, the proxy's Basic for plain-http legs. May change url (API key in query).
    void addPreemptive(const AuthRequest &request, QUrl *url, HeaderList *fields, Leg *leg);
    // After a 401 or 407 (leg is annotated with the parsed challenges and what was decided).
    Step onChallenge(Leg *leg, const AuthRequest &request);
    // Parses the leg's WWW-Authenticate (Proxy-Authenticate for a 407) into leg->challenges, with
    // notes for parse problems and each scheme's explanation (Bearer's error codes). onChallenge
    // does it first; the engine calls it alone for a 401 it answers itself (an OAuth refresh).
    static void describeChallenges(Leg *leg);
    // The request's bearer token was replaced (an OAuth profile's token refreshed after a 401).
    void setToken(const QByteArray &token) { m_given.token = token; }
    // After the CredentialProvider answered the Ask of the last Step (credential null when not;
    // an empty reason means nobody could be asked, and the message says what to give instead).
    // With a credential, reason is where it came from when not typed just now (may be empty).
    // origin says where it came from (credential-from-prompt, -keychain); without a credential,
    // failure and failureStatus say why (missing-credentials, or a store's failure).
    Step onCredential(const Credential *credential, const QString &reason, NoteCode origin, Leg *leg,
                      const AuthRequest &request, NoteCode failure = NoteCode::MissingCredentials,
                      Status::Code failureStatus = Status::Code::AuthenticationFailed);
    // After a response that is not a challenge: credentials that led here worked.
    void onResponse(Leg *leg, const AuthRequest &request);
    // What servers accepted or rejected since the last call (for CredentialProvider::onVerdict).
    QList<CredentialVerdict> takeVerdicts() { return std::exchange(m_verdicts, {}); }

private:
    struct Attempt
    {
        bool active = false;
        ProtectionSpace space;
        const AuthScheme *scheme = nullptr;
        Challenge challenge;
        Credential credential;
        AuthState state;
        int rejections = 0;
        QString refused;       // what it refused, for words: "the credentials of alice", "the token"
        int staleRetries = 0;
        bool fromUser = false; // typed into a prompt: stored in the cache after success
        // Answered from the session cache: its refusal is evidence about this URL (another user's
        // path in a shared realm), not a rejection of anything the user gave; it costs no attempt.
        bool fromCache = false;
    };

    Step answerWith(Attempt &attempt, Leg *leg, const AuthRequest &request, NoteCode source,
                    const QString &reason, bool stale = false);
    Step ask(Attempt &attempt, const Leg &leg, const SchemeRegistry::Choice &choice);
    // ask() with the question's notes: credentials not sent, plain http, the scheme's explanation.
    Step askFor(Attempt &attempt, const Leg &leg, const SchemeRegistry::Choice &choice);
    Step stop(const Status &status) const;
    Step fail(NoteCode reason, const QString &message) const;
    void refuse(Attempt &attempt, const Leg &leg, const Credential &credential);
    Attempt &attemptFor(bool proxy) { return proxy ? m_proxyAttempt : m_serverAttempt; }
    // entry when the session's cached answer may speak for this request: not when the user asked
    // to be asked, nor when the request brings a user and password of its own that differ (a
    // password changed in the request is sent, not the one that worked earlier). Null otherwise.
    AuthCache::Entry *usableCacheEntry(AuthCache::Entry *entry) const;

    AuthCache *m_cache;
    RequestCredentials m_given;
    QUrl m_originalUrl;
    QString m_originalOrigin;
    SchemeRegistry::Preference m_preference;
    int m_maxAttempts;
    ProxySettings m_proxy;
    Attempt m_serverAttempt;
    Attempt m_proxyAttempt;
    bool m_askingProxy = false;
    int m_authLegs = 0;
    QList<CredentialVerdict> m_verdicts;
};
