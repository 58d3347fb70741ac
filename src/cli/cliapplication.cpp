#include "cliapplication.h"

#include "argumentparser.h"
#include "console.h"
#include "core/status.h"
#include "credentialscommand.h"
#include "labcommand.h"
#include "oauthcommand.h"
#include "sendcommand.h"

#include <QMap>

namespace {

// What each outcome means to a user of the CLI. A new Status::Code makes the compiler warn here.
QString describe(Status::Code code)
{
    using C = Status::Code;
    switch (code) {
    case C::Ok: return QStringLiteral("the exchange completed (any HTTP status, unless --fail); the credentials "
                                      "or oauth command did what was asked");
    case C::InvalidInput: return QStringLiteral("bad input: unknown option, malformed URL or header, bad number, "
                                                "unreadable @FILE, missing URL, ambiguous credential id, a credential "
                                                "already stored (credentials add without --replace)");
    case C::FileError: return QStringLiteral("an output file, stdout or the list of stored credentials could "
                                             "not be written (-o, --har, disk full)");
    case C::HostNotFound: return QStringLiteral("the host name could not be resolved");
    case C::ConnectionRefused: return QStringLiteral("the connection was refused");
    case C::ConnectionFailed: return QStringLiteral("the connection failed otherwise (reset, closed, unreachable), "
                                                    "or closed before the body Content-Length announced; lab: its address or "
                                                    "port cannot be bound (in use)");
    case C::TlsError: return QStringLiteral("TLS failed (certificate not trusted, handshake)");
    case C::Timeout: return QStringLiteral("--max-time passed, or the connection timed out");
    case C::Cancelled: return QStringLiteral("cancelled with Ctrl-C (SIGINT); SIGTERM gives 143 and SIGHUP 129 "
                                             "(128 + the signal's number). The legs so far are still shown and "
                                             "written; an unfinished -o is removed, a file already there is kept");
    case C::TooManyRedirects: return QStringLiteral("more redirects than --max-redirs");
    case C::ProtocolError: return QStringLiteral("the server spoke broken HTTP: a gzip/deflate body that does not "
                                                 "decode or expands past the limit, a head Qt cut (over 100 fields), "
                                                 "conflicting framing, a status outside 100-599");
    case C::ProxyError: return QStringLiteral("the proxy failed");
    case C::HttpError: return QStringLiteral("--fail and the final status was 400 or above");
    case C::AuthenticationFailed: return QStringLiteral("authentication failed: credentials were needed and none "
                                                        "were given (--no-prompt, no terminal), they were rejected "
                                                        "--max-auth-attempts times, or no offered scheme can be "
                                                        "answered; the authorization server refused a sign-in, refresh or "
                                                        "revocation (its error on stderr)");
    case C::KeychainError: return QStringLiteral("the OS keychain could not be used (no Secret Service, locked, access "
                                                 "denied, no answer); the message says which and what to do");
    case C::NotFound: return QStringLiteral("no stored credential has that id, or its secret is missing from the "
                                            "keychain; no OAuth profile has that name");
    }
    return QString();
}

} // namespace

CliApplication::CliApplication(const CliContext &context, QObject *parent)
    : QObject(parent), m_context(context)
{
    m_commands.append({QStringLiteral("send"),
                       QStringLiteral("Send one request and show every leg of the exchange"),
                       &SendCommand::helpText,
                       [](const CliContext &c, QObject *p) -> CliCommand * { return new SendCommand(c, p); }});
    m_commands.append({QStringLiteral("credentials"),
                       QStringLiteral("Add, list, show or delete stored credentials"),
                       &CredentialsCommand::helpText,
                       [](const CliContext &c, QObject *p) -> CliCommand * { return new CredentialsCommand(c, p); }});
    m_commands.append({QStringLiteral("oauth"),
                       QStringLiteral("OAuth 2.0 profiles: add, sign in, refresh, revoke, show, list"),
                       &OAuthCommand::helpText,
                       [](const CliContext &c, QObject *p) -> CliCommand * { return new OAuthCommand(c, p); }});
    m_commands.append({QStringLiteral("lab"),
                       QStringLiteral("Run the built-in practice lab, or list its lessons"),
                       &LabCommand::helpText,
                       [](const CliContext &c, QObject *p) -> CliCommand * { return new LabCommand(c, p); }});
}

QString CliApplication::programName()
{
    return QStringLiteral("authscope-cli");
}

QString CliApplication::versionText()
{
    return QStringLiteral("authscope-cli %1 (Qt %2)\n").arg(QStringLiteral(AUTHSCOPE_VERSION), QString::fromLatin1(qVersion()));
}

