#include "stepthrough.h"

#include "engine/exchangejob.h"
#include "exchangeview.h"
#include "http/legpreview.h"
#include "leglistmodel.h"
#include "leglistview.h"
#include "stepbanner.h"

#include <QAction>
#include <QWidget>

namespace {
QAction *stepAction(const QString &text, const QString &name, const QList<QKeySequence> &keys, QWidget *window)
{
    auto *action = new QAction(text, window);
    action->setObjectName(name);
    action->setShortcuts(keys);
    action->setShortcutContext(Qt::WindowShortcut);
    action->setEnabled(false);
    window->addAction(action);
    return action;
}
} // namespace

StepThrough::StepThrough(ExchangeView *view, QAction *cancel, QWidget *window)
    : QObject(window)
    , m_view(view)
    , m_banner(new StepBanner(view))
{
    m_toggle = new QAction(tr("S&tep Through Legs"), window);
    m_toggle->setObjectName(QStringLiteral("stepThroughAction"));
    m_toggle->setCheckable(true);
    m_toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    m_toggle->setToolTip(tr("Pause before each leg and say what it will do and why"));
    window->addAction(m_toggle);
    m_next = stepAction(tr("Next Leg"), QStringLiteral("stepNextAction"),
                        {QKeySequence(Qt::Key_Space), QKeySequence(Qt::Key_Right), QKeySequence(Qt::Key_N)}, window);
    m_next->setIconText(tr("Send leg"));
    m_next->setToolTip(tr("Send the held leg (or show the next recorded one)"));
    m_previous = stepAction(tr("Previous Leg"), QStringLiteral("stepPreviousAction"),
                            {QKeySequence(Qt::Key_Left), QKeySequence(Qt::Key_P)}, window);
    m_previous->setIconText(tr("Previous"));
    m_previous->setToolTip(tr("Show the previous recorded leg"));
    m_replay = stepAction(tr("Replay Step by Step"), QStringLiteral("stepReplayAction"), {QKeySequence(Qt::Key_R)}, window);
    m_replay->setIconText(tr("Replay"));
    m_replay->setToolTip(tr("Send the request again from the start, one leg at a time"));
    m_banner->setActions(m_next, m_previous, m_replay, cancel);

    connect(m_toggle, &QAction::toggled, this, &StepThrough::setOn);
    connect(m_next, &QAction::triggered, this, &StepThrough::next);
    connect(m_previous, &QAction::triggered, this, &StepThrough::previous);
    connect(m_replay, &QAction::triggered, this, &StepThrough::replayRequested);
    connect(m_view->legList(), &LegListView::currentLegChanged, this, &StepThrough::updateActions);
}

bool StepThrough::isOn() const
{
    return m_toggle->isChecked();
}

void StepThrough::watch(ExchangeJob *job)
{
    m_job = job;
    m_held = -1;
    job->setHoldBeforeLegs(isOn());
    connect(job, &ExchangeJob::legHeld, this, &StepThrough::onHeld);
    connect(job, &ExchangeJob::finished, this, &StepThrough::onJobFinished);
    if (isOn())
        m_banner->hide(); // until the first leg is held
    updateActions();
}

void StepThrough::next()
{
    if (m_job && m_held >= 0) {
        m_held = -1;
        updateActions();
        m_job->proceed();
        return;
    }
    LegListView *legs = m_view->legList();
    if (legs->currentLeg() + 1 < legs->legModel()->rowCount())
        legs->selectLeg(legs->currentLeg() + 1);
}

void StepThrough::previous()
{
    LegListView *legs = m_view->legList();
    if (legs->currentLeg() > 0)
        legs->selectLeg(legs->currentLeg() - 1);
}

void StepThrough::onHeld(int index)
{
    if (!m_job)
        return;
    m_held = index;
    emit legHeld(index); // the window shows the exchange so far first
    m_view->legList()->legModel()->setHeldLeg(index);
    m_view->legList()->selectLeg(index);
    m_banner->showHeld(LegPreview::of(m_job->exchange(), index));
    updateActions();
}

void StepThrough::onJobFinished()
{
    const int legs = m_job ? int(m_job->exchange().legs.size()) : 0;
    m_held = -1;
    m_job = nullptr;
    if (isOn())
        m_banner->showFinished(legs);
    updateActions();
}

void StepThrough::setOn(bool on)
{
    if (m_job) {
        m_job->setHoldBeforeLegs(on);
        if (!on && m_held >= 0) {
            m_held = -1;
            m_job->proceed(); // switching off lets the held leg go
        }
    }
    if (!on)
        m_banner->hide();
    updateActions();
}

void StepThrough::updateActions()
{
    // The list's "held" mark follows the one place that knows (a new exchange clears the list).
    m_view->legList()->legModel()->setHeldLeg(m_held);
    const bool on = isOn();
    const LegListView *legs = m_view->legList();
    const int current = legs->currentLeg();
    m_next->setEnabled(on && (m_held >= 0 || (current >= 0 && current + 1 < legs->legModel()->rowCount())));
    m_previous->setEnabled(on && current > 0);
    m_replay->setEnabled(on);
}
