#pragma once

#include "auth/credentialprovider.h"

#include <QObject>
#include <QPointer>

class CredentialDialog;
class QWidget;

// The GUI's CredentialProvider: each question becomes a DialogCredentialJob whose dialog is
// window-modal over the given window. Set on the window's HttpSession; the session does not own it.
class DialogCredentialProvider : public QObject, public CredentialProvider
{
    Q_OBJECT
public:
    // window is not owned; it may be null (dialogs are then application-modal).
    explicit DialogCredentialProvider(QWidget *window, QObject *parent = nullptr);

    CredentialJob *createJob(const CredentialRequest &request, QObject *parent) override;

    // The engine's limit on rejections of the exchange being sent, shown as "Attempt 2 of 3".
    // CredentialRequest does not carry it, so the window sets it before each send.
    void setMaxAttempts(int maxAttempts) { m_maxAttempts = maxAttempts; }
    int maxAttempts() const { return m_maxAttempts; }

signals:
    // A dialog is open and waits for the user (for status text, and for tests to answer it).
    void dialogOpened(CredentialDialog *dialog);
    // The dialog closed; the engine carries on.
    void dialogClosed();

private:
    QPointer<QWidget> m_window;
    int m_maxAttempts = 0;
};
