#pragma once

#include "labmodule.h"

// An OAuth 2.0 authorization server (RFC 6749): client credentials, refresh with rotation and reuse
// detection, the device grant (RFC 8628), authorization code + PKCE (RFC 7636) with a consent page.
class OAuthLab : public LabModule
{
public:
    OAuthLab();
    ~OAuthLab() override;
    QList<LabScenario> scenarios() const override;
    bool respond(const LabRequest &request, LabResponse *response) override;
};
