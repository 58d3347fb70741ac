#pragma once

#include "actioncommand.h"

#include <QList>

// "authscope-cli credentials add|list|show|delete": the credentials the GUI and "send" stored, in
// the store main() hands in (CliContext::credentials). ActionCommand parses the options, checks that
// each belongs to the action given, and runs that action's command (CredentialsAddCommand,
// CredentialsListCommand, CredentialsShowCommand, CredentialsDeleteCommand), finishing with its
// exit status. A record is named by its id or a unique prefix of it (at least 4 characters).
// Exit status: 0, 2 bad input, ambiguous id or (add) a credential already stored, 9 the index
// file could not be written, 11 keychain unusable, 12 no such credential (or its secret is gone
// from the keychain), 130 Ctrl-C while asking or while the keychain had not answered.
class CredentialsCommand : public ActionCommand
{
    Q_OBJECT
public:
    enum Option { Json, Reveal, All, Url, Kind, User, Realm, Scheme, Proxy, Label, SecretStdin, Replace, Help };

    explicit CredentialsCommand(const CliContext &context, QObject *parent = nullptr);

    // The text of "credentials --help" without the exit codes (CliApplication adds those).
    static QString helpText();
    static QList<OptionSpec> optionTable();
    static ArgumentParser parser();

protected:
    ArgumentParser optionParser() const override { return parser(); }
    QString commandHelp() const override { return helpText(); }
    CliCommand *createAction(const QString &action, const ArgumentParser &parsed) override;
};
