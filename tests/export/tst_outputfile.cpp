#include "export/outputfile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <qplatformdefs.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

// Every special file here is made by the test in its own temporary directory; the real /dev is
// never touched. Device nodes need root (mknod); FIFOs and descriptors do not.
namespace {

bool makeCharDevice(const QString &path, unsigned major, unsigned minor, QString *why)
{
    if (::mknod(QFile::encodeName(path).constData(), S_IFCHR | 0600, makedev(major, minor)) != 0) {
        *why = QStringLiteral("mknod %1: %2").arg(path, QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    return true;
}

struct Node {
    bool isCharDevice = false;
    dev_t rdev = 0;
    ino_t inode = 0;
};

Node statNode(const QString &path)
{
    struct stat st{};
    Node n;
    if (::lstat(QFile::encodeName(path).constData(), &st) == 0) {
        n.isCharDevice = S_ISCHR(st.st_mode);
        n.rdev = st.st_rdev;
        n.inode = st.st_ino;
    }
    return n;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
}

// Creates or truncates path holding contents; false when it cannot be opened for writing.
bool writeFile(const QString &path, const QByteArray &contents)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    f.write(contents);
    return true;
}

// The descriptor stays open for the object's life, as a shell's redirection does.
struct OpenDescriptor {
    int fd = -1;
    explicit OpenDescriptor(const QString &path, int flags)
        : fd(::open(QFile::encodeName(path).constData(), flags, 0600)) {}
    ~OpenDescriptor() { if (fd >= 0) ::close(fd); }
    QString procPath() const { return QStringLiteral("/proc/self/fd/%1").arg(fd); }
};

} // namespace

class TestOutputFile : public QObject
{
    Q_OBJECT

private slots:
    void decidesWhatToWriteInPlace_data();
    void decidesWhatToWriteInPlace();
    void replacesRegularFileAtomically();
    void keepsDeviceNodeWhenWritingToIt_data();
    void keepsDeviceNodeWhenWritingToIt();
    void reportsErrorOfDeviceThatRefusesWrites();
    void writesThroughFifo();
    void appendsThroughDescriptorLinkWithoutReplacingTheFile_data();
    void appendsThroughDescriptorLinkWithoutReplacingTheFile();
    void reportsWhyOpenFailed();
    void cancelLeavesExistingFileAlone();
    void stopCheckEndsAStreamedCopyAndKeepsTheFile();
    void ownerOnlyFileIsMode0600();
};

void TestOutputFile::decidesWhatToWriteInPlace_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("inPlace");
    QTest::newRow("missing file") << QStringLiteral("missing") << false;
    QTest::newRow("regular file") << QStringLiteral("file") << false;
    QTest::newRow("directory") << QStringLiteral("dir") << false;
    QTest::newRow("link to a regular file") << QStringLiteral("link-file") << false;
    QTest::newRow("dangling link") << QStringLiteral("link-missing") << false;
    QTest::newRow("fifo") << QStringLiteral("fifo") << true;
    QTest::newRow("link to a fifo") << QStringLiteral("link-fifo") << true;
    QTest::newRow("descriptor of a regular file") << QStringLiteral("fd") << true;
    QTest::newRow("link to a descriptor") << QStringLiteral("link-fd") << true;
    QTest::newRow("character device") << QStringLiteral("device") << true;
}

void TestOutputFile::decidesWhatToWriteInPlace()
{
    QFETCH(QString, kind);
    QFETCH(bool, inPlace);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("file"));
    QVERIFY(writeFile(file, QByteArray()));
    const QString fifo = dir.filePath(QStringLiteral("fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    OpenDescriptor descriptor(file, O_WRONLY);
    QVERIFY(descriptor.fd >= 0);

    QString path = dir.filePath(QStringLiteral("target"));
    if (kind == u"missing") {
        // nothing there
    } else if (kind == u"file") {
        path = file;
    } else if (kind == u"dir") {
        path = dir.path();
    } else if (kind == u"fifo") {
        path = fifo;
    } else if (kind == u"fd") {
        path = descriptor.procPath();
    } else if (kind == u"device") {
        if (::geteuid() != 0)
            QSKIP("creating a device node needs root");
        QString why;
        QVERIFY2(makeCharDevice(path, 1, 3, &why), qPrintable(why));
    } else if (kind.startsWith(u"link-")) {
        const QString target = kind == u"link-file" ? file
                : kind == u"link-fifo" ? fifo
                : kind == u"link-fd" ? descriptor.procPath()
                : dir.filePath(QStringLiteral("nowhere"));
        QVERIFY(QFile::link(target, path));
    }
    QCOMPARE(OutputFile::needsInPlaceWrite(path), inPlace);
}

void TestOutputFile::replacesRegularFileAtomically()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("out.txt"));
    QVERIFY(writeFile(path, "old contents"));
    const ino_t before = statNode(path).inode;

    OutputFile out(path);
    QVERIFY2(out.open(), qPrintable(out.errorString()));
    QVERIFY(!out.inPlace());
    QVERIFY(out.write("new"));
    QCOMPARE(readAll(path), QByteArray("old contents")); // nothing shows before the commit
    QVERIFY2(out.commit(), qPrintable(out.errorString()));
    QCOMPARE(readAll(path), QByteArray("new"));
    QVERIFY(statNode(path).inode != before); // renamed over, not rewritten
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("out.txt")});
}

