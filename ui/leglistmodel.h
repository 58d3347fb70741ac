#pragma once

#include "http/leg.h"

#include <QAbstractTableModel>
#include <QList>

// The legs of one exchange as rows: #, kind, method, URL (with a redirect's Location), status,
// time. A leg still in flight shows "…" as its status, a leg held by a step-through "held".
class LegListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { IndexColumn, KindColumn, MethodColumn, UrlColumn, StatusColumn, TimeColumn, ColumnCount };

    explicit LegListModel(QObject *parent = nullptr);

    // Keeps rows that already exist (and so the view's selection) when legs are only added.
    void setLegs(const QList<Leg> &legs);
    const QList<Leg> &legs() const { return m_legs; }
    // The leg a step-through holds (-1: none); its status reads "held" until it is sent.
    void setHeldLeg(int index);
    int heldLeg() const { return m_held; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString statusText(const Leg &leg);
    // The URL column: the leg's URL, and for a redirect its Location resolved against it
    // ("http://a:1/old → http://b:2/new"); secret query values masked.
    static QString urlText(const Leg &leg);
    // The absolute URL a 3xx leg's Location names; empty for other legs.
    static QUrl redirectTarget(const Leg &leg);

private:
    QList<Leg> m_legs;
    int m_held = -1;
};
