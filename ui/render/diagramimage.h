#pragma once

#include <QByteArray>
#include <QImage>
#include <QPalette>
#include <QString>

struct Exchange;

// An exchange's sequence diagram as an image file: SVG (QSvgGenerator) or PNG, chosen by the
// file name's suffix. Qt Gui only (no Widgets): the GUI and authscope-cli --diagram both use it;
// the CLI runs it on the offscreen platform. The colours are the palette's (a light one by default,
// so a file reads the same on any screen).
namespace DiagramImage {
QByteArray svg(const Exchange &exchange, const QPalette &palette = QPalette());
// scale > 1 lays the diagram out larger (fonts included) for a projector or a high-dpi slide.
QImage png(const Exchange &exchange, qreal scale = 1.0, const QPalette &palette = QPalette());
// Black on white with a blue selection: what write() uses, so a file looks the same whoever made it.
QPalette lightPalette();
// path's suffix .svg or .png (another suffix is an error); in lightPalette(); written through
// OutputFile (atomic for a regular file). False with *error saying which file and why.
bool write(const QString &path, const Exchange &exchange, QString *error);
} // namespace DiagramImage
