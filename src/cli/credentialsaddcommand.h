#pragma once

#include "argumentparser.h"
#include "credentials/credentialrecordvalidator.h"
#include "credentialssubcommand.h"

class PromptJob;

// "authscope-cli credentials add --url URL --kind KIND ...": stores a password, token or API key
// for a protection space. The options are checked (CredentialRecordValidator's rules, worded with
// the options' names) and the index asked for a record of the same space and user before the
// secret is asked without echo or read from stdin (--secret-stdin); it is never an argument.
// Exit status: 0, 2 bad input or a credential already stored (without --replace), 9 the index
// file could not be written, 11 keychain unusable, 130 Ctrl-C while asking or while the keychain
// had not answered.
class CredentialsAddCommand : public CredentialsSubcommand
{
    Q_OBJECT
public:
    // parsed: "credentials" options (CredentialsCommand::Option ids), already parsed.
    CredentialsAddCommand(const CliContext &context, const ArgumentParser &parsed, QObject *parent = nullptr);

    void start(const QStringList &arguments) override;
    // At the prompt or reading stdin: stops, gives the terminal its echo back, saves nothing.
    void cancel() override;

private:
    using Problem = CredentialRecordValidator::Problem;
    // A validator's problem in the words of this command's options.
    QString problemText(Problem problem, const CredentialRecord &record) const;
    void askSecret();
    void onSecret(QByteArray secret);

    ArgumentParser m_parsed;
    QPointer<PromptJob> m_prompt;     // asking for the secret on the terminal
    CredentialRecord m_adding;        // the record to save (id set when replacing)
};
