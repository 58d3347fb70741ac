#include "guisigninprompter.h"

#include "oauth/browserlauncher.h"
#include "signindialog.h"

#include <QDesktopServices>
#include <QFileInfo>
#include <QWidget>

GuiSignInPrompter::GuiSignInPrompter(QWidget *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
{
}

GuiSignInPrompter::~GuiSignInPrompter()
{
    for (const QPointer<SignInDialog> &dialog : std::as_const(m_dialogs)) {
        if (dialog)
            dialog->deleteLater();
    }
}

SignInDialog *GuiSignInPrompter::dialog(const QString &profile) const
{
    return m_dialogs.value(profile);
}

SignInDialog *GuiSignInPrompter::dialogFor(const QString &profile)
{
    QPointer<SignInDialog> &dialog = m_dialogs[profile];
    if (!dialog) {
        dialog = new SignInDialog(profile, m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &SignInDialog::cancelRequested, this, &GuiSignInPrompter::cancelRequested);
    }
    return dialog;
}

void GuiSignInPrompter::openAuthorizationUrl(const QString &profile, const QUrl &url)
{
    const QString browser = qEnvironmentVariable("BROWSER");
    bool launched = false;
    QString launchedWith = tr("the system browser");
    if (!browser.trimmed().isEmpty()) {
        const QString started = BrowserLauncher::start(BrowserLauncher::commands(browser, url));
        launched = !started.isEmpty();
        launchedWith = launched ? QFileInfo(started).fileName() : tr("BROWSER=%1").arg(browser);
    } else {
        launched = QDesktopServices::openUrl(url);
    }
    SignInDialog *shown = dialogFor(profile);
    shown->showBrowserWait(url, launchedWith, launched);
    shown->show();
    emit dialogShown(shown);
}

void GuiSignInPrompter::showDeviceCode(const QString &profile, const QString &userCode, const QUrl &verificationUri,
                                       const QUrl &verificationUriComplete, const QDateTime &expiresAt)
{
    SignInDialog *shown = dialogFor(profile);
    shown->showDeviceCode(userCode, verificationUri, verificationUriComplete, expiresAt);
    shown->show();
    emit dialogShown(shown);
}

void GuiSignInPrompter::askPassword(const QString &profile,
                                    std::function<void(const QString &, const QByteArray &)> answer)
{
    SignInDialog *shown = dialogFor(profile);
    shown->askPassword(std::move(answer));
    shown->show();
    emit dialogShown(shown);
}

void GuiSignInPrompter::signInEnded(const QString &profile)
{
    // accept(): closed because the grant ended, not cancelled by the user.
    if (QPointer<SignInDialog> dialog = m_dialogs.take(profile))
        dialog->accept();
}
