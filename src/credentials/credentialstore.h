#pragma once

#include "credentialindex.h"

#include <QByteArray>
#include <QHash>
#include <QObject>

class QSettings;
class SaveCredentialStoreJob;
class LoadCredentialStoreJob;
class RemoveCredentialStoreJob;
class ForgetCredentialsJob;

// Stored credentials: secrets in the system keychain (QtKeychain, service "AuthScope", key = the
// record id, plaintext fallback off), the non-secret index in settings so listing never needs
// the keychain. The index changes only after the keychain confirmed the change.
//
// When the keychain is unavailable the user may switch to session-only mode: secrets are kept in
// this object's memory for the run (wiped on removal and destruction) and the index is kept in
// memory too, never written to settings. There is no plaintext fallback.
//
// The jobs returned are not started; connect to finished() and call start(). The settings object
// is not owned and must outlive the store.
class CredentialStore : public QObject
{
    Q_OBJECT
public:
    explicit CredentialStore(QSettings *settings, QObject *parent = nullptr);
    ~CredentialStore() override;

    static QString serviceName() { return QStringLiteral("AuthScope"); }
    // The index file the GUI and the CLI share ($XDG_CONFIG_HOME/AuthScope/credentials.ini on
    // Linux), so a credential saved by one is found by the other.
    static QString defaultIndexPath();

    // Re-reads the persistent index (not in session-only mode); emits changed() when another
    // process changed it. Cheap enough to call before every lookup.
    void reload();

    // The index of the current mode: settings-backed, or the in-memory one when session-only.
    const CredentialIndex &index() const { return m_sessionOnly ? m_sessionIndex : m_index; }

    bool isSessionOnly() const { return m_sessionOnly; }
    // Emits changed() when the mode changes: the listed index is another one.
    void setSessionOnly(bool sessionOnly);

    // How long a keychain call may take before the job gives up with Timeout (default 10 s).
    int timeout() const { return m_timeoutMs; }
    void setTimeout(int ms) { m_timeoutMs = ms; }

    // Saves the secret for the record. A record without id takes the id of the existing record
    // for the same space and user (an update), or a new one.
    SaveCredentialStoreJob *save(const CredentialRecord &record, const QByteArray &secret);
    LoadCredentialStoreJob *load(const QString &id);
    RemoveCredentialStoreJob *remove(const QString &id);
    // Removes every indexed secret from the keychain (not in session-only mode), then the index,
    // and wipes the session memory.
    ForgetCredentialsJob *forgetAll();
    // Notes in the index that a server refused the record's secret (no keychain call). False when
    // there is no such id or the index could not be written.
    bool markRefused(const QString &id, const QUrl &url);
    // The server accepted the record's secret where it had refused it: the mark goes.
    bool clearRefused(const QString &id);

    // Overwrites the bytes before release when this is the last copy; otherwise the last owner
    // does (fill() on a shared QByteArray would only wipe a fresh copy).
    static void wipe(QByteArray &secret);

signals:
    // A job changed the index (saved, used, removed, forgot), reload() found it changed, or the
    // session-only mode was switched.
    void changed();

private:
    friend class SaveCredentialStoreJob;
    friend class LoadCredentialStoreJob;
    friend class RemoveCredentialStoreJob;
    friend class ForgetCredentialsJob;

    // Marks (when valid) or clears the record's refusal; false without such a record, when
    // clearing a record that was not refused, or when the index cannot be written.
    bool setRefusal(const QString &id, const QDateTime &when, const QString &path);

    CredentialIndex &activeIndex() { return m_sessionOnly ? m_sessionIndex : m_index; }
    void setSessionSecret(const QString &id, const QByteArray &secret);
    void removeSessionSecret(const QString &id);
    void wipeSessionSecrets();

    CredentialIndex m_index;
    CredentialIndex m_sessionIndex;
    QHash<QString, QByteArray> m_sessionSecrets;
    bool m_sessionOnly = false;
    int m_timeoutMs = 10000;
};
