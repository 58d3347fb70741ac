#pragma once

#include "oauth/signinprompter.h"
#include "signindialog.h" // complete for the signal's metatype

#include <QHash>
#include <QObject>
#include <QPointer>

class QWidget;

// The GUI's SignInPrompter: opens the authorization URL in the system browser
// (QDesktopServices), or runs $BROWSER when it is set so tests and scripts can drive the code
// flow, and shows a SignInDialog per profile that is signing in: "waiting for the browser", the
// device code, or the deprecated password grant's fields. Nothing here waits: the dialogs are
// non-modal and the grant keeps running; Cancel reaches whoever runs the grant through
// cancelRequested(). signInEnded() closes what was shown for the profile.
class GuiSignInPrompter : public QObject, public SignInPrompter
{
    Q_OBJECT
public:
    // parent: the window the dialogs open over (not owned by the prompter; they close with it).
    explicit GuiSignInPrompter(QWidget *window, QObject *parent = nullptr);
    ~GuiSignInPrompter() override;

    void openAuthorizationUrl(const QString &profile, const QUrl &url) override;
    void showDeviceCode(const QString &profile, const QString &userCode, const QUrl &verificationUri,
                        const QUrl &verificationUriComplete, const QDateTime &expiresAt) override;
    void askPassword(const QString &profile,
                     std::function<void(const QString &user, const QByteArray &password)> answer) override;
    void signInEnded(const QString &profile) override;

    // The dialog shown for profile; null when none is.
    SignInDialog *dialog(const QString &profile) const;

signals:
    // The user cancelled the sign-in of profile in its dialog.
    void cancelRequested(const QString &profile);
    // A dialog was shown (tests and the screenshot wait on it).
    void dialogShown(SignInDialog *dialog);

private:
    SignInDialog *dialogFor(const QString &profile);

    QPointer<QWidget> m_window;
    QHash<QString, QPointer<SignInDialog>> m_dialogs;
};
