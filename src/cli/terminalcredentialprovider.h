#pragma once

#include "terminalcredentialjob.h"

// The CLI's CredentialProvider: every question becomes a TerminalCredentialJob on the console.
// Not owned by the session; it must outlive the exchanges that use it.
class TerminalCredentialProvider : public CredentialProvider
{
public:
    // console is not owned and must outlive the provider.
    TerminalCredentialProvider(Console *console, const TerminalCredentialJob::Settings &settings);

    CredentialJob *createJob(const CredentialRequest &request, QObject *parent) override;

private:
    Console *m_console;
    TerminalCredentialJob::Settings m_settings;
};
