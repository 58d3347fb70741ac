#pragma once

#include "labdigestserver.h"
#include "labmodule.h"

// Digest (RFC 7616) lessons: each algorithm, qop auth and auth-int, userhash, a nonce that goes
// stale, RFC 2069 without qop. Paths under /digest/; the server side is LabDigestServer.
class DigestLab : public LabModule
{
public:
    DigestLab();
    ~DigestLab() override;
    QList<LabScenario> scenarios() const override;
    bool respond(const LabRequest &request, LabResponse *response) override;

private:
    LabDigestServer m_server;
};
