#pragma once

#include "http/leg.h"

#include <QList>
#include <QWidget>

struct Exchange;

// The exchange's legs on one time axis, a row each: a bar from the moment the leg was queued to
// its last byte, in segments for the phases LegTiming recorded (connecting, TLS, waiting for the
// server, receiving). The selected leg's row is highlighted; clicking a row asks to select it.
// Colours come from the palette (phase fills keep 3:1 against Base in light and dark themes).
class TimingWaterfall : public QWidget
{
    Q_OBJECT
public:
    explicit TimingWaterfall(QWidget *parent = nullptr);

    void setExchange(const Exchange &exchange);
    void clear();
    void setSelectedLeg(int index);
    int selectedLeg() const { return m_selected; }
    int legCount() const { return int(m_rows.size()); }

    // A phase of one leg: [start, end) in ns since the exchange started.
    struct Segment
    {
        enum class Phase { Queued, Connecting, Tls, Waiting, Receiving };
        Phase phase;
        qint64 start;
        qint64 end;
    };
    static QList<Segment> segments(const LegTiming &timing);
    static QString phaseName(Segment::Phase phase);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void legClicked(int index);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    struct Row
    {
        QString label;   // "1  GET /digest/  401"
        LegTiming timing;
    };
    QColor phaseColor(Segment::Phase phase) const;
    int rowHeight() const;
    int labelWidth() const;
    int rowAt(int y) const;

    QList<Row> m_rows;
    qint64 m_endNs = 0;
    int m_selected = -1;
};
