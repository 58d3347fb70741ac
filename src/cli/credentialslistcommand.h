#pragma once

#include "credentialssubcommand.h"

// "authscope-cli credentials list [--json] [SEARCH]": the stored credentials as a table, or a JSON
// array with --json. Reads only the non-secret index, so it works without a keychain. SEARCH keeps
// the records CredentialIndex::search() matches, as the GUI's search does.
// Exit status: 0, 2 more than one SEARCH, 9 stdout could not be written.
class CredentialsListCommand : public CredentialsSubcommand
{
    Q_OBJECT
public:
    CredentialsListCommand(const CliContext &context, bool json, QObject *parent = nullptr);

    void start(const QStringList &arguments) override;

private:
    bool m_json;
};
