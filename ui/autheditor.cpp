#include "autheditor.h"

#include "credentials/credentialrecordvalidator.h"
#include "credentials/credentialstore.h"
#include "oauth/oauthprofilestore.h"
#include "secretlineedit.h"
#include "uiformat.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

using Preference = AuthPreference;
// The scheme selector's data for "OAuth 2.0 profile": a Bearer token from a profile, not an AuthPreference.
constexpr int OAuthChoice = 100;

QLabel *hint(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    // A form grows only Expanding fields; a Preferred label wraps at a third of the row.
    label->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    return label;
}

} // namespace

AuthEditor::AuthEditor(QWidget *parent)
    : QWidget(parent)
    , m_scheme(new QComboBox(this))
    , m_schemeHint(hint(QString(), this))
    , m_stored(new QComboBox(this))
    , m_storedLabel(new QLabel(tr("S&tored:"), this))
    , m_oauthProfile(new QComboBox(this))
    , m_oauthLabel(new QLabel(tr("&Profile:"), this))
    , m_oauthLink(new QLabel(this))
    , m_storeButton(new QToolButton(this))
    , m_user(new QLineEdit(this))
    , m_password(new SecretLineEdit(this))
    , m_token(new SecretLineEdit(this))
    , m_apiKeyName(new QLineEdit(this))
    , m_apiKeyValue(new SecretLineEdit(this))
    , m_apiKeyPlacement(new QComboBox(this))
    , m_maxAttempts(new QSpinBox(this))
    , m_askUser(new QCheckBox(tr("As&k me when challenged"), this))
{
    setObjectName(QStringLiteral("authEditor"));
    m_scheme->setObjectName(QStringLiteral("authScheme"));
    m_scheme->addItem(tr("Any (the strongest offered)"), int(Preference::Any));
    m_scheme->addItem(QStringLiteral("Basic"), int(Preference::Basic));
    m_scheme->addItem(QStringLiteral("Digest"), int(Preference::Digest));
    m_scheme->addItem(QStringLiteral("Bearer"), int(Preference::Bearer));
    m_scheme->setToolTip(tr("Which challenge to answer when the server offers several (curl's --basic, --digest)"));

    m_oauthProfile->setObjectName(QStringLiteral("authOAuthProfile"));
    m_oauthProfile->setToolTip(tr("Send this OAuth profile's access token; it is refreshed first when known to be "
                                  "expired, and once more when the server refuses it"));
    m_oauthProfile->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_oauthProfile->setMinimumContentsLength(20);
    m_oauthLabel->setBuddy(m_oauthProfile);
    m_oauthLink->setObjectName(QStringLiteral("authOAuthProfilesLink"));
    m_oauthLink->setText(QStringLiteral("<a href=\"profiles\">%1</a>").arg(tr("Manage OAuth profiles…")));
    m_oauthLink->setTextFormat(Qt::RichText);
    m_oauthLink->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    connect(m_oauthLink, &QLabel::linkActivated, this, &AuthEditor::oauthProfilesRequested);

    m_stored->setObjectName(QStringLiteral("authStoredCredential"));
    m_stored->setToolTip(tr("Send a credential kept in the keychain; the request refers to it by id, never by value"));
    m_stored->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_stored->setMinimumContentsLength(30);
    m_storedLabel->setBuddy(m_stored);
    m_stored->hide();
    m_storedLabel->hide();
    m_askUser->setObjectName(QStringLiteral("authAskUser"));
    m_askUser->setToolTip(tr("Answer challenges with what you type when asked, not with what this session or the "
                             "keychain remember: another user at a URL you already logged in to"));
    reloadStored();

    m_user->setObjectName(QStringLiteral("authUser"));
    m_user->setPlaceholderText(tr("user name"));
    m_password->setObjectName(QStringLiteral("authPassword"));
    m_password->setPlaceholderText(tr("asked for when needed if left empty"));
    m_token->setObjectName(QStringLiteral("authToken"));
    m_token->setPlaceholderText(tr("sent as Authorization: Bearer …"));
    m_token->setFont(UiFormat::monospaceFont());
    m_apiKeyName->setObjectName(QStringLiteral("apiKeyName"));
    m_apiKeyName->setPlaceholderText(tr("e.g. X-API-Key or api_key"));
    m_apiKeyName->setFont(UiFormat::monospaceFont());
    m_apiKeyValue->setObjectName(QStringLiteral("apiKeyValue"));
    m_apiKeyValue->setPlaceholderText(tr("key"));
    m_apiKeyValue->setFont(UiFormat::monospaceFont());
    m_apiKeyPlacement->setObjectName(QStringLiteral("apiKeyPlacement"));
    m_apiKeyPlacement->addItem(tr("Header"), false);
    m_apiKeyPlacement->addItem(tr("Query parameter"), true);
    m_maxAttempts->setObjectName(QStringLiteral("maxAuthAttempts"));
    m_maxAttempts->setRange(1, 10);
    m_maxAttempts->setValue(RequestOptions().maxAuthAttempts);
    m_maxAttempts->setToolTip(tr("How many times the server may reject credentials before the exchange gives up"));

    auto *form = new QFormLayout;
    m_form = form;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setHorizontalSpacing(10);
    form->setVerticalSpacing(6);
    form->addRow(tr("&Scheme:"), m_scheme);
    form->addRow(QString(), m_schemeHint);
    auto *oauthRow = new QHBoxLayout;
    oauthRow->setSpacing(10);
    oauthRow->addWidget(m_oauthProfile, 1);
    oauthRow->addWidget(m_oauthLink);
    form->addRow(m_oauthLabel, oauthRow);
    form->addRow(m_storedLabel, m_stored);
    form->addRow(QString(), m_askUser);

    form->addRow(UiFormat::sectionTitle(tr("User and password"), this));
    form->addRow(tr("&User:"), m_user);
    form->addRow(tr("&Password:"), m_password);

    form->addRow(UiFormat::sectionTitle(tr("Bearer token"), this));
    form->addRow(tr("&Token:"), m_token);

    form->addRow(UiFormat::sectionTitle(tr("API key"), this));
    auto *keyRow = new QHBoxLayout;
    keyRow->setSpacing(6);
    keyRow->addWidget(m_apiKeyName, 2);
    auto *valueLabel = new QLabel(tr("&Value:"), this);
    valueLabel->setBuddy(m_apiKeyValue);
    keyRow->addWidget(valueLabel);
    keyRow->addWidget(m_apiKeyValue, 3);
    keyRow->addWidget(m_apiKeyPlacement);
    auto *nameLabel = new QLabel(tr("&Name:"), this);
    nameLabel->setBuddy(m_apiKeyName);
    form->addRow(nameLabel, keyRow);

    m_storeButton->setObjectName(QStringLiteral("authStoreButton"));
    m_storeButton->setText(tr("Store in keychain"));
    m_storeButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_storeButton->setPopupMode(QToolButton::InstantPopup);
    m_storeButton->setMenu(new QMenu(m_storeButton));
    m_storeButton->setToolTip(tr("Keep what is typed here in the OS keychain for this URL's origin; the request then "
                                 "refers to it by id"));
    m_storeButton->hide();
    auto *storeRow = new QHBoxLayout;
    storeRow->addWidget(m_storeButton);
    storeRow->addStretch(1);
    form->addRow(QString(), storeRow);

    auto *attemptsRow = new QHBoxLayout;
    attemptsRow->addWidget(m_maxAttempts);
    attemptsRow->addWidget(new QLabel(tr("rejections, then give up"), this), 1);
    auto *attemptsLabel = new QLabel(tr("&Accept up to:"), this);
    attemptsLabel->setBuddy(m_maxAttempts);
    form->addRow(attemptsLabel, attemptsRow);

    auto *content = new QWidget(this);
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(8, 10, 8, 8);
    contentLayout->addLayout(form);
    contentLayout->addWidget(hint(tr("What is typed here stays in memory for this session. To keep a credential, tick "
                                     "\"Remember in keychain\" when asked, or add it under Session > Stored Credentials; "
                                     "a request then refers to it by id."), this));
    contentLayout->addStretch(1);

    // The tab can be short when the window is; the form scrolls rather than squeezes.
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    const auto notify = [this] {
        updateState();
        emit changed();
    };
    connect(m_scheme, &QComboBox::currentIndexChanged, this, notify);
    for (QLineEdit *field : {m_user, static_cast<QLineEdit *>(m_password), static_cast<QLineEdit *>(m_token), m_apiKeyName,
                             static_cast<QLineEdit *>(m_apiKeyValue)})
        connect(field, &QLineEdit::textChanged, this, notify);
    connect(m_apiKeyPlacement, &QComboBox::currentIndexChanged, this, notify);
    connect(m_stored, &QComboBox::currentIndexChanged, this, notify);
    connect(m_oauthProfile, &QComboBox::currentIndexChanged, this, notify);
    connect(m_askUser, &QCheckBox::toggled, this, notify);
    updateState();
}

