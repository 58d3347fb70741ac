#include "timingwaterfall.h"

#include "http/exchange.h"
#include "uiformat.h"

#include <QMouseEvent>
#include <QPainter>

namespace {

constexpr int Margin = 8;
constexpr int LegendHeight = 26;

} // namespace

TimingWaterfall::TimingWaterfall(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("legTimingWaterfall"));
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void TimingWaterfall::setExchange(const Exchange &exchange)
{
    m_rows.clear();
    m_endNs = 0;
    for (const Leg &leg : exchange.legs) {
        QString path = leg.url.path();
        if (path.size() > 28)
            path = path.left(12) + QStringLiteral("…") + path.right(15);
        const QString status = leg.hasResponse() ? QString::number(leg.statusCode) : QStringLiteral("—");
        m_rows.append({QStringLiteral("%1  %2 %3  %4").arg(leg.index + 1).arg(QString::fromLatin1(leg.method), path, status),
                       leg.timing});
        m_endNs = qMax(m_endNs, qMax(leg.timing.finishedNs, leg.timing.firstByteNs));
    }
    if (m_selected >= m_rows.size())
        m_selected = -1;
    updateGeometry();
    update();
}

void TimingWaterfall::clear()
{
    m_rows.clear();
    m_endNs = 0;
    m_selected = -1;
    updateGeometry();
    update();
}

void TimingWaterfall::setSelectedLeg(int index)
{
    m_selected = index;
    update();
}

QList<TimingWaterfall::Segment> TimingWaterfall::segments(const LegTiming &t)
{
    using P = Segment::Phase;
    // Each phase ends at the next moment recorded; a phase not recorded (a reused connection
    // has no connecting, plain http no TLS) is absent.
    const auto firstOf = [](std::initializer_list<qint64> moments) {
        for (qint64 at : moments) {
            if (at >= 0)
                return at;
        }
        return qint64(-1);
    };
    QList<Segment> result;
    const auto add = [&](P phase, qint64 start, qint64 end) {
        if (start >= 0 && end > start)
            result.append({phase, start, end});
    };
    add(P::Queued, t.queuedNs, firstOf({t.connectingNs, t.requestSentNs, t.firstByteNs, t.finishedNs}));
    add(t.encryptedNs >= 0 ? P::Tls : P::Connecting, t.connectingNs, firstOf({t.requestSentNs, t.firstByteNs, t.finishedNs}));
    add(P::Waiting, t.requestSentNs, firstOf({t.firstByteNs, t.finishedNs}));
    add(P::Receiving, t.firstByteNs, t.finishedNs);
    return result;
}

QString TimingWaterfall::phaseName(Segment::Phase phase)
{
    switch (phase) {
    case Segment::Phase::Queued: return tr("queued");
    case Segment::Phase::Connecting: return tr("connecting");
    case Segment::Phase::Tls: return tr("connecting + TLS");
    case Segment::Phase::Waiting: return tr("waiting for the server");
    case Segment::Phase::Receiving: return tr("receiving");
    }
    return QString();
}

QColor TimingWaterfall::phaseColor(Segment::Phase phase) const
{
    const QColor base = palette().color(QPalette::Base);
    QColor hue;
    switch (phase) {
    case Segment::Phase::Queued: hue = palette().color(QPalette::Text); break;
    case Segment::Phase::Connecting: hue = QColor(0xe0, 0x8a, 0x00); break;
    case Segment::Phase::Tls: hue = QColor(0x8e, 0x44, 0xad); break;
    case Segment::Phase::Waiting: hue = QColor(0x2e, 0x7d, 0x32); break;
    case Segment::Phase::Receiving: hue = QColor(0x15, 0x65, 0xc0); break;
    }
    if (phase == Segment::Phase::Queued)
        return UiFormat::secondaryTextColor(palette());
    // Bars are shapes, not text: 3:1 against the background is enough (WCAG 1.4.11).
    return UiFormat::readableOn(hue, {base}, 3.0);
}

int TimingWaterfall::rowHeight() const
{
    return fontMetrics().height() + 10;
}

