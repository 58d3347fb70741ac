#include "appsettings.h"
#include "autheditor.h"
#include "credentialtesting.h"
#include "credentials/credentialstore.h"
#include "oauth/oauthprofilestore.h"
#include "diagnosis/diagnosiscode.h"
#include "../lab/labtesting.h"
#include "labcontroller.h"
#include "labtourtesting.h"
#include "lessonpanel.h"
#include "mainwindow.h"
#include "requesteditor.h"
#include "windowzoom.h"
#include "responseview.h"

#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QStatusBar>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace LabTourTesting;

// The GUI's lab: the first start opens the Tour on lesson 1 (once), every lesson loads into the
// editor as `authscope-cli send` would send it, Send on the Tour's first lessons gives their legs
// and expected diagnosis, Help > Tour goes back to the start, and the lab moves to a free port
// when its own is taken. Offscreen, against the window's own lab.
class tst_LabTour : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void firstStartOpensTheTourOnLessonOneOnce();
    void everyLessonLoadsAsSendOptionsParsesIt();
    void sendOnTheFirstLessonsGivesTheirLegsAndDiagnosis();
    void helpTourReopensTheTourAtItsStart();
    void labMenuLoadsTheChosenLesson();
    void labMovesToAFreePortWhenItsOwnIsTaken();
    void oauthLessonsProfileLivesOnlyInThisSession();
    void lessonPanelGrowsWithTheWindowsZoom();

private:
    // As the app makes it: with a credential store and OAuth profiles (throwaway ones).
    std::unique_ptr<MainWindow> newWindow()
    {
        return std::make_unique<MainWindow>(m_settings.get(), m_credentials->store(), m_oauthProfiles.get());
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<CredentialTesting::TemporaryCredentialStore> m_credentials;
    std::unique_ptr<OAuthProfileStore> m_oauthProfiles;
};

void tst_LabTour::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<AppSettings>(m_dir->filePath(QStringLiteral("settings.ini")));
    m_oauthProfiles.reset();
    m_credentials = std::make_unique<CredentialTesting::TemporaryCredentialStore>();
    m_oauthProfiles = std::make_unique<OAuthProfileStore>(m_credentials->store(),
                                                          m_dir->filePath(QStringLiteral("oauth-profiles.json")));
}

void tst_LabTour::firstStartOpensTheTourOnLessonOneOnce()
{
    {
        const auto owned = newWindow();
        MainWindow &window = *owned;
        QVERIFY(!window.lab()->isRunning());
        QVERIFY(window.openTourOnFirstRun());
        QVERIFY(window.lab()->isRunning());
        const QList<LabScenario> tour = window.lab()->tour();
        QVERIFY(tour.size() >= 3);
        LessonPanel *panel = window.lessonPanel();
        QCOMPARE(panel->currentIndex(), 0);
        QCOMPARE(panel->count(), tour.size());
        QCOMPARE(panel->lesson().id, tour.constFirst().id);
        QVERIFY(window.lessonDock()->isVisibleTo(&window));
        QCOMPARE(window.requestEditor()->request().url, window.lab()->urlFor(tour.constFirst()));
        // The lab's origin stays in sight.
        auto *status = window.statusBar()->findChild<QLabel *>(QStringLiteral("labStatus"));
        QVERIFY(status);
        QVERIFY2(status->text().contains(window.lab()->origin()), qPrintable(status->text()));
        QVERIFY(!panel->previousButton()->isEnabled());
        QVERIFY(panel->nextButton()->isEnabled());
    }
    const auto second = newWindow();
    QVERIFY(!second->openTourOnFirstRun());
    QVERIFY(!second->lab()->isRunning());
    QVERIFY(!second->lessonPanel()->hasLesson());
}

