#include "appsettings.h"
#include "exchangeview.h"
#include "keyvaluetable.h"
#include "leglistmodel.h"
#include "leglistview.h"
#include "mainwindow.h"
#include "requesteditor.h"

#include "httpbinserver.h"

#include <QCheckBox>
#include <QDir>
#include <QLineEdit>
#include <QScreen>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// On a real X server (xvfb-run): the window after a followed redirect, captured from the screen
// as a user would see it, into build/screenshots/mainwindow.png.
class tst_MainWindowScreenshot : public QObject
{
    Q_OBJECT
private slots:
    void redirectExchangeRendersOnScreen();
};

void tst_MainWindowScreenshot::redirectExchangeRendersOnScreen()
{
    QVERIFY2(QGuiApplication::platformName() == QLatin1String("xcb"),
             qPrintable(QGuiApplication::platformName()));
    HttpbinServer httpbin;
    QString error;
    QVERIFY2(httpbin.start(&error), qPrintable(error));

    QTemporaryDir dir;
    AppSettings settings(dir.filePath(QStringLiteral("authscope.ini")));
    MainWindow window(&settings);
    window.move(20, 20);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow(); // no window manager under Xvfb gives focus on its own
    QVERIFY(QTest::qWaitForWindowActive(&window));

    RequestEditor *editor = window.requestEditor();
    QTest::keyClicks(editor->urlField(), httpbin.url(QStringLiteral("/redirect/2")).toString());
    QTest::mouseClick(editor->followRedirectsSwitch(), Qt::LeftButton);
    editor->headersTable()->appendRow({true, QStringLiteral("Accept"), QStringLiteral("application/json")});
    editor->headersTable()->appendRow({false, QStringLiteral("X-Debug"), QStringLiteral("1")});

    QSignalSpy finished(&window, &MainWindow::exchangeFinished);
    QTest::keyClick(editor->urlField(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(finished.wait(20000));
    QVERIFY2(window.lastExchange().status.isOk(), qPrintable(window.lastExchange().status.message()));
    QCOMPARE(window.exchangeView()->legList()->legModel()->rowCount(), 3);
    // Show the first leg: its request headers with the fields Qt added.
    window.exchangeView()->legList()->selectLeg(0);

    QTest::qWait(300); // let the last updates reach the screen
    const QPixmap shot = window.screen()->grabWindow(window.winId());
    const QImage image = shot.toImage();
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), window.size() * window.devicePixelRatio());

    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y));
    }
    QVERIFY2(colours.size() > 32, qPrintable(QStringLiteral("%1 distinct colours").arg(colours.size())));

    const QString outDir = QStringLiteral(AUTHSCOPE_BINARY_DIR "/screenshots");
    QVERIFY(QDir().mkpath(outDir));
    const QString path = outDir + QStringLiteral("/mainwindow.png");
    QVERIFY2(image.save(path), qPrintable(path));
    qInfo("screenshot: %s (%dx%d, %d colours)", qPrintable(path), image.width(), image.height(), int(colours.size()));
}

QTEST_MAIN(tst_MainWindowScreenshot)
#include "tst_mainwindowscreenshot.moc"
