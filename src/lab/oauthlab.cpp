#include "oauthlab.h"

// Placeholder until the lessons are written.
OAuthLab::OAuthLab() = default;
OAuthLab::~OAuthLab() = default;

QList<LabScenario> OAuthLab::scenarios() const
{
    return {};
}

bool OAuthLab::respond(const LabRequest &request, LabResponse *response)
{
    Q_UNUSED(request)
    Q_UNUSED(response)
    return false;
}
