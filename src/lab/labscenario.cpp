#include "labscenario.h"

#include <QJsonArray>

QJsonObject LabScenario::toJson(const QString &origin) const
{
    const LabScenario bound = forOrigin(origin);
    return {
        {QStringLiteral("id"), bound.id},
        {QStringLiteral("path"), bound.path},
        {QStringLiteral("title"), bound.title},
        {QStringLiteral("lesson"), bound.lesson},
        {QStringLiteral("credentials"), bound.credentials},
        {QStringLiteral("expectedDiagnosis"), bound.expectedDiagnosis},
        {QStringLiteral("try"), QJsonArray::fromStringList(bound.tryArguments)},
        {QStringLiteral("group"), bound.group},
        {QStringLiteral("url"), QString(origin + bound.path)},
        {QStringLiteral("tourOrder"), bound.tourOrder},
    };
}

LabScenario LabScenario::forOrigin(const QString &origin) const
{
    LabScenario bound = *this;
    for (QString &argument : bound.tryArguments)
        argument.replace(QLatin1String("{origin}"), origin);
    return bound;
}
