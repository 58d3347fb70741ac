#pragma once

#include "labrequest.h"

#include <QLatin1String>
#include <QString>

namespace LabLessonPath {

// The lesson a request's path names below a module's prefix: "/basic/wrong-password/" below
// "/basic/" is "wrong-password"; null when the path is not below the prefix. Each lesson is a
// directory of its own (its scenario path ends in '/'): a client may send credentials that worked
// at /basic/right-password/ up front anywhere below it (RFC 7617 §2.2), never at a sibling lesson.
inline QString of(const LabRequest &request, QLatin1String prefix)
{
    const QString path = request.path();
    if (!path.startsWith(prefix))
        return QString();
    QString lesson = path.mid(prefix.size());
    if (lesson.endsWith(u'/'))
        lesson.chop(1);
    return lesson;
}

} // namespace LabLessonPath
