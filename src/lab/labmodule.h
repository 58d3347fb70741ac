#pragma once

#include "labrequest.h"
#include "labresponse.h"
#include "labscenario.h"

#include <QList>

// A family of lessons (Basic, Digest, ...): the scenarios it lists and the answers for their paths.
// A module keeps the state its lessons need (nonces, lockout counters, sessions, tokens) for the
// life of its LabServer; nothing is written to disk and nothing leaves the process.
class LabModule
{
public:
    virtual ~LabModule() = default;
    virtual QList<LabScenario> scenarios() const = 0;
    // Answers a request for one of the module's paths and returns true; false: not the module's.
    // request.viaProxy requests are offered to every module too (the proxy module answers them).
    virtual bool respond(const LabRequest &request, LabResponse *response) = 0;
};