QString CliApplication::exitCodesHelp()
{
    using C = Status::Code;
    QMap<int, QStringList> byExit;
    for (C code : {C::Ok, C::InvalidInput, C::HostNotFound, C::ConnectionRefused, C::ConnectionFailed, C::TlsError,
                   C::Timeout, C::TooManyRedirects, C::ProtocolError, C::ProxyError, C::FileError,
                   C::AuthenticationFailed, C::KeychainError, C::NotFound, C::HttpError, C::Cancelled}) {
        byExit[Status(code, QString()).exitCode()].append(describe(code));
    }
    QString text = QStringLiteral("EXIT STATUS\n");
    for (auto it = byExit.cbegin(); it != byExit.cend(); ++it) {
        const QStringList lines = ArgumentParser::wrap(it.value().join(QStringLiteral("; ")), 80 - 7);
        text += QStringLiteral("  %1  %2\n").arg(it.key(), 3).arg(lines.join(QStringLiteral("\n       ")));
    }
    text += QStringLiteral("  When several things fail, the first decides the status (the exchange, then\n"
                           "  --fail, then the output files); each one is reported on stderr.\n");
    return text;
}

QString CliApplication::helpText() const
{
    QString text = QStringLiteral("authscope-cli: explore HTTP authentication from the command line\n"
                                  "\n"
                                  "Usage: authscope-cli COMMAND [OPTIONS] [ARGUMENTS]\n"
                                  "       authscope-cli help [COMMAND]\n"
                                  "       authscope-cli --version\n"
                                  "\n"
                                  "Commands:\n");
    for (const Command &command : m_commands)
        text += QStringLiteral("  %1  %2\n").arg(command.name.leftJustified(11), command.summary);
    text += QStringLiteral("  %1  %2\n").arg(QStringLiteral("help").leftJustified(11),
                                             QStringLiteral("Show this help, or one command's help"));
    for (const Command &command : m_commands)
        text += QStringLiteral("\n") + QString(72, u'=') + u'\n' + command.help();
    return text + u'\n' + exitCodesHelp();
}

const CliApplication::Command *CliApplication::findCommand(const QString &name) const
{
    for (const Command &command : m_commands) {
        if (command.name == name)
            return &command;
    }
    return nullptr;
}

void CliApplication::answer(const QByteArray &text, int exitCode, bool toStdout)
{
    if (toStdout)
        m_context.console->write(text);
    else
        m_context.console->print(text);
    m_exitCode = exitCode;
    m_finishing = true;
    QMetaObject::invokeMethod(this, &CliApplication::finished, Qt::QueuedConnection);
}

void CliApplication::fail(const QString &message)
{
    m_context.console->error(message);
    answer(QByteArray(), Status(Status::Code::InvalidInput, message).exitCode(), false);
}

void CliApplication::cancel()
{
    if (m_running)
        m_running->cancel();
}

void CliApplication::interrupt(int signalNumber)
{
    if (!m_signal)
        m_signal = signalNumber;
    cancel();
}

int CliApplication::exitCode() const
{
    // A command that was cancelled says 130 (Ctrl-C); a signal that cancelled it is named instead.
    const bool cancelled = m_exitCode == Status(Status::Code::Cancelled, QString()).exitCode();
    return cancelled && m_signal > 0 ? 128 + m_signal : m_exitCode;
}

void CliApplication::start(const QStringList &arguments)
{
    if (m_running || m_finishing)
        return;
    const QString first = arguments.value(0);
    if (arguments.isEmpty() || first == u"--help" || first == u"-h") {
        answer(helpText().toUtf8(), 0, true);
        return;
    }
    if (first == u"--version" || first == u"-V") {
        answer(versionText().toUtf8(), 0, true);
        return;
    }
    if (first == u"help") {
        if (arguments.size() == 1) {
            answer(helpText().toUtf8(), 0, true);
            return;
        }
        const Command *command = findCommand(arguments.at(1));
        if (!command) {
            fail(QStringLiteral("no help for \"%1\": there is no such command").arg(arguments.at(1)));
            return;
        }
        answer((command->help() + u'\n' + exitCodesHelp()).toUtf8(), 0, true);
        return;
    }
    const Command *command = findCommand(first);
    if (!command) {
        if (first.startsWith(u'-'))
            fail(QStringLiteral("unknown option \"%1\" before the command; options go after it, "
                                "e.g. authscope-cli send %1 URL").arg(first));
        else if (first.contains(QLatin1String("://")))
            fail(QStringLiteral("\"%1\" is not a command; to send a request: authscope-cli send %1").arg(first));
        else
            fail(QStringLiteral("unknown command \"%1\" (see authscope-cli --help)").arg(first));
        return;
    }
    m_running = command->create(m_context, this);
    connect(m_running, &CliCommand::finished, this, [this] {
        m_exitCode = m_running->exitCode();
        emit finished();
    });
    m_running->start(arguments.mid(1));
}
