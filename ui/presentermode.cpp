#include "presentermode.h"

#include "exportactions.h"
#include "revealpolicy.h"
#include "sequencediagramview.h"
#include "windowzoom.h"

#include <QAction>

PresenterMode::PresenterMode(WindowZoom *zoom, RevealPolicy *policy, SequenceDiagramView *diagram,
                             ExportActions *exports, QObject *parent)
    : QObject(parent)
    , m_zoom(zoom)
    , m_policy(policy)
    , m_diagram(diagram)
    , m_exports(exports)
{
}

int PresenterMode::userZoomPercent() const
{
    return m_on ? m_userPercent : m_zoom->percent();
}

void PresenterMode::setOn(bool on)
{
    if (m_on == on)
        return;
    m_on = on;
    // The policy first: nothing revealed is on screen while the fonts change.
    m_policy->setPresenterMode(on);
    m_exports->setSecretsAllowed(!on);
    if (on) {
        m_userPercent = m_zoom->percent();
        m_userDiagramScale = m_diagram->scale();
        m_zoom->setPercent(m_userPercent * ZoomFactorPercent / 100);
        m_diagram->setScale(DiagramScale);
        if (m_stepThrough && m_stepThrough->isCheckable()) {
            m_userStepThrough = m_stepThrough->isChecked();
            if (!m_userStepThrough)
                m_stepThrough->trigger();
        }
    } else {
        m_zoom->setPercent(m_userPercent);
        m_diagram->setScale(m_userDiagramScale);
        if (m_stepThrough && m_stepThrough->isCheckable() && m_stepThrough->isChecked() != m_userStepThrough)
            m_stepThrough->trigger();
    }
    emit toggled(on);
}
