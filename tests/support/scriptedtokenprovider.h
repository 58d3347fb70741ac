#pragma once

#include "engine/tokenprovider.h"

#include <QHash>
#include <QList>

#include <functional>

class ScriptedTokenJob;

// An OAuth token provider for the engine's tests, scripted per purpose: a script answers from
// memory (a token the test chose, no leg) or sends real legs through the asking exchange's
// channel (ScriptedTokenJob::channel()), e.g. a grant against the real oidc-provider, and ends
// the job with answer() or refuse(). Jobs run from the event loop, as TokenBroker's do. Every
// question asked is recorded. A purpose without a script is refused (sign-in-required).
class ScriptedTokenProvider : public TokenProvider
{
public:
    using Script = std::function<void(ScriptedTokenJob *job)>;

    void setScript(TokenQuestion::Purpose purpose, Script script) { m_scripts.insert(int(purpose), std::move(script)); }
    QList<TokenQuestion> asked;

    TokenJob *createJob(const TokenQuestion &question, LegChannel *channel, QObject *parent) override;

private:
    QHash<int, Script> m_scripts;
};

class ScriptedTokenJob : public TokenJob
{
    Q_OBJECT
public:
    ScriptedTokenJob(const TokenQuestion &question, LegChannel *channel, QObject *parent,
                     ScriptedTokenProvider::Script script);

    LegChannel *legChannel() const { return channel(); }
    void answer(const QByteArray &token, NoteCode origin, const QDateTime &expiresAt = QDateTime())
    {
        finishWith(token, origin, expiresAt);
    }
    void refuse(const Status &status) { finishWithout(status); }
    void remark(NoteCode code, const QString &text) { addNote(code, text); }

protected:
    void run() override;

private:
    ScriptedTokenProvider::Script m_script;
};
