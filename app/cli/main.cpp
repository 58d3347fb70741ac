#include "cli/cliapplication.h"
#include "cli/console.h"
#include "cli/interruptwatcher.h"
#include "cli/processarguments.h"
#include "cli/terminalsigninprompter.h"
#include "core/status.h"
#include "credentials/credentialstore.h"
#include "oauth/oauthprofilestore.h"
#include "oauth/tokenbroker.h"
#include "render/diagramimage.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QNetworkAccessManager>
#include <QSettings>

#include <cstring>
#include <memory>

namespace {

// "--diagram FILE" or "--diagram=FILE" anywhere (the parser judges the rest later).
bool wantsDiagram(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--") == 0)
            return false;
        if (std::strcmp(argv[i], "--diagram") == 0 || std::strncmp(argv[i], "--diagram=", 10) == 0)
            return true;
    }
    return false;
}

} // namespace

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

    // Only --diagram paints (Qt Gui): it gets a QGuiApplication, on the offscreen platform unless
    // the user chose one, so the CLI still runs without a display; every other run stays Qt Core.
    const bool drawsDiagram = wantsDiagram(argc, argv);
    if (drawsDiagram && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const std::unique_ptr<QCoreApplication> app = drawsDiagram ? std::make_unique<QGuiApplication>(argc, argv)
                                                               : std::make_unique<QCoreApplication>(argc, argv);
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
    CliContext context{console.get(), &manager, &credentials, &oauthProfiles, &tokenBroker, &signInPrompter};
    if (drawsDiagram)
        context.writeDiagram = DiagramImage::write;
    CliApplication cli(context);
    InterruptWatcher interrupts;
    QObject::connect(&interrupts, &InterruptWatcher::interrupted, &cli, &CliApplication::interrupt);
    QObject::connect(&cli, &CliApplication::finished, app.get(), [&] { QCoreApplication::exit(cli.exitCode()); });
    cli.start(arguments.mid(1));
    return QCoreApplication::exec();
}
