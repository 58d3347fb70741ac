#include "appsettings.h"
#include "credentials/credentialstore.h"
#include "firstpaintwatcher.h"
#include "mainwindow.h"
#include "oauth/oauthprofilestore.h"
#include "windowscreenshot.h"

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
    const QCommandLineOption presenter(QStringLiteral("presenter"),
                                       QStringLiteral("Start in presenter mode: larger text, every secret masked."));
    parser.addOption(presenter);
    const QCommandLineOption tour(QStringLiteral("tour"),
                                  QStringLiteral("Start the practice lab and open its Tour (as on the first start)."));
    parser.addOption(tour);
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Once the window has painted and settled, save it to FILE (PNG) and print the path."),
        QStringLiteral("FILE"));
    parser.addOption(screenshot);
    const QCommandLineOption screenshotDelay(
        QStringLiteral("screenshot-delay"),
        QStringLiteral("Milliseconds to wait after the first paint before --screenshot (default %1).")
                .arg(WindowScreenshot::DefaultDelayMs),
        QStringLiteral("MS"));
    parser.addOption(screenshotDelay);
    const QCommandLineOption quitAfterScreenshot(QStringLiteral("quit-after-screenshot"),
                                                 QStringLiteral("Quit once --screenshot has saved the window."));
    parser.addOption(quitAfterScreenshot);
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
    // A URL given says what the user came for: the first start's Tour waits for a start without one.
    if (parser.isSet(tour))
        window.openTour();
    else if (parser.positionalArguments().isEmpty())
        window.openTourOnFirstRun();
    if (!parser.positionalArguments().isEmpty())
        window.setUrl(parser.positionalArguments().constFirst());
    if (parser.isSet(presenter))
        window.setPresenterMode(true);

    if (parser.isSet(quitAfterStartup)) {
        auto *watcher = new FirstPaintWatcher(&window);
        QObject::connect(watcher, &FirstPaintWatcher::firstPaint, &window, &QWidget::close);
        watcher->setTimeout(60000);
        QObject::connect(watcher, &FirstPaintWatcher::timedOut, &app, [] {
            QTextStream(stderr) << "authscope: the window did not paint within 60 s\n";
            QCoreApplication::exit(1);
        });
    }
    if (parser.isSet(screenshot)) {
        auto *shot = new WindowScreenshot(&window, parser.value(screenshot));
        if (parser.isSet(screenshotDelay)) {
            bool ok = false;
            const int ms = parser.value(screenshotDelay).toInt(&ok);
            if (!ok || ms < 0) {
                QTextStream(stderr) << "authscope: --screenshot-delay needs a number of milliseconds\n";
                return 2;
            }
            shot->setDelay(ms);
        }
        const bool quit = parser.isSet(quitAfterScreenshot);
        QObject::connect(shot, &WindowScreenshot::saved, &app, [quit](const QString &path) {
            QTextStream(stdout) << "Screenshot: " << path << '\n';
            if (quit)
                QCoreApplication::exit(0);
        });
        QObject::connect(shot, &WindowScreenshot::failed, &app, [](const QString &message) {
            QTextStream(stderr) << "authscope: no screenshot: " << message << '\n';
            QCoreApplication::exit(1);
        });
        shot->start();
    }
    window.show();
    return app.exec();
}
