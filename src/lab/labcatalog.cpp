#include "labcatalog.h"

#include "apikeylab.h"
#include "basiclab.h"
#include "bearerlab.h"
#include "digestlab.h"
#include "oauthlab.h"
#include "proxylab.h"
#include "sessionlab.h"
#include "troubleshootinglab.h"

#include <algorithm>

LabCatalog::LabCatalog()
{
    m_modules.push_back(std::make_unique<ProxyLab>(this));
    m_modules.push_back(std::make_unique<BasicLab>());
    m_modules.push_back(std::make_unique<DigestLab>());
    m_modules.push_back(std::make_unique<BearerLab>());
    m_modules.push_back(std::make_unique<OAuthLab>());
    m_modules.push_back(std::make_unique<ApiKeyLab>());
    m_modules.push_back(std::make_unique<SessionLab>());
    m_modules.push_back(std::make_unique<TroubleshootingLab>());
}

LabCatalog::~LabCatalog() = default;

QList<LabScenario> LabCatalog::scenarios() const
{
    QList<LabScenario> all;
    for (const auto &module : m_modules)
        all += module->scenarios();
    return all;
}

QList<LabScenario> LabCatalog::scenarios(const QString &origin) const
{
    QList<LabScenario> all = scenarios();
    for (LabScenario &scenario : all)
        scenario = scenario.forOrigin(origin);
    return all;
}

QList<LabScenario> LabCatalog::tour(const QString &origin) const
{
    QList<LabScenario> tour;
    for (const LabScenario &scenario : scenarios(origin)) {
        if (scenario.tourOrder >= 0)
            tour.append(scenario);
    }
    std::stable_sort(tour.begin(), tour.end(),
                     [](const LabScenario &a, const LabScenario &b) { return a.tourOrder < b.tourOrder; });
    return tour;
}

LabScenario LabCatalog::scenario(const QString &id) const
{
    for (const LabScenario &scenario : scenarios()) {
        if (scenario.id == id)
            return scenario;
    }
    return {};
}

LabResponse LabCatalog::dispatch(const LabRequest &request, const QString &origin)
{
    LabResponse response;
    for (const auto &module : m_modules) {
        if (module->respond(request, &response))
            return response;
    }
    return index(request, origin);
}

LabResponse LabCatalog::index(const LabRequest &request, const QString &origin) const
{
    // Placeholder: the index page and /scenarios.json come with the server.
    Q_UNUSED(origin)
    if (request.path() == QLatin1String("/"))
        return LabResponse::text(200, QStringLiteral("AuthScope lab\n"));
    return LabResponse::text(404, QStringLiteral("No lesson at %1; the lessons are listed at /\n").arg(request.path()));
}
