#include "sendcommand.h"

#include "cliapplication.h"
#include "console.h"
#include "export/exchangejson.h"
#include "export/exportoptions.h"
#include "export/harwriter.h"
#include "export/secretredactor.h"
#include "http/exchangejob.h"
#include "http/httpsession.h"
#include "legprinter.h"

#include <QFileInfo>
#include <QSaveFile>

namespace {

Status fileError(const QString &message)
{
    return Status(Status::Code::FileError, message);
}

} // namespace

SendCommand::~SendCommand()
{
    m_options.request.credentials.password.fill('\0');
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
            "VERBOSE OUTPUT (-v, on stderr)\n"
            "  For every leg, in order:\n"
            "    * Leg N (kind): reason          kind is initial, redirect, auth-retry, ...\n"
            "    > GET /path HTTP/1.1            the request line and every field as sent\n"
            "    > Host: example.org   [added by Qt]\n"
            "    < HTTP/1.1 200 OK               the status line and every response field\n"
            "    * Cookie sent/set, TLS, TLS error, Note (what the engine decided and why),\n"
            "      Timing (phases in ms, each named by the event that ends it).\n"
            "  A request field you did not type ends with who added it, after three spaces:\n"
            "    [default] AuthScope's default   [from body] derived from the body\n"
            "    [added by Qt] Qt's HTTP stack   [cookie jar] the session's cookies\n"
            "    [authentication] credentials added by AuthScope\n"
            "  Passwords, tokens and cookie values are redacted unless --include-secrets.\n"
            "\n"
            "EXAMPLES\n"
            "  authscope-cli send -v https://example.org/\n"
            "  authscope-cli send -L --max-redirs 5 http://127.0.0.1:8080/redirect/3\n"
            "  authscope-cli send -u alice http://127.0.0.1:8080/basic-auth/alice/secret\n"
            "  authscope-cli send -H 'Accept: text/plain' -d name=alice -d role=admin URL\n"
            "  authscope-cli send --data-json '{\"a\":1}' -i URL\n"
            "  authscope-cli send -d @upload.bin -o reply.bin --fail URL\n"
            "  authscope-cli send --json -L URL | jq '.legs | length'\n"
            "  authscope-cli send --har exchange.har --max-time 2.5 URL\n");
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
    if (m_options.passwordMissing && !askForPassword())
        return;

    m_session = new HttpSession(m_context.manager, this);
    if (m_options.useProxy)
        m_session->setProxy(m_options.proxy); // --proxy-user travels as the proxy's user and password
    m_job = m_session->createExchange(m_options.request);
    // The job holds its own copy; ours is no longer needed.
    m_options.request.credentials.password.fill('\0');
    connect(m_job, &ExchangeJob::legStarted, this, &SendCommand::onLegStarted);
    connect(m_job, &ExchangeJob::legFinished, this, &SendCommand::onLegFinished);
    connect(m_job, &ExchangeJob::finished, this, &SendCommand::onExchangeFinished);
    m_job->start();
}

void SendCommand::cancel()
{
    if (m_job && m_job->isRunning())
        m_job->cancel();
    else if (!m_job)
        CliCommand::cancel();
}

bool SendCommand::askForPassword()
{
    Console *console = m_context.console;
    RequestCredentials &credentials = m_options.request.credentials;
    if (m_options.noPrompt) {
        console->note(QStringLiteral("-u %1 has no password and --no-prompt is set: sending no credentials")
                              .arg(credentials.user));
        credentials = RequestCredentials();
        return true;
    }
    if (!console->canPrompt()) {
        const Status status(Status::Code::InvalidInput,
                            QStringLiteral("-u %1 has no password and standard input is not a terminal to ask for "
                                           "one (use -u USER:PASSWORD, or --no-prompt to send no credentials)")
                                    .arg(credentials.user));
        console->error(status.message());
        finish(status.exitCode());
        return false;
    }
    QString error;
    const QString prompt = QStringLiteral("Enter password for user '%1' on %2: ")
            .arg(credentials.user, m_options.request.url.host());
    if (!console->readPassword(prompt, &credentials.password, &error)) {
        const Status status(Status::Code::InvalidInput, QStringLiteral("cannot read the password: %1").arg(error));
        console->error(status.message());
        finish(status.exitCode());
        return false;
    }
    return true;
}

