#include "revealbutton.h"

#include "revealpolicy.h"
#include "uiformat.h"

RevealButton::RevealButton(const QString &objectName, const QString &what, QWidget *parent)
    : QToolButton(parent)
{
    setObjectName(objectName);
    setCheckable(true);
    setAutoRaise(true);
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    setToolTip(what);
    connect(this, &QToolButton::toggled, this, [this] { showState(m_policy ? m_policy->remainingSeconds() : 0); });
    showState(0);
}

void RevealButton::setRevealPolicy(RevealPolicy *policy)
{
    if (m_policy)
        disconnect(m_policy, nullptr, this, nullptr);
    m_policy = policy;
    if (!m_policy)
        return;
    connect(m_policy, &RevealPolicy::changed, this, &QToolButton::setChecked);
    connect(m_policy, &RevealPolicy::remainingChanged, this, &RevealButton::showState);
    setChecked(m_policy->revealed());
}

void RevealButton::nextCheckState()
{
    // The policy decides; the button shows what it decided (through changed).
    if (m_policy)
        m_policy->toggle();
    else
        QToolButton::nextCheckState();
}

void RevealButton::showState(int secondsLeft)
{
    const bool revealed = isChecked();
    setIcon(UiFormat::revealIcon(revealed));
    if (!revealed)
        setText(tr("Show secrets"));
    else if (secondsLeft > 0)
        setText(tr("Hide secrets (%1 s)").arg(secondsLeft));
    else
        setText(tr("Hide secrets"));
}
