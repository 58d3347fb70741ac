#include "appsettings.h"
#include "autheditor.h"
#include "credentials/credentialstore.h"
#include "credentialdialog.h"
#include "dialogcredentialprovider.h"
#include "exchangeview.h"
#include "insecurebanner.h"
#include "keyvaluetable.h"
#include "legdetailsview.h"
#include "leglistmodel.h"
#include "leglistview.h"
#include "mainwindow.h"
#include "requesteditor.h"
#include "secretlineedit.h"
#include "uiformat.h"

#include "httpbinserver.h"
#include "screenshottesting.h"

#include <QDir>
#include <QPainter>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QSet>
#include <QTabWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QCheckBox>
#include <QSettings>
#include <QTest>

// On a real X server (xvfb-run), captured from the screen as a user would see it, into
// build/screenshots/: the window after a followed redirect (mainwindow.png), the credential
// dialog over the window after a rejected password (credentialdialog.png), and the exchange
// after the dialog's answer was accepted (authexchange.png: the 401's challenge; authrequest.png:
// the retry's masked Authorization).
class tst_MainWindowScreenshot : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void redirectExchangeRendersOnScreen();
    void credentialDialogRendersOverTheWindow();

private:
    HttpbinServer m_httpbin;
};

using namespace ScreenshotTesting;

namespace {

// Xvfb runs no window manager, so the dialog has no frame of its own and would melt into the
// window behind it. For the picture, draw the outline and soft shadow a window manager would.
void outlineUnframedWindow(QImage *image, const QRect &area)
{
    QPainter painter(image);
    painter.setBrush(Qt::NoBrush);
    for (int i = 8; i >= 2; --i) {
        painter.setPen(QColor(0, 0, 0, 6 * (9 - i)));
        painter.drawRect(area.adjusted(-i, -i, i - 1 + 2, i - 1 + 2));
    }
    painter.setPen(QColor(0x80, 0x80, 0x80));
    painter.drawRect(area.adjusted(-1, -1, 0, 0));
}

} // namespace

void tst_MainWindowScreenshot::initTestCase()
{
    QVERIFY2(QGuiApplication::platformName() == QLatin1String("xcb"),
             qPrintable(QGuiApplication::platformName()));
    QString error;
    QVERIFY2(m_httpbin.start(&error), qPrintable(error));
}

void tst_MainWindowScreenshot::redirectExchangeRendersOnScreen()
{
    HttpbinServer &httpbin = m_httpbin;
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

void tst_MainWindowScreenshot::credentialDialogRendersOverTheWindow()
{
    QTemporaryDir dir;
    AppSettings settings(dir.filePath(QStringLiteral("authscope.ini")));
    // With a credential store (the real keychain of the test run), as the app has one.
    QSettings index(dir.filePath(QStringLiteral("credentials.ini")), QSettings::IniFormat);
    CredentialStore store(&index);
    MainWindow window(&settings, &store);
    window.move(20, 20);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));

    // A mistyped password in the Auth tab: the server rejects it and the dialog asks again.
    RequestEditor *editor = window.requestEditor();
    editor->tabs()->setCurrentIndex(RequestEditor::AuthTab);
    QTest::keyClicks(editor->authEditor()->userField(), QStringLiteral("alice"));
    QTest::keyClicks(editor->authEditor()->passwordField(), QStringLiteral("wonderlnad"));
    QTest::keyClicks(editor->urlField(), m_httpbin.url(QStringLiteral("/digest-auth/auth/alice/wonderland/SHA-256")).toString());
    QSignalSpy opened(window.credentialProvider(), &DialogCredentialProvider::dialogOpened);
    QSignalSpy finished(&window, &MainWindow::exchangeFinished);
    QTest::keyClick(editor->urlField(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(opened.wait(20000));
    auto *dialog = opened.first().first().value<CredentialDialog *>();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QCOMPARE(dialog->attemptLabel()->text(), QStringLiteral("Attempt 2 of 3: the server rejected alice"));
    QVERIFY(dialog->rememberBox() && dialog->rememberBox()->isVisible());
    QTest::keyClicks(dialog->passwordField(), QStringLiteral("wonderland"));
    QTest::qWait(300);

    QImage image = grabScreenArea(&window);
    QVERIFY(!image.isNull());
    const QRect dialogArea = dialog->frameGeometry().translated(-window.frameGeometry().topLeft());
    QVERIFY2(QRect(QPoint(0, 0), window.frameGeometry().size()).contains(dialogArea), "the dialog is over the window");
    // The dialog's red warning is on screen, not only in the widget tree.
    const QPoint warning = dialog->unencryptedWarning()->mapTo(dialog, QPoint(4, 4)) + dialogArea.topLeft();
    QCOMPARE(image.pixelColor(warning).name(), UiFormat::dangerColor().name());
    QVERIFY(distinctColours(image) > 32);
    outlineUnframedWindow(&image, dialogArea);
    QString path;
    QVERIFY2(save(image, QStringLiteral("credentialdialog.png"), &path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));

    QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    QVERIFY2(window.lastExchange().status.isOk(), qPrintable(window.lastExchange().status.message()));
    QCOMPARE(window.lastExchange().legs.size(), 3);

    // Once more from scratch: nothing in the Auth tab, nothing remembered. Asked, answered: two legs.
    editor->authEditor()->userField()->clear();
    editor->authEditor()->clearSecrets();
    window.forgetCredentialsAction()->trigger();
    editor->tabs()->setCurrentIndex(RequestEditor::HeadersTab);
    QSignalSpy openedAgain(window.credentialProvider(), &DialogCredentialProvider::dialogOpened);
    QSignalSpy finishedAgain(&window, &MainWindow::exchangeFinished);
    QTest::mouseClick(editor->sendButton(), Qt::LeftButton);
    QVERIFY(openedAgain.wait(20000));
    dialog = openedAgain.first().first().value<CredentialDialog *>();
    QTest::keyClicks(dialog->userField(), QStringLiteral("alice"));
    QTest::keyClicks(dialog->passwordField(), QStringLiteral("wonderland"));
    QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
    QVERIFY(finishedAgain.wait(20000));
    const Exchange &exchange = window.lastExchange();
    QVERIFY2(exchange.status.isOk(), qPrintable(exchange.status.message()));
    QCOMPARE(exchange.legs.size(), 2);
    QCOMPARE(exchange.legs.at(0).statusCode, 401);
    QCOMPARE(exchange.legs.at(1).statusCode, 200);

    // The 401 with its challenge...
    window.exchangeView()->legList()->selectLeg(0);
    window.exchangeView()->legDetails()->tabs()->setCurrentIndex(LegDetailsView::AuthTab);
    QTest::qWait(300);
    image = grabScreenArea(&window);
    QVERIFY(distinctColours(image) > 32);
    QVERIFY2(save(image, QStringLiteral("authexchange.png"), &path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));

    // ...and the accepted retry with its Authorization masked.
    window.exchangeView()->legList()->selectLeg(1);
    window.exchangeView()->legDetails()->tabs()->setCurrentIndex(LegDetailsView::RequestTab);
    QTest::qWait(300);
    image = grabScreenArea(&window);
    QVERIFY2(save(image, QStringLiteral("authrequest.png"), &path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}

QTEST_MAIN(tst_MainWindowScreenshot)
#include "tst_mainwindowscreenshot.moc"
