#include "legdetailsview.h"

#include "bodyformatter.h"
#include "bodyview.h"
#include "challengeview.h"
#include "copyactions.h"
#include "core/displaytext.h"
#include "diagnosis/diagnoser.h"
#include "export/curlcommand.h"
#include "headerlistmodel.h"
#include "http/exchange.h"
#include "rawmessageview.h"
#include "timingwaterfall.h"
#include "uiformat.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QSslCipher>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

QTableView *makeHeadersView(HeaderListModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    // Long values (a Digest Authorization, a JWT, a cookie list) wrap: the whole value is read
    // in the table, not only in a tooltip. Rows grow to their text.
    view->setWordWrap(true);
    view->setTextElideMode(Qt::ElideNone);
    view->setShowGrid(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setMinimumSectionSize(view->fontMetrics().height() + 8);
    view->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->resizeSection(HeaderListModel::NameColumn, 160);
    if (model->columnCount() > HeaderListModel::SourceColumn) {
        view->horizontalHeader()->setSectionResizeMode(HeaderListModel::ValueColumn, QHeaderView::Stretch);
        view->horizontalHeader()->resizeSection(HeaderListModel::SourceColumn, 130);
    } else {
        view->horizontalHeader()->setStretchLastSection(true);
    }
    return view;
}

QTreeWidget *makeTree(const QStringList &columns, QWidget *parent, const QString &name)
{
    auto *tree = new QTreeWidget(parent);
    tree->setObjectName(name);
    tree->setHeaderLabels(columns);
    tree->setRootIsDecorated(false);
    tree->setAlternatingRowColors(true);
    tree->setUniformRowHeights(true);
    tree->header()->setStretchLastSection(true);
    tree->header()->resizeSection(0, 190);
    return tree;
}

QTreeWidgetItem *addRow(QTreeWidget *tree, const QStringList &values, QTreeWidgetItem *parent = nullptr)
{
    auto *item = parent ? new QTreeWidgetItem(parent, values) : new QTreeWidgetItem(tree, values);
    for (int c = 1; c < values.size(); ++c)
        item->setFont(c, UiFormat::monospaceFont());
    return item;
}

QString cookieFlags(const QNetworkCookie &cookie)
{
    QStringList flags;
    if (cookie.isSecure())
        flags << QStringLiteral("Secure");
    if (cookie.isHttpOnly())
        flags << QStringLiteral("HttpOnly");
    switch (cookie.sameSitePolicy()) {
    case QNetworkCookie::SameSite::Default: break;
    case QNetworkCookie::SameSite::None: flags << QStringLiteral("SameSite=None"); break;
    case QNetworkCookie::SameSite::Lax: flags << QStringLiteral("SameSite=Lax"); break;
    case QNetworkCookie::SameSite::Strict: flags << QStringLiteral("SameSite=Strict"); break;
    }
    return flags.join(QStringLiteral(", "));
}

} // namespace

