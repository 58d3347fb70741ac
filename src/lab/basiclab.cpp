#include "basiclab.h"

// Placeholder until the lessons are written.
BasicLab::BasicLab() = default;
BasicLab::~BasicLab() = default;

QList<LabScenario> BasicLab::scenarios() const
{
    return {};
}

bool BasicLab::respond(const LabRequest &request, LabResponse *response)
{
    Q_UNUSED(request)
    Q_UNUSED(response)
    return false;
}
