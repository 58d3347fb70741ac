#pragma once

#include <QByteArray>
#include <QLineEdit>

class QAction;

// A line edit for a password, token or key: masked until the user presses the eye at its end,
// masked again whenever it is hidden (its tab or window closed). The text is never put in a tooltip, log or settings.
class SecretLineEdit : public QLineEdit
{
    Q_OBJECT
public:
    explicit SecretLineEdit(QWidget *parent = nullptr);
    ~SecretLineEdit() override;

    // UTF-8, as HTTP carries a password (RFC 7617 §2.1 charset="UTF-8").
    QByteArray secret() const { return text().toUtf8(); }
    bool isRevealed() const { return echoMode() == QLineEdit::Normal; }
    void setRevealed(bool revealed);
    // Empties the field (and the undo history, which would keep the typed text).
    void wipe();

    QAction *revealAction() const { return m_reveal; }

protected:
    void hideEvent(QHideEvent *event) override;

private:
    QAction *m_reveal;
};
