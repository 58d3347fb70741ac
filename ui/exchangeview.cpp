#include "exchangeview.h"

#include "export/secretmatcher.h"
#include "export/secretredactor.h"
#include "insecurebanner.h"
#include "legdetailsview.h"
#include "leglistview.h"
#include "uiformat.h"

#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

ExchangeView::ExchangeView(QWidget *parent)
    : QWidget(parent)
    , m_banner(new InsecureBanner(tr("TLS verification was OFF for this exchange: certificates were not checked"), this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_legs(new LegListView(m_splitter))
    , m_details(new LegDetailsView(m_splitter))
{
    setObjectName(QStringLiteral("exchangeView"));
    m_splitter->setObjectName(QStringLiteral("exchangeSplitter"));
    m_splitter->addWidget(m_legs);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setChildrenCollapsible(false);

    QLabel *title = UiFormat::sectionTitle(tr("Legs of the exchange"), this);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(title);
    layout->addWidget(m_banner);
    layout->addWidget(m_splitter, 1);

    connect(m_legs, &LegListView::currentLegChanged, this, &ExchangeView::showLeg);
}

void ExchangeView::setExchange(const Exchange &exchange)
{
    m_exchange = exchange;
    m_banner->setActive(exchange.insecure());
    m_details->setSecretMatcher(std::make_shared<const SecretMatcher>(SecretRedactor::knownSecrets(exchange)));
    m_legs->setLegs(exchange.legs);
}

void ExchangeView::clear()
{
    setExchange(Exchange());
}

void ExchangeView::showLeg(int index)
{
    m_details->setLeg(index >= 0 && index < m_exchange.legs.size() ? &m_exchange.legs.at(index) : nullptr);
}
