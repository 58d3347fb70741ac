#pragma once

#include "auth/credentialprovider.h"
#include "core/status.h"
#include "credentialrecord.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

class CredentialStore;
class CredentialStoreJob;

// The provider the GUI and the CLI give their sessions: answers a challenge from the credential
// store when it holds a credential for the protection space (and the preferred user, for -u USER),
// otherwise asks the front end's provider (dialog, terminal prompt) and offers to remember the
// answer. What the user asked to remember is saved only once the server accepted it; a stored
// credential the server rejected is not offered again in this run, and the question says so, so
// the user can replace it.
//
// If the keychain cannot be used the provider carries on without it and says why through
// keychainUnavailable(); the front end decides whether to switch the store to session-only memory.
class StoredCredentialProvider : public QObject, public CredentialProvider
{
    Q_OBJECT
public:
    // Neither the store nor the asker is owned; both must outlive the provider.
    StoredCredentialProvider(CredentialStore *store, CredentialProvider *asker, QObject *parent = nullptr);
    ~StoredCredentialProvider() override;

    // -u USER without a password: only that user's stored credential is used.
    void setPreferredUser(const QString &user) { m_preferredUser = user; }
    // --save: keep every credential a server accepts, not only those the user ticked.
    void setSaveAccepted(bool save) { m_saveAccepted = save; }

    CredentialJob *createJob(const CredentialRequest &request, QObject *parent) override;
    bool resolvesStoredIds() const override { return !m_store.isNull(); }
    void onVerdict(const CredentialVerdict &verdict) override;

    // Saves still running (the CLI waits for them before it exits).
    int pendingSaves() const { return m_runningSaves; }

    // After the keychain failed to answer a lookup, it is not asked again for this long, so every
    // challenge of a session does not wait for a keychain that is not there (default 60 s).
    void setKeychainRetryInterval(int ms) { m_retryIntervalMs = ms; }
    // Asks the keychain again at the next challenge (the user says it is back).
    void retryKeychain() { m_keychainDownUntil = QDeadlineTimer(); }

signals:
    // A credential was answered from the store.
    void used(const CredentialRecord &record);
    void saved(const CredentialRecord &record, bool updated);
    // A keychain call failed; message says which failure and what to do. saving: while saving.
    void keychainUnavailable(const QString &message, bool saving);
    // Failures other than an unavailable keychain (e.g. an index entry whose secret is gone).
    void problem(const QString &message);
    // A save failed for another reason than the keychain (the index file could not be written):
    // status carries the message and the code (FileError).
    void saveFailed(const Status &status);
    void savesFinished();

private:
    friend class StoredCredentialJob;
    using Key = QPair<ProtectionSpace, QString>; // space and user

    // Records the store may answer request with: the space's, the preferred user's, not refused.
    QList<CredentialRecord> candidatesFor(const CredentialRequest &request) const;
    CredentialRequest decorate(CredentialRequest request) const;
    void answeredFromStore(const CredentialRecord &record);
    void answeredByUser(const CredentialRequest &request, const Credential &credential, bool remember);
    void reportStoreFailure(const CredentialStoreJob *job, bool saving);
    void save(const ProtectionSpace &space, const Credential &credential);
    // After the store changed: a record the session answered with that is gone ends its session copy.
    void revokeDeleted();

    QPointer<CredentialStore> m_store;
    CredentialProvider *m_asker;
    QString m_preferredUser;
    bool m_saveAccepted = false;
    QHash<Key, QString> m_fromStore;       // answered from the store: the record id
    QSet<Key> m_toRemember;                 // the user asked to keep these once accepted
    QSet<QPair<QString, QString>> m_refusedIds; // (id, path): refused at that path in this run
    QHash<QPair<ProtectionSpace, QString>, QString> m_refusedUser; // (space, path) -> user refused there
    QHash<QString, Key> m_sessionCopies;    // record id -> what the session may remember of it
    QSet<Key> m_savedThisRun;
    int m_runningSaves = 0;
    int m_retryIntervalMs = 60000;
    QDeadlineTimer m_keychainDownUntil;     // expired (the default) while the keychain is thought usable
};
