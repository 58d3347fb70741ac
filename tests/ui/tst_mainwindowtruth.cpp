#include "appsettings.h"
#include "bodyview.h"
#include "credentialdialog.h"
#include "elidingdelegate.h"
#include "exportactions.h"
#include "exchangeview.h"
#include "headerlistmodel.h"
#include "legdetailsview.h"
#include "leglistmodel.h"
#include "leglistview.h"
#include "mainwindow.h"
#include "mainwindowtesting.h"
#include "requesteditor.h"
#include "responseview.h"
#include "statusline.h"
#include "uiformat.h"
#include "windowzoom.h"

#include "httpbinserver.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

// The window says what is happening now (issue 12, "the window tells the truth at a glance"):
// the view follows the exchange in flight, failures stand where the response would, URLs keep
// their origin, View > Zoom scales every view, copy actions fill the clipboard. Against
// python3-httpbin on loopback.
class tst_MainWindowTruth : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void responseOfThePreviousExchangeGoesWhileTheDialogAsks();
    void transportFailureIsSaidWhereTheResponseWouldBe();
    void unparsableUrlIsSaidWhereTheResponseWouldBe();
    void urlElisionKeepsTheOriginAndTheEnd_data();
    void urlElisionKeepsTheOriginAndTheEnd();
    void redirectLegShowsItsLocation();
    void zoomScalesEveryViewAndIsRemembered();
    void copyActionsPutTextOnTheClipboard();
    void focusShortcutsReachTheLegList();
    void exportActionsFollowTheShownExchange();

private:
    void typeUrl(const QUrl &url);
    bool sendAndWait();
    void showFreshWindow();

    HttpbinServer m_httpbin;
    QTemporaryDir m_settingsDir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

void tst_MainWindowTruth::initTestCase()
{
    QString error;
    QVERIFY2(m_httpbin.start(&error), qPrintable(error));
    QVERIFY(m_settingsDir.isValid());
}

void tst_MainWindowTruth::showFreshWindow()
{
    m_window.reset();
    m_settings = std::make_unique<AppSettings>(m_settingsDir.filePath(QStringLiteral("authscope.ini")));
    m_window = std::make_unique<MainWindow>(m_settings.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void tst_MainWindowTruth::init()
{
    QFile::remove(m_settingsDir.filePath(QStringLiteral("authscope.ini")));
    showFreshWindow();
}

void tst_MainWindowTruth::cleanup()
{
    m_window.reset();
    m_settings.reset();
}

void tst_MainWindowTruth::typeUrl(const QUrl &url)
{
    QLineEdit *field = m_window->requestEditor()->urlField();
    field->clear();
    QTest::keyClicks(field, url.toString());
}

bool tst_MainWindowTruth::sendAndWait()
{
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    QTest::mouseClick(m_window->requestEditor()->sendButton(), Qt::LeftButton);
    return finished.wait(20000);
}

void tst_MainWindowTruth::responseOfThePreviousExchangeGoesWhileTheDialogAsks()
{
    ResponseView *response = m_window->responseView();
    typeUrl(m_httpbin.url(QStringLiteral("/get?first=1")));
    QVERIFY(sendAndWait());
    QVERIFY(response->bodyView()->currentText().contains(QStringLiteral("first")));
    QVERIFY(response->headersModel()->rowCount() > 0);
    QVERIFY(!response->isShowingOutcome());

    typeUrl(m_httpbin.url(QStringLiteral("/basic-auth/alice/secret")));
    CredentialDialog *dialog = MainWindowTesting::sendAndWaitForDialog(m_window.get());
    QVERIFY(dialog);
    // While the dialog asks, nothing of the first exchange stands for the second.
    QVERIFY(response->isShowingOutcome());
    QCOMPARE(response->outcomeTitle(), response->statusLine()->statusText());
    QVERIFY2(response->outcomeText().contains(QStringLiteral("/basic-auth/alice/secret")), qPrintable(response->outcomeText()));
    QVERIFY2(response->outcomeText().contains(QStringLiteral("401")), qPrintable(response->outcomeText()));
    QCOMPARE(response->headersModel()->rowCount(), 0);
    QVERIFY(!response->bodyView()->currentText().contains(QStringLiteral("first")));
    QCOMPARE(response->statusLine()->statusColor(), UiFormat::statusColor(401));
    // The leg list shows the new exchange's first leg, the 401 that asked.
    const LegListModel *legs = m_window->exchangeView()->legList()->legModel();
    QCOMPARE(legs->rowCount(), 1);
    QVERIFY(legs->index(0, LegListModel::UrlColumn).data().toString().endsWith(QStringLiteral("/basic-auth/alice/secret")));
    QVERIFY(legs->index(0, LegListModel::StatusColumn).data().toString().startsWith(QStringLiteral("401")));

    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("credentialCancel")), Qt::LeftButton);
    QVERIFY(!finished.isEmpty() || finished.wait(20000));
    // The 401 the user declined to answer is the response now.
    QVERIFY(!response->isShowingOutcome());
    QVERIFY(response->statusLine()->statusText().startsWith(QStringLiteral("401")));
}

