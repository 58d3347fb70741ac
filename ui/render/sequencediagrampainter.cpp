#include "sequencediagrampainter.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace {

QColor mixed(const QColor &a, const QColor &b, qreal amountOfB)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * amountOfB),
                            float(a.greenF() + (b.greenF() - a.greenF()) * amountOfB),
                            float(a.blueF() + (b.blueF() - a.blueF()) * amountOfB));
}

qreal luminance(const QColor &colour)
{
    auto channel = [](qreal v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF());
}

// The candidate when it reads at 4.5:1 on the background, else the plain text colour.
QColor readable(const QColor &candidate, const QColor &background, const QColor &text)
{
    return SequenceDiagramPainter::contrast(candidate, background) >= 4.5 ? candidate : text;
}

QColor opaque(QColor colour)
{
    colour.setAlpha(255);
    return colour;
}

} // namespace

SequenceDiagramPainter::SequenceDiagramPainter(SequenceModel model, const QFont &font, qreal scale, qreal dpi)
    : m_model(std::move(model))
    , m_font(font)
{
    const qreal base = font.pixelSize() > 0 ? font.pixelSize() : font.pointSizeF() * dpi / 72.0;
    const int pixels = qMax(9, qRound(base * scale));
    m_unit = pixels;
    m_font.setPixelSize(pixels);
    m_smallFont = m_font;
    m_smallFont.setPixelSize(qMax(8, qRound(pixels * 0.86)));
    m_annotationFont = m_smallFont;
    m_annotationFont.setItalic(true);
    m_boldFont = m_font;
    m_boldFont.setBold(true);
    layout();
}

