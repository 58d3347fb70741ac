#include "autheditor.h"
#include "appsettings.h"
#include "exchangeview.h"
#include "legdetailsview.h"
#include "leglistview.h"
#include "mainwindow.h"
#include "render/diagramimage.h"
#include "render/sequencediagrampainter.h"
#include "requesteditor.h"
#include "secretlineedit.h"
#include "sequencediagramview.h"

#include "httpbinserver.h"
#include "screenshottesting.h"

#include <QDir>
#include <QFile>
#include <QImageReader>
#include <QLineEdit>
#include <QProcess>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSplitter>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

// A Digest SHA-256 exchange against python3-httpbin (Apache's mod_auth_digest only does MD5) in
// the main window at 1280x720 on the X server of the test command: the diagram draws 401 -> 200,
// its arrows select legs in the leg list and the inspector and the other way round, the keyboard
// moves between legs; the window and the diagram (SVG, PNG, dark PNG, presenter PNG) are saved
// under build/screenshots/ and the SVG is converted by rsvg-convert.
class tst_SequenceDiagram : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void coloursReadInLightAndDarkPalettes();
    void digestSha256ExchangeIsDrawnAndSelectable();
    void diagramFilesOpenInAnotherTool();
    void writeRefusesAnotherSuffix();

private:
    HttpbinServer m_httpbin;
    Exchange m_exchange; // the Digest exchange of the second test, for the files
};

using namespace ScreenshotTesting;

namespace {

// Whether any pixel along the arrow (dashed lines have gaps) has the colour, give or take
// antialiasing.
bool arrowPainted(const QImage &image, const QLineF &line, const QColor &colour)
{
    for (int i = 1; i < 40; ++i) {
        const QPointF p = line.pointAt(i / 40.0);
        for (int dy = -1; dy <= 1; ++dy) {
            const QColor seen = image.pixelColor(qRound(p.x()), qRound(p.y()) + dy);
            if (qAbs(seen.red() - colour.red()) + qAbs(seen.green() - colour.green()) + qAbs(seen.blue() - colour.blue()) < 24)
                return true;
        }
    }
    return false;
}

QString screenshotPath(const QString &name)
{
    QDir().mkpath(QStringLiteral(AUTHSCOPE_BINARY_DIR "/screenshots"));
    return QStringLiteral(AUTHSCOPE_BINARY_DIR "/screenshots/") + name;
}

} // namespace

void tst_SequenceDiagram::initTestCase()
{
    QVERIFY2(QGuiApplication::platformName() == QLatin1String("xcb"), qPrintable(QGuiApplication::platformName()));
    QString error;
    QVERIFY2(m_httpbin.start(&error), qPrintable(error));
}

void tst_SequenceDiagram::coloursReadInLightAndDarkPalettes()
{
    for (const QPalette &palette : {DiagramImage::lightPalette(), darkPalette(), QPalette()}) {
        const SequenceDiagramPainter::Colours c = SequenceDiagramPainter::colours(palette);
        for (const QColor &ground : {c.background, c.highlight}) {
            for (const QColor &ink : {c.text, c.success, c.redirect, c.refused, c.warning}) {
                const qreal ratio = SequenceDiagramPainter::contrast(ink, ground);
                QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("%1 on %2: %3:1").arg(ink.name(), ground.name()).arg(ratio)));
            }
        }
    }
    QVERIFY(SequenceDiagramPainter::colours(darkPalette()).background.lightness() < 60);
}

