#include "responseview.h"

#include "bodyview.h"
#include "export/secretmatcher.h"
#include "export/secretredactor.h"
#include "elidingdelegate.h"
#include "headerlistmodel.h"
#include "insecurebanner.h"
#include "statusline.h"
#include "uiformat.h"

#include <QHeaderView>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

ResponseView::ResponseView(QWidget *parent)
    : QWidget(parent)
    , m_banner(new InsecureBanner(tr("TLS verification was OFF for this request"), this))
    , m_status(new StatusLine(this))
    , m_tabs(new QTabWidget(this))
    , m_body(new BodyView(this))
    , m_headers(new HeaderListModel(false, this))
    , m_headersView(new QTableView(this))
    , m_reveal(new QToolButton(this))
{
    setObjectName(QStringLiteral("responseView"));
    m_body->setObjectName(QStringLiteral("responseBody"));
    m_headersView->setObjectName(QStringLiteral("responseHeaders"));
    m_headersView->setModel(m_headers);
    m_headersView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_headersView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_headersView->setAlternatingRowColors(true);
    m_headersView->setWordWrap(false);
    m_headersView->setItemDelegateForColumn(HeaderListModel::ValueColumn, new ElidingDelegate(Qt::ElideMiddle, m_headersView));
    m_headersView->setShowGrid(false);
    m_headersView->verticalHeader()->hide();
    m_headersView->verticalHeader()->setDefaultSectionSize(m_headersView->fontMetrics().height() + 8);
    m_headersView->horizontalHeader()->setHighlightSections(false);
    m_headersView->horizontalHeader()->resizeSection(HeaderListModel::NameColumn, 200);
    m_headersView->horizontalHeader()->setStretchLastSection(true);

    m_tabs->setObjectName(QStringLiteral("responseTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->insertTab(BodyTab, m_body, tr("Body"));
    m_tabs->insertTab(HeadersTab, m_headersView, tr("Headers"));

    m_reveal->setObjectName(QStringLiteral("responseRevealSecrets"));
    m_reveal->setCheckable(true);
    m_reveal->setAutoRaise(true);
    m_reveal->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_reveal->setText(tr("Show secrets"));
    m_reveal->setIcon(UiFormat::revealIcon(false));
    m_reveal->setToolTip(tr("Show cookie values and the exchange's credentials where the response repeats them"));
    m_tabs->setCornerWidget(m_reveal, Qt::TopRightCorner);
    connect(m_reveal, &QToolButton::toggled, this, [this](bool reveal) {
        m_headers->setRevealSecrets(reveal);
        m_body->setRevealSecrets(reveal);
        m_reveal->setIcon(UiFormat::revealIcon(reveal));
        m_reveal->setText(reveal ? tr("Hide secrets") : tr("Show secrets"));
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    layout->addWidget(m_status);
    layout->addWidget(m_banner);
    layout->addWidget(m_tabs, 1);
}

void ResponseView::showRunning(const Exchange &exchange)
{
    m_banner->setActive(exchange.insecure());
    m_status->showRunning(int(exchange.legs.size()));
}

void ResponseView::showExchange(const Exchange &exchange)
{
    m_banner->setActive(exchange.insecure());
    m_status->showExchange(exchange);
    const Leg *last = exchange.finalLeg();
    m_body->setSecretMatcher(std::make_shared<const SecretMatcher>(SecretRedactor::knownSecrets(exchange)));
    if (last && last->hasResponse()) {
        m_headers->setHeaders(last->responseHeaders);
        m_body->setBody(last->responseBody, last->responseHeaders.value(QByteArrayLiteral("content-type")));
        m_tabs->setTabText(HeadersTab, tr("Headers (%1)").arg(last->responseHeaders.size()));
    } else {
        m_headers->setHeaders({});
        m_body->clear();
        m_tabs->setTabText(HeadersTab, tr("Headers"));
    }
}

void ResponseView::clear()
{
    m_banner->setActive(false);
    m_status->showIdle();
    m_headers->setHeaders({});
    m_body->clear();
    m_tabs->setTabText(HeadersTab, tr("Headers"));
}
