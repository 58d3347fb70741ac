#pragma once

#include <QDir>
#include <QImage>
#include <QScreen>
#include <QSet>
#include <QString>
#include <QWidget>

// Helpers of the tests that capture windows from the X server (xvfb-run) into build/screenshots/.
namespace ScreenshotTesting {

// What is on the screen where the window is: dialogs over it included (they are other windows).
inline QImage grabScreenArea(QWidget *window)
{
    const QRect area = window->frameGeometry();
    return window->screen()->grabWindow(0, area.x(), area.y(), area.width(), area.height()).toImage();
}

// Few colours mean an empty or unpainted window.
inline int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y));
    }
    return int(colours.size());
}

// Saves into build/screenshots/name; *path says where.
inline bool save(const QImage &image, const QString &name, QString *path)
{
    const QString outDir = QStringLiteral(AUTHSCOPE_BINARY_DIR "/screenshots");
    *path = outDir + u'/' + name;
    return QDir().mkpath(outDir) && image.save(*path);
}

} // namespace ScreenshotTesting
