#pragma once

#include "oauth/oauthprofile.h"

#include <QByteArray>
#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class SecretLineEdit;

// Adds an OAuth profile or edits one: the same fields as `oauth add`, checked by
// OAuthProfile::validate() (one rule for the GUI and the CLI). It only collects: Save emits
// saveRequested() and the opener runs the store's job, keeps the dialog busy meanwhile and closes
// it (accept()) or shows the failure (showError()), so nothing typed is lost. The client secret is
// masked, goes to the keychain only, and is wiped when the dialog closes; editing with an empty
// secret keeps the stored one. The password grant is offered only beside a "deprecated" label.
class OAuthProfileDialog : public QDialog
{
    Q_OBJECT
public:
    // existing: the profile to edit; none: adding (existingNames are refused as names).
    explicit OAuthProfileDialog(const QStringList &existingNames, QWidget *parent = nullptr);
    OAuthProfileDialog(const OAuthProfile &existing, QWidget *parent = nullptr);
    ~OAuthProfileDialog() override;

    bool isEditing() const { return m_editing; }
    // What the fields say (valid after saveRequested()).
    OAuthProfile profile() const;
    // What was typed; empty means "keep the stored secret" when editing, none when adding.
    QByteArray clientSecret() const;

    void setBusy(bool busy);
    void showError(const QString &message);
    QString errorText() const;

    QLineEdit *nameField() const { return m_name; }
    QComboBox *grantSelector() const { return m_grant; }
    QLineEdit *issuerField() const { return m_issuer; }
    QLineEdit *tokenUrlField() const { return m_tokenUrl; }
    QLineEdit *clientIdField() const { return m_clientId; }
    QComboBox *clientAuthSelector() const { return m_clientAuth; }
    SecretLineEdit *clientSecretField() const { return m_secret; }
    QLineEdit *scopeField() const { return m_scope; }
    QLabel *deprecatedLabel() const { return m_deprecated; }
    QPushButton *saveButton() const { return m_save; }

signals:
    void saveRequested();

public slots:
    void done(int result) override;

private:
    void build();
    void fill(const OAuthProfile &profile);
    void updateState();
    void trySave();

    bool m_editing = false;
    QStringList m_existingNames;
    OAuthProfile m_existing;
    QLineEdit *m_name = nullptr;
    QComboBox *m_grant = nullptr;
    QLabel *m_deprecated = nullptr;
    QLineEdit *m_issuer = nullptr;
    QLineEdit *m_tokenUrl = nullptr;
    QLineEdit *m_authorizationUrl = nullptr;
    QLineEdit *m_deviceUrl = nullptr;
    QLineEdit *m_revocationUrl = nullptr;
    QLineEdit *m_clientId = nullptr;
    QComboBox *m_clientAuth = nullptr;
    SecretLineEdit *m_secret = nullptr;
    QLineEdit *m_scope = nullptr;
    QLineEdit *m_resource = nullptr;
    QLineEdit *m_audience = nullptr;
    QLineEdit *m_redirectUri = nullptr;
    QLabel *m_problem = nullptr;
    QPushButton *m_save = nullptr;
    bool m_busy = false;
};
