#include "clirunner.h"
#include "hostileserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <unistd.h>

// authscope-cli as a process that gets signals: SIGINT, SIGTERM and SIGHUP each cancel the run,
// which then unwinds like Ctrl-C (the terminal's echo back, temporary files gone, -o left as it
// was, --har still written) and exits 128 + the signal's number. Run against the hostile server's
// stalled and large bodies, with TMPDIR pointing at a directory of the test's own.
class TestCliSignals : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void signalCancelsAndSaysWhich_data();
    void signalCancelsAndSaysWhich();
    void signalWhileTheBodyIsCopiedStopsTheCopy_data();
    void signalWhileTheBodyIsCopiedStopsTheCopy();
    void signalWhileTheBodyIsWrittenToAFileKeepsTheOldOne_data();
    void signalWhileTheBodyIsWrittenToAFileKeepsTheOldOne();
    void signalAtThePasswordPromptRestoresEcho_data();
    void signalAtThePasswordPromptRestoresEcho();
    void signalAtTheCredentialsPromptSavesNothing();
    void helpNamesTheSignalExits();

private:
    QString url(const QString &pathAndQuery) const { return m_server.url(pathAndQuery).toString(); }

    HostileServer m_server;
};

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

void addSignalRows()
{
    QTest::addColumn<int>("signalNumber");
    QTest::addColumn<QByteArray>("name");
    QTest::newRow("SIGINT") << int(SIGINT) << QByteArray("SIGINT");
    QTest::newRow("SIGTERM") << int(SIGTERM) << QByteArray("SIGTERM");
    QTest::newRow("SIGHUP") << int(SIGHUP) << QByteArray("SIGHUP");
}

// Whether the process has a file open under dir (a body spilled to TMPDIR, named or not yet):
// proof that the temporary file a test then expects gone was there.
bool holdsFileUnder(qint64 pid, const QString &dir)
{
    const QDir fds(QStringLiteral("/proc/%1/fd").arg(pid));
    const QStringList entries = fds.entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot);
    const QByteArray prefix = QFile::encodeName(dir) + '/';
    for (const QString &entry : entries) {
        // readlink, not QFile::symLinkTarget: the target may be "DIR/#123 (deleted)" (O_TMPFILE).
        char target[4096];
        const ssize_t n = ::readlink(QFile::encodeName(fds.filePath(entry)).constData(), target, sizeof target);
        if (n > 0 && QByteArray(target, n).startsWith(prefix))
            return true;
    }
    return false;
}

// Polls without running an event loop, so a QProcess does not drain the pipes meanwhile.
bool waitUntil(const std::function<bool()> &condition, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QThread::msleep(20);
    }
    return true;
}

QStringList entriesOf(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
}

// Starts authscope-cli with TMPDIR pointing at tmpDir and stdin not a terminal.
void startCli(QProcess &process, const QString &tmpDir, const QStringList &arguments)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("TMPDIR"), tmpDir);
    process.setProcessEnvironment(environment);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(CliRunner::program(), arguments);
}

// What -o finds from an earlier run; it must still be there, unchanged, after the signal.
const QByteArray EarlierBody("the body of an earlier run\n");

bool writeEarlierBody(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(EarlierBody) == EarlierBody.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(unreadable)");
}

} // namespace

void TestCliSignals::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));
}

void TestCliSignals::signalCancelsAndSaysWhich_data()
{
    addSignalRows();
}

void TestCliSignals::signalCancelsAndSaysWhich()
{
    QFETCH(int, signalNumber);
    QFETCH(QByteArray, name);
    QTemporaryDir tmp;
    QTemporaryDir out;
    const QString body = out.filePath(s("body.bin"));
    const QString har = out.filePath(s("exchange.har"));
    QVERIFY(writeEarlierBody(body));

    // 12 MB arrive (past the 8 MB spill threshold), then the server holds the rest back.
    QProcess process;
    startCli(process, tmp.path(), {s("send"), s("--no-keychain"), s("-v"), s("-o"), body, s("--har"), har,
                                   url(s("/bytes?size=20000000&stall_after=12000000"))});
    QVERIFY(process.waitForStarted());
    const qint64 pid = process.processId();
    QVERIFY2(waitUntil([&] { return holdsFileUnder(pid, tmp.path()); }, 15000), "the body was never spilled to TMPDIR");
    ::kill(pid_t(pid), signalNumber);

    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit); // it unwound, it was not killed
    QCOMPARE(process.exitCode(), 128 + signalNumber);
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(err.contains("* Exchange failed (cancelled)"), err.constData());
    QVERIFY2(err.contains(QByteArray("authscope-cli: error: interrupted by " + name + '\n')), err.constData());
    QCOMPARE(entriesOf(tmp.path()), QStringList());
    QCOMPARE(entriesOf(out.path()), (QStringList{s("body.bin"), s("exchange.har")}));
    QCOMPARE(readFile(body), EarlierBody);
    QFile record(har);
    QVERIFY(record.open(QIODevice::ReadOnly));
    const QJsonArray entries = QJsonDocument::fromJson(record.readAll()).object().value(s("log")).toObject()
                                       .value(s("entries")).toArray();
    QCOMPARE(entries.size(), 1);
}

