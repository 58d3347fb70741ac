#include "labcommand.h"

#include "argumentparser.h"
#include "console.h"
#include "core/status.h"
#include "export/secretparams.h"
#include "lab/labserver.h"
#include "texttable.h"

#include <QJsonDocument>

namespace {

Status invalid(const QString &message)
{
    return Status(Status::Code::InvalidInput, message + QStringLiteral(" (see authscope-cli lab --help)"));
}

// "localhost" is the loopback address; anything else must be an IP address of this machine.
bool parseAddress(const QString &text, QHostAddress *address)
{
    if (text.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0) {
        *address = QHostAddress(QHostAddress::LocalHost);
        return true;
    }
    QString bare = text;
    if (bare.startsWith(u'[') && bare.endsWith(u']'))
        bare = bare.mid(1, bare.size() - 2);
    return address->setAddress(bare);
}

} // namespace

LabCommand::LabCommand(const CliContext &context, QObject *parent) : CliCommand(context, parent) {}

LabCommand::~LabCommand() = default;

QList<OptionSpec> LabCommand::optionTable()
{
    auto text = [](const char *s) { return QString::fromUtf8(s); };
    return {
        {Port, QChar(), text("port"), text("N"),
         text("The port to listen on (default 8642); 0 picks a free one, which the first line names. "
              "With --list: the port the lessons' URLs name.")},
        {Listen, QChar(), text("listen"), text("ADDRESS"),
         text("The address to listen on (default 127.0.0.1; ::1, or 0.0.0.0 for every interface). Anything "
              "but loopback is warned about: the lab hands out demo credentials and answers whoever reaches "
              "it.")},
        {List, QChar(), text("list"), QString(),
         text("Print the lessons (id, expected diagnosis, title) instead of starting the lab.")},
        {Json, QChar(), text("json"), QString(),
         text("With --list: a JSON array of {id, path, title, lesson, credentials, expectedDiagnosis, try, "
              "group, url, tourOrder}.")},
        {Help, u'h', text("help"), QString(), text("Show this help.")},
    };
}

ArgumentParser LabCommand::parser()
{
    return ArgumentParser(QStringLiteral("authscope-cli lab"), optionTable());
}

QString LabCommand::helpText()
{
    return QStringLiteral(
            "Usage: authscope-cli lab [--port N] [--listen ADDRESS]\n"
            "       authscope-cli lab --list [--json] [--port N] [--listen ADDRESS]\n"
            "\n"
            "Runs the built-in practice lab: an HTTP server with one path per lesson (Basic,\n"
            "Digest, Bearer, OAuth 2.0, API keys, sessions, proxies and the causes of 401\n"
            "trainers go through), on http://127.0.0.1:8642/ by default. Its index page\n"
            "lists the lessons; /scenarios.json is the same list as --list --json.\n"
            "The first line on stdout says where it listens; each request gets one line on\n"
            "stderr (method, path with secret query values hidden, status). Ctrl+C or\n"
            "SIGTERM stops it (exit status 0). The credentials are demo values, shown in\n"
            "the lessons, and nothing is stored.\n"
            "\n"
            "Each lesson's \"try\" (in --list --json) is the argument list for\n"
            "\"authscope-cli send\" that reproduces it, the lesson's URL appended; the\n"
            "exchange's diagnosis is then the lesson's expectedDiagnosis (empty: success).\n"
            "\n"
            "Options:\n")
            + parser().optionsHelp()
            + QStringLiteral(
            "\n"
            "EXAMPLES\n"
            "  authscope-cli lab\n"
            "  authscope-cli lab --port 0\n"
            "  authscope-cli lab --list\n"
            "  authscope-cli lab --list --json | jq -r '.[] | .id + \" \" + .url'\n"
            "  authscope-cli send -v http://127.0.0.1:8642/basic/no-credentials\n");
}

