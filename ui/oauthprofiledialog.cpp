#include "oauthprofiledialog.h"

#include "secretlineedit.h"
#include "uiformat.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

using Grant = OAuthProfile::Grant;
using ClientAuth = OAuthProfile::ClientAuth;

QLineEdit *urlField(const QString &name, const QString &placeholder, QWidget *parent)
{
    auto *field = new QLineEdit(parent);
    field->setObjectName(name);
    field->setPlaceholderText(placeholder);
    return field;
}

QUrl urlFrom(const QLineEdit *field)
{
    const QString text = field->text().trimmed();
    return text.isEmpty() ? QUrl() : QUrl(text, QUrl::StrictMode);
}

QString textOf(const QUrl &url)
{
    return url.isEmpty() ? QString() : url.toString();
}

} // namespace

OAuthProfileDialog::OAuthProfileDialog(const QStringList &existingNames, QWidget *parent)
    : QDialog(parent)
    , m_existingNames(existingNames)
{
    build();
    setWindowTitle(tr("Add OAuth Profile"));
}

OAuthProfileDialog::OAuthProfileDialog(const OAuthProfile &existing, QWidget *parent)
    : QDialog(parent)
    , m_editing(true)
    , m_existing(existing)
{
    build();
    setWindowTitle(tr("Edit OAuth Profile %1").arg(existing.name));
    fill(existing);
}

OAuthProfileDialog::~OAuthProfileDialog()
{
    m_secret->wipe();
}

void OAuthProfileDialog::build()
{
    setObjectName(QStringLiteral("oauthProfileDialog"));
    setWindowFlag(Qt::WindowContextHelpButtonHint, false);
    setMinimumWidth(560);

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("oauthProfileName"));
    m_name->setPlaceholderText(tr("letters, digits, . - _"));
    m_name->setReadOnly(m_editing); // the name is the profile's key in the keychain

    m_grant = new QComboBox(this);
    m_grant->setObjectName(QStringLiteral("oauthProfileGrant"));
    for (Grant grant : {Grant::ClientCredentials, Grant::AuthorizationCode, Grant::DeviceCode, Grant::Password}) {
        const QString title = grant == Grant::Password ? tr("Password (deprecated)")
                            : grant == Grant::ClientCredentials ? tr("Client credentials")
                            : grant == Grant::AuthorizationCode ? tr("Authorization code + PKCE (browser)")
                                                                : tr("Device code");
        m_grant->addItem(title, int(grant));
    }
    m_deprecated = new QLabel(tr("Deprecated: the password grant hands the user's password to this client (RFC 9700 "
                                 "§2.4). Use it only where nothing else is offered."),
                              this);
    m_deprecated->setObjectName(QStringLiteral("oauthProfileDeprecated"));
    m_deprecated->setWordWrap(true);
    QPalette warning = m_deprecated->palette();
    warning.setColor(QPalette::WindowText, UiFormat::warningColor());
    m_deprecated->setPalette(warning);

    m_issuer = urlField(QStringLiteral("oauthProfileIssuer"),
                        tr("https://issuer.example — endpoints are discovered (RFC 8414, OpenID)"), this);
    m_tokenUrl = urlField(QStringLiteral("oauthProfileTokenUrl"), tr("or give the token endpoint"), this);
    m_authorizationUrl = urlField(QStringLiteral("oauthProfileAuthorizationUrl"), tr("authorization code grant"), this);
    m_deviceUrl = urlField(QStringLiteral("oauthProfileDeviceUrl"), tr("device grant"), this);
    m_revocationUrl = urlField(QStringLiteral("oauthProfileRevocationUrl"), tr("optional (RFC 7009)"), this);
    m_redirectUri = urlField(QStringLiteral("oauthProfileRedirectUri"),
                             tr("empty: http://127.0.0.1:<free port>/callback"), this);

    m_clientId = new QLineEdit(this);
    m_clientId->setObjectName(QStringLiteral("oauthProfileClientId"));
    m_clientAuth = new QComboBox(this);
    m_clientAuth->setObjectName(QStringLiteral("oauthProfileClientAuth"));
    m_clientAuth->addItem(tr("HTTP Basic (client_secret_basic)"), int(ClientAuth::Basic));
    m_clientAuth->addItem(tr("In the body (client_secret_post)"), int(ClientAuth::Post));
    m_clientAuth->addItem(tr("None: a public client"), int(ClientAuth::None));
    m_secret = new SecretLineEdit(this);
    m_secret->setObjectName(QStringLiteral("oauthProfileClientSecret"));
    m_secret->setPlaceholderText(m_editing ? tr("empty: keep the stored secret") : tr("kept in the keychain only"));
    m_scope = new QLineEdit(this);
    m_scope->setObjectName(QStringLiteral("oauthProfileScope"));
    m_scope->setPlaceholderText(tr("space-separated"));
    m_resource = urlField(QStringLiteral("oauthProfileResource"), tr("optional (RFC 8707)"), this);
    m_audience = new QLineEdit(this);
    m_audience->setObjectName(QStringLiteral("oauthProfileAudience"));
    m_audience->setPlaceholderText(tr("optional"));

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Grant:"), m_grant);
    form->addRow(QString(), m_deprecated);
    form->addRow(UiFormat::sectionTitle(tr("Server"), this));
    form->addRow(tr("&Issuer:"), m_issuer);
    form->addRow(tr("&Token URL:"), m_tokenUrl);
    form->addRow(tr("A&uthorization URL:"), m_authorizationUrl);
    form->addRow(tr("&Device URL:"), m_deviceUrl);
    form->addRow(tr("Re&vocation URL:"), m_revocationUrl);
    form->addRow(tr("&Redirect URI:"), m_redirectUri);
    form->addRow(UiFormat::sectionTitle(tr("Client"), this));
    form->addRow(tr("&Client ID:"), m_clientId);
    form->addRow(tr("Client &authentication:"), m_clientAuth);
    form->addRow(tr("Client &secret:"), m_secret);
    form->addRow(tr("Sc&ope:"), m_scope);
    form->addRow(tr("Reso&urce:"), m_resource);
    form->addRow(tr("Audi&ence:"), m_audience);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("oauthProfileProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    QPalette danger = m_problem->palette();
    danger.setColor(QPalette::WindowText, UiFormat::dangerColor());
    m_problem->setPalette(danger);
    m_problem->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setObjectName(QStringLiteral("oauthProfileSave"));
    connect(buttons, &QDialogButtonBox::accepted, this, &OAuthProfileDialog::trySave);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);

    connect(m_grant, &QComboBox::currentIndexChanged, this, &OAuthProfileDialog::updateState);
    connect(m_clientAuth, &QComboBox::currentIndexChanged, this, &OAuthProfileDialog::updateState);
    updateState();
}

