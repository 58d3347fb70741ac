#include "appsettings.h"
#include "credentialdialog.h"
#include "dialogcredentialprovider.h"
#include "keychainbanner.h"
#include "mainwindow.h"
#include "mainwindowtesting.h"
#include "requesteditor.h"
#include "secretlineedit.h"

#include "credentials/credentialindex.h"
#include "credentials/credentialstore.h"
#include "credentials/storedcredentialprovider.h"
#include "apacheserver.h"
#include "credentialtesting.h"

#include <QApplication>
#include <QCheckBox>
#include <QDBusConnection>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace CredentialTesting;

namespace {

const char *const kChildMode = "AUTHSCOPE_MAINWINDOW_NO_KEYCHAIN_CHILD";
const QString kRealm = QStringLiteral("keychain realm");
const QString kUser = QStringLiteral("alice");

// Made at run time so the password is in neither the source nor the binary; only characters
// QTest can type.
QByteArray randomPassword()
{
    return "pw-" + randomHex(10);
}

bool saveScreenshot(const QImage &image, const QString &name, QString *path)
{
    const QString outDir = QStringLiteral(AUTHSCOPE_BINARY_DIR "/screenshots");
    *path = outDir + u'/' + name;
    return QDir().mkpath(outDir) && image.save(*path);
}

} // namespace

// Runs in a child process whose session bus has no Secret Service: MainWindow with a credential
// store over an ini file of a temporary directory, on a real X server, against Apache's Basic
// realm on loopback, driven as a user would (Send button, dialog fields, the banner's button).
class tst_MainWindowWithoutKeychain : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void failedLookupShowsTheBannerAndStillAsks();
    void failedSaveShowsTheBannerAndSessionMemoryKeepsTheRetry();
    void sessionMemoryAnswersWithoutAskingAndWritesNothing();
    void silentKeychainTimesOutAndTheBannerSaysSo();

private:
    bool openWindow();
    bool seedIndexRecord(const QString &origin);
    // Clicks Send and waits for the dialog; null when none opened.
    CredentialDialog *sendAndWaitForDialog();
    bool answer(CredentialDialog *dialog, bool remember);
    bool bannerFitsItsText() const;
    bool bannerIsOnScreen(const QImage &windowImage) const;
    QImage grabWindow() const;
    QString iniPath() const { return m_dir->filePath(QStringLiteral("credentials.ini")); }

    ApacheServer m_apache;
    QByteArray m_password;
    QUrl m_url;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_indexSettings;
    std::unique_ptr<CredentialStore> m_store;
    std::unique_ptr<AppSettings> m_appSettings;
    std::unique_ptr<MainWindow> m_window;
};

void tst_MainWindowWithoutKeychain::initTestCase()
{
    QVERIFY2(QGuiApplication::platformName() == QLatin1String("xcb"), qPrintable(QGuiApplication::platformName()));
    m_password = randomPassword();
    QVERIFY(m_apache.protectBasic(QStringLiteral("/basic/"), kRealm, kUser, m_password));
    QString error;
    QVERIFY2(m_apache.start(&error), qPrintable(error));
    m_url = m_apache.url(QStringLiteral("/basic/index.html"));
}

void tst_MainWindowWithoutKeychain::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_MainWindowWithoutKeychain::cleanup()
{
    m_window.reset();
    m_appSettings.reset();
    m_store.reset();
    m_indexSettings.reset();
    m_dir.reset();
}

bool tst_MainWindowWithoutKeychain::openWindow()
{
    m_indexSettings = std::make_unique<QSettings>(iniPath(), QSettings::IniFormat);
    m_store = std::make_unique<CredentialStore>(m_indexSettings.get());
    m_appSettings = std::make_unique<AppSettings>(m_dir->filePath(QStringLiteral("authscope.ini")));
    m_window = std::make_unique<MainWindow>(m_appSettings.get(), m_store.get());
    m_window->move(20, 20);
    m_window->show();
    if (!QTest::qWaitForWindowExposed(m_window.get()))
        return false;
    m_window->activateWindow(); // no window manager under Xvfb gives focus on its own
    if (!QTest::qWaitForWindowActive(m_window.get()))
        return false;
    m_window->setUrl(m_url.toString());
    return !m_window->keychainBanner()->isVisible(); // nothing is wrong until the keychain is used
}

