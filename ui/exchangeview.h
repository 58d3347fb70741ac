#pragma once

#include "http/exchange.h"

#include <QWidget>

class InsecureBanner;
class LegDetailsView;
class LegListView;
class QSplitter;
class SequenceDiagramView;

// The exchange as a sequence diagram above the table of its legs (left) and the selected leg's
// details (right), under a red banner when the exchange ran with TLS verification off. One leg
// is selected in all three: a click or a key in the diagram or the list moves the others.
class ExchangeView : public QWidget
{
    Q_OBJECT
public:
    explicit ExchangeView(QWidget *parent = nullptr);

    // Called as the exchange grows and once more when it finished; keeps the user's choice of leg.
    void setExchange(const Exchange &exchange);
    void clear();
    // A strip shown between the title and the legs (the step-through banner); the view takes it.
    void insertBanner(QWidget *banner);

    LegListView *legList() const { return m_legs; }
    LegDetailsView *legDetails() const { return m_details; }
    SequenceDiagramView *diagram() const { return m_diagram; }
    // The diagram above, the leg list below.
    QSplitter *legsSplitter() const { return m_legsSplitter; }
    InsecureBanner *insecureBanner() const { return m_banner; }
    QSplitter *splitter() const { return m_splitter; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    void showLeg(int index);

    Exchange m_exchange;
    InsecureBanner *m_banner;
    QSplitter *m_splitter;
    QSplitter *m_legsSplitter;
    SequenceDiagramView *m_diagram;
    LegListView *m_legs;
    LegDetailsView *m_details;
    bool m_legsSized = false;
};
