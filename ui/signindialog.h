#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QDialog>
#include <QUrl>

#include <functional>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTimer;
class SecretLineEdit;

// What an interactive OAuth sign-in shows while the grant runs (GuiSignInPrompter opens it):
// "waiting for the browser" for the authorization code grant, the user code and where to enter it
// for the device grant (RFC 8628 §3.3), or the user and password of the deprecated password
// grant. Never modal and never blocking: the grant runs behind it, Cancel emits cancelRequested()
// and the prompter closes it when the grant ends. The password is wiped when the dialog closes.
class SignInDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SignInDialog(const QString &profile, QWidget *parent = nullptr);
    ~SignInDialog() override;

    QString profile() const { return m_profile; }

    // launchedWith: how the browser was started ("the system browser", or $BROWSER's program);
    // launched false: it could not be started, the user opens the link by hand.
    void showBrowserWait(const QUrl &url, const QString &launchedWith, bool launched);
    void showDeviceCode(const QString &userCode, const QUrl &verificationUri, const QUrl &verificationUriComplete,
                        const QDateTime &expiresAt);
    // answer runs once: with what was typed on Sign in, with an empty user on Cancel or close.
    void askPassword(std::function<void(const QString &user, const QByteArray &password)> answer);

    QLabel *titleLabel() const { return m_title; }
    QLabel *userCodeLabel() const { return m_userCode; }
    QLabel *verificationLink() const { return m_verificationLink; }
    QLabel *completeLink() const { return m_completeLink; }
    QLabel *remainingLabel() const { return m_remaining; }
    QLabel *browserLabel() const { return m_browserText; }
    QLabel *deprecatedLabel() const { return m_deprecated; }
    QLineEdit *userField() const { return m_user; }
    SecretLineEdit *passwordField() const { return m_password; }
    QPushButton *copyCodeButton() const { return m_copyCode; }
    QPushButton *signInButton() const { return m_signIn; }
    QPushButton *cancelButton() const { return m_cancel; }

signals:
    // The user gave up: whoever runs the grant cancels it.
    void cancelRequested(const QString &profile);

public slots:
    void done(int result) override;

private:
    void updateRemaining();
    void answerPassword(bool send);

    QString m_profile;
    QStackedWidget *m_pages;
    QLabel *m_title;
    QLabel *m_browserText;
    QLabel *m_browserUrl;
    QLabel *m_userCode;
    QLabel *m_verificationLink;
    QLabel *m_completeLink;
    QLabel *m_remaining;
    QFormLayout *m_deviceWhere;
    QLabel *m_deprecated;
    QLineEdit *m_user;
    SecretLineEdit *m_password;
    QPushButton *m_copyCode;
    QPushButton *m_copyLink;
    QPushButton *m_signIn;
    QPushButton *m_cancel;
    QTimer *m_countdown;
    QDateTime m_expiresAt;
    QUrl m_browserLink;
    std::function<void(const QString &, const QByteArray &)> m_passwordAnswer;
};
