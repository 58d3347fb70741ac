#include "terminalcredentialprovider.h"

TerminalCredentialProvider::TerminalCredentialProvider(Console *console, const TerminalCredentialJob::Settings &settings)
    : m_console(console), m_settings(settings)
{
}

CredentialJob *TerminalCredentialProvider::createJob(const CredentialRequest &request, QObject *parent)
{
    return new TerminalCredentialJob(request, m_console, m_settings, parent);
}
