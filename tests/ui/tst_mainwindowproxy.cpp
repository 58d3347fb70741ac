#include "appsettings.h"
#include "labcontroller.h"
#include "lab/proxylab.h"
#include "credentialdialog.h"
#include "mainwindow.h"
#include "mainwindowtesting.h"
#include "proxychooser.h"
#include "proxydialog.h"
#include "requesteditor.h"
#include "secretlineedit.h"
#include "responseview.h"

#include "apacheserver.h"
#include "httpbinserver.h"
#include "screenshottesting.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// The GUI's proxy setting: the request editor's choice (Default, None, System, URL) round-trips,
// the window's default (Session > Proxy…) is stored as text without a password, and a request
// through Apache as a forward proxy that demands Basic (407) asks for the proxy's credentials in
// the credential dialog and ends 200.
class tst_MainWindowProxy : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void editorChoiceRoundTrips_data();
    void editorChoiceRoundTrips();
    void anUnreadableProxyUrlIsRefusedBeforeSending();
    void defaultIsStoredWithoutAPassword();
    void a407AsksForTheProxysCredentialsAndEnds200();
    void theLabsProxyLessonAsksForTheProxysCredentials();

private:
    QString iniPath() const { return m_settingsDir.filePath(QStringLiteral("authscope.ini")); }
    QString proxyUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_proxy.port()); }

    HttpbinServer m_httpbin;
    ApacheServer m_proxy;
    QTemporaryDir m_settingsDir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

void tst_MainWindowProxy::initTestCase()
{
    QString error;
    QVERIFY2(m_httpbin.start(&error), qPrintable(error));
    m_proxy.addDirectives(QStringLiteral("<Proxy \"*\">\n  AuthType Basic\n  AuthName \"proxy realm\"\n  AuthBasicProvider file\n"
                                         "  AuthUserFile \"%1\"\n  Require valid-user\n</Proxy>")
                                  .arg(m_proxy.writeHtpasswd(QStringLiteral("proxy.htpasswd"), QStringLiteral("pu"), "proxy-pw")));
    QVERIFY2(m_proxy.start(&error), qPrintable(error));
    QVERIFY(m_settingsDir.isValid());
}

