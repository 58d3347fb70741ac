#include "exchangerunning.h"
#include "exportactions.h"
#include "httpbinserver.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMainWindow>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

// The GUI's exports of a real exchange (httpbin's Basic challenge answered): HAR and Markdown with
// and without secrets, the diagram as SVG and PNG, "Copy as curl" of the current leg, a failure
// shown in a message box, and the save dialog's "Include secrets" box (off by default, visible).
class tst_ExportActions : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void actionsWaitForAnExchange();
    void savesEachExport_data();
    void savesEachExport();
    void copiesTheCurrentLegAsCurl();
    void failureIsShownAndNothingIsLost();
    void saveDialogOffersSecretsOffByDefault();

private:
    // Triggers action with the path chooser answering choice; true once the export said it is done.
    bool exportWith(QAction *action, const ExportActions::Choice &choice);

    HttpbinServer m_httpbin;
    Exchange m_exchange;
    QMainWindow m_window;
    ExportActions *m_actions = nullptr;
    QTemporaryDir m_dir;
};

namespace {

const QByteArray password = "gu1-Pa55word";
const QByteArray credentials = QByteArray("alice:" + password).toBase64();

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

void tst_ExportActions::initTestCase()
{
    QString error;
    QVERIFY2(m_httpbin.start(&error), qPrintable(error));
    HttpRequest request;
    request.url = m_httpbin.url(QStringLiteral("/basic-auth/alice/") + QString::fromLatin1(password));
    request.credentials.user = QStringLiteral("alice");
    request.credentials.password = password;
    m_exchange = ExchangeRunning::run(request);
    QCOMPARE(m_exchange.legs.size(), 2);
    QCOMPARE(m_exchange.legs.at(1).statusCode, 200);
    m_actions = new ExportActions(&m_window);
    m_window.resize(900, 600);
    m_window.show();
}

bool tst_ExportActions::exportWith(QAction *action, const ExportActions::Choice &choice)
{
    m_actions->setPathChooser([choice](ExportActions::Kind, const QString &, std::function<void(ExportActions::Choice)> done) {
        done(choice);
    });
    QSignalSpy exported(m_actions, &ExportActions::exported);
    action->trigger();
    return exported.size() == 1 && exported.at(0).at(0).toString() == choice.path;
}

void tst_ExportActions::actionsWaitForAnExchange()
{
    ExportActions actions(&m_window);
    for (QAction *action : {actions.exportHarAction(), actions.exportMarkdownAction(), actions.exportDiagramAction(),
                            actions.copyCurlAction()})
        QVERIFY(!action->isEnabled());
    actions.setExchange(&m_exchange);
    for (QAction *action : {actions.exportHarAction(), actions.exportMarkdownAction(), actions.exportDiagramAction(),
                            actions.copyCurlAction()})
        QVERIFY(action->isEnabled());
    QVERIFY(actions.exportHarAction()->text().contains(QStringLiteral("HAR")));
    actions.setExchange(nullptr);
    QVERIFY(!actions.copyCurlAction()->isEnabled());
}

void tst_ExportActions::savesEachExport_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<bool>("includeSecrets");
    QTest::newRow("HAR") << QStringLiteral("har") << QStringLiteral("a.har") << false;
    QTest::newRow("HAR with secrets") << QStringLiteral("har") << QStringLiteral("b.har") << true;
    QTest::newRow("Markdown") << QStringLiteral("md") << QStringLiteral("a.md") << false;
    QTest::newRow("Markdown with secrets") << QStringLiteral("md") << QStringLiteral("b.md") << true;
    QTest::newRow("SVG") << QStringLiteral("diagram") << QStringLiteral("a.svg") << false;
    // The diagram has no secrets box: a choice that says so anyway is not honoured.
    QTest::newRow("PNG, secrets asked for") << QStringLiteral("diagram") << QStringLiteral("a.png") << true;
}