void tst_LabTour::everyLessonLoadsAsSendOptionsParsesIt()
{
    const auto owned = newWindow();
    MainWindow &window = *owned;
    QVERIFY(window.lab()->start());
    const QList<LabScenario> lessons = window.lab()->scenarios();
    QVERIFY(!lessons.isEmpty());
    int inTour = 0;
    for (const LabScenario &lesson : lessons) {
        window.loadScenario(lesson);
        const QUrl url = window.lab()->urlFor(lesson);
        QCOMPARE(window.lessonPanel()->lesson().id, lesson.id);
        const QStringList expected = fields(parsedRequest(lesson, url));
        const QStringList editor = fields(window.requestEditor()->request());
        if (editor != expected)
            QFAIL(qPrintable(QStringLiteral("%1: the editor has\n  %2\nthe CLI sends\n  %3")
                                     .arg(lesson.id, editor.join(QLatin1String("\n  ")),
                                          expected.join(QLatin1String("\n  ")))));
        QString error;
        QVERIFY2(window.requestEditor()->check(&error), qPrintable(lesson.id + u": " + error));
        inTour += lesson.tourOrder >= 0;
    }
    QCOMPARE(inTour, window.lab()->tour().size());
}

void tst_LabTour::sendOnTheFirstLessonsGivesTheirLegsAndDiagnosis()
{
    const auto owned = newWindow();
    MainWindow &window = *owned;
    window.openTour();
    const QList<LabScenario> tour = window.lab()->tour();
    QVERIFY(tour.size() >= 3);
    for (int i = 0; i < 3; ++i) {
        const LabScenario lesson = tour.at(i);
        QCOMPARE(window.lessonPanel()->lesson().id, lesson.id);
        QVERIFY2(sendLesson(&window), qPrintable(lesson.id));
        // The engine on a fresh session with nobody to ask: what `send --no-prompt` does.
        const Exchange cli = ExchangeRunning::run(parsedRequest(lesson, window.lab()->urlFor(lesson)));
        QCOMPARE(LabTesting::statuses(window.lastExchange()), LabTesting::statuses(cli));
        QCOMPARE(DiagnosisCodes::name(window.lessonPanel()->producedDiagnosis()), lesson.expectedDiagnosis);
        QVERIFY2(window.lessonPanel()->outcomeMatches(), qPrintable(window.lessonPanel()->outcomeLabel()->text()));
        if (i < 2)
            QTest::mouseClick(window.lessonPanel()->nextButton(), Qt::LeftButton);
        // A new lesson starts without the last one's response or verdict.
        QVERIFY(!window.responseView()->isShowingOutcome() || i == 2);
        QVERIFY(!window.lessonPanel()->hasOutcome() || i == 2);
    }
}

void tst_LabTour::helpTourReopensTheTourAtItsStart()
{
    const auto owned = newWindow();
    MainWindow &window = *owned;
    window.openTour();
    QTest::mouseClick(window.lessonPanel()->nextButton(), Qt::LeftButton);
    QTest::mouseClick(window.lessonPanel()->nextButton(), Qt::LeftButton);
    QCOMPARE(window.lessonPanel()->currentIndex(), 2);
    QTest::mouseClick(window.lessonPanel()->previousButton(), Qt::LeftButton);
    QCOMPARE(window.lessonPanel()->currentIndex(), 1);
    window.lessonDock()->hide();
    window.tourAction()->trigger();
    QCOMPARE(window.lessonPanel()->currentIndex(), 0);
    QCOMPARE(window.lessonPanel()->lesson().id, window.lab()->tour().constFirst().id);
    QVERIFY(window.lessonDock()->isVisibleTo(&window));
}

void tst_LabTour::labMenuLoadsTheChosenLesson()
{
    const auto owned = newWindow();
    MainWindow &window = *owned;
    QMenu *menu = window.lab()->menu();
    QVERIFY(menu);
    // Groups in the Tour's teaching order: the first is the first lesson's.
    auto *lessons = menu->findChild<QMenu *>(QStringLiteral("labLessonsMenu"));
    QVERIFY(lessons && !lessons->actions().isEmpty());
    QCOMPARE(lessons->actions().constFirst()->text(), LabCatalog().tour(QString()).constFirst().group);
    const LabScenario last = LabCatalog().scenarios().constLast();
    auto *action = menu->findChild<QAction *>(u"labLesson-" + last.id);
    QVERIFY(action);
    action->trigger();
    QVERIFY(window.lab()->isRunning());
    QCOMPARE(window.lessonPanel()->lesson().id, last.id);
    QCOMPARE(window.lessonPanel()->count(), LabCatalog().scenarios().size());
    QCOMPARE(window.requestEditor()->request().url.path(), QUrl(window.lab()->urlFor(last)).path());
    window.lab()->startStopAction()->trigger();
    QVERIFY(!window.lab()->isRunning());
    QVERIFY(window.statusBar()->findChild<QLabel *>(QStringLiteral("labStatus"))->text() != window.lab()->origin());
}

