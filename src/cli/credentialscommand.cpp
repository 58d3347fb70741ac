#include "credentialscommand.h"

#include "cliapplication.h"
#include "console.h"
#include "core/status.h"
#include "credentials/credentialstore.h"
#include "credentials/forgetcredentialsjob.h"
#include "credentials/loadcredentialjob.h"
#include "credentials/removecredentialjob.h"

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
         text("list: print a JSON array on stdout instead of the table (the same fields; lastUsed in "
              "UTC, null when never used).")},
        {Reveal, QChar(), text("reveal"), QString(),
         text("show: print the secret itself on stdout.")},
        {All, QChar(), text("all"), QString(),
         text("delete: delete every stored credential.")},
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
            "       authscope-cli credentials delete ID...\n"
            "       authscope-cli credentials delete --all\n"
            "\n"
            "Lists, shows and deletes the credentials AuthScope remembers: those saved with\n"
            "send --save, or with \"Remember in keychain\" in the GUI (both use one store).\n"
            "Secrets live only in the system keychain (the Secret Service on Linux), never\n"
            "in a file. A list of what is stored, without the secrets, sits next to\n"
            "AuthScope's settings, so \"list\" works even when the keychain is locked or\n"
            "missing.\n"
            "\n"
            "  list    A table of the stored credentials: id, origin (a proxy is marked),\n"
            "          scheme, realm, user, kind, label and when last used. SEARCH keeps\n"
            "          those whose origin, realm, scheme, user or label contains it\n"
            "          (ignoring case), as the GUI's search does.\n"
            "  show    One credential's details. The secret is read from the keychain to\n"
            "          check that it is there, and printed only with --reveal.\n"
            "  delete  Deletes each ID's secret from the keychain, then its record. With\n"
            "          --all, every stored credential; nothing is asked, --all is the\n"
            "          confirmation.\n"
            "\n"
            "  ID is the id \"list\" shows, or any beginning of it that no other id shares\n"
            "  (at least 4 characters), as with git commits. When the keychain cannot be\n"
            "  used, show and delete exit 11 and say why (no Secret Service, locked,\n"
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
        fail(invalid(QStringLiteral("credentials needs an action: list, show or delete") + hint));
        return;
    }
    const QString known[] = {QStringLiteral("list"), QStringLiteral("show"), QStringLiteral("delete")};
    if (std::find(std::begin(known), std::end(known), action) == std::end(known)) {
        fail(invalid(QStringLiteral("unknown action \"%1\": use list, show or delete").arg(action) + hint));
        return;
    }
    // Each option belongs to one action; elsewhere it is a mistake worth naming.
    const QList<QPair<int, QString>> ownerOf = {
        {Json, QStringLiteral("list")}, {Reveal, QStringLiteral("show")}, {All, QStringLiteral("delete")}};
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
    if (action == u"list")
        list(positionals, parsed.isSet(Json));
    else if (action == u"show")
        show(positionals, parsed.isSet(Reveal));
    else
        remove(positionals, parsed.isSet(All));
}

void CredentialsCommand::cancel()
{
    if (m_job && !m_job->isFinished()) {
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