// An index entry as an earlier run with a keychain would have left it; its secret is in no
// keychain this process can reach.
bool tst_MainWindowWithoutKeychain::seedIndexRecord(const QString &origin)
{
    CredentialRecord record = recordFor(origin, kUser, kRealm);
    return putIndexRecord(iniPath(), &record);
}

CredentialDialog *tst_MainWindowWithoutKeychain::sendAndWaitForDialog()
{
    return MainWindowTesting::sendAndWaitForDialog(m_window.get());
}

bool tst_MainWindowWithoutKeychain::answer(CredentialDialog *dialog, bool remember)
{
    dialog->userField()->clear();
    QTest::keyClicks(dialog->userField(), kUser);
    QTest::keyClicks(dialog->passwordField(), QString::fromLatin1(m_password));
    if (remember != dialog->rememberBox()->isChecked())
        QTest::mouseClick(dialog->rememberBox(), Qt::LeftButton);
    if (dialog->rememberRequested() != remember)
        return false;
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
    return finished.wait(20000) && m_window->lastExchange().finalLeg()
        && m_window->lastExchange().finalLeg()->statusCode == 200;
}

// The whole message is on screen: wrapped, not cut, the button inside the strip.
bool tst_MainWindowWithoutKeychain::bannerFitsItsText() const
{
    KeychainBanner *banner = m_window->keychainBanner();
    auto *text = banner->findChild<QLabel *>(QStringLiteral("keychainBannerText"));
    const QRect inside = banner->rect();
    const bool buttonInside = !banner->sessionOnlyButton()->isVisible()
        || inside.contains(banner->sessionOnlyButton()->geometry());
    return text && text->height() >= text->heightForWidth(text->width()) && inside.contains(text->geometry())
        && buttonInside && banner->width() <= m_window->centralWidget()->width();
}

// The strip is drawn where the widget is, in its own colour, not only in the widget tree: a point
// of its bottom margin, mid-way across.
bool tst_MainWindowWithoutKeychain::bannerIsOnScreen(const QImage &windowImage) const
{
    KeychainBanner *banner = m_window->keychainBanner();
    const QPoint inside = banner->mapTo(m_window.get(), QPoint(banner->width() / 2, banner->height() - 3));
    return windowImage.pixelColor(inside * m_window->devicePixelRatio()).name() == banner->backgroundColor().name();
}

QImage tst_MainWindowWithoutKeychain::grabWindow() const
{
    QTest::qWait(300); // let the last updates reach the screen
    return m_window->screen()->grabWindow(m_window->winId()).toImage();
}

