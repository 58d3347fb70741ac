#include "troubleshootinglab.h"

// Placeholder until the lessons are written.
TroubleshootingLab::TroubleshootingLab() = default;
TroubleshootingLab::~TroubleshootingLab() = default;

QList<LabScenario> TroubleshootingLab::scenarios() const
{
    return {};
}

bool TroubleshootingLab::respond(const LabRequest &request, LabResponse *response)
{
    Q_UNUSED(request)
    Q_UNUSED(response)
    return false;
}
