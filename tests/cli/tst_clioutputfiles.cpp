#include "clirunner.h"
#include "hostileserver.h"
#include "serverprocess.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

// The files authscope-cli writes (-o, --har) against the hostile server: a file already there is
// never replaced by an empty or partial one, a full disk is named as such, and files that hold
// secrets (--include-secrets) are for their owner only.
class TestCliOutputFiles : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void existingOutputIsKeptWhenTheExchangeFails_data();
    void existingOutputIsKeptWhenTheExchangeFails();
    void fullDiskSaysNoSpaceLeft_data();
    void fullDiskSaysNoSpaceLeft();
    void fullTemporaryDirectorySaysNoSpaceLeft();
    void filesWithSecretsAreOwnerOnly_data();
    void filesWithSecretsAreOwnerOnly();

private:
    QString url(const QString &pathAndQuery) const { return m_server.url(pathAndQuery).toString(); }
    // A 64 KiB tmpfs of the test's own (false when this user may not mount one).
    bool mountTinyDisk();

    HostileServer m_server;
    QTemporaryDir m_tiny;
    bool m_mounted = false;
};

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QStringList entriesOf(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(unreadable)");
}

int modeOf(const QString &path)
{
    struct stat status = {};
    return ::stat(QFile::encodeName(path).constData(), &status) == 0 ? int(status.st_mode & 0777) : -1;
}

} // namespace

void TestCliOutputFiles::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));
}

void TestCliOutputFiles::cleanupTestCase()
{
    if (m_mounted)
        QProcess::execute(s("umount"), {m_tiny.path()});
}

bool TestCliOutputFiles::mountTinyDisk()
{
    if (!m_mounted) {
        m_mounted = ::geteuid() == 0
                && QProcess::execute(s("mount"), {s("-t"), s("tmpfs"), s("-o"), s("size=64k"), s("tmpfs"),
                                                  m_tiny.path()}) == 0;
    }
    return m_mounted;
}

void TestCliOutputFiles::existingOutputIsKeptWhenTheExchangeFails_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("target");
    QTest::addColumn<int>("exitCode");
    const QString closed = QStringLiteral("http://127.0.0.1:%1/").arg(ServerProcess::freePort());
    QTest::newRow("connection refused") << QStringList() << closed << 4;
    QTest::newRow("404 with --fail") << QStringList{s("--fail")} << s("/no/such/route") << 22;
    QTest::newRow("time limit in the middle of the body")
            << QStringList{s("--max-time"), s("1")} << s("/bytes?size=20000000&stall_after=12000000") << 6;
    QTest::newRow("body cut short") << QStringList() << s("/body/short?length=100000&send=1000") << -1;
}

void TestCliOutputFiles::existingOutputIsKeptWhenTheExchangeFails()
{
    QFETCH(QStringList, options);
    QFETCH(QString, target);
    QFETCH(int, exitCode);
    QTemporaryDir dir;
    const QString body = dir.filePath(s("body.bin"));
    QVERIFY(writeFile(body, "the body of an earlier run\n"));

    const QString where = target.startsWith(u'/') ? url(target) : target;
    const CliRunner::Result r = CliRunner::run(QStringList{s("send"), s("--no-keychain"), s("-o"), body} + options
                                               + QStringList{where});
    if (exitCode < 0)
        QVERIFY2(r.exitCode > 0, r.err.constData()); // which code is the body checks' to decide
    else
        QCOMPARE(r.exitCode, exitCode);
    QCOMPARE(readFile(body), QByteArray("the body of an earlier run\n"));
    QCOMPARE(entriesOf(dir.path()), QStringList{s("body.bin")}); // no temporary file left beside it
}

void TestCliOutputFiles::fullDiskSaysNoSpaceLeft_data()
{
    QTest::addColumn<QString>("output");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("-o") << s("-o") << QByteArray("authscope-cli: error: cannot write \"%1\": No space left on device");
    QTest::newRow("--har") << s("--har") << QByteArray("authscope-cli: error: Could not write the HAR file %1: No space "
                                                       "left on device.");
    QTest::newRow("stdout") << QString() << QByteArray("authscope-cli: error: cannot write to standard output: No "
                                                       "space left on device\n");
}

