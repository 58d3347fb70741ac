#include "uiformat.h"

#include "core/notecode.h"

#include "export/secretredactor.h"

#include <QFontDatabase>
#include <QFrame>
#include <QHeaderView>
#include <QPushButton>
#include <QTableView>
#include <QGuiApplication>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QTextDocument>
#include <QPixmap>

#include <cmath>
#include <functional>

namespace {

qreal s_fontScale = 1.0; // one window zooms; see WindowZoom

constexpr QColor CredentialsColor(0x6a, 0x1b, 0x9a); // 401, 407
constexpr QColor ForbiddenColor(0xad, 0x14, 0x57);   // 403

// Icons are drawn rather than shipped: two tiny shapes, crisp at any device pixel ratio.
QIcon drawnIcon(const std::function<void(QPainter &, qreal)> &paint)
{
    QIcon icon;
    for (int size : {16, 24, 32, 48}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        paint(painter, size);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

QIcon padlockIcon(const QColor &color)
{
    return drawnIcon([color](QPainter &p, qreal s) {
        p.setPen(QPen(color, s / 9, Qt::SolidLine, Qt::RoundCap));
        p.setBrush(Qt::NoBrush);
        const QRectF shackle(s * 0.3, s * 0.1, s * 0.4, s * 0.5);
        QPainterPath arc;
        arc.moveTo(shackle.left(), s * 0.45);
        arc.arcTo(shackle, 180, -180);
        arc.lineTo(shackle.right(), s * 0.45);
        p.drawPath(arc);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawRoundedRect(QRectF(s * 0.18, s * 0.42, s * 0.64, s * 0.5), s * 0.08, s * 0.08);
        p.setBrush(Qt::white);
        p.drawEllipse(QPointF(s * 0.5, s * 0.63), s * 0.07, s * 0.07);
    });
}

QIcon noEntryIcon(const QColor &color)
{
    return drawnIcon([color](QPainter &p, qreal s) {
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawEllipse(QRectF(s * 0.08, s * 0.08, s * 0.84, s * 0.84));
        p.setBrush(Qt::white);
        p.drawRoundedRect(QRectF(s * 0.24, s * 0.42, s * 0.52, s * 0.16), s * 0.03, s * 0.03);
    });
}

// WCAG 2.x AA for normal text.
constexpr double MinimumContrast = 4.5;

double channelLuminance(double c)
{
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

// WCAG 2.x relative luminance.
double relativeLuminance(const QColor &color)
{
    const QColor rgb = color.toRgb();
    return 0.2126 * channelLuminance(rgb.redF()) + 0.7152 * channelLuminance(rgb.greenF())
           + 0.0722 * channelLuminance(rgb.blueF());
}

QColor mixed(const QColor &from, const QColor &to, double t)
{
    return QColor::fromRgbF(float(from.redF() + (to.redF() - from.redF()) * t),
                            float(from.greenF() + (to.greenF() - from.greenF()) * t),
                            float(from.blueF() + (to.blueF() - from.blueF()) * t))
        .toRgb();
}

double minimumContrast(const QColor &color, const QList<QColor> &backgrounds)
{
    double lowest = 21.0;
    for (const QColor &background : backgrounds)
        lowest = qMin(lowest, UiFormat::contrastRatio(color, background));
    return lowest;
}

// Text sits on Base in views and on Window in labels; alternating rows use AlternateBase.
QList<QColor> textBackgrounds(const QPalette &palette)
{
    return {palette.color(QPalette::Active, QPalette::Base), palette.color(QPalette::Active, QPalette::Window),
            palette.color(QPalette::Active, QPalette::AlternateBase)};
}

} // namespace

QString UiFormat::duration(qint64 ns)
{
    if (ns < 0)
        return QStringLiteral("—");
    const QLocale c = QLocale::c();
    if (ns < 1000000)
        return QStringLiteral("%1 µs").arg(ns / 1000);
    if (ns < 10LL * 1000000000)
        return QStringLiteral("%1 ms").arg(c.toString(double(ns) / 1e6, 'f', ns < 100000000 ? 1 : 0));
    return QStringLiteral("%1 s").arg(c.toString(double(ns) / 1e9, 'f', 2));
}

QString UiFormat::countdown(qint64 seconds)
{
    seconds = qMax<qint64>(0, seconds);
    const qint64 h = seconds / 3600;
    const qint64 m = seconds / 60 % 60;
    const qint64 s = seconds % 60;
    const QLatin1Char zero('0');
    if (h > 0)
        return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, zero).arg(s, 2, 10, zero);
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, zero);
}

QString UiFormat::timeSpan(qint64 seconds)
{
    const qint64 span = qAbs(seconds);
    QString text;
    if (span < 60)
        text = QStringLiteral("%1 s").arg(span);
    else if (span < 3600)
        text = span % 60 ? QStringLiteral("%1 min %2 s").arg(span / 60).arg(span % 60) : QStringLiteral("%1 min").arg(span / 60);
    else if (span < 86400)
        text = span / 60 % 60 ? QStringLiteral("%1 h %2 min").arg(span / 3600).arg(span / 60 % 60)
                              : QStringLiteral("%1 h").arg(span / 3600);
    else
        text = QStringLiteral("%1 d %2 h").arg(span / 86400).arg(span / 3600 % 24);
    return text;
}

QString UiFormat::relativeTime(const QDateTime &at, const QDateTime &now)
{
    const qint64 delta = now.secsTo(at);
    if (delta == 0)
        return QStringLiteral("now");
    const QString text = timeSpan(delta);
    return delta > 0 ? QStringLiteral("in %1").arg(text) : QStringLiteral("%1 ago").arg(text);
}

QString UiFormat::localTime(const QDateTime &at)
{
    const QDateTime local = at.toLocalTime();
    const QString time = local.time().toString(QStringLiteral("HH:mm:ss"));
    if (local.date() == QDate::currentDate())
        return time;
    return QStringLiteral("%1 %2").arg(QLocale().toString(local.date(), QLocale::ShortFormat), time);
}

QColor UiFormat::statusColor(int statusCode, const QPalette &palette)
{
    QColor hue;
    if (statusCode == 401 || statusCode == 407)
        hue = CredentialsColor;
    else if (statusCode == 403)
        hue = ForbiddenColor;
    else if (statusCode >= 500 || statusCode < 0)
        hue = QColor(0xc6, 0x28, 0x28);
    else if (statusCode >= 400)
        hue = QColor(0xc5, 0x6a, 0x00);
    else if (statusCode >= 300)
        hue = QColor(0x15, 0x65, 0xc0);
    else if (statusCode >= 200)
        hue = QColor(0x2e, 0x7d, 0x32);
    else
        hue = QColor(0x61, 0x61, 0x61);
    return readableOn(hue, textBackgrounds(palette));
}

QString UiFormat::statusMeaning(int statusCode)
{
    return NoteCodes::shortLabel(NoteCodes::forHttpStatus(statusCode));
}

QIcon UiFormat::statusIcon(int statusCode)
{
    static const QIcon padlock = padlockIcon(CredentialsColor);
    static const QIcon noEntry = noEntryIcon(ForbiddenColor);
    if (statusCode == 401 || statusCode == 407)
        return padlock;
    if (statusCode == 403)
        return noEntry;
    return QIcon();
}

QString UiFormat::statusTitle(Status::Code code)
{
    using C = Status::Code;
    switch (code) {
    case C::Ok: return QStringLiteral("OK");
    case C::InvalidInput: return QStringLiteral("Invalid request");
    case C::FileError: return QStringLiteral("File error");
    case C::HostNotFound: return QStringLiteral("Host not found");
    case C::ConnectionRefused: return QStringLiteral("Connection refused");
    case C::ConnectionFailed: return QStringLiteral("Connection failed");
    case C::TlsError: return QStringLiteral("TLS error");
    case C::Timeout: return QStringLiteral("Timed out");
    case C::Cancelled: return QStringLiteral("Cancelled");
    case C::TooManyRedirects: return QStringLiteral("Too many redirects");
    case C::ProtocolError: return QStringLiteral("Protocol error");
    case C::ProxyError: return QStringLiteral("Proxy error");
    case C::HttpError: return QStringLiteral("HTTP error");
    case C::AuthenticationFailed: return QStringLiteral("Authentication failed");
    case C::KeychainError: return QStringLiteral("Keychain unavailable");
    case C::NotFound: return QStringLiteral("Not found");
    }
    return QString();
}

QFrame *UiFormat::messageStrip(const QString &name, const QColor &background, const QColor &border, QWidget *parent)
{
    auto *frame = new QFrame(parent);
    frame->setObjectName(name);
    // Scoped to the frame itself, so its buttons keep the platform look.
    frame->setStyleSheet(QStringLiteral("QFrame#%1 { background: %2; border: 1px solid %3; border-radius: 4px; }"
                                        "QFrame#%1 QLabel { color: #202020; }")
                             .arg(name, background.name(), border.name()));
    return frame;
}

QPushButton *UiFormat::actionButton(const QString &text, const QString &name, QWidget *parent)
{
    auto *button = new QPushButton(text, parent);
    button->setObjectName(name);
    button->setAutoDefault(false);
    return button;
}

void UiFormat::setUpRecordTable(QTableView *table)
{
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->setShowGrid(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 10);
    table->horizontalHeader()->setHighlightSections(false);
    table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
}

QLabel *UiFormat::sectionTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    return label;
}

