#include "cli/cliapplication.h"
#include "cli/console.h"
#include "cli/interruptwatcher.h"
#include "credentials/credentialstore.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QSettings>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("authscope-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AUTHSCOPE_VERSION));

    const std::unique_ptr<Console> console = Console::standard();
    QNetworkAccessManager manager;
    // The same index file as the GUI's, so credentials saved by either are found by both.
    QSettings credentialIndex(CredentialStore::defaultIndexPath(), QSettings::IniFormat);
    CredentialStore credentials(&credentialIndex);
    CliApplication cli(CliContext{console.get(), &manager, &credentials});
    InterruptWatcher interrupts;
    QObject::connect(&interrupts, &InterruptWatcher::interrupted, &cli, &CliApplication::cancel);
    QObject::connect(&cli, &CliApplication::finished, &app, [&] { QCoreApplication::exit(cli.exitCode()); });
    cli.start(QCoreApplication::arguments().mid(1));
    return QCoreApplication::exec();
}