void SequenceDiagramPainter::layout()
{
    const qreal u = m_unit;
    const QFontMetricsF fm(m_font);
    const QFontMetricsF small(m_smallFont);
    const QFontMetricsF annotation(m_annotationFont);
    const QFontMetricsF bold(m_boldFont);
    const qreal margin = u;

    m_lanes.clear();
    m_boxes.clear();
    m_bands.clear();
    if (m_model.lanes.isEmpty()) {
        m_size = QSize(qCeil(fm.horizontalAdvance(QStringLiteral("No legs yet")) + 2 * margin), qCeil(fm.height() + 2 * margin));
        return;
    }

    const qreal gutter = bold.horizontalAdvance(QString::number(qMax<qsizetype>(9, m_model.messages.size()))) + u;
    qreal headerHeight = bold.height() + 0.8 * u;
    QList<qreal> halfWidths;
    for (const SequenceLane &lane : m_model.lanes) {
        LaneBox box;
        if (lane.role != SequenceLane::Role::Client) {
            box.role = SequenceLane::roleName(lane.role);
            const QString prefix = box.role + u' ';
            box.name = lane.title.startsWith(prefix) ? lane.title.mid(prefix.size()) : lane.title;
            headerHeight = qMax(headerHeight, small.height() + bold.height() + 0.9 * u);
        } else {
            box.name = lane.title;
        }
        const qreal width = qMax(bold.horizontalAdvance(box.name), small.horizontalAdvance(box.role)) + 1.4 * u;
        halfWidths.append(width / 2);
        m_lanes.append(box);
    }

    // The gaps between neighbouring lanes grow until every message's label and annotations fit
    // over the lanes it spans; the shortest spans first, so a long arrow takes what is left.
    QList<qreal> gaps;
    for (int i = 0; i + 1 < m_lanes.size(); ++i)
        gaps.append(halfWidths.at(i) + halfWidths.at(i + 1) + u);
    QList<int> order(m_model.messages.size());
    std::iota(order.begin(), order.end(), 0);
    auto span = [this](int i) { return std::abs(m_model.messages.at(i).to - m_model.messages.at(i).from); };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return span(a) < span(b); });
    for (int i : order) {
        const SequenceMessage &message = m_model.messages.at(i);
        const int lo = qMin(message.from, message.to);
        const int hi = qMax(message.from, message.to);
        if (lo == hi)
            continue;
        qreal needed = fm.horizontalAdvance(message.label);
        for (const QString &text : message.annotations)
            needed = qMax(needed, annotation.horizontalAdvance(text));
        needed += 2.5 * u; // room for the arrow's head and a little air each side
        const qreal have = std::accumulate(gaps.begin() + lo, gaps.begin() + hi, 0.0);
        if (have < needed) {
            for (int g = lo; g < hi; ++g)
                gaps[g] += (needed - have) / (hi - lo);
        }
    }

    qreal x = margin + gutter + halfWidths.at(0);
    for (int i = 0; i < m_lanes.size(); ++i) {
        if (i > 0)
            x += gaps.at(i - 1);
        m_lanes[i].x = x;
        m_lanes[i].header = QRectF(x - halfWidths.at(i), margin, 2 * halfWidths.at(i), headerHeight);
    }
    const qreal width = x + halfWidths.constLast() + margin;

    m_lifelineTop = margin + headerHeight;
    qreal y = m_lifelineTop + 0.7 * u;
    int currentLeg = -1;
    for (const SequenceMessage &message : m_model.messages) {
        if (message.leg != currentLeg && currentLeg >= 0)
            y += 0.45 * u; // air between legs
        MessageBox box;
        box.fromX = m_lanes.at(message.from).x;
        box.toX = m_lanes.at(message.to).x;
        box.viaX = message.via >= 0 ? m_lanes.at(message.via).x : -1;
        const qreal centre = (box.fromX + box.toX) / 2;
        const qreal labelWidth = fm.horizontalAdvance(message.label) + 0.6 * u;
        box.label = QRectF(centre - labelWidth / 2, y, labelWidth, fm.height());
        box.y = box.label.bottom() + 0.2 * u;
        qreal bottom = box.y + 0.3 * u;
        for (const QString &text : message.annotations) {
            const qreal w = annotation.horizontalAdvance(text) + 0.6 * u;
            const QRectF rect(centre - w / 2, bottom, w, annotation.height());
            box.annotations.append(rect);
            bottom = rect.bottom() + 0.05 * u;
        }
        QRectF area = QRectF(QPointF(qMin(box.fromX, box.toX), box.label.top()), QPointF(qMax(box.fromX, box.toX), bottom))
                              .united(box.label);
        for (const QRectF &rect : std::as_const(box.annotations))
            area = area.united(rect);
        box.area = area;
        m_boxes.append(box);

        const QRectF band(margin, box.label.top() - 0.3 * u, width - 2 * margin, bottom - box.label.top() + 0.55 * u);
        if (message.leg != currentLeg) {
            m_bands.append(LegBand{message.leg, band});
            currentLeg = message.leg;
        } else {
            m_bands.last().rect = m_bands.last().rect.united(band);
        }
        y = bottom + 0.45 * u;
    }
    m_lifelineBottom = y;
    m_size = QSize(qCeil(width), qCeil(m_lifelineBottom + margin));
}

qreal SequenceDiagramPainter::contrast(const QColor &a, const QColor &b)
{
    const qreal la = luminance(a);
    const qreal lb = luminance(b);
    return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
}

SequenceDiagramPainter::Colours SequenceDiagramPainter::colours(const QPalette &palette)
{
    Colours c;
    c.background = opaque(palette.color(QPalette::Active, QPalette::Base));
    c.text = opaque(palette.color(QPalette::Active, QPalette::Text));
    const bool dark = luminance(c.background) < 0.18;
    if (contrast(c.text, c.background) < 4.5)
        c.text = dark ? QColor(Qt::white) : QColor(Qt::black);
    c.line = mixed(c.background, c.text, dark ? 0.45 : 0.5);
    c.headerFill = mixed(c.background, c.text, 0.07);
    c.highlight = mixed(c.background, opaque(palette.color(QPalette::Active, QPalette::Highlight)), dark ? 0.3 : 0.16);
    c.highlightBar = opaque(palette.color(QPalette::Active, QPalette::Highlight));
    // Tones that keep 4.5:1 on their background and on the selected band (light: dark tones;
    // dark: light tones); a palette far from both falls back to its text colour.
    c.success = readable(dark ? QColor(0x7f, 0xd4, 0x91) : QColor(0x17, 0x63, 0x29), c.background, c.text);
    c.redirect = readable(dark ? QColor(0x8a, 0xb4, 0xf8) : QColor(0x17, 0x4e, 0xa6), c.background, c.text);
    c.refused = readable(dark ? QColor(0xf2, 0x8b, 0x82) : QColor(0xa8, 0x1f, 0x18), c.background, c.text);
    c.warning = readable(dark ? QColor(0xf4, 0xc3, 0x5a) : QColor(0x7a, 0x48, 0x00), c.background, c.text);
    return c;
}

