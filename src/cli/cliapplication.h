#pragma once

#include "clicommand.h"

#include <QObject>
#include <QStringList>

#include <functional>

// The dispatcher behind authscope-cli: picks the subcommand named by the first argument and runs
// it; "help", "--help", "--version" and no arguments are answered here. Job shape: start(), then
// exactly one finished(), never inside start(); exitCode() is the process's exit status.
class CliApplication : public QObject
{
    Q_OBJECT
public:
    struct Command {
        QString name;
        QString summary;
        std::function<QString()> help;
        std::function<CliCommand *(const CliContext &, QObject *parent)> create;
    };

    // The context's console and manager are not owned and must outlive the application.
    explicit CliApplication(const CliContext &context, QObject *parent = nullptr);

    // arguments: without the program name (QCoreApplication::arguments().mid(1)).
    void start(const QStringList &arguments);
    // The command's exit status; 128 + N when signal N (interrupt()) cancelled it, as shells say.
    int exitCode() const;
    // Cancels the running command (Ctrl-C); finished() follows.
    void cancel();
    // Cancels the running command because the process got signal signalNumber (SIGINT, SIGTERM,
    // SIGHUP: InterruptWatcher); finished() follows and exitCode() names the signal.
    void interrupt(int signalNumber);

    static QString programName();
    static QString versionText();
    // The whole --help text: usage, commands, every command's options, exit codes.
    QString helpText() const;
    // The exit status table, generated from Status so it cannot drift.
    static QString exitCodesHelp();

signals:
    void finished();

private:
    const Command *findCommand(const QString &name) const;
    void answer(const QByteArray &text, int exitCode, bool toStdout);
    void fail(const QString &message);

    CliContext m_context;
    QList<Command> m_commands;
    CliCommand *m_running = nullptr;
    int m_exitCode = 0;
    int m_signal = 0;
    bool m_finishing = false;
};
