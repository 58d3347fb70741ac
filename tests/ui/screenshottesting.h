#pragma once

#include <QDir>
#include <QImage>
#include <QPalette>
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

// A dark theme's palette, to check that a view draws its colours from the palette.
inline QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x26, 0x28, 0x2b));
    p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Base, QColor(0x1c, 0x1d, 0x1f));
    p.setColor(QPalette::AlternateBase, QColor(0x24, 0x26, 0x29));
    p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Button, QColor(0x30, 0x32, 0x36));
    p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xe6));
    p.setColor(QPalette::HighlightedText, QColor(0x10, 0x10, 0x10));
    return p;
}

} // namespace ScreenshotTesting
