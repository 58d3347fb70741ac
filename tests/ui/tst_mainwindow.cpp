#include "appsettings.h"
#include "bodyview.h"
#include "exchangeview.h"
#include "headerlistmodel.h"
#include "http/bodybuffer.h"
#include "http/cookiejar.h"
#include "engine/httpsession.h"
#include "bodyeditor.h"
#include "insecurebanner.h"
#include "keyvaluetable.h"
#include "legdetailsview.h"
#include "leglistmodel.h"
#include "leglistview.h"
#include "mainwindow.h"
#include "requesteditor.h"
#include "responseview.h"
#include "statusline.h"
#include "uiformat.h"

#include "hostileserver.h"
#include "httpbinserver.h"
#include "nginxserver.h"

#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

// The main window driven like a user would, against python3-httpbin and nginx on loopback.
class tst_MainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void ctrlReturnSendsTheComposedRequest();
    void ctrlReturnSendsFromEveryField_data();
    void ctrlReturnSendsFromEveryField();
    void followedRedirectShowsOneRowPerLegAndTheFinalBody();
    void selectedLegShowsHeadersAsSentWithTheirSource();
    void escapeCancelsTheExchangeInFlight();
    void transportErrorReachesTheStatusBar();
    void brokenBodyAfterA200IsShownAsAFailure();
    void invalidRequestIsNotSent();
    void clearCookiesEmptiesTheSessionJar();
    void insecureExchangeIsShownLoudly();
    void largeBodyIsShownTruncatedWithANote();

private:
    void typeUrl(const QUrl &url);
    bool sendAndWait(int timeoutMs = 20000);

    HttpbinServer m_httpbin;
    HostileServer m_hostile;
    NginxServer m_nginx;
    QTemporaryDir m_settingsDir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

void tst_MainWindow::initTestCase()
{
    QString error;
    QVERIFY2(m_httpbin.start(&error), qPrintable(error));
    QVERIFY2(m_hostile.start(&error), qPrintable(error));
    QVERIFY2(m_nginx.start(&error), qPrintable(error));
    QVERIFY(m_settingsDir.isValid());
}

