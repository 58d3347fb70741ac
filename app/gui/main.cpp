#include "appsettings.h"
#include "credentials/credentialstore.h"
#include "firstpaintwatcher.h"
#include "mainwindow.h"
#include "oauth/oauthprofilestore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("AuthScope"));
    QApplication::setOrganizationName(QStringLiteral("AuthScope"));
    QApplication::setApplicationVersion(QStringLiteral(AUTHSCOPE_VERSION));
    QApplication::setWindowIcon(MainWindow::applicationIcon());

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Explore HTTP authentication, one leg at a time."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption quitAfterStartup(
        QStringLiteral("quit-after-startup"),
        QStringLiteral("Start as usual, then quit once the window has painted (for start-up benchmarks)."));
    parser.addOption(quitAfterStartup);
    parser.addPositionalArgument(QStringLiteral("url"), QStringLiteral("URL to put in the request's URL field."),
                                 QStringLiteral("[url]"));
    parser.process(app);

    AppSettings settings;
    // The same index file as the CLI's, so credentials saved by either are found by both.
    QSettings credentialIndex(CredentialStore::defaultIndexPath(), QSettings::IniFormat);
    CredentialStore credentials(&credentialIndex);
    // Beside the credential index, as the CLI's `oauth` commands keep it.
    OAuthProfileStore oauthProfiles(&credentials);
    MainWindow window(&settings, &credentials, &oauthProfiles);
    if (!parser.positionalArguments().isEmpty())
        window.setUrl(parser.positionalArguments().constFirst());

    if (parser.isSet(quitAfterStartup)) {
        auto *watcher = new FirstPaintWatcher(&window);
        QObject::connect(watcher, &FirstPaintWatcher::firstPaint, &window, &QWidget::close);
        watcher->setTimeout(60000);
        QObject::connect(watcher, &FirstPaintWatcher::timedOut, &app, [] {
            QTextStream(stderr) << "authscope: the window did not paint within 60 s\n";
            QCoreApplication::exit(1);
        });
    }
    window.show();
    return app.exec();
}
