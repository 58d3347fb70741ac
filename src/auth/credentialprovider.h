#pragma once

#include "http/challenge.h"
#include "credential.h"
#include "protectionspace.h"
#include "http/legnote.h"

#include "core/status.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>
#include <QUrl>

// What the engine asks when a challenge needs credentials it does not have.
struct CredentialRequest
{
    ProtectionSpace space;
    Challenge challenge;
    QUrl url;                    // the request that was challenged
    bool encrypted = false;      // https (or the proxy connection) protects what is sent
    Credential::Kind kind = Credential::Kind::Password;
    int attempt = 1;             // 2+ after the server rejected earlier credentials
    int maxAttempts = 3;         // rejections after which the exchange gives up
    QString rejectedUser;        // who was rejected, if anyone
    LegNotes notes;              // remarks to show (Bearer errors, warnings), coded
    // Set when the request references a stored credential by id (RequestCredentials::storedId):
    // the job resolves it from the store instead of asking. kind is then unknown until loaded.
    QString storedId;
    // The request said "ask me": the question goes to the user, not to the store or the session.
    bool askUser = false;

    // Filled in by a provider that can keep answers (StoredCredentialProvider) for the one that asks.
    bool canRemember = false;        // offer "Remember in keychain"
    bool rememberSessionOnly = false;// the keychain is unavailable: remembered for this run only
    QString storedRejectedUser;      // the stored credential of this user was refused: offer to update it
    QString defaultUser;             // the user to suggest (-u USER, or the stored one to update)
};

// What a server made of credentials that were sent: accepted (a response that is not a challenge
// for their space) or rejected (challenged again). Told to the provider so it can keep what works
// and stop offering what was refused.
struct CredentialVerdict
{
    ProtectionSpace space;
    Credential credential;
    bool accepted = false;
    // The URL the verdict was given for: a refusal is evidence about that request (a server may
    // refuse a valid user at one path and admit it at another), not proof the secret is wrong.
    QUrl url;
};

// One question to the user (a dialog, a terminal prompt). Job shape: start(), then exactly one
// finished(); start() never finishes inside the call.
class CredentialJob : public QObject
{
    Q_OBJECT
public:
    explicit CredentialJob(const CredentialRequest &request, QObject *parent = nullptr)
        : QObject(parent), m_request(request) {}

    void start() { QMetaObject::invokeMethod(this, &CredentialJob::run, Qt::QueuedConnection); }
    const CredentialRequest &request() const { return m_request; }
    bool hasCredential() const { return m_hasCredential; }
    // Valid after finished() when hasCredential(); the caller takes it and wipes it when done.
    Credential takeCredential() { m_hasCredential = false; return std::exchange(m_credential, Credential()); }
    // Why there is no credential ("cancelled by the user", "no terminal to ask on").
    QString reason() const { return m_reason; }
    // Where the credential came from when not typed just now ("the password stored in the keychain
    // for alice"); the leg's note says so.
    QString source() const { return m_source; }
    // The same as a code: credential-from-prompt (the default) or credential-from-keychain.
    NoteCode origin() const { return m_origin; }
    // Why there is no credential, as a code: missing-credentials (the default), or a stored
    // reference's failure (stored-credential-not-found, keychain-unavailable, ...).
    NoteCode failure() const { return m_failure; }
    // With failure(): the outcome's Status code (AuthenticationFailed unless a stored reference failed).
    Status::Code failureStatus() const { return m_failureStatus; }
    // The user asked to keep the credential once the server accepts it ("Remember in keychain",
    // --save). Valid after finished() when hasCredential().
    bool rememberRequested() const { return m_remember; }
    void setRememberRequested(bool remember) { m_remember = remember; }

signals:
    void finished();

protected:
    virtual void run() = 0;
    void finishWith(const Credential &credential, const QString &source = QString(),
                    NoteCode origin = NoteCode::CredentialFromPrompt)
    {
        m_credential = credential;
        m_source = source;
        m_origin = origin;
        m_hasCredential = true;
        emit finished();
    }
    void finishWithout(const QString &reason, NoteCode failure = NoteCode::MissingCredentials,
                       Status::Code status = Status::Code::AuthenticationFailed)
    {
        m_reason = reason;
        m_failure = failure;
        m_failureStatus = status;
        emit finished();
    }

private:
    CredentialRequest m_request;
    Credential m_credential;
    bool m_hasCredential = false;
    bool m_remember = false;
    QString m_reason;
    QString m_source;
    NoteCode m_origin = NoteCode::None;
    NoteCode m_failure = NoteCode::MissingCredentials;
    Status::Code m_failureStatus = Status::Code::AuthenticationFailed;
};

// Makes the jobs: the GUI's dialog, the CLI's prompt. Not owned by the session.
class CredentialProvider
{
public:
    virtual ~CredentialProvider() = default;
    virtual CredentialJob *createJob(const CredentialRequest &request, QObject *parent) = 0;
    // Every verdict of the session's exchanges, in order; the credential is the provider's copy.
    virtual void onVerdict(const CredentialVerdict &verdict) { Q_UNUSED(verdict); }
    // True when createJob() can resolve CredentialRequest::storedId (a credential store).
    virtual bool resolvesStoredIds() const { return false; }

    // Each session that uses the provider says how to drop what it remembers of a credential:
    // deleting a stored credential ends the sessions' copies too, not only the keychain's. The
    // registry outlives neither side's need: a session holds it weakly, so either may go first.
    using RevokeHandler = std::function<void(const ProtectionSpace &space, const QString &user)>;
    struct RevokeRegistry
    {
        QHash<const void *, RevokeHandler> handlers; // by session
    };
    std::weak_ptr<RevokeRegistry> revokeRegistry() const { return m_revoke; }

protected:
    void revoke(const ProtectionSpace &space, const QString &user) const
    {
        const auto handlers = m_revoke->handlers; // a handler may unregister while we walk
        for (const RevokeHandler &handler : handlers)
            handler(space, user);
    }

private:
    std::shared_ptr<RevokeRegistry> m_revoke = std::make_shared<RevokeRegistry>();
};