AuthPreference AuthEditor::preference() const
{
    // A profile's token is a Bearer token: only Bearer challenges are answered.
    return usesOAuth() ? Preference::Bearer : Preference(m_scheme->currentData().toInt());
}

bool AuthEditor::usesOAuth() const
{
    return m_scheme->currentData().toInt() == OAuthChoice;
}

void AuthEditor::setOAuthProfileStore(OAuthProfileStore *store)
{
    if (m_oauthStore)
        m_oauthStore->disconnect(this);
    m_oauthStore = store;
    const int index = m_scheme->findData(OAuthChoice);
    if (store && index < 0)
        m_scheme->addItem(tr("OAuth 2.0 profile"), OAuthChoice);
    else if (!store && index >= 0)
        m_scheme->removeItem(index);
    if (store)
        connect(store, &OAuthProfileStore::changed, this, &AuthEditor::reloadOAuthProfiles);
    reloadOAuthProfiles();
}

void AuthEditor::reloadOAuthProfiles()
{
    const QString current = m_oauthProfile->currentData().toString();
    const QSignalBlocker blocker(m_oauthProfile);
    m_oauthProfile->clear();
    if (m_oauthStore) {
        const QList<OAuthProfile> profiles = m_oauthStore->profiles();
        for (const OAuthProfile &p : profiles)
            m_oauthProfile->addItem(p.name, p.name);
    }
    for (const QString &name : std::as_const(m_sessionProfiles)) {
        if (m_oauthProfile->findData(name) < 0)
            m_oauthProfile->addItem(tr("%1 (this session only)").arg(name), name);
    }
    if (m_oauthProfile->count() == 0)
        m_oauthProfile->addItem(tr("No profiles yet: add one"), QString());
    const int index = m_oauthProfile->findData(current);
    m_oauthProfile->setCurrentIndex(index < 0 ? 0 : index);
    if (index < 0 && !current.isEmpty())
        emit changed(); // the chosen profile was deleted
    updateState();
}

