#include "cli/cliapplication.h"
#include "cli/console.h"
#include "cli/credentialscommand.h"
#include "cli/oauthcommand.h"
#include "cli/sendoptions.h"
#include "core/status.h"
#include "httpbinserver.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

#include <optional>

// The dispatcher and the send command in-process, over buffers instead of the process's streams:
// help and version, unknown commands, the terminal prompt seam (scripted prompts answering a
// real server's challenge) and write failures on stdout.
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
    void asksForThePasswordWhenChallenged();
    void asksAgainAfterARejection();
    void asksForATokenWithoutEcho();
    void withoutTerminalFailsWithExitTen();
    void failedPromptFailsWithExitTen();
    void noPromptNeverAsks();
    void failedStdoutWriteExitsNine();
    void finishesOnlyFromTheEventLoop();

private:
    struct Run {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Run run(const QStringList &arguments, Console::PromptFactory prompts = {}, bool stdoutWritable = true);

    HttpbinServer m_httpbin;
    QNetworkAccessManager m_manager;
};

namespace {

// The person at the terminal: answers each prompt with the next line, then ends the input.
class ScriptedPrompt : public PromptJob
{
public:
    ScriptedPrompt(const QString &prompt, Echo echo, QObject *parent, std::optional<QByteArray> answer)
        : PromptJob(prompt, echo, parent), m_answer(std::move(answer)) {}

protected:
    void run() override
    {
        if (m_answer)
            finishWith(*m_answer);
        else
            finishWithError(QStringLiteral("the input ended"));
    }

private:
    std::optional<QByteArray> m_answer;
};

struct ScriptedTerminal
{
    explicit ScriptedTerminal(QList<QByteArray> lines) : lines(std::move(lines)) {}

    Console::PromptFactory factory()
    {
        return [this](const QString &prompt, PromptJob::Echo echo, QObject *parent) -> PromptJob * {
            asked.append(prompt);
            hidden.append(echo == PromptJob::Echo::Hidden);
            std::optional<QByteArray> answer;
            if (!lines.isEmpty())
                answer = lines.takeFirst();
            return new ScriptedPrompt(prompt, echo, parent, answer);
        };
    }

    QList<QByteArray> lines;
    QStringList asked;
    QList<bool> hidden;
};

} // namespace

void TestCliApplication::initTestCase()
{
    QString error;
    QVERIFY2(m_httpbin.start(&error), qPrintable(error));
}

TestCliApplication::Run TestCliApplication::run(const QStringList &arguments, Console::PromptFactory prompts,
                                                bool stdoutWritable)
{
    QBuffer out;
    QBuffer err;
    // A read-only stdout makes every write fail, as a full disk would.
    out.open(stdoutWritable ? QIODevice::WriteOnly : QIODevice::ReadOnly);
    err.open(QIODevice::WriteOnly);
    Console console(&out, &err, std::move(prompts));
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
    QTest::newRow("help credentials") << QStringList{QStringLiteral("help"), QStringLiteral("credentials")}
                                      << QByteArray("Usage: authscope-cli credentials list");
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
    for (int code : {0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 22, 130})
        QVERIFY2(help.contains(QStringLiteral("\n  %1  ").arg(code, 3)), qPrintable(QString::number(code)));
    QVERIFY(help.contains(QStringLiteral("EXIT STATUS")));
    QVERIFY(help.contains(QStringLiteral("EXAMPLES")));
    QVERIFY(help.contains(QStringLiteral("[added by Qt]")));
    QVERIFY(help.contains(QStringLiteral("authscope-cli help [COMMAND]")));
    QVERIFY(help.contains(QStringLiteral("\n  credentials  Add, list, show or delete stored credentials\n")));
    for (const OptionSpec &spec : CredentialsCommand::optionTable())
        QVERIFY2(help.contains(spec.synopsis()), qPrintable(spec.synopsis()));
    QVERIFY(help.contains(QStringLiteral("Usage: authscope-cli credentials list [--json] [SEARCH]")));
    QVERIFY(help.contains(QStringLiteral("\n  oauth        OAuth 2.0 profiles: add, sign in, refresh, revoke, show, list\n")));
    for (const OptionSpec &spec : OAuthCommand::optionTable())
        QVERIFY2(help.contains(spec.synopsis()), qPrintable(spec.synopsis()));
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

void TestCliApplication::asksForThePasswordWhenChallenged()
{
    ScriptedTerminal terminal({QByteArray(), QByteArrayLiteral("typed-pw")}); // Enter keeps alice
    const Run r = run({QStringLiteral("send"), QStringLiteral("-u"), QStringLiteral("alice"),
                       m_httpbin.url(QStringLiteral("/basic-auth/alice/typed-pw")).toString()},
                      terminal.factory());
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(terminal.asked, QStringList({QStringLiteral("User [alice]: "), QStringLiteral("Password for alice: ")}));
    QCOMPARE(terminal.hidden, QList<bool>({false, true}));
    const QString origin = QStringLiteral("http://127.0.0.1:%1").arg(m_httpbin.port());
    QCOMPARE(QString::fromUtf8(r.err),
             QStringLiteral("Credentials needed by %1 for /basic-auth/alice/typed-pw\n"
                            "  Scheme: Basic, realm \"Fake Realm\"\n"
                            "  Warning: the connection is not encrypted (plain http); it stays on this machine (loopback)\n")
                     .arg(origin));
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("authenticated")).toBool(), true);
}