void LabCommand::start(const QStringList &arguments)
{
    ArgumentParser parsed = parser();
    QString error;
    if (!parsed.parse(arguments, &error)) {
        fail(invalid(error));
        return;
    }
    if (parsed.isSet(Help)) {
        m_context.console->write(helpText().toUtf8());
        finish(0);
        return;
    }
    if (!parsed.positionals().isEmpty()) {
        fail(invalid(QStringLiteral("lab takes no arguments, only options: \"%1\"").arg(parsed.positionals().first())));
        return;
    }
    if (parsed.isSet(Json) && !parsed.isSet(List)) {
        fail(invalid(QStringLiteral("--json goes with --list")));
        return;
    }
    quint16 port = LabServer::DefaultPort;
    if (parsed.isSet(Port)) {
        bool ok = false;
        const uint value = parsed.value(Port).toUInt(&ok);
        if (!ok || value > 65535) {
            fail(invalid(QStringLiteral("--port takes a number from 0 to 65535, not \"%1\"").arg(parsed.value(Port))));
            return;
        }
        port = quint16(value);
    }
    QHostAddress address(QHostAddress::LocalHost);
    if (parsed.isSet(Listen) && !parseAddress(parsed.value(Listen), &address)) {
        fail(invalid(QStringLiteral("--listen takes an IP address of this machine (127.0.0.1, ::1, 0.0.0.0), "
                                    "not \"%1\"").arg(parsed.value(Listen))));
        return;
    }
    if (parsed.isSet(List)) {
        if (port == 0) {
            fail(invalid(QStringLiteral("--list needs the port the lab listens on; 0 picks one only when it starts")));
            return;
        }
        list(parsed.isSet(Json), LabServer::originFor(address, port));
        return;
    }
    serve(address, port);
}

void LabCommand::list(bool json, const QString &origin)
{
    const LabCatalog catalog;
    QByteArray output;
    if (json) {
        output = QJsonDocument(catalog.scenariosJson(origin)).toJson(QJsonDocument::Indented);
    } else {
        QList<QStringList> rows{{QStringLiteral("ID"), QStringLiteral("DIAGNOSIS"), QStringLiteral("TITLE")}};
        for (const LabScenario &scenario : catalog.scenarios(origin)) {
            rows.append({scenario.id,
                         scenario.expectedDiagnosis.isEmpty() ? QStringLiteral("(success)") : scenario.expectedDiagnosis,
                         scenario.title});
        }
        output = TextTable::format(rows).toUtf8();
    }
    if (!m_context.console->write(output)) {
        fail(Status(Status::Code::FileError,
                    QStringLiteral("cannot write to standard output: %1").arg(m_context.console->writeError())));
        return;
    }
    finish(0);
}

void LabCommand::serve(const QHostAddress &address, quint16 port)
{
    // Before listening: the warning stands even when the address turns out not to be this machine's.
    if (!LabServer::isLoopback(address)) {
        m_context.console->warning(
                QStringLiteral("--listen %1 is not loopback: the lab hands out demo credentials and answers anyone "
                               "who can reach that address")
                        .arg(address.toString()));
    }
    m_lab = new LabServer(this);
    const Status listening = m_lab->listen(address, port);
    if (!listening.isOk()) {
        const bool inUse = m_lab->listenError() == QAbstractSocket::AddressInUseError;
        fail(Status(listening.code(),
                    listening.message()
                            + (inUse ? QStringLiteral(" (another program, or another lab, has the port: choose another "
                                                      "with --port, or --port 0 for a free one)")
                                     : QString())));
        return;
    }
    connect(m_lab, &LabServer::served, this, &LabCommand::logRequest);
    const QString line = QStringLiteral("AuthScope lab listening on %1/ (%2 lessons; Ctrl+C stops it)\n")
                                 .arg(m_lab->origin())
                                 .arg(m_lab->scenarios().size());
    if (!m_context.console->write(line.toUtf8())) {
        m_lab->close();
        fail(Status(Status::Code::FileError,
                    QStringLiteral("cannot write to standard output: %1").arg(m_context.console->writeError())));
    }
}

void LabCommand::logRequest(const QByteArray &method, const QByteArray &target, int status)
{
    // Never a header value; a key or token in the query is hidden as everywhere else.
    const QByteArray shown = target.startsWith('/') || target.contains("://")
            ? SecretParams::url(QUrl::fromEncoded(target)).text
            : target;
    m_context.console->print(method + ' ' + shown + " -> " + QByteArray::number(status) + '\n');
}

void LabCommand::cancel()
{
    if (m_lab && m_lab->isListening()) {
        m_lab->close();
        m_context.console->note(QStringLiteral("the lab stopped"));
        finish(0);
        return;
    }
    CliCommand::cancel();
}