QColor SequenceDiagramPainter::arrowColour(const SequenceMessage &message, const Colours &c) const
{
    if (!message.response)
        return c.text;
    if (message.statusCode == 0 || message.statusCode >= 400)
        return c.refused;
    if (message.statusCode >= 300)
        return c.redirect;
    if (message.statusCode >= 200)
        return c.success;
    return c.text;
}

QColor SequenceDiagramPainter::severityColour(NoteSeverity severity, const Colours &c)
{
    switch (severity) {
    case NoteSeverity::Error: return c.refused;
    case NoteSeverity::Warning: return c.warning;
    case NoteSeverity::Info: break;
    }
    return c.text;
}

qreal SequenceDiagramPainter::penWidth(bool selected) const
{
    return m_unit / 14.0 * (selected ? 2.6 : 1.6);
}

void SequenceDiagramPainter::paint(QPainter *painter, const QPalette &palette, int selectedLeg) const
{
    const Colours c = colours(palette);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);
    painter->fillRect(QRectF(QPointF(0, 0), QSizeF(m_size)), c.background);
    if (m_model.lanes.isEmpty()) {
        painter->setPen(c.text);
        painter->setFont(m_font);
        painter->drawText(QRectF(QPointF(0, 0), QSizeF(m_size)), Qt::AlignCenter, QStringLiteral("No legs yet"));
        painter->restore();
        return;
    }

    const QFontMetricsF bold(m_boldFont);
    for (const LegBand &band : m_bands) {
        const bool selected = band.leg == selectedLeg;
        if (selected) {
            painter->fillRect(band.rect, c.highlight);
            painter->fillRect(QRectF(band.rect.topLeft(), QSizeF(0.3 * m_unit, band.rect.height())), c.highlightBar);
        }
        painter->setFont(m_boldFont);
        painter->setPen(c.text);
        const QRectF number(band.rect.left() + 0.5 * m_unit, band.rect.top() + 0.4 * m_unit,
                            bold.horizontalAdvance(QStringLiteral("99")), bold.height());
        painter->drawText(number, Qt::AlignLeft | Qt::AlignTop, QString::number(band.leg + 1));
    }

    QPen lifeline(c.line, qMax(1.0, m_unit / 14.0), Qt::DashLine);
    painter->setPen(lifeline);
    for (const LaneBox &lane : m_lanes)
        painter->drawLine(QPointF(lane.x, m_lifelineTop), QPointF(lane.x, m_lifelineBottom));
    paintLaneHeaders(painter, palette);

    for (int i = 0; i < m_model.messages.size(); ++i)
        paintMessage(painter, i, m_model.messages.at(i).leg == selectedLeg, c);
    painter->restore();
}

qreal SequenceDiagramPainter::headerBottom() const
{
    return m_lanes.isEmpty() ? 0 : m_lifelineTop;
}

void SequenceDiagramPainter::paintLaneHeaders(QPainter *painter, const QPalette &palette) const
{
    const Colours c = colours(palette);
    const QFontMetricsF small(m_smallFont);
    for (const LaneBox &lane : m_lanes) {
        painter->setPen(QPen(c.line, qMax(1.0, m_unit / 14.0)));
        painter->setBrush(c.headerFill);
        painter->drawRoundedRect(lane.header, 0.35 * m_unit, 0.35 * m_unit);
        painter->setBrush(Qt::NoBrush);
        painter->setPen(c.text);
        QRectF text = lane.header.adjusted(0.4 * m_unit, 0.4 * m_unit, -0.4 * m_unit, -0.4 * m_unit);
        if (!lane.role.isEmpty()) {
            painter->setFont(m_smallFont);
            painter->drawText(text, Qt::AlignHCenter | Qt::AlignTop, lane.role);
            text.setTop(text.top() + small.height());
        }
        painter->setFont(m_boldFont);
        painter->drawText(text, Qt::AlignHCenter | Qt::AlignVCenter, lane.name);
    }
}