void TestCliApplication::asksAgainAfterARejection()
{
    // Given a wrong password: the server rejects alice, the user types another name and password.
    ScriptedTerminal terminal({QByteArrayLiteral("bob"), QByteArrayLiteral("bob-pw")});
    const Run r = run({QStringLiteral("send"), QStringLiteral("-u"), QStringLiteral("alice:typo"),
                       m_httpbin.url(QStringLiteral("/basic-auth/bob/bob-pw")).toString()},
                      terminal.factory());
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(terminal.asked, QStringList({QStringLiteral("User [alice]: "), QStringLiteral("Password for bob: ")}));
    QVERIFY2(r.err.contains("  Attempt 2 of 3: the credentials of alice were rejected\n"), r.err.constData());
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("user")).toString(), QStringLiteral("bob"));
}

void TestCliApplication::asksForATokenWithoutEcho()
{
    ScriptedTerminal terminal({QByteArrayLiteral("typed-token")});
    const Run r = run({QStringLiteral("send"), m_httpbin.url(QStringLiteral("/bearer")).toString()}, terminal.factory());
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(terminal.asked, QStringList({QStringLiteral("Token: ")}));
    QCOMPARE(terminal.hidden, QList<bool>({true}));
    QVERIFY2(r.err.contains("  Scheme: Bearer\n"), r.err.constData());
    QVERIFY2(r.err.contains("  Note [bearer-no-error]: "), r.err.constData());
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("token")).toString(), QStringLiteral("typed-token"));
}

void TestCliApplication::withoutTerminalFailsWithExitTen()
{
    const Run r = run({QStringLiteral("send"), QStringLiteral("-u"), QStringLiteral("alice"),
                       m_httpbin.url(QStringLiteral("/basic-auth/alice/pw")).toString()});
    QCOMPARE(r.exitCode, 10);
    QCOMPARE(r.err, QStringLiteral("authscope-cli: error: The server basic realm \"Fake Realm\" at http://127.0.0.1:%1 needs "
                                   "credentials and none were given (no terminal to ask on: give -u alice:PASSWORD)\n")
                            .arg(m_httpbin.port()).toUtf8());
    QVERIFY(r.out.isEmpty());
}

void TestCliApplication::failedPromptFailsWithExitTen()
{
    ScriptedTerminal terminal({}); // the input ends at once (Ctrl-D)
    const Run r = run({QStringLiteral("send"), QStringLiteral("-u"), QStringLiteral("alice"),
                       m_httpbin.url(QStringLiteral("/basic-auth/alice/pw")).toString()},
                      terminal.factory());
    QCOMPARE(r.exitCode, 10);
    QVERIFY2(r.err.endsWith("(nothing was entered: the input ended)\n"), r.err.constData());
    QCOMPARE(r.err.count("authscope-cli: error: "), 1);
}

void TestCliApplication::noPromptNeverAsks()
{
    ScriptedTerminal terminal({QByteArrayLiteral("never"), QByteArrayLiteral("never")});
    const Run r = run({QStringLiteral("send"), QStringLiteral("--no-prompt"), QStringLiteral("-u"),
                       QStringLiteral("alice"), QStringLiteral("-v"),
                       m_httpbin.url(QStringLiteral("/basic-auth/alice/pw")).toString()},
                      terminal.factory());
    QCOMPARE(r.exitCode, 10);
    QVERIFY(terminal.asked.isEmpty());
    QVERIFY2(!r.err.contains("> Authorization"), r.err.constData());
    QVERIFY2(r.err.contains("(--no-prompt: give -u alice:PASSWORD)\n"), r.err.constData());
    QVERIFY(r.out.isEmpty());
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
