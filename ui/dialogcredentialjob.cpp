#include "dialogcredentialjob.h"

#include "credentialdialog.h"

DialogCredentialJob::DialogCredentialJob(const CredentialRequest &request, QWidget *window, int maxAttempts,
                                         QObject *parent)
    : CredentialJob(request, parent)
    , m_window(window)
    , m_maxAttempts(maxAttempts)
{
}

DialogCredentialJob::~DialogCredentialJob()
{
    if (m_dialog) {
        // No finished() from here: whoever deletes the job no longer waits for it.
        m_dialog->disconnect(this);
        m_dialog->reject();
        delete m_dialog;
    }
}

void DialogCredentialJob::run()
{
    m_dialog = new CredentialDialog(request(), m_window);
    m_dialog->setMaxAttempts(m_maxAttempts);
    connect(m_dialog, &QDialog::finished, this, &DialogCredentialJob::onDialogFinished);
    m_dialog->open();
    emit dialogOpened(m_dialog);
}

void DialogCredentialJob::onDialogFinished(int result)
{
    CredentialDialog *dialog = m_dialog;
    m_dialog = nullptr;
    dialog->deleteLater();
    if (result == QDialog::Accepted) {
        Credential credential = dialog->takeCredential();
        setRememberRequested(dialog->rememberRequested());
        finishWith(credential);
        credential.wipe();
    } else {
        finishWithout(QStringLiteral("cancelled by the user"));
    }
}
