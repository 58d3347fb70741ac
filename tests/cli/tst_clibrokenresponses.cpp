#include "clirunner.h"
#include "hostileserver.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

// authscope-cli send against the hostile server's broken bodies and heads: the exit status is not
// 0, nothing reaches stdout or -o as if it were the body, and -v names the deciding code.
class tst_CliBrokenResponses : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void failsWithoutWritingABody_data();
    void failsWithoutWritingABody();
    void writesAWellFormedCodedBody();

private:
    HostileServer m_server;
};

void tst_CliBrokenResponses::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));
}

void tst_CliBrokenResponses::failsWithoutWritingABody_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("outcome"); // as the -v summary names it: "(status-code, reason)"

    QTest::newRow("corrupt gzip") << "/body/corrupt" << 8 << "(protocol-error, body-corrupt)";
    QTest::newRow("corrupt deflate") << "/body/corrupt?encoding=deflate" << 8 << "(protocol-error, body-corrupt)";
    QTest::newRow("gzip stream cut in half") << "/body/truncated" << 8 << "(protocol-error, body-corrupt)";
    QTest::newRow("gzip bomb") << "/body/bomb" << 8 << "(protocol-error, decompression-limit)";
    QTest::newRow("Content-Length larger than the body") << "/body/short" << 4 << "(connection-failed";
    QTest::newRow("101 fields, connection kept open") << "/protocol/flood?fields=99&keepalive=1" << 8
                                                      << "(protocol-error, header-limit)";
    QTest::newRow("a 100 KiB field") << "/protocol/huge-field?size=102400" << 8 << "(protocol-error, header-limit)";
    QTest::newRow("Content-Length values differ") << "/protocol/lengths" << 8
                                                  << "(protocol-error, content-length-conflict)";
    QTest::newRow("Content-Length with Transfer-Encoding") << "/protocol/length-and-chunked" << 8
                                                           << "(protocol-error, framing-conflict)";
    QTest::newRow("status 600") << "/protocol/status?code=600" << 8 << "(protocol-error, status-out-of-range)";
}

void tst_CliBrokenResponses::failsWithoutWritingABody()
{
    QFETCH(QString, path);
    QFETCH(int, exitCode);
    QFETCH(QString, outcome);
    const QString url = m_server.url(path).toString();

    // To stdout: nothing, with a non-zero exit and one error line.
    const CliRunner::Result toStdout = CliRunner::run({QStringLiteral("send"), QStringLiteral("-v"),
                                                       QStringLiteral("--max-time"), QStringLiteral("10"), url});
    QVERIFY2(toStdout.err.contains(outcome.toUtf8()), toStdout.err.right(600).constData());
    QCOMPARE(toStdout.exitCode, exitCode);
    QVERIFY2(toStdout.out.isEmpty(), toStdout.out.left(200).toHex().constData());
    QVERIFY(toStdout.err.contains("authscope-cli: error: "));

    // To -o: no file where there was none.
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("body.bin"));
    const CliRunner::Result toFile = CliRunner::run({QStringLiteral("send"), QStringLiteral("-o"), target,
                                                     QStringLiteral("--max-time"), QStringLiteral("10"), url});
    QCOMPARE(toFile.exitCode, exitCode);
    QVERIFY2(!QFile::exists(target), qPrintable(QStringLiteral("%1 bytes written").arg(QFile(target).size())));
}

// The same client decodes a well-formed coded body: the refusals above are not of every gzip.
void tst_CliBrokenResponses::writesAWellFormedCodedBody()
{
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("body.bin"));
    const CliRunner::Result result = CliRunner::run({QStringLiteral("send"), QStringLiteral("-o"), target,
                                                     m_server.url(QStringLiteral("/body/gzip?size=5000")).toString()});
    QCOMPARE(result.exitCode, 0);
    QFile file(target);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray body = file.readAll();
    QCOMPARE(body.size(), 5000);
    for (int i = 0; i < body.size(); ++i) {
        if (body.at(i) != char(i % 251)) // hostileserver.py's pattern_bytes
            QFAIL(qPrintable(QStringLiteral("byte %1 differs").arg(i)));
    }
}

QTEST_GUILESS_MAIN(tst_CliBrokenResponses)
#include "tst_clibrokenresponses.moc"
