#include "appsettings.h"
#include "credentialdialog.h"
#include "exchangeview.h"
#include "leglistmodel.h"
#include "leglistview.h"
#include "mainwindow.h"
#include "mainwindowtesting.h"
#include "requesteditor.h"
#include "secretlineedit.h"
#include "stepbanner.h"
#include "stepthrough.h"

#include "httpbinserver.h"
#include "screenshottesting.h"

#include <QAction>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// Step-through in the main window against python3-httpbin's Digest SHA-256: each leg is held
// until Space, the banner's preview carries the codes of what the held leg will do (the first
// without credentials, the second answering the 401's Digest challenge), Left selects the previous
// leg while paused, R sends the request again from the start, Escape aborts a held exchange.
class tst_StepThrough : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void holdsEachLegAndSaysWhatComesNext();
    void replayStartsAgainAndEscapeAborts();
    void switchingOffLetsTheHeldLegGo();

private:
    // Sends with the leg list focused (the step keys are the window's, text fields keep theirs)
    // and waits for the first held leg.
    bool sendAndWaitForHold();
    void press(Qt::Key key) { QTest::keyClick(m_window->exchangeView()->legList(), key); }
    StepThrough *steps() const { return m_window->stepThrough(); }
    const LegPreview &preview() const { return steps()->banner()->preview(); }

    HttpbinServer m_httpbin;
    QTemporaryDir m_settingsDir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

void tst_StepThrough::initTestCase()
{
    QString error;
    QVERIFY2(m_httpbin.start(&error), qPrintable(error));
    QVERIFY(m_settingsDir.isValid());
}

void tst_StepThrough::init()
{
    m_settings = std::make_unique<AppSettings>(m_settingsDir.filePath(QStringLiteral("authscope.ini")));
    m_window = std::make_unique<MainWindow>(m_settings.get());
    m_window->resize(1280, 720);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_window->requestEditor()->setUrl(m_httpbin.url(QStringLiteral("/digest-auth/auth/bob/pw/SHA-256")).toString());
    QVERIFY(!m_window->stepThroughAction()->isChecked());
    m_window->stepThroughAction()->trigger();
    QVERIFY(steps()->isOn());
}

void tst_StepThrough::cleanup()
{
    m_window.reset();
    m_settings.reset();
}

bool tst_StepThrough::sendAndWaitForHold()
{
    QSignalSpy held(steps(), &StepThrough::legHeld);
    m_window->exchangeView()->legList()->setFocus();
    m_window->sendAction()->trigger();
    // The first leg may be held inside start() (nothing to wait for before it).
    return !held.isEmpty() || held.wait(10000);
}