void TestCliOutputFiles::fullDiskSaysNoSpaceLeft()
{
    QFETCH(QString, output);
    QFETCH(QByteArray, message);
    if (!mountTinyDisk())
        QSKIP("mounting a tmpfs needs root");
    const QString path = m_tiny.filePath(s("out"));
    QFile::remove(path);
    QVERIFY(writeFile(path, "kept\n")); // the disk has room for this much
    QStringList arguments{s("send"), s("--no-keychain")};
    if (!output.isEmpty())
        arguments << output << path;

    // The body (or the HAR with its body) is ten times the disk.
    const QString target = url(s("/bytes?size=655360"));
    const CliRunner::Result r = output.isEmpty()
            ? CliRunner::run(arguments << target, path) // stdout redirected to the file, as a shell does
            : CliRunner::run(arguments << target);
    QCOMPARE(r.exitCode, 9);
    QVERIFY2(r.err.contains(message.replace("%1", path.toUtf8())), r.err.constData());
    QVERIFY2(!r.err.contains("Unknown error"), r.err.constData());
    if (!output.isEmpty()) {
        QCOMPARE(readFile(path), QByteArray("kept\n"));
        QCOMPARE(entriesOf(m_tiny.path()), QStringList{s("out")});
    }
}

void TestCliOutputFiles::fullTemporaryDirectorySaysNoSpaceLeft()
{
    // A body past 8 MiB is spilled to TMPDIR, here a disk of 64 KiB.
    if (!mountTinyDisk())
        QSKIP("mounting a tmpfs needs root");
    QTemporaryDir dir;
    const QString body = dir.filePath(s("body.bin"));
    QVERIFY(writeFile(body, "kept\n"));
    const QStringList before = entriesOf(m_tiny.path());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(s("TMPDIR"), m_tiny.path());
    const CliRunner::Result r = CliRunner::run({s("send"), s("--no-keychain"), s("-o"), body,
                                                url(s("/bytes?size=10000000"))}, environment);
    QCOMPARE(r.exitCode, 9);
    QCOMPARE(r.err, QByteArray("authscope-cli: error: cannot spill the body to a temporary file: No space left on "
                               "device\n"));
    QCOMPARE(readFile(body), QByteArray("kept\n"));
    QCOMPARE(entriesOf(m_tiny.path()), before);
}

void TestCliOutputFiles::filesWithSecretsAreOwnerOnly_data()
{
    QTest::addColumn<bool>("includeSecrets");
    QTest::addColumn<bool>("replacing");
    QTest::newRow("redacted, new files") << false << false;
    QTest::newRow("with secrets, new files") << true << false;
    QTest::newRow("with secrets, replacing readable files") << true << true;
}

void TestCliOutputFiles::filesWithSecretsAreOwnerOnly()
{
    QFETCH(bool, includeSecrets);
    QFETCH(bool, replacing);
    QTemporaryDir dir;
    const QString body = dir.filePath(s("body.txt"));
    const QString har = dir.filePath(s("exchange.har"));
    const mode_t umask = ::umask(022);
    if (replacing) {
        QVERIFY(writeFile(body, "old\n"));
        QVERIFY(writeFile(har, "old\n"));
        QCOMPARE(modeOf(har), 0644);
    }
    QStringList arguments{s("send"), s("--no-keychain"), s("-i"), s("-u"), s("alice:s3cret"), s("-o"), body,
                          s("--har"), har};
    if (includeSecrets)
        arguments << s("--include-secrets");
    const CliRunner::Result r = CliRunner::run(arguments << url(s("/cli/basic")));
    ::umask(umask);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(readFile(body).contains("Basic alice:s3cret"), readFile(body).constData());
    QCOMPARE(readFile(har).contains("s3cret"), includeSecrets);
    const int expected = includeSecrets ? 0600 : 0644;
    QCOMPARE(modeOf(har), expected);
    QCOMPARE(modeOf(body), expected);
}

QTEST_GUILESS_MAIN(TestCliOutputFiles)
#include "tst_clioutputfiles.moc"
