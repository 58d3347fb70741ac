#pragma once

#include "credentials/credentialrecord.h"

#include <QDialog>
#include <QPointer>

#include <functional>
#include <optional>

class CredentialEditDialog;
class CredentialListModel;
class CredentialStore;
class CredentialStoreJob;
class QFrame;
class RevealPolicy;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class SecretLineEdit;

// The "Credentials" manager: lists what the store's index holds (never a secret), filters it
// live, and adds, edits, reveals, deletes and forgets credentials through the store's jobs.
//
// Non-modal and never blocking: every keychain call is a job; while one runs the actions are
// disabled. One secret at most is on screen, and only after Reveal; it is wiped when the
// selection changes, the list changes under it, or the window hides. Revealing does not count
// as a use. A failed job's message shows at the top; when the keychain itself is unavailable it
// offers session-only memory. In a window with a RevealPolicy, Reveal starts that policy's
// reveal and the secret goes when it ends; in presenter mode Reveal is refused with a message.
// The store is not owned and must outlive the window.
class CredentialsWindow : public QDialog
{
    Q_OBJECT
public:
    // Asked before Delete and Forget all; calls proceed() only if the user says yes, now or later.
    // The default opens a question box without a nested event loop; tests answer at once.
    using Confirmer = std::function<void(const QString &question, std::function<void()> proceed)>;

    explicit CredentialsWindow(CredentialStore *store, QWidget *parent = nullptr);
    ~CredentialsWindow() override;

    void setConfirmer(Confirmer confirmer) { m_confirm = std::move(confirmer); }
    // A store job runs (the actions are disabled).
    bool isBusy() const { return !m_job.isNull(); }
    // The id whose secret is on screen; empty when none is.
    QString revealedId() const { return m_revealedId; }

public slots:
    void addCredential();
    void editSelected();
    void revealSelected();
    void hideSecret();
    void deleteSelected();
    void forgetAll();
    void reloadStore();
    void useSessionOnlyMemory();

protected:
    void hideEvent(QHideEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    std::optional<CredentialRecord> selectedRecord() const;
    void selectId(const QString &id);
    void openEditor(CredentialEditDialog *dialog);
    void saveFromEditor(CredentialEditDialog *dialog);
    void saveWithSecret(QPointer<CredentialEditDialog> dialog, const CredentialRecord &record, QByteArray secret);
    // Runs the job as the one current job; done() sees it finished, whatever the outcome.
    void run(CredentialStoreJob *job, std::function<void(CredentialStoreJob *)> done);
    void showFailure(const QString &what, const CredentialStoreJob *job);
    void showMessage(const QString &text, bool offerSessionOnly);
    void clearMessage();
    void storeChanged();
    void updateActions();
    void fitColumns();
    // The window's RevealPolicy (null when shown on its own), followed from the first reveal on.
    RevealPolicy *followRevealPolicy();

    CredentialStore *m_store;
    CredentialListModel *m_model;
    Confirmer m_confirm;
    QPointer<CredentialStoreJob> m_job;
    QPointer<CredentialEditDialog> m_editor;
    QPointer<RevealPolicy> m_policy;
    QString m_revealedId;
    QString m_selectedBeforeReset;

    QFrame *m_message;
    QLabel *m_messageText;
    QPushButton *m_useSessionOnly;
    QLabel *m_sessionNote;
    QLineEdit *m_search;
    QTableView *m_table;
    QLabel *m_emptyNote;
    QFrame *m_revealPanel;
    QLabel *m_revealTitle;
    SecretLineEdit *m_revealed;
    QLabel *m_summary;
    QPushButton *m_add;
    QPushButton *m_edit;
    QPushButton *m_reveal;
    QPushButton *m_delete;
    QPushButton *m_forgetAll;
    QPushButton *m_reload;
};
