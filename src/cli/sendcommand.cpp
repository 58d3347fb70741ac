#include "sendcommand.h"

#include "cliapplication.h"
#include "console.h"
#include "export/exchangejson.h"
#include "export/exportoptions.h"
#include "export/harwriter.h"
#include "export/markdownwriter.h"
#include "export/outputfile.h"
#include "export/outputsink.h"
#include "export/redactedexchange.h"
#include "export/secretredactor.h"
#include "engine/exchangejob.h"
#include "engine/httpsession.h"
#include "credentials/credentialstore.h"
#include "credentials/storedcredentialprovider.h"
#include "interruptwatcher.h"
#include "legprinter.h"
#include "diagnosis/diagnoser.h"
#include "oauth/tokenbroker.h"
#include "stdinreadjob.h"
#include "terminalcredentialprovider.h"

namespace {

Status fileError(const QString &message)
{
    return Status(Status::Code::FileError, message);
}

} // namespace

SendCommand::SendCommand(const CliContext &context, QObject *parent) : CliCommand(context, parent)
{
}

SendCommand::~SendCommand()
{
    // The session's exchange may hold a credential job that uses the provider: it goes first.
    delete m_session;
    m_options.request.credentials.wipeSecrets();
}

QString SendCommand::helpText()
{
    return QStringLiteral(
            "Usage: authscope-cli send [OPTIONS] URL\n"
            "\n"
            "Sends one request and shows what happened, leg by leg. The final response's body\n"
            "goes to stdout (or -o FILE); notes and errors go to stderr. URL is http:// or\n"
            "https://; without a scheme http:// is assumed. Credentials in the URL\n"
            "(http://user:pass@host/) act like -u.\n"
            "\n"
            "Options:\n")
            + SendOptions::parser().optionsHelp()
            + QStringLiteral(
            "\n"
            "AUTHENTICATION\n"
            "  A server that wants credentials answers 401 (a proxy 407) with challenges.\n"
            "  The first leg goes without the -u credentials; the next leg answers the\n"
            "  strongest challenge offered, or the one --auth names: Digest (SHA-512-256,\n"
            "  SHA-256, MD5, their -sess variants, qop auth and auth-int, userhash), Basic\n"
            "  or Bearer. Without credentials for it, AuthScope asks on the terminal: it\n"
            "  names the origin, scheme and realm, warns when the connection is not\n"
            "  encrypted, then asks for the user (Enter keeps the one shown) and the\n"
            "  password without echo. Rejected credentials are asked for again, up to\n"
            "  --max-auth-attempts times. Without a terminal, or with --no-prompt, the\n"
            "  exchange ends with exit 10 and one error line saying what to give.\n"
            "  403 Forbidden is not a request for credentials: the server refuses them.\n"
            "\n"
            "STORED CREDENTIALS\n"
            "  Before asking, AuthScope looks in the OS keychain (shared with the GUI) for a\n"
            "  credential stored for the realm; with -u USER (no password) only USER's.\n"
            "  --save stores what the server accepted, replacing the stored password of the\n"
            "  same user and realm; nothing is stored before the server accepts it. A\n"
            "  stored password the server rejects is not tried again in the run, and you\n"
            "  are asked instead. \"authscope-cli credentials\" lists, shows and deletes\n"
            "  them. If the keychain cannot be used (no Secret Service, locked, access\n"
            "  denied, no answer), a warning says which and the run goes on without it;\n"
            "  a failed --save ends with exit 11. Nothing is ever written to a file\n"
            "  instead. Only the index (realm, user, kind, last use; no secrets) lives in\n"
            "  ~/.config/AuthScope/credentials.ini.\n"
            "\n"
            "OAUTH 2.0\n"
            "  --oauth NAME sends the access token of the OAuth profile NAME (\"authscope-cli\n"
            "  oauth add\", \"oauth login\") as Bearer. A token known to have expired\n"
            "  (expires_in, or the JWT's exp, with a margin) is refreshed first; a 401 with a\n"
            "  Bearer challenge or invalid_token refreshes it once and sends the request\n"
            "  again once; a second 401 ends the run (exit 10). Each call to the token\n"
            "  endpoint is a leg of the exchange: -v shows it, --json and --har hold it with\n"
            "  client secrets, codes and tokens redacted. A refresh that fails\n"
            "  (invalid_grant, a revoked or rotated-away refresh token) ends with one error\n"
            "  line: sign in again with \"authscope-cli oauth login NAME\".\n"
            "  Without a profile: --oauth2-bearer AT --oauth2-refresh-token RT\n"
            "  --oauth2-token-url URL --oauth2-client ID[:SECRET] refreshes the same way. If\n"
            "  the server rotates the refresh token, the new pair is stored as the profile\n"
            "  adhoc-HOST-ID (a note names it; use it with --oauth); with --no-keychain a\n"
            "  warning says the new refresh token is lost when the run ends.\n"
            "\n"
            "SIGNALS AND FILES\n"
            "  Ctrl-C (SIGINT), SIGTERM and SIGHUP cancel the run and let it end cleanly:\n"
            "  the terminal's echo comes back, temporary files are removed, the legs so far\n"
            "  still go to -v, --json and --har, and the exit status is 128 + the signal's\n"
            "  number (130, 143, 129). -o FILE is written beside FILE and renamed over it\n"
            "  only when the whole body is there: a failed or interrupted run leaves FILE as\n"
            "  it was. --har, --markdown and --diagram are written the same way, after the\n"
            "  exchange, whatever its outcome. Files written with --include-secrets are\n"
            "  readable by you only (0600).\n"
            "  Passwords and tokens given as arguments are blanked in the process's argument\n"
            "  list once read; -u @FILE, --oauth2-bearer @FILE and --user-stdin keep them\n"
            "  off the command line.\n"
            "\n"
            "VERBOSE OUTPUT (-v, on stderr)\n"
            "  For every leg, in order:\n"
            "    * Leg N (kind): reason          kind is initial, redirect, auth-retry, ...\n"
            "    > GET /path HTTP/1.1            the request line and every field as sent\n"
            "    > Host: example.org   [added by Qt]\n"
            "    * Authentication: Digest SHA-256, qop=auth, nc=00000001 as alice\n"
            "    < HTTP/1.1 401 Unauthorized     the status line and every response field\n"
            "    * Challenge: Digest realm=\"x\", nonce=..., qop=\"auth\", algorithm=SHA-256\n"
            "    * Challenge problem, Cookie sent/set, TLS, TLS error, Note (what the engine\n"
            "      decided and why), Timing (phases in ms, each named by the event that\n"
            "      ends it).\n"
            "  A request field you did not type ends with who added it, after three spaces:\n"
            "    [default] AuthScope's default   [from body] derived from the body\n"
            "    [added by Qt] Qt's HTTP stack   [cookie jar] the session's cookies\n"
            "    [authentication] credentials added by AuthScope\n"
            "  Passwords, tokens, API keys and cookie values are redacted unless\n"
            "  --include-secrets. Warnings (credentials over plain http to another machine,\n"
            "  a redirect from https to http) go to stderr with or without -v:\n"
            "    authscope-cli: warning: ...\n"
            "\n"
            "EXAMPLES\n"
            "  authscope-cli send -v https://example.org/\n"
            "  authscope-cli send -L --max-redirs 5 http://127.0.0.1:8080/redirect/3\n"
            "  authscope-cli send -v -u alice http://127.0.0.1:8080/basic-auth/alice/secret\n"
            "  authscope-cli send --auth digest -u alice:secret --no-prompt URL\n"            "  authscope-cli send --save -u alice URL        (asks; keeps it in the keychain)\n"
            "  authscope-cli send -u alice --no-prompt URL   (uses alice's stored password)\n"
            "  authscope-cli send --credential 3f2a9c1e URL  (a stored token or API key)\n"
            "  authscope-cli send --oauth2-bearer @token.txt https://api.example.org/me\n"            "  authscope-cli send --oauth api -v https://api.example.org/me\n"
            "  authscope-cli send --oauth2-bearer @at.txt --oauth2-refresh-token @rt.txt \\\n"
            "      --oauth2-token-url https://id.example.org/token --oauth2-client app URL\n"
            "  pass show api | authscope-cli send -u alice --user-stdin URL\n"
            "  authscope-cli send --api-key X-Api-Key=\"$KEY\" URL\n"
            "  authscope-cli send -H 'Accept: text/plain' -d name=alice -d role=admin URL\n"
            "  authscope-cli send --data-json '{\"a\":1}' -i URL\n"
            "  authscope-cli send -d @upload.bin -o reply.bin --fail URL\n"
            "  authscope-cli send --json -L URL | jq '.legs | length'\n"
            "  authscope-cli send --har exchange.har --max-time 2.5 URL\n"
            "  authscope-cli send -u alice --markdown ticket.md --diagram flow.svg URL\n");
}

