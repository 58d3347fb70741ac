#pragma once

#include "core/status.h"

#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QGuiApplication>
#include <QIcon>
#include <QPalette>
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
    // crimson, so the two are never mistaken for each other. As text, it keeps 4.5:1 against the
    // palette's Base and Window (lightened on a dark palette, darkened on a light one); as a fill,
    // write on it with textOn().
    static QColor statusColor(int statusCode, const QPalette &palette = QGuiApplication::palette());
    // What 401, 403 and 407 mean for the user ("credentials needed or rejected"); empty for
    // every other status.
    static QString statusMeaning(int statusCode);
    // A padlock for 401/407, a no-entry sign for 403, a null icon otherwise.
    static QIcon statusIcon(int statusCode);
    // A short title for an outcome without a response ("Connection refused"), for chips and tables.
    static QString statusTitle(Status::Code code);
    // The system's fixed-pitch font, used for header names/values and bodies, at fontScale().
    static QFont monospaceFont();
    // View > Zoom's factor (1.0 = the system's size), set by WindowZoom.
    static qreal fontScale();
    static void setFontScale(qreal scale);
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
    // Text that matters less (fields added by Qt's HTTP stack, hints): between Text and Base,
    // as far towards Base as keeps 4.5:1 contrast (WCAG 2.x AA) on Base and Window.
    static QColor secondaryTextColor(const QPalette &palette = QGuiApplication::palette());
    // Red text of transport errors and failures; 4.5:1 on the palette's Base and Window.
    static QColor dangerColor(const QPalette &palette = QGuiApplication::palette());
    // The red fill of the insecure banner, written on in white whatever the palette.
    static QColor dangerFillColor();
    // Amber text of warnings that are not errors (a rejected attempt, a plain-http connection).
    static QColor warningColor(const QPalette &palette = QGuiApplication::palette());
    // The palette with PlaceholderText made readable (secondaryTextColor): Qt's own is about
    // 2:1 on Base in the Fusion palettes, and AuthScope writes hints in it.
    static QPalette readablePalette(QPalette palette);

    // WCAG 2.x contrast ratio of two opaque colours, 1 to 21.
    static double contrastRatio(const QColor &a, const QColor &b);
    // color itself when it has minimum contrast on every background, otherwise the same hue
    // darkened (light backgrounds) or lightened (dark ones) until it does.
    static QColor readableOn(const QColor &color, const QList<QColor> &backgrounds, double minimum = 4.5);
    // Black or white, whichever reads better on a fill of that colour (a status chip).
    static QColor textOn(const QColor &fill);
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
