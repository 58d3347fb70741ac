#pragma once

#include "argumentparser.h"
#include "clicommand.h"
#include "credentials/credentialrecord.h"

#include <QList>
#include <QPointer>

#include <optional>

class CredentialStoreJob;
class PromptJob;
class Status;
class StdinReadJob;

// "authscope-cli credentials add|list|show|delete": the credentials the GUI and "send" stored, in
// the store main() hands in (CliContext::credentials). "add" stores a password, token or API key
// for a protection space, the secret asked without echo or read from stdin (never an argument);
// "list" reads only the non-secret index, so it works without a keychain; "show" reads the
// secret (not marking the record used) to confirm it is there and prints it only with --reveal;
// "delete" removes secrets one by one, or all with --all. A record is named by its id or a
// unique prefix of it (at least 4 characters).
// Exit status: 0, 2 bad input, ambiguous id or (add) a credential already stored, 9 the index
// file could not be written, 11 keychain unusable, 12 no such credential (or its secret is gone
// from the keychain), 130 Ctrl-C while asking or while the keychain had not answered.
class CredentialsCommand : public CliCommand
{
    Q_OBJECT
public:
    enum Option { Json, Reveal, All, Url, Kind, User, Realm, Scheme, Proxy, Label, SecretStdin, Replace, Help };

    explicit CredentialsCommand(const CliContext &context, QObject *parent = nullptr);

    void start(const QStringList &arguments) override;
    // Stops waiting for the keychain (the job's answer is ignored; what was already deleted is
    // reported) and finishes with exit status 130.
    void cancel() override;

    // The text of "credentials --help" without the exit codes (CliApplication adds those).
    static QString helpText();
    static QList<OptionSpec> optionTable();
    static ArgumentParser parser();
    // The shortest prefix of each id, at least 8 characters, that no other id starts with.
    static QString shortId(const QString &id, const QList<CredentialRecord> &all);

private:
    // add: checks the options and what is stored, then gets the secret and saves it.
    void add(const ArgumentParser &parsed, const QStringList &arguments);
    void askSecret();
    void readSecretFromStdin();
    void onSecret(QByteArray secret);
    void list(const QStringList &arguments, bool json);
    void show(const QStringList &arguments, bool reveal);
    void remove(const QStringList &arguments, bool all);
    void removeNext();
    void forgetAll();
    void reportForgotten();
    // Exit 0, or 9 when the "deleted" lines could not be written.
    void finishDeleting();

    // The record an id or unique id prefix names; otherwise reports why (exit 2 or 12) and finishes.
    std::optional<CredentialRecord> resolve(const QString &idOrPrefix);
    void fail(const Status &status);
    // Reports the job's failure on stderr and finishes with its exit status.
    void failWith(const CredentialStoreJob *job);
    void printDeleted(const CredentialRecord &record);

    QPointer<CredentialStoreJob> m_job;
    QPointer<PromptJob> m_prompt;           // add: asking for the secret on the terminal
    QPointer<StdinReadJob> m_stdin;         // add --secret-stdin: reading it
    CredentialRecord m_adding;              // add: the record to save (id set when replacing)
    QList<CredentialRecord> m_toDelete;     // delete: still to go, in the order given
    QList<CredentialRecord> m_beforeForget; // delete --all: the index when it started
    bool m_forgetReported = false;
};
