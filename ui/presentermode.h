#pragma once

#include <QObject>
#include <QPointer>

class ExportActions;
class QAction;
class RevealPolicy;
class SequenceDiagramView;
class WindowZoom;

// Presenter mode of one window, for a projector: text half as large again (WindowZoom, the
// user's zoom given back when it ends), a larger sequence diagram, every secret masked (the
// window's RevealPolicy: reveals need confirming, typed secrets never show, stored secrets are
// not revealed), exports without secrets, and the step-through mode switched on when the window
// has one. Nothing here is saved: the next start is in the user's own zoom.
class PresenterMode : public QObject
{
    Q_OBJECT
public:
    static constexpr int ZoomFactorPercent = 150;
    static constexpr qreal DiagramScale = 1.1; // on top of the zoom, which the diagram follows too

    // None owned; all belong to the same window and outlive this.
    PresenterMode(WindowZoom *zoom, RevealPolicy *policy, SequenceDiagramView *diagram, ExportActions *exports,
                  QObject *parent = nullptr);

    bool isOn() const { return m_on; }
    void setOn(bool on);
    // The window's step-through switch (checkable; may be null): checked while presenting, and
    // given back its state afterwards.
    void setStepThroughAction(QAction *action) { m_stepThrough = action; }
    // The zoom the user had before presenting (while on; their current zoom otherwise).
    int userZoomPercent() const;

signals:
    void toggled(bool on);

private:
    WindowZoom *m_zoom;
    RevealPolicy *m_policy;
    SequenceDiagramView *m_diagram;
    ExportActions *m_exports;
    QPointer<QAction> m_stepThrough;
    bool m_on = false;
    int m_userPercent = 100;
    qreal m_userDiagramScale = 1.0;
    bool m_userStepThrough = false;
};
