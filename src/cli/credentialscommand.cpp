#include "credentialscommand.h"

#include "core/status.h"
#include "credentialsaddcommand.h"
#include "credentialsdeletecommand.h"
#include "credentialslistcommand.h"
#include "credentialsshowcommand.h"

namespace {

ActionCommand::Actions actions()
{
    using C = CredentialsCommand;
    const QStringList adding{QStringLiteral("add")};
    return {QStringLiteral("credentials"),
            {QStringLiteral("add"), QStringLiteral("list"), QStringLiteral("show"), QStringLiteral("delete")},
            {{C::Json, {QStringLiteral("list")}}, {C::Reveal, {QStringLiteral("show")}},
             {C::All, {QStringLiteral("delete")}}, {C::Url, adding}, {C::Kind, adding}, {C::User, adding},
             {C::Realm, adding}, {C::Scheme, adding}, {C::Proxy, adding}, {C::Label, adding},
             {C::SecretStdin, adding}, {C::Replace, adding}},
            C::Help};
}

} // namespace

CredentialsCommand::CredentialsCommand(const CliContext &context, QObject *parent)
    : ActionCommand(context, actions(), parent)
{
}

QList<OptionSpec> CredentialsCommand::optionTable()
{
    auto text = [](const char *s) { return QString::fromUtf8(s); };
    return {
        {Json, QChar(), text("json"), QString(),
         text("list: print a JSON array on stdout instead of the table (the same fields; lastUsed and "
              "lastRefused in UTC, null when never).")},
        {Reveal, QChar(), text("reveal"), QString(),
         text("show: print the secret itself on stdout.")},
        {All, QChar(), text("all"), QString(),
         text("delete: delete every stored credential.")},
        {Url, QChar(), text("url"), text("URL"),
         text("add: any URL on the server (or the proxy); only its origin (scheme, host, port) is "
              "kept.")},
        {Kind, QChar(), text("kind"), text("KIND"),
         text("add: what the secret is: password, token (a bearer token) or api-key.")},
        {User, QChar(), text("user"), text("USER"),
         text("add: the user a password belongs to (needed for a password); for an api-key the NAME of "
              "the header or query parameter it is sent in (needed); optional for a token.")},
        {Realm, QChar(), text("realm"), text("REALM"),
         text("add: the realm as the server's challenge names it (default: none). A stored password "
              "answers challenges for exactly this realm only.")},
        {Scheme, QChar(), text("scheme"), text("SCHEME"),
         text("add: basic (the default) or digest for a password, bearer for a token, apikey for an "
              "API key.")},
        {Proxy, QChar(), text("proxy"), QString(),
         text("add: the URL is a proxy's (it answers 407 Proxy Authentication Required).")},
        {Label, QChar(), text("label"), text("TEXT"),
         text("add: what the credential is for, shown by list.")},
        {SecretStdin, QChar(), text("secret-stdin"), QString(),
         text("add: read the secret from standard input up to its end (one trailing newline is "
              "dropped) instead of asking on the terminal.")},
        {Replace, QChar(), text("replace"), QString(),
         text("add: replace the secret of the credential already stored for the same space and user; "
              "its id stays, and its label unless --label is given.")},
        {Help, u'h', text("help"), QString(), text("Show this help.")},
    };
}

ArgumentParser CredentialsCommand::parser()
{
    return ArgumentParser(QStringLiteral("authscope-cli credentials"), optionTable());
}

QString CredentialsCommand::helpText()
{
    return QStringLiteral(
            "Usage: authscope-cli credentials list [--json] [SEARCH]\n"
            "       authscope-cli credentials show [--reveal] ID\n"
            "       authscope-cli credentials add --url URL --kind KIND [--user USER]\n"
            "                [--realm REALM] [--scheme SCHEME] [--proxy] [--label TEXT]\n"
            "                [--secret-stdin] [--replace]\n"
            "       authscope-cli credentials delete ID...\n"
            "       authscope-cli credentials delete --all\n"
            "\n"
            "Adds, lists, shows and deletes the credentials AuthScope remembers: those\n"
            "added here, saved with send --save, or with \"Remember in keychain\" or the\n"
            "Credentials window in the GUI (all use one store).\n"
            "Secrets live only in the system keychain (the Secret Service on Linux), never\n"
            "in a file. A list of what is stored, without the secrets, sits next to\n"
            "AuthScope's settings, so \"list\" works even when the keychain is locked or\n"
            "missing.\n"
            "\n"
            "  list    A table of the stored credentials: id, origin (a proxy is marked),\n"
            "          scheme, realm, user, kind, label and when last used, or \"refused\n"
            "          DATE\" when a server refused the secret: it is then not sent again\n"
            "          until replaced (send --save, add --replace). SEARCH keeps those\n"
            "          whose origin, realm, scheme, user or label contains it (ignoring\n"
            "          case), as the GUI's search does.\n"
            "  show    One credential's details. The secret is read from the keychain to\n"
            "          check that it is there, and printed only with --reveal.\n"
            "  add     Stores a password, a bearer token or an API key for a protection\n"
            "          space: the origin of --url (a proxy with --proxy), the scheme and\n"
            "          the realm. The secret is asked for on the terminal without echo, or\n"
            "          read from standard input with --secret-stdin. It is never taken as\n"
            "          an argument, where shell history and ps would show it. A password\n"
            "          answers a challenge only when its realm is exactly the one given\n"
            "          (none by default); send --credential ID sends any of the three.\n"
            "          A credential already stored for the same space and user is\n"
            "          replaced only with --replace. Prints the new credential's id.\n"
            "  delete  Deletes each ID's secret from the keychain, then its record. With\n"
            "          --all, every stored credential; nothing is asked, --all is the\n"
            "          confirmation.\n"
            "\n"
            "  ID is the id \"list\" shows, or any beginning of it that no other id shares\n"
            "  (at least 4 characters), as with git commits. When the keychain cannot be\n"
            "  used, show, add and delete exit 11 and say why (no Secret Service, locked,\n"
            "  access refused, no answer) and what to do.\n"
            "\n"
            "Options:\n")
            + parser().optionsHelp()
            + QStringLiteral(
            "\n"
            "EXAMPLES\n"
            "  authscope-cli credentials list\n"
            "  authscope-cli credentials list --json example.org | jq -r '.[].id'\n"
            "  authscope-cli credentials show 3f2a9c1e\n"
            "  authscope-cli credentials show --reveal 3f2a9c1e\n"
            "  authscope-cli credentials add --url https://api.example.org --kind token\n"
            "  pass show example/api-key | authscope-cli credentials add --secret-stdin \\\n"
            "      --url https://api.example.org --kind api-key --user X-Api-Key\n"
            "  authscope-cli credentials add --url http://intranet.example --kind password \\\n"
            "      --user alice --realm \"Staff only\" --label \"intranet\"\n"
            "  authscope-cli credentials delete 3f2a9c1e 77b0d4e2\n"
            "  authscope-cli credentials delete --all\n");
}

CliCommand *CredentialsCommand::createAction(const QString &action, const ArgumentParser &parsed)
{
    if (!m_context.credentials) {
        fail(Status(Status::Code::KeychainError, QStringLiteral("no credential store is available to this command")));
        return nullptr;
    }
    if (action == u"add")
        return new CredentialsAddCommand(m_context, parsed, this);
    if (action == u"list")
        return new CredentialsListCommand(m_context, parsed.isSet(Json), this);
    if (action == u"show")
        return new CredentialsShowCommand(m_context, parsed.isSet(Reveal), this);
    return new CredentialsDeleteCommand(m_context, parsed.isSet(All), this);
}
