#pragma once

#include "challenge.h"
#include "credential.h"
#include "protectionspace.h"

#include <QObject>
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
    QStringList notes;           // plain-language remarks to show (Bearer errors, warnings)
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

signals:
    void finished();

protected:
    virtual void run() = 0;
    void finishWith(const Credential &credential)
    {
        m_credential = credential;
        m_hasCredential = true;
        emit finished();
    }
    void finishWithout(const QString &reason)
    {
        m_reason = reason;
        emit finished();
    }

private:
    CredentialRequest m_request;
    Credential m_credential;
    bool m_hasCredential = false;
    QString m_reason;
};

// Makes the jobs: the GUI's dialog, the CLI's prompt. Not owned by the session.
class CredentialProvider
{
public:
    virtual ~CredentialProvider() = default;
    virtual CredentialJob *createJob(const CredentialRequest &request, QObject *parent) = 0;
};
