#include "clicommand.h"

#include "console.h"
#include "core/status.h"

CliCommand::CliCommand(const CliContext &context, QObject *parent)
    : QObject(parent), m_context(context)
{
}

void CliCommand::cancel()
{
    finish(Status(Status::Code::Cancelled, QString()).exitCode());
}

void CliCommand::fail(const Status &status)
{
    m_context.console->error(status.message());
    finish(status.exitCode());
}

void CliCommand::finish(int exitCode)
{
    if (m_finishing)
        return;
    m_finishing = true;
    m_exitCode = exitCode;
    // Queued: a command may finish while still inside start() (bad input), yet the caller must
    // get finished() from the event loop only.
    QMetaObject::invokeMethod(this, &CliCommand::finished, Qt::QueuedConnection);
}
