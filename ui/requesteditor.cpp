#include "requesteditor.h"

#include "autheditor.h"
#include "bodyeditor.h"
#include "insecurebanner.h"
#include "keyvaluetable.h"
#include "proxychooser.h"
#include "uiformat.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace {
void bindButton(QPushButton *button, QAction *action)
{
    button->setEnabled(action->isEnabled());
    button->setToolTip(QStringLiteral("%1 (%2)").arg(action->toolTip(),
                                                     action->shortcut().toString(QKeySequence::NativeText)));
    QObject::connect(button, &QPushButton::clicked, action, &QAction::trigger);
    QObject::connect(action, &QAction::enabledChanged, button, &QPushButton::setEnabled);
}
} // namespace

RequestEditor::RequestEditor(QWidget *parent)
    : QWidget(parent)
    , m_method(new QComboBox(this))
    , m_url(new QLineEdit(this))
    , m_send(new QPushButton(tr("Send"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_banner(new InsecureBanner(tr("TLS verification is OFF for this request"), this))
    , m_followRedirects(new QCheckBox(tr("Follow redirects"), this))
    , m_maxRedirects(new QSpinBox(this))
    , m_maxTime(new QDoubleSpinBox(this))
    , m_insecure(new QCheckBox(tr("Insecure: skip TLS verification"), this))
    , m_proxy(new ProxyChooser(true, this))
    , m_tabs(new QTabWidget(this))
    , m_headers(new KeyValueTable(tr("Header"), tr("Value"), this))
    , m_body(new BodyEditor(this))
    , m_auth(new AuthEditor(this))
{
    m_method->setObjectName(QStringLiteral("method"));
    m_method->setEditable(true);
    m_method->addItems(standardMethods());
    m_method->setInsertPolicy(QComboBox::NoInsert);
    m_method->completer()->setCaseSensitivity(Qt::CaseSensitive);
    m_method->setFont(UiFormat::monospaceFont());
    m_method->setMinimumContentsLength(7);
    m_method->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_method->setToolTip(tr("HTTP method; type any other token"));

    m_url->setObjectName(QStringLiteral("url"));
    m_url->setFont(UiFormat::monospaceFont());
    m_url->setPlaceholderText(tr("URL, e.g. http://127.0.0.1:8080/get"));
    m_url->setClearButtonEnabled(true);

    m_send->setObjectName(QStringLiteral("send"));
    m_send->setDefault(false);
    m_send->setAutoDefault(false);
    m_cancel->setObjectName(QStringLiteral("cancel"));
    m_cancel->setAutoDefault(false);
    m_cancel->setEnabled(false);
    QFont bold = m_send->font();
    bold.setBold(true);
    m_send->setFont(bold);
    m_send->setMinimumWidth(90);

    auto *urlRow = new QHBoxLayout;
    urlRow->setSpacing(6);
    urlRow->addWidget(m_method);
    urlRow->addWidget(m_url, 1);
    urlRow->addWidget(m_send);
    urlRow->addWidget(m_cancel);

    m_followRedirects->setObjectName(QStringLiteral("followRedirects"));
    m_maxRedirects->setObjectName(QStringLiteral("maxRedirects"));
    m_maxRedirects->setRange(0, 100);
    m_maxRedirects->setValue(RequestOptions().maxRedirects);
    m_maxRedirects->setToolTip(tr("Most redirects to follow before giving up"));
    m_maxRedirects->setEnabled(false);
    m_maxTime->setObjectName(QStringLiteral("maxTime"));
    m_maxTime->setRange(0, 24 * 3600);
    m_maxTime->setDecimals(1);
    m_maxTime->setSuffix(tr(" s"));
    m_maxTime->setSpecialValueText(tr("no limit"));
    m_maxTime->setToolTip(tr("Limit for the whole exchange, all legs included (curl's --max-time)"));
    m_insecure->setObjectName(QStringLiteral("insecure"));
    m_insecure->setToolTip(tr("Accept any certificate: wrong host, expired, self-signed. Only for testing."));

    auto *optionsRow = new QHBoxLayout;
    optionsRow->setSpacing(6);
    optionsRow->addWidget(m_followRedirects);
    auto *maxRedirectsLabel = new QLabel(tr("max"), this);
    maxRedirectsLabel->setBuddy(m_maxRedirects);
    optionsRow->addWidget(maxRedirectsLabel);
    optionsRow->addWidget(m_maxRedirects);
    optionsRow->addSpacing(18);
    auto *maxTimeLabel = new QLabel(tr("Max time:"), this);
    maxTimeLabel->setBuddy(m_maxTime);
    optionsRow->addWidget(maxTimeLabel);
    optionsRow->addWidget(m_maxTime);
    optionsRow->addStretch(1);

    // A row of its own: a proxy URL needs the width the options row has not got at 1280x720.
    auto *proxyRow = new QHBoxLayout;
    proxyRow->setSpacing(6);
    auto *proxyLabel = new QLabel(tr("Pro&xy:"), this);
    proxyLabel->setBuddy(m_proxy);
    m_proxy->setObjectName(QStringLiteral("requestProxy"));
    proxyRow->addWidget(proxyLabel);
    proxyRow->addWidget(m_proxy, 1);

    m_headers->setObjectName(QStringLiteral("requestHeaders"));
    m_body->setObjectName(QStringLiteral("bodyEditor"));
    m_tabs->setObjectName(QStringLiteral("requestTabs"));
    m_tabs->insertTab(HeadersTab, m_headers, tr("Headers"));
    m_tabs->insertTab(BodyTab, m_body, tr("Body"));
    m_tabs->insertTab(AuthTab, m_auth, tr("Auth"));
    m_tabs->setDocumentMode(true);
    // The insecure switch sits level with the tabs, always in sight whichever tab is open.
    m_tabs->setCornerWidget(m_insecure, Qt::TopRightCorner);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    layout->addLayout(urlRow);
    layout->addLayout(optionsRow);
    layout->addLayout(proxyRow);
    layout->addWidget(m_banner);
    layout->addWidget(m_tabs, 1);

    connect(m_followRedirects, &QCheckBox::toggled, m_maxRedirects, &QSpinBox::setEnabled);
    connect(m_insecure, &QCheckBox::toggled, this, [this](bool on) {
        updateInsecureLook();
        emit insecureChanged(on);
    });
    connect(m_headers, &KeyValueTable::changed, this, &RequestEditor::updateHeadersTabTitle);
    connect(m_body, &BodyEditor::changed, this, [this] {
        m_tabs->setTabText(BodyTab, m_body->kind() == RequestBody::Kind::None
                                  ? tr("Body")
                                  : tr("Body (%1)").arg(m_body->kindSelector()->currentText()));
    });
    connect(m_auth, &AuthEditor::changed, this, &RequestEditor::updateAuthTabTitle);
    setFocusProxy(m_url);
}

HttpRequest RequestEditor::request() const
{
    HttpRequest request;
    request.method = m_method->currentText().trimmed().toLatin1();
    QString url = m_url->text().trimmed();
    if (!url.isEmpty() && !url.contains(QLatin1String("://")))
        url.prepend(QLatin1String("http://"));
    request.url = QUrl(url);
    const QList<KeyValueTable::Row> rows = m_headers->enabledRows();
    for (const KeyValueTable::Row &row : rows)
        request.headers.append(row.name.toLatin1(), row.value.toUtf8(), HeaderField::Source::User);
    request.body = m_body->body();
    request.options.followRedirects = m_followRedirects->isChecked();
    request.options.maxRedirects = m_maxRedirects->value();
    request.options.insecureTls = m_insecure->isChecked();
    request.options.timeoutMs = int(m_maxTime->value() * 1000);
    m_auth->apply(&request);
    return request;
}

bool RequestEditor::check(QString *error) const
{
    return m_auth->check(error) && m_proxy->check(error);
}

void RequestEditor::setRequest(const HttpRequest &request)
{
    setMethod(QString::fromLatin1(request.method));
    setUrl(request.url.toString());
    m_url->setCursorPosition(0); // the origin in sight, not the end of a long path
    setHeaders(request.headers);
    m_body->setBody(request.body);
    setFollowRedirects(request.options.followRedirects);
    m_maxRedirects->setValue(request.options.maxRedirects);
    setInsecureTls(request.options.insecureTls);
    setMaxTime(request.options.timeoutMs / 1000.0);
    m_auth->setCredentials(request.credentials, request.options);
}

void RequestEditor::setMethod(const QString &method)
{
    m_method->setCurrentText(method);
}

void RequestEditor::setUrl(const QString &url)
{
    m_url->setText(url);
}

void RequestEditor::setHeaders(const HeaderList &headers)
{
    QList<KeyValueTable::Row> rows;
    for (const HeaderField &field : headers)
        rows.append({true, QString::fromLatin1(field.name), QString::fromUtf8(field.value)});
    m_headers->setRows(rows);
}

void RequestEditor::setFollowRedirects(bool follow)
{
    m_followRedirects->setChecked(follow);
}

void RequestEditor::setInsecureTls(bool insecure)
{
    m_insecure->setChecked(insecure);
}

void RequestEditor::setMaxTime(double seconds)
{
    m_maxTime->setValue(seconds);
}

void RequestEditor::setProxySetting(const ProxySetting &setting)
{
    m_proxy->setSetting(setting);
}

ProxySetting RequestEditor::proxySetting() const
{
    return m_proxy->setting();
}

void RequestEditor::setActions(QAction *send, QAction *cancel)
{
    bindButton(m_send, send);
    bindButton(m_cancel, cancel);
    connect(m_url, &QLineEdit::returnPressed, send, &QAction::trigger);
}

QStringList RequestEditor::standardMethods()
{
    return {QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"), QStringLiteral("PATCH"),
            QStringLiteral("DELETE"), QStringLiteral("HEAD"), QStringLiteral("OPTIONS")};
}

void RequestEditor::updateHeadersTabTitle()
{
    const int enabled = int(m_headers->enabledRows().size());
    m_tabs->setTabText(HeadersTab, enabled ? tr("Headers (%1)").arg(enabled) : tr("Headers"));
}

void RequestEditor::updateAuthTabTitle()
{
    const QString summary = m_auth->summary();
    m_tabs->setTabText(AuthTab, summary.isEmpty() ? tr("Auth") : tr("Auth (%1)").arg(summary));
}

void RequestEditor::updateInsecureLook()
{
    const bool on = m_insecure->isChecked();
    m_banner->setActive(on);
    // The switch itself turns red too, so it cannot be left on unnoticed.
    m_insecure->setStyleSheet(on ? QStringLiteral("QCheckBox { color: %1; font-weight: bold; }")
                                       .arg(UiFormat::dangerColor().name())
                                 : QString());
}
