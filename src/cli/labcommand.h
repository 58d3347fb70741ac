#pragma once

#include "clicommand.h"

#include <QHostAddress>
#include <QList>

struct OptionSpec;
class ArgumentParser;
class LabServer;

// "authscope-cli lab": runs the built-in practice lab (LabServer) until Ctrl+C or SIGTERM, one
// stdout line saying where it listens (scripts read the port from it) and one stderr line per
// request; "lab --list [--json]" prints the lessons instead (the JSON: LabScenario::toJson).
// Exit status: 0 (also when stopped by a signal: that is how a server ends); 2 bad input; 4 the
// address or port cannot be bound (in use, not this machine's); 9 stdout could not be written.
class LabCommand : public CliCommand
{
    Q_OBJECT
public:
    enum Option { Port, Listen, List, Json, Help };

    explicit LabCommand(const CliContext &context, QObject *parent = nullptr);
    ~LabCommand() override;

    void start(const QStringList &arguments) override;
    // Stops the lab (Ctrl+C, SIGTERM); finishes with 0.
    void cancel() override;

    static QString helpText();
    static QList<OptionSpec> optionTable();
    static ArgumentParser parser();

private:
    void list(bool json, const QString &origin);
    void serve(const QHostAddress &address, quint16 port);
    void logRequest(const QByteArray &method, const QByteArray &target, int status);

    LabServer *m_lab = nullptr;
};