void tst_MainWindowProxy::init()
{
    QFile::remove(iniPath());
    m_settings = std::make_unique<AppSettings>(iniPath());
    m_window = std::make_unique<MainWindow>(m_settings.get());
    m_window->resize(1280, 720);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void tst_MainWindowProxy::cleanup()
{
    m_window.reset();
    m_settings.reset();
}

void tst_MainWindowProxy::editorChoiceRoundTrips_data()
{
    QTest::addColumn<QString>("setting");
    QTest::addColumn<bool>("urlFieldShown");
    QTest::newRow("default") << "default" << false;
    QTest::newRow("none") << "none" << false;
    QTest::newRow("system") << "system" << false;
    QTest::newRow("url with a user") << "http://pu@127.0.0.1:3128" << true;
}

void tst_MainWindowProxy::editorChoiceRoundTrips()
{
    QFETCH(QString, setting);
    QFETCH(bool, urlFieldShown);
    RequestEditor *editor = m_window->requestEditor();
    QCOMPARE(editor->proxySetting().mode, ProxySetting::Mode::Default); // a new request follows the window
    ProxySetting chosen;
    QVERIFY(ProxySetting::fromString(setting, &chosen));
    editor->setProxySetting(chosen);
    QCOMPARE(editor->proxySetting().toString(), setting);
    QCOMPARE(editor->proxyChooser()->urlField()->isVisible(), urlFieldShown);
    QString error;
    QVERIFY2(editor->check(&error), qPrintable(error));
    if (urlFieldShown) {
        QString path;
        QVERIFY(ScreenshotTesting::save(editor->grab().toImage(), QStringLiteral("proxy-options.png"), &path));
        // At 1280x720 the row fits: the whole URL field is inside the editor.
        QWidget *field = editor->proxyChooser()->urlField();
        QVERIFY(field->mapTo(editor, QPoint(field->width(), 0)).x() <= editor->width());
        QVERIFY(field->width() >= field->minimumWidth());
    }
}

void tst_MainWindowProxy::anUnreadableProxyUrlIsRefusedBeforeSending()
{
    m_window->requestEditor()->setUrl(m_httpbin.url(QStringLiteral("/get")).toString());
    ProxyChooser *chooser = m_window->requestEditor()->proxyChooser();
    chooser->modeSelector()->setCurrentIndex(chooser->modeSelector()->findText(QStringLiteral("URL")));
    QTest::keyClicks(chooser->urlField(), QStringLiteral("proxy.example:3128"));
    QSignalSpy started(m_window.get(), &MainWindow::exchangeStarted);
    m_window->sendAction()->trigger();
    QCOMPARE(started.size(), 0);
    QString error;
    QVERIFY(!m_window->requestEditor()->check(&error));
    QVERIFY2(error.contains(QStringLiteral("proxy.example:3128")), qPrintable(error));
    QCOMPARE(chooser->urlField()->text(), QStringLiteral("proxy.example:3128")); // nothing typed is lost
}

void tst_MainWindowProxy::defaultIsStoredWithoutAPassword()
{
    QCOMPARE(m_window->defaultProxy().mode, ProxySetting::Mode::None);
    m_window->proxyAction()->trigger();
    ProxyDialog *dialog = m_window->proxyDialog();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QComboBox *mode = dialog->chooser()->modeSelector();
    QCOMPARE(mode->findText(QStringLiteral("Default")), -1); // the window's own choice is never "default"
    mode->setCurrentIndex(mode->findText(QStringLiteral("URL")));
    QTest::keyClicks(dialog->chooser()->urlField(), QStringLiteral("http://pu:hunter2@127.0.0.1:3128"));
    dialog->accept();
    QVERIFY(dialog->isVisible()); // refused, with the reason, and the text kept
    QVERIFY(dialog->problemLabel()->isVisible());
    QVERIFY2(dialog->problemLabel()->text().contains(QStringLiteral("password")), qPrintable(dialog->problemLabel()->text()));
    QVERIFY(!dialog->problemLabel()->text().contains(QStringLiteral("hunter2")));
    QString path;
    QVERIFY(ScreenshotTesting::save(dialog->grab().toImage(), QStringLiteral("proxy-dialog.png"), &path));

    dialog->chooser()->urlField()->setText(QStringLiteral("http://pu@127.0.0.1:3128"));
    dialog->accept();
    QTRY_VERIFY(!m_window->proxyDialog());
    QCOMPARE(m_window->defaultProxy().toString(), QStringLiteral("http://pu@127.0.0.1:3128"));
    m_settings->sync();
    QFile ini(iniPath());
    QVERIFY(ini.open(QIODevice::ReadOnly));
    const QByteArray stored = ini.readAll();
    QVERIFY2(stored.contains("pu@127.0.0.1:3128"), stored.constData()); // proves the search reads the file
    QVERIFY(!stored.contains("hunter2"));

    // A new window reads it back.
    m_window.reset();
    m_window = std::make_unique<MainWindow>(m_settings.get());
    QCOMPARE(m_window->defaultProxy().toString(), QStringLiteral("http://pu@127.0.0.1:3128"));
}

void tst_MainWindowProxy::a407AsksForTheProxysCredentialsAndEnds200()
{
    ProxySetting proxy;
    QVERIFY(ProxySetting::fromString(proxyUrl(), &proxy));
    m_window->setDefaultProxy(proxy);
    m_window->requestEditor()->setUrl(m_httpbin.url(QStringLiteral("/get")).toString());
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    CredentialDialog *dialog = MainWindowTesting::sendAndWaitForDialog(m_window.get());
    QVERIFY(dialog);
    QVERIFY(dialog->request().space.proxy); // the dialog is the proxy's
    QCOMPARE(dialog->request().space.origin, proxyUrl());
    QCOMPARE(dialog->request().space.realm, QStringLiteral("proxy realm"));
    MainWindowTesting::answer(dialog, QStringLiteral("pu"), QStringLiteral("proxy-pw"));
    QVERIFY(finished.wait(10000));
    const Exchange &ex = m_window->lastExchange();
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(0).statusCode, 407);
    QCOMPARE(ex.legs.at(1).statusCode, 200);
    QCOMPARE(ex.legs.at(1).proxy, proxyUrl());
    QVERIFY(ex.legs.at(1).requestHeaders.value("Proxy-Authorization").startsWith("Basic "));

    // The request's own None goes straight to the server, past the window's default.
    m_window->requestEditor()->setProxySetting(ProxySetting{ProxySetting::Mode::None, {}});
    m_window->sendAction()->trigger();
    QVERIFY(finished.wait(10000));
    QCOMPARE(m_window->lastExchange().legs.size(), 1);
    QCOMPARE(m_window->lastExchange().legs.at(0).statusCode, 200);
    QVERIFY(m_window->lastExchange().legs.at(0).proxy.isEmpty());
}

void tst_MainWindowProxy::theLabsProxyLessonAsksForTheProxysCredentials()
{
    // The lesson's `try` (--proxy {origin}) loaded into the window: the editor's proxy is the lab,
    // and the lab's 407 is a question to the user about the proxy, answered with the lesson's values.
    m_window->lab()->setPreferredPort(0); // a free port: the test run may hold 8642
    QVERIFY(m_window->lab()->start());
    LabScenario lesson;
    for (const LabScenario &scenario : m_window->lab()->scenarios()) {
        if (scenario.id == u"proxy-auth-required")
            lesson = scenario;
    }
    QVERIFY(!lesson.id.isEmpty());
    m_window->loadScenario(lesson);
    const QString origin = m_window->lab()->origin();
    QCOMPARE(m_window->requestEditor()->proxySetting().toString(), origin);
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    CredentialDialog *dialog = MainWindowTesting::sendAndWaitForDialog(m_window.get());
    QVERIFY(dialog);
    QVERIFY(dialog->request().space.proxy);
    QCOMPARE(dialog->request().space.origin, origin);
    MainWindowTesting::answer(dialog, ProxyLab::proxyUser(), QString::fromLatin1(ProxyLab::proxyPassword()));
    QVERIFY(finished.wait(10000));
    const Exchange &ex = m_window->lastExchange();
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(0).statusCode, 407);
    QCOMPARE(ex.legs.at(1).statusCode, 200);
    QCOMPARE(ex.legs.at(1).responseHeaders.value("Via"), QByteArray("1.1 authscope-lab-proxy"));
}

QTEST_MAIN(tst_MainWindowProxy)
#include "tst_mainwindowproxy.moc"
