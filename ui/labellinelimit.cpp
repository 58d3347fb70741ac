#include "labellinelimit.h"

#include <QEvent>
#include <QLabel>

void LabelLineLimit::apply(QLabel *label, int lines)
{
    new LabelLineLimit(label, lines);
}

LabelLineLimit::LabelLineLimit(QLabel *label, int lines) : QObject(label), m_label(label), m_lines(lines)
{
    label->installEventFilter(this);
    limit();
}

void LabelLineLimit::limit()
{
    const QMargins margins = m_label->contentsMargins();
    m_label->setMaximumHeight(m_label->fontMetrics().lineSpacing() * m_lines + margins.top() + margins.bottom()
                              + 2 * m_label->margin());
}

bool LabelLineLimit::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_label && event->type() == QEvent::FontChange)
        limit();
    return QObject::eventFilter(watched, event);
}