LegPrinter SendCommand::printer() const
{
    LegPrinter printer(m_options.includeSecrets);
    if (!m_options.includeSecrets)
        printer.setKnownSecrets(SecretRedactor::knownSecrets(m_job->exchange()));
    return printer;
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
    if (!m_options.verbose)
        return;
    if (m_requestsPrinted <= index)
        printRequestPart(index);
    m_context.console->print(printer().printResponse(m_job->exchange().legs.at(index)));
    m_legsPrinted = index + 1;
    if (m_requestsPrinted == m_legsPrinted && m_job->exchange().legs.size() > m_legsPrinted)
        printRequestPart(m_legsPrinted);
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
    if (m_options.verbose)
        console->print(printer().summary(exchange));

    // The first failure decides the exit status; later steps still run and report their own.
    int exitCode = 0;
    const Leg *final = exchange.finalLeg();
    if (!exchange.status.isOk()) {
        const QString message = exchange.status.message();
        console->error(m_options.includeSecrets
                               ? message
                               : SecretRedactor::redactText(message, SecretRedactor::knownSecrets(exchange)));
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
    finish(exitCode);
}

int SendCommand::writeBody(const Leg &leg)
{
    Console *console = m_context.console;
    const QByteArray head = m_options.includeHeaders ? LegPrinter::responseHead(leg) : QByteArray();
    QString error;
    if (m_options.outputPath.isEmpty()) {
        bool ok = console->write(head);
        if (ok && leg.responseBody)
            ok = leg.responseBody->writeTo(console->out(), &error);
        if (!ok) {
            const Status status = fileError(QStringLiteral("cannot write to standard output: %1")
                                                    .arg(error.isEmpty() ? console->writeError() : error));
            console->error(status.message());
            return status.exitCode();
        }
        return 0;
    }
    // QSaveFile keeps the old file unless the whole body was written. It does so by renaming a
    // new file over the target, which would replace a device such as /dev/null (as root, for
    // good), so anything that exists and is not a regular file is written in place.
    const QFileInfo target(m_options.outputPath);
    std::unique_ptr<QFileDevice> file;
    if (target.exists() && !target.isFile() && !target.isDir())
        file = std::make_unique<QFile>(m_options.outputPath);
    else
        file = std::make_unique<QSaveFile>(m_options.outputPath);
    auto *saveFile = qobject_cast<QSaveFile *>(file.get());
    bool ok = file->open(QIODevice::WriteOnly);
    if (ok && !head.isEmpty())
        ok = file->write(head) == head.size();
    if (ok && leg.responseBody)
        ok = leg.responseBody->writeTo(file.get(), &error);
    if (ok)
        ok = saveFile ? saveFile->commit() : file->flush();
    if (!ok) {
        if (saveFile)
            saveFile->cancelWriting();
        const Status status = fileError(QStringLiteral("cannot write \"%1\": %2")
                                                .arg(m_options.outputPath, error.isEmpty() ? file->errorString() : error));
        console->error(status.message());
        return status.exitCode();
    }
    return 0;
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
    QString error;
    bool ok = false;
    const QFileInfo target(m_options.harPath);
    if (target.exists() && !target.isFile() && !target.isDir()) {
        // HarWriter saves through QSaveFile, which would replace a device such as /dev/stdout.
        QFile device(m_options.harPath);
        const QByteArray har = HarWriter::toBytes({m_job->exchange()}, options);
        ok = device.open(QIODevice::WriteOnly) && device.write(har) == har.size() && device.flush();
        if (!ok)
            error = QStringLiteral("cannot write the HAR file \"%1\": %2").arg(m_options.harPath, device.errorString());
    } else {
        // Its error names the file and the reason.
        ok = HarWriter::write(m_options.harPath, {m_job->exchange()}, options, &error);
    }
    if (!ok) {
        const Status status = fileError(error);
        m_context.console->error(status.message());
        return status.exitCode();
    }
    return 0;
}