void OAuthProfileDialog::fill(const OAuthProfile &p)
{
    m_name->setText(p.name);
    m_grant->setCurrentIndex(m_grant->findData(int(p.grant)));
    // Discovered endpoints are the issuer's to give again, not the user's to edit.
    m_issuer->setText(textOf(p.issuer));
    if (!p.endpointsDiscovered || p.issuer.isEmpty()) {
        m_tokenUrl->setText(textOf(p.tokenUrl));
        m_authorizationUrl->setText(textOf(p.authorizationUrl));
        m_deviceUrl->setText(textOf(p.deviceAuthorizationUrl));
        m_revocationUrl->setText(textOf(p.revocationUrl));
    }
    m_redirectUri->setText(textOf(p.redirectUri));
    m_clientId->setText(p.clientId);
    m_clientAuth->setCurrentIndex(m_clientAuth->findData(int(p.clientAuth)));
    m_scope->setText(p.scope);
    m_resource->setText(p.resource);
    m_audience->setText(p.audience);
}

OAuthProfile OAuthProfileDialog::profile() const
{
    OAuthProfile p = m_existing;
    p.name = m_name->text().trimmed();
    p.grant = Grant(m_grant->currentData().toInt());
    p.issuer = urlFrom(m_issuer);
    const bool keepDiscovered = m_editing && m_existing.endpointsDiscovered && p.issuer == m_existing.issuer
                                && m_tokenUrl->text().trimmed().isEmpty();
    if (!keepDiscovered) {
        p.endpointsDiscovered = false;
        p.tokenUrl = urlFrom(m_tokenUrl);
        p.authorizationUrl = urlFrom(m_authorizationUrl);
        p.deviceAuthorizationUrl = urlFrom(m_deviceUrl);
        p.revocationUrl = urlFrom(m_revocationUrl);
        p.jwksUrl = QUrl();
    }
    p.redirectUri = urlFrom(m_redirectUri);
    p.clientId = m_clientId->text().trimmed();
    p.clientAuth = ClientAuth(m_clientAuth->currentData().toInt());
    p.scope = m_scope->text().simplified();
    p.resource = m_resource->text().trimmed();
    p.audience = m_audience->text().trimmed();
    return p;
}

QByteArray OAuthProfileDialog::clientSecret() const
{
    return m_secret->secret();
}

void OAuthProfileDialog::updateState()
{
    const Grant grant = Grant(m_grant->currentData().toInt());
    m_deprecated->setVisible(grant == Grant::Password);
    const bool publicClient = ClientAuth(m_clientAuth->currentData().toInt()) == ClientAuth::None;
    m_secret->setEnabled(!publicClient && !m_busy);
    m_authorizationUrl->setEnabled(grant == Grant::AuthorizationCode);
    m_redirectUri->setEnabled(grant == Grant::AuthorizationCode);
    m_deviceUrl->setEnabled(grant == Grant::DeviceCode);
}

void OAuthProfileDialog::trySave()
{
    if (m_busy)
        return;
    const OAuthProfile p = profile();
    QString problem;
    // A URL typed but not parsed reads as empty in the profile; say which.
    for (QLineEdit *field : {m_issuer, m_tokenUrl, m_authorizationUrl, m_deviceUrl, m_revocationUrl, m_redirectUri}) {
        if (!field->text().trimmed().isEmpty() && !urlFrom(field).isValid()) {
            showError(tr("Not a URL: %1").arg(field->text().trimmed()));
            field->setFocus();
            return;
        }
    }
    if (!m_editing && m_existingNames.contains(p.name)) {
        showError(tr("A profile named %1 exists already; edit it, or choose another name.").arg(p.name));
        return;
    }
    if (!p.validate(&problem)) {
        showError(problem);
        return;
    }
    const bool needsSecret = p.clientAuth != ClientAuth::None && !m_editing;
    if (needsSecret && m_secret->text().isEmpty()) {
        showError(tr("Type the client secret, or choose \"None: a public client\"."));
        m_secret->setFocus();
        return;
    }
    m_problem->hide();
    emit saveRequested();
}

void OAuthProfileDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget *w : findChildren<QWidget *>(QString(), Qt::FindDirectChildrenOnly)) {
        if (w != m_problem)
            w->setEnabled(!busy);
    }
    if (busy)
        m_problem->hide();
    updateState();
}

void OAuthProfileDialog::showError(const QString &message)
{
    m_problem->setText(message);
    m_problem->show();
}

QString OAuthProfileDialog::errorText() const
{
    return m_problem->isVisible() ? m_problem->text() : QString();
}

void OAuthProfileDialog::done(int result)
{
    m_secret->wipe();
    QDialog::done(result);
}
