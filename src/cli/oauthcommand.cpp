#include "oauthcommand.h"

#include "core/status.h"
#include "oauthaddcommand.h"
#include "oauthdeletecommand.h"
#include "oauthlistcommand.h"
#include "oauthshowcommand.h"
#include "oauthtokencommand.h"

namespace {

ActionCommand::Actions actions()
{
    using C = OAuthCommand;
    const QStringList adding{QStringLiteral("add")};
    return {QStringLiteral("oauth"),
            {QStringLiteral("add"), QStringLiteral("login"), QStringLiteral("refresh"), QStringLiteral("revoke"),
             QStringLiteral("delete"), QStringLiteral("show"), QStringLiteral("list")},
            {{C::Issuer, adding}, {C::TokenUrl, adding}, {C::AuthUrl, adding}, {C::DeviceUrl, adding},
             {C::RevocationUrl, adding}, {C::ClientId, adding}, {C::ClientSecretStdin, adding},
             {C::ClientAuth, adding}, {C::Scope, adding}, {C::Grant, adding}, {C::RedirectUri, adding},
             {C::Resource, adding}, {C::Audience, adding}, {C::Replace, adding},
             {C::Reveal, {QStringLiteral("show")}}, {C::Json, {QStringLiteral("list")}},
             {C::Verbose, {QStringLiteral("login"), QStringLiteral("refresh"), QStringLiteral("revoke")}}},
            C::Help};
}

} // namespace

OAuthCommand::OAuthCommand(const CliContext &context, QObject *parent) : ActionCommand(context, actions(), parent)
{
}

QList<OptionSpec> OAuthCommand::optionTable()
{
    auto text = [](const char *s) { return QString::fromUtf8(s); };
    return {
        {Issuer, QChar(), text("issuer"), text("URL"),
         text("add: the authorization server's issuer; its endpoints are discovered (RFC 8414, then "
              "OpenID Connect discovery) at the first sign-in.")},
        {TokenUrl, QChar(), text("token-url"), text("URL"),
         text("add: the token endpoint, instead of --issuer.")},
        {AuthUrl, QChar(), text("auth-url"), text("URL"),
         text("add: the authorization endpoint (for --grant authorization_code), with --token-url.")},
        {DeviceUrl, QChar(), text("device-url"), text("URL"),
         text("add: the device authorization endpoint (for --grant device_code), with --token-url.")},
        {RevocationUrl, QChar(), text("revocation-url"), text("URL"),
         text("add: the revocation endpoint (RFC 7009), for \"oauth revoke\".")},
        {ClientId, QChar(), text("client-id"), text("ID"),
         text("add: the client id the authorization server knows this client by (needed).")},
        {ClientSecretStdin, QChar(), text("client-secret-stdin"), QString(),
         text("add: read the client secret from standard input up to its end (one trailing newline is "
              "dropped). It is stored in the keychain only, and never taken as an argument.")},
        {ClientAuth, QChar(), text("client-auth"), text("HOW"),
         text("add: basic (client_secret_basic, the default with a secret), post (client_secret_post) or "
              "none (a public client, the default without a secret).")},
        {Scope, QChar(), text("scope"), text("SCOPES"),
         text("add: the scopes to ask for, separated by spaces (quote them).")},
        {Grant, QChar(), text("grant"), text("GRANT"),
         text("add: how to sign in: client_credentials (the default with a secret), authorization_code "
              "(the browser; PKCE S256; the default without a secret), device_code (a code to enter on "
              "another device) or password (deprecated).")},
        {RedirectUri, QChar(), text("redirect-uri"), text("URI"),
         text("add: a fixed loopback redirect URI (http://127.0.0.1:PORT/PATH) for servers that match it "
              "exactly; by default a free port is taken at each sign-in.")},
        {Resource, QChar(), text("resource"), text("URI"),
         text("add: the resource the tokens are for (RFC 8707).")},
        {Audience, QChar(), text("audience"), text("TEXT"),
         text("add: the audience, for servers that take one.")},
        {Replace, QChar(), text("replace"), QString(),
         text("add: replace the profile of that name; its client secret stays unless "
              "--client-secret-stdin gives another; its tokens are dropped (they were issued for the old "
              "settings).")},
        {Reveal, QChar(), text("reveal"), QString(),
         text("show: print the access token (and refresh token) itself on stdout.")},
        {Json, QChar(), text("json"), QString(),
         text("list: print a JSON array on stdout instead of the table (no secrets).")},
        {Verbose, u'v', text("verbose"), QString(),
         text("login, refresh, revoke: show every leg to the authorization server on stderr, as "
              "send -v does (secrets redacted).")},
        {Help, u'h', text("help"), QString(), text("Show this help.")},
    };
}

