#pragma once

#include "http/legpreview.h"

#include <QWidget>

class QAction;
class QLabel;
class QPushButton;

// The strip above the leg list while an exchange steps through its legs: what the held leg will do
// and why (worded here from LegPreview's codes), with buttons for the step actions. Hidden while
// nothing is held.
class StepBanner : public QWidget
{
    Q_OBJECT
public:
    explicit StepBanner(QWidget *parent = nullptr);

    // The buttons trigger these actions and follow their enabled state.
    void setActions(QAction *next, QAction *previous, QAction *replay, QAction *cancel);
    void showHeld(const LegPreview &preview);
    void showFinished(int legs);
    const LegPreview &preview() const { return m_preview; }
    QString text() const;

    // "Next: leg 2, GET /digest-auth/… with Authorization: Digest (SHA-256), answering leg 1's 401
    // challenge for realm "x"" (plain text; server text escaped).
    static QString describe(const LegPreview &preview);

private:
    LegPreview m_preview;
    QLabel *m_headline;
    QLabel *m_text;
    QPushButton *m_next;
    QPushButton *m_previous;
    QPushButton *m_replay;
    QPushButton *m_cancel;
};
