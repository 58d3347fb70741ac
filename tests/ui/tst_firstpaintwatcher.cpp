#include "firstpaintwatcher.h"

#include <QElapsedTimer>
#include <QPainter>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

// --quit-after-startup must quit after the first paint, never before it.
class tst_FirstPaintWatcher : public QObject
{
    Q_OBJECT
private slots:
    void signalsOnceAfterTheWholeWindowPainted();
    void timesOutWhenTheWindowNeverPaints();
    void appQuitsAfterStartupWithTheWindowPainted();
};

namespace {
// Records whether it has painted: a child paints after its window, within the same paint pass.
class PaintProbe : public QWidget
{
public:
    using QWidget::QWidget;
    int paints = 0;

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter(this).fillRect(rect(), Qt::darkCyan);
        ++paints;
    }
};
} // namespace

void tst_FirstPaintWatcher::signalsOnceAfterTheWholeWindowPainted()
{
    QWidget window;
    window.resize(300, 200);
    auto *child = new PaintProbe(&window);
    child->setGeometry(10, 10, 100, 100);
    FirstPaintWatcher watcher(&window);
    int childPaintsAtSignal = -1;
    connect(&watcher, &FirstPaintWatcher::firstPaint, this, [&] { childPaintsAtSignal = child->paints; });
    QSignalSpy spy(&watcher, &FirstPaintWatcher::firstPaint);
    QVERIFY(!watcher.hasPainted());
    window.show();
    QVERIFY(spy.wait(10000));
    QCOMPARE(childPaintsAtSignal, 1);
    QVERIFY(watcher.hasPainted());
    window.update();
    QTest::qWait(100);
    QCOMPARE(spy.size(), 1);
}

void tst_FirstPaintWatcher::timesOutWhenTheWindowNeverPaints()
{
    QWidget window; // never shown
    FirstPaintWatcher watcher(&window);
    QSignalSpy timedOut(&watcher, &FirstPaintWatcher::timedOut);
    watcher.setTimeout(50);
    QVERIFY(timedOut.wait(2000));
    QVERIFY(!watcher.hasPainted());
}

void tst_FirstPaintWatcher::appQuitsAfterStartupWithTheWindowPainted()
{
    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.path());
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    QProcess app;
    app.setProcessEnvironment(env);
    app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QElapsedTimer clock;
    clock.start();
    app.start(QStringLiteral(AUTHSCOPE_BIN_DIR "/authscope"),
              {QStringLiteral("--quit-after-startup"), QStringLiteral("http://127.0.0.1:9/prefilled")});
    QVERIFY(app.waitForFinished(30000));
    QCOMPARE(app.exitStatus(), QProcess::NormalExit);
    QCOMPARE(app.exitCode(), 0);
    // A normal start saves the window state on close: proof the window came up and closed.
    QVERIFY(QFile::exists(home.filePath(QStringLiteral("AuthScope/AuthScope.conf"))));
    qInfo("start-up to first paint and exit: %lld ms", clock.elapsed());
}

QTEST_MAIN(tst_FirstPaintWatcher)
#include "tst_firstpaintwatcher.moc"
