#include "windowscreenshot.h"

#include "firstpaintwatcher.h"

#include <QDir>
#include <QFileInfo>
#include <QImageWriter>
#include <QPixmap>
#include <QTimer>
#include <QWidget>

WindowScreenshot::WindowScreenshot(QWidget *window, const QString &path)
    : QObject(window)
    , m_window(window)
    , m_path(QFileInfo(path).absoluteFilePath())
{
}

void WindowScreenshot::start()
{
    m_watcher = new FirstPaintWatcher(m_window);
    m_watcher->setTimeout(PaintTimeoutMs);
    connect(m_watcher, &FirstPaintWatcher::firstPaint, this,
            [this] { QTimer::singleShot(m_delayMs, this, &WindowScreenshot::save); });
    connect(m_watcher, &FirstPaintWatcher::timedOut, this, [this] {
        emit failed(tr("the window did not paint within %1 s").arg(PaintTimeoutMs / 1000));
    });
}

void WindowScreenshot::save()
{
    if (!m_window) {
        emit failed(tr("the window closed before the screenshot"));
        return;
    }
    const QString folder = QFileInfo(m_path).absolutePath();
    if (!QDir().mkpath(folder)) {
        emit failed(tr("cannot create the folder %1").arg(folder));
        return;
    }
    QImageWriter writer(m_path);
    if (!writer.write(m_window->grab().toImage())) {
        emit failed(tr("cannot write %1: %2").arg(m_path, writer.errorString()));
        return;
    }
    emit saved(m_path);
}
