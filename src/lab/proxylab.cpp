#include "proxylab.h"

#include "labcatalog.h"

// Placeholder until the lessons are written.
ProxyLab::ProxyLab(LabCatalog *catalog) : m_catalog(catalog) {}
ProxyLab::~ProxyLab() = default;

QList<LabScenario> ProxyLab::scenarios() const
{
    return {};
}

bool ProxyLab::respond(const LabRequest &request, LabResponse *response)
{
    Q_UNUSED(request)
    Q_UNUSED(response)
    return false;
}