void SendCommand::start(const QStringList &arguments)
{
    Console *console = m_context.console;
    const Status parsed = SendOptions::parse(arguments, &m_options);
    if (!parsed.isOk()) {
        console->error(parsed.message());
        finish(parsed.exitCode());
        return;
    }
    if (m_options.help) {
        console->write((helpText() + u'\n' + CliApplication::exitCodesHelp()).toUtf8());
        finish(0);
        return;
    }
    if (!m_options.diagramPath.isEmpty() && !m_context.writeDiagram) {
        // Checked before anything is sent: the exchange would otherwise run for nothing.
        fail(Status(Status::Code::InvalidInput,
                    QStringLiteral("--diagram: this program was built without the diagram renderer "
                                   "(authscope-cli's main() provides it); nothing was sent")));
        return;
    }
    if (m_options.userFromStdin)
        readUserFromStdin();
    else
        run();
}

void SendCommand::readUserFromStdin()
{
    // A terminal would show the password as it is typed; the prompt hides it.
    if (m_context.console->canPrompt()) {
        const Status refused(Status::Code::InvalidInput,
                             QStringLiteral("--user-stdin reads a pipe or a file, but standard input is a terminal: "
                                            "leave out --user-stdin (with -u USER) to be asked without echo"));
        m_context.console->error(refused.message());
        finish(refused.exitCode());
        return;
    }
    m_stdin = new StdinReadJob(this);
    connect(m_stdin.data(), &StdinReadJob::finished, this, [this] {
        StdinReadJob *reader = m_stdin.data();
        m_stdin.clear();
        reader->deleteLater();
        const Status taken = reader->hasData()
                ? m_options.takeUserFromStdin(reader->takeData())
                : Status(Status::Code::InvalidInput,
                         QStringLiteral("--user-stdin: cannot read standard input: %1").arg(reader->errorString()));
        if (!taken.isOk()) {
            m_context.console->error(taken.message());
            finish(taken.exitCode());
            return;
        }
        run();
    });
    m_stdin->start();
}

