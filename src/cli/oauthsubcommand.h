#pragma once

#include "clicommand.h"
#include "oauth/oauthprofile.h"
#include "oauth/tokenset.h"

#include <QPointer>

#include <functional>
#include <optional>

class OAuthStoreJob;
class Status;

// What the actions of "authscope-cli oauth" share: the profile a NAME names (exit 12 when none),
// running one store job at a time (Ctrl-C while the keychain is silent ends with 130), and the
// words and JSON names of a profile's token state. OAuthCommand hands each action its options
// and starts it with the positional arguments after the action's name; m_context.oauthProfiles
// and m_context.tokenBroker are never null here.
class OAuthSubcommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;

    // Stops waiting for the keychain (the job's answer is ignored) and finishes with 130.
    void cancel() override;

    // What the stored tokens say, without asking the server.
    enum class TokenState { Unknown, None, Valid, Expired };
    // "valid", "expired", "none" (no tokens: sign in), "unknown" (the keychain was not read).
    static QString stateName(TokenState state);
    // What may be shown of a profile's tokens without showing them.
    struct TokenSummary
    {
        TokenState state = TokenState::Unknown;
        QDateTime expiresAt;        // UTC; invalid when unknown
        bool hasRefreshToken = false;
    };
    static TokenSummary summarize(const TokenSet &tokens, const QDateTime &nowUtc);

protected:
    static Status invalid(const QString &message);
    // " (see authscope-cli oauth list)"
    static QString listHint();
    // A stored value for the text listings: escaped (it may have come from a server's metadata),
    // "-" when empty.
    static QString orDash(const QString &text);
    static QString orDash(const QUrl &url);

    // The positional NAME the action takes (exactly one), else fails (exit 2).
    std::optional<QString> takeName(const QStringList &arguments, const QString &action);
    // The profile named, else fails with NotFound (exit 12) and the list hint.
    std::optional<OAuthProfile> profileNamed(const QString &name);
    // Starts the store job; done runs once with it when it finished (it is deleted afterwards).
    void runStoreJob(OAuthStoreJob *job, std::function<void(OAuthStoreJob *job)> done);

private:
    QPointer<OAuthStoreJob> m_job; // the store job running, if any
};
