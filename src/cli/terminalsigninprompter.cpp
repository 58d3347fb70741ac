#include "terminalsigninprompter.h"

#include "console.h"
#include "core/displaytext.h"
#include "credentials/credentialstore.h"
#include "oauth/browserlauncher.h"
#include "promptjob.h"
#include "timetext.h"

#include <QUrl>

namespace {

QString shown(const QUrl &url)
{
    return DisplayText::escaped(url.toString(QUrl::FullyEncoded));
}

} // namespace

TerminalSignInPrompter::TerminalSignInPrompter(Console *console, QObject *parent)
    : QObject(parent), m_console(console)
{
}

TerminalSignInPrompter::~TerminalSignInPrompter()
{
    delete m_prompt.data(); // gives the terminal its echo back
}

void TerminalSignInPrompter::openAuthorizationUrl(const QString &profile, const QUrl &url)
{
    const QString browserVariable = qEnvironmentVariable("BROWSER");
    const QString started = BrowserLauncher::start(BrowserLauncher::commands(browserVariable, url));
    if (started.isEmpty()) {
        const QString why = browserVariable.trimmed().isEmpty()
                ? QStringLiteral("BROWSER is not set")
                : QStringLiteral("none of the commands in BROWSER (%1) could be started").arg(browserVariable);
        m_console->print(QStringLiteral("To sign in to %1, open this address in a browser (%2):\n  %3\n"
                                        "Waiting for the browser to come back...\n")
                                 .arg(DisplayText::escaped(profile), DisplayText::escaped(why), shown(url))
                                 .toUtf8());
        return;
    }
    m_console->print(QStringLiteral("Signing in to %1 in the browser (%2). If it did not open, open:\n  %3\n"
                                    "Waiting for the browser to come back...\n")
                             .arg(DisplayText::escaped(profile), DisplayText::escaped(started), shown(url))
                             .toUtf8());
}

void TerminalSignInPrompter::showDeviceCode(const QString &profile, const QString &userCode,
                                            const QUrl &verificationUri, const QUrl &verificationUriComplete,
                                            const QDateTime &expiresAt)
{
    QString text = QStringLiteral("To sign in to %1, open %2 and enter the code %3\n")
                           .arg(DisplayText::escaped(profile), shown(verificationUri), DisplayText::escaped(userCode));
    if (verificationUriComplete.isValid() && !verificationUriComplete.isEmpty())
        text += QStringLiteral("  or open %1 (the code filled in)\n").arg(shown(verificationUriComplete));
    if (expiresAt.isValid())
        text += QStringLiteral("  The code expires at %1.\n").arg(TimeText::localAndRelative(expiresAt));
    text += QStringLiteral("Waiting for the approval...\n");
    m_console->print(text.toUtf8());
}

void TerminalSignInPrompter::askPassword(const QString &profile, Answer answer)
{
    if (m_prompt || !m_console->canPrompt()) {
        m_console->error(m_prompt ? QStringLiteral("another question is already on the terminal")
                                  : QStringLiteral("no terminal to ask for the user and password of %1 on")
                                            .arg(DisplayText::escaped(profile)));
        answerLater(std::move(answer), QString(), QByteArray());
        return;
    }
    m_console->print(QStringLiteral("Signing in to %1 with a password (the password grant is deprecated)\n")
                             .arg(DisplayText::escaped(profile)).toUtf8());
    ask(QStringLiteral("User: "), false, [this, answer](bool answered, QByteArray userLine) {
        const QString user = QString::fromUtf8(userLine).trimmed();
        if (!answered || user.isEmpty()) {
            answer(QString(), QByteArray());
            return;
        }
        ask(QStringLiteral("Password for %1: ").arg(user), true, [answer, user](bool answered, QByteArray password) {
            answer(answered ? user : QString(), password);
            CredentialStore::wipe(password);
        });
    });
}

void TerminalSignInPrompter::signInEnded(const QString &)
{
    delete m_prompt.data();
}

void TerminalSignInPrompter::ask(const QString &question, bool hidden,
                                 std::function<void(bool answered, QByteArray line)> done)
{
    m_prompt = m_console->createPrompt(question, hidden ? PromptJob::Echo::Hidden : PromptJob::Echo::Shown, this);
    if (!m_prompt) {
        QMetaObject::invokeMethod(this, [done] { done(false, QByteArray()); }, Qt::QueuedConnection);
        return;
    }
    PromptJob *prompt = m_prompt.data();
    connect(prompt, &PromptJob::finished, this, [this, prompt, done] {
        m_prompt.clear();
        prompt->deleteLater();
        const bool answered = prompt->hasAnswer();
        done(answered, answered ? prompt->takeAnswer() : QByteArray());
    });
    prompt->start();
}

void TerminalSignInPrompter::answerLater(Answer answer, const QString &user, QByteArray password)
{
    // The grant asked from inside its own call; the answer comes from the event loop.
    QMetaObject::invokeMethod(this, [answer, user, password]() mutable {
        answer(user, password);
        CredentialStore::wipe(password);
    }, Qt::QueuedConnection);
}