void SendCommand::run()
{
    Console *console = m_context.console;
    TerminalCredentialJob::Settings prompting;
    prompting.noPrompt = m_options.noPrompt;
    prompting.defaultUser = m_options.promptUser;
    prompting.maxAttempts = m_options.request.options.maxAuthAttempts;
    m_credentialProvider = std::make_unique<TerminalCredentialProvider>(console, prompting);
    m_session = new HttpSession(m_context.manager, this);
    m_session->setCredentialProvider(m_credentialProvider.get());
    if (m_context.credentials && !m_options.noKeychain) {
        // Stored credentials answer first; the terminal is asked when the store has none.
        m_storedProvider = new StoredCredentialProvider(m_context.credentials, m_credentialProvider.get(), this);
        m_storedProvider->setPreferredUser(m_options.promptUser);
        m_storedProvider->setSaveAccepted(m_options.save);
        m_session->setCredentialProvider(m_storedProvider);
        connect(m_storedProvider, &StoredCredentialProvider::keychainUnavailable, this,
                [this](const QString &message, bool saving) {
                    if (saving) {
                        m_context.console->error(QStringLiteral("--save: %1").arg(message));
                        m_keychainExit = Status(Status::Code::KeychainError, message).exitCode();
                    } else if (!m_keychainWarned) {
                        m_context.console->warning(QStringLiteral("%1 Going on without stored credentials for this run.")
                                                           .arg(message));
                    }
                    m_keychainWarned = true;
                });
        connect(m_storedProvider, &StoredCredentialProvider::saveFailed, this, [this](const Status &status) {
            m_context.console->error(QStringLiteral("--save: %1").arg(status.message()));
            m_keychainExit = status.exitCode();
        });
        connect(m_storedProvider, &StoredCredentialProvider::problem, this,
                [this](const QString &message) { m_context.console->warning(message); });
        connect(m_storedProvider, &StoredCredentialProvider::saved, this,
                [this](const CredentialRecord &record, bool updated) {
                    ++m_savedCount;
                    m_context.console->note(QStringLiteral("%1 %2 of %3 for the %4 in the keychain (id %5)")
                                                    .arg(updated ? QStringLiteral("replaced the stored")
                                                                 : QStringLiteral("saved the"),
                                                         Credential::kindName(record.kind),
                                                         record.user.isEmpty() ? QStringLiteral("(no user)") : record.user,
                                                         record.space.toDisplayString(), record.id.left(8)));
                });
    }
    if (m_options.useProxy)
        m_session->setProxy(m_options.proxy); // --proxy-user travels as the proxy's user and password
    setUpOAuth();
    // A --credential reference is read from the keychain by the exchange itself, as its first step.
    startExchange(m_options.request);
}

