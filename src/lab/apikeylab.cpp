#include "apikeylab.h"

// Placeholder until the lessons are written.
ApiKeyLab::ApiKeyLab() = default;
ApiKeyLab::~ApiKeyLab() = default;

QList<LabScenario> ApiKeyLab::scenarios() const
{
    return {};
}

bool ApiKeyLab::respond(const LabRequest &request, LabResponse *response)
{
    Q_UNUSED(request)
    Q_UNUSED(response)
    return false;
}
