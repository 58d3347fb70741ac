#pragma once

#include "labmodule.h"

// Session cookie lessons: a form login whose session times out, a Secure cookie a client rightly
// never returns over plain http.
class SessionLab : public LabModule
{
public:
    SessionLab();
    ~SessionLab() override;
    QList<LabScenario> scenarios() const override;
    bool respond(const LabRequest &request, LabResponse *response) override;
};
