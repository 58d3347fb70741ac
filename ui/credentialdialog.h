#pragma once

#include "auth/credentialprovider.h"

#include <QDialog>

class InsecureBanner;
class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class SecretLineEdit;

// Asks the user for the credentials one challenge needs. Names who asks (server or proxy, its
// origin), the realm, the scheme (Digest's algorithm and qop), whether the connection is
// encrypted (a red warning when not), which attempt this is and who was rejected, and the
// engine's notes. Fields: user and password, or a token for Bearer. The secret is masked unless
// the user presses the eye, and the field is emptied when the dialog closes: after accept() the
// typed credential is held by the dialog until takeCredential().
class CredentialDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CredentialDialog(const CredentialRequest &request, QWidget *parent = nullptr);
    ~CredentialDialog() override;

    const CredentialRequest &request() const { return m_request; }
    // The engine's limit on rejections (RequestOptions::maxAuthAttempts), for "Attempt 2 of 3";
    // 0 when unknown.
    void setMaxAttempts(int maxAttempts);
    bool isTokenMode() const;

    // Valid after the dialog was accepted; empty otherwise. The caller wipes it when done.
    Credential takeCredential();

    // "Digest · SHA-256 · qop auth", "Basic", "Bearer · scope read".
    static QString schemeDescription(const Challenge &challenge);

    QLabel *headlineLabel() const { return m_headline; }
    QLabel *realmLabel() const { return m_realm; }
    QLabel *schemeLabel() const { return m_scheme; }
    QLabel *connectionLabel() const { return m_connection; }
    QLabel *attemptLabel() const { return m_attempt; }
    QLabel *notesLabel() const { return m_notes; }
    InsecureBanner *unencryptedWarning() const { return m_warning; }
    QLineEdit *userField() const { return m_user; }
    SecretLineEdit *passwordField() const { return m_password; }
    SecretLineEdit *tokenField() const { return m_token; }
    QPushButton *sendButton() const { return m_send; }
    // "Remember in keychain" (or "for this session" without a keychain, or "Update the stored
    // ..." after a stored credential was refused); null when the request cannot be remembered.
    QCheckBox *rememberBox() const { return m_remember; }
    bool rememberRequested() const;
    // Why the typed token cannot be sent (empty when it can).
    QString tokenProblem() const;

public slots:
    void done(int result) override;

private:
    void updateAttempt();
    void updateSendButton();

    CredentialRequest m_request;
    Credential m_credential;
    int m_maxAttempts = 0;

    QLabel *m_headline;
    QLabel *m_url;
    QLabel *m_attempt;
    InsecureBanner *m_warning;
    QLabel *m_loopbackNote;
    QLabel *m_realm;
    QLabel *m_scheme;
    QLabel *m_connection;
    QLabel *m_notes;
    QLineEdit *m_user = nullptr;
    SecretLineEdit *m_password = nullptr;
    SecretLineEdit *m_token = nullptr;
    QLabel *m_tokenProblem = nullptr;
    QCheckBox *m_remember = nullptr;
    QDialogButtonBox *m_buttons;
    QPushButton *m_send;
};
