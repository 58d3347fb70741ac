#include "cli/cliapplication.h"
#include "cli/console.h"
#include "clirunner.h"
#include "core/status.h"
#include "httpbinserver.h"

#include <QBuffer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

// send --markdown FILE and --diagram FILE.svg|FILE.png: the real authscope-cli against httpbin's
// Basic challenge, then the files read back (Markdown sections, SVG as XML, PNG by signature),
// with no secret in them unless --include-secrets. --diagram paints through the hook main() sets;
// without it (a front end that has no renderer) it fails before anything is sent.
class tst_CliExports : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void writesMarkdownAndDiagram_data();
    void writesMarkdownAndDiagram();
    void refusesWhatIsNotAFileOrImage_data();
    void refusesWhatIsNotAFileOrImage();
    void unwritableMarkdownIsAFileError();
    void diagramWithoutRendererFailsBeforeSending();
    void helpNamesBothOptions();

private:
    HttpbinServer m_httpbin;
};

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

const QByteArray password = "pa55-W0rd-xyz";
const QByteArray credentials = QByteArray("alice:" + password).toBase64();

} // namespace

void tst_CliExports::initTestCase()
{
    QString error;
    QVERIFY2(m_httpbin.start(&error), qPrintable(error));
}

void tst_CliExports::writesMarkdownAndDiagram_data()
{
    QTest::addColumn<QString>("image");
    QTest::addColumn<bool>("includeSecrets");
    QTest::newRow("svg") << s("flow.svg") << false;
    QTest::newRow("png") << s("flow.png") << false;
    QTest::newRow("svg, upper-case suffix") << s("FLOW.SVG") << false;
    QTest::newRow("svg with secrets") << s("flow.svg") << true;
}

void tst_CliExports::writesMarkdownAndDiagram()
{
    QFETCH(QString, image);
    QFETCH(bool, includeSecrets);
    QTemporaryDir dir;
    const QString markdownPath = dir.filePath(s("exchange.md"));
    const QString imagePath = dir.filePath(image);
    QStringList arguments{s("send"), s("--no-keychain"), s("--no-prompt"), s("-u"),
                          s("alice:") + QString::fromLatin1(password), s("--markdown"), markdownPath,
                          s("--diagram"), imagePath};
    if (includeSecrets)
        arguments << s("--include-secrets");
    // As on a server: no display and no platform chosen (main() picks offscreen for --diagram).
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
        environment.remove(s(name));
    const CliRunner::Result r = CliRunner::run(
            arguments << m_httpbin.url(s("/basic-auth/alice/") + QString::fromLatin1(password)).toString(), environment);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("\"authenticated\": true") || r.out.contains("\"authenticated\":true"));

    const QByteArray markdown = readFile(markdownPath);
    QVERIFY(markdown.startsWith("# GET http://127.0.0.1:"));
    QVERIFY(markdown.contains("```mermaid\nsequenceDiagram\n"));
    QVERIFY(markdown.contains("## Leg 1 (initial)"));
    QVERIFY(markdown.contains("## Leg 2 (auth-retry)"));
    QVERIFY(markdown.contains("HTTP/1.1 401 UNAUTHORIZED"));
    QVERIFY(markdown.contains("`missing-credentials`"));
    QVERIFY(markdown.contains("Basic realm=\"Fake Realm\""));

    const QByteArray picture = readFile(imagePath);
    if (image.endsWith(s(".png"), Qt::CaseInsensitive)) {
        QVERIFY(picture.startsWith("\x89PNG\r\n\x1a\n"));
        QVERIFY(picture.size() > 2000);
    } else {
        QXmlStreamReader xml(picture);
        QVERIFY(xml.readNextStartElement());
        QCOMPARE(xml.name(), QLatin1String("svg"));
        while (!xml.atEnd())
            xml.readNext();
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(picture.contains("/basic-auth/alice/"));
        QVERIFY(picture.contains("401"));
    }

    // The password is in the URL (httpbin's design) and, as base64, in Authorization.
    QCOMPARE(markdown.contains(credentials), includeSecrets);
    QCOMPARE(markdown.contains(password), includeSecrets);
    QVERIFY(!picture.contains(credentials));
    if (!includeSecrets) {
        QVERIFY(!picture.contains(password));
        QVERIFY(markdown.contains("Authorization: Basic [redacted]"));
    }
}

void tst_CliExports::refusesWhatIsNotAFileOrImage_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("jpg") << QStringList{s("--diagram"), s("flow.jpg")} << QByteArray("must end in .svg or .png");
    QTest::newRow("no suffix") << QStringList{s("--diagram"), s("flow")} << QByteArray("must end in .svg or .png");
    QTest::newRow("diagram to stdout") << QStringList{s("--diagram"), s("-")} << QByteArray("--diagram needs a file name");
    QTest::newRow("markdown to stdout") << QStringList{s("--markdown"), s("-")} << QByteArray("--markdown needs a file name");
    QTest::newRow("empty markdown") << QStringList{s("--markdown="), s("-v")} << QByteArray("--markdown needs a file name");
}

void tst_CliExports::refusesWhatIsNotAFileOrImage()
{
    QFETCH(QStringList, options);
    QFETCH(QByteArray, message);
    QTemporaryDir dir;
    QStringList arguments{s("send")};
    arguments << options << m_httpbin.url(s("/get")).toString();
    QProcess cli;
    cli.setWorkingDirectory(dir.path());
    cli.start(CliRunner::program(), arguments);
    QVERIFY(cli.waitForFinished(10000));
    QCOMPARE(cli.exitCode(), 2);
    const QByteArray err = cli.readAllStandardError();
    QVERIFY2(err.contains("authscope-cli: error: ") && err.contains(message), err.constData());
    QCOMPARE(cli.readAllStandardOutput(), QByteArray()); // nothing was sent
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList());
}

void tst_CliExports::unwritableMarkdownIsAFileError()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(s("no/such/dir/exchange.md"));
    const CliRunner::Result r = CliRunner::run({s("send"), s("--markdown"), path, m_httpbin.url(s("/get")).toString()});
    QCOMPARE(r.exitCode, Status(Status::Code::FileError, QString()).exitCode());
    QVERIFY2(r.err.contains(path.toUtf8()) && r.err.contains("Nothing was written"), r.err.constData());
    QVERIFY(r.out.contains("\"url\"")); // the body still went out
}

void tst_CliExports::diagramWithoutRendererFailsBeforeSending()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(s("flow.svg"));
    QBuffer out;
    QBuffer err;
    out.open(QIODevice::WriteOnly);
    err.open(QIODevice::WriteOnly);
    Console console(&out, &err);
    QNetworkAccessManager manager;
    CliApplication app(CliContext{&console, &manager}); // no writeDiagram: a front end without Qt Gui
    QSignalSpy finished(&app, &CliApplication::finished);
    app.start({s("send"), s("--diagram"), path, m_httpbin.url(s("/get")).toString()});
    QVERIFY(finished.wait(10000));
    QCOMPARE(app.exitCode(), 2);
    QVERIFY2(err.data().contains("--diagram") && err.data().contains("nothing was sent"), err.data().constData());
    QCOMPARE(out.data(), QByteArray());
    QVERIFY(!QFile::exists(path));
}

void tst_CliExports::helpNamesBothOptions()
{
    const CliRunner::Result r = CliRunner::run({s("send"), s("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("--markdown FILE"));
    QVERIFY(r.out.contains("--diagram FILE"));
    QVERIFY(r.out.contains("--har, --markdown and -v output"));
}

QTEST_GUILESS_MAIN(tst_CliExports)
#include "tst_cliexports.moc"
