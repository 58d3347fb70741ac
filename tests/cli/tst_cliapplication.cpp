#include "cli/cliapplication.h"
#include "cli/console.h"
#include "cli/sendoptions.h"
#include "core/status.h"
#include "httpbinserver.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

// The dispatcher and the send command in-process, over buffers instead of the process's streams:
// help and version, unknown commands, the password prompt seam and write failures on stdout.
class TestCliApplication : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void answersWithoutACommand_data();
    void answersWithoutACommand();
    void helpDocumentsEveryOptionExitCodeAndExample();
    void sendHelpIncludesExitCodes();
    void rejectsUnknownCommandInOneLine_data();
    void rejectsUnknownCommandInOneLine();
    void asksForMissingPasswordOnTheTerminal();
    void missingPasswordWithoutTerminalIsAnError();
    void failedPasswordReadIsAnError();
    void noPromptSendsNoCredentials();
    void failedStdoutWriteExitsNine();
    void finishesOnlyFromTheEventLoop();

private:
    struct Run {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Run run(const QStringList &arguments, Console::PasswordReader reader = {}, bool stdoutWritable = true);

    HttpbinServer m_httpbin;
    QNetworkAccessManager m_manager;
};

void TestCliApplication::initTestCase()
{
    QString error;
    QVERIFY2(m_httpbin.start(&error), qPrintable(error));
}

TestCliApplication::Run TestCliApplication::run(const QStringList &arguments, Console::PasswordReader reader,
                                                bool stdoutWritable)
{
    QBuffer out;
    QBuffer err;
    // A read-only stdout makes every write fail, as a full disk would.
    out.open(stdoutWritable ? QIODevice::WriteOnly : QIODevice::ReadOnly);
    err.open(QIODevice::WriteOnly);
    Console console(&out, &err, std::move(reader));
    CliApplication app(CliContext{&console, &m_manager});
    QSignalSpy finished(&app, &CliApplication::finished);
    app.start(arguments);
    Run result;
    if (!finished.wait(20000))
        return result;
    result.exitCode = app.exitCode();
    result.out = out.data();
    result.err = err.data();
    return result;
}

void TestCliApplication::answersWithoutACommand_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("startsWith");

    QTest::newRow("no arguments prints usage") << QStringList() << QByteArray("authscope-cli: explore");
    QTest::newRow("help command") << QStringList{QStringLiteral("help")} << QByteArray("authscope-cli: explore");
    QTest::newRow("--help") << QStringList{QStringLiteral("--help")} << QByteArray("authscope-cli: explore");
    QTest::newRow("help send") << QStringList{QStringLiteral("help"), QStringLiteral("send")}
                               << QByteArray("Usage: authscope-cli send");
    QTest::newRow("--version") << QStringList{QStringLiteral("--version")}
                               << QByteArray("authscope-cli " AUTHSCOPE_VERSION " (Qt ");
}

void TestCliApplication::answersWithoutACommand()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, startsWith);
    const Run r = run(arguments);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith(startsWith), r.out.left(200).constData());
    QVERIFY(r.err.isEmpty());
}

void TestCliApplication::helpDocumentsEveryOptionExitCodeAndExample()
{
    const QString help = QString::fromUtf8(run({QStringLiteral("--help")}).out);
    for (const OptionSpec &spec : SendOptions::optionTable()) {
        QVERIFY2(help.contains(spec.synopsis()), qPrintable(spec.synopsis()));
        QVERIFY2(help.contains(spec.description.left(30)), qPrintable(spec.description));
    }
    for (int code : {0, 2, 3, 4, 5, 6, 7, 8, 9, 22, 130})
        QVERIFY2(help.contains(QStringLiteral("\n  %1  ").arg(code, 3)), qPrintable(QString::number(code)));
    QVERIFY(help.contains(QStringLiteral("EXIT STATUS")));
    QVERIFY(help.contains(QStringLiteral("EXAMPLES")));
    QVERIFY(help.contains(QStringLiteral("[added by Qt]")));
    QVERIFY(help.contains(QStringLiteral("authscope-cli help [COMMAND]")));
    const QStringList lines = help.split(u'\n');
    for (const QString &line : lines)
        QVERIFY2(line.size() <= 80, qPrintable(line)); // fits a standard terminal
}