QString AuthEditor::oauthProfile() const
{
    return usesOAuth() ? m_oauthProfile->currentData().toString() : QString();
}

bool AuthEditor::setOAuthProfile(const QString &name)
{
    if (name.isEmpty()) {
        setPreference(Preference::Any);
        return true;
    }
    const int index = m_oauthProfile->findData(name);
    const int choice = m_scheme->findData(OAuthChoice);
    if (index < 0 || choice < 0)
        return false;
    m_oauthProfile->setCurrentIndex(index);
    m_scheme->setCurrentIndex(choice);
    return true;
}

void AuthEditor::setPreference(AuthPreference preference)
{
    m_scheme->setCurrentIndex(m_scheme->findData(int(preference)));
}

void AuthEditor::setUser(const QString &user)
{
    m_user->setText(user);
}

void AuthEditor::setCredentialStore(CredentialStore *store)
{
    if (m_store)
        m_store->disconnect(this);
    m_store = store;
    if (m_store)
        connect(m_store, &CredentialStore::changed, this, &AuthEditor::reloadStored);
    m_stored->setVisible(m_store != nullptr);
    m_storedLabel->setVisible(m_store != nullptr);
    m_storeButton->setVisible(m_store != nullptr);
    reloadStored();
}

void AuthEditor::reloadStored()
{
    const QString current = storedCredentialId();
    const QSignalBlocker blocker(m_stored);
    m_stored->clear();
    m_stored->addItem(tr("None: use the fields below"), QString());
    if (m_store) {
        const QList<CredentialRecord> records = m_store->index().list();
        for (const CredentialRecord &r : records) {
            const QString who = r.kind == Credential::Kind::Password ? r.user
                              : r.kind == Credential::Kind::ApiKey ? tr("API key %1").arg(r.user)
                                                                   : tr("token");
            const QString text = r.label.isEmpty() ? tr("%1 · %2").arg(who, r.space.toDisplayString())
                                                   : tr("%1 · %2 (%3)").arg(r.label, who, r.space.origin);
            m_stored->addItem(text, r.id);
        }
    }
    const int index = m_stored->findData(current);
    m_stored->setCurrentIndex(index < 0 ? 0 : index);
    if (index < 0 && !current.isEmpty())
        emit changed(); // the chosen credential was deleted
    updateState();
}

