#pragma once

#include "actioncommand.h"

#include <QList>

// "authscope-cli oauth add|login|refresh|revoke|delete|show|list": OAuth 2.0 profiles in the
// store main() hands in (CliContext::oauthProfiles, shared with the GUI), their tokens through the
// one TokenBroker. ActionCommand parses the options, checks that each belongs to the action given
// and runs that action's command (OAuthAddCommand, OAuthTokenCommand for login/refresh/revoke,
// OAuthShowCommand, OAuthListCommand, OAuthDeleteCommand), finishing with its exit status.
// Exit status: 0; 2 bad input (the option named) or a profile already there (add without
// --replace); 9 the profile index could not be written; 10 the token endpoint refused (the
// error and its description on one line); 11 keychain unusable; 12 no such profile; 130 Ctrl-C;
// the network's own statuses (3-8) when the authorization server cannot be reached.
class OAuthCommand : public ActionCommand
{
    Q_OBJECT
public:
    enum Option {
        Issuer, TokenUrl, AuthUrl, DeviceUrl, RevocationUrl, ClientId, ClientSecretStdin, ClientAuth, Scope,
        Grant, RedirectUri, Resource, Audience, Replace, Reveal, Json, Verbose, Help
    };

    explicit OAuthCommand(const CliContext &context, QObject *parent = nullptr);

    // The text of "oauth --help" without the exit codes (CliApplication adds those).
    static QString helpText();
    static QList<OptionSpec> optionTable();
    static ArgumentParser parser();

protected:
    ArgumentParser optionParser() const override { return parser(); }
    QString commandHelp() const override { return helpText(); }
    CliCommand *createAction(const QString &action, const ArgumentParser &parsed) override;
};
