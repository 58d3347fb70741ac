#include "bearerlab.h"

// Placeholder until the lessons are written.
BearerLab::BearerLab() = default;
BearerLab::~BearerLab() = default;

QList<LabScenario> BearerLab::scenarios() const
{
    return {};
}

bool BearerLab::respond(const LabRequest &request, LabResponse *response)
{
    Q_UNUSED(request)
    Q_UNUSED(response)
    return false;
}
