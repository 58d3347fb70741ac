#pragma once

#include "labmodule.h"

// Bearer (RFC 6750) lessons: tokens that expire, wrong audience, insufficient scope, nbf in the
// future (clock skew), Token instead of Bearer.
class BearerLab : public LabModule
{
public:
    BearerLab();
    ~BearerLab() override;
    QList<LabScenario> scenarios() const override;
    bool respond(const LabRequest &request, LabResponse *response) override;
};
