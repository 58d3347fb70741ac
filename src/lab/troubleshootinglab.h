#pragma once

#include "labmodule.h"

// Lessons from trainers' troubleshooting checklists: two challenges at once, a challenge with parse
// errors, realm mismatch, 401 without WWW-Authenticate, lockout (429), 403 after authentication, an
// IP allowlist, a soft 401 (200 with an error body), case-sensitive user names.
class TroubleshootingLab : public LabModule
{
public:
    TroubleshootingLab();
    ~TroubleshootingLab() override;
    QList<LabScenario> scenarios() const override;
    bool respond(const LabRequest &request, LabResponse *response) override;
};
