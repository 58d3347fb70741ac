#pragma once

#include "diagram/sequencemodel.h"

#include <QColor>
#include <QLineF>
#include <QFont>
#include <QList>
#include <QPalette>
#include <QRectF>
#include <QSize>
#include <QStringList>

class QPainter;

// Lays out and paints a SequenceModel: lane headers, dashed lifelines, an arrow per message with
// its label above and its annotations below, a band per leg numbered in a left gutter (the leg
// list's numbers), the selected leg highlighted. Qt Gui only: the widget paints it on screen and
// DiagramImage into SVG and PNG files. The layout is fixed at construction (font, scale); colours
// come from the palette at paint time, so a palette change needs no new layout.
class SequenceDiagramPainter
{
public:
    // font's pixel size (or its point size at dpi) times scale is the labels' size; scale > 1 is
    // for a projector (presenter mode).
    SequenceDiagramPainter(SequenceModel model, const QFont &font, qreal scale = 1.0, qreal dpi = 96.0);

    const SequenceModel &model() const { return m_model; }
    QSize size() const { return m_size; }

    // Paints at (0, 0) in the painter's coordinates; selectedLeg -1 highlights none.
    void paint(QPainter *painter, const QPalette &palette, int selectedLeg = -1) const;

    // The lane headers alone (paint() draws them too): a view scrolled down paints them again at
    // its top so the lanes stay named. headerBottom() is where they end.
    void paintLaneHeaders(QPainter *painter, const QPalette &palette) const;
    qreal headerBottom() const;

    // Hit testing, in the painter's coordinates: the message whose arrow, label or annotations
    // are at point (-1 for none), and the leg whose band holds point (-1 for none).
    int messageAt(const QPointF &point) const;
    int legAt(const QPointF &point) const;
    QRectF messageRect(int message) const;
    // The arrow's line itself (its ends at the two lanes), for tests and scrolling.
    QLineF arrowLine(int message) const;
    QRectF legRect(int leg) const;
    // The full label and the annotations, for a tooltip.
    QString toolTip(int message) const;

    // The colours painted with a palette: text at 4.5:1 or more against the background in light
    // and dark palettes alike (tests check it).
    struct Colours
    {
        QColor background;
        QColor text;
        QColor line;        // lifelines and borders
        QColor headerFill;
        QColor success;     // 2xx
        QColor redirect;    // 3xx
        QColor refused;     // 4xx, 5xx, failures, error notes
        QColor warning;     // warning notes
        QColor highlight;   // the selected leg's band
        QColor highlightBar;
    };
    static Colours colours(const QPalette &palette);
    // WCAG 2 contrast ratio of two opaque colours (1 to 21).
    static qreal contrast(const QColor &a, const QColor &b);

private:
    struct LaneBox
    {
        qreal x = 0;       // lifeline
        QRectF header;
        QString role;      // small line ("authorization server"); empty for the client
        QString name;      // "127.0.0.1:8080", "AuthScope"
    };
    struct MessageBox
    {
        qreal y = 0;       // the arrow
        qreal fromX = 0;
        qreal toX = 0;
        qreal viaX = -1;
        QRectF label;
        QList<QRectF> annotations;
        QRectF area;       // everything of the message, for hit tests
    };
    struct LegBand
    {
        int leg = -1;
        QRectF rect;
    };

    void layout();
    QColor arrowColour(const SequenceMessage &message, const Colours &c) const;
    static QColor severityColour(NoteSeverity severity, const Colours &c);
    void paintMessage(QPainter *painter, int index, bool selected, const Colours &c) const;
    qreal penWidth(bool selected) const;

    SequenceModel m_model;
    QFont m_font;            // labels
    QFont m_smallFont;       // roles in lane headers
    QFont m_annotationFont;  // annotations (italic)
    QFont m_boldFont;        // lane names, leg numbers
    qreal m_unit = 14;       // the font's pixel size: every distance is a multiple of it
    QList<LaneBox> m_lanes;
    QList<MessageBox> m_boxes;
    QList<LegBand> m_bands;
    qreal m_lifelineTop = 0;
    qreal m_lifelineBottom = 0;
    QSize m_size;
};
