#include "credentialeditdialog.h"

#include "auth/schemeregistry.h"
#include "credentiallistmodel.h"
#include "credentials/credentialstore.h"
#include "http/httpurl.h"
#include "secretlineedit.h"
#include "uiformat.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

QString secretFieldLabel(Credential::Kind kind)
{
    switch (kind) {
    case Credential::Kind::Password: return CredentialEditDialog::tr("&Password:");
    case Credential::Kind::Token: return CredentialEditDialog::tr("&Token:");
    case Credential::Kind::ApiKey: return CredentialEditDialog::tr("&API key:");
    }
    return QString();
}

QLabel *fixedValue(const QString &text, const QString &name, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(name);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

CredentialEditDialog::CredentialEditDialog(const CredentialStore *store, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
{
    build();
}

CredentialEditDialog::CredentialEditDialog(const CredentialStore *store, const CredentialRecord &existing,
                                           QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_existing(existing)
{
    build();
}

CredentialEditDialog::~CredentialEditDialog()
{
    m_secret->wipe();
}

void CredentialEditDialog::build()
{
    setObjectName(QStringLiteral("credentialEditDialog"));
    setWindowTitle(isEditing() ? tr("Edit Credential") : tr("Add Credential"));

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->setHorizontalSpacing(14);
    form->setVerticalSpacing(8);

    m_user = new QLineEdit(this);
    m_user->setObjectName(QStringLiteral("credentialEditUser"));
    m_label = new QLineEdit(this);
    m_label->setObjectName(QStringLiteral("credentialEditLabel"));
    m_label->setPlaceholderText(tr("Optional: what this credential is for"));
    m_secret = new SecretLineEdit(this);
    m_secret->setObjectName(QStringLiteral("credentialEditSecret"));

    if (isEditing()) {
        const ProtectionSpace &space = m_existing.space;
        auto *origin = fixedValue(space.origin, QStringLiteral("credentialEditFixedOrigin"), this);
        origin->setFont(UiFormat::monospaceFont());
        form->addRow(space.proxy ? tr("Proxy:") : tr("Origin:"), origin);
        form->addRow(tr("Realm:"), fixedValue(space.realm.isEmpty() ? tr("(none)") : space.realm,
                                              QStringLiteral("credentialEditFixedRealm"), this));
        form->addRow(tr("Scheme:"), fixedValue(QString::fromLatin1(space.scheme),
                                               QStringLiteral("credentialEditFixedScheme"), this));
        form->addRow(tr("Kind:"), fixedValue(CredentialListModel::kindTitle(m_existing.kind),
                                             QStringLiteral("credentialEditFixedKind"), this));
        m_user->setText(m_existing.user);
        m_label->setText(m_existing.label);
        m_secret->setPlaceholderText(tr("Leave empty to keep the stored secret"));
    } else {
        m_scheme = new QComboBox(this);
        m_scheme->setObjectName(QStringLiteral("credentialEditScheme"));
        for (const AuthScheme *scheme : SchemeRegistry::schemes())
            m_scheme->addItem(QString::fromLatin1(scheme->name().toLower()));
        m_scheme->addItem(QString::fromLatin1(CredentialRecord::apiKeyScheme()));
        m_origin = new QLineEdit(this);
        m_origin->setObjectName(QStringLiteral("credentialEditOrigin"));
        m_origin->setPlaceholderText(QStringLiteral("https://api.example.com"));
        m_origin->setFont(UiFormat::monospaceFont());
        m_originPreview = new QLabel(this);
        m_originPreview->setObjectName(QStringLiteral("credentialEditOriginPreview"));
        m_originPreview->setTextFormat(Qt::PlainText);
        m_originPreview->setWordWrap(true);
        // As wide as the field above it: a Preferred label keeps the width of its first text, so a
        // longer "Stored as https://..." wrapped inside the URL and was clipped.
        m_originPreview->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
        m_realm = new QLineEdit(this);
        m_realm->setObjectName(QStringLiteral("credentialEditRealm"));
        m_realm->setPlaceholderText(tr("As the server's challenge names it; may be empty"));
        m_proxy = new QCheckBox(tr("The origin is a proxy (answers 407 Proxy Authentication Required)"), this);
        m_proxy->setObjectName(QStringLiteral("credentialEditProxy"));
        m_kind = new QComboBox(this);
        m_kind->setObjectName(QStringLiteral("credentialEditKind"));
        for (auto kind : {Credential::Kind::Password, Credential::Kind::Token, Credential::Kind::ApiKey})
            m_kind->addItem(CredentialListModel::kindTitle(kind), int(kind));

        form->addRow(tr("&Scheme:"), m_scheme);
        form->addRow(tr("&Origin:"), m_origin);
        form->addRow(QString(), m_originPreview);
        form->addRow(tr("&Realm:"), m_realm);
        form->addRow(QString(), m_proxy);
        form->addRow(tr("&Kind:"), m_kind);
        connect(m_scheme, &QComboBox::currentIndexChanged, this, &CredentialEditDialog::schemeChanged);
        connect(m_kind, &QComboBox::currentIndexChanged, this, [this, form] {
            if (auto *label = qobject_cast<QLabel *>(form->labelForField(m_secret)))
                label->setText(secretFieldLabel(Credential::Kind(m_kind->currentData().toInt())));
        });
        connect(m_origin, &QLineEdit::textChanged, this, &CredentialEditDialog::updatePreview);
    }
    form->addRow(tr("&User:"), m_user);
    form->addRow(tr("&Label:"), m_label);
    form->addRow(secretFieldLabel(isEditing() ? m_existing.kind : Credential::Kind::Password), m_secret);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("credentialEditProblem"));
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setWordWrap(true);
    QPalette problemPalette = m_problem->palette();
    problemPalette.setColor(QPalette::WindowText, UiFormat::dangerColor());
    m_problem->setPalette(problemPalette);
    m_problem->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("credentialEditSave"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("credentialEditCancel"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &CredentialEditDialog::trySave);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 18, 20, 14);
    layout->setSpacing(10);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    if (!isEditing()) {
        schemeChanged();
        updatePreview();
        m_origin->setFocus();
    } else {
        m_user->setFocus();
    }
    setMinimumWidth(520);
}

void CredentialEditDialog::schemeChanged()
{
    // The combo lists only known schemes and "apikey", so there is always a kind.
    const Credential::Kind kind = CredentialRecord::kindForScheme(m_scheme->currentText().toLatin1())
                                          .value_or(Credential::Kind::ApiKey);
    m_kind->setCurrentIndex(m_kind->findData(int(kind)));
}

void CredentialEditDialog::updatePreview()
{
    QPalette palette = m_originPreview->palette();
    const QString text = m_origin->text().trimmed();
    QString problem;
    const QString origin = originFromInput(text, &problem);
    if (text.isEmpty()) {
        palette.setColor(QPalette::WindowText, UiFormat::secondaryTextColor());
        m_originPreview->setText(tr("Any URL on the server; only its origin (scheme, host, port) is kept."));
    } else if (origin.isEmpty()) {
        palette.setColor(QPalette::WindowText, UiFormat::dangerColor());
        m_originPreview->setText(problem);
    } else {
        palette.setColor(QPalette::WindowText, UiFormat::secondaryTextColor());
        m_originPreview->setText(tr("Stored as %1").arg(origin));
    }
    m_originPreview->setPalette(palette);
    if (!m_problem->isHidden()) {
        QString stillWrong;
        if (check(&stillWrong))
            m_problem->hide();
    }
}

QString CredentialEditDialog::originFromInput(const QString &text, QString *problem)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!HttpUrl::isHttpUrl(url)) {
        *problem = CredentialRecordValidator::message(CredentialRecordValidator::Problem::OriginNotHttp, {});
        return QString();
    }
    return ProtectionSpace::originOf(url);
}

