#pragma once

#include <QObject>
#include <QPointer>

class FirstPaintWatcher;
class QWidget;

// `authscope --screenshot FILE`: saves the window as it painted itself (QWidget::grab, so no X
// screenshot tool is needed and dialogs over it are not in it) once it has painted and then had
// delayMs to settle. Exactly one of saved / failed follows start().
class WindowScreenshot : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultDelayMs = 500;
    static constexpr int PaintTimeoutMs = 60000;

    // window is not owned; the screenshot is parented to it.
    WindowScreenshot(QWidget *window, const QString &path);

    void setDelay(int ms) { m_delayMs = ms; }
    // Call before the window is shown.
    void start();
    QString path() const { return m_path; }

signals:
    void saved(const QString &path);
    void failed(const QString &message);

private:
    void save();

    QPointer<QWidget> m_window;
    QString m_path;
    int m_delayMs = DefaultDelayMs;
    FirstPaintWatcher *m_watcher = nullptr;
};
