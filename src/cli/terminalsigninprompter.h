#pragma once

#include "oauth/signinprompter.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>

class Console;
class PromptJob;

// The CLI's side of an interactive grant, on stderr (stdout carries only data); everything a
// server sent (URLs, user codes) is shown escaped by DisplayText.
// - Authorization code: runs $BROWSER with the URL (detached: the browser outlives the CLI), and
//   always names the URL so a user whose browser did not open can open it.
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

    // The commands $BROWSER names for url, in the order to try: ':' separates commands (as
    // sensible-browser and Python's webbrowser read it), each split like a shell word list;
    // "%s" in an argument stands for the URL, else the URL is added as the last argument.
    static QList<QStringList> browserCommands(const QString &browserVariable, const QUrl &url);

    void openAuthorizationUrl(const QString &profile, const QUrl &url) override;
    void showDeviceCode(const QString &profile, const QString &userCode, const QUrl &verificationUri,
                        const QUrl &verificationUriComplete, const QDateTime &expiresAt) override;
    void askPassword(const QString &profile,
                     std::function<void(const QString &user, const QByteArray &password)> answer) override;
    // Stops a question still on the terminal (its echo comes back); its answer is not given.
    void signInEnded(const QString &profile) override;

private:
    using Answer = std::function<void(const QString &user, const QByteArray &password)>;
    // Starts the first command that can be started; its text, or empty when none could.
    static QString startBrowser(const QList<QStringList> &commands);
    void ask(const QString &question, bool hidden, std::function<void(bool answered, QByteArray line)> done);
    void answerLater(Answer answer, const QString &user, QByteArray password);

    Console *m_console;
    QPointer<PromptJob> m_prompt; // the question on the terminal, if any
};
