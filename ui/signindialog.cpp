#include "signindialog.h"

#include "core/displaytext.h"
#include "secretlineedit.h"
#include "uiformat.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace {

enum Page { BrowserPage, DevicePage, PasswordPage };

QLabel *wrapped(QWidget *parent, const QString &name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    return label;
}

// A clickable link that opens in the system browser; the text is the URL itself, escaped.
QLabel *link(QWidget *parent, const QString &name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setTextFormat(Qt::RichText);
    label->setOpenExternalLinks(true);
    label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    label->setWordWrap(true);
    return label;
}

QString anchor(const QUrl &url)
{
    const QString encoded = QString::fromLatin1(url.toEncoded()).toHtmlEscaped();
    return QStringLiteral("<a href=\"%1\">%2</a>").arg(encoded, url.toDisplayString().toHtmlEscaped());
}

} // namespace

SignInDialog::SignInDialog(const QString &profile, QWidget *parent)
    : QDialog(parent)
    , m_profile(profile)
    , m_pages(new QStackedWidget(this))
    , m_title(new QLabel(this))
    , m_browserText(wrapped(this, QStringLiteral("signInBrowserText")))
    , m_browserUrl(wrapped(this, QStringLiteral("signInBrowserUrl")))
    , m_userCode(new QLabel(this))
    , m_verificationLink(link(this, QStringLiteral("signInVerificationLink")))
    , m_completeLink(link(this, QStringLiteral("signInCompleteLink")))
    , m_remaining(wrapped(this, QStringLiteral("signInRemaining")))
    , m_deviceWhere(new QFormLayout)
    , m_deprecated(new QLabel(this))
    , m_user(new QLineEdit(this))
    , m_password(new SecretLineEdit(this))
    , m_copyCode(new QPushButton(tr("&Copy code"), this))
    , m_copyLink(new QPushButton(tr("Copy &link"), this))
    , m_signIn(new QPushButton(tr("&Sign in"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_countdown(new QTimer(this))
{
    setObjectName(QStringLiteral("signInDialog"));
    setWindowTitle(tr("Sign in: %1").arg(profile));
    setWindowFlag(Qt::WindowContextHelpButtonHint, false);
    setModal(false);
    setMinimumWidth(460);

    m_title->setObjectName(QStringLiteral("signInTitle"));
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);

    // Browser: what was opened and a way to open it by hand.
    auto *browserPage = new QWidget(this);
    auto *browserLayout = new QVBoxLayout(browserPage);
    browserLayout->setContentsMargins(0, 0, 0, 0);
    m_browserUrl->setFont(UiFormat::monospaceFont());
    m_browserUrl->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_copyLink->setObjectName(QStringLiteral("signInCopyLink"));
    m_copyLink->setAutoDefault(false);
    connect(m_copyLink, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(QString::fromLatin1(m_browserLink.toEncoded())); });
    auto *copyLinkRow = new QHBoxLayout;
    copyLinkRow->addWidget(m_copyLink);
    copyLinkRow->addStretch(1);
    browserLayout->addWidget(m_browserText);
    browserLayout->addWidget(m_browserUrl);
    browserLayout->addLayout(copyLinkRow);
    browserLayout->addStretch(1);

    // Device code: the code large enough to read across a desk, selectable and copyable.
    auto *devicePage = new QWidget(this);
    auto *deviceLayout = new QVBoxLayout(devicePage);
    deviceLayout->setContentsMargins(0, 0, 0, 0);
    m_userCode->setObjectName(QStringLiteral("signInUserCode"));
    m_userCode->setTextFormat(Qt::PlainText);
    m_userCode->setAlignment(Qt::AlignCenter);
    m_userCode->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    QFont codeFont = UiFormat::monospaceFont();
    codeFont.setPointSizeF(codeFont.pointSizeF() * 2.4);
    codeFont.setBold(true);
    codeFont.setLetterSpacing(QFont::PercentageSpacing, 115);
    m_userCode->setFont(codeFont);
    m_userCode->setMinimumHeight(QFontMetrics(codeFont).height() + 16);
    m_copyCode->setObjectName(QStringLiteral("signInCopyCode"));
    m_copyCode->setAutoDefault(false);
    connect(m_copyCode, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_userCode->text()); });
    auto *codeRow = new QHBoxLayout;
    codeRow->addStretch(1);
    codeRow->addWidget(m_userCode);
    codeRow->addWidget(m_copyCode, 0, Qt::AlignVCenter);
    codeRow->addStretch(1);
    m_deviceWhere->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    m_deviceWhere->addRow(tr("Enter it at:"), m_verificationLink);
    m_deviceWhere->addRow(tr("Or open:"), m_completeLink);
    QLabel *deviceHint = wrapped(this, QStringLiteral("signInDeviceHint"));
    deviceHint->setText(tr("On any device, open the address below and enter this code:"));
    deviceLayout->addWidget(deviceHint);
    deviceLayout->addLayout(codeRow);
    deviceLayout->addLayout(m_deviceWhere);
    deviceLayout->addWidget(m_remaining);
    deviceLayout->addStretch(1);

    // Password grant (RFC 6749 §4.3): offered only behind a visible warning.
    auto *passwordPage = new QWidget(this);
    auto *passwordLayout = new QVBoxLayout(passwordPage);
    passwordLayout->setContentsMargins(0, 0, 0, 0);
    m_deprecated->setObjectName(QStringLiteral("signInDeprecated"));
    m_deprecated->setWordWrap(true);
    m_deprecated->setTextFormat(Qt::PlainText);
    m_deprecated->setText(tr("Deprecated: the password grant sends your password to the client. OAuth 2.0 "
                             "Security BCP (RFC 9700) forbids it; use it only with a server you control."));
    QPalette warning = m_deprecated->palette();
    warning.setColor(QPalette::WindowText, UiFormat::warningColor());
    m_deprecated->setPalette(warning);
    m_user->setObjectName(QStringLiteral("signInUser"));
    m_password->setObjectName(QStringLiteral("signInPassword"));
    auto *passwordForm = new QFormLayout;
    passwordForm->addRow(tr("&User:"), m_user);
    passwordForm->addRow(tr("&Password:"), m_password);
    passwordLayout->addWidget(m_deprecated);
    passwordLayout->addLayout(passwordForm);
    passwordLayout->addStretch(1);

    m_pages->insertWidget(BrowserPage, browserPage);
    m_pages->insertWidget(DevicePage, devicePage);
    m_pages->insertWidget(PasswordPage, passwordPage);

    m_signIn->setObjectName(QStringLiteral("signInSend"));
    m_signIn->setDefault(true);
    m_signIn->hide();
    m_cancel->setObjectName(QStringLiteral("signInCancel"));
    m_cancel->setAutoDefault(false);
    connect(m_signIn, &QPushButton::clicked, this, [this] { answerPassword(true); });
    connect(m_cancel, &QPushButton::clicked, this, &QDialog::reject);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_signIn);
    buttons->addWidget(m_cancel);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 14, 16, 12);
    layout->setSpacing(10);
    layout->addWidget(m_title);
    layout->addWidget(m_pages, 1);
    layout->addLayout(buttons);

    m_countdown->setInterval(1000);
    connect(m_countdown, &QTimer::timeout, this, &SignInDialog::updateRemaining);
}

