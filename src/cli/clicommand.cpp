#include "clicommand.h"

#include "console.h"
#include "core/status.h"
#include "stdinreadjob.h"

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

void CliCommand::readSecretFromStdin(const QString &option, const QString &advice,
                                     std::function<void(QByteArray secret)> done)
{
    if (m_context.console->canPrompt()) {
        fail(Status(Status::Code::InvalidInput,
                    QStringLiteral("%1 reads a pipe or a file, but standard input is a terminal: %2").arg(option, advice)));
        return;
    }
    m_secretReader = new StdinReadJob(this);
    connect(m_secretReader.data(), &StdinReadJob::finished, this, [this, option, done] {
        StdinReadJob *reader = m_secretReader.data();
        m_secretReader.clear();
        reader->deleteLater();
        if (!reader->hasData()) {
            fail(Status(Status::Code::InvalidInput, QStringLiteral("%1: cannot read standard input: %2; nothing was saved")
                                                            .arg(option, reader->errorString())));
            return;
        }
        QByteArray secret = reader->takeData();
        StdinReadJob::dropFinalLineBreak(&secret);
        done(std::move(secret));
    });
    m_secretReader->start();
}

bool CliCommand::cancelSecretFromStdin()
{
    if (!m_secretReader)
        return false;
    delete m_secretReader.data();
    m_context.console->error(QStringLiteral("cancelled; nothing was saved"));
    CliCommand::cancel();
    return true;
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
