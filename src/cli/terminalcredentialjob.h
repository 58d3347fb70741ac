#pragma once

#include "auth/credentialprovider.h"

#include <QPointer>

class Console;
class PromptJob;

// What the CLI does when the engine needs credentials it was not given: says on stderr who asks
// (origin, scheme, realm), whether the connection is encrypted (a warning line when it is not),
// which attempt this is and whose credentials were rejected, and the engine's notes; then asks
// for the user (Enter keeps the default) and the password without echo, or for a token.
// Without a terminal, or with --no-prompt, it finishes without a credential and with a reason
// that says what to give instead. Built by TerminalCredentialProvider.
class TerminalCredentialJob : public CredentialJob
{
    Q_OBJECT
public:
    struct Settings
    {
        bool noPrompt = false;     // --no-prompt
        QString defaultUser;       // -u USER given without a password
        int maxAttempts = 3;       // --max-auth-attempts, to show "attempt 2 of 3"
    };

    // console is not owned and must outlive the job.
    TerminalCredentialJob(const CredentialRequest &request, Console *console, const Settings &settings,
                          QObject *parent = nullptr);
    ~TerminalCredentialJob() override;

    // The lines shown before the questions, each ending with a newline. Text that came from the
    // server (realm, notes) has its control characters replaced, so it cannot drive the terminal.
    static QString describe(const CredentialRequest &request, int maxAttempts);
    // Why nobody can be asked, saying which option gives the credentials instead.
    static QString reasonWithoutPrompt(const CredentialRequest &request, const Settings &settings, bool noTerminal);

protected:
    void run() override;

private:
    void ask(const QString &prompt, bool hidden);
    void onAnswered();
    QString defaultUser() const;

    Console *m_console;
    Settings m_settings;
    QPointer<PromptJob> m_prompt;
    QString m_user;
    bool m_askingUser = false;
};
