#pragma once

#include "revealpolicy.h"

#include <QPointer>
#include <QToolButton>

// "Show secrets" where a view used to have a toggle of its own: checked while the secrets are
// shown. With a RevealPolicy it asks the window-wide policy (which may ask the user first, in
// presenter mode) and follows it, counting down the seconds left; without one (a view on its
// own, in tests) it is a plain toggle. toggled(bool) says when the view must show or mask.
class RevealButton : public QToolButton
{
    Q_OBJECT
public:
    // what: the tooltip, saying what the view unmasks.
    RevealButton(const QString &objectName, const QString &what, QWidget *parent = nullptr);

    void setRevealPolicy(RevealPolicy *policy);
    RevealPolicy *revealPolicy() const { return m_policy; }

protected:
    void nextCheckState() override;

private:
    void showState(int secondsLeft);

    QPointer<RevealPolicy> m_policy;
};
