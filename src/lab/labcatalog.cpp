#include "labcatalog.h"

#include "apikeylab.h"
#include "basiclab.h"
#include "bearerlab.h"
#include "digestlab.h"
#include "oauthlab.h"
#include "proxylab.h"
#include "sessionlab.h"
#include "troubleshootinglab.h"

#include <QJsonDocument>

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

QJsonArray LabCatalog::scenariosJson(const QString &origin) const
{
    QJsonArray array;
    for (const LabScenario &scenario : scenarios())
        array.append(scenario.toJson(origin));
    return array;
}

LabResponse LabCatalog::index(const LabRequest &request, const QString &origin) const
{
    const QString path = request.path();
    if (path == QLatin1String("/"))
        return LabResponse::html(200, indexPage(origin));
    if (path == QLatin1String("/scenarios.json")) {
        LabResponse response;
        response.body = QJsonDocument(scenariosJson(origin)).toJson(QJsonDocument::Indented);
        response.setHeader("Content-Type", "application/json");
        return response;
    }
    return LabResponse::text(404, QStringLiteral("No lesson at %1; the lessons are listed at %2/\n")
                                          .arg(path, origin));
}

QString LabCatalog::indexPage(const QString &origin) const
{
    // Everything a lesson says is escaped: the page is built from text, never trusted as markup.
    auto escaped = [](const QString &text) { return text.toHtmlEscaped(); };
    QString page = QStringLiteral(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"color-scheme\" content=\"light dark\">\n"
            "<title>AuthScope lab</title>\n"
            "<style>body{font-family:sans-serif;max-width:60em;margin:1em auto;padding:0 1em;line-height:1.4}"
            "dt{font-weight:bold;margin-top:1em}code{background:rgba(127,127,127,.15);padding:0 .2em}</style>\n"
            "</head>\n<body>\n<h1>AuthScope lab</h1>\n"
            "<p>Every lesson is a path on this server. Send a request to it with AuthScope (the window's Lab "
            "menu, or <code>authscope-cli send</code> with the arguments shown) and read the diagnosis. "
            "The credentials are demo values. The same list as JSON: "
            "<a href=\"%1/scenarios.json\">/scenarios.json</a>.</p>\n")
            .arg(escaped(origin));
    QStringList groups;
    const QList<LabScenario> all = scenarios(origin);
    for (const LabScenario &scenario : all) {
        if (!groups.contains(scenario.group))
            groups.append(scenario.group);
    }
    for (const QString &group : std::as_const(groups)) {
        page += QStringLiteral("<h2>%1</h2>\n<dl>\n").arg(escaped(group));
        for (const LabScenario &scenario : all) {
            if (scenario.group != group)
                continue;
            const QString url = origin + scenario.path;
            page += QStringLiteral("<dt id=\"%1\"><a href=\"%2\">%3</a></dt>\n<dd><p>%4</p>\n")
                            .arg(escaped(scenario.id), escaped(url), escaped(scenario.title), escaped(scenario.lesson));
            if (!scenario.credentials.isEmpty())
                page += QStringLiteral("<p>Credentials: <code>%1</code></p>\n").arg(escaped(scenario.credentials));
            QStringList command{QStringLiteral("authscope-cli send")};
            for (const QString &argument : scenario.tryArguments)
                command.append(argument.contains(u' ') || argument.isEmpty() ? u'\'' + argument + u'\'' : argument);
            command.append(url);
            page += QStringLiteral("<p>Try: <code>%1</code> (diagnosis: <code>%2</code>)</p></dd>\n")
                            .arg(escaped(command.join(u' ')),
                                 escaped(scenario.expectedDiagnosis.isEmpty() ? QStringLiteral("none, success")
                                                                              : scenario.expectedDiagnosis));
        }
        page += QStringLiteral("</dl>\n");
    }
    if (all.isEmpty())
        page += QStringLiteral("<p>No lessons yet.</p>\n");
    return page + QStringLiteral("</body>\n</html>\n");
}