void TestCliApplication::sendHelpIncludesExitCodes()
{
    const Run r = run({QStringLiteral("send"), QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("Usage: authscope-cli send"));
    QVERIFY(r.out.contains("EXIT STATUS"));
    QVERIFY(r.out.contains("--include-secrets"));
}

void TestCliApplication::rejectsUnknownCommandInOneLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("line");

    QTest::newRow("unknown word") << QStringList{QStringLiteral("fetch")}
                                  << QByteArray("authscope-cli: error: unknown command \"fetch\" (see authscope-cli --help)\n");
    QTest::newRow("option before the command")
            << QStringList{QStringLiteral("-v"), QStringLiteral("http://h/")}
            << QByteArray("authscope-cli: error: unknown option \"-v\" before the command; options go after it, "
                          "e.g. authscope-cli send -v URL\n");
    QTest::newRow("URL without send") << QStringList{QStringLiteral("http://h/x")}
                                      << QByteArray("authscope-cli: error: \"http://h/x\" is not a command; to send a "
                                                    "request: authscope-cli send http://h/x\n");
    QTest::newRow("help for an unknown command")
            << QStringList{QStringLiteral("help"), QStringLiteral("fetch")}
            << QByteArray("authscope-cli: error: no help for \"fetch\": there is no such command\n");
    QTest::newRow("send with bad input") << QStringList{QStringLiteral("send"), QStringLiteral("-H"),
                                                        QStringLiteral("Foo"), QStringLiteral("http://h/")}
                                         << QByteArray("authscope-cli: error: header \"Foo\" has no colon\n");
}

void TestCliApplication::rejectsUnknownCommandInOneLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, line);
    const Run r = run(arguments);
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err, line);
    QVERIFY(r.out.isEmpty());
}

void TestCliApplication::asksForMissingPasswordOnTheTerminal()
{
    QString askedWith;
    auto reader = [&](const QString &prompt, QByteArray *password, QString *) {
        askedWith = prompt;
        *password = QByteArrayLiteral("typed-pw");
        return true;
    };
    const Run r = run({QStringLiteral("send"), QStringLiteral("-u"), QStringLiteral("alice"),
                       m_httpbin.url(QStringLiteral("/basic-auth/alice/typed-pw")).toString()},
                      reader);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(askedWith, QStringLiteral("Enter password for user 'alice' on 127.0.0.1: "));
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("authenticated")).toBool(), true);
}

void TestCliApplication::missingPasswordWithoutTerminalIsAnError()
{
    const Run r = run({QStringLiteral("send"), QStringLiteral("-u"), QStringLiteral("alice"),
                       m_httpbin.url(QStringLiteral("/basic-auth/alice/pw")).toString()});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err, QByteArray("authscope-cli: error: -u alice has no password and standard input is not a terminal "
                               "to ask for one (use -u USER:PASSWORD, or --no-prompt to send no credentials)\n"));
    QVERIFY(r.out.isEmpty());
}

void TestCliApplication::failedPasswordReadIsAnError()
{
    auto reader = [](const QString &, QByteArray *, QString *error) {
        *error = QStringLiteral("reading the password failed");
        return false;
    };
    const Run r = run({QStringLiteral("send"), QStringLiteral("-u"), QStringLiteral("alice"),
                       m_httpbin.url(QStringLiteral("/get")).toString()},
                      reader);
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err, QByteArray("authscope-cli: error: cannot read the password: reading the password failed\n"));
}

void TestCliApplication::noPromptSendsNoCredentials()
{
    bool asked = false;
    auto reader = [&](const QString &, QByteArray *, QString *) { return asked = true; };
    const Run r = run({QStringLiteral("send"), QStringLiteral("--no-prompt"), QStringLiteral("-u"),
                       QStringLiteral("alice"), QStringLiteral("-i"), QStringLiteral("-v"),
                       m_httpbin.url(QStringLiteral("/basic-auth/alice/pw")).toString()},
                      reader);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(!asked);
    QVERIFY2(r.err.contains("note: -u alice has no password and --no-prompt is set: sending no credentials"),
             r.err.constData());
    QVERIFY2(!r.err.contains("> Authorization"), r.err.constData());
    QVERIFY2(r.out.startsWith("HTTP/1.1 401 "), r.out.constData());
}

void TestCliApplication::failedStdoutWriteExitsNine()
{
    QTest::ignoreMessage(QtWarningMsg, "QIODevice::write (QBuffer): ReadOnly device");
    const Run r = run({QStringLiteral("send"), m_httpbin.url(QStringLiteral("/get")).toString()}, {}, false);
    QCOMPARE(r.exitCode, 9);
    QVERIFY2(r.err.startsWith("authscope-cli: error: cannot write to standard output: "), r.err.constData());
    QCOMPARE(r.err.count('\n'), 1);
}

void TestCliApplication::finishesOnlyFromTheEventLoop()
{
    QBuffer out;
    QBuffer err;
    out.open(QIODevice::WriteOnly);
    err.open(QIODevice::WriteOnly);
    Console console(&out, &err);
    CliApplication app(CliContext{&console, &m_manager});
    QSignalSpy finished(&app, &CliApplication::finished);
    app.start({QStringLiteral("--version")});
    QCOMPARE(finished.size(), 0);
    QVERIFY(finished.wait(1000));
    QCOMPARE(finished.size(), 1);

    CliApplication bad(CliContext{&console, &m_manager});
    QSignalSpy badFinished(&bad, &CliApplication::finished);
    bad.start({QStringLiteral("send")});
    QCOMPARE(badFinished.size(), 0);
    QVERIFY(badFinished.wait(1000));
    QCOMPARE(bad.exitCode(), 2);
}

QTEST_GUILESS_MAIN(TestCliApplication)
#include "tst_cliapplication.moc"
