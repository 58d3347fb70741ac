#pragma once

#include "http/leg.h"

#include <QTableView>

class LegListModel;
class QAction;

// The table of an exchange's legs. Selecting a row announces that leg; while legs are added the
// newest one is selected unless the user picked another. Its context menu (and Ctrl+C,
// Ctrl+Alt+C) copies the selected leg's URL or the leg as a curl command, secrets masked.
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

    QAction *copyUrlAction() const { return m_copyUrl; }
    QAction *copyCurlAction() const { return m_copyCurl; }
    // A leg's URL as shown (secret query values masked); empty for a row that is not there.
    QString urlOf(int leg) const;
    // A leg as a curl command (CurlCommand: secrets as shell variables).
    QString curlCommandOf(int leg) const;

signals:
    void currentLegChanged(int index);

private:
    void updateCopyActions();

    LegListModel *m_model;
    QAction *m_copyUrl = nullptr;
    QAction *m_copyCurl = nullptr;
    bool m_userPicked = false;
    bool m_selecting = false;
};
