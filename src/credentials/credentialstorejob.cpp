#include "credentialstorejob.h"

#include "credentialstore.h"

#include <qt6keychain/keychain.h>

CredentialStoreJob::CredentialStoreJob(CredentialStore *store)
    : m_store(store)
{
    m_timeout.setSingleShot(true);
}

CredentialStoreJob::~CredentialStoreJob()
{
    // A keychain job still running deletes itself when it answers; it must not call back into us.
    if (m_keychainJob)
        m_keychainJob->disconnect(this);
}

void CredentialStoreJob::start()
{
    if (m_started)
        return;
    m_started = true;
    // Queued, so a caller that connects after start() still sees finished().
    QMetaObject::invokeMethod(this, [this] {
        if (!m_store) {
            finish(Error::KeychainFailed, QStringLiteral("The credential store was closed before the job ran."));
            return;
        }
        run();
    }, Qt::QueuedConnection);
}

void CredentialStoreJob::finish(Error error, const QString &message)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout.stop();
    m_error = error;
    m_errorString = message.isEmpty() && error != Error::NoError
        ? messageFor(error, m_store ? m_store->timeout() : 0)
        : message;
    // Listeners of the store see the change before whoever waits for this job goes on.
    if (m_store && error == Error::NoError)
        emit m_store->changed();
    emit finished(this);
    if (m_autoDelete)
        deleteLater();
}

void CredentialStoreJob::finishIndexNotWritten(const QString &consequence)
{
    const QString file = m_store ? m_store->index().location() : QString();
    finish(Error::IndexNotWritten,
           QStringLiteral("The list of stored credentials (%1) could not be written: the disk may be full or the file "
                          "read-only. %2 Free some space or fix the permissions, then try again.")
                   .arg(file, consequence));
}

bool CredentialStoreJob::isKeychainUnavailable(Error error)
{
    return error == Error::NoKeychain || error == Error::AccessDenied || error == Error::Timeout
        || error == Error::KeychainFailed;
}

Status CredentialStoreJob::status() const
{
    switch (m_error) {
    case Error::NoError:
        return Status::ok();
    case Error::NotFound:
        return Status(Status::Code::NotFound, m_errorString);
    case Error::InvalidInput:
        return Status(Status::Code::InvalidInput, m_errorString);
    case Error::IndexNotWritten:
        return Status(Status::Code::FileError, m_errorString);
    case Error::NoKeychain:
    case Error::AccessDenied:
    case Error::Timeout:
    case Error::KeychainFailed:
        break;
    }
    return Status(Status::Code::KeychainError, m_errorString);
}

QString CredentialStoreJob::messageFor(Error error, int timeoutMs)
{
    switch (error) {
    case Error::NoError:
        return QString();
    case Error::NotFound:
        return QStringLiteral("not found");
    case Error::NoKeychain:
        return QStringLiteral("No keychain service is running (on Linux: a Secret Service such as gnome-keyring "
                              "or KWallet). Continue with session-only memory, or start one and try again.");
    case Error::AccessDenied:
        return QStringLiteral("The keychain refused access (locked, or you denied it). Unlock it and try again, "
                              "or continue with session-only memory.");
    case Error::Timeout:
        return QStringLiteral("The keychain did not answer within %1 s (it may be waiting for you to unlock it). "
                              "Try again, or continue with session-only memory.")
            .arg(QString::number((timeoutMs + 999) / 1000));
    case Error::KeychainFailed:
        return QStringLiteral("The keychain failed. Try again, or continue with session-only memory.");
    case Error::InvalidInput:
        return QStringLiteral("The credential has no protection space (scheme and origin).");
    case Error::IndexNotWritten:
        return QStringLiteral("The list of stored credentials could not be written (disk full, or no permission).");
    }
    return QString();
}

void CredentialStoreJob::runKeychain(QKeychain::Job *job, std::function<void(QKeychain::Job *, Error)> done)
{
    // Never let QtKeychain write a secret to a plaintext settings file.
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    m_keychainJob = job;
    connect(job, &QKeychain::Job::finished, this, [this, done](QKeychain::Job *kj) {
        m_keychainJob = nullptr;
        if (m_finished)
            return;
        m_timeout.stop();
        QString message;
        const Error error = mapKeychainError(kj, &message);
        if (error != Error::NoError && error != Error::NotFound) {
            finish(error, message);
            return;
        }
        done(kj, error);
    });
    m_timeout.disconnect();
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (m_keychainJob)
            m_keychainJob->disconnect(this);
        m_keychainJob = nullptr;
        finish(Error::Timeout);
    });
    m_timeout.start(m_store->timeout());
    job->start();
}

CredentialStoreJob::Error CredentialStoreJob::mapKeychainError(const QKeychain::Job *job, QString *message) const
{
    switch (job->error()) {
    case QKeychain::NoError:
        return Error::NoError;
    case QKeychain::EntryNotFound:
        return Error::NotFound;
    case QKeychain::NoBackendAvailable:
        return Error::NoKeychain;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return Error::AccessDenied;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        break;
    }
    // libsecret reports a missing Secret Service as a plain D-Bus error, which QtKeychain passes
    // on as OtherError; recognise it so the user gets the "start a keychain" advice.
    const QString detail = job->errorString();
    // No session bus at all (a console login, a container): libdbus cannot autolaunch one.
    if (detail.contains(QLatin1String("autolaunch"), Qt::CaseInsensitive)
        || detail.contains(QLatin1String("DBUS_SESSION_BUS_ADDRESS"))) {
        *message = QStringLiteral("No D-Bus session bus is running, so no keychain can be reached (on Linux the "
                                  "Secret Service, e.g. gnome-keyring, lives on the session bus of a desktop login; "
                                  "in a console or a container, start one with dbus-run-session). Continue with session-only memory, or "
                                  "start one and try again.");
        return Error::NoKeychain;
    }
    if (detail.contains(QLatin1String("org.freedesktop.secrets"))
        || detail.contains(QLatin1String("ServiceUnknown"))
        || detail.contains(QLatin1String("not provided by any .service files"))) {
        return Error::NoKeychain;
    }
    *message = messageFor(Error::KeychainFailed, 0);
    if (!detail.isEmpty())
        *message = QStringLiteral("The keychain failed (%1). Try again, or continue with session-only memory.")
                       .arg(detail);
    return Error::KeychainFailed;
}
