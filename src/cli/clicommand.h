#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>

class Console;
class Status;
class CredentialStore;
class OAuthProfileStore;
class QNetworkAccessManager;
class SignInPrompter;
class StdinReadJob;
class TokenBroker;
struct Exchange;

// What every subcommand gets from main(): where to write, the one network access manager, and
// the credential store shared with the GUI (null: commands run without stored credentials).
// The OAuth objects sit over that store (its keychain service, its session-only mode): the
// profiles, the one broker that answers their tokens (interactive grants through the prompter,
// a TerminalSignInPrompter). Null together when there is no credential store; a command given
// --no-keychain reads no stored profile (ad-hoc tokens only, kept in memory: persist false).
struct CliContext
{
    Console *console = nullptr;
    QNetworkAccessManager *manager = nullptr;
    CredentialStore *credentials = nullptr;
    OAuthProfileStore *oauthProfiles = nullptr;
    TokenBroker *tokenBroker = nullptr;
    SignInPrompter *signInPrompter = nullptr;
    // Draws an exchange's sequence diagram to an .svg or .png file (DiagramImage::write needs Qt
    // Gui, which this library does not link): main() sets it; null means send --diagram fails.
    std::function<bool(const QString &path, const Exchange &exchange, QString *error)> writeDiagram;
};

// One subcommand ("send", "credentials"). Job shape: start() with the arguments after the
// command's name, then exactly one finished(), never inside start(); exitCode() is valid after it.
class CliCommand : public QObject
{
    Q_OBJECT
public:
    explicit CliCommand(const CliContext &context, QObject *parent = nullptr);

    virtual void start(const QStringList &arguments) = 0;
    // Ctrl-C: stop what is running; finished() follows with exit status 130. Does nothing once
    // the command is finishing.
    virtual void cancel();
    int exitCode() const { return m_exitCode; }

signals:
    void finished();

protected:
    // Records the exit code and announces the end from the event loop.
    void finish(int exitCode);
    // Reports the status's message on stderr (one line) and finishes with its exit status.
    void fail(const Status &status);
    // A secret handed in on standard input (option: "--secret-stdin"): read to its end, the one
    // line break echo and password managers end with dropped, then given to done. A terminal is
    // refused (it would show the secret as it is typed; advice says what to do instead), as is a
    // read error: the command ends with exit 2 and "nothing was saved".
    void readSecretFromStdin(const QString &option, const QString &advice, std::function<void(QByteArray secret)> done);
    // Ctrl-C while reading it: stops, says nothing was saved, finishes with 130. False when no
    // secret was being read.
    bool cancelSecretFromStdin();

    CliContext m_context;

private:
    QPointer<StdinReadJob> m_secretReader;
    int m_exitCode = 0;
    bool m_finishing = false;
};
