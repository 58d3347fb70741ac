#pragma once

#include "credentialssubcommand.h"

// "authscope-cli credentials show [--reveal] ID": one record's details. The secret is read from
// the keychain (not marking the record used) to confirm it is there, and printed only with
// --reveal. Exit status: 0, 2 bad or ambiguous id, 9 stdout could not be written, 11 keychain
// unusable, 12 no such credential or its secret is gone from the keychain.
class CredentialsShowCommand : public CredentialsSubcommand
{
    Q_OBJECT
public:
    CredentialsShowCommand(const CliContext &context, bool reveal, QObject *parent = nullptr);

    void start(const QStringList &arguments) override;

private:
    bool m_reveal;
};
