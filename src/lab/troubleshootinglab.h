#pragma once

#include "labdigestserver.h"
#include "labmodule.h"

#include <QHash>

// Lessons from trainers' troubleshooting checklists: two challenges at once, a challenge with parse
// errors, realm mismatch, 401 without WWW-Authenticate, lockout (429), 403 after authentication, an
// IP allowlist, a soft 401 (200 with an error body), case-sensitive user names, credentials held
// back at another origin. Paths under /troubleshoot/.
class TroubleshootingLab : public LabModule
{
public:
    TroubleshootingLab();
    ~TroubleshootingLab() override;
    QList<LabScenario> scenarios() const override;
    bool respond(const LabRequest &request, LabResponse *response) override;

private:
    // Basic or Digest, whichever the client chose of the challenges offered together.
    LabResponse twoChallenges(const LabRequest &request, const QString &lesson);
    LabResponse lockout(const LabRequest &request);
    // Failed attempts and the lock, per user and per lockout path (?after=N).
    struct Lock
    {
        int failures = 0;
        qint64 lockedUntilMs = 0;
    };
    QHash<QString, Lock> m_locks;
    LabDigestServer m_digest;
};