QString AuthEditor::storedCredentialId() const
{
    return m_stored->currentData().toString();
}

bool AuthEditor::setStoredCredentialId(const QString &id)
{
    const int index = m_stored->findData(id);
    m_stored->setCurrentIndex(index < 0 ? 0 : index);
    return index >= 0 || id.isEmpty();
}

Credential AuthEditor::typedCredential(Credential::Kind kind) const
{
    // What the Credentials window and "credentials add" would refuse is not stored from here either.
    if (typedProblem(kind) != CredentialRecordValidator::Problem::None)
        return Credential();
    return typedAsIs(kind);
}

Credential AuthEditor::typedAsIs(Credential::Kind kind) const
{
    Credential c;
    c.kind = kind;
    switch (kind) {
    case Credential::Kind::Password:
        if (!m_user->text().isEmpty() && !m_password->text().isEmpty()) {
            c.user = m_user->text();
            c.secret = m_password->secret();
        }
        break;
    case Credential::Kind::Token:
        c.secret = m_token->secret().trimmed();
        break;
    case Credential::Kind::ApiKey:
        if (!m_apiKeyName->text().trimmed().isEmpty() && !m_apiKeyValue->text().isEmpty()) {
            c.user = m_apiKeyName->text().trimmed();
            c.secret = m_apiKeyValue->secret();
            c.apiKeyName = c.user.toLatin1();
        }
        break;
    }
    return c;
}

CredentialRecord AuthEditor::typedRecord(Credential::Kind kind) const
{
    CredentialRecord record;
    // A password typed for Digest is kept as a Digest one; otherwise each kind's usual scheme.
    record.space.scheme = kind == Credential::Kind::Password && preference() == AuthPreference::Digest
            ? QByteArrayLiteral("digest")
            : CredentialRecord::defaultScheme(kind);
    if (kind == Credential::Kind::Password)
        record.user = m_user->text();
    else if (kind == Credential::Kind::ApiKey)
        record.user = m_apiKeyName->text().trimmed();
    record.kind = kind;
    return record;
}

