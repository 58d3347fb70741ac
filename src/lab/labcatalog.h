#pragma once

#include "labmodule.h"

#include <QJsonArray>

#include <memory>
#include <vector>

// Every lesson of the lab and who answers it: builds the modules (proxy first: it sees the
// absolute-form requests before anyone else), routes a request to the module that owns its path,
// and serves the index ("/": the scenarios with their lessons and links, "/scenarios.json": the same
// as `lab --list --json`). Unknown paths get 404 with a pointer to the index.
class LabCatalog
{
public:
    LabCatalog();
    ~LabCatalog();
    LabCatalog(const LabCatalog &) = delete;
    LabCatalog &operator=(const LabCatalog &) = delete;

    // In the modules' order; "{origin}" left in tryArguments.
    QList<LabScenario> scenarios() const;
    // The same with "{origin}" replaced ("http://127.0.0.1:8642", no trailing slash).
    QList<LabScenario> scenarios(const QString &origin) const;
    // The tour's scenarios, by tourOrder.
    QList<LabScenario> tour(const QString &origin) const;
    // [LabScenario::toJson(origin), ...]: "/scenarios.json" and `lab --list --json`.
    QJsonArray scenariosJson(const QString &origin) const;
    // An empty scenario (id empty) when unknown.
    LabScenario scenario(const QString &id) const;

    // The answer to one request. origin is the lab's own ("http://127.0.0.1:8642"), for links.
    LabResponse dispatch(const LabRequest &request, const QString &origin);

private:
    LabResponse index(const LabRequest &request, const QString &origin) const;
    QString indexPage(const QString &origin) const;
    std::vector<std::unique_ptr<LabModule>> m_modules;
};
