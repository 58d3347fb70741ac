#include "cli/cliapplication.h"
#include "cli/console.h"
#include "cli/interruptwatcher.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("authscope-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AUTHSCOPE_VERSION));

    const std::unique_ptr<Console> console = Console::standard();
    QNetworkAccessManager manager;
    CliApplication cli(CliContext{console.get(), &manager});
    InterruptWatcher interrupts;
    QObject::connect(&interrupts, &InterruptWatcher::interrupted, &cli, &CliApplication::cancel);
    QObject::connect(&cli, &CliApplication::finished, &app, [&] { QCoreApplication::exit(cli.exitCode()); });
    cli.start(QCoreApplication::arguments().mid(1));
    return QCoreApplication::exec();
}