void tst_ExportActions::savesEachExport()
{
    QFETCH(QString, kind);
    QFETCH(QString, fileName);
    QFETCH(bool, includeSecrets);
    m_actions->setExchange(&m_exchange);
    const QString path = m_dir.filePath(fileName);
    QAction *action = kind == u"har" ? m_actions->exportHarAction()
            : kind == u"md"          ? m_actions->exportMarkdownAction()
                                     : m_actions->exportDiagramAction();
    QVERIFY(exportWith(action, {path, includeSecrets}));
    const QByteArray content = readFile(path);
    QVERIFY(!content.isEmpty());

    if (kind == u"har") {
        const QJsonObject log = QJsonDocument::fromJson(content).object().value(u"log").toObject();
        QCOMPARE(log.value(u"entries").toArray().size(), 2);
        QCOMPARE(content.contains(credentials), includeSecrets);
        QCOMPARE(content.contains(password), includeSecrets);
    } else if (kind == u"md") {
        QVERIFY(content.contains("```mermaid\nsequenceDiagram\n"));
        QVERIFY(content.contains("## Leg 2 (auth-retry)"));
        QCOMPARE(content.contains(credentials), includeSecrets);
        QCOMPARE(content.contains(password), includeSecrets);
    } else if (fileName.endsWith(u".svg")) {
        QXmlStreamReader xml(content);
        QVERIFY(xml.readNextStartElement());
        QCOMPARE(xml.name(), QLatin1String("svg"));
        QVERIFY(content.contains("401"));
        QVERIFY(!content.contains(password));
    } else {
        QImage image;
        QVERIFY(image.loadFromData(content, "PNG"));
        QVERIFY(image.width() > 200 && image.height() > 100);
    }
    const bool ownerOnly = !(QFile::permissions(path) & (QFile::ReadGroup | QFile::ReadOther));
    QCOMPARE(ownerOnly, includeSecrets && kind != u"diagram");
}

void tst_ExportActions::copiesTheCurrentLegAsCurl()
{
    m_actions->setExchange(&m_exchange);
    QSignalSpy copied(m_actions, &ExportActions::copied);
    m_actions->setCurrentLeg(1);
    m_actions->copyCurlAction()->trigger();
    QCOMPARE(copied.size(), 1);
    const QString answered = QApplication::clipboard()->text();
    QVERIFY2(answered.contains(QStringLiteral("\ncurl ")), qPrintable(answered));
    QVERIFY(answered.contains(QStringLiteral("Authorization: '\"$AUTHSCOPE_AUTHORIZATION\"")));
    QVERIFY(!answered.contains(QString::fromLatin1(credentials)));
    QVERIFY(answered.contains(m_exchange.legs.at(1).url.toString(QUrl::FullyEncoded)));

    m_actions->setCurrentLeg(0);
    m_actions->copyCurlAction()->trigger();
    const QString first = QApplication::clipboard()->text();
    QVERIFY2(first.startsWith(QStringLiteral("curl ")), qPrintable(first));
    QVERIFY(!first.contains(QStringLiteral("Authorization")));
}

void tst_ExportActions::failureIsShownAndNothingIsLost()
{
    m_actions->setExchange(&m_exchange);
    QSignalSpy failed(m_actions, &ExportActions::failed);
    // A directory where the file should go: the save cannot happen.
    const QString directory = m_dir.filePath(QStringLiteral("taken.md"));
    QVERIFY(QDir().mkpath(directory));
    QVERIFY(!exportWith(m_actions->exportMarkdownAction(), {directory, false}));
    QCOMPARE(failed.size(), 1);
    QVERIFY2(failed.at(0).at(0).toString().contains(directory), qPrintable(failed.at(0).at(0).toString()));
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = m_window.findChild<QMessageBox *>()) && box->isVisible());
    QVERIFY(box->text().contains(directory));
    box->close();
    QVERIFY(QFileInfo(directory).isDir());
    // The exchange is still there to export elsewhere.
    QVERIFY(exportWith(m_actions->exportMarkdownAction(), {m_dir.filePath(QStringLiteral("again.md")), false}));
}

void tst_ExportActions::saveDialogOffersSecretsOffByDefault()
{
    m_actions->setExchange(&m_exchange);
    std::unique_ptr<QFileDialog> har(m_actions->createSaveDialog(ExportActions::Kind::Har, QStringLiteral("x.har")));
    har->resize(900, 560);
    har->show();
    QVERIFY(QTest::qWaitForWindowExposed(har.get()));
    auto *box = har->findChild<QCheckBox *>(QStringLiteral("includeSecrets"));
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QVERIFY(!box->isChecked());
    QVERIFY(box->text().contains(QStringLiteral("Include secrets")));
    QDir().mkpath(QStringLiteral(AUTHSCOPE_BINARY_DIR "/screenshots"));
    QVERIFY(har->grab().save(QStringLiteral(AUTHSCOPE_BINARY_DIR "/screenshots/export-har-dialog.png")));
    har->close();

    std::unique_ptr<QFileDialog> diagram(m_actions->createSaveDialog(ExportActions::Kind::Diagram, QStringLiteral("x.svg")));
    QVERIFY(!diagram->findChild<QCheckBox *>(QStringLiteral("includeSecrets")));
    QCOMPARE(diagram->nameFilters().size(), 2);
}

QTEST_MAIN(tst_ExportActions)
#include "tst_exportactions.moc"