void SendCommand::setUpOAuth()
{
    TokenBroker *broker = m_context.tokenBroker;
    if (m_options.request.credentials.oauthProfile.isEmpty() || !broker)
        return; // without a broker the exchange ends with oauth-profile-not-found
    if (m_options.hasAdHocOAuth()) {
        // Kept in memory; stored as a profile only when its refresh token rotates, never with --no-keychain.
        broker->addAdHocProfile(m_options.adHocProfile, m_options.adHocClientSecret, m_options.adHocTokens,
                                !m_options.noKeychain);
        m_options.adHocClientSecret.fill('\0');
        m_options.adHocClientSecret.clear();
        m_options.adHocTokens.wipe();
    }
    m_session->setTokenProvider(broker);
}

void SendCommand::startExchange(const HttpRequest &request)
{
    m_job = m_session->createExchange(request);
    // The job holds its own copy; ours is no longer needed.
    m_options.request.credentials.wipeSecrets();
    connect(m_job, &ExchangeJob::legStarted, this, &SendCommand::onLegStarted);
    connect(m_job, &ExchangeJob::legFinished, this, &SendCommand::onLegFinished);
    connect(m_job, &ExchangeJob::finished, this, &SendCommand::onExchangeFinished);
    connect(m_job, &ExchangeJob::stepFinished, this, [this](int index) {
        const ExchangeStep &step = m_job->exchange().steps.at(index);
        // Getting a credential is a step of its own: -v shows where it came from and how long it took.
        if (m_options.verbose)
            m_context.console->print(printer().printStep(step));
        printWarnings(step.notes);
        // The name a rotated ad-hoc pair was stored under is needed to use it again: said without -v too.
        for (const LegNote &note : step.notes) {
            if (note.code == NoteCode::OAuthProfileSaved && !m_options.verbose)
                m_context.console->note(note.text);
        }
    });
    m_job->start();
}

