#include "cli/processarguments.h"
#include "clirunner.h"
#include "hostileserver.h"
#include "http/httprequest.h"
#include "nginxserver.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

// What authscope-cli takes from its command line, against the hostile server: control bytes in a
// header and arguments that are not UTF-8 are refused before anything is sent, many -H options
// are bounded, secrets are blanked in the process's argument list and can come from stdin or a
// file instead, and -k says on stderr when credentials went to a server it did not verify.
class TestCliArgv : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void controlByteInAHeaderIsRefused_data();
    void controlByteInAHeaderIsRefused();
    void tabInAHeaderIsSent();
    void argumentThatIsNotUtf8IsRefused();
    void headerFieldsAreBounded();
    void secretSpansCoverEachSpelling_data();
    void secretSpansCoverEachSpelling();
    void secretsAreBlankedInTheRunningProcess_data();
    void secretsAreBlankedInTheRunningProcess();
    void credentialsComeFromStdinOrAFile_data();
    void credentialsComeFromStdinOrAFile();
    void insecureTlsIsReportedWhenCredentialsWent();

private:
    QString url(const QString &pathAndQuery) const { return m_server.url(pathAndQuery).toString(); }

    HostileServer m_server;
    QTemporaryDir m_dir;
};

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

using Span = ProcessArguments::Span;

} // namespace

void TestCliArgv::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));
}

void TestCliArgv::controlByteInAHeaderIsRefused_data()
{
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("message");
    QTest::newRow("ESC in the value") << s("X-Title: \x1b]0;owned\x07") << s("-H: byte 10 is a control byte (0x1b)");
    QTest::newRow("BEL in the value") << s("X-Bell: a\x07") << s("-H: byte 10 is a control byte (0x07)");
    QTest::newRow("DEL in the value") << s("X-Del: a\x7f") << s("-H: byte 9 is a control byte (0x7f)");
    QTest::newRow("control byte in the name") << s("X-\x01Name: v") << s("-H: byte 3 is a control byte (0x01)");
    QTest::newRow("vertical tab") << s("X-Tab: a\x0b" "b") << s("-H: byte 9 is a control byte (0x0b)");
}

void TestCliArgv::controlByteInAHeaderIsRefused()
{
    QFETCH(QString, header);
    QFETCH(QString, message);
    const int before = m_server.requestCount(s("/ok"));
    const CliRunner::Result r = CliRunner::run({s("send"), s("--no-keychain"), s("-H"), header, url(s("/ok"))});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.startsWith(QByteArray("authscope-cli: error: " + message.toUtf8())), r.err.constData());
    QCOMPARE(m_server.requestCount(s("/ok")), before); // nothing was sent
}

void TestCliArgv::tabInAHeaderIsSent()
{
    const CliRunner::Result r = CliRunner::run({s("send"), s("--no-keychain"), s("-H"), s("X-Tabbed: a\tb"),
                                                url(s("/echo/head"))});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("X-Tabbed: a\tb"), r.out.constData());
}

void TestCliArgv::argumentThatIsNotUtf8IsRefused()
{
    // QProcess would encode the arguments as UTF-8; Python hands the bytes over as they are.
    const QString script = s("import os, sys\n"
                             "os.execv(sys.argv[1], [b'authscope-cli', b'send', b'--no-keychain', b'-H', "
                             "b'X-Name: caf\\xe9', sys.argv[2].encode()])\n");
    QProcess process;
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(s("/usr/bin/python3"), {s("-c"), script, CliRunner::program(), url(s("/ok?latin1"))});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    const QByteArray err = process.readAllStandardError();
    QCOMPARE(process.exitCode(), 2);
    QCOMPARE(err, QByteArray("authscope-cli: error: argument 4 (\"X-Name: caf\\xe9\") is not valid UTF-8; it is "
                             "refused rather than sent with its bytes replaced (use a UTF-8 locale, or "
                             "percent-encode it in the URL)\n"));
    QCOMPARE(m_server.requestCount(s("/ok?latin1")), 0);
}

void TestCliArgv::headerFieldsAreBounded()
{
    QStringList arguments{s("send"), s("--no-keychain")};
    for (int i = 0; i < HttpRequest::MaxHeaderFields; ++i)
        arguments << s("-H") << QStringLiteral("X-Field-%1: %1").arg(i);
    const CliRunner::Result atLimit = CliRunner::run(arguments + QStringList{url(s("/ok?at-limit"))});
    QCOMPARE(atLimit.exitCode, 0);
    QCOMPARE(m_server.requestCount(s("/ok?at-limit")), 1);

    arguments << s("-H") << s("X-One-More: 1");
    const CliRunner::Result over = CliRunner::run(arguments + QStringList{url(s("/ok?over-limit"))});
    QCOMPARE(over.exitCode, 2);
    QCOMPARE(QString::fromUtf8(over.err), QStringLiteral("authscope-cli: error: %1 header fields; at most %2 are sent "
                                                         "(servers refuse far fewer)\n")
                                                  .arg(HttpRequest::MaxHeaderFields + 1)
                                                  .arg(HttpRequest::MaxHeaderFields));
    QCOMPARE(m_server.requestCount(s("/ok?over-limit")), 0);
}