void tst_MainWindow::init()
{
    m_settings = std::make_unique<AppSettings>(m_settingsDir.filePath(QStringLiteral("authscope.ini")));
    m_window = std::make_unique<MainWindow>(m_settings.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void tst_MainWindow::cleanup()
{
    m_window.reset();
    m_settings.reset();
}

void tst_MainWindow::typeUrl(const QUrl &url)
{
    QLineEdit *field = m_window->requestEditor()->urlField();
    field->clear();
    QTest::keyClicks(field, url.toString());
}

bool tst_MainWindow::sendAndWait(int timeoutMs)
{
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    QTest::mouseClick(m_window->requestEditor()->sendButton(), Qt::LeftButton);
    return finished.wait(timeoutMs);
}

void tst_MainWindow::ctrlReturnSendsTheComposedRequest()
{
    RequestEditor *editor = m_window->requestEditor();
    editor->methodSelector()->setCurrentText(QStringLiteral("POST"));
    typeUrl(m_httpbin.url(QStringLiteral("/anything?q=1")));
    QSignalSpy started(m_window.get(), &MainWindow::exchangeStarted);
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);

    QTest::keyClick(editor->urlField(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(started.size(), 1);
    // While the exchange runs, Send is off and Cancel is on.
    QVERIFY(m_window->isSending());
    QVERIFY(!m_window->sendAction()->isEnabled());
    QVERIFY(!editor->sendButton()->isEnabled());
    QVERIFY(editor->cancelButton()->isEnabled());
    QVERIFY(finished.wait(20000));

    const Exchange &exchange = m_window->lastExchange();
    QVERIFY2(exchange.status.isOk(), qPrintable(exchange.status.message()));
    QCOMPARE(exchange.legs.size(), 1);
    QCOMPARE(exchange.legs.first().method, QByteArrayLiteral("POST"));
    QCOMPARE(exchange.finalStatusCode(), 200);
    QVERIFY(m_window->sendAction()->isEnabled());
    QVERIFY(!editor->cancelButton()->isEnabled());

    ResponseView *response = m_window->responseView();
    QCOMPARE(response->statusLine()->statusText(), QStringLiteral("200 OK"));
    QCOMPARE(response->statusLine()->statusColor(), UiFormat::statusColor(200));
    // httpbin echoes the request: the pretty view shows its JSON re-indented.
    QCOMPARE(response->bodyView()->formatted().kind, FormattedBody::Kind::Json);
    QVERIFY2(response->bodyView()->currentText().contains(QStringLiteral("\"method\": \"POST\"")),
             qPrintable(response->bodyView()->currentText()));
    QVERIFY(response->headersModel()->rowCount() > 0);
    QCOMPARE(response->headersModel()->headers(), exchange.legs.first().responseHeaders);
}

void tst_MainWindow::ctrlReturnSendsFromEveryField_data()
{
    QTest::addColumn<QString>("field");
    QTest::newRow("URL field") << QStringLiteral("url");
    QTest::newRow("body text, no newline inserted") << QStringLiteral("body");
    QTest::newRow("header cell still being edited") << QStringLiteral("header");
}

void tst_MainWindow::ctrlReturnSendsFromEveryField()
{
    QFETCH(QString, field);
    RequestEditor *editor = m_window->requestEditor();
    typeUrl(m_httpbin.url(QStringLiteral("/anything")));
    QWidget *target = editor->urlField();
    if (field == QLatin1String("body")) {
        editor->methodSelector()->setCurrentText(QStringLiteral("PUT"));
        editor->tabs()->setCurrentWidget(editor->bodyEditor());
        editor->bodyEditor()->setKind(RequestBody::Kind::Text);
        target = editor->bodyEditor()->textEditor();
        target->setFocus();
        QTest::keyClicks(target, QStringLiteral("line"));
    } else if (field == QLatin1String("header")) {
        KeyValueTable *headers = editor->headersTable();
        headers->appendRow({true, QStringLiteral("X-Typed"), QString()});
        QTableWidget *table = headers->table();
        table->setFocus();
        table->setCurrentCell(0, KeyValueTable::ValueColumn);
        table->editItem(table->item(0, KeyValueTable::ValueColumn));
        target = table->indexWidget(table->currentIndex());
        QVERIFY(target);
        QTest::keyClicks(target, QStringLiteral("typed"));
    } else {
        target->setFocus();
    }

    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    QTest::keyClick(target, Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(m_window->isSending());
    QVERIFY(finished.wait(20000));
    const Exchange &exchange = m_window->lastExchange();
    QCOMPARE(exchange.finalStatusCode(), 200);
    if (field == QLatin1String("body"))
        QCOMPARE(exchange.request.body.data(), QByteArrayLiteral("line"));
    if (field == QLatin1String("header"))
        QCOMPARE(exchange.request.headers.value(QByteArrayLiteral("X-Typed")), QByteArrayLiteral("typed"));
}

void tst_MainWindow::followedRedirectShowsOneRowPerLegAndTheFinalBody()
{
    typeUrl(m_httpbin.url(QStringLiteral("/redirect/2")));
    QTest::mouseClick(m_window->requestEditor()->followRedirectsSwitch(), Qt::LeftButton);
    QVERIFY(sendAndWait());

    const Exchange &exchange = m_window->lastExchange();
    QVERIFY2(exchange.status.isOk(), qPrintable(exchange.status.message()));
    QCOMPARE(exchange.legs.size(), 3);

    const LegListModel *legs = m_window->exchangeView()->legList()->legModel();
    QCOMPARE(legs->rowCount(), 3);
    const auto cell = [legs](int row, int column) { return legs->index(row, column).data().toString(); };
    QCOMPARE(cell(0, LegListModel::IndexColumn), QStringLiteral("1"));
    QCOMPARE(cell(0, LegListModel::KindColumn), Leg::kindName(Leg::Kind::Initial));
    QCOMPARE(cell(1, LegListModel::KindColumn), Leg::kindName(Leg::Kind::Redirect));
    QCOMPARE(cell(2, LegListModel::KindColumn), Leg::kindName(Leg::Kind::Redirect));
    // A redirect leg names where it points: its URL, then its Location.
    QVERIFY(cell(0, LegListModel::UrlColumn).startsWith(m_httpbin.url(QStringLiteral("/redirect/2")).toString()
                                                        + QStringLiteral(" \u2192 ")));
    QVERIFY(cell(0, LegListModel::UrlColumn).endsWith(QStringLiteral("/relative-redirect/1")));
    QVERIFY(cell(2, LegListModel::UrlColumn).endsWith(QStringLiteral("/get")));
    QVERIFY(cell(0, LegListModel::StatusColumn).startsWith(QStringLiteral("302")));
    QVERIFY(cell(1, LegListModel::StatusColumn).startsWith(QStringLiteral("302")));
    QVERIFY(cell(2, LegListModel::StatusColumn).startsWith(QStringLiteral("200")));
    for (int row = 0; row < 3; ++row) {
        QCOMPARE(cell(row, LegListModel::MethodColumn), QStringLiteral("GET"));
        QVERIFY(cell(row, LegListModel::TimeColumn).endsWith(QStringLiteral("s"))); // "12.3 ms", "850 µs"
    }

    // The newest leg is selected; the response panel shows the final body.
    QCOMPARE(m_window->exchangeView()->legList()->currentLeg(), 2);
    QVERIFY(m_window->responseView()->bodyView()->currentText().contains(m_httpbin.url(QStringLiteral("/get")).toString()));
    QVERIFY(m_window->responseView()->statusLine()->detailsText().contains(QStringLiteral("3 legs")));
}

void tst_MainWindow::selectedLegShowsHeadersAsSentWithTheirSource()
{
    typeUrl(m_httpbin.url(QStringLiteral("/redirect/1")));
    QTest::mouseClick(m_window->requestEditor()->followRedirectsSwitch(), Qt::LeftButton);
    m_window->requestEditor()->setHeaders({{QByteArrayLiteral("X-Probe"), QByteArrayLiteral("yes")}});
    QVERIFY(sendAndWait());
    QCOMPARE(m_window->lastExchange().legs.size(), 2);

    // Pick the first leg with the mouse.
    LegListView *list = m_window->exchangeView()->legList();
    const QRect firstRow = list->visualRect(list->legModel()->index(0, LegListModel::UrlColumn));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, firstRow.center());
    QCOMPARE(list->currentLeg(), 0);

    LegDetailsView *details = m_window->exchangeView()->legDetails();
    QVERIFY(details->summary().contains(QStringLiteral("/redirect/1")));
    const HeaderListModel *sent = details->requestHeadersModel();
    const Leg &leg = m_window->lastExchange().legs.first();
    QCOMPARE(sent->headers(), leg.requestHeaders);

    int transportRows = 0;
    bool sawProbe = false;
    for (int row = 0; row < sent->rowCount(); ++row) {
        const HeaderField &field = sent->headers().at(row);
        const QModelIndex source = sent->index(row, HeaderListModel::SourceColumn);
        const QModelIndex name = sent->index(row, HeaderListModel::NameColumn);
        if (field.source == HeaderField::Source::Transport) {
            ++transportRows;
            QCOMPARE(source.data().toString(), QStringLiteral("added by Qt"));
            QCOMPARE(name.data(Qt::ForegroundRole).value<QColor>(), UiFormat::secondaryTextColor());
        } else {
            QVERIFY(!name.data(Qt::ForegroundRole).isValid());
        }
        if (field.name == "X-Probe") {
            sawProbe = true;
            QCOMPARE(source.data().toString(), HeaderListModel::sourceLabel(HeaderField::Source::User));
        }
    }
    QVERIFY2(transportRows > 0, "Host and Connection are added by Qt and must be listed");
    QVERIFY(sawProbe);

    // The redirect leg says where it went, and the response headers are the 302's.
    QCOMPARE(details->responseHeadersModel()->headers(), leg.responseHeaders);
    QVERIFY(details->responseHeadersModel()->headers().contains(QByteArrayLiteral("location")));
    QCOMPARE(details->notesList()->count() > 0, !leg.notes.isEmpty() || !leg.reason.isEmpty());
    QVERIFY(details->timingTree()->topLevelItemCount() >= 3);
    QCOMPARE(details->tlsTree()->topLevelItem(0)->text(1), QStringLiteral("none (plain HTTP)"));

    // The leg's own response body is formatted when its tab is opened.
    QVERIFY(leg.responseBody && leg.responseBody->size() > 0);
    QCOMPARE(details->responseBodyView()->formatted().kind, FormattedBody::Kind::Empty);
    details->tabs()->setCurrentIndex(LegDetailsView::BodyTab);
    QCOMPARE(details->responseBodyView()->formatted().raw, QString::fromUtf8(leg.responseBody->read()));
}

void tst_MainWindow::escapeCancelsTheExchangeInFlight()
{
    typeUrl(m_httpbin.url(QStringLiteral("/delay/10")));
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    QTest::keyClick(m_window->requestEditor()->urlField(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(m_window->isSending());
    QTest::qWait(200);
    QElapsedTimer clock;
    clock.start();
    QTest::keyClick(m_window->requestEditor()->urlField(), Qt::Key_Escape);
    // The job may finish inside cancel() or right after it.
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
    QVERIFY(clock.elapsed() < 5000);
    const Status &status = m_window->lastExchange().status;
    QCOMPARE(status.code(), Status::Code::Cancelled);
    QCOMPARE(m_window->statusBar()->currentMessage(), status.message());
    QVERIFY(m_window->sendAction()->isEnabled());
    QVERIFY(!m_window->cancelAction()->isEnabled());
}

void tst_MainWindow::transportErrorReachesTheStatusBar()
{
    QUrl closed(QStringLiteral("http://127.0.0.1/"));
    closed.setPort(ServerProcess::freePort());
    typeUrl(closed);
    QVERIFY(sendAndWait());
    const Status &status = m_window->lastExchange().status;
    QCOMPARE(status.code(), Status::Code::ConnectionRefused);
    QVERIFY(!status.message().isEmpty());
    QCOMPARE(m_window->statusBar()->currentMessage(), status.message());
    StatusLine *line = m_window->responseView()->statusLine();
    QCOMPARE(line->statusText(), QStringLiteral("Connection refused"));
    QCOMPARE(line->statusColor(), UiFormat::statusColor(-1));
}

void tst_MainWindow::brokenBodyAfterA200IsShownAsAFailure()
{
    // The head says 200 OK, then the gzip stream breaks: neither the chip nor the leg list may
    // read as a success (a user stops reading at "200 OK").
    typeUrl(m_hostile.url(QStringLiteral("/body/corrupt?encoding=gzip")));
    QVERIFY(sendAndWait());
    const Exchange &exchange = m_window->lastExchange();
    QCOMPARE(exchange.status.code(), Status::Code::ProtocolError);
    QVERIFY(exchange.legs.constFirst().hasNote(NoteCode::BodyCorrupt));
    StatusLine *line = m_window->responseView()->statusLine();
    QCOMPARE(line->statusText(), UiFormat::statusTitle(Status::Code::ProtocolError));
    QCOMPARE(line->statusColor(), UiFormat::statusColor(-1));
    QVERIFY2(line->detailsText().contains(QStringLiteral("after 200 OK")), qPrintable(line->detailsText()));
    const LegListModel *legs = m_window->exchangeView()->legList()->legModel();
    const QModelIndex status = legs->index(0, LegListModel::StatusColumn);
    QCOMPARE(status.data().toString(), UiFormat::statusTitle(Status::Code::ProtocolError) + QStringLiteral(" · 200 OK"));
    QCOMPARE(status.data(Qt::ForegroundRole).value<QColor>(), UiFormat::statusColor(-1));
}

void tst_MainWindow::invalidRequestIsNotSent()
{
    m_window->requestEditor()->methodSelector()->setCurrentText(QStringLiteral("GE T"));
    typeUrl(m_httpbin.url(QStringLiteral("/get")));
    QSignalSpy started(m_window.get(), &MainWindow::exchangeStarted);
    m_window->sendAction()->trigger();
    QCOMPARE(started.size(), 0);
    QVERIFY(!m_window->isSending());
    QString expected;
    QVERIFY(!m_window->requestEditor()->request().validate(&expected));
    QCOMPARE(m_window->statusBar()->currentMessage(), expected);
}

void tst_MainWindow::clearCookiesEmptiesTheSessionJar()
{
    CookieJar *jar = m_window->session()->cookieJar();
    QVERIFY(!m_window->clearCookiesAction()->isEnabled());
    typeUrl(m_httpbin.url(QStringLiteral("/cookies/set?flavour=oat")));
    QTest::mouseClick(m_window->requestEditor()->followRedirectsSwitch(), Qt::LeftButton);
    QVERIFY(sendAndWait());
    QCOMPARE(jar->cookies().size(), 1);
    auto *count = m_window->findChild<QLabel *>(QStringLiteral("cookieCount"));
    QVERIFY(count);
    QCOMPARE(count->text(), QStringLiteral("Cookies: 1"));
    // The second leg (/cookies) sent the cookie: its details list it.
    LegDetailsView *details = m_window->exchangeView()->legDetails();
    QCOMPARE(m_window->exchangeView()->legList()->currentLeg(), 1);
    QCOMPARE(details->cookiesTable()->rowCount(), 1);

    QVERIFY(m_window->clearCookiesAction()->isEnabled());
    m_window->clearCookiesAction()->trigger();
    QVERIFY(jar->cookies().isEmpty());
    QCOMPARE(count->text(), QStringLiteral("Cookies: 0"));

    // The next exchange sends none.
    QVERIFY(sendAndWait());
    QVERIFY(m_window->lastExchange().legs.first().cookiesSent.isEmpty());
}

void tst_MainWindow::insecureExchangeIsShownLoudly()
{
    RequestEditor *editor = m_window->requestEditor();
    typeUrl(m_nginx.httpsUrl(QStringLiteral("/")));
    QVERIFY(!m_window->responseView()->insecureBanner()->isVisible());
    QTest::mouseClick(editor->insecureSwitch(), Qt::LeftButton);
    QVERIFY(editor->insecureBanner()->isVisible());
    QVERIFY(sendAndWait());
    const Exchange &exchange = m_window->lastExchange();
    QVERIFY2(exchange.status.isOk(), qPrintable(exchange.status.message()));
    QVERIFY(exchange.insecure());
    QVERIFY(m_window->responseView()->insecureBanner()->isVisible());
    QVERIFY(m_window->exchangeView()->insecureBanner()->isVisible());
    QTreeWidget *tls = m_window->exchangeView()->legDetails()->tlsTree();
    QCOMPARE(tls->topLevelItem(0)->text(1), QStringLiteral("OFF (insecure switch)"));

    // Switched off again, the next exchange fails verification and the banners go.
    QTest::mouseClick(editor->insecureSwitch(), Qt::LeftButton);
    QVERIFY(!editor->insecureBanner()->isVisible());
    QVERIFY(sendAndWait());
    QCOMPARE(m_window->lastExchange().status.code(), Status::Code::TlsError);
    QVERIFY(!m_window->responseView()->insecureBanner()->isVisible());
    QVERIFY(!m_window->exchangeView()->insecureBanner()->isVisible());
}

void tst_MainWindow::largeBodyIsShownTruncatedWithANote()
{
    // 6 MiB of JSON: far past what a text widget should hold.
    QByteArray json = "[";
    while (json.size() < 6 * 1024 * 1024)
        json += "{\"id\":12345,\"name\":\"a fairly ordinary record\"},";
    json += "{}]";
    QVERIFY(m_nginx.writeFile(QStringLiteral("big.json"), json));
    typeUrl(m_nginx.url(QStringLiteral("/big.json")));
    QVERIFY(sendAndWait(60000));
    QCOMPARE(m_window->lastExchange().finalStatusCode(), 200);

    // Shown a page at a time, pretty-printed off the GUI thread (tst_largebody has the details).
    BodyView *body = m_window->responseView()->bodyView();
    QVERIFY(body->formatted().truncated);
    QVERIFY(body->isPaged());
    QVERIFY2(body->note().contains(QStringLiteral("6.0 MiB")), qPrintable(body->note()));
    QSignalSpy formatted(body, &BodyView::formattingFinished);
    QVERIFY(!body->isFormatting() || formatted.wait(30000));
    QCOMPARE(body->formatted().kind, FormattedBody::Kind::Json);
    QVERIFY(body->prettyEditor()->toPlainText().toUtf8().size() <= BodyView::PrettyPageBytes);
    QVERIFY(body->prettyEditor()->toPlainText().startsWith(QStringLiteral("[\n  {\n    \"id\": 12345,")));

    // Switching to the raw view stays quick: the event loop is not held for long.
    QElapsedTimer clock;
    clock.start();
    body->setPretty(false);
    QCOMPARE(body->currentText().toUtf8(), json.left(BodyView::RawPageBytes));
    QTest::qWait(1);
    QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    qInfo("raw view of a 6 MiB body shown in %lld ms", clock.elapsed());
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
