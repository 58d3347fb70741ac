#pragma once

#include "labmodule.h"

// Basic (RFC 7617) lessons: no credentials, right and wrong password, a UTF-8 password, an
// Authorization the server cannot read. Paths under /basic/.
class BasicLab : public LabModule
{
public:
    BasicLab();
    ~BasicLab() override;
    QList<LabScenario> scenarios() const override;
    bool respond(const LabRequest &request, LabResponse *response) override;
};
