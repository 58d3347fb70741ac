#include "credentialsdeletecommand.h"

#include "console.h"
#include "core/status.h"
#include "credentials/credentialstore.h"
#include "credentials/forgetcredentialsjob.h"
#include "credentials/removecredentialjob.h"

#include <algorithm>

CredentialsDeleteCommand::CredentialsDeleteCommand(const CliContext &context, bool all, QObject *parent)
    : CredentialsSubcommand(context, parent)
    , m_all(all)
{
}

void CredentialsDeleteCommand::start(const QStringList &arguments)
{
    if (m_all) {
        if (!arguments.isEmpty()) {
            fail(invalid(QStringLiteral("delete takes IDs or --all, not both")));
            return;
        }
        forgetAll();
        return;
    }
    if (arguments.isEmpty()) {
        fail(invalid(QStringLiteral("delete needs the ID of a stored credential, or --all to delete every one")
                     + listHint()));
        return;
    }
    // Every id is checked before anything is deleted, so a typo deletes nothing.
    for (const QString &argument : arguments) {
        const std::optional<CredentialRecord> record = resolve(argument);
        if (!record)
            return;
        const bool repeated = std::any_of(m_toDelete.cbegin(), m_toDelete.cend(),
                                          [&record](const CredentialRecord &r) { return r.id == record->id; });
        if (!repeated)
            m_toDelete.append(*record);
    }
    removeNext();
}

void CredentialsDeleteCommand::keychainWaitCancelled()
{
    if (!m_beforeForget.isEmpty())
        reportForgotten();
}

void CredentialsDeleteCommand::removeNext()
{
    if (m_toDelete.isEmpty()) {
        finishDeleting();
        return;
    }
    const CredentialRecord record = m_toDelete.takeFirst();
    RemoveCredentialStoreJob *job = m_context.credentials->remove(record.id);
    m_job = job;
    connect(job, &CredentialStoreJob::finished, this, [this, job, record] {
        if (job->error() != CredentialStoreJob::Error::NoError) {
            failWith(job);
            return;
        }
        printDeleted(record);
        removeNext();
    });
    job->start();
}

void CredentialsDeleteCommand::forgetAll()
{
    m_beforeForget = m_context.credentials->index().list();
    if (m_beforeForget.isEmpty()) {
        m_context.console->note(QStringLiteral("no credentials are stored; nothing to delete"));
        finish(0);
        return;
    }
    ForgetCredentialsJob *job = m_context.credentials->forgetAll();
    m_job = job;
    connect(job, &CredentialStoreJob::finished, this, [this, job] {
        reportForgotten();
        if (job->error() != CredentialStoreJob::Error::NoError) {
            failWith(job);
            return;
        }
        finishDeleting();
    });
    job->start();
}

void CredentialsDeleteCommand::finishDeleting()
{
    Console *console = m_context.console;
    if (!console->writeError().isEmpty()) {
        fail(Status(Status::Code::FileError,
                    QStringLiteral("the credentials were deleted, but the list of them could not be written to "
                                   "standard output: %1").arg(console->writeError())));
        return;
    }
    finish(0);
}

// The job removes records one by one; what left the index is what was deleted, even when the
// job stopped half-way.
void CredentialsDeleteCommand::reportForgotten()
{
    if (m_forgetReported)
        return;
    m_forgetReported = true;
    for (const CredentialRecord &record : std::as_const(m_beforeForget)) {
        if (!m_context.credentials->index().contains(record.id))
            printDeleted(record);
    }
}

void CredentialsDeleteCommand::printDeleted(const CredentialRecord &record)
{
    // A failed write must not stop the deletion; the keychain already changed.
    m_context.console->write(QStringLiteral("deleted %1 (%2)\n").arg(record.id, describe(record)).toUtf8());
}
