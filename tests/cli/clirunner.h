#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

// Runs the built authscope-cli as a process, as a user or a script would, with stdin not a
// terminal (as in CI). Shared by the end-to-end CLI tests.
class CliRunner
{
public:
    struct Result {
        int exitCode = -1;      // -1: it did not finish in time (the test has failed); -2: it crashed
        QByteArray out;
        QByteArray err;
        qint64 elapsedMs = 0;
    };

    static QString program();
    // stdoutFile, when given, receives stdout instead of Result::out.
    static Result run(const QStringList &arguments, const QString &stdoutFile = QString());
    // The same with another environment (e.g. a session bus without a Secret Service).
    static Result run(const QStringList &arguments, const QProcessEnvironment &environment);
    // The same with input as its standard input (a pipe, closed after it).
    static Result runWithInput(const QStringList &arguments, const QByteArray &input,
                               const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    // Runs it on a pseudo-terminal (tests/cli/data/run-in-pty.py) typing each line once its
    // prompt appears; Result::out is everything the terminal showed.
    static Result runOnTerminal(const QStringList &arguments, const QList<QPair<QString, QString>> &answers);
    // The same with another environment (a session bus without a Secret Service).
    static Result runOnTerminal(const QStringList &arguments, const QList<QPair<QString, QString>> &answers,
                                const QProcessEnvironment &environment);

    // -v output: how many "* Leg N (" lines, and the text of each leg from its "* Leg N (" line on.
    static int legCount(const QByteArray &err);
    static QStringList legBlocks(const QByteArray &err);
};
