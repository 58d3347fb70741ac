#include "oauthdeletecommand.h"

#include "console.h"
#include "core/status.h"
#include "oauth/oauthprofilestore.h"

void OAuthDeleteCommand::start(const QStringList &arguments)
{
    const std::optional<QString> name = takeName(arguments, QStringLiteral("delete"));
    if (!name || !profileNamed(*name))
        return;
    const QString deleting = *name;
    runStoreJob(m_context.oauthProfiles->removeProfile(deleting), [this, deleting](OAuthStoreJob *job) {
        if (!job->status().isOk()) {
            fail(job->status());
            return;
        }
        Console *console = m_context.console;
        if (!console->write(QStringLiteral("deleted OAuth profile %1\n").arg(deleting).toUtf8())) {
            fail(Status(Status::Code::FileError,
                        QStringLiteral("the profile was deleted, but standard output could not be written: %1")
                                .arg(console->writeError())));
            return;
        }
        finish(0);
    });
}