void tst_LabTour::labMovesToAFreePortWhenItsOwnIsTaken()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    const auto owned = newWindow();
    MainWindow &window = *owned;
    window.lab()->setPreferredPort(taken.serverPort());
    QVERIFY(window.lab()->start());
    QVERIFY(window.lab()->server()->port() != 0);
    QVERIFY(window.lab()->server()->port() != taken.serverPort());
    QVERIFY(LabServer::isLoopback(window.lab()->server()->address()));
    // The status bar says where the lab went and why.
    const QString message = window.statusBar()->currentMessage();
    QVERIFY2(message.contains(window.lab()->origin()) && message.contains(QString::number(taken.serverPort())),
             qPrintable(message));
    // And keeps saying it once other messages came.
    const QString label = window.statusBar()->findChild<QLabel *>(QStringLiteral("labStatus"))->text();
    QVERIFY2(label.contains(window.lab()->origin()) && label.contains(QString::number(taken.serverPort())),
             qPrintable(label));
}

void tst_LabTour::oauthLessonsProfileLivesOnlyInThisSession()
{
    const auto owned = newWindow();
    MainWindow &window = *owned;
    QVERIFY(window.lab()->start());
    LabScenario oauthLesson;
    for (const LabScenario &lesson : window.lab()->scenarios()) {
        SendOptions options;
        if (SendOptions::parse(lesson.tryArguments + QStringList{window.lab()->urlFor(lesson).toString()}, &options).isOk()
            && options.hasAdHocOAuth()) {
            oauthLesson = lesson;
            break;
        }
    }
    QVERIFY2(!oauthLesson.id.isEmpty(), "no lesson uses an ad-hoc OAuth profile");
    window.loadScenario(oauthLesson);
    QVERIFY(!window.requestEditor()->authEditor()->oauthProfile().isEmpty());
    QVERIFY(sendLesson(&window));
    QCOMPARE(DiagnosisCodes::name(window.lessonPanel()->producedDiagnosis()), oauthLesson.expectedDiagnosis);
    QVERIFY2(window.lastExchange().legs.size() >= 2, "no token endpoint leg"); // the token endpoint, then the API
    // Demo values of this session: nothing in the profile store or the keychain's index.
    QVERIFY(m_oauthProfiles->profiles().isEmpty());
    QVERIFY(m_credentials->store()->index().list().isEmpty());
}

void tst_LabTour::lessonPanelGrowsWithTheWindowsZoom()
{
    const auto owned = newWindow();
    MainWindow &window = *owned;
    window.openTour();
    LessonPanel *panel = window.lessonPanel();
    const auto sizes = [panel] {
        QList<qreal> points;
        for (const QLabel *label : panel->findChildren<QLabel *>())
            points.append(label->font().pointSizeF());
        return points;
    };
    const QList<qreal> before = sizes();
    window.zoom()->setPercent(150);
    const QList<qreal> after = sizes();
    QCOMPARE(after.size(), before.size());
    // Every label by the same factor: a bold section title (its size inherited) once, not twice.
    for (int i = 0; i < before.size(); ++i)
        QVERIFY2(qAbs(after.at(i) - before.at(i) * 1.5) < 0.01,
                 qPrintable(QStringLiteral("label %1: %2 pt at 100%, %3 pt at 150%").arg(i).arg(before.at(i)).arg(after.at(i))));
    // Readable: at 1280x720 and 150% the verdict and the buttons are still inside the window.
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QRect buttons(panel->nextButton()->mapTo(&window, QPoint(0, 0)), panel->nextButton()->size());
    QVERIFY(window.rect().contains(buttons));
}

QTEST_MAIN(tst_LabTour)
#include "tst_labtour.moc"
