#include "digestlab.h"

// Placeholder until the lessons are written.
DigestLab::DigestLab() = default;
DigestLab::~DigestLab() = default;

QList<LabScenario> DigestLab::scenarios() const
{
    return {};
}

bool DigestLab::respond(const LabRequest &request, LabResponse *response)
{
    Q_UNUSED(request)
    Q_UNUSED(response)
    return false;
}
