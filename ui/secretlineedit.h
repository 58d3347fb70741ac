#pragma once

#include "revealpolicy.h"

#include <QByteArray>
#include <QLineEdit>
#include <QPointer>

class QAction;

// A line edit for a password, token or key: masked until the user presses the eye at its end,
// masked again whenever it is hidden (its tab or window closed). The text is never put in a tooltip, log or settings.
// In a window with a RevealPolicy (found when first shown) the eye drives that window-wide policy and
// the field follows it; in presenter mode it stays masked whatever the eye says.
class SecretLineEdit : public QLineEdit
{
    Q_OBJECT
public:
    explicit SecretLineEdit(QWidget *parent = nullptr);
    ~SecretLineEdit() override;

    // UTF-8, as HTTP carries a password (RFC 7617 §2.1 charset="UTF-8").
    QByteArray secret() const { return text().toUtf8(); }
    bool isRevealed() const { return echoMode() == QLineEdit::Normal; }
    // Without a policy: shows or masks the text. With one: masks, or shows when the policy allows
    // (RevealPolicy::fieldsMayReveal()).
    void setRevealed(bool revealed);
    // The policy followed (null: none); set when first shown, or by the owner.
    void setRevealPolicy(RevealPolicy *policy);
    RevealPolicy *revealPolicy() const { return m_policy; }
    // Empties the field (and the undo history, which would keep the typed text).
    void wipe();

    QAction *revealAction() const { return m_reveal; }

protected:
    void hideEvent(QHideEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void onEyeTriggered(bool checked);
    void showEchoMode(bool revealed);

    QAction *m_reveal;
    QPointer<RevealPolicy> m_policy;
};
