#include "sequencediagramview.h"

#include "http/exchange.h"
#include "render/sequencediagrampainter.h"

#include <QEvent>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

SequenceDiagramView::SequenceDiagramView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setObjectName(QStringLiteral("sequenceDiagram"));
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Sequence diagram of the exchange"));
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
    viewport()->setMouseTracking(false);
    relayout();
}

SequenceDiagramView::~SequenceDiagramView() = default;

void SequenceDiagramView::setExchange(const Exchange &exchange)
{
    m_model = SequenceModel::fromExchange(exchange);
    if (!m_model.legs().contains(m_currentLeg))
        m_currentLeg = -1;
    relayout();
}

void SequenceDiagramView::clear()
{
    setExchange(Exchange());
}

void SequenceDiagramView::setCurrentLeg(int leg)
{
    m_currentLeg = leg;
    if (m_diagram) {
        const QRectF band = m_diagram->legRect(leg);
        if (!band.isNull()) {
            // The whole band when it fits, else its top (the request's arrow).
            // Once scrolled, the lane headers cover the top of the view (see paintEvent).
            const int header = qCeil(m_diagram->headerBottom()) + 6;
            const int top = qFloor(band.top());
            const int bottom = qCeil(band.bottom());
            QScrollBar *bar = verticalScrollBar();
            const int height = viewport()->height();
            if (top - header < bar->value() || bottom - top > height - header)
                bar->setValue(top - header);
            else if (bottom > bar->value() + height)
                bar->setValue(bottom - height);
        }
    }
    viewport()->update();
}

void SequenceDiagramView::setScale(qreal scale)
{
    m_scale = qBound(0.5, scale, 4.0);
    relayout();
}

QPoint SequenceDiagramView::toViewport(const QPointF &diagramPoint) const
{
    return (diagramPoint - QPointF(horizontalScrollBar()->value(), verticalScrollBar()->value())).toPoint();
}

QPointF SequenceDiagramView::toDiagram(const QPoint &viewportPoint) const
{
    return QPointF(viewportPoint) + QPointF(horizontalScrollBar()->value(), verticalScrollBar()->value());
}

QSize SequenceDiagramView::sizeHint() const
{
    const QSize diagram = m_diagram ? m_diagram->size() : QSize(400, 300);
    return diagram.boundedTo(QSize(720, 480)) + QSize(2 * frameWidth(), 2 * frameWidth());
}

void SequenceDiagramView::relayout()
{
    m_diagram = std::make_unique<SequenceDiagramPainter>(m_model, font(), m_scale, logicalDpiY());
    updateScrollBars();
    viewport()->update();
}

void SequenceDiagramView::updateScrollBars()
{
    const QSize diagram = m_diagram->size();
    const QSize view = viewport()->size();
    horizontalScrollBar()->setRange(0, qMax(0, diagram.width() - view.width()));
    horizontalScrollBar()->setPageStep(view.width());
    horizontalScrollBar()->setSingleStep(qMax(8, fontMetrics().height()));
    verticalScrollBar()->setRange(0, qMax(0, diagram.height() - view.height()));
    verticalScrollBar()->setPageStep(view.height());
    verticalScrollBar()->setSingleStep(qMax(8, fontMetrics().height()));
}

void SequenceDiagramView::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    if (m_model.isEmpty()) {
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(viewport()->rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                         tr("The sequence diagram of the exchange appears here: who said what to whom."));
        return;
    }
    painter.save();
    painter.translate(-horizontalScrollBar()->value(), -verticalScrollBar()->value());
    m_diagram->paint(&painter, palette(), m_currentLeg);
    if (hasFocus() && m_currentLeg >= 0) {
        // Where the keyboard is: a focus frame around the selected leg.
        QPen pen(palette().color(QPalette::Highlight), 1, Qt::DotLine);
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(m_diagram->legRect(m_currentLeg).adjusted(0.5, 0.5, -0.5, -0.5));
    }
    painter.restore();
    if (verticalScrollBar()->value() > 0) {
        // Scrolled down, the lanes keep their names: the headers again over the top, with a rule.
        const qreal bottom = m_diagram->headerBottom() + 4;
        painter.fillRect(QRectF(0, 0, viewport()->width(), bottom), SequenceDiagramPainter::colours(palette()).background);
        painter.setPen(SequenceDiagramPainter::colours(palette()).line);
        painter.drawLine(QPointF(0, bottom), QPointF(viewport()->width(), bottom));
        painter.translate(-horizontalScrollBar()->value(), 0);
        m_diagram->paintLaneHeaders(&painter, palette());
    }
}

void SequenceDiagramView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void SequenceDiagramView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_diagram)
        return QAbstractScrollArea::mousePressEvent(event);
    if (verticalScrollBar()->value() > 0 && event->position().y() < m_diagram->headerBottom() + 4)
        return QAbstractScrollArea::mousePressEvent(event); // on the lane headers drawn over the top
    const QPointF point = toDiagram(event->position().toPoint());
    const int message = m_diagram->messageAt(point);
    const int leg = message >= 0 ? m_model.messages.at(message).leg : m_diagram->legAt(point);
    if (leg >= 0)
        activate(leg);
    event->accept();
}

void SequenceDiagramView::keyPressEvent(QKeyEvent *event)
{
    const QList<int> legs = m_model.legs();
    if (legs.isEmpty())
        return QAbstractScrollArea::keyPressEvent(event);
    const int at = legs.indexOf(m_currentLeg);
    int target = -1;
    switch (event->key()) {
    case Qt::Key_Up: target = at < 0 ? legs.constLast() : legs.at(qMax(0, at - 1)); break;
    case Qt::Key_Down: target = at < 0 ? legs.constFirst() : legs.at(qMin(int(legs.size()) - 1, at + 1)); break;
    case Qt::Key_Home: target = legs.constFirst(); break;
    case Qt::Key_End: target = legs.constLast(); break;
    default: return QAbstractScrollArea::keyPressEvent(event);
    }
    activate(target);
    event->accept();
}

void SequenceDiagramView::activate(int leg)
{
    if (leg == m_currentLeg) {
        setCurrentLeg(leg); // scrolls it back into view
        return;
    }
    setCurrentLeg(leg);
    emit legActivated(leg);
}

bool SequenceDiagramView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip && m_diagram) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int message = m_diagram->messageAt(toDiagram(help->pos()));
        if (message >= 0)
            QToolTip::showText(help->globalPos(), m_diagram->toolTip(message), viewport());
        else
            QToolTip::hideText();
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void SequenceDiagramView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        relayout();
    else if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        viewport()->update();
}

void SequenceDiagramView::focusInEvent(QFocusEvent *event)
{
    QAbstractScrollArea::focusInEvent(event);
    viewport()->update(); // the focus frame
}

void SequenceDiagramView::focusOutEvent(QFocusEvent *event)
{
    QAbstractScrollArea::focusOutEvent(event);
    viewport()->update();
}
