#include "scriptedtokenprovider.h"

ScriptedTokenJob::ScriptedTokenJob(const TokenQuestion &question, LegChannel *channel, QObject *parent,
                                   ScriptedTokenProvider::Script script)
    : TokenJob(question, channel, parent), m_script(std::move(script))
{
}

void ScriptedTokenJob::run()
{
    if (m_script)
        m_script(this);
    else
        refuse(Status(Status::Code::AuthenticationFailed, NoteCode::SignInRequired,
                      QStringLiteral("no script for this question")));
}

TokenJob *ScriptedTokenProvider::createJob(const TokenQuestion &question, LegChannel *channel, QObject *parent)
{
    asked.append(question);
    return new ScriptedTokenJob(question, channel, parent, m_scripts.value(int(question.purpose)));
}
