#include "credentialssubcommand.h"

#include "console.h"
#include "core/displaytext.h"
#include "core/status.h"
#include "credentials/credentialstore.h"
#include "credentials/credentialstorejob.h"

namespace {

// Shorter prefixes name too many records by accident; git asks for 4 as well.
constexpr int kMinimumPrefix = CredentialIndex::MinimumPrefix;
constexpr int kShortIdLength = 8;

} // namespace

void CredentialsSubcommand::cancel()
{
    if (m_job && !m_job->isFinished()) {
        m_job->disconnect(this);
        keychainWaitCancelled();
        m_context.console->error(QStringLiteral("cancelled while waiting for the keychain"));
    }
    CliCommand::cancel();
}

QString CredentialsSubcommand::shortId(const QString &id, const QList<CredentialRecord> &all)
{
    int length = kShortIdLength;
    for (const CredentialRecord &other : all) {
        if (other.id == id)
            continue;
        while (length < id.size() && other.id.startsWith(id.left(length), Qt::CaseInsensitive))
            ++length;
    }
    return id.left(length);
}

Status CredentialsSubcommand::invalid(const QString &message)
{
    return Status(Status::Code::InvalidInput, message);
}

QString CredentialsSubcommand::listHint()
{
    return QStringLiteral(" (see authscope-cli credentials list)");
}

QString CredentialsSubcommand::originText(const CredentialRecord &record)
{
    return record.space.proxy ? record.space.origin + QStringLiteral(" (proxy)") : record.space.origin;
}

QString CredentialsSubcommand::orDash(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("-") : DisplayText::escaped(text);
}

QString CredentialsSubcommand::lastUsedText(const CredentialRecord &record, const QString &format)
{
    if (record.isRefused())
        return QStringLiteral("refused ") + record.lastRefused.toLocalTime().toString(format);
    return record.lastUsed.isValid() ? record.lastUsed.toLocalTime().toString(format) : QStringLiteral("never");
}

QString CredentialsSubcommand::describe(const CredentialRecord &record)
{
    const QString space = DisplayText::escaped(record.space.toDisplayString());
    return record.user.isEmpty() ? space : QStringLiteral("%1 for %2").arg(DisplayText::escaped(record.user), space);
}

std::optional<CredentialRecord> CredentialsSubcommand::resolve(const QString &idOrPrefix)
{
    const CredentialIndex &index = m_context.credentials->index();
    const QStringList ids = index.idsMatching(idOrPrefix);
    const bool whole = ids.size() == 1 && ids.first().compare(idOrPrefix, Qt::CaseInsensitive) == 0;
    if (!whole && idOrPrefix.size() < kMinimumPrefix) {
        fail(invalid(QStringLiteral("the id \"%1\" is too short: give at least %2 characters of it")
                             .arg(idOrPrefix).arg(kMinimumPrefix) + listHint()));
        return std::nullopt;
    }
    if (ids.isEmpty()) {
        fail(Status(Status::Code::NotFound,
                    QStringLiteral("no stored credential has the id \"%1\"").arg(idOrPrefix) + listHint()));
        return std::nullopt;
    }
    if (ids.size() > 1) {
        const QList<CredentialRecord> all = index.list();
        QStringList shortIds;
        for (const QString &id : ids)
            shortIds.append(shortId(id, all));
        fail(invalid(QStringLiteral("the id \"%1\" is ambiguous: %2 stored credentials start with it (%3); "
                                    "give more of it").arg(idOrPrefix).arg(ids.size())
                             .arg(shortIds.join(QStringLiteral(", ")))));
        return std::nullopt;
    }
    return index.find(ids.first());
}

void CredentialsSubcommand::failWith(const CredentialStoreJob *job)
{
    fail(job->status());
}
