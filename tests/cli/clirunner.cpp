#include "clirunner.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

QString CliRunner::program()
{
    return QStringLiteral(AUTHSCOPE_BIN_DIR "/authscope-cli");
}

namespace {

// Waits up to 30 s for a started process and gathers what it left; killed, exit code -1 and the
// test failed when it did not end in time, so a hang cannot pass a caller that checks only output.
CliRunner::Result collect(QProcess &process, const QElapsedTimer &timer)
{
    CliRunner::Result result;
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        // Not the arguments: they may hold a password.
        QTest::qFail("the authscope-cli run did not finish within 30 s", __FILE__, __LINE__);
        return result;
    }
    result.elapsedMs = timer.elapsed();
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

// input: written to stdin, then closed; without it stdin is the null device.
CliRunner::Result runProcess(QProcess &process, const QStringList &arguments, const QByteArray *input = nullptr)
{
    if (!input)
        process.setStandardInputFile(QProcess::nullDevice()); // not a terminal, as in CI
    QElapsedTimer timer;
    timer.start();
    process.start(CliRunner::program(), arguments);
    if (input) {
        process.write(*input);
        process.closeWriteChannel();
    }
    return collect(process, timer);
}

} // namespace

CliRunner::Result CliRunner::run(const QStringList &arguments, const QString &stdoutFile)
{
    QProcess process;
    if (!stdoutFile.isEmpty())
        process.setStandardOutputFile(stdoutFile);
    return runProcess(process, arguments);
}

CliRunner::Result CliRunner::run(const QStringList &arguments, const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    return runProcess(process, arguments);
}

CliRunner::Result CliRunner::runWithInput(const QStringList &arguments, const QByteArray &input,
                                          const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    return runProcess(process, arguments, &input);
}

CliRunner::Result CliRunner::runOnTerminal(const QStringList &arguments, const QList<QPair<QString, QString>> &answers)
{
    return runOnTerminal(arguments, answers, QProcessEnvironment::systemEnvironment());
}

CliRunner::Result CliRunner::runOnTerminal(const QStringList &arguments, const QList<QPair<QString, QString>> &answers,
                                           const QProcessEnvironment &environment)
{
    QStringList pty{QStringLiteral(AUTHSCOPE_SOURCE_DIR "/tests/cli/data/run-in-pty.py")};
    for (const auto &answer : answers)
        pty << answer.first << answer.second;
    pty << QStringLiteral("--") << program() << arguments;
    QProcess process;
    process.setProcessEnvironment(environment); // the script passes it on to the command
    QElapsedTimer timer;
    timer.start();
    process.start(QStringLiteral("python3"), pty);
    return collect(process, timer); // err: the script's own complaints, if any
}

int CliRunner::legCount(const QByteArray &err)
{
    return int(QString::fromUtf8(err).count(QRegularExpression(QStringLiteral("(?m)^\\* Leg \\d+ \\("))));
}

QStringList CliRunner::legBlocks(const QByteArray &err)
{
    const QString text = QString::fromUtf8(err);
    const qsizetype first = text.indexOf(QRegularExpression(QStringLiteral("(?m)^\\* Leg \\d+ \\(")));
    if (first < 0)
        return {};
    return text.mid(first).split(QRegularExpression(QStringLiteral("(?m)^(?=\\* Leg \\d+ \\()")), Qt::SkipEmptyParts);
}
