#pragma once

#include "http/leg.h"

#include <QTableView>

class LegListModel;

// The table of an exchange's legs. Selecting a row announces that leg; while legs are added the
// newest one is selected unless the user picked another.
class LegListView : public QTableView
{
    Q_OBJECT
public:
    explicit LegListView(QWidget *parent = nullptr);

    void setLegs(const QList<Leg> &legs);
    LegListModel *legModel() const { return m_model; }
    // -1 when none is selected.
    int currentLeg() const;
    void selectLeg(int index);

signals:
    void currentLegChanged(int index);

private:
    LegListModel *m_model;
    bool m_userPicked = false;
    bool m_selecting = false;
};
