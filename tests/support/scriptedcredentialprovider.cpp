#include "scriptedcredentialprovider.h"

namespace {

class ScriptedJob : public CredentialJob
{
public:
    ScriptedJob(const CredentialRequest &request, QObject *parent, bool have,
                ScriptedCredentialProvider::Answer answer)
        : CredentialJob(request, parent), m_have(have), m_answer(std::move(answer)) {}

protected:
    void run() override
    {
        if (!m_have) {
            finishWithout(QStringLiteral("cancelled by the user"));
            return;
        }
        setRememberRequested(m_answer.remember);
        finishWith(m_answer.credential);
    }

private:
    bool m_have;
    ScriptedCredentialProvider::Answer m_answer;
};

} // namespace

CredentialJob *ScriptedCredentialProvider::createJob(const CredentialRequest &request, QObject *parent)
{
    asked.append(request);
    const bool have = !answers.isEmpty();
    return new ScriptedJob(request, parent, have, have ? answers.takeFirst() : Answer());
}