CredentialRecordValidator::Problem AuthEditor::typedProblem(Credential::Kind kind) const
{
    Credential typed = typedAsIs(kind);
    CredentialRecordValidator::Problem problem = CredentialRecordValidator::checkAllButOrigin(typedRecord(kind));
    if (problem == CredentialRecordValidator::Problem::None)
        problem = CredentialRecordValidator::checkSecret(kind, typed.secret);
    typed.wipe();
    return problem;
}

void AuthEditor::updateStoreMenu()
{
    QMenu *menu = m_storeButton->menu();
    if (!menu)
        return; // still being built
    menu->clear();
    const auto offer = [this, menu](Credential::Kind kind, const QString &text) {
        QAction *action = menu->addAction(text, this, [this, kind] { emit storeRequested(kind); });
        const CredentialRecordValidator::Problem problem = typedProblem(kind);
        if (problem != CredentialRecordValidator::Problem::None) {
            // Offered but disabled, with the reason: a missing entry would not say why.
            action->setText(tr("%1: %2").arg(text, CredentialRecordValidator::message(problem, typedRecord(kind))));
            action->setEnabled(false);
        }
    };
    const bool ask = m_askUser->isChecked();
    const bool typed = storedCredentialId().isEmpty() && !ask && !usesOAuth();
    m_stored->setEnabled(!ask && !usesOAuth());
    if (typed && !m_user->text().isEmpty() && !m_password->text().isEmpty())
        offer(Credential::Kind::Password, tr("Password of %1").arg(m_user->text()));
    if (typed && !m_token->text().trimmed().isEmpty())
        offer(Credential::Kind::Token, tr("Bearer token"));
    if (typed && !m_apiKeyName->text().trimmed().isEmpty() && !m_apiKeyValue->text().isEmpty())
        offer(Credential::Kind::ApiKey, tr("API key %1").arg(m_apiKeyName->text().trimmed()));
    m_storeButton->setEnabled(!menu->isEmpty());
}

void AuthEditor::clearSecrets()
{
    m_password->wipe();
    m_token->wipe();
    m_apiKeyValue->wipe();
}

void AuthEditor::addSessionOAuthProfile(const QString &name)
{
    if (name.isEmpty() || m_sessionProfiles.contains(name))
        return;
    m_sessionProfiles.append(name);
    reloadOAuthProfiles();
}

void AuthEditor::setCredentials(const RequestCredentials &credentials, const RequestOptions &options)
{
    clearSecrets();
    m_user->setText(credentials.user);
    m_password->setText(QString::fromUtf8(credentials.password));
    m_token->setText(QString::fromUtf8(credentials.token));
    m_apiKeyName->setText(QString::fromLatin1(credentials.apiKeyName));
    m_apiKeyValue->setText(QString::fromUtf8(credentials.apiKeyValue));
    m_apiKeyPlacement->setCurrentIndex(m_apiKeyPlacement->findData(credentials.apiKeyInQuery));
    m_maxAttempts->setValue(options.maxAuthAttempts);
    m_askUser->setChecked(credentials.askUser);
    setStoredCredentialId(credentials.storedId);
    if (!credentials.oauthProfile.isEmpty() && setOAuthProfile(credentials.oauthProfile))
        return;
    setPreference(options.authScheme);
}

void AuthEditor::apply(HttpRequest *request) const
{
    const Preference scheme = preference();
    request->options.authScheme = scheme;
    request->options.maxAuthAttempts = m_maxAttempts->value();
    RequestCredentials &c = request->credentials;
    if (usesOAuth()) {
        // The token is the broker's to fetch and refresh when the request is sent.
        c.oauthProfile = oauthProfile();
        return;
    }
    if (m_askUser->isChecked()) {
        // Nothing given and nothing remembered: the dialog asks when a challenge comes.
        c.askUser = true;
        return;
    }
    const QString stored = storedCredentialId();
    if (!stored.isEmpty()) {
        // The secret is read from the keychain when the request is sent, not kept here.
        c.storedId = stored;
        return;
    }
    if (scheme != Preference::Bearer) {
        c.user = m_user->text();
        c.password = m_password->secret();
    }
    // A pasted token often brings a newline or spaces at its ends; b64token has none (RFC 6750 §2.1).
    if (scheme == Preference::Any || scheme == Preference::Bearer)
        c.token = m_token->secret().trimmed();
    c.apiKeyName = m_apiKeyName->text().trimmed().toLatin1();
    if (!c.apiKeyName.isEmpty()) {
        c.apiKeyValue = m_apiKeyValue->secret();
        c.apiKeyInQuery = m_apiKeyPlacement->currentData().toBool();
    }
}