QFont UiFormat::monospaceFont()
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setStyleHint(QFont::Monospace);
    if (font.pointSizeF() > 0 && !qFuzzyCompare(s_fontScale, 1.0))
        font.setPointSizeF(font.pointSizeF() * s_fontScale);
    return font;
}

qreal UiFormat::fontScale()
{
    return s_fontScale;
}

void UiFormat::setFontScale(qreal scale)
{
    s_fontScale = scale;
}

QColor UiFormat::secondaryTextColor(const QPalette &palette)
{
    const QColor text = palette.color(QPalette::Active, QPalette::Text);
    const QColor base = palette.color(QPalette::Active, QPalette::Base);
    const QList<QColor> backgrounds = textBackgrounds(palette);
    // Walk from Text towards Base; the last mix that still reads at 4.5:1 (with a little margin
    // for rounding to 8 bits) is as quiet as text may get.
    QColor quietest = text;
    for (int step = 1; step <= 20; ++step) {
        const QColor mix = mixed(text, base, step / 20.0);
        if (minimumContrast(mix, backgrounds) < MinimumContrast + 0.1)
            break;
        quietest = mix;
    }
    return quietest;
}

QColor UiFormat::dangerColor(const QPalette &palette)
{
    return readableOn(dangerFillColor(), textBackgrounds(palette));
}

