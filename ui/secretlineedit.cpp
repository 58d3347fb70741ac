#include "secretlineedit.h"

#include "uiformat.h"

#include <QAction>

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
    connect(m_reveal, &QAction::toggled, this, &SecretLineEdit::setRevealed);
}

SecretLineEdit::~SecretLineEdit()
{
    // Whoever listens to textChanged may be half destroyed already (we are a child being deleted).
    blockSignals(true);
    wipe();
}

void SecretLineEdit::setRevealed(bool revealed)
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
    setRevealed(false);
    QLineEdit::hideEvent(event);
}
