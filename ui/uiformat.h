#pragma once

#include "core/status.h"

#include <QColor>
#include <QFont>
#include <QString>

// Shared presentation rules, so the status line, the leg list and the leg details agree on
// how a duration reads and which colour a status class has.
class UiFormat
{
public:
    // "850 µs", "123 ms", "2.41 s"; "—" for a negative (unknown) duration.
    static QString duration(qint64 ns);
    // Green for 2xx, blue for 3xx, amber for 4xx, red for 5xx and transport errors, grey for 1xx
    // and for no status yet. Readable on a light background.
    static QColor statusColor(int statusCode);
    // A short title for an outcome without a response ("Connection refused"), for chips and tables.
    static QString statusTitle(Status::Code code);
    // The system's fixed-pitch font, used for header names/values and bodies.
    static QFont monospaceFont();
    // The colour of field text that AuthScope did not choose (added by Qt's HTTP stack).
    static QColor secondaryTextColor();
    // Red of the insecure banner and of transport errors.
    static QColor dangerColor();
};
