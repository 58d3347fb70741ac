#include "credentialscommand.h"

#include "cliapplication.h"
#include "console.h"
#include "core/httpgrammar.h"
#include "core/status.h"
#include "credentials/credentialstore.h"
#include "credentials/forgetcredentialsjob.h"
#include "credentials/loadcredentialjob.h"
#include "credentials/removecredentialjob.h"
#include "credentials/savecredentialjob.h"
#include "promptjob.h"
#include "stdinreadjob.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace {

// Shorter prefixes name too many records by accident; git asks for 4 as well.
constexpr int kMinimumPrefix = CredentialIndex::MinimumPrefix;
constexpr int kShortIdLength = 8;

const QString kListHint = QStringLiteral(" (see authscope-cli credentials list)");

Status invalid(const QString &message)
{
    return Status(Status::Code::InvalidInput, message);
}

QString originText(const CredentialRecord &record)
{
    return record.space.proxy ? record.space.origin + QStringLiteral(" (proxy)") : record.space.origin;
}

QString orDash(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("-") : text;
}

QString lastUsedText(const CredentialRecord &record, const QString &format)
{
    if (record.isRefused())
        return QStringLiteral("refused ") + record.lastRefused.toLocalTime().toString(format);
    return record.lastUsed.isValid() ? record.lastUsed.toLocalTime().toString(format) : QStringLiteral("never");
}

// "alice for server basic realm "x" at http://h:80", the words the send prompt uses.
QString describe(const CredentialRecord &record)
{
    const QString space = record.space.toDisplayString();
    return record.user.isEmpty() ? space : QStringLiteral("%1 for %2").arg(record.user, space);
}

QJsonObject toJson(const CredentialRecord &record)
{
    return {
        {QStringLiteral("id"), record.id},
        {QStringLiteral("origin"), record.space.origin},
        {QStringLiteral("proxy"), record.space.proxy},
        {QStringLiteral("scheme"), QString::fromLatin1(record.space.scheme)},
        {QStringLiteral("realm"), record.space.realm},
        {QStringLiteral("user"), record.user},
        {QStringLiteral("kind"), Credential::kindName(record.kind)},
        {QStringLiteral("label"), record.label},
        {QStringLiteral("lastUsed"), record.lastUsed.isValid()
                 ? QJsonValue(record.lastUsed.toUTC().toString(Qt::ISODateWithMs))
                 : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("lastRefused"), record.lastRefused.isValid()
                 ? QJsonValue(record.lastRefused.toUTC().toString(Qt::ISODateWithMs))
                 : QJsonValue(QJsonValue::Null)},
    };
}

// Columns padded to their widest cell, two spaces apart, no trailing blanks.
QString table(const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const QStringList &row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (widths.size() <= i)
                widths.append(0);
            widths[i] = std::max(widths[i], row.at(i).size());
        }
    }
    QString text;
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i)
            line += i + 1 < row.size() ? row.at(i).leftJustified(widths.at(i) + 2) : row.at(i);
        text += line + u'\n';
    }
    return text;
}

} // namespace

CredentialsCommand::CredentialsCommand(const CliContext &context, QObject *parent) : CliCommand(context, parent)
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

QString CredentialsCommand::shortId(const QString &id, const QList<CredentialRecord> &all)
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