void SendCommand::cancel()
{
    if (m_stdin) {
        delete m_stdin.data();
        CliCommand::cancel();
        return;
    }
    if (m_job && m_job->isRunning())
        m_job->cancel();
    else if (!m_job)
        CliCommand::cancel();
}

const LegPrinter &SendCommand::printer()
{
    if (!m_printerReady) {
        m_printer = LegPrinter(m_options.includeSecrets);
        m_printerReady = true;
    }
    if (!m_options.includeSecrets) {
        // Known secrets grow as legs add cookies and credentials; the matcher is rebuilt only then.
        QList<QByteArray> secrets = SecretRedactor::knownSecrets(m_job->exchange());
        if (secrets != m_printerSecrets) {
            m_printer.setKnownSecrets(secrets);
            m_printerSecrets = std::move(secrets);
        }
    }
    return m_printer;
}

// -v shows a leg's request as soon as it leaves and the rest when the leg ends, so a slow server
// shows what it was asked. The engine announces a redirect's next leg before the end of the leg
// that caused it; a request part waits until every earlier leg is printed whole.
void SendCommand::onLegStarted(int index)
{
    if (m_options.verbose && index == m_legsPrinted)
        printRequestPart(index);
}

void SendCommand::onLegFinished(int index)
{
    warnIfCredentialsWentUnverified(index);
    if (!m_options.verbose) {
        printWarnings(index);
        return;
    }
    if (m_requestsPrinted <= index)
        printRequestPart(index);
    m_context.console->print(printer().printResponse(m_job->exchange().legs.at(index), Diagnoser::forLeg(m_job->exchange(), index)));
    printWarnings(index);
    m_legsPrinted = index + 1;
    if (m_requestsPrinted == m_legsPrinted && m_job->exchange().legs.size() > m_legsPrinted)
        printRequestPart(m_legsPrinted);
}

void SendCommand::printWarnings(int index)
{
    printWarnings(m_job->exchange().legs.at(index).notes);
}

void SendCommand::printWarnings(const LegNotes &notes)
{
    const LegNotes warnings = LegPrinter::warnings(notes);
    for (const LegNote &warning : warnings) {
        // The same warning on every leg of a redirect chain is said once.
        if (m_warningsShown.contains(warning.text))
            continue;
        m_warningsShown.insert(warning.text);
        m_context.console->warning(QStringLiteral("[%1] %2").arg(warning.codeName(),
                                                                 QString::fromUtf8(printer().freeText(warning.text))));
    }
}

