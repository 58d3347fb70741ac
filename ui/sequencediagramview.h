#pragma once

#include "diagram/sequencemodel.h"

#include <QAbstractScrollArea>

#include <memory>

struct Exchange;
class SequenceDiagramPainter;

// The selected exchange as a sequence diagram (SequenceDiagramPainter), scrolled when larger than
// the view. Clicking an arrow (or anywhere in a leg's band) and Up/Down/Home/End announce the leg
// with legActivated; setCurrentLeg highlights a leg chosen elsewhere without announcing it. Follows
// palette and font changes (dark themes, View > Zoom); a tooltip gives an arrow's full label.
class SequenceDiagramView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    explicit SequenceDiagramView(QWidget *parent = nullptr);
    ~SequenceDiagramView() override;

    void setExchange(const Exchange &exchange);
    void clear();
    // -1 highlights none. Scrolls the leg into view.
    void setCurrentLeg(int leg);
    int currentLeg() const { return m_currentLeg; }
    // Presenter mode: everything drawn larger (1.0 is the widget's font).
    void setScale(qreal scale);
    qreal scale() const { return m_scale; }

    // The layout shown (null before an exchange); its coordinates are the diagram's, see
    // toViewport().
    const SequenceDiagramPainter *diagram() const { return m_diagram.get(); }
    QPoint toViewport(const QPointF &diagramPoint) const;

    QSize sizeHint() const override;

signals:
    // The user chose a leg in the diagram (click or keyboard).
    void legActivated(int leg);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;

private:
    void relayout();
    void updateScrollBars();
    void activate(int leg);
    QPointF toDiagram(const QPoint &viewportPoint) const;

    SequenceModel m_model;
    std::unique_ptr<SequenceDiagramPainter> m_diagram;
    int m_currentLeg = -1;
    qreal m_scale = 1.0;
};
