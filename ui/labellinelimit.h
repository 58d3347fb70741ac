#pragma once

#include <QObject>

class QLabel;

// Keeps a word-wrapped label to at most a number of lines at whatever font it has (zoom,
// presenter mode): a long text wrapped in a narrow pane would otherwise raise the window's minimum
// height past the screen. What is cut off must be available elsewhere (a tooltip, another view).
// Owned by the label.
class LabelLineLimit : public QObject
{
    Q_OBJECT
public:
    static void apply(QLabel *label, int lines);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    LabelLineLimit(QLabel *label, int lines);
    void limit();

    QLabel *m_label;
    int m_lines;
};