void tst_StepThrough::holdsEachLegAndSaysWhatComesNext()
{
    QVERIFY(sendAndWaitForHold());
    QCOMPARE(steps()->heldLeg(), 0);
    QVERIFY(steps()->banner()->isVisible());
    QCOMPARE(preview().because, LegPreview::Because::ComposedRequest);
    QCOMPARE(preview().method, QByteArray("GET"));
    QVERIFY(preview().credentialField.isEmpty());
    // Held means not sent: still no response after a while, shown pending in the list.
    QTest::qWait(300);
    LegListView *legs = m_window->exchangeView()->legList();
    QCOMPARE(legs->legModel()->rowCount(), 1);
    QVERIFY(!m_window->lastExchange().legs.size());
    QCOMPARE(legs->legModel()->heldLeg(), 0);
    QVERIFY(legs->legModel()->index(0, LegListModel::StatusColumn).data().toString() != QStringLiteral("…"));
    QVERIFY(steps()->nextAction()->isEnabled());
    QVERIFY(!steps()->previousAction()->isEnabled());

    // Space sends it: the 401 asks for credentials, then the answer is held in its turn.
    QSignalSpy opened(m_window->credentialProvider(), &DialogCredentialProvider::dialogOpened);
    QSignalSpy held(steps(), &StepThrough::legHeld);
    press(Qt::Key_Space);
    QVERIFY(opened.wait(10000));
    auto *dialog = opened.first().first().value<CredentialDialog *>();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    MainWindowTesting::answer(dialog, QStringLiteral("bob"), QStringLiteral("pw"));
    QTRY_VERIFY_WITH_TIMEOUT(!held.isEmpty(), 10000); // may be held inside the click
    QCOMPARE(steps()->heldLeg(), 1);
    QCOMPARE(preview().because, LegPreview::Because::ChallengeAnswer);
    QCOMPARE(preview().follows, 0);
    QCOMPARE(preview().followsStatus, 401);
    QCOMPARE(preview().credentialField, QByteArray("Authorization"));
    QCOMPARE(preview().credentialScheme, QByteArray("Digest"));
    QCOMPARE(preview().algorithm, QByteArray("SHA-256"));
    QCOMPARE(preview().realm, QStringLiteral("me@kennethreitz.com"));
    QVERIFY(preview().hasNote(NoteCode::ChallengeAnswered));
    const QString text = steps()->banner()->text();
    QVERIFY2(!text.contains(u"pw\"") && !text.contains(QStringLiteral("response=")), qPrintable(text));
    QCOMPARE(legs->currentLeg(), 1);
    QCOMPARE(legs->legModel()->heldLeg(), 1);
    QString path;
    QVERIFY(ScreenshotTesting::save(m_window->grab().toImage(), QStringLiteral("stepthrough-held.png"), &path));

    // Left selects the previous leg while paused; the held leg stays held.
    QVERIFY(steps()->previousAction()->isEnabled());
    m_window->activateWindow(); // back from the dialog
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    press(Qt::Key_Left);
    QCOMPARE(legs->currentLeg(), 0);
    QCOMPARE(steps()->heldLeg(), 1);
    QVERIFY(m_window->isSending());

    // N sends the held leg: 200, the banner says the exchange ended.
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    press(Qt::Key_N);
    QVERIFY(finished.wait(10000));
    QCOMPARE(m_window->lastExchange().legs.size(), 2);
    QCOMPARE(m_window->lastExchange().legs.at(1).statusCode, 200);
    QCOMPARE(steps()->heldLeg(), -1);
    QCOMPARE(legs->legModel()->heldLeg(), -1);
    QVERIFY(steps()->banner()->isVisible());
    QVERIFY(!steps()->nextAction()->isEnabled() || legs->currentLeg() == 0);
}

void tst_StepThrough::replayStartsAgainAndEscapeAborts()
{
    QVERIFY(sendAndWaitForHold());
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    QSignalSpy held(steps(), &StepThrough::legHeld);
    QVERIFY(steps()->replayAction()->isEnabled());
    press(Qt::Key_R);
    // The held exchange ended (cancelled) and the same request starts over, held at its first leg.
    QCOMPARE(finished.size(), 1);
    QCOMPARE(m_window->lastExchange().status.code(), Status::Code::Cancelled);
    QTRY_COMPARE_WITH_TIMEOUT(held.size(), 1, 10000);
    QCOMPARE(steps()->heldLeg(), 0);
    QVERIFY(m_window->isSending());
    QCOMPARE(m_window->exchangeView()->legList()->legModel()->rowCount(), 1);
    press(Qt::Key_Escape);
    QCOMPARE(finished.size(), 2);
    QCOMPARE(m_window->lastExchange().status.code(), Status::Code::Cancelled);
    QVERIFY(!m_window->isSending());
    QCOMPARE(m_window->lastExchange().legs.at(0).statusCode, 0); // never sent
}

void tst_StepThrough::switchingOffLetsTheHeldLegGo()
{
    QVERIFY(sendAndWaitForHold());
    QSignalSpy opened(m_window->credentialProvider(), &DialogCredentialProvider::dialogOpened);
    m_window->stepThroughAction()->trigger();
    QVERIFY(!steps()->isOn());
    QVERIFY(!steps()->banner()->isVisible());
    QVERIFY(!steps()->nextAction()->isEnabled());
    QVERIFY(opened.wait(10000)); // the 401 came back: the held leg went
    QCOMPARE(m_window->exchangeView()->legList()->legModel()->rowCount(), 1);
    m_window->cancel();
}

QTEST_MAIN(tst_StepThrough)
#include "tst_stepthrough.moc"
