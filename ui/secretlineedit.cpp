#include "secretlineedit.h"

#include "revealpolicy.h"
#include "uiformat.h"

#include <QAction>
#include <QToolTip>

SecretLineEdit::SecretLineEdit(QWidget *parent)
    : QLineEdit(parent)
    , m_reveal(new QAction(this))
{
    setEchoMode(QLineEdit::Password);
    // An input method could keep (and predict from) what is typed into a secret field.
    setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
    m_reveal->setObjectName(QStringLiteral("revealSecret"));
    m_reveal->setCheckable(true);
    m_reveal->setIcon(UiFormat::revealIcon(false));
    m_reveal->setToolTip(tr("Show the secret"));
    addAction(m_reveal, QLineEdit::TrailingPosition);
    connect(m_reveal, &QAction::triggered, this, &SecretLineEdit::onEyeTriggered);
}

SecretLineEdit::~SecretLineEdit()
{
    // Whoever listens to textChanged may be half destroyed already (we are a child being deleted).
    blockSignals(true);
    wipe();
}

void SecretLineEdit::setRevealPolicy(RevealPolicy *policy)
{
    if (m_policy == policy)
        return;
    if (m_policy)
        disconnect(m_policy, nullptr, this, nullptr);
    m_policy = policy;
    if (m_policy) {
        connect(m_policy, &RevealPolicy::changed, this, [this] { showEchoMode(m_policy->fieldsMayReveal()); });
        connect(m_policy, &RevealPolicy::presenterModeChanged, this, [this] { showEchoMode(m_policy->fieldsMayReveal()); });
        showEchoMode(m_policy->fieldsMayReveal());
    }
}

void SecretLineEdit::setRevealed(bool revealed)
{
    showEchoMode(revealed && (!m_policy || m_policy->fieldsMayReveal()));
}

void SecretLineEdit::onEyeTriggered(bool checked)
{
    if (!m_policy) {
        showEchoMode(checked);
        return;
    }
    if (m_policy->presenterMode() && checked) {
        // The room sees the screen: what is typed stays dots, whatever the trainer presses.
        showEchoMode(false);
        QToolTip::showText(mapToGlobal(rect().bottomRight()), tr("Presenter mode: typed secrets stay masked"), this);
        return;
    }
    if (checked)
        m_policy->reveal();
    else
        m_policy->hide();
    showEchoMode(m_policy->fieldsMayReveal());
}

void SecretLineEdit::showEchoMode(bool revealed)
{
    setEchoMode(revealed ? QLineEdit::Normal : QLineEdit::Password);
    m_reveal->setChecked(revealed);
    m_reveal->setIcon(UiFormat::revealIcon(revealed));
    m_reveal->setToolTip(revealed ? tr("Hide the secret") : tr("Show the secret"));
}

void SecretLineEdit::wipe()
{
    // QLineEdit offers no way to overwrite its buffer in place; what can be done is dropping the
    // text and the undo steps that hold it (setText resets the history, clear() would add a step).
    setText(QString());
    setModified(false);
}

void SecretLineEdit::hideEvent(QHideEvent *event)
{
    showEchoMode(false);
    QLineEdit::hideEvent(event);
}

void SecretLineEdit::showEvent(QShowEvent *event)
{
    if (!m_policy)
        setRevealPolicy(RevealPolicy::of(this));
    else
        showEchoMode(m_policy->fieldsMayReveal());
    QLineEdit::showEvent(event);
}
