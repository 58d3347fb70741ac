#include "credentialslistcommand.h"

#include "console.h"
#include "core/status.h"
#include "credentials/credentialstore.h"
#include "texttable.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

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

} // namespace

CredentialsListCommand::CredentialsListCommand(const CliContext &context, bool json, QObject *parent)
    : CredentialsSubcommand(context, parent)
    , m_json(json)
{
}

void CredentialsListCommand::start(const QStringList &arguments)
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
    if (m_json) {
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
        output = TextTable::format(rows).toUtf8();
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
