#include "responseview.h"

#include "bodyview.h"
#include "copyactions.h"
#include "core/displaytext.h"
#include "diagnosis/diagnoser.h"
#include "export/secretmatcher.h"
#include "export/secretredactor.h"
#include "headerlistmodel.h"
#include "insecurebanner.h"
#include "statusline.h"
#include "uiformat.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

ResponseView::ResponseView(QWidget *parent)
    : QWidget(parent)
    , m_banner(new InsecureBanner(tr("TLS verification was OFF for this request"), this))
    , m_status(new StatusLine(this))
    , m_pages(new QStackedWidget(this))
    , m_tabs(new QTabWidget(this))
    , m_outcome(new QWidget(this))
    , m_outcomeTitle(new QLabel(this))
    , m_outcomeText(new QLabel(this))
    , m_body(new BodyView(this))
    , m_headers(new HeaderListModel(false, this))
    , m_headersView(new QTableView(this))
    , m_reveal(new RevealButton(QStringLiteral("responseRevealSecrets"),
                                tr("Show cookie values and the exchange's credentials where the response repeats them "
                                   "(every view of the window, for a short time)"),
                                this))
{
    setObjectName(QStringLiteral("responseView"));
    m_body->setObjectName(QStringLiteral("responseBody"));
    m_headersView->setObjectName(QStringLiteral("responseHeaders"));
    m_headersView->setModel(m_headers);
    m_headersView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_headersView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_headersView->setAlternatingRowColors(true);
    // Long values (a Set-Cookie, a WWW-Authenticate with many parameters, a JWT) wrap, as in the
    // leg inspector: the whole value is read in the table, not only in a tooltip.
    m_headersView->setWordWrap(true);
    m_headersView->setTextElideMode(Qt::ElideNone);
    m_headersView->setShowGrid(false);
    m_headersView->verticalHeader()->hide();
    m_headersView->verticalHeader()->setMinimumSectionSize(m_headersView->fontMetrics().height() + 8);
    m_headersView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_headersView->horizontalHeader()->setHighlightSections(false);
    m_headersView->horizontalHeader()->resizeSection(HeaderListModel::NameColumn, 200);
    m_headersView->horizontalHeader()->setStretchLastSection(true);

    setUpHeaderCopying();

    m_tabs->setObjectName(QStringLiteral("responseTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->insertTab(BodyTab, m_body, tr("Body"));
    m_tabs->insertTab(HeadersTab, m_headersView, tr("Headers"));

    m_tabs->setCornerWidget(m_reveal, Qt::TopRightCorner);
    connect(m_reveal, &QToolButton::toggled, this, [this](bool reveal) {
        m_headers->setRevealSecrets(reveal);
        m_body->setRevealSecrets(reveal);
    });

    // Server and error text: never as HTML.
    m_outcome->setObjectName(QStringLiteral("responseOutcome"));
    m_outcomeTitle->setObjectName(QStringLiteral("responseOutcomeTitle"));
    m_outcomeTitle->setTextFormat(Qt::PlainText);
    m_outcomeTitle->setWordWrap(true);
    QFont titleFont = m_outcomeTitle->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    m_outcomeTitle->setFont(titleFont);
    m_outcomeText->setObjectName(QStringLiteral("responseOutcomeText"));
    m_outcomeText->setTextFormat(Qt::PlainText);
    m_outcomeText->setWordWrap(true);
    m_outcomeText->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    // A wrapped label is at least as wide as its longest word; a long URL must not widen the window.
    m_outcomeTitle->setMinimumWidth(1);
    m_outcomeText->setMinimumWidth(1);
    auto *outcomeLayout = new QVBoxLayout(m_outcome);
    outcomeLayout->setContentsMargins(12, 16, 12, 12);
    outcomeLayout->setSpacing(10);
    outcomeLayout->addWidget(m_outcomeTitle);
    outcomeLayout->addWidget(m_outcomeText);
    outcomeLayout->addStretch(1);

    m_pages->setObjectName(QStringLiteral("responsePages"));
    m_pages->addWidget(m_tabs);
    m_pages->addWidget(m_outcome);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    layout->addWidget(m_status);
    layout->addWidget(m_banner);
    layout->addWidget(m_pages, 1);
}

void ResponseView::showRunning(const Exchange &exchange)
{
    m_banner->setActive(exchange.insecure());
    m_status->showRunning(int(exchange.legs.size()));
    clearResponse();
    // What is on the wire now: the newest leg, or the request before its first leg starts.
    const Leg *current = exchange.legs.isEmpty() ? nullptr : &exchange.legs.constLast();
    const QByteArray method = current ? current->method : exchange.request.method;
    const QUrl url = current ? current->url : exchange.request.url;
    QString text = tr("%1 %2").arg(QString::fromLatin1(method), UiFormat::displayUrl(url));
    if (exchange.legs.size() > 1)
        text = tr("Leg %1: %2").arg(exchange.legs.size()).arg(text);
    showOutcome(tr("Sending…"), text);
}

void ResponseView::showWaitingForCredentials(const Exchange &exchange, const QString &what)
{
    m_banner->setActive(exchange.insecure());
    m_status->showWaitingForCredentials(what);
    clearResponse();
    QString text = tr("The server asked for credentials: %1.").arg(what);
    if (const Leg *last = exchange.finalLeg(); last && last->hasResponse())
        text = tr("%1 %2 answered %3 %4 and asked for credentials: %5.")
                   .arg(QString::fromLatin1(last->method), UiFormat::displayUrl(last->url))
                   .arg(last->statusCode)
                   .arg(DisplayText::fromBytes(last->reasonPhrase), what);
    showOutcome(tr("Waiting for credentials"), text + u'\n' + tr("Answer the dialog to send the request again, or cancel it."));
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
        m_pages->setCurrentWidget(m_tabs);
        return;
    }
    clearResponse();
    // No response to show: the failure is said where the response would be.
    const Status &status = exchange.status;
    const QString title = status.isOk() ? tr("No response") : UiFormat::statusTitle(status.code());
    QStringList lines;
    if (!status.message().isEmpty())
        lines << DisplayText::escaped(status.message());
    if (last)
        lines << tr("%1 %2 got no response.").arg(QString::fromLatin1(last->method), UiFormat::displayUrl(last->url));
    else if (!exchange.request.url.isEmpty())
        lines << tr("%1 %2 was not sent.").arg(QString::fromLatin1(exchange.request.method),
                                               UiFormat::displayUrl(exchange.request.url));
    const Diagnosis diagnosis = Diagnoser::forExchange(exchange);
    if (!diagnosis.isNull()) {
        lines << QString() << StatusLine::diagnosisText(diagnosis);
        if (!diagnosis.next.isEmpty())
            lines << tr("Next: %1").arg(DisplayText::escaped(diagnosis.next));
    }
    showOutcome(title, lines.join(u'\n'));
}

void ResponseView::showInvalidRequest(const QString &message)
{
    m_banner->setActive(false);
    m_status->showInvalidRequest(message);
    clearResponse();
    showOutcome(UiFormat::statusTitle(Status::Code::InvalidInput),
                tr("%1\nNothing was sent. Correct the request and send it again.").arg(message));
}

void ResponseView::clear()
{
    m_banner->setActive(false);
    m_status->showIdle();
    clearResponse();
    m_pages->setCurrentWidget(m_tabs);
}

bool ResponseView::isShowingOutcome() const
{
    return m_pages->currentWidget() == m_outcome;
}

QString ResponseView::outcomeTitle() const
{
    return m_outcomeTitle->text();
}

QString ResponseView::outcomeText() const
{
    return m_outcomeText->text();
}

void ResponseView::clearResponse()
{
    m_headers->setHeaders({});
    m_body->clear();
    m_tabs->setTabText(HeadersTab, tr("Headers"));
}

void ResponseView::showOutcome(const QString &title, const QString &text)
{
    m_outcomeTitle->setText(title);
    m_outcomeText->setText(text);
    m_pages->setCurrentWidget(m_outcome);
}

void ResponseView::setUpHeaderCopying()
{
    // As the leg inspector's header tables copy (CopyActions): what is shown, masked or revealed.
    auto *copy = new CopyActions(m_headersView);
    const auto cell = [this](int row, int column) { return m_headers->index(row, column).data().toString(); };
    m_copyLine = copy->add(tr("Copy Header &Line"), [cell](const QModelIndex &index) {
        return index.isValid() ? CopyActions::headerLine(cell(index.row(), HeaderListModel::NameColumn),
                                                         cell(index.row(), HeaderListModel::ValueColumn))
                               : QString();
    });
    m_copyValue = copy->add(tr("Copy &Value"), [cell](const QModelIndex &index) {
        return index.isValid() ? cell(index.row(), HeaderListModel::ValueColumn) : QString();
    }, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyAll = copy->add(tr("Copy &All Headers"), [this, cell](const QModelIndex &) {
        QStringList lines;
        for (int row = 0; row < m_headers->rowCount(); ++row)
            lines << CopyActions::headerLine(cell(row, HeaderListModel::NameColumn), cell(row, HeaderListModel::ValueColumn));
        return lines.join(u'\n');
    }, QKeySequence());
    m_copyLine->setObjectName(QStringLiteral("responseCopyHeaderLine"));
    m_copyValue->setObjectName(QStringLiteral("responseCopyHeaderValue"));
    m_copyAll->setObjectName(QStringLiteral("responseCopyAllHeaders"));
}