void SequenceDiagramPainter::paintMessage(QPainter *painter, int index, bool selected, const Colours &c) const
{
    const SequenceMessage &message = m_model.messages.at(index);
    const MessageBox &box = m_boxes.at(index);
    const QColor colour = arrowColour(message, c);
    const QColor fill = selected ? c.highlight : c.background;
    const qreal direction = box.toX > box.fromX ? 1.0 : -1.0;
    const qreal head = 0.65 * m_unit;

    QPen pen(colour, penWidth(selected));
    pen.setCapStyle(Qt::FlatCap);
    if (message.response)
        pen.setDashPattern({5.0, 3.5});
    painter->setPen(pen);
    painter->drawLine(QPointF(box.fromX, box.y), QPointF(box.toX - direction * head * 0.9, box.y));

    painter->setPen(Qt::NoPen);
    painter->setBrush(colour);
    const QPolygonF arrowHead({QPointF(box.toX, box.y), QPointF(box.toX - direction * head, box.y - head * 0.45),
                               QPointF(box.toX - direction * head, box.y + head * 0.45)});
    painter->drawPolygon(arrowHead);
    if (box.viaX >= 0) // relayed by the proxy
        painter->drawEllipse(QPointF(box.viaX, box.y), 0.22 * m_unit, 0.22 * m_unit);
    painter->setBrush(Qt::NoBrush);
    if (message.response && message.statusCode == 0) {
        // No answer came: a cross where the answer should have started.
        const qreal r = 0.35 * m_unit;
        painter->setPen(QPen(colour, penWidth(true)));
        painter->drawLine(QPointF(box.fromX - r, box.y - r), QPointF(box.fromX + r, box.y + r));
        painter->drawLine(QPointF(box.fromX - r, box.y + r), QPointF(box.fromX + r, box.y - r));
    }

    // Labels sit on a patch of the background so lifelines they cross do not strike them through.
    painter->fillRect(box.label, fill);
    painter->setFont(m_font);
    painter->setPen(message.response ? colour : c.text);
    painter->drawText(box.label, Qt::AlignCenter, message.label);

    painter->setFont(m_annotationFont);
    for (int a = 0; a < message.annotations.size(); ++a) {
        painter->setPen(severityColour(message.annotationSeverities.value(a, message.severity), c));
        painter->fillRect(box.annotations.at(a), fill);
        painter->drawText(box.annotations.at(a), Qt::AlignCenter, message.annotations.at(a));
    }
}

int SequenceDiagramPainter::messageAt(const QPointF &point) const
{
    for (int i = 0; i < m_boxes.size(); ++i) {
        if (m_boxes.at(i).area.adjusted(-0.3 * m_unit, -0.2 * m_unit, 0.3 * m_unit, 0.2 * m_unit).contains(point))
            return i;
    }
    return -1;
}

int SequenceDiagramPainter::legAt(const QPointF &point) const
{
    for (const LegBand &band : m_bands) {
        if (band.rect.contains(point))
            return band.leg;
    }
    return -1;
}

QRectF SequenceDiagramPainter::messageRect(int message) const
{
    return message >= 0 && message < m_boxes.size() ? m_boxes.at(message).area : QRectF();
}

QLineF SequenceDiagramPainter::arrowLine(int message) const
{
    if (message < 0 || message >= m_boxes.size())
        return QLineF();
    const MessageBox &box = m_boxes.at(message);
    return QLineF(box.fromX, box.y, box.toX, box.y);
}

QRectF SequenceDiagramPainter::legRect(int leg) const
{
    for (const LegBand &band : m_bands) {
        if (band.leg == leg)
            return band.rect;
    }
    return QRectF();
}

QString SequenceDiagramPainter::toolTip(int message) const
{
    if (message < 0 || message >= m_model.messages.size())
        return QString();
    const SequenceMessage &m = m_model.messages.at(message);
    QStringList lines{QStringLiteral("Leg %1 %2: %3").arg(m.leg + 1)
                              .arg(m.response ? QStringLiteral("response") : QStringLiteral("request"),
                                   m.fullLabel.isEmpty() ? m.label : m.fullLabel)};
    lines += m.annotations;
    return lines.join(u'\n');
}