bool AuthEditor::check(QString *error) const
{
    // Malformed tokens and key names are HttpRequest::validate()'s to refuse; this is what only
    // the form can get wrong.
    if (usesOAuth() && oauthProfile().isEmpty()) {
        if (error)
            *error = tr("Choose an OAuth profile, or add one under Session > OAuth Profiles.");
        return false;
    }
    if (m_apiKeyName->text().trimmed().isEmpty() && !m_apiKeyValue->text().isEmpty()) {
        if (error)
            *error = tr("The API key has a value but no name; name the header or query parameter that carries it.");
        return false;
    }
    return true;
}

QString AuthEditor::summary() const
{
    if (usesOAuth())
        return oauthProfile().isEmpty() ? tr("OAuth") : tr("OAuth %1").arg(oauthProfile());
    const Preference scheme = preference();
    QStringList parts;
    if (scheme != Preference::Any)
        parts << m_scheme->currentText();
    if (!storedCredentialId().isEmpty())
        return (parts << tr("stored")).join(QStringLiteral(", "));
    if (scheme != Preference::Bearer && (!m_user->text().isEmpty() || !m_password->text().isEmpty()))
        parts << tr("user");
    if ((scheme == Preference::Any || scheme == Preference::Bearer) && !m_token->text().isEmpty())
        parts << tr("token");
    if (!m_apiKeyName->text().trimmed().isEmpty())
        parts << tr("API key");
    return parts.join(QStringLiteral(", "));
}

void AuthEditor::updateState()
{
    const Preference scheme = preference();
    const bool oauth = usesOAuth();
    const bool offerOAuth = m_oauthStore != nullptr;
    // The profile row only with the OAuth scheme: a greyed profile under "Any" reads as in use.
    if (m_form) // still being built
        m_form->setRowVisible(m_oauthLabel, offerOAuth && oauth);
    m_oauthProfile->setEnabled(oauth && !m_oauthProfile->currentData().toString().isEmpty());
    m_askUser->setEnabled(!oauth);
    const bool typed = storedCredentialId().isEmpty() && !oauth;
    const bool password = typed && scheme != Preference::Bearer;
    const bool token = typed && (scheme == Preference::Any || scheme == Preference::Bearer);
    m_user->setEnabled(password);
    m_password->setEnabled(password);
    m_token->setEnabled(token);
    m_apiKeyName->setEnabled(typed);
    m_apiKeyValue->setEnabled(typed);
    updateStoreMenu();
    if (oauth) {
        m_schemeHint->setText(tr("Sends the profile's access token as Authorization: Bearer. An expired token is "
                                 "refreshed before sending, and a 401 refreshes it once; the token endpoint's legs "
                                 "show with the exchange."));
        return;
    }
    switch (scheme) {
    case Preference::Any:
        m_schemeHint->setText(tr("Answers the strongest challenge the server offers. A token is sent with the first leg."));
        break;
    case Preference::Basic:
        m_schemeHint->setText(tr("Sends user and password with the first leg, as curl --basic does; only Basic challenges are answered."));
        break;
    case Preference::Digest:
        m_schemeHint->setText(tr("Answers only a Digest challenge; the password itself never leaves."));
        break;
    case Preference::Bearer:
        m_schemeHint->setText(tr("Sends the token with the first leg as Authorization: Bearer; only Bearer challenges are answered."));
        break;
    }
}
