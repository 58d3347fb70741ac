#include "appsettings.h"
#include "autheditor.h"
#include "exchangeview.h"
#include "guisigninprompter.h"
#include "legdetailsview.h"
#include "leglistmodel.h"
#include "leglistview.h"
#include "mainwindow.h"
#include "oauth/tokenbroker.h"
#include "oauthguitesting.h"
#include "oauthprofilelistmodel.h"
#include "oauthprofileswindow.h"
#include "requesteditor.h"
#include "screenshottesting.h"
#include "signindialog.h"
#include "tokeninspector.h"

#include <QComboBox>
#include <QDir>
#include <QHeaderView>
#include <QPushButton>
#include <QScreen>
#include <QSet>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace OAuthGuiTesting;
using namespace ScreenshotTesting;
using CredentialTesting::randomSecret;
using CredentialTesting::TemporaryCredentialStore;

// On the X server of the test command (xvfb-run), as a user sees it, into build/screenshots/:
// the main window after an expired token went 401 -> token endpoint -> 200 (oauth-exchange.png),
// the OAuth profiles window after a sign-in (oauth-profiles.png), the token inspector on the
// server's JWT (oauth-inspector.png) and the device-code sign-in (oauth-devicecode.png).
class tst_OAuthScreenshot : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void oauthExchangeRendersOnScreen();
    void profilesWindowInspectorAndDeviceCodeRenderOnScreen();

private:
    OidcServer m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TemporaryCredentialStore> m_credentials;
    std::unique_ptr<OAuthProfileStore> m_store;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

namespace {

bool save(const QImage &image, const QString &name)
{
    QString path;
    if (!ScreenshotTesting::save(image, name, &path))
        return false;
    qInfo("screenshot: %s (%dx%d, %d colours)", qPrintable(path), image.width(), image.height(), distinctColours(image));
    return true;
}

// The text of the column fits: nothing a user needs is cut to "…".
bool columnShowsAll(QTableView *table, int column)
{
    const QAbstractItemModel *model = table->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString text = model->index(row, column).data().toString();
        if (table->fontMetrics().horizontalAdvance(text) + 8 > table->columnWidth(column)) {
            qWarning("column %d cuts \"%s\" (%d px)", column, qPrintable(text), table->columnWidth(column));
            return false;
        }
    }
    return true;
}

} // namespace

