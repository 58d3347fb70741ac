#pragma once

#include "oauthprofile.h"
#include "oauthstorejob.h"
#include "tokenset.h"

#include "core/status.h"

#include <QList>
#include <QObject>

#include <memory>
#include <optional>

class CredentialStore;

// OAuth profiles: the non-secret fields in a JSON index beside the credential index
// ($XDG_CONFIG_HOME/AuthScope/oauth-profiles.json), written atomically (QSaveFile) so a full disk
// loses nothing; the client secret and the TokenSet in the keychain (QtKeychain, the credential
// store's service, keys "oauth/<name>/client-secret" and "oauth/<name>/tokens"), no plaintext
// fallback. Follows the credential store's session-only mode: when the keychain is unavailable
// secrets are kept in this object's memory for the run, and the index too.
//
// Jobs are returned configured, not started: connect to OAuthStoreJob::finished, call start().
// They delete themselves after finished() (OAuthStoreJob::setAutoDelete(false) keeps them).

class OAuthProfileStore : public QObject
{
    Q_OBJECT
public:
    // credentials: its session-only mode and keychain timeout are followed. Not owned.
    explicit OAuthProfileStore(CredentialStore *credentials, const QString &indexPath = defaultIndexPath(),
                               QObject *parent = nullptr);
    ~OAuthProfileStore() override;

    static QString defaultIndexPath();

    // Re-reads the index (another process may have added or removed a profile); emits changed()
    // when it differs. False with error when the file cannot be parsed: the file is left as it
    // is and saves are refused until it reads again (they would overwrite it).
    bool reload(QString *error = nullptr);
    QList<OAuthProfile> profiles() const;
    std::optional<OAuthProfile> profile(const QString &name) const;
    bool isSessionOnly() const;

    // Adds or replaces the profile (validated: InvalidInput); clientSecret empty keeps the stored
    // one; a new profile with client authentication basic/post needs one. The secret is written
    // before the index, and taken out again if a new profile's index entry cannot be written.
    OAuthStoreJob *saveProfile(const OAuthProfile &profile, const QByteArray &clientSecret = QByteArray());
    // Reads the client secret and the tokens (either may be absent: not an error).
    OAuthStoreJob *loadSecrets(const QString &name);
    // Writes the tokens. The previous entry is replaced only once the keychain confirmed the
    // write, so a failed write leaves the old pair where it was.
    OAuthStoreJob *storeTokens(const QString &name, const TokenSet &tokens);
    // Removes the tokens only (after a revocation). Not an error when there were none.
    OAuthStoreJob *clearTokens(const QString &name);
    // Removes the profile and its secrets.
    OAuthStoreJob *removeProfile(const QString &name);

    // The keychain key of one of a profile's secrets ("oauth/<name>/tokens").
    static QString keychainKey(const QString &name, const QString &part);

signals:
    // The list of profiles changed (saved, removed, or found changed by reload()).
    void changed();

private:
    friend class OAuthStoreJob;
    OAuthStoreJob *makeJob(OAuthStoreJob::Operation operation, const QString &name);
    // The index of the current mode (the file's, or the session's copy); changes write through.
    bool indexReadable(QString *error) const;
    bool putProfile(const OAuthProfile &profile, QString *error);
    bool dropProfile(const QString &name, QString *error);
    void setSessionSecret(const QString &key, const QByteArray &secret);
    std::optional<QByteArray> sessionSecret(const QString &key) const;
    void removeSessionSecret(const QString &key);

    struct Private;
    std::unique_ptr<Private> d;
};
