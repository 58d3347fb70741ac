#pragma once

#include <QFont>
#include <QObject>

class QWidget;

// View > Zoom of one window: scales the text of every widget in it (and the fixed-pitch font the
// models hand out through UiFormat) by a percentage, and row heights with it, so the request
// editor, leg list, inspector, bodies and diagram grow together. Widgets that inherit their font
// follow the window's; widgets with a font of their own keep its proportion to the default.
class WindowZoom : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultPercent = 100;

    // window is not owned; its font when this is made is the 100 % size.
    explicit WindowZoom(QWidget *window, QObject *parent = nullptr);
    // The fixed-pitch font goes back to 100 % for the next window.
    ~WindowZoom() override;

    int percent() const { return m_percent; }
    // Clamped to the steps' range; widgets made since the last call are scaled too.
    void setPercent(int percent);
    void zoomIn();
    void zoomOut();
    void reset() { setPercent(DefaultPercent); }

    // The step after percent in direction (+1 larger, -1 smaller): 50, 67, 80, 90, 100, 110,
    // 125, 150, 175, 200, 250, 300; the ends stay where they are.
    static int nextPercent(int percent, int direction);
    static int minimumPercent();
    static int maximumPercent();

signals:
    void percentChanged(int percent);

private:
    void apply(qreal oldScale, qreal newScale);

    QWidget *m_window;
    QFont m_baseFont;
    int m_percent = DefaultPercent;
};
