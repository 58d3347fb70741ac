#include "bodyformatter.h"
#include "bodyview.h"
#include "http/bodybuffer.h"
#include "http/leg.h"
#include "jsonreindenter.h"
#include "legdetailsview.h"

#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

// A body larger than the view's display limit: shown a page at a time, a JSON one pretty-printed
// off the GUI thread (the pretty form arrives with formattingFinished), the formatting cancelled
// when another leg is selected. Functional, not timed: bench/run.sh --only large times it.
class tst_LargeBody : public QObject
{
    Q_OBJECT
private slots:
    void reindentsPieceByPieceAsWhole();
    void prettyFormArrivesOffTheGuiThread();
    void rawPagesJoinIntoTheBody();
    void brokenJsonIsShownAsReceived();
    void selectingAnotherLegCancelsTheFormatting();
    void smallBodyIsFormattedAtOnce();

private:
    // About `bytes` of minified JSON with multi-byte characters, so pages cut inside none.
    static QByteArray largeJson(qint64 bytes);
    static std::shared_ptr<BodyBuffer> bufferOf(const QByteArray &bytes);
    // Every page of the view's current mode, from the first, joined.
    static QString allPages(BodyView *view);
};

QByteArray tst_LargeBody::largeJson(qint64 bytes)
{
    QByteArray json = "{\"items\":[";
    for (int id = 0; json.size() < bytes; ++id) {
        if (id)
            json += ',';
        json += "{\"id\":" + QByteArray::number(id) + ",\"name\":\"caf\xc3\xa9 \xe2\x82\xac" + QByteArray::number(id)
            + "\",\"tags\":[\"a\",\"b\\\"]\"],\"empty\":{},\"none\":[ ]}";
    }
    return json + "],\"count\":1}";
}

std::shared_ptr<BodyBuffer> tst_LargeBody::bufferOf(const QByteArray &bytes)
{
    // A small spill threshold: the body goes to a temporary file, as a large response does.
    auto buffer = std::make_shared<BodyBuffer>(1024 * 1024);
    for (qsizetype at = 0; at < bytes.size(); at += 100000)
        buffer->append(bytes.mid(at, 100000));
    return buffer;
}

QString tst_LargeBody::allPages(BodyView *view)
{
    while (view->pageStart() > 0)
        view->showPreviousPage();
    QString text = view->currentText();
    while (view->hasNextPage()) {
        const qint64 start = view->pageStart();
        view->showNextPage();
        if (view->pageStart() <= start)
            return QStringLiteral("the page did not move on");
        text += view->currentText();
    }
    return text;
}

void tst_LargeBody::reindentsPieceByPieceAsWhole()
{
    const QByteArray json = largeJson(20000);
    const QByteArray whole = BodyFormatter::reindentJson(json, 1 << 24);
    QVERIFY(!whole.isEmpty());
    for (const int pieceSize : {1, 2, 7, 4096}) {
        JsonReindenter reindenter;
        QByteArray out;
        for (qsizetype at = 0; at < json.size(); at += pieceSize)
            reindenter.feed(json.mid(at, pieceSize), &out);
        reindenter.finish(&out);
        QCOMPARE(out, whole);
        QVERIFY2(reindenter.isWellFormed(), reindenter.error().constData());
    }
}

void tst_LargeBody::prettyFormArrivesOffTheGuiThread()
{
    const QByteArray json = largeJson(3 * 1024 * 1024);
    BodyView view;
    view.resize(800, 600);
    view.show();
    view.setPretty(true);
    QSignalSpy finished(&view, &BodyView::formattingFinished);
    view.setBody(bufferOf(json), QByteArrayLiteral("application/json"));
    // setBody returns before the body is formatted: the work is on another thread.
    QVERIFY(view.isFormatting());
    QVERIFY(view.isPaged());
    QVERIFY(finished.wait(20000));
    QVERIFY(!view.isFormatting());
    QCOMPARE(view.formatted().kind, FormattedBody::Kind::Json);
    // Bounded: one page in the widget, not the whole pretty form.
    QVERIFY(view.prettyEditor()->toPlainText().toUtf8().size() <= BodyFormatter::DefaultDisplayLimit);
    QVERIFY(view.prettyEditor()->toPlainText().startsWith(QStringLiteral("{\n  \"items\": [\n    {\n")));
    QCOMPARE(allPages(&view), QString::fromUtf8(BodyFormatter::reindentJson(json, 1LL << 30)));
}

void tst_LargeBody::rawPagesJoinIntoTheBody()
{
    const QByteArray json = largeJson(2 * 1024 * 1024);
    BodyView view;
    view.setPretty(false);
    view.setBody(bufferOf(json), QByteArrayLiteral("application/json"));
    QVERIFY(view.isPaged());
    QVERIFY(view.note().contains(QStringLiteral("2.0 MiB")));
    QCOMPARE(allPages(&view), QString::fromUtf8(json));
    QSignalSpy finished(&view, &BodyView::formattingFinished);
    QVERIFY(!view.isFormatting() || finished.wait(20000));
}

void tst_LargeBody::brokenJsonIsShownAsReceived()
{
    QByteArray json = largeJson(1024 * 1024);
    json.chop(2); // "1}" of the end: the outer object is left open
    BodyView view;
    view.setPretty(true);
    QSignalSpy finished(&view, &BodyView::formattingFinished);
    view.setBody(bufferOf(json), QByteArrayLiteral("application/json"));
    QVERIFY(finished.wait(20000));
    QCOMPARE(view.formatted().kind, FormattedBody::Kind::Text);
    QVERIFY(view.currentText().startsWith(QStringLiteral("{\"items\":[{\"id\":0,")));
    QCOMPARE(allPages(&view), QString::fromUtf8(json));
}

void tst_LargeBody::selectingAnotherLegCancelsTheFormatting()
{
    Leg large;
    large.index = 0;
    large.statusCode = 200;
    large.responseHeaders.append(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json"));
    large.responseBody = bufferOf(largeJson(8 * 1024 * 1024));
    Leg small;
    small.index = 1;
    small.statusCode = 200;
    small.responseHeaders.append(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json"));
    small.responseBody = bufferOf(QByteArrayLiteral("{\"ok\":true}"));

    LegDetailsView details;
    details.tabs()->setCurrentIndex(LegDetailsView::BodyTab);
    BodyView *view = details.responseBodyView();
    view->setPretty(true);
    QSignalSpy finished(view, &BodyView::formattingFinished);
    QSignalSpy cancelled(view, &BodyView::formattingCancelled);
    details.setLeg(&large);
    QVERIFY(view->isFormatting());
    details.setLeg(&small);
    QCOMPARE(cancelled.count(), 1);
    QVERIFY(!view->isFormatting());
    QCOMPARE(view->currentText(), QStringLiteral("{\n  \"ok\": true\n}"));
    // Nothing of the cancelled job reaches the view afterwards.
    QVERIFY(!finished.wait(1500));
    QCOMPARE(view->currentText(), QStringLiteral("{\n  \"ok\": true\n}"));
}

void tst_LargeBody::smallBodyIsFormattedAtOnce()
{
    BodyView view;
    view.setPretty(true);
    view.setBody(bufferOf(QByteArrayLiteral("[1,{\"a\":[]}]")), QByteArrayLiteral("application/json"));
    QVERIFY(!view.isFormatting());
    QVERIFY(!view.isPaged());
    QCOMPARE(view.currentText(), QStringLiteral("[\n  1,\n  {\n    \"a\": []\n  }\n]"));
}

QTEST_MAIN(tst_LargeBody)
#include "tst_largebody.moc"