ArgumentParser OAuthCommand::parser()
{
    return ArgumentParser(QStringLiteral("authscope-cli oauth"), optionTable());
}

QString OAuthCommand::helpText()
{
    return QStringLiteral(
            "Usage: authscope-cli oauth add NAME (--issuer URL | --token-url URL\n"
            "                [--auth-url URL] [--device-url URL]) --client-id ID\n"
            "                [--client-secret-stdin] [--client-auth basic|post|none]\n"
            "                [--scope S] [--grant GRANT] [--redirect-uri URI]\n"
            "                [--revocation-url URL] [--resource URI] [--audience TEXT]\n"
            "                [--replace]\n"
            "       authscope-cli oauth login|refresh|revoke [-v] NAME\n"
            "       authscope-cli oauth show [--reveal] NAME\n"
            "       authscope-cli oauth list [--json]\n"
            "       authscope-cli oauth delete NAME\n"
            "\n"
            "OAuth 2.0 profiles: where to get tokens and how. \"send --oauth NAME URL\" sends\n"
            "the profile's access token, refreshes it first when it has expired, and once\n"
            "more when the server answers 401 to it. The GUI uses the same profiles.\n"
            "The client secret and the tokens live only in the system keychain; the\n"
            "profiles without them sit in ~/.config/AuthScope/oauth-profiles.json.\n"
            "\n"
            "  add      Saves a profile. The client secret, if any, is read from standard\n"
            "           input with --client-secret-stdin, never from an argument.\n"
            "  login    Signs in with the profile's grant: client_credentials at once;\n"
            "           authorization_code opens $BROWSER (several commands separated by\n"
            "           ':' are tried in turn; without it the address is printed) and\n"
            "           waits for the redirect on 127.0.0.1; device_code prints a code and\n"
            "           where to enter it, then waits for the approval; password asks for\n"
            "           the user and password on the terminal (deprecated: it hands the\n"
            "           password to the client). Prints one line: the profile, its state\n"
            "           and when the access token expires.\n"
            "  refresh  Gets a new access token with the refresh token now (a rotated\n"
            "           refresh token is stored before the old one is dropped); a\n"
            "           client_credentials profile runs its grant again.\n"
            "  revoke   Revokes the tokens at the revocation endpoint (RFC 7009) and drops\n"
            "           them from the keychain.\n"
            "  show     The profile, its state, when the token expires (local time and how\n"
            "           long from now), whether a refresh token is stored, the access token\n"
            "           masked (--reveal prints it) and, for a JWT, its header and claims.\n"
            "  list     A table of the profiles with their state; --json gives a JSON\n"
            "           array (name, issuer, tokenUrl, clientId, clientAuth, grant, scope,\n"
            "           state, expiresAt, ...) without any secret.\n"
            "  delete   Deletes the profile, its client secret and its tokens (it does not\n"
            "           revoke them: run \"oauth revoke\" first for that).\n"
            "\n"
            "  A failed sign-in or refresh prints one line with the authorization\n"
            "  server's error and error_description and exits 10; -v shows its legs.\n"
            "\n"
            "Options:\n")
            + parser().optionsHelp()
            + QStringLiteral(
            "\n"
            "EXAMPLES\n"
            "  pass show ci/client | authscope-cli oauth add ci --client-secret-stdin \\\n"
            "      --issuer https://login.example.org --client-id ci --scope 'api:read'\n"
            "  authscope-cli oauth add me --issuer https://login.example.org \\\n"
            "      --client-id authscope --grant authorization_code \\\n"
            "      --scope 'openid offline_access'\n"
            "  authscope-cli oauth add tv --token-url https://login.example.org/token \\\n"
            "      --device-url https://login.example.org/device --client-id tv \\\n"
            "      --grant device_code\n"
            "  authscope-cli oauth login me\n"
            "  authscope-cli send --oauth me https://api.example.org/me\n"
            "  authscope-cli oauth show me\n"
            "  authscope-cli oauth list --json | jq '.[] | select(.state == \"expired\")'\n");
}

CliCommand *OAuthCommand::createAction(const QString &action, const ArgumentParser &parsed)
{
    if (!m_context.oauthProfiles || !m_context.tokenBroker) {
        fail(Status(Status::Code::KeychainError, QStringLiteral("no OAuth profile store is available to this command")));
        return nullptr;
    }
    if (action == u"add")
        return new OAuthAddCommand(m_context, parsed, this);
    if (action == u"list")
        return new OAuthListCommand(m_context, parsed.isSet(Json), this);
    if (action == u"show")
        return new OAuthShowCommand(m_context, parsed.isSet(Reveal), this);
    if (action == u"delete")
        return new OAuthDeleteCommand(m_context, this);
    return new OAuthTokenCommand(m_context, OAuthTokenCommand::purposeOf(action), parsed.isSet(Verbose), this);
}