CredentialRecord CredentialEditDialog::record() const
{
    CredentialRecord r = m_existing;
    if (!isEditing()) {
        QString problem;
        r.space.scheme = m_scheme->currentText().toLatin1();
        r.space.origin = originFromInput(m_origin->text(), &problem);
        r.space.realm = m_realm->text();
        r.space.proxy = m_proxy->isChecked();
        r.kind = Credential::Kind(m_kind->currentData().toInt());
    }
    r.user = m_user->text().trimmed();
    r.label = m_label->text().trimmed();
    return r;
}

QByteArray CredentialEditDialog::secret() const
{
    return m_secret->secret();
}

bool CredentialEditDialog::check(QString *problem, CredentialRecordValidator::Problem *code) const
{
    // The rules "authscope-cli credentials add" applies too, so neither stores what the other refuses.
    const CredentialRecord r = record();
    CredentialRecordValidator::Problem rule = CredentialRecordValidator::check(r);
    if (rule == CredentialRecordValidator::Problem::None && !keepsStoredSecret()) {
        QByteArray typed = secret();
        rule = CredentialRecordValidator::checkSecret(r.kind, typed);
        CredentialStore::wipe(typed);
    }
    if (code)
        *code = rule;
    if (rule != CredentialRecordValidator::Problem::None) {
        *problem = CredentialRecordValidator::message(rule, r);
        return false;
    }
    // Two records for one space and user would make the store's lookup ambiguous.
    const auto clash = m_store->index().find(r.space, r.user);
    if (clash && clash->id != m_existing.id) {
        *problem = r.user.isEmpty()
            ? tr("A credential without a user is already stored for this protection space; edit that one instead.")
            : tr("A credential for user \"%1\" is already stored for this protection space; edit that one instead.")
                  .arg(r.user);
        return false;
    }
    return true;
}

void CredentialEditDialog::trySave()
{
    if (m_busy)
        return;
    QString problem;
    if (!check(&problem, &m_refusedFor)) {
        showError(problem);
        return;
    }
    m_problem->hide();
    emit saveRequested();
}

void CredentialEditDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget *field : findChildren<QWidget *>()) {
        if (field != m_problem && field != m_buttons->button(QDialogButtonBox::Cancel) && field->parent() == this
            && field != m_buttons)
            field->setEnabled(!busy);
    }
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(!busy);
    if (busy)
        m_problem->hide();
}

void CredentialEditDialog::showError(const QString &message)
{
    m_problem->setText(message);
    m_problem->show();
}

QString CredentialEditDialog::errorText() const
{
    return m_problem->isHidden() ? QString() : m_problem->text();
}

void CredentialEditDialog::done(int result)
{
    m_secret->wipe();
    QDialog::done(result);
}