LegDetailsView::LegDetailsView(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_diagnosis(new QLabel(this))
    , m_diagnosisDetails(new QToolButton(this))
    , m_raw(new RawMessageView(this))
    , m_waterfall(new TimingWaterfall(this))
    , m_tabs(new QTabWidget(this))
    , m_requestHeaders(new HeaderListModel(true, this))
    , m_responseHeaders(new HeaderListModel(false, this))
    , m_requestHeadersView(makeHeadersView(m_requestHeaders, this))
    , m_responseHeadersView(makeHeadersView(m_responseHeaders, this))
    , m_requestBodyLabel(new QLabel(this))
    , m_requestBody(new BodyView(this))
    , m_responseBody(new BodyView(this))
    , m_cookies(new QTableWidget(0, 7, this))
    , m_tls(makeTree({tr("Property"), tr("Value")}, this, QStringLiteral("legTls")))
    , m_timing(makeTree({tr("Phase"), tr("At"), tr("Took")}, this, QStringLiteral("legTiming")))
    , m_notes(new QListWidget(this))
    , m_challenges(new ChallengeView(this))
    , m_reveal(new RevealButton(QStringLiteral("legRevealSecrets"),
                                tr("Show credentials, cookie values and API keys unmasked in this leg's headers, cookies "
                                   "and bodies (every view of the window, for a short time)"),
                                this))
    , m_inspectToken(new QToolButton(this))
{
    setObjectName(QStringLiteral("legDetails"));
    m_summary->setObjectName(QStringLiteral("legSummary"));
    m_summary->setWordWrap(true);
    // A wrapped label is as wide as its longest word: a long URL would widen the window. The
    // label takes the width it is given (the URL is whole in the tooltip and the Raw tab).
    m_summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_diagnosis->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_requestHeadersView->setObjectName(QStringLiteral("legRequestHeaders"));
    m_responseHeadersView->setObjectName(QStringLiteral("legResponseHeaders"));

    // Request tab: headers as sent above, the body preview (when there is one) below.
    auto *requestTab = new QWidget(this);
    auto *requestLayout = new QVBoxLayout(requestTab);
    requestLayout->setContentsMargins(0, 0, 0, 0);
    requestLayout->setSpacing(4);
    requestLayout->addWidget(m_requestHeadersView, 3);
    requestLayout->addWidget(m_requestBodyLabel);
    requestLayout->addWidget(m_requestBody, 1);
    // The headers are what this tab is for; the body preview gets a few lines.
    m_requestBody->setMaximumHeight(m_requestBody->fontMetrics().height() * 6);

    m_cookies->setObjectName(QStringLiteral("legCookies"));
    m_cookies->setHorizontalHeaderLabels({tr("Direction"), tr("Name"), tr("Value"), tr("Domain"), tr("Path"),
                                          tr("Expires"), tr("Flags")});
    m_cookies->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_cookies->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_cookies->verticalHeader()->hide();
    m_cookies->setAlternatingRowColors(true);
    m_cookies->setShowGrid(false);
    m_cookies->horizontalHeader()->setStretchLastSection(true);

    m_timing->header()->resizeSection(1, 110);
    m_notes->setObjectName(QStringLiteral("legNotes"));
    m_notes->setWordWrap(true);
    m_notes->setAlternatingRowColors(true);

    m_tabs->setObjectName(QStringLiteral("legTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->insertTab(RequestTab, requestTab, tr("Request"));
    m_tabs->insertTab(ResponseTab, m_responseHeadersView, tr("Response"));
    m_tabs->insertTab(RawTab, m_raw, tr("Raw"));
    m_tabs->insertTab(BodyTab, m_responseBody, tr("Body"));
    m_tabs->insertTab(AuthTab, m_challenges, tr("Auth"));
    m_tabs->insertTab(CookiesTab, m_cookies, tr("Cookies"));
    m_tabs->insertTab(TlsTab, m_tls, tr("TLS"));
    // Timing: the exchange's waterfall above, this leg's phases below.
    auto *timingTab = new QWidget(this);
    auto *timingLayout = new QVBoxLayout(timingTab);
    timingLayout->setContentsMargins(0, 0, 0, 0);
    timingLayout->setSpacing(4);
    timingLayout->addWidget(m_waterfall);
    timingLayout->addWidget(m_timing, 1);
    m_tabs->insertTab(TimingTab, timingTab, tr("Timing"));
    connect(m_waterfall, &TimingWaterfall::legClicked, this, &LegDetailsView::legRequested);
    m_tabs->insertTab(NotesTab, m_notes, tr("Notes"));

    connect(m_reveal, &QToolButton::toggled, this, &LegDetailsView::setRevealSecrets);

    m_inspectToken->setObjectName(QStringLiteral("legInspectToken"));
    m_inspectToken->setAutoRaise(true);
    m_inspectToken->setText(tr("Inspect token…"));
    m_inspectToken->setToolTip(tr("Decode the Bearer token this leg sent: JWT claims, expiry, signature, clock skew"));
    m_inspectToken->hide();
    connect(m_inspectToken, &QToolButton::clicked, this, &LegDetailsView::inspectTokenRequested);
    connect(m_challenges, &ChallengeView::inspectTokenRequested, this, &LegDetailsView::inspectTokenRequested);

    m_diagnosis->setObjectName(QStringLiteral("legDiagnosis"));
    m_diagnosis->setWordWrap(true);
    m_diagnosis->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_diagnosisDetails->setObjectName(QStringLiteral("legDiagnosisDetails"));
    m_diagnosisDetails->setCheckable(true);
    m_diagnosisDetails->setAutoRaise(true);
    m_diagnosisDetails->setText(tr("Evidence and next steps"));
    m_diagnosisDetails->setToolTip(tr("What the diagnosis rests on and what to try next"));
    connect(m_diagnosisDetails, &QToolButton::toggled, this, [this] {
        if (m_leg)
            showDiagnosis(*m_leg);
    });

    m_requestCopy = installCopyActions(m_requestHeadersView, m_requestHeaders);
    m_responseCopy = installCopyActions(m_responseHeadersView, m_responseHeaders);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    // The switch sits beside the summary: the tab bar is full with eight tabs.
    auto *top = new QHBoxLayout;
    top->setSpacing(8);
    top->addWidget(m_summary, 1);
    top->addWidget(m_inspectToken, 0, Qt::AlignTop);
    top->addWidget(m_reveal, 0, Qt::AlignTop);
    layout->addLayout(top);
    auto *diagnosisRow = new QHBoxLayout;
    diagnosisRow->setSpacing(8);
    diagnosisRow->addWidget(m_diagnosis, 1);
    diagnosisRow->addWidget(m_diagnosisDetails, 0, Qt::AlignTop);
    layout->addLayout(diagnosisRow);
    layout->addWidget(m_tabs, 1);
    connect(m_tabs, &QTabWidget::currentChanged, this, &LegDetailsView::loadResponseBodyIfShown);
    setLeg(nullptr);
}

LegDetailsView::~LegDetailsView() = default;

CopyActions *LegDetailsView::installCopyActions(QTableView *view, HeaderListModel *model)
{
    auto *actions = new CopyActions(view);
    // What is copied is what the table shows: masked secrets stay masked until revealed.
    const auto field = [model](const QModelIndex &index) -> const HeaderField * {
        return index.isValid() && index.row() < model->headers().size() ? &model->headers().at(index.row()) : nullptr;
    };
    actions->add(tr("Copy header line"), [this, field](const QModelIndex &index) {
        const HeaderField *f = field(index);
        return f ? CopyActions::headerLine(DisplayText::fromBytes(f->name), HeaderListModel::displayValue(*f, revealSecrets()))
                 : QString();
    });
    actions->add(tr("Copy value"), [this, field](const QModelIndex &index) {
        const HeaderField *f = field(index);
        return f ? HeaderListModel::displayValue(*f, revealSecrets()) : QString();
    }, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    actions->add(tr("Copy as curl"), [this](const QModelIndex &) {
        return m_leg ? CurlCommand::forLeg(*m_leg, revealSecrets()) : QString();
    }, QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_C));
    return actions;
}

void LegDetailsView::setExchangeContext(const Exchange &exchange)
{
    m_exchange = std::make_unique<Exchange>(exchange);
    m_waterfall->setExchange(exchange);
}

bool LegDetailsView::isInContext(const Leg &leg) const
{
    // A leg of another exchange (the context not set for it) is shown on its own.
    return m_exchange && leg.index >= 0 && leg.index < m_exchange->legs.size()
           && m_exchange->legs.at(leg.index).url == leg.url && m_exchange->legs.at(leg.index).method == leg.method;
}

void LegDetailsView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // The raw view's bands and the steps' colours are drawn from the palette: draw them again.
    // Queued: the children receive the new palette after this widget does.
    if (event->type() == QEvent::PaletteChange && m_leg) {
        QMetaObject::invokeMethod(this, [this] {
            if (!m_leg)
                return;
            showRaw();
            showDiagnosis(*m_leg);
            m_challenges->setRevealSecrets(revealSecrets());
        }, Qt::QueuedConnection);
    }
}

void LegDetailsView::showRaw()
{
    m_raw->showLeg(m_leg.get(), revealSecrets(), m_matcher.get());
}

QByteArray LegDetailsView::sentBearerToken(const Leg &leg)
{
    // The auth-scheme is case-insensitive (RFC 9110 §11.1).
    const QByteArray value = leg.requestHeaders.value(QByteArrayLiteral("Authorization")).trimmed();
    if (value.size() < 8 || value.left(7).toLower() != "bearer ")
        return QByteArray();
    return value.mid(7).trimmed();
}

bool LegDetailsView::revealSecrets() const
{
    return m_reveal->isChecked();
}

void LegDetailsView::setRevealSecrets(bool reveal)
{
    m_reveal->setChecked(reveal);
    m_requestHeaders->setRevealSecrets(reveal);
    m_responseHeaders->setRevealSecrets(reveal);
    m_requestBody->setRevealSecrets(reveal);
    m_responseBody->setRevealSecrets(reveal);
    m_challenges->setRevealSecrets(reveal);
    if (m_leg) {
        showSummary(*m_leg);
        showCookies(*m_leg);
        showRaw();
    }
}

void LegDetailsView::setSecretMatcher(const std::shared_ptr<const SecretMatcher> &matcher)
{
    m_matcher = matcher;
    m_requestBody->setSecretMatcher(matcher);
    m_responseBody->setSecretMatcher(matcher);
}

void LegDetailsView::setLeg(const Leg *leg)
{
    m_leg = leg ? std::make_unique<Leg>(*leg) : nullptr;
    m_inspectToken->setVisible(leg && !sentBearerToken(*leg).isEmpty());
    if (!leg) {
        m_summary->setText(tr("Select a leg to see what was sent and received."));
        m_requestHeaders->setHeaders({});
        m_responseHeaders->setHeaders({});
        m_requestBodyLabel->setText(tr("No request body."));
        m_requestBody->clear();
        m_requestBody->hide();
        m_responseBody->clear();
        m_pendingBody.reset();
        m_cookies->setRowCount(0);
        m_tls->clear();
        m_timing->clear();
        m_notes->clear();
        m_challenges->setLeg(nullptr);
        m_raw->showLeg(nullptr, false, nullptr);
        m_diagnosis->hide();
        m_diagnosisDetails->hide();
        m_diagnosisCode.clear();
        if (m_exchange)
            m_waterfall->setSelectedLeg(-1);
        else
            m_waterfall->clear();
        m_tabs->setTabText(RequestTab, tr("Request"));
        m_tabs->setTabText(ResponseTab, tr("Response"));
        m_tabs->setTabText(AuthTab, tr("Auth"));
        m_tabs->setTabText(CookiesTab, tr("Cookies"));
        m_tabs->setTabText(NotesTab, tr("Notes"));
        return;
    }

    showSummary(*leg);
    showDiagnosis(*leg);
    showRaw();
    // Without the exchange's context the waterfall shows this leg alone.
    const bool inContext = isInContext(*leg);
    if (inContext) {
        m_waterfall->setExchange(*m_exchange);
    } else {
        Exchange alone;
        alone.legs.append(*leg);
        alone.legs.last().index = 0;
        m_waterfall->setExchange(alone);
    }
    m_waterfall->setSelectedLeg(inContext ? leg->index : 0);
    m_requestHeaders->setHeaders(leg->requestHeaders);
    m_tabs->setTabText(RequestTab, tr("Request (%1)").arg(leg->requestHeaders.size()));
    if (leg->requestBodySize > 0) {
        QString label = tr("Request body: %1").arg(BodyFormatter::formatSize(leg->requestBodySize));
        if (!leg->requestBodySource.isEmpty())
            label += QStringLiteral(" (%1)").arg(leg->requestBodySource);
        m_requestBodyLabel->setText(label);
        m_requestBody->setBytes(leg->requestBody, leg->requestBodySize,
                                leg->requestHeaders.value(QByteArrayLiteral("content-type")));
        m_requestBody->show();
    } else {
        m_requestBodyLabel->setText(tr("No request body."));
        m_requestBody->clear();
        m_requestBody->hide();
    }

    m_responseHeaders->setHeaders(leg->responseHeaders);
    m_tabs->setTabText(ResponseTab, leg->hasResponse() ? tr("Response (%1)").arg(leg->responseHeaders.size())
                                                       : tr("Response"));
    m_responseBody->clear();
    m_pendingBody = leg->responseBody;
    m_pendingContentType = leg->responseHeaders.value(QByteArrayLiteral("content-type"));
    loadResponseBodyIfShown();

    m_challenges->setLeg(leg);
    const int challenges = int(leg->challenges.size());
    m_tabs->setTabText(AuthTab, challenges ? tr("Auth (%1)").arg(challenges)
                                           : (leg->authentication.isEmpty() ? tr("Auth") : tr("Auth (sent)")));
    showCookies(*leg);
    showTls(*leg);
    showTiming(*leg);
    showNotes(*leg);
}

void LegDetailsView::loadResponseBodyIfShown()
{
    if (!m_pendingBody || m_tabs->currentIndex() != BodyTab)
        return;
    m_responseBody->setBody(m_pendingBody, m_pendingContentType);
    m_pendingBody.reset();
}

void LegDetailsView::showSummary(const Leg &leg)
{
    // An API key placed in the query, or a token in a redirect's URL, is a secret too.
    const QString url = UiFormat::displayUrl(leg.url, revealSecrets());
    QStringList lines;
    lines << tr("<b>Leg %1</b> · %2 · <code>%3 %4</code>%5")
                 .arg(leg.index + 1)
                 .arg(Leg::kindName(leg.kind).toHtmlEscaped(), QString::fromLatin1(leg.method).toHtmlEscaped(),
                      DisplayText::escaped(url).toHtmlEscaped(),
                      leg.reason.isEmpty() ? QString() : QStringLiteral(" — ") + DisplayText::escaped(leg.reason).toHtmlEscaped());
    const QString meaning = UiFormat::statusMeaning(leg.statusCode);
    if (!meaning.isEmpty())
        lines << QStringLiteral("<span style=\"color:%1\"><b>%2 %3</b> — %4</span>")
                     .arg(UiFormat::statusColor(leg.statusCode).name())
                     .arg(leg.statusCode)
                     .arg(DisplayText::fromBytes(leg.reasonPhrase).toHtmlEscaped(), meaning.toHtmlEscaped());
    if (!leg.authentication.isEmpty())
        lines << tr("Credentials sent: %1").arg(DisplayText::escaped(leg.authentication).toHtmlEscaped());
    m_summary->setText(lines.join(QStringLiteral("<br>")));
    m_summary->setToolTip(UiFormat::plainToolTip(DisplayText::escaped(url)));
}

void LegDetailsView::showDiagnosis(const Leg &leg)
{
    const Diagnosis diagnosis = isInContext(leg) ? Diagnoser::forLeg(*m_exchange, leg.index) : Diagnosis();
    m_diagnosisCode = diagnosis.codeName();
    m_diagnosis->setVisible(!diagnosis.isNull());
    m_diagnosisDetails->setVisible(!diagnosis.isNull());
    if (diagnosis.isNull())
        return;
    const QColor colour = leg.statusCode == 403 || leg.statusCode >= 500 || !leg.hasResponse()
            ? UiFormat::dangerColor(palette()) : UiFormat::warningColor(palette());
    QString html = QStringLiteral("<span style=\"color:%1\"><b>%2</b></span> <code>%3</code> — %4")
                           .arg(colour.name(), DiagnosisCodes::title(diagnosis.code).toHtmlEscaped(),
                                diagnosis.codeName().toHtmlEscaped(), DisplayText::escaped(diagnosis.summary).toHtmlEscaped());
    if (m_diagnosisDetails->isChecked()) {
        QStringList evidence;
        for (const QString &line : diagnosis.evidence)
            evidence << QStringLiteral("<li>%1</li>").arg(DisplayText::escaped(line).toHtmlEscaped());
        if (!evidence.isEmpty())
            html += QStringLiteral("<br>%1<ul style=\"margin-top:0\">%2</ul>").arg(tr("Evidence:"), evidence.join(QString()));
        const QString next = diagnosis.next.isEmpty() ? DiagnosisCodes::advice(diagnosis.code) : diagnosis.next;
        if (!next.isEmpty())
            html += QStringLiteral("%1 %2").arg(tr("Next:"), DisplayText::escaped(next).toHtmlEscaped());
    }
    m_diagnosis->setText(html);
}

QString LegDetailsView::summary() const
{
    return m_summary->text();
}

void LegDetailsView::showCookies(const Leg &leg)
{
    m_cookies->setRowCount(0);
    const auto addCookie = [this](const QString &direction, const QNetworkCookie &cookie) {
        const int r = m_cookies->rowCount();
        m_cookies->insertRow(r);
        const QStringList values{
            direction,
            DisplayText::fromBytes(cookie.name()),
            revealSecrets() || cookie.value().isEmpty() ? DisplayText::fromBytes(cookie.value()) : UiFormat::secretMask(),
            DisplayText::escaped(cookie.domain()),
            DisplayText::escaped(cookie.path()),
            cookie.isSessionCookie() ? tr("session") : cookie.expirationDate().toString(Qt::ISODate),
            cookieFlags(cookie),
        };
        for (int c = 0; c < values.size(); ++c) {
            auto *item = new QTableWidgetItem(values.at(c));
            if (c == 1 || c == 2)
                item->setFont(UiFormat::monospaceFont());
            m_cookies->setItem(r, c, item);
        }
    };
    for (const QNetworkCookie &cookie : leg.cookiesSent)
        addCookie(tr("sent"), cookie);
    for (const QNetworkCookie &cookie : leg.cookiesSet)
        addCookie(tr("set by server"), cookie);
    const int count = m_cookies->rowCount();
    m_tabs->setTabText(CookiesTab, count ? tr("Cookies (%1)").arg(count) : tr("Cookies"));
}

void LegDetailsView::showTls(const Leg &leg)
{
    m_tls->clear();
    const TlsInfo &tls = leg.tls;
    if (leg.url.scheme() != QLatin1String("https")) {
        addRow(m_tls, {tr("Encryption"), tr("none (plain HTTP)")});
        return;
    }
    auto *verification = addRow(m_tls, {tr("Certificate verification"),
                                        tls.verificationDisabled ? tr("OFF (insecure switch)") : tr("on")});
    if (tls.verificationDisabled) {
        verification->setForeground(1, UiFormat::dangerColor());
        QFont bold = verification->font(1);
        bold.setBold(true);
        verification->setFont(1, bold);
    }
    addRow(m_tls, {tr("Encrypted"), tls.encrypted ? tr("yes") : tr("no")});
    if (!tls.protocol.isEmpty())
        addRow(m_tls, {tr("Protocol"), tls.protocol});
    if (!tls.cipher.isEmpty())
        addRow(m_tls, {tr("Cipher"), tls.cipher});
    for (const QSslError &error : tls.errors) {
        auto *item = addRow(m_tls, {tls.verificationDisabled ? tr("Ignored error") : tr("Error"),
                                    DisplayText::escaped(error.errorString())});
        item->setForeground(1, UiFormat::dangerColor());
    }
    for (int i = 0; i < tls.peerChain.size(); ++i) {
        const QSslCertificate &cert = tls.peerChain.at(i);
        const QString subject = cert.subjectDisplayName().isEmpty()
            ? cert.subjectInfo(QSslCertificate::CommonName).join(QStringLiteral(", "))
            : cert.subjectDisplayName();
        auto *item = addRow(m_tls, {i == 0 ? tr("Peer certificate") : tr("Chain certificate %1").arg(i),
                                    DisplayText::escaped(subject)});
        addRow(m_tls, {tr("Issuer"), DisplayText::escaped(cert.issuerDisplayName())}, item);
        addRow(m_tls, {tr("Valid from"), cert.effectiveDate().toString(Qt::ISODate)}, item);
        addRow(m_tls, {tr("Valid until"), cert.expiryDate().toString(Qt::ISODate)}, item);
        addRow(m_tls, {tr("SHA-256"), QString::fromLatin1(cert.digest(QCryptographicHash::Sha256).toHex(':'))}, item);
        item->setExpanded(i == 0);
    }
    m_tls->setRootIsDecorated(!tls.peerChain.isEmpty());
}

void LegDetailsView::showTiming(const Leg &leg)
{
    m_timing->clear();
    const LegTiming &t = leg.timing;
    struct Phase
    {
        QString name;
        qint64 at;
    };
    const QList<Phase> phases{
        {tr("Queued"), t.queuedNs},
        {tr("Connecting"), t.connectingNs},
        {tr("TLS handshake done"), t.encryptedNs},
        {tr("Request sent"), t.requestSentNs},
        {tr("First byte"), t.firstByteNs},
        {tr("Finished"), t.finishedNs},
    };
    qint64 previous = -1;
    for (const Phase &phase : phases) {
        if (phase.at < 0)
            continue;
        // "At" counts from the start of the exchange, "Took" from the phase before.
        addRow(m_timing, {phase.name, UiFormat::duration(phase.at),
                          previous < 0 ? QString() : UiFormat::duration(phase.at - previous)});
        previous = phase.at;
    }
    if (t.connectionReused())
        addRow(m_timing, {tr("Connection reused (no connecting phase)")})->setFirstColumnSpanned(true);
    if (t.totalNs() >= 0)
        addRow(m_timing, {tr("Total"), UiFormat::duration(t.totalNs())});
}

void LegDetailsView::showNotes(const Leg &leg)
{
    m_notes->clear();
    if (!leg.reason.isEmpty())
        m_notes->addItem(tr("Why: %1").arg(DisplayText::escaped(leg.reason)));
    if (!leg.status.isOk()) {
        auto *item = new QListWidgetItem(tr("Error (%1): %2").arg(leg.status.codeName(), DisplayText::escaped(leg.status.message())),
                                         m_notes);
        item->setForeground(UiFormat::dangerColor());
    }
    for (const LegNote &note : leg.notes) {
        auto *item = new QListWidgetItem(DisplayText::escaped(note.text), m_notes);
        item->setToolTip(QStringLiteral("[%1] %2").arg(note.codeName(), NoteCodes::meaning(note.code)));
        item->setData(Qt::UserRole, note.codeName());
        if (note.isWarning())
            item->setForeground(UiFormat::warningColor());
    }
    const int count = int(leg.notes.size());
    m_tabs->setTabText(NotesTab, count ? tr("Notes (%1)").arg(count) : tr("Notes"));
}
