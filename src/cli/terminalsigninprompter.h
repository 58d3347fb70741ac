#pragma once

#include "oauth/signinprompter.h"

#include <QObject>
#include <QPointer>

#include <functional>

class Console;
class PromptJob;

// The CLI's side of an interactive grant, on stderr (stdout carries only data); everything a
// server sent (URLs, user codes) is shown escaped by DisplayText.
// - Authorization code: runs $BROWSER with the URL (BrowserLauncher: detached, ':'-separated
//   commands tried in turn), and always names the URL so a user whose browser did not open can.
// - Device grant: the user code, where to enter it, the complete URI and when the code expires.
// - Password grant: the user (echoed) and the password (no echo) on the terminal; without a
//   terminal the answer is an empty user (cancelled), as the contract says.
class TerminalSignInPrompter : public QObject, public SignInPrompter
{
    Q_OBJECT
public:
    // console is not owned and must outlive the prompter.
    explicit TerminalSignInPrompter(Console *console, QObject *parent = nullptr);
    ~TerminalSignInPrompter() override;

    void openAuthorizationUrl(const QString &profile, const QUrl &url) override;
    void showDeviceCode(const QString &profile, const QString &userCode, const QUrl &verificationUri,
                        const QUrl &verificationUriComplete, const QDateTime &expiresAt) override;
    void askPassword(const QString &profile,
                     std::function<void(const QString &user, const QByteArray &password)> answer) override;
    // Stops a question still on the terminal (its echo comes back); its answer is not given.
    void signInEnded(const QString &profile) override;

private:
    using Answer = std::function<void(const QString &user, const QByteArray &password)>;
    void ask(const QString &question, bool hidden, std::function<void(bool answered, QByteArray line)> done);
    void answerLater(Answer answer, const QString &user, QByteArray password);

    Console *m_console;
    QPointer<PromptJob> m_prompt; // the question on the terminal, if any
};