void TestCliArgv::secretSpansCoverEachSpelling_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QList<Span>>("spans");
    const QString u = s("http://h/");
    QTest::newRow("-u USER:PASSWORD") << QStringList{s("cli"), s("send"), s("-u"), s("alice:pw"), u}
                                      << QList<Span>{{3, 6, 2}};
    QTest::newRow("-uUSER:PASSWORD") << QStringList{s("cli"), s("send"), s("-ualice:pw"), u}
                                     << QList<Span>{{2, 8, 2}};
    QTest::newRow("bundled -vu") << QStringList{s("cli"), s("send"), s("-vualice:pw"), u} << QList<Span>{{2, 9, 2}};
    QTest::newRow("--user=") << QStringList{s("cli"), s("send"), s("--user=alice:pw"), u} << QList<Span>{{2, 13, 2}};
    QTest::newRow("UTF-8 counted in bytes") << QStringList{s("cli"), s("send"), s("-u"), s("j\xc3\xb6rg:p\xc3\xa4ss"), u}
                                            << QList<Span>{{3, 6, 5}};
    QTest::newRow("-u USER only") << QStringList{s("cli"), s("send"), s("-u"), s("alice"), u} << QList<Span>();
    QTest::newRow("-u @FILE") << QStringList{s("cli"), s("send"), s("-u"), s("@creds"), u} << QList<Span>();
    QTest::newRow("token, key and proxy password")
            << QStringList{s("cli"), s("send"), s("--oauth2-bearer"), s("tok"), s("--api-key"), s("X-Key=k3y"),
                           s("--proxy"), s("http://p:1"), s("--proxy-user"), s("bob:ppw"), u}
            << QList<Span>{{3, 0, 3}, {5, 6, 3}, {9, 4, 3}};
    QTest::newRow("OAuth refresh token and client secret")
            << QStringList{s("cli"), s("send"), s("--oauth2-refresh-token"), s("rt"), s("--oauth2-token-url"),
                           s("http://h/t"), s("--oauth2-client=app:cs3"), u}
            << QList<Span>{{3, 0, 2}, {6, 20, 3}};
    QTest::newRow("OAuth client without a secret, secrets from files")
            << QStringList{s("cli"), s("send"), s("--oauth2-refresh-token"), s("@rt"), s("--oauth2-token-url"),
                           s("http://h/t"), s("--oauth2-client"), s("app"), u}
            << QList<Span>();
    QTest::newRow("password in the URL") << QStringList{s("cli"), s("send"), s("-v"), s("http://alice:pw@h/p")}
                                         << QList<Span>{{3, 13, 2}};
    QTest::newRow("URL without a password") << QStringList{s("cli"), s("send"), s("http://alice@h/a:b@c")}
                                            << QList<Span>();
    QTest::newRow("password in the --proxy URL")
            << QStringList{s("cli"), s("send"), s("--proxy=http://bob:ppw@p:3128"), u}
            << QList<Span>{{2, 19, 3}};
    QTest::newRow("another command") << QStringList{s("cli"), s("credentials"), s("-u"), s("alice:pw")}
                                     << QList<Span>();
    QTest::newRow("does not parse") << QStringList{s("cli"), s("send"), s("--nope"), s("-u"), s("alice:pw")}
                                    << QList<Span>();
}

void TestCliArgv::secretSpansCoverEachSpelling()
{
    QFETCH(QStringList, arguments);
    QFETCH(QList<Span>, spans);
    const QList<Span> found = ProcessArguments::secretSpans(arguments);
    QCOMPARE(found.size(), spans.size());
    for (qsizetype i = 0; i < spans.size(); ++i) {
        QCOMPARE(found.at(i).argument, spans.at(i).argument);
        QCOMPARE(found.at(i).offset, spans.at(i).offset);
        QCOMPARE(found.at(i).length, spans.at(i).length);
    }
}

void TestCliArgv::secretsAreBlankedInTheRunningProcess_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("legs");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QByteArray>("shown");
    QTest::newRow("-u") << QStringList{s("-u"), s("alice:pw-in-argv")} << 2 << QByteArray("pw-in-argv")
                        << QByteArray("alice:**********");
    QTest::newRow("--oauth2-bearer") << QStringList{s("--oauth2-bearer"), s("token-in-argv")} << 1
                                     << QByteArray("token-in-argv") << QByteArray("--oauth2-bearer\0*************", 29);
}