void CredentialsCommand::start(const QStringList &arguments)
{
    Console *console = m_context.console;
    ArgumentParser parsed = parser();
    QString error;
    if (!parsed.parse(arguments, &error)) {
        fail(invalid(error));
        return;
    }
    if (parsed.isSet(Help)) {
        console->write((helpText() + u'\n' + CliApplication::exitCodesHelp()).toUtf8());
        finish(0);
        return;
    }
    QStringList positionals = parsed.positionals();
    const QString action = positionals.isEmpty() ? QString() : positionals.takeFirst();
    const QString hint = QStringLiteral(" (see authscope-cli credentials --help)");
    if (action.isEmpty()) {
        fail(invalid(QStringLiteral("credentials needs an action: add, list, show or delete") + hint));
        return;
    }
    const QString known[] = {QStringLiteral("add"), QStringLiteral("list"), QStringLiteral("show"),
                             QStringLiteral("delete")};
    if (std::find(std::begin(known), std::end(known), action) == std::end(known)) {
        fail(invalid(QStringLiteral("unknown action \"%1\": use add, list, show or delete").arg(action) + hint));
        return;
    }
    // Each option belongs to one action; elsewhere it is a mistake worth naming.
    const QString adding = QStringLiteral("add");
    const QList<QPair<int, QString>> ownerOf = {
        {Json, QStringLiteral("list")}, {Reveal, QStringLiteral("show")}, {All, QStringLiteral("delete")},
        {Url, adding}, {Kind, adding}, {User, adding}, {Realm, adding}, {Scheme, adding}, {Proxy, adding},
        {Label, adding}, {SecretStdin, adding}, {Replace, adding}};
    for (const ParsedOption &option : parsed.options()) {
        for (const auto &owner : ownerOf) {
            if (option.id == owner.first && action != owner.second) {
                fail(invalid(QStringLiteral("option %1 is for \"credentials %2\" only")
                                     .arg(option.spelling, owner.second) + hint));
                return;
            }
        }
    }
    if (!m_context.credentials) {
        fail(Status(Status::Code::KeychainError, QStringLiteral("no credential store is available to this command")));
        return;
    }
    if (action == u"add")
        add(parsed, positionals);
    else if (action == u"list")
        list(positionals, parsed.isSet(Json));
    else if (action == u"show")
        show(positionals, parsed.isSet(Reveal));
    else
        remove(positionals, parsed.isSet(All));
}

void CredentialsCommand::cancel()
{
    if (m_prompt || m_stdin) {
        // Deleting the prompt gives the terminal its echo back.
        delete m_prompt.data();
        delete m_stdin.data();
        m_context.console->error(QStringLiteral("cancelled; nothing was saved"));
    } else if (m_job && !m_job->isFinished()) {
        m_job->disconnect(this);
        if (!m_beforeForget.isEmpty())
            reportForgotten();
        m_context.console->error(QStringLiteral("cancelled while waiting for the keychain"));
    }
    CliCommand::cancel();
}

void CredentialsCommand::fail(const Status &status)
{
    m_context.console->error(status.message());
    finish(status.exitCode());
}

void CredentialsCommand::failWith(const CredentialStoreJob *job)
{
    fail(job->status());
}

