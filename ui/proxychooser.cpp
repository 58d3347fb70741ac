#include "proxychooser.h"

#include "uiformat.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>

ProxyChooser::ProxyChooser(bool offerDefault, QWidget *parent)
    : QWidget(parent)
    , m_mode(new QComboBox(this))
    , m_url(new QLineEdit(this))
{
    using M = ProxySetting::Mode;
    m_mode->setObjectName(QStringLiteral("proxyMode"));
    if (offerDefault)
        m_mode->addItem(tr("Default"), int(M::Default));
    m_mode->addItem(tr("None"), int(M::None));
    m_mode->addItem(tr("System"), int(M::System));
    m_mode->addItem(tr("URL"), int(M::Url));
    m_mode->setItemData(m_mode->findData(int(M::None)), tr("Straight to the server, whatever the system says"), Qt::ToolTipRole);
    m_mode->setItemData(m_mode->findData(int(M::System)), tr("The system's proxy for the URL (http_proxy, no_proxy)"), Qt::ToolTipRole);
    if (offerDefault)
        m_mode->setItemData(0, tr("The window's proxy (Session > Proxy…)"), Qt::ToolTipRole);
    m_mode->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_mode->setToolTip(tr("Which proxy the request goes through; a 407 asks for the proxy's credentials"));
    m_url->setObjectName(QStringLiteral("proxyUrl"));
    m_url->setFont(UiFormat::monospaceFont());
    m_url->setPlaceholderText(tr("http://127.0.0.1:3128"));
    m_url->setToolTip(tr("An HTTP proxy as http://host:port (a user may go before the host; never a password)"));
    m_url->setClearButtonEnabled(true);
    m_url->setMinimumWidth(m_url->fontMetrics().horizontalAdvance(QStringLiteral("http://127.0.0.1:3128")) + 12);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_mode);
    layout->addWidget(m_url, 1);
    layout->addStretch(0);
    setFocusProxy(m_mode);

    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        updateUrlField();
        emit changed();
    });
    connect(m_url, &QLineEdit::textChanged, this, &ProxyChooser::changed);
    updateUrlField();
}

ProxySetting::Mode ProxyChooser::modeAt(int index) const
{
    return ProxySetting::Mode(m_mode->itemData(index).toInt());
}

void ProxyChooser::setSetting(const ProxySetting &setting)
{
    int index = m_mode->findData(int(setting.mode));
    if (index < 0)
        index = m_mode->findData(int(ProxySetting::Mode::None));
    if (setting.mode == ProxySetting::Mode::Url)
        m_url->setText(setting.toString());
    m_mode->setCurrentIndex(index);
    updateUrlField();
}

ProxySetting ProxyChooser::setting() const
{
    ProxySetting setting;
    setting.mode = modeAt(m_mode->currentIndex());
    if (setting.mode == ProxySetting::Mode::Url) {
        ProxySetting typed;
        if (ProxySetting::fromString(m_url->text(), &typed) && typed.mode == ProxySetting::Mode::Url)
            setting.url = typed.url;
    }
    return setting;
}

bool ProxyChooser::check(QString *error) const
{
    if (modeAt(m_mode->currentIndex()) != ProxySetting::Mode::Url)
        return true;
    ProxySetting typed;
    QString problem;
    if (!ProxySetting::fromString(m_url->text(), &typed, &problem) || typed.mode != ProxySetting::Mode::Url) {
        if (error)
            *error = problem.isEmpty() ? tr("The proxy URL must be http://host:port") : tr("Proxy: %1").arg(problem);
        return false;
    }
    return true;
}

void ProxyChooser::updateUrlField()
{
    const bool url = modeAt(m_mode->currentIndex()) == ProxySetting::Mode::Url;
    m_url->setVisible(url);
    m_url->setEnabled(url);
}
