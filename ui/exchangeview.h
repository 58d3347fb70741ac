#pragma once

#include "http/exchange.h"

#include <QWidget>

class InsecureBanner;
class LegDetailsView;
class LegListView;
class QSplitter;

// The legs of an exchange (left) and the selected leg's details (right), under a red banner
// when the exchange ran with TLS verification off.
class ExchangeView : public QWidget
{
    Q_OBJECT
public:
    explicit ExchangeView(QWidget *parent = nullptr);

    // Called as the exchange grows and once more when it finished; keeps the user's choice of leg.
    void setExchange(const Exchange &exchange);
    void clear();

    LegListView *legList() const { return m_legs; }
    LegDetailsView *legDetails() const { return m_details; }
    InsecureBanner *insecureBanner() const { return m_banner; }
    QSplitter *splitter() const { return m_splitter; }

private:
    void showLeg(int index);

    Exchange m_exchange;
    InsecureBanner *m_banner;
    QSplitter *m_splitter;
    LegListView *m_legs;
    LegDetailsView *m_details;
};
