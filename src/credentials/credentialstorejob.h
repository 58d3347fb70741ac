#pragma once

#include "core/status.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <functional>

namespace QKeychain {
class Job;
}
class CredentialStore;

// Base of the credential store's jobs, in QtKeychain's shape: made by CredentialStore, configured,
// start(), exactly one finished(), then error()/errorString(). start() never finishes inside the
// call. Like QtKeychain jobs they delete themselves after finished() unless setAutoDelete(false).
// If the store is destroyed first, a running job finishes with KeychainFailed.
class CredentialStoreJob : public QObject
{
    Q_OBJECT
public:
    enum class Error {
        NoError,
        NotFound,        // no such id in the index, or the keychain has no entry for it
        NoKeychain,      // no keychain service (on Linux: no Secret Service on the session bus)
        AccessDenied,    // locked, or the user refused
        Timeout,         // the keychain did not answer within CredentialStore::timeout()
        KeychainFailed,  // any other keychain failure
        InvalidInput,    // e.g. a record without a protection space
        IndexNotWritten, // the index file could not be written (disk full, no permission)
    };
    Q_ENUM(Error)

    ~CredentialStoreJob() override;

    void start();
    bool isFinished() const { return m_finished; }
    Error error() const { return m_error; }
    // Says what went wrong and what to do next; never contains a secret.
    QString errorString() const { return m_errorString; }
    // The keychain itself could not be used (missing, locked, refused, silent, failed): the cases
    // where the user may go on with session-only memory.
    bool isKeychainUnavailable() const { return isKeychainUnavailable(m_error); }
    static bool isKeychainUnavailable(Error error);
    // The outcome as a Status for the CLI's exit code and the GUI's messages.
    Status status() const;

    bool autoDelete() const { return m_autoDelete; }
    void setAutoDelete(bool autoDelete) { m_autoDelete = autoDelete; }

    static QString messageFor(Error error, int timeoutMs);

signals:
    void finished(CredentialStoreJob *job);

protected:
    explicit CredentialStoreJob(CredentialStore *store);

    virtual void run() = 0;
    void finish(Error error, const QString &message = QString());
    // The index file could not be written: says which file and what the keychain now holds.
    void finishIndexNotWritten(const QString &consequence);
    // Runs a QtKeychain job with the store's timeout and plaintext fallback off; done() is called
    // once with our error (NoError, or mapped from the keychain's), unless the timeout finished
    // this job first.
    void runKeychain(QKeychain::Job *job, std::function<void(QKeychain::Job *, Error)> done);

    QPointer<CredentialStore> m_store;

private:
    Error mapKeychainError(const QKeychain::Job *job, QString *message) const;

    QTimer m_timeout;
    QPointer<QKeychain::Job> m_keychainJob;
    Error m_error = Error::NoError;
    QString m_errorString;
    bool m_started = false;
    bool m_finished = false;
    bool m_autoDelete = true;
};
