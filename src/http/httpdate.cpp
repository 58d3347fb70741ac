#include "httpdate.h"

#include <QLocale>

namespace {
const QString ImfFixdate = QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'");
}

QDateTime HttpDate::parse(const QByteArray &value)
{
    QDateTime date = QLocale::c().toDateTime(QString::fromLatin1(value.trimmed()), ImfFixdate);
    if (!date.isValid())
        return QDateTime();
    date.setTimeSpec(Qt::UTC);
    return date;
}

QByteArray HttpDate::format(const QDateTime &time)
{
    return QLocale::c().toString(time.toUTC(), ImfFixdate).toLatin1();
}