void tst_MainWindowTruth::transportFailureIsSaidWhereTheResponseWouldBe()
{
    ResponseView *response = m_window->responseView();
    typeUrl(m_httpbin.url(QStringLiteral("/get?first=1")));
    QVERIFY(sendAndWait());
    QVERIFY(!response->isShowingOutcome());

    QUrl closed(QStringLiteral("http://127.0.0.1/nothing-here"));
    closed.setPort(ServerProcess::freePort());
    typeUrl(closed);
    QVERIFY(sendAndWait());
    const Status &status = m_window->lastExchange().status;
    QCOMPARE(status.code(), Status::Code::ConnectionRefused);
    QVERIFY(response->isShowingOutcome());
    QVERIFY(response->outcomePage()->isVisible());
    QCOMPARE(response->outcomeTitle(), UiFormat::statusTitle(Status::Code::ConnectionRefused));
    QVERIFY2(response->outcomeText().contains(status.message()), qPrintable(response->outcomeText()));
    QVERIFY2(response->outcomeText().contains(closed.toString()), qPrintable(response->outcomeText()));
    QCOMPARE(response->headersModel()->rowCount(), 0);
    QVERIFY(response->bodyView()->currentText().isEmpty());

    // A long URL wraps or is cut on the page; it does not widen the response pane.
    QUrl longUrl = closed;
    longUrl.setPath(QStringLiteral("/") + QString(400, u'x'));
    typeUrl(longUrl);
    QVERIFY(sendAndWait());
    QVERIFY(response->isShowingOutcome());
    QVERIFY2(response->minimumSizeHint().width() < 600, qPrintable(QString::number(response->minimumSizeHint().width())));

    // The next response takes the place back.
    typeUrl(m_httpbin.url(QStringLiteral("/get")));
    QVERIFY(sendAndWait());
    QVERIFY(!response->isShowingOutcome());
    QVERIFY(response->headersModel()->rowCount() > 0);
}

void tst_MainWindowTruth::unparsableUrlIsSaidWhereTheResponseWouldBe()
{
    ResponseView *response = m_window->responseView();
    typeUrl(m_httpbin.url(QStringLiteral("/get?first=1")));
    QVERIFY(sendAndWait());
    QCOMPARE(m_window->exchangeView()->legList()->legModel()->rowCount(), 1);

    QLineEdit *field = m_window->requestEditor()->urlField();
    field->clear();
    QTest::keyClicks(field, QStringLiteral("http://exa mple.org:99999/x"));
    QSignalSpy started(m_window.get(), &MainWindow::exchangeStarted);
    m_window->sendAction()->trigger();
    QCOMPARE(started.size(), 0);
    const QString error = m_window->statusBar()->currentMessage();
    QVERIFY(!error.isEmpty());
    QVERIFY(response->isShowingOutcome());
    QCOMPARE(response->outcomeTitle(), UiFormat::statusTitle(Status::Code::InvalidInput));
    QVERIFY2(response->outcomeText().contains(error), qPrintable(response->outcomeText()));
    QCOMPARE(response->statusLine()->statusText(), UiFormat::statusTitle(Status::Code::InvalidInput));
    // Neither the previous response nor its legs stay.
    QCOMPARE(response->headersModel()->rowCount(), 0);
    QCOMPARE(m_window->exchangeView()->legList()->legModel()->rowCount(), 0);
}

