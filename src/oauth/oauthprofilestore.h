#pragma once

#include "oauthprofile.h"
#include "tokenset.h"

#include "core/status.h"

#include <QList>
#include <QObject>

class CredentialStore;

// OAuth profiles: the non-secret fields in a JSON index beside the credential index
// ($XDG_CONFIG_HOME/AuthScope/oauth-profiles.json), written atomically (QSaveFile) so a full disk
// loses nothing; the client secret and the TokenSet in the keychain (QtKeychain, the credential
// store's service, keys "oauth/<name>/client-secret" and "oauth/<name>/tokens"), no plaintext
// fallback. Follows the credential store's session-only mode: when the keychain is unavailable
// secrets are kept in this object's memory for the run, and the index too.
//
// Jobs are returned configured, not started: connect to OAuthStoreJob::finished, call start().
class OAuthStoreJob;

class OAuthProfileStore : public QObject
{
    Q_OBJECT
public:
    // credentials: its session-only mode and keychain timeout are followed. Not owned.
    explicit OAuthProfileStore(CredentialStore *credentials, const QString &indexPath = defaultIndexPath(),
                               QObject *parent = nullptr);
    ~OAuthProfileStore() override;

    static QString defaultIndexPath();

    // Re-reads the index (another process may have added or removed a profile); emits changed().
    // False with error when the file cannot be parsed (the file is left as it is).
    bool reload(QString *error = nullptr);
    QList<OAuthProfile> profiles() const;
    std::optional<OAuthProfile> profile(const QString &name) const;
    bool isSessionOnly() const;

    // Adds or replaces the profile; clientSecret empty keeps the stored one (if any).
    OAuthStoreJob *saveProfile(const OAuthProfile &profile, const QByteArray &clientSecret = QByteArray());
    // Reads the client secret and the tokens (either may be absent: not an error).
    OAuthStoreJob *loadSecrets(const QString &name);
    // Writes the tokens. The previous entry is replaced only once the keychain confirmed the
    // write, so a failed write leaves the old pair where it was.
    OAuthStoreJob *storeTokens(const QString &name, const TokenSet &tokens);
    // Removes the tokens only (after a revocation).
    OAuthStoreJob *clearTokens(const QString &name);
    // Removes the profile and its secrets.
    OAuthStoreJob *removeProfile(const QString &name);

signals:
    void changed();

private:
    friend class OAuthStoreJob;
    struct Private;
    std::unique_ptr<Private> d;
};

// Job shape: start(), exactly one finished(); start() never finishes inside the call.
class OAuthStoreJob : public QObject
{
    Q_OBJECT
public:
    ~OAuthStoreJob() override;
    void start();
    Status status() const { return m_status; }
    // loadSecrets: what was found. The caller wipes what it takes.
    QByteArray clientSecret() const { return m_clientSecret; }
    TokenSet tokens() const { return m_tokens; }

signals:
    void finished();

private:
    friend class OAuthProfileStore;
    explicit OAuthStoreJob(QObject *parent);
    Status m_status;
    QByteArray m_clientSecret;
    TokenSet m_tokens;
    std::function<void(OAuthStoreJob *)> m_run;
    // set by the store; the implementation fills m_status/m_clientSecret/m_tokens and emits finished()
public:
    void setRun(std::function<void(OAuthStoreJob *)> run) { m_run = std::move(run); }
    void complete(const Status &status) { m_status = status; emit finished(); }
    void setSecrets(const QByteArray &clientSecret, const TokenSet &tokens) { m_clientSecret = clientSecret; m_tokens = tokens; }
};
