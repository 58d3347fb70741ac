#pragma once

#include "auth/credentialprovider.h"

#include <QPointer>

class CredentialDialog;
class QWidget;

// One question to the user: opens a CredentialDialog window-modal over the given window (open(),
// never exec(): the event loop keeps running other windows and the exchange's timers) and
// finishes with what was typed, or without a credential "cancelled by the user". Deleting the
// job while the dialog is open (the exchange was cancelled) closes the dialog.
class DialogCredentialJob : public CredentialJob
{
    Q_OBJECT
public:
    // window may be null (an application-modal dialog); it is not owned.
    DialogCredentialJob(const CredentialRequest &request, QWidget *window, int maxAttempts, QObject *parent = nullptr);
    ~DialogCredentialJob() override;

    // The open dialog, null before run() and after it closed.
    CredentialDialog *dialog() const { return m_dialog; }

signals:
    void dialogOpened(CredentialDialog *dialog);

protected:
    void run() override;

private:
    void onDialogFinished(int result);

    QPointer<QWidget> m_window;
    QPointer<CredentialDialog> m_dialog;
    int m_maxAttempts;
};
