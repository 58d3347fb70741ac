#include "diagramimage.h"

#include "diagram/sequencemodel.h"
#include "export/outputfile.h"
#include "http/exchange.h"
#include "sequencediagrampainter.h"

#include <QBuffer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QPainter>
#include <QSvgGenerator>

namespace {

// Files are read on other screens and slides: a size that reads there, whatever the desktop's font.
constexpr int ImageFontPixels = 15;

SequenceDiagramPainter painterFor(const Exchange &exchange, qreal scale)
{
    QFont font = QGuiApplication::font();
    font.setPixelSize(ImageFontPixels);
    return SequenceDiagramPainter(SequenceModel::fromExchange(exchange), font, scale);
}

} // namespace

namespace DiagramImage {

QByteArray svg(const Exchange &exchange, const QPalette &palette)
{
    const SequenceDiagramPainter diagram = painterFor(exchange, 1.0);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(diagram.size());
    generator.setViewBox(QRect(QPoint(0, 0), diagram.size()));
    generator.setResolution(96);
    generator.setTitle(QStringLiteral("AuthScope exchange"));
    generator.setDescription(QStringLiteral("Sequence diagram of one HTTP exchange, drawn by AuthScope"));
    QPainter painter(&generator);
    diagram.paint(&painter, palette);
    painter.end();
    return buffer.data();
}

QImage png(const Exchange &exchange, qreal scale, const QPalette &palette)
{
    // Laid out at the scale (fonts included) rather than magnified, so text stays sharp.
    const SequenceDiagramPainter diagram = painterFor(exchange, scale);
    QImage image(diagram.size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    diagram.paint(&painter, palette);
    painter.end();
    return image;
}

QPalette lightPalette()
{
    QPalette palette(QColor(Qt::black), QColor(Qt::white));
    palette.setColor(QPalette::Base, Qt::white);
    palette.setColor(QPalette::Text, Qt::black);
    palette.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    return palette;
}

bool write(const QString &path, const Exchange &exchange, QString *error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    QByteArray bytes;
    if (suffix == u"svg") {
        bytes = svg(exchange, lightPalette());
    } else if (suffix == u"png") {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        if (!png(exchange, 1.0, lightPalette()).save(&buffer, "PNG")) {
            *error = QStringLiteral("%1: the PNG image could not be encoded").arg(path);
            return false;
        }
    } else {
        *error = QStringLiteral("%1: a diagram is written as .svg or .png, not as \"%2\"")
                         .arg(path, suffix.isEmpty() ? QStringLiteral("(no suffix)") : QStringLiteral(".") + suffix);
        return false;
    }
    OutputFile file(path);
    if (!file.open() || !file.write(bytes) || !file.commit()) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace DiagramImage
