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

#include <functional>

namespace {

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

QColor UiFormat::statusColor(int statusCode)
{
    if (statusCode == 401 || statusCode == 407)
        return CredentialsColor;
    if (statusCode == 403)
        return ForbiddenColor;
    if (statusCode >= 500 || statusCode < 0)
        return QColor(0xc6, 0x28, 0x28);
    if (statusCode >= 400)
        return QColor(0xc5, 0x6a, 0x00);
    if (statusCode >= 300)
        return QColor(0x15, 0x65, 0xc0);
    if (statusCode >= 200)
        return QColor(0x2e, 0x7d, 0x32);
    return QColor(0x61, 0x61, 0x61);
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
    return font;
}

QColor UiFormat::secondaryTextColor()
{
    return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
}

QColor UiFormat::dangerColor()
{
    return QColor(0xc6, 0x28, 0x28);
}

QColor UiFormat::warningColor()
{
    return QColor(0xb2, 0x54, 0x00);
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