void TestOutputFile::keepsDeviceNodeWhenWritingToIt_data()
{
    QTest::addColumn<bool>("throughLink");
    QTest::newRow("device node") << false;
    QTest::newRow("link to a device node") << true;
}

void TestOutputFile::keepsDeviceNodeWhenWritingToIt()
{
    QFETCH(bool, throughLink);
    if (::geteuid() != 0)
        QSKIP("creating a device node needs root");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString node = dir.filePath(QStringLiteral("null"));
    QString why;
    QVERIFY2(makeCharDevice(node, 1, 3, &why), qPrintable(why));
    const QString path = throughLink ? dir.filePath(QStringLiteral("out.har")) : node;
    if (throughLink)
        QVERIFY(QFile::link(node, path));

    OutputFile out(path);
    QVERIFY2(out.open(), qPrintable(out.errorString()));
    QVERIFY(out.inPlace());
    QVERIFY(out.write(QByteArray(100000, 'x')));
    QVERIFY2(out.commit(), qPrintable(out.errorString()));

    // QSaveFile would have renamed a regular file over the node.
    const Node after = statNode(node);
    QVERIFY(after.isCharDevice);
    QCOMPARE(after.rdev, makedev(1, 3));
    QStringList expected{QStringLiteral("null")};
    if (throughLink)
        expected.append(QStringLiteral("out.har"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System, QDir::Name), expected);
}

void TestOutputFile::reportsErrorOfDeviceThatRefusesWrites()
{
    if (::geteuid() != 0)
        QSKIP("creating a device node needs root");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString node = dir.filePath(QStringLiteral("full"));
    QString why;
    QVERIFY2(makeCharDevice(node, 1, 7, &why), qPrintable(why)); // like /dev/full: every write ENOSPC

    OutputFile out(node);
    QVERIFY2(out.open(), qPrintable(out.errorString()));
    QVERIFY(out.inPlace());
    QVERIFY(!out.write("anything"));
    QVERIFY2(out.errorString().contains(QLatin1String("No space left on device")), qPrintable(out.errorString()));
    out.cancel();
    QVERIFY(statNode(node).isCharDevice);
    QCOMPARE(statNode(node).rdev, makedev(1, 7));
}

