#include "sessionlab.h"

// Placeholder until the lessons are written.
SessionLab::SessionLab() = default;
SessionLab::~SessionLab() = default;

QList<LabScenario> SessionLab::scenarios() const
{
    return {};
}

bool SessionLab::respond(const LabRequest &request, LabResponse *response)
{
    Q_UNUSED(request)
    Q_UNUSED(response)
    return false;
}
