#include "firstpaintwatcher.h"

#include <QEvent>
#include <QTimer>
#include <QWidget>

FirstPaintWatcher::FirstPaintWatcher(QWidget *window)
    : QObject(window)
    , m_window(window)
{
    window->installEventFilter(this);
}

void FirstPaintWatcher::setTimeout(int ms)
{
    if (!m_timeout) {
        m_timeout = new QTimer(this);
        m_timeout->setSingleShot(true);
        connect(m_timeout, &QTimer::timeout, this, [this] {
            if (!m_painted)
                emit timedOut();
        });
    }
    m_timeout->start(ms);
}

bool FirstPaintWatcher::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && event->type() == QEvent::Paint && !m_painted) {
        m_painted = true;
        m_window->removeEventFilter(this);
        if (m_timeout)
            m_timeout->stop();
        // The paint event is still being delivered; the backing store is flushed right after
        // it, before the event loop runs the zero timer.
        QTimer::singleShot(0, this, &FirstPaintWatcher::firstPaint);
    }
    return QObject::eventFilter(watched, event);
}