std::optional<CredentialRecord> CredentialsCommand::resolve(const QString &idOrPrefix)
{
    const CredentialIndex &index = m_context.credentials->index();
    const QStringList ids = index.idsMatching(idOrPrefix);
    const bool whole = ids.size() == 1 && ids.first().compare(idOrPrefix, Qt::CaseInsensitive) == 0;
    if (!whole && idOrPrefix.size() < kMinimumPrefix) {
        fail(invalid(QStringLiteral("the id \"%1\" is too short: give at least %2 characters of it")
                             .arg(idOrPrefix).arg(kMinimumPrefix) + kListHint));
        return std::nullopt;
    }
    if (ids.isEmpty()) {
        fail(Status(Status::Code::NotFound,
                    QStringLiteral("no stored credential has the id \"%1\"").arg(idOrPrefix) + kListHint));
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

void CredentialsCommand::add(const ArgumentParser &parsed, const QStringList &arguments)
{
    // Not echoed: a stray argument may be the secret, typed where it does not belong.
    if (!arguments.isEmpty()) {
        fail(invalid(QStringLiteral("add takes only options (the URL goes after --url); the secret is never an "
                                    "argument: it is asked for, or read with --secret-stdin")));
        return;
    }
    // The last of a repeated option counts, as with curl.
    auto valueOf = [&parsed](int id) {
        QString value;
        for (const ParsedOption &option : parsed.options()) {
            if (option.id == id)
                value = option.value;
        }
        return value;
    };

    if (!parsed.isSet(Url)) {
        fail(invalid(QStringLiteral("add needs --url URL: any URL on the server the credential is for")));
        return;
    }
    const QUrl url(valueOf(Url).trimmed(), QUrl::StrictMode);
    const QString urlScheme = url.scheme().toLower();
    if (!url.isValid() || (urlScheme != u"http" && urlScheme != u"https") || url.host().isEmpty()) {
        fail(invalid(QStringLiteral("--url needs an http:// or https:// URL with a host, e.g. "
                                    "https://api.example.com")));
        return;
    }

    const QString kindText = valueOf(Kind).toLower();
    std::optional<Credential::Kind> kind;
    for (auto k : {Credential::Kind::Password, Credential::Kind::Token, Credential::Kind::ApiKey}) {
        if (kindText == Credential::kindName(k))
            kind = k;
    }
    if (!parsed.isSet(Kind)) {
        fail(invalid(QStringLiteral("add needs --kind password, token or api-key")));
        return;
    }
    if (!kind) {
        fail(invalid(QStringLiteral("--kind needs password, token or api-key, not \"%1\"").arg(valueOf(Kind))));
        return;
    }

    QByteArray scheme = CredentialRecord::defaultScheme(*kind);
    if (parsed.isSet(Scheme)) {
        scheme = valueOf(Scheme).toLower().toLatin1();
        const std::optional<Credential::Kind> answers = CredentialRecord::kindForScheme(scheme);
        if (!answers) {
            fail(invalid(QStringLiteral("--scheme needs basic, digest, bearer or apikey, not \"%1\"")
                                 .arg(valueOf(Scheme))));
            return;
        }
        // Another kind would sit in the store unused: no challenge of this scheme asks for it.
        if (*answers != *kind) {
            fail(invalid(QStringLiteral("--scheme %1 does not take a %2: use basic or digest for a password, "
                                        "bearer for a token, apikey for an API key")
                                 .arg(QString::fromLatin1(scheme), Credential::secretWord(*kind))));
            return;
        }
    }

    // Trimmed as the GUI's Add dialog trims them, so records made by either look alike.
    const QString user = valueOf(User).trimmed();
    const QString label = valueOf(Label).trimmed();
    const QString realm = valueOf(Realm);
    const QPair<const char *, QString> texts[] = {{"--user", user}, {"--realm", realm}, {"--label", label}};
    for (const auto &[option, text] : texts) {
        if (HttpGrammar::hasLineBreak(text.toUtf8())) {
            fail(invalid(QStringLiteral("%1 has a line break or NUL in it").arg(QLatin1String(option))));
            return;
        }
    }
    if (*kind == Credential::Kind::Password && user.isEmpty()) {
        fail(invalid(QStringLiteral("--kind password needs --user USER: a password belongs to a user")));
        return;
    }
    if (*kind == Credential::Kind::ApiKey && user.isEmpty()) {
        fail(invalid(QStringLiteral("--kind api-key needs --user NAME: the header or query parameter the key is "
                                    "sent in")));
        return;
    }
    if (scheme == "basic" && user.contains(u':')) {
        fail(invalid(QStringLiteral("--user: a user name for Basic authentication cannot contain ':' (RFC 7617)")));
        return;
    }
    if (*kind == Credential::Kind::ApiKey && parsed.isSet(Proxy)) {
        fail(invalid(QStringLiteral("--proxy: an API key is sent to the server, never to a proxy")));
        return;
    }

    CredentialRecord record;
    record.space.origin = ProtectionSpace::originOf(url);
    record.space.scheme = scheme;
    record.space.realm = realm;
    record.space.proxy = parsed.isSet(Proxy);
    record.user = user;
    record.kind = *kind;
    record.label = label;

    // Checked before the secret is asked for, so nobody types one only to have it refused.
    const std::optional<CredentialRecord> existing = m_context.credentials->index().find(record.space, user);
    if (existing && !parsed.isSet(Replace)) {
        const QString id = shortId(existing->id, m_context.credentials->index().list());
        const QString stored = user.isEmpty()
            ? QStringLiteral("a %1 without a user is already stored").arg(Credential::secretWord(existing->kind))
            : QStringLiteral("%1 already has a %2 stored").arg(user, Credential::secretWord(existing->kind));
        fail(invalid(QStringLiteral("%1 for %2 (id %3): give --replace to replace its secret")
                             .arg(stored, record.space.toDisplayString(), id)));
        return;
    }
    if (existing) {
        // Replacing keeps what the user knows it by, as the GUI's Edit does.
        record.id = existing->id;
        record.lastUsed = existing->lastUsed;
        if (!parsed.isSet(Label))
            record.label = existing->label;
    }
    m_adding = record;

    if (*kind == Credential::Kind::ApiKey && !HttpGrammar::isToken(user.toUtf8())) {
        m_context.console->note(QStringLiteral("\"%1\" is not a header field name: the key can be sent only as a "
                                               "query parameter (send --credential ID --api-key-in query)").arg(user));
    }
    if (parsed.isSet(SecretStdin))
        readSecretFromStdin();
    else
        askSecret();
}

void CredentialsCommand::askSecret()
{
    Console *console = m_context.console;
    if (!console->canPrompt()) {
        fail(invalid(QStringLiteral("no terminal to ask for the %1 on: pipe it in with --secret-stdin")
                             .arg(Credential::secretWord(m_adding.kind))));
        return;
    }
    QString prompt;
    switch (m_adding.kind) {
    case Credential::Kind::Password: prompt = QStringLiteral("Password for %1: ").arg(m_adding.user); break;
    case Credential::Kind::Token: prompt = QStringLiteral("Token: "); break;
    case Credential::Kind::ApiKey: prompt = QStringLiteral("API key for %1: ").arg(m_adding.user); break;
    }
    const QString what = m_adding.user.isEmpty()
        ? Credential::secretWord(m_adding.kind)
        : QStringLiteral("%1 of %2").arg(Credential::secretWord(m_adding.kind), m_adding.user);
    console->print(QStringLiteral("Storing the %1 for %2\n").arg(what, m_adding.space.toDisplayString()).toUtf8());
    m_prompt = console->createPrompt(prompt, PromptJob::Echo::Hidden, this);
    if (!m_prompt) {
        fail(invalid(QStringLiteral("no terminal to ask for the %1 on: pipe it in with --secret-stdin")
                             .arg(Credential::secretWord(m_adding.kind))));
        return;
    }
    connect(m_prompt.data(), &PromptJob::finished, this, [this] {
        PromptJob *prompt = m_prompt.data();
        m_prompt.clear();
        prompt->deleteLater();
        if (!prompt->hasAnswer()) {
            fail(invalid(QStringLiteral("nothing was entered (%1); nothing was saved").arg(prompt->errorString())));
            return;
        }
        onSecret(prompt->takeAnswer());
    });
    m_prompt->start();
}

void CredentialsCommand::readSecretFromStdin()
{
    // A terminal would show the secret as it is typed; the prompt hides it.
    if (m_context.console->canPrompt()) {
        fail(invalid(QStringLiteral("--secret-stdin reads a pipe or a file, but standard input is a terminal: "
                                    "leave out --secret-stdin to be asked without echo")));
        return;
    }
    m_stdin = new StdinReadJob(this);
    connect(m_stdin.data(), &StdinReadJob::finished, this, [this] {
        StdinReadJob *reader = m_stdin.data();
        m_stdin.clear();
        reader->deleteLater();
        if (!reader->hasData()) {
            fail(invalid(QStringLiteral("cannot read the %1: %2; nothing was saved")
                                 .arg(Credential::secretWord(m_adding.kind), reader->errorString())));
            return;
        }
        QByteArray secret = reader->takeData();
        // What echo and most password managers end their output with, not part of the secret.
        if (secret.endsWith('\n'))
            secret.chop(secret.endsWith("\r\n") ? 2 : 1);
        onSecret(std::move(secret));
    });
    m_stdin->start();
}

void CredentialsCommand::onSecret(QByteArray secret)
{
    const QString word = Credential::secretWord(m_adding.kind);
    QString problem;
    if (secret.isEmpty())
        problem = QStringLiteral("the %1 is empty").arg(word);
    else if (HttpGrammar::hasLineBreak(secret))
        problem = QStringLiteral("the %1 has a line break or NUL in it (only one line end at the end of standard "
                                 "input is dropped)").arg(word);
    else if (m_adding.kind == Credential::Kind::Token && !HttpGrammar::isB64Token(secret))
        problem = QStringLiteral("the token has a character RFC 6750 does not allow (only letters, digits and "
                                 "-._~+/ then trailing =)");
    if (!problem.isEmpty()) {
        CredentialStore::wipe(secret);
        fail(invalid(problem + QStringLiteral("; nothing was saved")));
        return;
    }
    SaveCredentialStoreJob *job = m_context.credentials->save(m_adding, secret);
    CredentialStore::wipe(secret); // the job holds the last copy and wipes it when saved
    m_job = job;
    connect(job, &CredentialStoreJob::finished, this, [this, job] {
        if (job->error() != CredentialStoreJob::Error::NoError) {
            failWith(job);
            return;
        }
        const CredentialRecord saved = job->record();
        const QString id = shortId(saved.id, m_context.credentials->index().list());
        const QString what = saved.user.isEmpty()
            ? Credential::kindName(saved.kind)
            : QStringLiteral("%1 of %2").arg(Credential::kindName(saved.kind), saved.user);
        Console *console = m_context.console;
        if (!console->write(QStringLiteral("saved %1 for %2 (id %3)\n")
                                    .arg(what, saved.space.toDisplayString(), id).toUtf8())) {
            fail(Status(Status::Code::FileError,
                        QStringLiteral("the credential was saved (id %1), but standard output could not be written: "
                                       "%2").arg(saved.id, console->writeError())));
            return;
        }
        finish(0);
    });
    job->start();
}

void CredentialsCommand::list(const QStringList &arguments, bool json)
{
    Console *console = m_context.console;
    if (arguments.size() > 1) {
        fail(invalid(QStringLiteral("list takes one SEARCH text, not %1 (quote a text with spaces)")
                             .arg(arguments.size())));
        return;
    }
    const QString search = arguments.value(0);
    const CredentialIndex &index = m_context.credentials->index();
    const QList<CredentialRecord> all = index.list();
    const QList<CredentialRecord> found = index.search(search);

    QByteArray output;
    if (json) {
        QJsonArray array;
        for (const CredentialRecord &record : found)
            array.append(toJson(record));
        output = QJsonDocument(array).toJson(QJsonDocument::Indented);
    } else if (!found.isEmpty()) {
        QList<QStringList> rows{{QStringLiteral("ID"), QStringLiteral("ORIGIN"), QStringLiteral("SCHEME"),
                                 QStringLiteral("REALM"), QStringLiteral("USER"), QStringLiteral("KIND"),
                                 QStringLiteral("LABEL"), QStringLiteral("LAST USED")}};
        for (const CredentialRecord &record : found) {
            rows.append({shortId(record.id, all), originText(record), QString::fromLatin1(record.space.scheme),
                         orDash(record.space.realm), orDash(record.user), Credential::kindName(record.kind),
                         orDash(record.label), lastUsedText(record, QStringLiteral("yyyy-MM-dd HH:mm"))});
        }
        output = table(rows).toUtf8();
    }
    if (!output.isEmpty() && !console->write(output)) {
        fail(Status(Status::Code::FileError,
                    QStringLiteral("cannot write to standard output: %1").arg(console->writeError())));
        return;
    }
    if (all.isEmpty()) {
        console->note(QStringLiteral("no credentials are stored; save one with authscope-cli send --save, "
                                     "or tick \"Remember in keychain\" when the GUI asks for credentials"));
    } else if (found.isEmpty()) {
        console->note(QStringLiteral("none of the %1 stored credentials matches \"%2\"").arg(all.size()).arg(search));
    }
    finish(0);
}

void CredentialsCommand::show(const QStringList &arguments, bool reveal)
{
    if (arguments.size() != 1) {
        fail(invalid(arguments.isEmpty()
                             ? QStringLiteral("show needs the ID of a stored credential") + kListHint
                             : QStringLiteral("show takes one ID, not %1").arg(arguments.size())));
        return;
    }
    const std::optional<CredentialRecord> found = resolve(arguments.first());
    if (!found)
        return;
    const CredentialRecord record = *found;
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

void CredentialsCommand::remove(const QStringList &arguments, bool all)
{
    if (all) {
        if (!arguments.isEmpty()) {
            fail(invalid(QStringLiteral("delete takes IDs or --all, not both")));
            return;
        }
        forgetAll();
        return;
    }
    if (arguments.isEmpty()) {
        fail(invalid(QStringLiteral("delete needs the ID of a stored credential, or --all to delete every one")
                     + kListHint));
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

void CredentialsCommand::removeNext()
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

void CredentialsCommand::forgetAll()
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

void CredentialsCommand::finishDeleting()
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
void CredentialsCommand::reportForgotten()
{
    if (m_forgetReported)
        return;
    m_forgetReported = true;
    for (const CredentialRecord &record : std::as_const(m_beforeForget)) {
        if (!m_context.credentials->index().contains(record.id))
            printDeleted(record);
    }
}

void CredentialsCommand::printDeleted(const CredentialRecord &record)
{
    // A failed write must not stop the deletion; the keychain already changed.
    m_context.console->write(QStringLiteral("deleted %1 (%2)\n").arg(record.id, describe(record)).toUtf8());
}
