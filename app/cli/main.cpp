#include "cli/cliapplication.h"
#include "cli/console.h"
#include "cli/interruptwatcher.h"
#include "cli/processarguments.h"
#include "cli/terminalsigninprompter.h"
#include "core/status.h"
#include "credentials/credentialstore.h"
#include "oauth/oauthprofilestore.h"
#include "oauth/tokenbroker.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QSettings>

int main(int argc, char *argv[])
{
    const std::unique_ptr<Console> console = Console::standard();
    // Before Qt decodes argv, which would turn bytes that are not UTF-8 into U+FFFD silently.
    const QString notUtf8 = ProcessArguments::nonUtf8Problem(argc, argv);
    if (!notUtf8.isEmpty()) {
        const Status refused(Status::Code::InvalidInput, notUtf8);
        console->error(refused.message());
        return refused.exitCode();
    }

    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("authscope-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AUTHSCOPE_VERSION));
    // Taken before the secrets in argv are blanked: arguments() decodes argv on every call.
    const QStringList arguments = QCoreApplication::arguments();
    ProcessArguments::blankSecrets(arguments, argc, argv);

    QNetworkAccessManager manager;
    // The same index file as the GUI's, so credentials saved by either are found by both.
    QSettings credentialIndex(CredentialStore::defaultIndexPath(), QSettings::IniFormat);
    CredentialStore credentials(&credentialIndex);
    // OAuth profiles beside the credential index (the GUI's too), their secrets in the same keychain;
    // one broker answers every exchange's token questions, signing in on this terminal.
    OAuthProfileStore oauthProfiles(&credentials);
    TerminalSignInPrompter signInPrompter(console.get());
    TokenBroker tokenBroker(&oauthProfiles, &signInPrompter);
    CliApplication cli(CliContext{console.get(), &manager, &credentials, &oauthProfiles, &tokenBroker, &signInPrompter});
    InterruptWatcher interrupts;
    QObject::connect(&interrupts, &InterruptWatcher::interrupted, &cli, &CliApplication::interrupt);
    QObject::connect(&cli, &CliApplication::finished, &app, [&] { QCoreApplication::exit(cli.exitCode()); });
    cli.start(arguments.mid(1));
    return QCoreApplication::exec();
}
