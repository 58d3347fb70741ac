#include "appsettings.h"
#include "challengeview.h"
#include "core/displaytext.h"
#include "credentialdialog.h"
#include "dialogcredentialprovider.h"
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

#include "hostileserver.h"

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>

// The main window against tests/support/hostile's /terminal routes: a realm, reason phrase,
// header value and challenge carrying ESC sequences, BEL, NUL, CR, DEL, C1 and bidi controls and
// bytes that are not UTF-8 are shown in DisplayText's escaped form (as the CLI shows them) by the
// credential dialog, the status line, the leg list, the headers view, the challenge view and the
// notes; markup from the server is shown as text, never rendered.
class tst_HostileTextInWidgets : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void controlCharactersAreShownEscaped();
    void markupIsShownAsText();

private:
    // Sends url, waits for the credential dialog; null when none opened.
    CredentialDialog *sendAndWaitForDialog(const QUrl &url);
    // Cancels the dialog and waits for the exchange to end.
    bool cancelAndWait(CredentialDialog *dialog);
    const HeaderListModel *responseHeaders() const;
    int responseHeaderRow(const QByteArray &name) const;

    HostileServer m_server;
    QTemporaryDir m_settingsDir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

namespace {

// The first character a display would act on rather than show (C0, DEL, C1, bidi controls,
// line separators; a line break only where the text is one line), described; empty when none.
QString firstControl(const QString &text, bool lines = false)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (lines && c == u'\n')
            continue;
        const bool bidi = c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069);
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || bidi || c == 0x2028 || c == 0x2029)
            return QStringLiteral("U+%1 at %2").arg(c, 4, 16, QLatin1Char('0')).arg(i);
    }
    return QString();
}

// What a user reads: Qt renders a label or tooltip as HTML when its format says so or, for
// AutoText and tooltips, when the text looks like HTML (Qt::mightBeRichText).
QString rendered(const QString &text, Qt::TextFormat format = Qt::AutoText)
{
    if (format == Qt::PlainText || (format == Qt::AutoText && !Qt::mightBeRichText(text)))
        return text;
    QTextDocument document;
    document.setHtml(text);
    return document.toPlainText();
}

QString rendered(const QLabel *label)
{
    return rendered(label->text(), label->textFormat());
}

// The escaped form of routes_terminal.py's "all" as a header value (from its bytes) and as the
// challenge parser's decoded realm (a byte that is not UTF-8 became U+FFFD there).
const QString escapedValue = QStringLiteral(
        "\\x1b]0;pwned-title\\x07\\x1b[2J\\x1b[H\\x00over\\x0dforged\\x7f\\x9b31m\\u009d\\u202e\\xff\\xfe\\xc3-end");
const QString escapedStart = QStringLiteral("\\x1b]0;pwned-title\\x07\\x1b[2J\\x1b[H\\x00over\\x0dforged\\x7f");
const QString markup = QStringLiteral("<b>bold</b><img src=x>-end");

#define VERIFY_NO_CONTROL_IN_LINES(text, lines)                                                                        \
    do {                                                                                                               \
        const QString shown_ = (text);                                                                                 \
        const QString control_ = firstControl(shown_, lines);                                                          \
        QVERIFY2(control_.isEmpty(), qPrintable(control_ + QStringLiteral(" in ") + DisplayText::escaped(shown_)));    \
    } while (false)
#define VERIFY_NO_CONTROL(text) VERIFY_NO_CONTROL_IN_LINES(text, false)

} // namespace

void tst_HostileTextInWidgets::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));
    QVERIFY(m_settingsDir.isValid());
}

void tst_HostileTextInWidgets::init()
{
    m_settings = std::make_unique<AppSettings>(m_settingsDir.filePath(QStringLiteral("authscope.ini")));
    m_window = std::make_unique<MainWindow>(m_settings.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void tst_HostileTextInWidgets::cleanup()
{
    m_window.reset();
    m_settings.reset();
}

CredentialDialog *tst_HostileTextInWidgets::sendAndWaitForDialog(const QUrl &url)
{
    QLineEdit *field = m_window->requestEditor()->urlField();
    field->clear();
    QTest::keyClicks(field, url.toString());
    return MainWindowTesting::sendAndWaitForDialog(m_window.get());
}

bool tst_HostileTextInWidgets::cancelAndWait(CredentialDialog *dialog)
{
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    dialog->reject();
    return !finished.isEmpty() || finished.wait(20000);
}

const HeaderListModel *tst_HostileTextInWidgets::responseHeaders() const
{
    return m_window->exchangeView()->legDetails()->responseHeadersModel();
}

int tst_HostileTextInWidgets::responseHeaderRow(const QByteArray &name) const
{
    const HeaderListModel *model = responseHeaders();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->headers().at(row).name.compare(name, Qt::CaseInsensitive) == 0)
            return row;
    }
    return -1;
}

