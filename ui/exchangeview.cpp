#include "exchangeview.h"

#include "export/secretmatcher.h"
#include "export/secretredactor.h"
#include "insecurebanner.h"
#include "legdetailsview.h"
#include "leglistview.h"
#include "sequencediagramview.h"
#include "uiformat.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

ExchangeView::ExchangeView(QWidget *parent)
    : QWidget(parent)
    , m_banner(new InsecureBanner(tr("TLS verification was OFF for this exchange: certificates were not checked"), this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_legsSplitter(new QSplitter(Qt::Vertical, m_splitter))
    , m_diagram(new SequenceDiagramView(m_legsSplitter))
    , m_legs(new LegListView(m_legsSplitter))
    , m_details(new LegDetailsView(m_splitter))
{
    setObjectName(QStringLiteral("exchangeView"));
    m_splitter->setObjectName(QStringLiteral("exchangeSplitter"));
    m_legsSplitter->setObjectName(QStringLiteral("legsSplitter"));
    m_legsSplitter->addWidget(m_diagram);
    m_legsSplitter->addWidget(m_legs);
    // The diagram takes the height; the list keeps a few rows (it scrolls, and the diagram numbers
    // the legs as the list does). At 1280x720 the exchange view is about 430 px high.
    m_legsSplitter->setStretchFactor(0, 1);
    m_legsSplitter->setStretchFactor(1, 0);
    m_legsSplitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_legsSplitter);
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
    connect(m_diagram, &SequenceDiagramView::legActivated, m_legs, &LegListView::selectLeg);
    connect(m_details, &LegDetailsView::legRequested, m_legs, &LegListView::selectLeg); // the timing waterfall
}

void ExchangeView::insertBanner(QWidget *banner)
{
    auto *box = static_cast<QVBoxLayout *>(layout());
    box->insertWidget(box->indexOf(m_splitter), banner);
}

void ExchangeView::setExchange(const Exchange &exchange)
{
    m_exchange = exchange;
    m_banner->setActive(exchange.insecure());
    m_details->setSecretMatcher(std::make_shared<const SecretMatcher>(SecretRedactor::knownSecrets(exchange)));
    m_details->setExchangeContext(exchange);
    m_diagram->setExchange(exchange);
    m_legs->setLegs(exchange.legs);
}

void ExchangeView::clear()
{
    setExchange(Exchange());
}

void ExchangeView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_legsSized)
        return;
    m_legsSized = true;
    // The list's header and three rows and a half (the half says it scrolls); the rest is the diagram's.
    const int rows = m_legs->horizontalHeader()->sizeHint().height() + m_legs->verticalHeader()->defaultSectionSize() * 7 / 2
            + 2 * m_legs->frameWidth();
    const int total = m_legsSplitter->height();
    if (total > 2 * rows)
        m_legsSplitter->setSizes({total - rows, rows});
}

void ExchangeView::showLeg(int index)
{
    m_details->setLeg(index >= 0 && index < m_exchange.legs.size() ? &m_exchange.legs.at(index) : nullptr);
    m_diagram->setCurrentLeg(index);
}