int TimingWaterfall::labelWidth() const
{
    // Measured in bold: the selected row's label is drawn bold.
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics metrics(bold);
    int width = metrics.horizontalAdvance(QStringLiteral("9  POST /a-long-path  401"));
    for (const Row &row : m_rows)
        width = qMax(width, metrics.horizontalAdvance(row.label));
    return qMin(width + 2 * Margin, qMax(120, this->width() / 3));
}

QSize TimingWaterfall::sizeHint() const
{
    return QSize(600, Margin + int(qMax<qsizetype>(1, m_rows.size())) * rowHeight() + LegendHeight + Margin);
}

QSize TimingWaterfall::minimumSizeHint() const
{
    return QSize(300, Margin + rowHeight() + LegendHeight);
}

int TimingWaterfall::rowAt(int y) const
{
    const int row = (y - Margin) / rowHeight();
    return y >= Margin && row < m_rows.size() ? row : -1;
}

void TimingWaterfall::mousePressEvent(QMouseEvent *event)
{
    const int row = rowAt(int(event->position().y()));
    if (row >= 0)
        emit legClicked(row);
    QWidget::mousePressEvent(event);
}

void TimingWaterfall::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Text);
    const QColor quiet = UiFormat::secondaryTextColor(pal);
    if (m_rows.isEmpty()) {
        p.setPen(quiet);
        p.drawText(rect().adjusted(Margin, Margin, -Margin, -Margin), Qt::AlignLeft | Qt::AlignTop, tr("No legs to show."));
        return;
    }
    const int rh = rowHeight();
    const int left = labelWidth();
    const int right = width() - Margin - fontMetrics().horizontalAdvance(QStringLiteral("000.0 ms"));
    const double span = double(qMax<qint64>(m_endNs, 1));
    const auto xAt = [&](qint64 ns) { return left + (right - left) * (double(ns) / span); };

    for (int i = 0; i < m_rows.size(); ++i) {
        const Row &row = m_rows.at(i);
        const QRect band(0, Margin + i * rh, width(), rh);
        QFont font = this->font();
        if (i == m_selected) {
            p.fillRect(band, pal.color(QPalette::Highlight));
            p.setPen(pal.color(QPalette::HighlightedText));
            font.setBold(true);
        } else {
            p.setPen(text);
        }
        p.setFont(font);
        p.drawText(band.adjusted(Margin, 0, -(width() - left) - 4, 0), Qt::AlignVCenter | Qt::AlignLeft,
                   QFontMetrics(font).elidedText(row.label, Qt::ElideMiddle, left - Margin - 4));
        const QColor labelPen = p.pen().color();
        const QList<Segment> parts = segments(row.timing);
        for (const Segment &s : parts) {
            const QRectF bar(xAt(s.start), band.top() + 4, qMax(2.0, xAt(s.end) - xAt(s.start)), rh - 8);
            p.fillRect(bar, phaseColor(s.phase));
        }
        if (row.timing.totalNs() >= 0 && !parts.isEmpty()) {
            p.setPen(labelPen);
            const qreal end = xAt(parts.constLast().end) + 4;
            p.drawText(QRectF(end, band.top(), width() - end, rh), Qt::AlignVCenter | Qt::AlignLeft,
                       UiFormat::duration(row.timing.totalNs()));
        }
    }
    // Legend: what each colour means.
    p.setFont(font());
    int x = Margin;
    const int y = Margin + int(m_rows.size()) * rh + 8;
    using P = Segment::Phase;
    for (P phase : {P::Queued, P::Connecting, P::Tls, P::Waiting, P::Receiving}) {
        p.fillRect(QRect(x, y + 3, 12, 12), phaseColor(phase));
        x += 16;
        p.setPen(text);
        const QString name = phaseName(phase);
        p.drawText(QPoint(x, y + 3 + fontMetrics().ascent() - 1), name);
        x += fontMetrics().horizontalAdvance(name) + 14;
    }
    p.setPen(quiet);
    p.drawText(QRect(x, y, width() - x - Margin, 18), Qt::AlignRight | Qt::AlignVCenter,
               tr("0 – %1 since the exchange started").arg(UiFormat::duration(m_endNs)));
}