void tst_SequenceDiagram::digestSha256ExchangeIsDrawnAndSelectable()
{
    QTemporaryDir dir;
    AppSettings settings(dir.filePath(QStringLiteral("authscope.ini")));
    MainWindow window(&settings);
    window.move(0, 0);
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));

    RequestEditor *editor = window.requestEditor();
    editor->tabs()->setCurrentIndex(RequestEditor::AuthTab);
    QTest::keyClicks(editor->authEditor()->userField(), QStringLiteral("alice"));
    QTest::keyClicks(editor->authEditor()->passwordField(), QStringLiteral("wonderland"));
    QTest::keyClicks(editor->urlField(), m_httpbin.url(QStringLiteral("/digest-auth/auth/alice/wonderland/SHA-256")).toString());
    QSignalSpy finished(&window, &MainWindow::exchangeFinished);
    QTest::keyClick(editor->urlField(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(finished.wait(20000));
    m_exchange = window.lastExchange();
    QVERIFY2(m_exchange.status.isOk(), qPrintable(m_exchange.status.message()));
    QCOMPARE(m_exchange.legs.size(), 2);
    QCOMPARE(m_exchange.legs.at(0).statusCode, 401);
    QCOMPARE(m_exchange.legs.at(1).statusCode, 200);

    ExchangeView *view = window.exchangeView();
    SequenceDiagramView *diagram = view->diagram();
    LegListView *legs = view->legList();
    QVERIFY(diagram->isVisible());
    QVERIFY(legs->isVisible());
    QVERIFY(view->legDetails()->isVisible());
    const SequenceDiagramPainter *drawn = diagram->diagram();
    const SequenceModel &model = drawn->model();
    QCOMPARE(model.lanes.size(), 2);
    QCOMPARE(model.messages.size(), 4);
    const int challenged = model.messageIndex(0, true);
    const int answer = model.messageIndex(1, false);
    const int accepted = model.messageIndex(1, true);
    QCOMPARE(model.messages.at(challenged).statusCode, 401);
    QCOMPARE(model.messages.at(accepted).statusCode, 200);
    QVERIFY2(model.messages.at(challenged).annotations.join(u'|').contains(QStringLiteral("SHA-256")),
             qPrintable(model.messages.at(challenged).annotations.join(u'|')));
    QVERIFY2(model.messages.at(answer).annotations.join(u'|').contains(QStringLiteral("alice")),
             qPrintable(model.messages.at(answer).annotations.join(u'|')));

    // The newest leg is selected after the exchange, in the list and in the diagram.
    QCOMPARE(legs->currentLeg(), 1);
    QCOMPARE(diagram->currentLeg(), 1);

    // Both legs' arrows are on screen, in their colours.
    QTest::qWait(300);
    QString path;
    QVERIFY2(save(grabScreenArea(&window), QStringLiteral("sequencediagram-window.png"), &path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
    // Each leg's arrows come into view when the leg is selected (at 720 px the view may hold one
    // leg at a time under the lane headers), painted in their colours.
    const SequenceDiagramPainter::Colours colours = SequenceDiagramPainter::colours(diagram->palette());
    QImage shown;
    const qreal headerBottom = drawn->headerBottom();
    for (int leg = 0; leg < 2; ++leg) {
        legs->selectLeg(leg);
        QCOMPARE(diagram->currentLeg(), leg);
        QTest::qWait(50);
        shown = diagram->viewport()->grab().toImage();
        const qreal dpr = shown.devicePixelRatio();
        for (const bool response : {false, true}) {
            const int m = model.messageIndex(leg, response);
            const QPoint centre = diagram->toViewport(drawn->arrowLine(m).center());
            QVERIFY2(diagram->viewport()->rect().contains(centre) && centre.y() > headerBottom,
                     qPrintable(QStringLiteral("message %1 is out of view").arg(m)));
            const QLineF line(diagram->toViewport(drawn->arrowLine(m).p1()) * dpr, diagram->toViewport(drawn->arrowLine(m).p2()) * dpr);
            const QColor ink = !response ? colours.text : leg == 0 ? colours.refused : colours.success;
            QVERIFY2(arrowPainted(shown, line, ink), qPrintable(QStringLiteral("arrow %1 not painted in %2").arg(m).arg(ink.name())));
        }
    }

    // The leg list moves the diagram...
    legs->selectLeg(0);
    QCOMPARE(diagram->currentLeg(), 0);
    QVERIFY(view->legDetails()->summary().contains(QStringLiteral("Leg 1")));
    // ...and a click on the second response's arrow selects leg 2 in the list and the inspector.
    QSignalSpy activated(diagram, &SequenceDiagramView::legActivated);
    diagram->verticalScrollBar()->setValue(diagram->verticalScrollBar()->maximum()); // as a user scrolls down
    const QPoint target = diagram->toViewport(drawn->arrowLine(accepted).center());
    QVERIFY(diagram->viewport()->rect().contains(target) && target.y() > headerBottom);
    QTest::mouseClick(diagram->viewport(), Qt::LeftButton, {}, diagram->toViewport(drawn->arrowLine(accepted).center()));
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first().first().toInt(), 1);
    QCOMPARE(legs->currentLeg(), 1);
    QCOMPARE(diagram->currentLeg(), 1);
    QVERIFY2(view->legDetails()->summary().contains(QStringLiteral("Leg 2")), qPrintable(view->legDetails()->summary()));

    // The keyboard moves back and forth.
    diagram->setFocus();
    QTest::keyClick(diagram, Qt::Key_Up);
    QCOMPARE(legs->currentLeg(), 0);
    QVERIFY(view->legDetails()->summary().contains(QStringLiteral("Leg 1")));
    QTest::keyClick(diagram, Qt::Key_Up); // stays on the first
    QCOMPARE(legs->currentLeg(), 0);
    QTest::keyClick(diagram, Qt::Key_End);
    QCOMPARE(legs->currentLeg(), 1);
    QTest::keyClick(diagram, Qt::Key_Home);
    QCOMPARE(legs->currentLeg(), 0);
    QTest::keyClick(diagram, Qt::Key_Down);
    QCOMPARE(legs->currentLeg(), 1);

    // A tooltip gives the full label.
    QVERIFY(drawn->toolTip(accepted).contains(QStringLiteral("200")));

    legs->selectLeg(0);
    QTest::qWait(300);
    QImage image = grabScreenArea(&window);
    QVERIFY(distinctColours(image) > 32);
    QVERIFY2(save(image, QStringLiteral("sequencediagram-window-leg1.png"), &path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));

    // A dark palette reaches the diagram: dark background, the arrows in the dark tones.
    legs->selectLeg(1);
    diagram->setPalette(darkPalette());
    QTest::qWait(100);
    shown = diagram->viewport()->grab().toImage();
    QVERIFY2(shown.pixelColor(3, 3).lightness() < 60, qPrintable(shown.pixelColor(3, 3).name()));
    const qreal dpr = shown.devicePixelRatio();
    const QLineF line(diagram->toViewport(drawn->arrowLine(accepted).p1()) * dpr, diagram->toViewport(drawn->arrowLine(accepted).p2()) * dpr);
    QVERIFY(arrowPainted(shown, line, SequenceDiagramPainter::colours(darkPalette()).success));
    QVERIFY2(save(shown, QStringLiteral("sequencediagram-widget-dark.png"), &path), qPrintable(path));

    // View > Zoom (a larger font) lays the diagram out larger.
    const QSize before = diagram->diagram()->size();
    QFont larger = diagram->font();
    larger.setPointSizeF(larger.pointSizeF() * 1.5);
    diagram->setFont(larger);
    QVERIFY2(diagram->diagram()->size().width() > before.width() * 1.3, "the diagram follows the font");
}

void tst_SequenceDiagram::diagramFilesOpenInAnotherTool()
{
    QVERIFY2(m_exchange.legs.size() == 2, "needs the exchange of digestSha256ExchangeIsDrawnAndSelectable");
    const QString svgPath = screenshotPath(QStringLiteral("sequencediagram.svg"));
    const QString pngPath = screenshotPath(QStringLiteral("sequencediagram.png"));
    QString error;
    QVERIFY2(DiagramImage::write(svgPath, m_exchange, &error), qPrintable(error));
    QVERIFY2(DiagramImage::write(pngPath, m_exchange, &error), qPrintable(error));

    const QImage png(pngPath);
    QVERIFY(!png.isNull());
    QVERIFY2(png.width() >= 400 && png.height() >= 250, qPrintable(QStringLiteral("%1x%2").arg(png.width()).arg(png.height())));
    QVERIFY(distinctColours(png) > 16);
    QVERIFY(DiagramImage::png(m_exchange, 1.0, darkPalette()).save(screenshotPath(QStringLiteral("sequencediagram-dark.png"))));
    const QImage presenter = DiagramImage::png(m_exchange, 2.0);
    QVERIFY(presenter.width() > png.width() * 1.8);
    QVERIFY(presenter.save(screenshotPath(QStringLiteral("sequencediagram-presenter.png"))));

    // The SVG as another program reads it.
    QFile svgFile(svgPath);
    QVERIFY(svgFile.open(QIODevice::ReadOnly));
    const QByteArray svg = svgFile.readAll();
    QVERIFY(svg.contains("<svg"));
    QVERIFY(svg.contains("401"));
    QVERIFY(svg.contains("200"));
    // Digest's HA1 stands for the password: it is in no word of the diagram.
    for (const Leg &leg : std::as_const(m_exchange.legs)) {
        for (const ComputationStep &step : leg.computation.steps) {
            if (step.secretValue && !step.value.isEmpty())
                QVERIFY2(!svg.contains(step.value), qPrintable(step.name));
        }
    }
    const QString converted = screenshotPath(QStringLiteral("sequencediagram-rsvg.png"));
    QFile::remove(converted);
    QProcess rsvg;
    rsvg.start(QStringLiteral("rsvg-convert"), {QStringLiteral("-o"), converted, svgPath});
    QVERIFY2(rsvg.waitForStarted(5000), "rsvg-convert (librsvg2-bin) is not installed");
    QVERIFY(rsvg.waitForFinished(15000));
    QVERIFY2(rsvg.exitStatus() == QProcess::NormalExit && rsvg.exitCode() == 0, rsvg.readAllStandardError().constData());
    QVERIFY2(rsvg.readAllStandardError().isEmpty(), "rsvg-convert warned");
    const QImage fromRsvg(converted);
    QVERIFY(!fromRsvg.isNull());
    // Same size as Qt's own rendering, within rounding of the SVG's millimetres.
    QVERIFY2(qAbs(fromRsvg.width() - png.width()) <= 3 && qAbs(fromRsvg.height() - png.height()) <= 3,
             qPrintable(QStringLiteral("rsvg %1x%2, Qt %3x%4").arg(fromRsvg.width()).arg(fromRsvg.height())
                                .arg(png.width()).arg(png.height())));
    QVERIFY(distinctColours(fromRsvg) > 16);
}

void tst_SequenceDiagram::writeRefusesAnotherSuffix()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("diagram.jpg"));
    QString error;
    QVERIFY(!DiagramImage::write(path, m_exchange, &error));
    QVERIFY(error.contains(path));
    QVERIFY(!QFile::exists(path));
    // An unwritable place says so and names the file.
    const QString missing = dir.filePath(QStringLiteral("no/such/folder/diagram.svg"));
    QVERIFY(!DiagramImage::write(missing, m_exchange, &error));
    QVERIFY2(error.startsWith(missing), qPrintable(error));
}

QTEST_MAIN(tst_SequenceDiagram)
#include "tst_sequencediagram.moc"
