#pragma once

#include "oauthprofile.h"
#include "tokenset.h"

#include "core/status.h"
#include "http/legnote.h"

#include <QObject>

#include <functional>

class LegChannel;
class SignInPrompter;
class TokenEndpointRequest;
class TokenResponse;
struct HttpRequest;
struct Leg;

// One run of a grant against the profile's endpoints (already discovered: the token URL is set),
// every HTTP call through the channel so it is a leg of the asking exchange. Job shape: start(),
// exactly one finished(); start() never finishes inside the call. Subclasses: ClientCredentialsGrantJob,
// RefreshGrantJob (RFC 6749 §6), AuthorizationCodeGrantJob (PKCE S256, loopback redirect),
// DeviceGrantJob (RFC 8628), PasswordGrantJob (deprecated). GrantJob::create() picks by grant.
class GrantJob : public QObject
{
    Q_OBJECT
public:
    struct Context
    {
        OAuthProfile profile;
        QByteArray clientSecret;  // empty for a public client; the job wipes its copy
        QByteArray refreshToken;  // RefreshGrantJob only
        LegChannel *channel = nullptr;
        SignInPrompter *prompter = nullptr; // interactive grants; null: they fail with sign-in-required
    };

    explicit GrantJob(Context context, QObject *parent = nullptr);
    ~GrantJob() override;

    // The job for the profile's own grant (not refresh).
    static GrantJob *create(Context context, QObject *parent);

    void start();
    void cancel(); // ends with Status::Code::Cancelled

    // After finished(): tokens when status() is Ok. A response without refresh_token keeps none
    // here (the caller keeps the old refresh token, RFC 6749 §6).
    Status status() const { return m_status; }
    TokenSet takeTokens() { return std::exchange(m_tokens, TokenSet()); }
    const LegNotes &notes() const { return m_notes; }
    // The index of the token endpoint's leg that gave the outcome (-1 when none was sent).
    int outcomeLeg() const { return m_outcomeLeg; }

signals:
    void finished();

protected:
    virtual void run() = 0;
    // Stops what run() started (timers, listeners); called once by cancel() before it fails the job.
    virtual void abort() {}
    const Context &context() const { return m_context; }
    bool isFinished() const { return m_finished; }
    // The first of succeed()/fail() ends the job (finished() emitted); later calls are ignored.
    void succeed(TokenSet tokens, int leg);
    void fail(const Status &status, int leg = -1);
    void addNote(NoteCode code, const QString &text) { m_notes.append(LegNote(code, text)); }

    // A token-endpoint request for this profile and client secret (endpoint empty: the token URL).
    TokenEndpointRequest tokenRequest(const QUrl &endpoint = QUrl()) const;
    // Sends request through the channel as a TokenEndpoint leg and calls answer with the parsed
    // response and the leg, unless the job has finished (cancelled) or been deleted meanwhile.
    // A leg without a response (network failure, cancelled exchange) gives a response whose
    // status is the leg's transport status.
    using TokenAnswer = std::function<void(TokenResponse &response, const Leg &leg)>;
    void sendTokenRequest(const HttpRequest &request, const QString &reason, TokenAnswer answer);
    // The usual ending: succeed with the response's tokens, or fail with its status.
    void finishWith(TokenResponse &response, const Leg &leg);

private:
    Context m_context;
    Status m_status;
    TokenSet m_tokens;
    LegNotes m_notes;
    int m_outcomeLeg = -1;
    bool m_finished = false;
};