void tst_HostileTextInWidgets::controlCharactersAreShownEscaped()
{
    CredentialDialog *dialog = sendAndWaitForDialog(m_server.url(QStringLiteral("/terminal/basic")));
    QVERIFY(dialog);

    // The dialog, and the window behind it while it asks.
    const QString realm = rendered(dialog->realmLabel());
    VERIFY_NO_CONTROL(realm);
    QVERIFY2(realm.startsWith(escapedStart), qPrintable(realm));
    VERIFY_NO_CONTROL(rendered(dialog->schemeLabel()->toolTip()));
    QVERIFY(dialog->schemeLabel()->toolTip().contains(escapedStart));
    VERIFY_NO_CONTROL(m_window->statusBar()->currentMessage());
    VERIFY_NO_CONTROL(m_window->responseView()->statusLine()->detailsText());
    QVERIFY2(m_window->responseView()->statusLine()->detailsText().contains(escapedStart),
             qPrintable(m_window->responseView()->statusLine()->detailsText()));
    QVERIFY(cancelAndWait(dialog));

    // The reason phrase on the status chip and in the leg list, from its bytes like a header value.
    const QString chip = m_window->responseView()->statusLine()->statusText();
    VERIFY_NO_CONTROL(chip);
    QVERIFY2(chip.startsWith(QStringLiteral("401 Unauthorized ") + escapedStart), qPrintable(chip));
    QVERIFY2(chip.contains(QStringLiteral("\\x9b31m\\u009d\\u202e\\xff\\xfe\\xc3-end")), qPrintable(chip));
    const LegListModel *legs = m_window->exchangeView()->legList()->legModel();
    QCOMPARE(legs->rowCount(), 1);
    const QModelIndex status = legs->index(0, LegListModel::StatusColumn);
    VERIFY_NO_CONTROL(status.data().toString());
    QVERIFY(status.data().toString().startsWith(QStringLiteral("401 Unauthorized ") + escapedStart));
    VERIFY_NO_CONTROL_IN_LINES(rendered(status.data(Qt::ToolTipRole).toString()), true);

    // The header value, from its bytes: exactly the CLI's form.
    m_window->exchangeView()->legList()->selectLeg(0);
    const int row = responseHeaderRow("X-Hostile");
    QVERIFY(row >= 0);
    QCOMPARE(responseHeaders()->index(row, HeaderListModel::ValueColumn).data().toString(), escapedValue);
    // Exactly the value: not mistaken for a secret that was masked ("Secrets are hidden...").
    QCOMPARE(rendered(responseHeaders()->index(row, HeaderListModel::ValueColumn).data(Qt::ToolTipRole).toString()),
             escapedValue);

    LegDetailsView *details = m_window->exchangeView()->legDetails();
    const QStringList challenges = details->challengeView()->challengeTexts();
    QCOMPARE(challenges.size(), 1);
    VERIFY_NO_CONTROL(challenges.first());
    QVERIFY2(challenges.first().startsWith(QStringLiteral("Basic realm=\"") + escapedStart), qPrintable(challenges.first()));
    VERIFY_NO_CONTROL_IN_LINES(rendered(details->summary(), Qt::RichText), true);
    QListWidget *notes = details->notesList();
    QVERIFY(notes->count() > 0);
    bool realmInNotes = false;
    for (int i = 0; i < notes->count(); ++i) {
        VERIFY_NO_CONTROL(notes->item(i)->text());
        realmInNotes = realmInNotes || notes->item(i)->text().contains(escapedStart);
    }
    QVERIFY(realmInNotes);
}

void tst_HostileTextInWidgets::markupIsShownAsText()
{
    CredentialDialog *dialog = sendAndWaitForDialog(m_server.url(QStringLiteral("/terminal/basic?part=html")));
    QVERIFY(dialog);
    QCOMPARE(rendered(dialog->realmLabel()), markup);
    QVERIFY2(rendered(dialog->schemeLabel()->toolTip()).contains(QStringLiteral("realm=\"") + markup),
             qPrintable(dialog->schemeLabel()->toolTip()));
    QVERIFY2(rendered(m_window->responseView()->statusLine()->detailsText(),
                      Qt::PlainText).contains(markup), qPrintable(m_window->responseView()->statusLine()->detailsText()));
    QVERIFY(cancelAndWait(dialog));

    auto *chip = m_window->responseView()->findChild<QLabel *>(QStringLiteral("statusChip"));
    QVERIFY(chip);
    QCOMPARE(rendered(chip), QStringLiteral("401 Unauthorized ") + markup);
    auto *statusDetails = m_window->responseView()->findChild<QLabel *>(QStringLiteral("statusDetails"));
    QVERIFY(statusDetails);
    QVERIFY2(rendered(statusDetails).contains(markup), qPrintable(statusDetails->text()));
    const LegListModel *legs = m_window->exchangeView()->legList()->legModel();
    QVERIFY(rendered(legs->index(0, LegListModel::StatusColumn).data(Qt::ToolTipRole).toString()).contains(markup));
    m_window->exchangeView()->legList()->selectLeg(0);
    const int row = responseHeaderRow("X-Hostile");
    QVERIFY(row >= 0);
    QCOMPARE(rendered(responseHeaders()->index(row, HeaderListModel::ValueColumn).data(Qt::ToolTipRole).toString()),
             markup);
}

QTEST_MAIN(tst_HostileTextInWidgets)
#include "tst_hostiletextinwidgets.moc"
