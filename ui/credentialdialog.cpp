#include "credentialdialog.h"

#include "core/displaytext.h"
#include "http/httprequest.h"
#include "insecurebanner.h"
#include "secretlineedit.h"
#include "uiformat.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

bool isLoopback(const QUrl &url)
{
    const QString host = url.host();
    return host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 || QHostAddress(host).isLoopback();
}

QLabel *valueLabel(QWidget *parent, const QString &name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    // Realms and schemes come from the server: shown as text, never as HTML.
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

} // namespace

CredentialDialog::CredentialDialog(const CredentialRequest &request, QWidget *parent)
    : QDialog(parent)
    , m_request(request)
    , m_headline(new QLabel(this))
    , m_url(valueLabel(this, QStringLiteral("credentialUrl")))
    , m_attempt(new QLabel(this))
    , m_warning(nullptr)
    , m_loopbackNote(new QLabel(this))
    , m_realm(valueLabel(this, QStringLiteral("credentialRealm")))
    , m_scheme(valueLabel(this, QStringLiteral("credentialScheme")))
    , m_connection(valueLabel(this, QStringLiteral("credentialConnection")))
    , m_notes(valueLabel(this, QStringLiteral("credentialNotes")))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_send(m_buttons->button(QDialogButtonBox::Ok))
{
    setObjectName(QStringLiteral("credentialDialog"));
    setWindowTitle(tr("Authentication Required"));
    const ProtectionSpace &space = request.space;
    const bool proxy = space.proxy;
    const Credential::Kind kind = request.kind;
    const QString who = proxy ? tr("proxy") : tr("server");

    // Headline: who asks, for what.
    auto *icon = new QLabel(this);
    icon->setPixmap(UiFormat::statusIcon(proxy ? 407 : 401).pixmap(40, 40));
    icon->setAlignment(Qt::AlignTop | Qt::AlignHCenter);
    m_headline->setObjectName(QStringLiteral("credentialHeadline"));
    m_headline->setWordWrap(true);
    m_headline->setTextFormat(Qt::PlainText);
    QFont big = m_headline->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.15);
    m_headline->setFont(big);
    m_headline->setText(kind == Credential::Kind::Password
                                ? tr("The %1 at %2 asks for a user name and password").arg(who, space.origin)
                                : tr("The %1 at %2 asks for a %3").arg(who, space.origin,
                                                                       kind == Credential::Kind::Token ? tr("bearer token") : tr("API key")));
    m_url->setText(tr("for %1").arg(UiFormat::displayUrl(request.url)));
    m_url->setFont(UiFormat::monospaceFont());
    m_url->setForegroundRole(QPalette::PlaceholderText);
    auto *headText = new QVBoxLayout;
    headText->setSpacing(2);
    headText->addWidget(m_headline);
    headText->addWidget(m_url);
    auto *head = new QHBoxLayout;
    head->setSpacing(14);
    head->addWidget(icon, 0, Qt::AlignTop);
    head->addLayout(headText, 1);

    // Which attempt: filled by updateAttempt() once the limit is known.
    m_attempt->setObjectName(QStringLiteral("credentialAttempt"));
    m_attempt->setTextFormat(Qt::PlainText);
    m_attempt->setWordWrap(true);
    QFont bold = m_attempt->font();
    bold.setBold(true);
    m_attempt->setFont(bold);
    QPalette attemptPalette = m_attempt->palette();
    attemptPalette.setColor(QPalette::WindowText, UiFormat::warningColor());
    m_attempt->setPalette(attemptPalette);
    m_attempt->setVisible(request.attempt > 1);

    // Digest never sends the password, but anyone who reads the exchange can try passwords
    // against its response offline (RFC 7616 §5, Security Considerations); Basic and tokens
    // travel readable.
    const bool digest = request.challenge.isScheme("Digest");
    const QString warning = digest && kind == Credential::Kind::Password
        ? tr("Not encrypted: the exchange can be read on the way, and the password guessed from it offline")
        : tr("Not encrypted: the %1 can be read on the way").arg(Credential::secretWord(kind));
    m_warning = new InsecureBanner(warning, this);
    m_warning->setObjectName(QStringLiteral("credentialUnencryptedWarning"));
    m_warning->setActive(!request.encrypted);
    m_loopbackNote->setObjectName(QStringLiteral("credentialLoopbackNote"));
    m_loopbackNote->setWordWrap(true);
    m_loopbackNote->setForegroundRole(QPalette::PlaceholderText);
    m_loopbackNote->setText(tr("%1 is this machine (loopback): here nothing crosses a network.").arg(request.url.host()));
    m_loopbackNote->setVisible(!request.encrypted && !proxy && isLoopback(request.url));

    // What is known about the challenge.
    m_realm->setText(space.realm.isEmpty() ? tr("(none given)") : DisplayText::escaped(space.realm));
    m_scheme->setText(DisplayText::escaped(schemeDescription(request.challenge)));
    m_scheme->setToolTip(UiFormat::plainToolTip(DisplayText::escaped(request.challenge.toDisplayString())));
    m_connection->setText(request.encrypted ? tr("Encrypted (https)")
                                            : (proxy ? tr("Not encrypted (plain http to the proxy)") : tr("Not encrypted (plain http)")));
    QPalette connectionPalette = m_connection->palette();
    connectionPalette.setColor(QPalette::WindowText, request.encrypted ? UiFormat::statusColor(200) : UiFormat::dangerColor());
    m_connection->setPalette(connectionPalette);
    QStringList notes;
    for (const LegNote &note : request.notes)
        notes << QStringLiteral("<li>%1</li>").arg(DisplayText::escaped(note.text).toHtmlEscaped());
    m_notes->setTextFormat(Qt::RichText);
    m_notes->setText(notes.isEmpty() ? QString()
                                     : QStringLiteral("<ul style=\"margin-left:-24px; margin-top:0px\">%1</ul>").arg(notes.join(QString())));

    auto *about = new QFormLayout;
    about->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    about->setHorizontalSpacing(14);
    about->setVerticalSpacing(5);
    about->addRow(tr("Realm:"), m_realm);
    about->addRow(tr("Scheme:"), m_scheme);
    about->addRow(tr("Connection:"), m_connection);
    if (!notes.isEmpty())
        about->addRow(tr("Notes:"), m_notes);
    else
        m_notes->hide();

    auto *line = new QFrame(this);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);

    // The fields.
    auto *fields = new QFormLayout;
    fields->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    fields->setHorizontalSpacing(14);
    fields->setVerticalSpacing(8);
    fields->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    if (kind == Credential::Kind::Password) {
        m_user = new QLineEdit(this);
        m_user->setObjectName(QStringLiteral("credentialUser"));
        m_user->setText(!request.defaultUser.isEmpty()          ? request.defaultUser
                        : !request.storedRejectedUser.isEmpty() ? request.storedRejectedUser
                                                                : request.rejectedUser);
        m_password = new SecretLineEdit(this);
        m_password->setObjectName(QStringLiteral("credentialPassword"));
        fields->addRow(tr("&User:"), m_user);
        fields->addRow(tr("&Password:"), m_password);
        connect(m_user, &QLineEdit::textChanged, this, &CredentialDialog::updateSendButton);
        connect(m_password, &QLineEdit::textChanged, this, &CredentialDialog::updateSendButton);
    } else {
        m_token = new SecretLineEdit(this);
        m_token->setObjectName(QStringLiteral("credentialToken"));
        m_token->setFont(UiFormat::monospaceFont());
        fields->addRow(kind == Credential::Kind::Token ? tr("&Token:") : tr("&API key:"), m_token);
        m_tokenProblem = new QLabel(this);
        m_tokenProblem->setObjectName(QStringLiteral("credentialTokenProblem"));
        m_tokenProblem->setWordWrap(true);
        QPalette problemPalette = m_tokenProblem->palette();
        problemPalette.setColor(QPalette::WindowText, UiFormat::dangerColor());
        m_tokenProblem->setPalette(problemPalette);
        m_tokenProblem->hide();
        fields->addRow(QString(), m_tokenProblem);
        connect(m_token, &QLineEdit::textChanged, this, &CredentialDialog::updateSendButton);
    }

    if (request.canRemember) {
        // Kept only once the server accepts it: a mistyped password is never stored.
        const QString what = Credential::secretWord(kind);
        QString text = request.rememberSessionOnly ? tr("&Remember for this session (the keychain is unavailable)")
                                                   : tr("&Remember in keychain");
        if (!request.storedRejectedUser.isEmpty())
            text = request.rememberSessionOnly ? tr("&Update the remembered %1 of %2").arg(what, request.storedRejectedUser)
                                               : tr("&Update the %1 of %2 stored in the keychain").arg(what, request.storedRejectedUser);
        m_remember = new QCheckBox(text, this);
        m_remember->setObjectName(QStringLiteral("credentialRemember"));
        m_remember->setChecked(!request.storedRejectedUser.isEmpty());
        m_remember->setToolTip(tr("Saved once the %1 accepts it; never in a file AuthScope writes").arg(who));
        fields->addRow(QString(), m_remember);
    }

    m_send->setText(kind == Credential::Kind::Password ? tr("&Send credentials") : tr("&Send %1").arg(Credential::secretWord(kind)));
    m_send->setObjectName(QStringLiteral("credentialSend"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("credentialCancel"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 18, 20, 14);
    layout->setSpacing(10);
    layout->addLayout(head);
    layout->addWidget(m_attempt);
    layout->addWidget(m_warning);
    layout->addWidget(m_loopbackNote);
    layout->addLayout(about);
    layout->addWidget(line);
    layout->addLayout(fields);
    layout->addSpacing(4);
    layout->addWidget(m_buttons);
    setMinimumWidth(500);

    updateAttempt();
    updateSendButton();
    // Type straight away: into the user field, or the password when the user is known.
    if (m_user && m_user->text().isEmpty())
        m_user->setFocus();
    else if (m_password)
        m_password->setFocus();
    else
        m_token->setFocus();
}

CredentialDialog::~CredentialDialog()
{
    m_credential.wipe();
}

void CredentialDialog::setMaxAttempts(int maxAttempts)
{
    m_maxAttempts = maxAttempts;
    updateAttempt();
}

bool CredentialDialog::isTokenMode() const
{
    return m_token != nullptr;
}

bool CredentialDialog::rememberRequested() const
{
    return m_remember && m_remember->isChecked();
}

Credential CredentialDialog::takeCredential()
{
    return std::exchange(m_credential, Credential());
}

QString CredentialDialog::schemeDescription(const Challenge &challenge)
{
    QStringList parts{QString::fromLatin1(challenge.scheme)};
    if (challenge.isScheme("Digest")) {
        const QByteArray algorithm = challenge.param("algorithm");
        parts << (algorithm.isEmpty() ? tr("MD5 (no algorithm given)") : QString::fromLatin1(algorithm));
        const QByteArray qop = challenge.param("qop");
        parts << (qop.isEmpty() ? tr("no qop (RFC 2069)") : tr("qop %1").arg(QString::fromLatin1(qop)));
        if (challenge.param("userhash").compare("true", Qt::CaseInsensitive) == 0)
            parts << tr("user name hashed");
    } else if (challenge.isScheme("Basic")) {
        if (challenge.hasParam("charset"))
            parts << tr("charset %1").arg(QString::fromLatin1(challenge.param("charset")));
    } else if (challenge.isScheme("Bearer")) {
        if (challenge.hasParam("scope"))
            parts << tr("scope %1").arg(QString::fromUtf8(challenge.param("scope")));
        if (challenge.hasParam("error"))
            parts << QString::fromLatin1(challenge.param("error"));
    }
    return parts.join(QStringLiteral(" · "));
}

void CredentialDialog::done(int result)
{
    if (result == QDialog::Accepted) {
        m_credential = Credential();
        m_credential.kind = m_request.kind;
        if (m_password) {
            m_credential.user = m_user->text();
            m_credential.secret = m_password->secret();
        } else {
            m_credential.secret = m_token->secret().trimmed();
        }
    }
    // The secret goes out of the widget as soon as the dialog closes, accepted or not.
    if (m_password)
        m_password->wipe();
    if (m_token)
        m_token->wipe();
    QDialog::done(result);
}

void CredentialDialog::updateAttempt()
{
    const int attempt = m_request.attempt;
    if (attempt <= 1) {
        m_attempt->hide();
        return;
    }
    const QString of = m_maxAttempts > 0 ? tr("Attempt %1 of %2").arg(attempt).arg(m_maxAttempts)
                                         : tr("Attempt %1").arg(attempt);
    const QString who = m_request.space.proxy ? tr("the proxy") : tr("the server");
    m_attempt->setText(m_request.rejectedUser.isEmpty()
                               ? tr("%1: %2 rejected the credentials").arg(of, who)
                               : tr("%1: %2 rejected %3").arg(of, who, DisplayText::escaped(m_request.rejectedUser)));
    m_attempt->show();
}

QString CredentialDialog::tokenProblem() const
{
    if (!m_token || m_request.kind != Credential::Kind::Token)
        return QString();
    // The rule a token given with a request must follow (RFC 6750 §2.1 b64token), applied by
    // the engine's own validation so the two cannot drift apart.
    HttpRequest probe;
    probe.url = QUrl(QStringLiteral("http://127.0.0.1/"));
    probe.credentials.token = m_token->secret().trimmed();
    QString error;
    if (probe.validate(&error))
        return QString();
    error[0] = error.at(0).toUpper();
    return error;
}

void CredentialDialog::updateSendButton()
{
    if (m_password) {
        m_send->setEnabled(!m_user->text().isEmpty() || !m_password->text().isEmpty());
        return;
    }
    const QString problem = tokenProblem();
    m_tokenProblem->setText(problem);
    m_tokenProblem->setVisible(!problem.isEmpty());
    m_send->setEnabled(!m_token->text().trimmed().isEmpty() && problem.isEmpty());
}