void tst_MainWindowTruth::urlElisionKeepsTheOriginAndTheEnd_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("origin");
    QTest::addColumn<QString>("end");
    QTest::newRow("loopback") << QStringLiteral("http://127.0.0.1:19281/a/very/long/path/that/goes/on/and/on/ok")
                              << QStringLiteral("http://127.0.0.1:19281") << QStringLiteral("/ok");
    QTest::newRow("localhost") << QStringLiteral("http://localhost:19281/a/very/long/path/that/goes/on/and/on/ok")
                               << QStringLiteral("http://localhost:19281") << QStringLiteral("/ok");
    QTest::newRow("redirect") << QStringLiteral("http://127.0.0.1:19281/redirect-to?url=somewhere-long-enough-to-cut \u2192 http://other:81/x")
                              << QStringLiteral("http://127.0.0.1:19281") << QStringLiteral(" \u2192 http://other:81/x");
}

void tst_MainWindowTruth::urlElisionKeepsTheOriginAndTheEnd()
{
    QFETCH(QString, url);
    QFETCH(QString, origin);
    QFETCH(QString, end);
    const QFontMetrics metrics(UiFormat::monospaceFont());
    const int width = metrics.horizontalAdvance(origin + end) + metrics.horizontalAdvance(QStringLiteral("/abcd"));
    const QString elided = ElidingDelegate::elideUrl(url, metrics, width);
    QVERIFY2(elided.startsWith(origin), qPrintable(elided));
    QVERIFY2(elided.endsWith(end), qPrintable(elided));
    QVERIFY2(elided.contains(QChar(0x2026)), qPrintable(elided));
    QVERIFY(metrics.horizontalAdvance(elided) <= width);
    // Narrower: the scheme goes before the host and port do.
    const QString hostPort = origin.mid(origin.indexOf(QStringLiteral("://")) + 3);
    const int narrow = metrics.horizontalAdvance(hostPort + QChar(0x2026) + QStringLiteral("/abcd"));
    const QString narrowed = ElidingDelegate::elideUrl(url, metrics, narrow);
    QVERIFY2(narrowed.startsWith(hostPort + QChar(0x2026)), qPrintable(narrowed));
    QVERIFY2(narrowed.endsWith(url.right(5)), qPrintable(narrowed));
    // What fits is left alone.
    QCOMPARE(ElidingDelegate::elideUrl(url, metrics, metrics.horizontalAdvance(url)), url);

    // The leg list draws its URLs with it: the painted row shows the origin.
    auto *delegate = qobject_cast<ElidingDelegate *>(
        m_window->exchangeView()->legList()->itemDelegateForColumn(LegListModel::UrlColumn));
    QVERIFY(delegate);
}

void tst_MainWindowTruth::redirectLegShowsItsLocation()
{
    // To another origin (localhost is not 127.0.0.1): the Location names it.
    QUrl target = m_httpbin.url(QStringLiteral("/get"));
    target.setHost(QStringLiteral("localhost"));
    QUrl redirect = m_httpbin.url(QStringLiteral("/redirect-to"));
    redirect.setQuery(QStringLiteral("url=") + QString::fromLatin1(QUrl::toPercentEncoding(target.toString())));
    typeUrl(redirect);
    QVERIFY(sendAndWait());
    const LegListModel *legs = m_window->exchangeView()->legList()->legModel();
    QCOMPARE(legs->rowCount(), 1); // redirects are not followed by default
    const QModelIndex url = legs->index(0, LegListModel::UrlColumn);
    QVERIFY2(url.data().toString().endsWith(QStringLiteral(" \u2192 ") + target.toString()), qPrintable(url.data().toString()));
    // The tooltip has both whole.
    const QString tip = url.data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(redirect.toDisplayString()), qPrintable(tip));
    QVERIFY2(tip.contains(target.toString()), qPrintable(tip));
}

