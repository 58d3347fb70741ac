#pragma once

#include <QObject>
#include <QPointer>

class QTimer;
class QWidget;

// Tells when a window has painted for the first time. The signal is queued behind the paint
// event, so by the time it arrives the painted content has also been flushed to the window.
// Used by `authscope --quit-after-startup` to measure start-up up to a visible window.
class FirstPaintWatcher : public QObject
{
    Q_OBJECT
public:
    // Watches window (not owned); the watcher is parented to it.
    explicit FirstPaintWatcher(QWidget *window);

    bool hasPainted() const { return m_painted; }
    // Emits timedOut() if no paint arrived within ms milliseconds.
    void setTimeout(int ms);

signals:
    void firstPaint();
    void timedOut();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QPointer<QWidget> m_window;
    QTimer *m_timeout = nullptr;
    bool m_painted = false;
};