void TestOutputFile::writesThroughFifo()
{
    QTemporaryDir dir;
    const QString fifo = dir.filePath(QStringLiteral("pipe"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    // A reader first, so opening for writing does not wait for one.
    OpenDescriptor reader(fifo, O_RDONLY | O_NONBLOCK);
    QVERIFY(reader.fd >= 0);

    OutputFile out(fifo);
    QVERIFY2(out.open(), qPrintable(out.errorString()));
    QVERIFY(out.inPlace());
    QVERIFY(out.write("through the pipe"));
    QVERIFY2(out.commit(), qPrintable(out.errorString()));

    char buffer[64] = {};
    const ssize_t n = ::read(reader.fd, buffer, sizeof buffer);
    QCOMPARE(QByteArray(buffer, int(qMax<ssize_t>(n, 0))), QByteArray("through the pipe"));
    struct stat st{};
    QCOMPARE(::lstat(QFile::encodeName(fifo).constData(), &st), 0);
    QVERIFY(S_ISFIFO(st.st_mode));
}

void TestOutputFile::appendsThroughDescriptorLinkWithoutReplacingTheFile_data()
{
    QTest::addColumn<bool>("throughLink");
    QTest::addColumn<bool>("appendMode");
    QTest::newRow("/proc/self/fd/N, as `>`") << false << false;
    QTest::newRow("/proc/self/fd/N, as `>>`") << false << true;
    QTest::newRow("link to it, as /dev/stdout is") << true << false;
}

void TestOutputFile::appendsThroughDescriptorLinkWithoutReplacingTheFile()
{
    QFETCH(bool, throughLink);
    QFETCH(bool, appendMode);
    // What `authscope-cli --har /dev/stdout > out.txt` does: the shell holds out.txt open as
    // stdout and has already written to it; the export must go into that same file after it.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("out.txt"));
    QVERIFY(writeFile(file, "kept from before\n"));
    OpenDescriptor shell(file, O_WRONLY | (appendMode ? O_APPEND : O_TRUNC));
    QVERIFY(shell.fd >= 0);
    QCOMPARE(::write(shell.fd, "body\n", 5), ssize_t(5));
    QString path = shell.procPath();
    if (throughLink) {
        path = dir.filePath(QStringLiteral("stdout"));
        QVERIFY(QFile::link(shell.procPath(), path));
    }
    const ino_t inode = statNode(file).inode;

    OutputFile out(path);
    QVERIFY2(out.open(), qPrintable(out.errorString()));
    QVERIFY(out.inPlace());
    QVERIFY(out.write("export\n"));
    QVERIFY2(out.commit(), qPrintable(out.errorString()));

    QCOMPARE(statNode(file).inode, inode);
    QCOMPARE(readAll(file), QByteArray(appendMode ? "kept from before\nbody\nexport\n" : "body\nexport\n"));
}

void TestOutputFile::reportsWhyOpenFailed()
{
    QTemporaryDir dir;
    OutputFile missingDir(dir.filePath(QStringLiteral("no/such/dir/out")));
    QVERIFY(!missingDir.open());
    QVERIFY(!missingDir.errorString().isEmpty());
    QVERIFY(!missingDir.write("x"));
    QVERIFY(!missingDir.commit());

    OutputFile directory(dir.path());
    QVERIFY(!directory.open());
    QVERIFY(!directory.inPlace());
    QVERIFY(!directory.errorString().isEmpty());
}

void TestOutputFile::cancelLeavesExistingFileAlone()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("keep.txt"));
    QVERIFY(writeFile(path, "keep me"));
    {
        OutputFile out(path);
        QVERIFY(out.open());
        QVERIFY(out.write("half of something"));
        // destroyed without commit
    }
    QCOMPARE(readAll(path), QByteArray("keep me"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("keep.txt")});
}

void TestOutputFile::stopCheckEndsAStreamedCopyAndKeepsTheFile()
{
    // What a signal during `-o` does: the check turns true after the first block has gone out.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("keep.txt"));
    QVERIFY(writeFile(path, "keep me"));
    int blocks = 0;
    OutputFile out(path);
    out.setStopCheck([&blocks] { return ++blocks > 1; });
    QVERIFY(out.open());
    QIODevice *device = out.device();
    QCOMPARE(device->write(QByteArray(1024, 'a')), 1024);
    QCOMPARE(device->write(QByteArray(1024, 'b')), -1);
    QVERIFY(!out.commit());
    QVERIFY(out.wasStopped());
    QCOMPARE(out.errorString(), QStringLiteral("interrupted"));
    QCOMPARE(readAll(path), QByteArray("keep me"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("keep.txt")});
}

void TestOutputFile::ownerOnlyFileIsMode0600()
{
    QTemporaryDir dir;
    const QString fresh = dir.filePath(QStringLiteral("fresh.har"));
    const QString replaced = dir.filePath(QStringLiteral("replaced.har"));
    QVERIFY(writeFile(replaced, "old"));
    QVERIFY(QFile::setPermissions(replaced, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                                                    | QFileDevice::ReadOther));
    for (const QString &path : {fresh, replaced}) {
        OutputFile out(path, OutputFile::Access::OwnerOnly);
        QVERIFY(out.open());
        QVERIFY(out.write("secret"));
        QVERIFY(out.commit());
        QT_STATBUF status;
        QCOMPARE(QT_STAT(QFile::encodeName(path).constData(), &status), 0);
        QCOMPARE(int(status.st_mode & 0777), 0600);
    }
}

QTEST_GUILESS_MAIN(TestOutputFile)
#include "tst_outputfile.moc"