void TestCliArgv::secretsAreBlankedInTheRunningProcess()
{
    QFETCH(QStringList, options);
    QFETCH(int, legs);
    QFETCH(QByteArray, secret);
    QFETCH(QByteArray, shown);
    // The server answers the credentials' leg with a head and part of the body: the CLI waits.
    const QString path = QStringLiteral("/cli/basic?stall=1&row=%1").arg(QString::fromUtf8(QTest::currentDataTag()));
    QProcess process;
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(CliRunner::program(), QStringList{s("send"), s("--no-keychain")} + options + QStringList{url(path)});
    QVERIFY(process.waitForStarted());
    for (int i = 0; i < 500 && m_server.requestCount(path) < legs; ++i)
        QThread::msleep(20);
    QCOMPARE(m_server.requestCount(path), legs); // the credentials went out: they were read
    const QByteArray cmdline = [&] {
        QFile file(QStringLiteral("/proc/%1/cmdline").arg(process.processId()));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }();
    QCOMPARE(process.state(), QProcess::Running);
    process.kill();
    process.waitForFinished();
    QVERIFY2(cmdline.contains(shown), cmdline.constData()); // the argument list was read, blanked
    QVERIFY(!cmdline.contains(secret));
}

void TestCliArgv::credentialsComeFromStdinOrAFile_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("received");
    const QString userFile = m_dir.filePath(s("user.txt"));
    const QString tokenFile = m_dir.filePath(s("token.txt"));
    QFile user(userFile);
    QVERIFY(user.open(QIODevice::WriteOnly));
    user.write("alice:from-a-file\n");
    user.close();
    QFile token(tokenFile);
    QVERIFY(token.open(QIODevice::WriteOnly));
    token.write("t0ken-from-a-file\r\n");
    token.close();
    QTest::newRow("--user-stdin USER:PASSWORD") << QStringList{s("--user-stdin")} << QByteArray("alice:piped\n")
                                                << QByteArray("Basic alice:piped\n");
    QTest::newRow("-u USER --user-stdin") << QStringList{s("-u"), s("alice"), s("--user-stdin")}
                                          << QByteArray("only:the-password") << QByteArray("Basic alice:only:the-password\n");
    QTest::newRow("-u @FILE") << QStringList{s("-u"), u'@' + userFile} << QByteArray()
                              << QByteArray("Basic alice:from-a-file\n");
    QTest::newRow("--oauth2-bearer @FILE") << QStringList{s("--oauth2-bearer"), u'@' + tokenFile} << QByteArray()
                                           << QByteArray("Bearer t0ken-from-a-file\n");
}

void TestCliArgv::credentialsComeFromStdinOrAFile()
{
    QFETCH(QStringList, options);
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, received);
    const CliRunner::Result r = CliRunner::runWithInput(QStringList{s("send"), s("--no-keychain"), s("--no-prompt")}
                                                                + options + QStringList{url(s("/cli/basic"))},
                                                        input);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out, received);
}

void TestCliArgv::insecureTlsIsReportedWhenCredentialsWent()
{
    NginxServer nginx;
    QVERIFY(nginx.writeFile(s("hello.txt"), "hello over TLS\n"));
    QString error;
    QVERIFY2(nginx.start(&error), qPrintable(error));
    const QString target = nginx.httpsUrl(s("/hello.txt")).toString();
    const QString origin = QStringLiteral("https://127.0.0.1:%1").arg(nginx.tlsPort());

    // Without credentials -k is quiet unless -v; with them, stderr says where they went unverified.
    const CliRunner::Result anonymous = CliRunner::run({s("send"), s("--no-keychain"), s("-k"), target});
    QCOMPARE(anonymous.exitCode, 0);
    QCOMPARE(anonymous.err, QByteArray());
    const CliRunner::Result withToken = CliRunner::run({s("send"), s("--no-keychain"), s("-k"),
                                                        s("--oauth2-bearer"), s("tok"), target});
    QCOMPARE(withToken.exitCode, 0);
    QCOMPARE(withToken.out, QByteArray("hello over TLS\n"));
    const QString err = QString::fromUtf8(withToken.err);
    QVERIFY2(err.startsWith(QStringLiteral("authscope-cli: warning: credentials went to %1, whose certificate was not "
                                           "verified (--insecure ignored: ").arg(origin)),
             qPrintable(err));
    QVERIFY2(err.contains(s("certificate")) && err.count(u'\n') == 1, qPrintable(err));
    QVERIFY(!err.contains(s("tok\n")));
}

QTEST_GUILESS_MAIN(TestCliArgv)
#include "tst_cliargv.moc"