void tst_MainWindowTruth::zoomScalesEveryViewAndIsRemembered()
{
    typeUrl(m_httpbin.url(QStringLiteral("/get")));
    QVERIFY(sendAndWait());
    QLineEdit *url = m_window->requestEditor()->urlField();
    LegListView *legs = m_window->exchangeView()->legList();
    ResponseView *response = m_window->responseView();
    const QModelIndex legUrl = legs->legModel()->index(0, LegListModel::UrlColumn);
    const auto sizes = [&] {
        return QList<qreal>{url->font().pointSizeF(), legs->font().pointSizeF(),
                            legUrl.data(Qt::FontRole).value<QFont>().pointSizeF(),
                            response->bodyView()->prettyEditor()->font().pointSizeF(),
                            response->headersView()->font().pointSizeF(),
                            response->statusLine()->font().pointSizeF(),
                            m_window->exchangeView()->legDetails()->font().pointSizeF(),
                            qreal(legs->verticalHeader()->defaultSectionSize())};
    };
    const QList<qreal> before = sizes();
    for (qreal size : before)
        QVERIFY(size > 0);

    m_window->zoomInAction()->trigger();
    m_window->zoomInAction()->trigger();
    QCOMPARE(m_window->zoom()->percent(), 125);
    const QList<qreal> zoomed = sizes();
    for (int i = 0; i < before.size(); ++i)
        QVERIFY2(qAbs(zoomed.at(i) / before.at(i) - 1.25) < 0.1,
                 qPrintable(QStringLiteral("view %1: %2 -> %3").arg(i).arg(before.at(i)).arg(zoomed.at(i))));
    QCOMPARE(m_settings->value(AppSettings::Key::ZoomPercent).toInt(), 125);

    // A new window opens at the remembered size.
    showFreshWindow();
    QCOMPARE(m_window->zoom()->percent(), 125);
    QVERIFY(qAbs(m_window->requestEditor()->urlField()->font().pointSizeF() / before.first() - 1.25) < 0.1);

    m_window->zoomOutAction()->trigger();
    QCOMPARE(m_window->zoom()->percent(), 110);
    QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_0));
    QCOMPARE(m_window->zoom()->percent(), 100);
    QCOMPARE(m_window->requestEditor()->urlField()->font().pointSizeF(), before.first());
    QCOMPARE(UiFormat::monospaceFont().pointSizeF(), before.at(2));
    QCOMPARE(m_settings->value(AppSettings::Key::ZoomPercent).toInt(), 100);
    QCOMPARE(WindowZoom::nextPercent(WindowZoom::maximumPercent(), +1), WindowZoom::maximumPercent());
    QCOMPARE(WindowZoom::nextPercent(WindowZoom::minimumPercent(), -1), WindowZoom::minimumPercent());
}

void tst_MainWindowTruth::copyActionsPutTextOnTheClipboard()
{
    const QUrl target = m_httpbin.url(QStringLiteral("/response-headers?X-Copy-Me=value%201"));
    typeUrl(target);
    QVERIFY(sendAndWait());
    QClipboard *clipboard = QGuiApplication::clipboard();

    LegListView *legs = m_window->exchangeView()->legList();
    legs->setFocus();
    legs->selectLeg(0);
    clipboard->clear();
    QTest::keySequence(legs, QKeySequence::Copy);
    QCOMPARE(clipboard->text(), target.toDisplayString());
    QTest::keySequence(legs, QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_C));
    QVERIFY2(clipboard->text().contains(QStringLiteral("curl")), qPrintable(clipboard->text()));
    QVERIFY2(clipboard->text().contains(QStringLiteral("/response-headers")), qPrintable(clipboard->text()));

    ResponseView *response = m_window->responseView();
    QTableView *headers = response->headersView();
    int row = -1;
    for (int r = 0; r < response->headersModel()->rowCount(); ++r) {
        if (response->headersModel()->index(r, HeaderListModel::NameColumn).data().toString() == QStringLiteral("X-Copy-Me"))
            row = r;
    }
    QVERIFY(row >= 0);
    response->tabs()->setCurrentIndex(ResponseView::HeadersTab);
    headers->setFocus();
    headers->selectRow(row);
    QTest::keySequence(headers, QKeySequence::Copy);
    QCOMPARE(clipboard->text(), QStringLiteral("X-Copy-Me: value 1"));
    response->copyHeaderValueAction()->trigger();
    QCOMPARE(clipboard->text(), QStringLiteral("value 1"));
    // A long value is shown whole: the row wraps it instead of cutting it.
    QVERIFY(headers->wordWrap());
    QCOMPARE(headers->textElideMode(), Qt::ElideNone);
    QCOMPARE(headers->verticalHeader()->sectionResizeMode(0), QHeaderView::ResizeToContents);
    response->copyAllHeadersAction()->trigger();
    QCOMPARE(clipboard->text().count(u'\n') + 1, response->headersModel()->rowCount());
}

