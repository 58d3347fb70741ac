#pragma once

#include "auth/credential.h"
#include "auth/schemeregistry.h"
#include "credentials/credentialrecordvalidator.h"
#include "http/httprequest.h"

#include <QPointer>
#include <QWidget>

class CredentialStore;
class OAuthProfileStore;
class QCheckBox;
class QComboBox;
class QFormLayout;
class QToolButton;
class QLabel;
class QLineEdit;
class QSpinBox;
class SecretLineEdit;

// The request editor's Auth tab: which scheme to answer (Any picks the strongest offered), user
// and password for Basic/Digest, a bearer token, an API key (header or query) and how many
// rejections to accept before giving up. What is typed lives only in these fields and in the
// HttpRequest they fill: it is never written to the settings. With a credential store, the
// request may instead refer to a stored credential by its id (the secret is read when sending).
class AuthEditor : public QWidget
{
    Q_OBJECT
public:
    explicit AuthEditor(QWidget *parent = nullptr);

    // Fills request->credentials, options.authScheme and options.maxAuthAttempts. The token is
    // given only when the scheme is Any or Bearer, user and password only when it is not Bearer.
    void apply(HttpRequest *request) const;
    // What HttpRequest::validate() cannot see: an API key value typed without its name. False
    // with *error saying what to fix.
    bool check(QString *error) const;

    AuthPreference preference() const;
    void setPreference(AuthPreference preference);
    void setUser(const QString &user);
    // Lists the store's credentials in the "Stored credential" selector (not owned; may be null).
    void setCredentialStore(CredentialStore *store);
    // Offers "OAuth 2.0 profile" as a scheme, with the store's profiles (not owned; may be null).
    void setOAuthProfileStore(OAuthProfileStore *store);
    // The chosen OAuth profile's name; empty unless "OAuth 2.0 profile" is the scheme.
    QString oauthProfile() const;
    // Chooses "OAuth 2.0 profile" and the profile by name; false (nothing changed) when there is
    // no such profile. An empty name goes back to "Any".
    bool setOAuthProfile(const QString &name);
    // The id of the chosen stored credential; empty for "none" (the fields below apply).
    QString storedCredentialId() const;
    // Chooses a stored credential by id; false (and "none") when the store has no such id.
    bool setStoredCredentialId(const QString &id);
    // Empties the secret fields.
    void clearSecrets();
    // Fills the tab from credentials and the options it shows (scheme, rejections accepted): what
    // apply() gives back. A named OAuth profile must be the store's or a session one.
    void setCredentials(const RequestCredentials &credentials, const RequestOptions &options);
    // Offers an OAuth profile the store does not hold (an ad-hoc one, kept by the token broker for
    // this session only) in the profile selector, marked as such.
    void addSessionOAuthProfile(const QString &name);
    // "password, token" — what is filled in, for the tab title; empty when nothing is.
    QString summary() const;

    QComboBox *schemeSelector() const { return m_scheme; }
    QComboBox *storedSelector() const { return m_stored; }
    QComboBox *oauthProfileSelector() const { return m_oauthProfile; }
    QLabel *oauthProfilesLink() const { return m_oauthLink; }
    // "Ask me when challenged": the request answers with what is typed in the dialog, not with
    // what the session or the keychain remember (RequestCredentials::askUser).
    QCheckBox *askUserBox() const { return m_askUser; }
    // "Store in keychain": a menu with what is typed (password of USER, token, API key NAME).
    QToolButton *storeButton() const { return m_storeButton; }
    // What is typed for kind, as a credential to store (user, secret, API key name); the caller
    // wipes it. Empty when nothing of that kind is typed, or when typedProblem() is not None.
    Credential typedCredential(Credential::Kind kind) const;
    // The record to store what is typed for kind under, without its origin (the request URL's,
    // which the caller adds): the kind's usual scheme, Digest for a password when only Digest is
    // answered; the user, or the API key's name.
    CredentialRecord typedRecord(Credential::Kind kind) const;
    // Why what is typed for kind cannot be stored (CredentialRecordValidator's rules but the
    // origin's); None when it can. The store menu shows such an entry disabled, with the reason.
    CredentialRecordValidator::Problem typedProblem(Credential::Kind kind) const;
    QLineEdit *userField() const { return m_user; }
    SecretLineEdit *passwordField() const { return m_password; }
    SecretLineEdit *tokenField() const { return m_token; }
    QLineEdit *apiKeyNameField() const { return m_apiKeyName; }
    SecretLineEdit *apiKeyValueField() const { return m_apiKeyValue; }
    QComboBox *apiKeyPlacementSelector() const { return m_apiKeyPlacement; }
    QSpinBox *maxAttemptsField() const { return m_maxAttempts; }

signals:
    void changed();
    // The user chose to keep what is typed for kind in the keychain (MainWindow saves it, then
    // points the request at the stored credential with setStoredCredentialId()).
    void storeRequested(Credential::Kind kind);
    // The user followed "Manage OAuth profiles…".
    void oauthProfilesRequested();

private:
    void updateState();
    void reloadStored();
    void reloadOAuthProfiles();
    bool usesOAuth() const;
    void updateStoreMenu();
    // typedCredential() before the rules are applied.
    Credential typedAsIs(Credential::Kind kind) const;

    QComboBox *m_scheme;
    QFormLayout *m_form = nullptr;
    QLabel *m_schemeHint;
    QComboBox *m_stored;
    QLabel *m_storedLabel;
    QPointer<CredentialStore> m_store;
    QPointer<OAuthProfileStore> m_oauthStore;
    QComboBox *m_oauthProfile;
    QStringList m_sessionProfiles;
    QLabel *m_oauthLabel;
    QLabel *m_oauthLink;
    QToolButton *m_storeButton;
    QLineEdit *m_user;
    SecretLineEdit *m_password;
    SecretLineEdit *m_token;
    QLineEdit *m_apiKeyName;
    SecretLineEdit *m_apiKeyValue;
    QComboBox *m_apiKeyPlacement;
    QSpinBox *m_maxAttempts;
    QCheckBox *m_askUser;
};
