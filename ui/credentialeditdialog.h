#pragma once

#include "credentials/credentialrecord.h"
#include "credentials/credentialrecordvalidator.h"

#include <QByteArray>
#include <QDialog>
#include <QUrl>

class CredentialStore;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class SecretLineEdit;

// Adds one credential by hand, or edits a stored one. It only collects and checks the fields:
// pressing Save emits saveRequested() and whoever opened the dialog runs the store job, keeps
// the dialog busy meanwhile and closes it (accept()) or reports the failure (showError()), so a
// keychain failure does not throw away what was typed.
//
// Adding: scheme, origin (any URL; stored as its origin), realm, proxy, user, kind, label, secret.
// Editing: the protection space and kind are fixed; user, label and secret can change, an empty
// secret keeps the stored one, and the record keeps its id (the keychain key).
// The secret field is wiped whenever the dialog closes. The store is not owned.
class CredentialEditDialog : public QDialog
{
    Q_OBJECT
public:
    // Adding a new credential.
    explicit CredentialEditDialog(const CredentialStore *store, QWidget *parent = nullptr);
    // Editing the stored record.
    CredentialEditDialog(const CredentialStore *store, const CredentialRecord &existing, QWidget *parent = nullptr);
    ~CredentialEditDialog() override;

    bool isEditing() const { return !m_existing.id.isEmpty(); }
    // The record to save (id set when editing); valid after saveRequested().
    CredentialRecord record() const;
    // What was typed (UTF-8); empty when editing means "keep the stored secret".
    QByteArray secret() const;
    bool keepsStoredSecret() const { return isEditing() && secret().isEmpty(); }

    // While the store works: fields and Save disabled, the problem line cleared.
    void setBusy(bool busy);
    // Shown inline under the fields (a job's errorString(), or a check that failed).
    void showError(const QString &message);
    QString errorText() const;
    // Which of CredentialRecordValidator's rules refused the last Save; None when none did (it
    // was saved, or refused as a duplicate of a stored record).
    CredentialRecordValidator::Problem refusedFor() const { return m_refusedFor; }

    // "https://host:443" for an http(s) URL with a host; empty and *problem set otherwise.
    static QString originFromInput(const QString &text, QString *problem);

signals:
    void saveRequested();

public slots:
    void done(int result) override;

private:
    void build();
    void schemeChanged();
    void updatePreview();
    bool check(QString *problem, CredentialRecordValidator::Problem *code = nullptr) const;
    void trySave();

    const CredentialStore *m_store;
    CredentialRecord m_existing;
    QComboBox *m_scheme = nullptr;
    QLineEdit *m_origin = nullptr;
    QLabel *m_originPreview = nullptr;
    QLineEdit *m_realm = nullptr;
    QCheckBox *m_proxy = nullptr;
    QLineEdit *m_user = nullptr;
    QComboBox *m_kind = nullptr;
    QLineEdit *m_label = nullptr;
    SecretLineEdit *m_secret = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    bool m_busy = false;
    CredentialRecordValidator::Problem m_refusedFor = CredentialRecordValidator::Problem::None;
};
