#include "timetext.h"

#include <QStringList>

#include <cstdlib>

QString TimeText::relative(const QDateTime &when, const QDateTime &now)
{
    const qint64 seconds = now.secsTo(when);
    qint64 left = std::llabs(seconds);
    if (left < 1)
        return QStringLiteral("now");
    static const struct { qint64 size; const char *unit; } units[] = {
        {86400, "d"}, {3600, "h"}, {60, "min"}, {1, "s"}};
    QStringList parts;
    for (const auto &unit : units) {
        if (left >= unit.size && parts.size() < 2) {
            parts.append(QStringLiteral("%1 %2").arg(left / unit.size).arg(QLatin1String(unit.unit)));
            left %= unit.size;
        } else if (!parts.isEmpty()) {
            break; // "1 h 5 s" would read oddly: two neighbouring units at most
        }
    }
    const QString span = parts.join(u' ');
    return seconds > 0 ? QStringLiteral("in %1").arg(span) : QStringLiteral("%1 ago").arg(span);
}

QString TimeText::localAndRelative(const QDateTime &when, const QDateTime &now)
{
    if (!when.isValid())
        return QStringLiteral("unknown");
    return QStringLiteral("%1 (%2)").arg(when.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                                         relative(when, now));
}
