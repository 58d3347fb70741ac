#pragma once

#include "core/status.h"

#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QIcon>
#include <QString>
#include <QUrl>

class QFrame;
class QLabel;
class QPushButton;
class QTableView;
class QWidget;

// Shared presentation rules, so the status line, the leg list and the leg details agree on
// how a duration reads and which colour a status class has.
class UiFormat
{
public:
    // "850 µs", "123 ms", "2.41 s"; "—" for a negative (unknown) duration.
    static QString duration(qint64 ns);
    // A countdown: "0:42", "4:05", "1:02:03"; "0:00" for a negative number of seconds.
    static QString countdown(qint64 seconds);
    // A length of time in words: "42 s", "4 min 5 s", "3 h 2 min", "2 d 1 h" (sign ignored).
    static QString timeSpan(qint64 seconds);
    // at relative to now, in words: "in 4 min 5 s", "3 h 2 min ago", "now".
    static QString relativeTime(const QDateTime &at, const QDateTime &now);
    // at in the local time zone, with the date when it is not today: "14:02:09", "5 Dec 2026 14:02:09".
    static QString localTime(const QDateTime &at);
    // Green for 2xx, blue for 3xx, amber for 4xx, red for 5xx and transport errors, grey for 1xx
    // and for no status yet. 401 and 407 (credentials can help) are violet, 403 (they cannot) is
    // crimson, so the two are never mistaken for each other. Readable on a light background.
    static QColor statusColor(int statusCode);
    // What 401, 403 and 407 mean for the user ("credentials needed or rejected"); empty for
    // every other status.
    static QString statusMeaning(int statusCode);
    // A padlock for 401/407, a no-entry sign for 403, a null icon otherwise.
    static QIcon statusIcon(int statusCode);
    // A short title for an outcome without a response ("Connection refused"), for chips and tables.
    static QString statusTitle(Status::Code code);
    // The system's fixed-pitch font, used for header names/values and bodies.
    static QFont monospaceFont();
    // A framed strip for a message (a failure, a note) in fixed colours whatever the style's
    // palette, with dark text; its buttons keep the platform look.
    static QFrame *messageStrip(const QString &name, const QColor &background, const QColor &border, QWidget *parent);
    // A push button of a window's button row: never the default (Enter in a search field must
    // not press Delete).
    static QPushButton *actionButton(const QString &text, const QString &name, QWidget *parent);
    // The look of a table of records (credentials, OAuth profiles): whole rows selected one at a
    // time, read-only, alternating rows, no grid or row numbers, headers aligned left.
    static void setUpRecordTable(QTableView *table);
    // A bold label that heads a group of fields or a list.
    static QLabel *sectionTitle(const QString &text, QWidget *parent);
    // The colour of field text that AuthScope did not choose (added by Qt's HTTP stack).
    static QColor secondaryTextColor();
    // Red of the insecure banner and of transport errors.
    static QColor dangerColor();
    // Amber of warnings that are not errors (a rejected attempt, a plain-http connection).
    static QColor warningColor();
    // What a hidden secret reads as ("••••").
    static QString secretMask();
    // A URL for display; unless reveal, secret query values (an API key, a token) are masked.
    static QString displayUrl(const QUrl &url, bool reveal = false);
    // Text for a tooltip that Qt shows as plain text even when it holds something that looks like
    // a tag (a server's realm "<img src=...>"): Qt guesses a tooltip's format from its text.
    // Escape server text with DisplayText first; this only stops the guess.
    static QString plainToolTip(const QString &text);
    // An eye (open when revealed is false: "press to show"; struck through when revealed).
    static QIcon revealIcon(bool revealed);
};