void tst_MainWindowWithoutKeychain::failedLookupShowsTheBannerAndStillAsks()
{
    QVERIFY(seedIndexRecord(ProtectionSpace::originOf(m_url)));
    QVERIFY(openWindow());
    QCOMPARE(m_store->index().size(), 1);

    // The store has a credential for the realm but cannot read it: the banner says which failure
    // and what to do, and the user is asked as if nothing were stored.
    CredentialDialog *dialog = sendAndWaitForDialog();
    QVERIFY(dialog);
    KeychainBanner *banner = m_window->keychainBanner();
    QVERIFY(banner->isVisible());
    QVERIFY(!banner->isSessionOnlyNote());
    const QString text = banner->text();
    QVERIFY2(text.startsWith(QLatin1String("Keychain unavailable.")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("No keychain service is running")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("Secret Service such as gnome-keyring or KWallet")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("Continue with session-only memory, or start one and try again")), qPrintable(text));
    QVERIFY(banner->sessionOnlyButton()->isVisible());
    QVERIFY(banner->sessionOnlyButton()->isEnabled());
    QCOMPARE(dialog->rememberBox()->text(), QStringLiteral("&Remember in keychain"));
    QVERIFY(!dialog->rememberBox()->isChecked());

    QVERIFY(answer(dialog, false));
    const Exchange &exchange = m_window->lastExchange();
    QCOMPARE(exchange.legs.size(), 2);
    QCOMPARE(exchange.legs.at(0).statusCode, 401);
    QCOMPARE(exchange.legs.at(1).statusCode, 200);
    QVERIFY(banner->isVisible()); // still there: the keychain is still missing
    QVERIFY(bannerFitsItsText());

    const QImage image = grabWindow();
    QVERIFY(!image.isNull());
    QString path;
    QVERIFY2(saveScreenshot(image, QStringLiteral("keychain-unavailable.png"), &path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
    QVERIFY(bannerIsOnScreen(image));
}

void tst_MainWindowWithoutKeychain::failedSaveShowsTheBannerAndSessionMemoryKeepsTheRetry()
{
    QVERIFY(openWindow());
    CredentialDialog *dialog = sendAndWaitForDialog();
    QVERIFY(dialog);
    QVERIFY(!m_window->keychainBanner()->isVisible()); // nothing stored for the realm: nothing looked up
    QCOMPARE(dialog->rememberBox()->text(), QStringLiteral("&Remember in keychain"));

    // Remembered only once the server accepted it; then the save fails and the banner says why.
    QSignalSpy unavailable(m_window->storedCredentialProvider(), &StoredCredentialProvider::keychainUnavailable);
    QVERIFY(answer(dialog, true));
    QVERIFY(unavailable.wait(15000) || !unavailable.isEmpty());
    QVERIFY(unavailable.first().at(1).toBool()); // while saving
    KeychainBanner *banner = m_window->keychainBanner();
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().contains(QLatin1String("No keychain service is running")), qPrintable(banner->text()));
    QCOMPARE(m_store->index().size(), 0); // nothing indexed without its secret
    QVERIFY(!QFile::exists(iniPath()));

    // The user goes on without the keychain and tries again in the same realm.
    QTest::mouseClick(banner->sessionOnlyButton(), Qt::LeftButton);
    QVERIFY(m_store->isSessionOnly());
    QVERIFY(banner->isSessionOnlyNote());
    m_window->forgetCredentials();
    dialog = sendAndWaitForDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->rememberBox()->text(), QStringLiteral("&Remember for this session (the keychain is unavailable)"));
    QSignalSpy saved(m_window->storedCredentialProvider(), &StoredCredentialProvider::saved);
    QVERIFY(answer(dialog, true));
    // The failed save of the same user and realm does not stop this one.
    QVERIFY(saved.wait(10000) || !saved.isEmpty());
    QCOMPARE(m_store->index().size(), 1);
    QCOMPARE(m_store->index().list().first().user, kUser);
    QVERIFY(!QFile::exists(iniPath()));
}