namespace {

bool carriesCredentials(const Leg &leg)
{
    if (!leg.authentication.isEmpty())
        return true;
    for (const HeaderField &field : leg.requestHeaders) {
        if (field.source == HeaderField::Source::Authentication
            || field.name.compare("Authorization", Qt::CaseInsensitive) == 0
            || field.name.compare("Proxy-Authorization", Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

// With -k a certificate that failed verification could belong to anyone: credentials sent there
// are worth a line on stderr with or without -v, once per origin. Qt reports the errors on the
// connection's first leg only, so they are kept per origin for the legs that follow.
void SendCommand::warnIfCredentialsWentUnverified(int index)
{
    const Leg &leg = m_job->exchange().legs.at(index);
    if (!leg.tls.verificationDisabled)
        return;
    const QString origin = leg.url.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery
                                            | QUrl::RemoveFragment).toString();
    QStringList &errors = m_ignoredTlsErrors[origin];
    for (const QSslError &error : leg.tls.errors) {
        if (!errors.contains(error.errorString()))
            errors.append(error.errorString());
    }
    if (errors.isEmpty() || m_unverifiedWarned.contains(origin) || !carriesCredentials(leg))
        return;
    m_unverifiedWarned.insert(origin);
    m_context.console->warning(QStringLiteral("credentials went to %1, whose certificate was not verified "
                                              "(--insecure ignored: %2)").arg(origin, errors.join(QStringLiteral("; "))));
}

void SendCommand::printRequestPart(int index)
{
    m_context.console->print(printer().printRequest(m_job->exchange().legs.at(index)));
    m_requestsPrinted = index + 1;
}

void SendCommand::onExchangeFinished()
{
    Console *console = m_context.console;
    const Exchange &exchange = m_job->exchange();
    for (qsizetype i = 0; i < exchange.legs.size(); ++i)
        printWarnings(int(i)); // any that came without a legFinished (none expected; they must not be lost)
    if (m_options.verbose)
        console->print(printer().summary(exchange));

    // The first failure decides the exit status; later steps still run and report their own.
    int exitCode = 0;
    const Leg *final = exchange.finalLeg();
    if (!exchange.status.isOk()) {
        QString message = exchange.status.message();
        // The exchange's first step read --credential's record: say which option it was about.
        const bool referenceFailed = !exchange.request.credentials.storedId.isEmpty() && exchange.legs.isEmpty();
        if (referenceFailed)
            message.prepend(QStringLiteral("--credential: "));
        const int signal = InterruptWatcher::caughtSignal();
        if (exchange.status.code() == Status::Code::Cancelled && signal)
            message = QStringLiteral("interrupted by %1").arg(InterruptWatcher::signalName(signal));
        console->error(QString::fromUtf8(printer().freeText(message)));
        exitCode = exchange.status.exitCode();
    } else if (final) {
        if (final->isRedirect() && !exchange.request.options.followRedirects && !m_options.verbose) {
            const QByteArray location = final->responseHeaders.value("Location");
            if (!location.isEmpty()) {
                const QUrl target = final->url.resolved(QUrl::fromEncoded(location));
                console->note(QStringLiteral("the server redirects (%1) to %2; use -L to follow")
                                      .arg(final->statusCode)
                                      .arg(m_options.includeSecrets ? target.toDisplayString()
                                                                    : SecretRedactor::redactUrl(target)));
            }
        }
        if (m_options.failOnHttpError && final->statusCode >= 400) {
            const Status status(Status::Code::HttpError,
                                QStringLiteral("the server answered %1 (--fail)")
                                        .arg(QString::fromUtf8(LegPrinter::statusLine(*final))));
            console->error(status.message());
            exitCode = status.exitCode();
        } else if (!m_options.json || !m_options.outputPath.isEmpty()) {
            exitCode = writeBody(*final);
        }
    }
    if (m_options.json) {
        const int code = writeJson();
        exitCode = exitCode ? exitCode : code;
    }
    if (!m_options.harPath.isEmpty()) {
        const int code = writeHar();
        exitCode = exitCode ? exitCode : code;
    }
    if (!m_options.markdownPath.isEmpty()) {
        const int code = writeMarkdown();
        exitCode = exitCode ? exitCode : code;
    }
    if (!m_options.diagramPath.isEmpty()) {
        const int code = writeDiagram();
        exitCode = exitCode ? exitCode : code;
    }
    finishAfterSaves(exitCode);
}

void SendCommand::finishAfterSaves(int exitCode)
{
    if (m_storedProvider && m_storedProvider->pendingSaves() > 0) {
        connect(m_storedProvider, &StoredCredentialProvider::savesFinished, this,
                [this, exitCode] { finishAfterSaves(exitCode); }, Qt::SingleShotConnection);
        return;
    }
    if (m_options.save && m_savedCount == 0 && !m_keychainExit)
        m_context.console->note(QStringLiteral("--save: nothing was saved (no server accepted credentials "
                                               "in this exchange)"));
    finish(exitCode ? exitCode : m_keychainExit);
}

int SendCommand::writeBody(const Leg &leg)
{
    Console *console = m_context.console;
    const QByteArray head = m_options.includeHeaders ? LegPrinter::responseHead(leg) : QByteArray();
    // A signal during a long copy (a spilled body of gigabytes) ends it between blocks.
    const auto stopCheck = [] { return InterruptWatcher::caughtSignal() != 0; };
    QString error;
    if (m_options.outputPath.isEmpty()) {
        OutputSink out(console->out(), stopCheck);
        bool ok = out.write(head) == head.size();
        if (ok && leg.responseBody)
            ok = leg.responseBody->writeTo(&out, &error);
        if (out.wasStopped())
            return interruptedWhileWriting(QStringLiteral("standard output"), QString());
        if (!ok) {
            const Status status = fileError(QStringLiteral("cannot write to standard output: %1")
                                                    .arg(error.isEmpty() ? out.errorString() : error));
            console->error(status.message());
            return status.exitCode();
        }
        return 0;
    }
    // A regular file is replaced only once the whole body is written (see OutputFile); a device
    // such as /dev/null or /dev/stdout is written in place.
    OutputFile file(m_options.outputPath, m_options.includeSecrets ? OutputFile::Access::OwnerOnly
                                                                   : OutputFile::Access::Default);
    file.setStopCheck(stopCheck);
    bool ok = file.open();
    if (ok && !head.isEmpty())
        ok = file.write(head);
    if (ok && leg.responseBody)
        ok = leg.responseBody->writeTo(file.device(), &error);
    if (ok)
        ok = file.commit();
    else
        file.cancel();
    if (file.wasStopped())
        return interruptedWhileWriting(m_options.outputPath, file.inPlace()
                                               ? QStringLiteral("what it received so far stays there")
                                               : QStringLiteral("it was not written; a file already there is unchanged"));
    if (!ok) {
        const QString kept = file.inPlace() ? QString()
                                            : QStringLiteral(" (nothing was written; a file already there is unchanged)");
        const Status status = fileError(QStringLiteral("cannot write \"%1\": %2%3")
                                                .arg(m_options.outputPath, error.isEmpty() ? file.errorString() : error,
                                                     kept));
        console->error(status.message());
        return status.exitCode();
    }
    return 0;
}

int SendCommand::interruptedWhileWriting(const QString &target, const QString &outcome)
{
    const int signal = InterruptWatcher::caughtSignal();
    m_context.console->error(QStringLiteral("%1 while writing the body to %2%3")
                                     .arg(InterruptWatcher::signalName(signal), target,
                                          outcome.isEmpty() ? QString() : QStringLiteral("; ") + outcome));
    return 128 + signal;
}

int SendCommand::writeJson()
{
    Console *console = m_context.console;
    ExportOptions options;
    options.includeSecrets = m_options.includeSecrets;
    if (!console->write(ExchangeJson::toBytes(m_job->exchange(), options))) {
        const Status status = fileError(QStringLiteral("cannot write to standard output: %1").arg(console->writeError()));
        console->error(status.message());
        return status.exitCode();
    }
    return 0;
}

int SendCommand::writeHar()
{
    ExportOptions options;
    options.includeSecrets = m_options.includeSecrets;
    QString error; // it names the file, the reason and what was kept
    const bool written = HarWriter::write(m_options.harPath, {m_job->exchange()}, options, &error);
    return exportResult(written, error);
}

int SendCommand::writeMarkdown()
{
    ExportOptions options;
    options.includeSecrets = m_options.includeSecrets;
    QString error;
    const bool written = MarkdownWriter::write(m_options.markdownPath, m_job->exchange(), options, &error);
    return exportResult(written, error);
}

int SendCommand::writeDiagram()
{
    // A diagram is for slides: what it draws of URLs and notes is redacted like the HAR.
    const Exchange &exchange = m_job->exchange();
    QString error;
    const bool written = m_context.writeDiagram(m_options.diagramPath,
                                                m_options.includeSecrets ? exchange : RedactedExchange::forDiagram(exchange),
                                                &error);
    return exportResult(written, error);
}

int SendCommand::exportResult(bool written, const QString &error)
{
    if (written)
        return 0;
    const Status status = fileError(error);
    m_context.console->error(status.message());
    return status.exitCode();
}
