#include "promptjob.h"

PromptJob::PromptJob(const QString &prompt, Echo echo, QObject *parent)
    : QObject(parent), m_prompt(prompt), m_echo(echo)
{
}

QByteArray PromptJob::takeAnswer()
{
    m_hasAnswer = false;
    return std::exchange(m_answer, QByteArray());
}

void PromptJob::finishWith(const QByteArray &line)
{
    m_answer = line;
    m_hasAnswer = true;
    emit finished();
}

void PromptJob::finishWithError(const QString &error)
{
    m_error = error;
    emit finished();
}