SignInDialog::~SignInDialog()
{
    m_password->wipe();
}

void SignInDialog::showBrowserWait(const QUrl &url, const QString &launchedWith, bool launched)
{
    m_browserLink = url;
    m_title->setText(tr("Waiting for the browser…"));
    m_browserText->setText(launched
            ? tr("Sign in to %1 in %2. AuthScope continues when the browser comes back to it; you can close the "
                 "browser tab then.").arg(m_profile, launchedWith)
            : tr("The browser could not be started (%1). Open this address yourself to sign in to %2:")
                  .arg(launchedWith, m_profile));
    m_browserUrl->setText(url.toDisplayString());
    m_pages->setCurrentIndex(BrowserPage);
}

void SignInDialog::showDeviceCode(const QString &userCode, const QUrl &verificationUri,
                                  const QUrl &verificationUriComplete, const QDateTime &expiresAt)
{
    m_title->setText(tr("Sign in to %1 on another device").arg(m_profile));
    m_userCode->setText(DisplayText::escaped(userCode));
    m_verificationLink->setText(anchor(verificationUri));
    const bool complete = verificationUriComplete.isValid() && !verificationUriComplete.isEmpty();
    m_completeLink->setText(complete ? anchor(verificationUriComplete) : QString());
    m_deviceWhere->setRowVisible(m_completeLink, complete);
    m_expiresAt = expiresAt;
    updateRemaining();
    if (expiresAt.isValid())
        m_countdown->start();
    m_pages->setCurrentIndex(DevicePage);
}

void SignInDialog::askPassword(std::function<void(const QString &, const QByteArray &)> answer)
{
    m_passwordAnswer = std::move(answer);
    m_title->setText(tr("Password grant for %1").arg(m_profile));
    m_signIn->show();
    m_pages->setCurrentIndex(PasswordPage);
    m_user->setFocus();
}

void SignInDialog::answerPassword(bool send)
{
    if (!m_passwordAnswer)
        return;
    auto answer = std::exchange(m_passwordAnswer, nullptr);
    if (send && !m_user->text().isEmpty()) {
        QByteArray password = m_password->secret();
        answer(m_user->text(), password);
        password.fill('\0');
        m_password->wipe();
        // The grant runs now; the prompter closes the dialog when it ends.
        m_title->setText(tr("Signing in to %1…").arg(m_profile));
        m_user->setEnabled(false);
        m_password->setEnabled(false);
        m_signIn->setEnabled(false);
        return;
    }
    answer(QString(), QByteArray());
}

void SignInDialog::updateRemaining()
{
    if (!m_expiresAt.isValid()) {
        m_remaining->setText(QString());
        return;
    }
    const qint64 left = QDateTime::currentDateTimeUtc().secsTo(m_expiresAt);
    if (left <= 0) {
        m_remaining->setText(tr("The code has expired."));
        m_countdown->stop();
        return;
    }
    m_remaining->setText(tr("The code expires in %1 (at %2).")
                                 .arg(UiFormat::countdown(left),
                                      QLocale().toString(m_expiresAt.toLocalTime().time(), QLocale::ShortFormat)));
}

void SignInDialog::done(int result)
{
    m_countdown->stop();
    if (m_passwordAnswer)
        answerPassword(false);
    m_password->wipe();
    // Closed by the user (Cancel, Escape, the close button), not by the prompter's accept().
    if (result == QDialog::Rejected)
        emit cancelRequested(m_profile);
    QDialog::done(result);
}