QColor UiFormat::dangerFillColor()
{
    return QColor(0xc6, 0x28, 0x28);
}

QColor UiFormat::warningColor(const QPalette &palette)
{
    return readableOn(QColor(0xb2, 0x54, 0x00), textBackgrounds(palette));
}

QPalette UiFormat::readablePalette(QPalette palette)
{
    const QColor hint = secondaryTextColor(palette);
    palette.setColor(QPalette::Active, QPalette::PlaceholderText, hint);
    palette.setColor(QPalette::Inactive, QPalette::PlaceholderText, hint);
    return palette;
}

double UiFormat::contrastRatio(const QColor &a, const QColor &b)
{
    double la = relativeLuminance(a);
    double lb = relativeLuminance(b);
    if (la < lb)
        std::swap(la, lb);
    return (la + 0.05) / (lb + 0.05);
}

QColor UiFormat::readableOn(const QColor &color, const QList<QColor> &backgrounds, double minimum)
{
    if (minimumContrast(color, backgrounds) >= minimum)
        return color;
    double darkest = 1.0;
    for (const QColor &background : backgrounds)
        darkest = qMin(darkest, relativeLuminance(background));
    // Away from the backgrounds: towards black on light ones, towards white on dark ones.
    const QColor target = darkest > 0.18 ? QColor(Qt::black) : QColor(Qt::white);
    for (int step = 1; step <= 20; ++step) {
        const QColor mix = mixed(color, target, step / 20.0);
        if (minimumContrast(mix, backgrounds) >= minimum + 0.05)
            return mix;
    }
    return target;
}

QColor UiFormat::textOn(const QColor &fill)
{
    return contrastRatio(fill, Qt::white) >= contrastRatio(fill, Qt::black) ? QColor(Qt::white) : QColor(Qt::black);
}

QString UiFormat::plainToolTip(const QString &text)
{
    if (!Qt::mightBeRichText(text))
        return text;
    return QStringLiteral("<p style=\"white-space:pre-wrap\">%1</p>").arg(text.toHtmlEscaped());
}

QString UiFormat::secretMask()
{
    return QStringLiteral("••••");
}

QString UiFormat::displayUrl(const QUrl &url, bool reveal)
{
    if (!reveal) {
        QString redacted = SecretRedactor::redactUrl(url);
        if (redacted != url.toString(QUrl::FullyEncoded))
            return redacted.replace(SecretRedactor::marker(), secretMask());
    }
    return url.toDisplayString();
}

QIcon UiFormat::revealIcon(bool revealed)
{
    const QColor color = QGuiApplication::palette().color(QPalette::Text);
    return drawnIcon([color, revealed](QPainter &p, qreal s) {
        p.setPen(QPen(color, qMax(1.0, s / 14)));
        p.setBrush(Qt::NoBrush);
        QPainterPath eye;
        eye.moveTo(s * 0.08, s * 0.5);
        eye.quadTo(s * 0.5, s * 0.1, s * 0.92, s * 0.5);
        eye.quadTo(s * 0.5, s * 0.9, s * 0.08, s * 0.5);
        p.drawPath(eye);
        p.setBrush(color);
        p.drawEllipse(QPointF(s * 0.5, s * 0.5), s * 0.13, s * 0.13);
        if (revealed) {
            p.setPen(QPen(color, qMax(1.5, s / 10), Qt::SolidLine, Qt::RoundCap));
            p.drawLine(QPointF(s * 0.18, s * 0.85), QPointF(s * 0.82, s * 0.15));
        }
    });
}