void tst_OAuthScreenshot::initTestCase()
{
    QVERIFY2(QGuiApplication::platformName() == QLatin1String("xcb"), qPrintable(QGuiApplication::platformName()));
    QString error;
    OidcServerOptions options;
    options.accessTokenTtlSeconds = 2;
    options.clientSecret = randomSecret();
    QVERIFY2(m_server.start(&error, options), qPrintable(error));
    m_dir = std::make_unique<QTemporaryDir>();
    m_credentials = std::make_unique<TemporaryCredentialStore>();
    m_store = std::make_unique<OAuthProfileStore>(m_credentials->store(), m_dir->filePath(QStringLiteral("oauth-profiles.json")));
    QVERIFY(saveProfile(m_store.get(), passwordProfile(m_server, QStringLiteral("alice")),
                        m_server.secretOf(OidcServer::confidentialClientId())));
    QVERIFY(saveProfile(m_store.get(), clientCredentialsProfile(m_server, QStringLiteral("reports-api")),
                        m_server.secretOf(OidcServer::clientCredentialsClientId())));
    OAuthProfile device;
    device.name = QStringLiteral("tv-device");
    device.issuer = m_server.issuer();
    device.clientId = OidcServer::publicClientId();
    device.clientAuth = OAuthProfile::ClientAuth::None;
    device.grant = OAuthProfile::Grant::DeviceCode;
    device.scope = QStringLiteral("openid offline_access api:read");
    QVERIFY(saveProfile(m_store.get(), device, QByteArray()));
    m_settings = std::make_unique<AppSettings>(m_dir->filePath(QStringLiteral("authscope.ini")));
    m_window = std::make_unique<MainWindow>(m_settings.get(), m_credentials->store(), m_store.get());
    m_window->tokenBroker()->setLockDirectory(m_dir->filePath(QStringLiteral("locks")));
    m_window->move(20, 20);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->activateWindow(); // no window manager under Xvfb gives focus on its own
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void tst_OAuthScreenshot::cleanupTestCase()
{
    m_window.reset();
    if (m_store) {
        for (const OAuthProfile &profile : m_store->profiles())
            CredentialTesting::runJob(m_store->removeProfile(profile.name));
    }
}

void tst_OAuthScreenshot::oauthExchangeRendersOnScreen()
{
    // Tokens whose expiry this side does not know; the server's 2 s pass: 401, refresh, retry.
    QVERIFY(storeTokens(m_store.get(), QStringLiteral("alice"), signedInTokens(&m_server, false)));
    QTest::qWait(2200);
    RequestEditor *editor = m_window->requestEditor();
    editor->tabs()->setCurrentIndex(RequestEditor::AuthTab);
    QVERIFY(editor->authEditor()->setOAuthProfile(QStringLiteral("alice")));
    QTest::keyClicks(editor->urlField(), m_server.resourceUrl(QStringLiteral("/api/reports")).toString());
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    QTest::keyClick(editor->urlField(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(finished.wait(20000));
    const Exchange &exchange = m_window->lastExchange();
    QVERIFY2(exchange.status.isOk(), qPrintable(exchange.status.message()));
    QCOMPARE(exchange.legs.size(), 3);
    QCOMPARE(exchange.legs.at(1).kind, Leg::Kind::TokenEndpoint);
    LegListView *legs = m_window->exchangeView()->legList();
    QVERIFY(columnShowsAll(legs, LegListModel::KindColumn));
    // The token endpoint's leg: its request with the client authentication masked.
    legs->selectLeg(1);
    QTest::qWait(300);
    QImage image = grabScreenArea(m_window.get());
    QVERIFY(distinctColours(image) > 32);
    QVERIFY(save(image, QStringLiteral("oauth-exchange.png")));
}

void tst_OAuthScreenshot::profilesWindowInspectorAndDeviceCodeRenderOnScreen()
{
    m_window->oauthProfilesAction()->trigger();
    OAuthProfilesWindow *profiles = m_window->oauthProfilesWindow();
    QVERIFY(profiles);
    QVERIFY(QTest::qWaitForWindowExposed(profiles));
    QVERIFY(profiles->selectProfile(QStringLiteral("reports-api")));
    QSignalSpy tokenFinished(profiles, &OAuthProfilesWindow::tokenExchangeFinished);
    QTest::mouseClick(profiles->signInButton(), Qt::LeftButton);
    QVERIFY(tokenFinished.wait(20000));
    QVERIFY2(profiles->lastExchange().status.isOk(), qPrintable(profiles->lastExchange().status.message()));
    const int row = profiles->model()->rowOf(QStringLiteral("reports-api"));
    QTRY_VERIFY(profiles->model()->index(row, OAuthProfileListModel::StateColumn).data().toString().startsWith(QLatin1String("valid until")));
    QVERIFY(columnShowsAll(profiles->exchangeView()->legList(), LegListModel::KindColumn));
    QTest::qWait(300);
    QImage image = grabScreenArea(profiles);
    QVERIFY(distinctColours(image) > 32);
    QVERIFY(save(image, QStringLiteral("oauth-profiles.png")));

    QTest::mouseClick(profiles->inspectButton(), Qt::LeftButton);
    QTRY_VERIFY(profiles->inspector() && profiles->inspector()->isVisible());
    TokenInspector *inspector = profiles->inspector();
    QTRY_VERIFY_WITH_TIMEOUT(!inspector->isVerifying(), 10000);
    QVERIFY2(inspector->signatureLabel()->text().startsWith(QLatin1String("Verified")), qPrintable(inspector->signatureLabel()->text()));
    QVERIFY(QTest::qWaitForWindowExposed(inspector));
    QTest::qWait(300);
    image = grabScreenArea(inspector);
    QVERIFY(distinctColours(image) > 16);
    QVERIFY(save(image, QStringLiteral("oauth-inspector.png")));
    inspector->close();

    QVERIFY(profiles->selectProfile(QStringLiteral("tv-device")));
    QSignalSpy shown(m_window->signInPrompter(), &GuiSignInPrompter::dialogShown);
    QTest::mouseClick(profiles->signInButton(), Qt::LeftButton);
    QVERIFY(shown.wait(20000));
    SignInDialog *dialog = m_window->signInPrompter()->dialog(QStringLiteral("tv-device"));
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QVERIFY(!dialog->userCodeLabel()->text().isEmpty());
    QVERIFY(dialog->verificationLink()->text().contains(m_server.verificationUrl().toString().toHtmlEscaped()));
    QTest::qWait(300);
    image = grabScreenArea(dialog);
    QVERIFY(distinctColours(image) > 8);
    QVERIFY(save(image, QStringLiteral("oauth-devicecode.png")));
    QSignalSpy cancelled(profiles, &OAuthProfilesWindow::tokenExchangeFinished);
    QTest::mouseClick(dialog->cancelButton(), Qt::LeftButton);
    QVERIFY(cancelled.count() == 1 || cancelled.wait(10000));
}

QTEST_MAIN(tst_OAuthScreenshot)
#include "tst_oauthscreenshot.moc"
