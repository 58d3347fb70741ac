#pragma once

#include "oauthprofile.h"
#include "tokenset.h"

#include "credentials/credentialstorejob.h"

#include <QPointer>

class OAuthProfileStore;

// One operation of OAuthProfileStore on the keychain and the profile index, in the credential
// store's job shape (it is a CredentialStoreJob: same keychain timeout, plaintext fallback off,
// same error mapping and advice): start(), exactly one finished(), never inside start(); deletes
// itself after finished() unless setAutoDelete(false). Made by OAuthProfileStore only.
class OAuthStoreJob : public CredentialStoreJob
{
    Q_OBJECT
public:
    enum class Operation { SaveProfile, LoadSecrets, StoreTokens, ClearTokens, RemoveProfile };

    ~OAuthStoreJob() override;

    Operation operation() const { return m_operation; }
    QString profileName() const { return m_name; }
    // The outcome: CredentialStoreJob's, with oauth-profile-not-found when there is no such
    // profile and keychain-unavailable when the keychain could not be used.
    Status status() const;
    // loadSecrets: what was found (either may be absent). Copies; the caller wipes what it takes.
    QByteArray clientSecret() const { return m_clientSecret; }
    TokenSet tokens() const { return m_tokens; }

protected:
    void run() override;

private:
    friend class OAuthProfileStore;
    OAuthStoreJob(OAuthProfileStore *profiles, CredentialStore *credentials, Operation operation, const QString &name);

    void saveProfile();
    void writeIndex(bool secretWritten);
    void loadSecrets();
    void storeTokens();
    void clearTokens();
    void removeProfile();

    // One keychain entry of the profile: the session memory in session-only mode, else QtKeychain.
    // done runs unless the job finished (a keychain failure finishes it).
    void writeEntry(const QString &part, const QByteArray &data, std::function<void()> done);
    void readEntry(const QString &part, std::function<void(const QByteArray &data, bool found)> done);
    void deleteEntry(const QString &part, std::function<void()> done);

    bool requireProfile();

    QPointer<OAuthProfileStore> m_profiles;
    Operation m_operation;
    QString m_name;
    OAuthProfile m_profile;       // SaveProfile
    QByteArray m_clientSecret;    // SaveProfile (in), LoadSecrets (out)
    TokenSet m_tokens;            // StoreTokens (in), LoadSecrets (out)
    bool m_profileMissing = false;
};
