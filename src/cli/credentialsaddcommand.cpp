#include "credentialsaddcommand.h"

#include "console.h"
#include "core/httpgrammar.h"
#include "core/status.h"
#include "credentials/credentialstore.h"
#include "credentials/savecredentialjob.h"
#include "credentialscommand.h"
#include "http/httpurl.h"
#include "promptjob.h"

using Option = CredentialsCommand::Option;

CredentialsAddCommand::CredentialsAddCommand(const CliContext &context, const ArgumentParser &parsed,
                                             QObject *parent)
    : CredentialsSubcommand(context, parent)
    , m_parsed(parsed)
{
}

QString CredentialsAddCommand::problemText(Problem problem, const CredentialRecord &record) const
{
    const QString word = Credential::secretWord(record.kind);
    switch (problem) {
    case Problem::None:
        break;
    case Problem::OriginNotHttp:
        return QStringLiteral("--url needs an http:// or https:// URL with a host, e.g. https://api.example.com");
    case Problem::UnknownScheme:
        return QStringLiteral("--scheme needs basic, digest, bearer or apikey, not \"%1\"").arg(m_parsed.value(Option::Scheme));
    case Problem::SchemeTakesOtherKind:
        return QStringLiteral("--scheme %1 does not take a %2: use basic or digest for a password, bearer for a "
                              "token, apikey for an API key").arg(QString::fromLatin1(record.space.scheme), word);
    case Problem::UserHasLineBreak:
        return QStringLiteral("--user has a line break or NUL in it");
    case Problem::RealmHasLineBreak:
        return QStringLiteral("--realm has a line break or NUL in it");
    case Problem::LabelHasLineBreak:
        return QStringLiteral("--label has a line break or NUL in it");
    case Problem::PasswordWithoutUser:
        return QStringLiteral("--kind password needs --user USER: a password belongs to a user");
    case Problem::ApiKeyWithoutName:
        return QStringLiteral("--kind api-key needs --user NAME: the header or query parameter the key is sent in");
    case Problem::BasicUserWithColon:
        return QStringLiteral("--user: a user name for Basic authentication cannot contain ':' (RFC 7617)");
    case Problem::ApiKeyForProxy:
        return QStringLiteral("--proxy: an API key is sent to the server, never to a proxy");
    case Problem::SecretEmpty:
        return QStringLiteral("the %1 is empty").arg(word);
    case Problem::SecretHasLineBreak:
        return QStringLiteral("the %1 has a line break or NUL in it (only one line end at the end of standard "
                              "input is dropped)").arg(word);
    case Problem::TokenNotB64Token:
        return QStringLiteral("the token has a character RFC 6750 does not allow (only letters, digits and "
                              "-._~+/ then trailing =)");
    }
    return QString();
}

void CredentialsAddCommand::start(const QStringList &arguments)
{
    // Not echoed: a stray argument may be the secret, typed where it does not belong.
    if (!arguments.isEmpty()) {
        fail(invalid(QStringLiteral("add takes only options (the URL goes after --url); the secret is never an "
                                    "argument: it is asked for, or read with --secret-stdin")));
        return;
    }
    if (!m_parsed.isSet(Option::Url)) {
        fail(invalid(QStringLiteral("add needs --url URL: any URL on the server the credential is for")));
        return;
    }
    // Checked before --kind, as it comes first on the command line.
    const QUrl url(m_parsed.value(Option::Url).trimmed(), QUrl::StrictMode);
    if (!HttpUrl::isHttpUrl(url)) {
        fail(invalid(problemText(Problem::OriginNotHttp, CredentialRecord())));
        return;
    }

    const QString kindText = m_parsed.value(Option::Kind).toLower();
    std::optional<Credential::Kind> kind;
    for (auto k : {Credential::Kind::Password, Credential::Kind::Token, Credential::Kind::ApiKey}) {
        if (kindText == Credential::kindName(k))
            kind = k;
    }
    if (!m_parsed.isSet(Option::Kind)) {
        fail(invalid(QStringLiteral("add needs --kind password, token or api-key")));
        return;
    }
    if (!kind) {
        fail(invalid(QStringLiteral("--kind needs password, token or api-key, not \"%1\"").arg(m_parsed.value(Option::Kind))));
        return;
    }

    CredentialRecord record;
    record.space.origin = ProtectionSpace::originOf(url);
    record.space.scheme = m_parsed.isSet(Option::Scheme) ? m_parsed.value(Option::Scheme).toLower().toLatin1()
                                                          : CredentialRecord::defaultScheme(*kind);
    record.space.realm = m_parsed.value(Option::Realm);
    record.space.proxy = m_parsed.isSet(Option::Proxy);
    // Trimmed as the GUI's Add dialog trims them, so records made by either look alike.
    record.user = m_parsed.value(Option::User).trimmed();
    record.kind = *kind;
    record.label = m_parsed.value(Option::Label).trimmed();
    if (const Problem problem = CredentialRecordValidator::check(record); problem != Problem::None) {
        fail(invalid(problemText(problem, record)));
        return;
    }

    // Checked before the secret is asked for, so nobody types one only to have it refused.
    const QString &user = record.user;
    const std::optional<CredentialRecord> existing = m_context.credentials->index().find(record.space, user);
    if (existing && !m_parsed.isSet(Option::Replace)) {
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
        if (!m_parsed.isSet(Option::Label))
            record.label = existing->label;
    }
    m_adding = record;

    if (*kind == Credential::Kind::ApiKey && !HttpGrammar::isToken(user.toUtf8())) {
        m_context.console->note(QStringLiteral("\"%1\" is not a header field name: the key can be sent only as a "
                                               "query parameter (send --credential ID --api-key-in query)").arg(user));
    }
    if (m_parsed.isSet(Option::SecretStdin))
        readSecretFromStdin(QStringLiteral("--secret-stdin"), QStringLiteral("leave out --secret-stdin to be asked without echo"),
                            [this](QByteArray secret) { onSecret(std::move(secret)); });
    else
        askSecret();
}

void CredentialsAddCommand::cancel()
{
    if (m_prompt) {
        // Deleting the prompt gives the terminal its echo back.
        delete m_prompt.data();
        m_context.console->error(QStringLiteral("cancelled; nothing was saved"));
        CliCommand::cancel();
        return;
    }
    if (cancelSecretFromStdin())
        return;
    CredentialsSubcommand::cancel();
}

void CredentialsAddCommand::askSecret()
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

void CredentialsAddCommand::onSecret(QByteArray secret)
{
    if (const Problem problem = CredentialRecordValidator::checkSecret(m_adding.kind, secret);
        problem != Problem::None) {
        CredentialStore::wipe(secret);
        fail(invalid(problemText(problem, m_adding) + QStringLiteral("; nothing was saved")));
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
