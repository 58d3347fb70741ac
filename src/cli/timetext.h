#pragma once

#include <QDateTime>
#include <QString>

// How the CLI words a moment: local time with how far it is from now ("2026-12-05 11:52:10 (in
// 4 min 10 s)", "... (3 s ago)"), for token expiries, device codes and JWT times.
namespace TimeText {

// "in 4 min 10 s" or "3 s ago" ("now" within a second); at most two units (d, h, min, s).
QString relative(const QDateTime &when, const QDateTime &now = QDateTime::currentDateTimeUtc());
// "yyyy-MM-dd HH:mm:ss (relative)" in local time; "unknown" for an invalid time.
QString localAndRelative(const QDateTime &when, const QDateTime &now = QDateTime::currentDateTimeUtc());

} // namespace TimeText
