#include "oauthsubcommand.h"

#include "console.h"
#include "core/displaytext.h"
#include "core/status.h"
#include "oauth/oauthprofilestore.h"

void OAuthSubcommand::cancel()
{
    if (m_job) {
        m_job->disconnect(this);
        m_context.console->error(QStringLiteral("cancelled while waiting for the keychain"));
    }
    CliCommand::cancel();
}

OAuthSubcommand::TokenSummary OAuthSubcommand::summarize(const TokenSet &tokens, const QDateTime &nowUtc)
{
    TokenSummary summary;
    summary.expiresAt = tokens.expiresAt;
    summary.hasRefreshToken = tokens.hasRefreshToken();
    if (tokens.accessToken.isEmpty())
        summary.state = tokens.hasRefreshToken() ? TokenState::Expired : TokenState::None;
    else
        summary.state = tokens.isExpired(nowUtc) ? TokenState::Expired : TokenState::Valid;
    return summary;
}

QString OAuthSubcommand::stateName(TokenState state)
{
    switch (state) {
    case TokenState::Unknown: return QStringLiteral("unknown");
    case TokenState::None: return QStringLiteral("none");
    case TokenState::Valid: return QStringLiteral("valid");
    case TokenState::Expired: return QStringLiteral("expired");
    }
    return QString();
}

Status OAuthSubcommand::invalid(const QString &message)
{
    return Status(Status::Code::InvalidInput, message);
}

QString OAuthSubcommand::listHint()
{
    return QStringLiteral(" (see authscope-cli oauth list)");
}

QString OAuthSubcommand::orDash(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("-") : DisplayText::escaped(text);
}

QString OAuthSubcommand::orDash(const QUrl &url)
{
    return orDash(url.toString(QUrl::FullyEncoded));
}

std::optional<QString> OAuthSubcommand::takeName(const QStringList &arguments, const QString &action)
{
    if (arguments.size() != 1) {
        fail(invalid(arguments.isEmpty()
                             ? QStringLiteral("%1 needs the NAME of a profile").arg(action) + listHint()
                             : QStringLiteral("%1 takes one NAME, not %2").arg(action).arg(arguments.size())));
        return std::nullopt;
    }
    return arguments.first();
}

std::optional<OAuthProfile> OAuthSubcommand::profileNamed(const QString &name)
{
    m_context.oauthProfiles->reload();
    std::optional<OAuthProfile> profile = m_context.oauthProfiles->profile(name);
    if (!profile) {
        fail(Status(Status::Code::NotFound, NoteCode::OAuthProfileNotFound,
                    QStringLiteral("no OAuth profile is named \"%1\"").arg(DisplayText::escaped(name)) + listHint()));
    }
    return profile;
}

void OAuthSubcommand::runStoreJob(OAuthStoreJob *job, std::function<void(OAuthStoreJob *job)> done)
{
    m_job = job;
    connect(job, &OAuthStoreJob::finished, this, [this, job, done] {
        m_job.clear();
        job->deleteLater();
        done(job);
    });
    job->start();
}
