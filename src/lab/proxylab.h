#pragma once

#include "labmodule.h"

class LabCatalog;

// Proxy lessons: the lab as an HTTP proxy that demands 407 (RFC 9110 §11.7.1), and a gateway in
// front of a lesson that strips the Authorization header.
class ProxyLab : public LabModule
{
public:
    // Forwards what it lets through to the catalog's modules (never to another host).
    explicit ProxyLab(LabCatalog *catalog);
    ~ProxyLab() override;
    QList<LabScenario> scenarios() const override;
    bool respond(const LabRequest &request, LabResponse *response) override;

private:
    LabCatalog *m_catalog;
};
