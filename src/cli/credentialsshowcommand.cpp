#include "credentialsshowcommand.h"

#include "console.h"
#include "core/status.h"
#include "credentials/credentialstore.h"
#include "credentials/loadcredentialjob.h"

CredentialsShowCommand::CredentialsShowCommand(const CliContext &context, bool reveal, QObject *parent)
    : CredentialsSubcommand(context, parent)
    , m_reveal(reveal)
{
}

void CredentialsShowCommand::start(const QStringList &arguments)
{
    if (arguments.size() != 1) {
        fail(invalid(arguments.isEmpty()
                             ? QStringLiteral("show needs the ID of a stored credential") + listHint()
                             : QStringLiteral("show takes one ID, not %1").arg(arguments.size())));
        return;
    }
    const std::optional<CredentialRecord> found = resolve(arguments.first());
    if (!found)
        return;
    const CredentialRecord record = *found;
    const bool reveal = m_reveal;
    auto *job = m_context.credentials->load(record.id);
    job->setMarkUsed(false); // looking at a secret is not using it
    m_job = job;
    connect(job, &CredentialStoreJob::finished, this, [this, job, record, reveal] {
        Console *console = m_context.console;
        const bool stored = job->error() == CredentialStoreJob::Error::NoError;
        const bool missing = job->error() == CredentialStoreJob::Error::NotFound;
        QString secretLine;
        if (stored)
            secretLine = reveal ? QString() : QStringLiteral("stored in the keychain (--reveal prints it)");
        else if (missing)
            secretLine = QStringLiteral("missing from the keychain");
        else
            secretLine = QStringLiteral("not checked: the keychain could not be used");
        const QString details = QStringLiteral("ID:         %1\n"
                                               "Origin:     %2\n"
                                               "Scheme:     %3\n"
                                               "Realm:      %4\n"
                                               "User:       %5\n"
                                               "Kind:       %6\n"
                                               "Label:      %7\n"
                                               "Last used:  %8\n")
                .arg(record.id, originText(record), QString::fromLatin1(record.space.scheme),
                     orDash(record.space.realm), orDash(record.user), Credential::kindName(record.kind),
                     orDash(record.label), lastUsedText(record, QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        bool written = console->write(details.toUtf8());
        if (written && !secretLine.isEmpty())
            written = console->write(QStringLiteral("Secret:     %1\n").arg(secretLine).toUtf8());
        if (written && stored && reveal) {
            // Built in place so the only extra copy of the secret is one we can wipe.
            const QByteArray secret = job->secret();
            const QByteArray prefix("Secret:     ");
            QByteArray line;
            line.reserve(prefix.size() + secret.size() + 1);
            line.append(prefix).append(secret).append('\n');
            written = console->write(line);
            CredentialStore::wipe(line);
            if (written)
                console->note(QStringLiteral("the secret is now on your screen and in the terminal's scrollback; "
                                             "clear them if others can see them"));
        }
        if (!written) {
            fail(Status(Status::Code::FileError,
                        QStringLiteral("cannot write to standard output: %1").arg(console->writeError())));
        } else if (missing) {
            const QString id = shortId(record.id, m_context.credentials->index().list());
            fail(Status(Status::Code::NotFound,
                        QStringLiteral("the secret of %1 is not in the keychain (removed outside AuthScope?); "
                                       "delete the record with authscope-cli credentials delete %2 and save "
                                       "the credential again").arg(record.id, id)));
        } else if (!stored) {
            failWith(job);
        } else {
            finish(0);
        }
    });
    job->start();
}