void tst_MainWindowTruth::focusShortcutsReachTheLegList()
{
    typeUrl(m_httpbin.url(QStringLiteral("/get")));
    QVERIFY(sendAndWait());
    QTest::keySequence(m_window.get(), m_window->focusLegsAction()->shortcut());
    QTRY_VERIFY(m_window->exchangeView()->legList()->hasFocus());
    QTest::keySequence(m_window.get(), m_window->focusUrlAction()->shortcut());
    QTRY_VERIFY(m_window->requestEditor()->urlField()->hasFocus());
    QTest::keySequence(m_window.get(), m_window->focusInspectorAction()->shortcut());
    QTRY_VERIFY(m_window->exchangeView()->legDetails()->isAncestorOf(QApplication::focusWidget()));
    // Shown in the View menu with their keys.
    QVERIFY(!m_window->focusLegsAction()->shortcut().isEmpty());
    QVERIFY(m_window->focusLegsAction()->associatedObjects().size() > 1);
}

void tst_MainWindowTruth::exportActionsFollowTheShownExchange()
{
    ExportActions *exports = m_window->exportActions();
    const QList<QAction *> all{exports->exportHarAction(), exports->exportMarkdownAction(),
                               exports->exportDiagramAction(), exports->copyCurlAction()};
    // In the menus: File's exports, Edit's copy.
    const QMenu *file = nullptr;
    const QMenu *edit = m_window->findChild<QMenu *>(QStringLiteral("editMenu"));
    for (QAction *menu : m_window->menuBar()->actions()) {
        if (menu->menu() && menu->menu()->actions().contains(exports->exportHarAction()))
            file = menu->menu();
    }
    QVERIFY(file);
    QVERIFY(file->actions().contains(exports->exportMarkdownAction()));
    QVERIFY(file->actions().contains(exports->exportDiagramAction()));
    QVERIFY(edit && edit->actions().contains(exports->copyCurlAction()));
    for (QAction *action : all)
        QVERIFY(!action->isEnabled()); // nothing to export yet

    const QUrl target = m_httpbin.url(QStringLiteral("/anything/exported"));
    typeUrl(target);
    QVERIFY(sendAndWait());
    for (QAction *action : all)
        QVERIFY2(action->isEnabled(), qPrintable(action->text()));
    // Ctrl+Alt+C from the URL field copies the shown leg as curl.
    QGuiApplication::clipboard()->clear();
    m_window->requestEditor()->urlField()->setFocus();
    QTest::keySequence(m_window->requestEditor()->urlField(), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_C));
    QVERIFY2(QGuiApplication::clipboard()->text().contains(QStringLiteral("/anything/exported")),
             qPrintable(QGuiApplication::clipboard()->text()));

    // A request that is not sent: nothing of the previous exchange is offered for export.
    m_window->requestEditor()->urlField()->setText(QStringLiteral("http://exa mple.org:99999/"));
    m_window->sendAction()->trigger();
    for (QAction *action : all)
        QVERIFY(!action->isEnabled());
}

QTEST_MAIN(tst_MainWindowTruth)
#include "tst_mainwindowtruth.moc"