void tst_MainWindowWithoutKeychain::sessionMemoryAnswersWithoutAskingAndWritesNothing()
{
    // An index from an earlier run with a keychain: nothing of this session may change it.
    QVERIFY(seedIndexRecord(ProtectionSpace::originOf(m_url)));
    const QByteArray iniBefore = fileBytes(iniPath());
    QVERIFY(!iniBefore.isEmpty());
    QVERIFY(openWindow());

    // The lookup fails; the dialog is window-modal, so the user answers it first, then takes the
    // banner's offer.
    CredentialDialog *dialog = sendAndWaitForDialog();
    QVERIFY(dialog);
    QVERIFY(answer(dialog, false));
    KeychainBanner *banner = m_window->keychainBanner();
    QVERIFY(banner->isVisible());
    QTest::mouseClick(banner->sessionOnlyButton(), Qt::LeftButton);

    // The banner becomes a quiet note; the store lists its session memory, empty so far.
    QVERIFY(m_store->isSessionOnly());
    QVERIFY(banner->isVisible());
    QVERIFY(banner->isSessionOnlyNote());
    QVERIFY(!banner->sessionOnlyButton()->isVisible());
    QVERIFY2(banner->text().contains(QLatin1String("kept until AuthScope quits")), qPrintable(banner->text()));
    QVERIFY2(banner->text().contains(QLatin1String("Nothing is written to disk")), qPrintable(banner->text()));
    QCOMPARE(m_store->index().size(), 0);
    QVERIFY(bannerFitsItsText());
    const QImage image = grabWindow();
    QVERIFY(!image.isNull());
    QString path;
    QVERIFY2(saveScreenshot(image, QStringLiteral("keychain-sessiononly.png"), &path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
    QVERIFY(bannerIsOnScreen(image));

    // Asked again (the session forgot what worked): the box says where the answer would be kept.
    m_window->forgetCredentials();
    dialog = sendAndWaitForDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->rememberBox()->text(), QStringLiteral("&Remember for this session (the keychain is unavailable)"));
    QVERIFY(!dialog->rememberBox()->isChecked()); // still opt-in
    QVERIFY(answer(dialog, true));
    QTRY_COMPARE_WITH_TIMEOUT(m_store->index().size(), 1, 10000);
    const CredentialRecord record = m_store->index().list().first();
    QCOMPARE(record.user, kUser);
    QCOMPARE(record.space.realm, kRealm);
    QCOMPARE(record.space.origin, ProtectionSpace::originOf(m_url));
    QVERIFY(!banner->sessionOnlyButton()->isVisible()); // no new complaint: nothing asked the keychain

    // Forget Credentials again: the next 401 is answered from session memory, without a dialog.
    m_window->forgetCredentials();
    QSignalSpy opened(m_window->credentialProvider(), &DialogCredentialProvider::dialogOpened);
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    QTest::mouseClick(m_window->requestEditor()->sendButton(), Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    QCOMPARE(opened.size(), 0);
    const Exchange &exchange = m_window->lastExchange();
    QVERIFY2(exchange.status.isOk(), qPrintable(exchange.status.message()));
    QCOMPARE(exchange.legs.size(), 2);
    QCOMPARE(exchange.legs.at(0).statusCode, 401);
    QCOMPARE(exchange.legs.at(1).statusCode, 200);
    QVERIFY2(exchange.legs.at(1).reason.contains(QLatin1String("remembered for this session for alice")),
             qPrintable(exchange.legs.at(1).reason));

    // Nothing of the session reached the disk: the index is byte for byte what it was, and no
    // file of the directory holds the password, alone or inside a Basic header.
    m_window->close(); // writes the window's own settings, as quitting would
    m_indexSettings->sync();
    QCOMPARE(fileBytes(iniPath()), iniBefore);
    const QByteArray basic = QByteArray(kUser.toUtf8() + ':' + m_password).toBase64();
    int files = 0;
    QDirIterator it(m_dir->path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QByteArray bytes = fileBytes(file);
        QVERIFY2(!bytes.contains(m_password), qPrintable(file));
        QVERIFY2(!bytes.contains(basic), qPrintable(file));
        ++files;
    }
    QVERIFY(files >= 2); // the index and the window's settings were searched
}

// Last: the silent service keeps the Secret Service name for the rest of the process.
void tst_MainWindowWithoutKeychain::silentKeychainTimesOutAndTheBannerSaysSo()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    QVERIFY(bus.isConnected());
    const QString refused = claimSecretServiceSilently(bus);
    QVERIFY2(refused.isEmpty(), qPrintable(refused));

    QVERIFY(seedIndexRecord(ProtectionSpace::originOf(m_url)));
    QVERIFY(openWindow());
    m_store->setTimeout(1500);
    QElapsedTimer clock;
    clock.start();
    CredentialDialog *dialog = sendAndWaitForDialog();
    QVERIFY(dialog);
    QVERIFY(clock.elapsed() >= 1400); // the lookup waited for the keychain, then gave up
    KeychainBanner *banner = m_window->keychainBanner();
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().contains(QLatin1String("The keychain did not answer within 2 s")), qPrintable(banner->text()));
    QVERIFY2(banner->text().contains(QLatin1String("waiting for you to unlock it")), qPrintable(banner->text()));
    QVERIFY2(banner->text().contains(QLatin1String("continue with session-only memory")), qPrintable(banner->text()));
    QVERIFY(answer(dialog, false));
    QVERIFY(bannerFitsItsText());
}

// The parent: starts a session bus without a Secret Service and runs the tests above in a child
// process on it, so this process's own keyring (if any) is never touched.
class tst_MainWindowKeychain : public QObject
{
    Q_OBJECT
private slots:
    void withoutSecretServiceTheWindowExplainsAndGoesOn();
};

void tst_MainWindowKeychain::withoutSecretServiceTheWindowExplainsAndGoesOn()
{
    const ChildRun child = runSelfWithoutSecretService(kChildMode, QStringLiteral("1"),
                                                       QCoreApplication::arguments().mid(1), 240000);
    QVERIFY2(child.error.isEmpty(), qPrintable(child.error));
    QVERIFY(child.finished);
    const bool passed = child.passed && child.output.contains(", 0 failed, 0 skipped");
    fputs(child.output.constData(), stderr); // the child's test log, screenshots' paths included
    QVERIFY2(passed, "the child run without a Secret Service failed (its output is above)");
}

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    return CredentialTesting::execTestOrChild<tst_MainWindowKeychain, tst_MainWindowWithoutKeychain>(kChildMode, argc, argv);
}

#include "tst_mainwindowkeychain.moc"
