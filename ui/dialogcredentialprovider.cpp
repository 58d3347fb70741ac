#include "dialogcredentialprovider.h"

#include "credentialdialog.h"
#include "dialogcredentialjob.h"

#include <QWidget>

DialogCredentialProvider::DialogCredentialProvider(QWidget *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
{
}

CredentialJob *DialogCredentialProvider::createJob(const CredentialRequest &request, QObject *parent)
{
    auto *job = new DialogCredentialJob(request, m_window, m_maxAttempts, parent);
    connect(job, &DialogCredentialJob::dialogOpened, this, &DialogCredentialProvider::dialogOpened);
    connect(job, &CredentialJob::finished, this, &DialogCredentialProvider::dialogClosed);
    return job;
}
