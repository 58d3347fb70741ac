#pragma once

#include "clicommand.h"
#include "credentials/credentialrecord.h"

#include <QList>
#include <QPointer>

#include <optional>

class CredentialStoreJob;
class Status;

// What the actions of "authscope-cli credentials" (add, list, show, delete) share: failing with a
// status, naming a record by its id or a unique prefix of it, the short ids they print, the words
// a record is shown with, and stopping while the keychain is silent. CredentialsCommand parses
// the options, hands each action its own and starts it with the positional arguments after the
// action's name; the store (m_context.credentials) is never null here.
class CredentialsSubcommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;

    // Stops waiting for the keychain (the job's answer is ignored) and finishes with exit
    // status 130.
    void cancel() override;

    // The shortest prefix of each id, at least 8 characters, that no other id starts with.
    static QString shortId(const QString &id, const QList<CredentialRecord> &all);

protected:
    static Status invalid(const QString &message);
    // " (see authscope-cli credentials list)", after a message about a missing or unknown id.
    static QString listHint();
    // The origin, marked "(proxy)" for a proxy's.
    static QString originText(const CredentialRecord &record);
    // A stored value for the text listings: escaped (a realm came from a server, see
    // DisplayText), "-" when empty.
    static QString orDash(const QString &text);
    // When last used in local time, "refused DATE" or "never".
    static QString lastUsedText(const CredentialRecord &record, const QString &format);
    // "alice for server basic realm "x" at http://h:80", the words the send prompt uses, escaped.
    static QString describe(const CredentialRecord &record);

    // The record an id or unique id prefix names; otherwise reports why (exit 2 or 12) and
    // finishes.
    std::optional<CredentialRecord> resolve(const QString &idOrPrefix);
    void failWith(const CredentialStoreJob *job);
    // cancel() found m_job still running; called before the "cancelled" line.
    virtual void keychainWaitCancelled() {}

    QPointer<CredentialStoreJob> m_job; // the store job running, if any
};
