#pragma once

#include "labmodule.h"

// API key lessons: a key in a header and in the query, a revoked key, a key for the wrong environment.
class ApiKeyLab : public LabModule
{
public:
    ApiKeyLab();
    ~ApiKeyLab() override;
    QList<LabScenario> scenarios() const override;
    bool respond(const LabRequest &request, LabResponse *response) override;
};
