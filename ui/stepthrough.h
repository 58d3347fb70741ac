#pragma once

#include <QObject>
#include <QPointer>

class ExchangeJob;
class ExchangeView;
class QAction;
class QWidget;
class StepBanner;

// Step-through mode: the window's exchanges hold before each leg (token-endpoint legs too), the
// banner says what the held leg will do and why, and the keyboard walks on: next (Space, Right, N)
// sends the held leg or, with none held, selects the next recorded leg; previous (Left, P) selects
// the previous recorded leg, also while paused; replay (R) asks the window to send the request
// again from the start. Escape (the window's Cancel) aborts as ever. The step keys are live only
// while the mode is on, and text fields keep their own keys.
class StepThrough : public QObject
{
    Q_OBJECT
public:
    // The actions are added to window (window-wide shortcuts); cancel is the window's Cancel.
    StepThrough(ExchangeView *view, QAction *cancel, QWidget *window);

    // Checkable (Ctrl+Shift+T): presenter mode switches it on through it.
    QAction *toggleAction() const { return m_toggle; }
    QAction *nextAction() const { return m_next; }
    QAction *previousAction() const { return m_previous; }
    QAction *replayAction() const { return m_replay; }
    StepBanner *banner() const { return m_banner; }
    bool isOn() const;
    // The leg waiting for "next" (-1: none).
    int heldLeg() const { return m_held; }

    // The window's next exchange, before it starts: held leg by leg while the mode is on.
    void watch(ExchangeJob *job);

public slots:
    void next();
    void previous();

signals:
    void replayRequested();
    // A leg is held (the window shows the exchange so far, the held leg pending).
    void legHeld(int index);

private:
    void onHeld(int index);
    void onJobFinished();
    void setOn(bool on);
    void updateActions();

    ExchangeView *m_view;
    QPointer<ExchangeJob> m_job;
    StepBanner *m_banner;
    QAction *m_toggle;
    QAction *m_next;
    QAction *m_previous;
    QAction *m_replay;
    int m_held = -1;
};