void TestCliSignals::signalWhileTheBodyIsCopiedStopsTheCopy_data()
{
    addSignalRows();
}

void TestCliSignals::signalWhileTheBodyIsCopiedStopsTheCopy()
{
    QFETCH(int, signalNumber);
    QFETCH(QByteArray, name);
    QTemporaryDir tmp;
    constexpr qint64 size = 24 * 1000 * 1000;

    // The whole body arrives; its copy to stdout then blocks on the pipe this test does not read.
    QProcess process;
    startCli(process, tmp.path(), {s("send"), s("--no-keychain"), url(QStringLiteral("/bytes?size=%1").arg(size))});
    QVERIFY(process.waitForStarted());
    const qint64 pid = process.processId();
    QVERIFY2(process.waitForReadyRead(15000), "no body came out");
    QVERIFY(holdsFileUnder(pid, tmp.path())); // the spilled body, being copied
    QThread::msleep(300);                     // the pipe fills; the copy waits in write()
    QCOMPARE(process.state(), QProcess::Running);
    ::kill(pid_t(pid), signalNumber);
    QThread::msleep(200);

    QVERIFY(process.waitForFinished(10000)); // reads what is left in the pipe
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 128 + signalNumber);
    const qint64 copied = process.readAllStandardOutput().size();
    QVERIFY2(copied < size / 2, qPrintable(QString::number(copied)));
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(err.contains(QByteArray("authscope-cli: error: " + name + " while writing the body to standard output\n")),
             err.constData());
    QCOMPARE(entriesOf(tmp.path()), QStringList());
}

void TestCliSignals::signalWhileTheBodyIsWrittenToAFileKeepsTheOldOne_data()
{
    addSignalRows();
}

void TestCliSignals::signalWhileTheBodyIsWrittenToAFileKeepsTheOldOne()
{
    QFETCH(int, signalNumber);
    QFETCH(QByteArray, name);
    QTemporaryDir tmp;
    QTemporaryDir out;
    const QString body = out.filePath(s("body.bin"));
    QVERIFY(writeEarlierBody(body));

    // 200 MB take a while to copy: the new file beside -o is open (unnamed until it is complete)
    // when the signal comes.
    QProcess process;
    startCli(process, tmp.path(), {s("send"), s("--no-keychain"), s("-o"), body, url(s("/bytes?size=200000000"))});
    QVERIFY(process.waitForStarted());
    const qint64 pid = process.processId();
    QVERIFY2(waitUntil([&] { return holdsFileUnder(pid, out.path()); }, 60000), "-o was never opened");
    ::kill(pid_t(pid), signalNumber);

    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 128 + signalNumber);
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(err.contains(QByteArray("authscope-cli: error: " + name + " while writing the body to " + body.toUtf8()
                                     + "; it was not written; a file already there is unchanged\n")),
             err.constData());
    QCOMPARE(entriesOf(out.path()), QStringList{s("body.bin")});
    QCOMPARE(readFile(body), EarlierBody);
    QCOMPARE(entriesOf(tmp.path()), QStringList());
}

void TestCliSignals::signalAtThePasswordPromptRestoresEcho_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("SIGTERM") << s("!TERM") << 128 + SIGTERM;
    QTest::newRow("SIGHUP") << s("!HUP") << 128 + SIGHUP;
    QTest::newRow("SIGINT by kill") << s("!INT") << 128 + SIGINT;
}

void TestCliSignals::signalAtThePasswordPromptRestoresEcho()
{
    QFETCH(QString, line);
    QFETCH(int, exitCode);
    // Echo is off while the password is typed; the signal comes at that moment.
    const CliRunner::Result r = CliRunner::runOnTerminal(
            {s("send"), s("--no-keychain"), s("-u"), s("alice"), url(s("/cli/basic"))},
            {{s("User [alice]: "), QString()}, {s("Password for alice: "), line}});
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(r.err.contains("terminal echo: on\n"), r.err.constData());
    QVERIFY2(r.out.contains("authscope-cli: error: interrupted by SIG"), r.out.constData());
    QVERIFY(m_server.requestCount(s("/cli/basic")) > 0);
}

void TestCliSignals::signalAtTheCredentialsPromptSavesNothing()
{
    // Not only send: every command is cancelled the same way.
    const CliRunner::Result r = CliRunner::runOnTerminal(
            {s("credentials"), s("add"), s("--url"), url(s("/")), s("--kind"), s("token")}, {{s("Token: "), s("!TERM")}});
    QCOMPARE(r.exitCode, 128 + SIGTERM);
    QVERIFY2(r.out.contains("authscope-cli: error: cancelled; nothing was saved"), r.out.constData());
    QVERIFY2(r.err.contains("terminal echo: on\n"), r.err.constData());
}

void TestCliSignals::helpNamesTheSignalExits()
{
    const CliRunner::Result r = CliRunner::run({s("send"), s("--help")});
    QCOMPARE(r.exitCode, 0);
    const QString help = QString::fromUtf8(r.out).simplified();
    QVERIFY2(help.contains(s("SIGTERM gives 143 and SIGHUP 129")), r.out.constData());
}

QTEST_GUILESS_MAIN(TestCliSignals)
#include "tst_clisignals.moc"
