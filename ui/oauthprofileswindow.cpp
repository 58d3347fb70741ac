#include "oauthprofileswindow.h"

#include "core/displaytext.h"
#include "elidingdelegate.h"
#include "engine/exchangejob.h"
#include "engine/httpsession.h"
#include "exchangeview.h"
#include "guisigninprompter.h"
#include "oauth/oauthprofilestore.h"
#include "oauth/tokenbroker.h"
#include "oauthprofiledialog.h"
#include "oauthprofilelistmodel.h"
#include "questionbox.h"
#include "tokeninspector.h"
#include "uiformat.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace {

QPushButton *actionButton(const QString &text, const QString &name, const QString &toolTip, QWidget *parent)
{
    QPushButton *button = UiFormat::actionButton(text, name, parent);
    button->setToolTip(toolTip);
    return button;
}

QString purposeTitle(TokenQuestion::Purpose purpose)
{
    switch (purpose) {
    case TokenQuestion::Purpose::SignIn: return OAuthProfilesWindow::tr("Sign in");
    case TokenQuestion::Purpose::Refresh: return OAuthProfilesWindow::tr("Refresh");
    case TokenQuestion::Purpose::Revoke: return OAuthProfilesWindow::tr("Revoke");
    case TokenQuestion::Purpose::Send:
    case TokenQuestion::Purpose::Rejected: break;
    }
    return OAuthProfilesWindow::tr("Token");
}

} // namespace

OAuthProfilesWindow::OAuthProfilesWindow(OAuthProfileStore *store, TokenBroker *broker, HttpSession *session,
                                         GuiSignInPrompter *prompter, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_broker(broker)
    , m_session(session)
    , m_model(new OAuthProfileListModel(store, broker, this))
    , m_tick(new QTimer(this))
{
    setObjectName(QStringLiteral("oauthProfilesWindow"));
    setWindowTitle(tr("OAuth Profiles"));
    setWindowFlag(Qt::WindowContextHelpButtonHint, false);
    setWindowFlag(Qt::WindowMaximizeButtonHint, true);
    setSizeGripEnabled(true);
    resize(1180, 720);
    m_confirm = [this](const QString &question, std::function<void()> proceed) {
        QuestionBox::ask(this, tr("OAuth Profiles"), question, std::move(proceed));
    };

    m_message = UiFormat::messageStrip(QStringLiteral("oauthMessage"), QColor(0xff, 0xf3, 0xd6), QColor(0xe0, 0xb0, 0x50), this);
    m_messageText = new QLabel(m_message);
    m_messageText->setObjectName(QStringLiteral("oauthMessageText"));
    m_messageText->setWordWrap(true);
    m_messageText->setTextFormat(Qt::PlainText);
    m_messageText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_messageSignIn = actionButton(tr("Sign in"), QStringLiteral("oauthMessageSignIn"),
                                   tr("Run the profile's grant again for new tokens"), m_message);
    auto *messageLayout = new QHBoxLayout(m_message);
    messageLayout->setContentsMargins(10, 6, 6, 6);
    messageLayout->addWidget(m_messageText, 1);
    messageLayout->addWidget(m_messageSignIn, 0, Qt::AlignVCenter);
    m_message->hide();
    connect(m_messageSignIn, &QPushButton::clicked, this, [this] {
        const QString profile = m_signInProfile;
        clearMessage();
        signIn(profile);
    });

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("oauthProfilesTable"));
    m_table->setModel(m_model);
    UiFormat::setUpRecordTable(m_table);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->resizeSection(OAuthProfileListModel::NameColumn, 130);
    header->resizeSection(OAuthProfileListModel::GrantColumn, 190);
    header->resizeSection(OAuthProfileListModel::EndpointColumn, 260);
    header->setStretchLastSection(true);
    // A failure's end holds the endpoint's error and description: keep both ends in sight.
    m_table->setItemDelegateForColumn(OAuthProfileListModel::StateColumn, new ElidingDelegate(Qt::ElideMiddle, m_table));
    connect(m_table, &QTableView::doubleClicked, this, &OAuthProfilesWindow::editSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &OAuthProfilesWindow::updateActions);
    // The store changes under the selection (discovery caches endpoints, the CLI adds a profile).
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_selectedBeforeReset = selectedProfile(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        selectProfile(std::exchange(m_selectedBeforeReset, QString()));
        updateActions();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, &OAuthProfilesWindow::updateActions);

    m_emptyNote = new QLabel(tr("No OAuth profiles yet. Add one here, or with authscope-cli oauth add."), this);
    m_emptyNote->setObjectName(QStringLiteral("oauthEmptyNote"));
    m_emptyNote->setAlignment(Qt::AlignCenter);

    m_add = actionButton(tr("&Add\u2026"), QStringLiteral("oauthAdd"), tr("Add a profile"), this);
    m_edit = actionButton(tr("&Edit\u2026"), QStringLiteral("oauthEdit"), tr("Change the selected profile"), this);
    m_delete = actionButton(tr("&Delete\u2026"), QStringLiteral("oauthDelete"),
                            tr("Remove the profile with its client secret and tokens"), this);
    m_signIn = actionButton(tr("&Sign in"), QStringLiteral("oauthSignIn"),
                            tr("Run the profile's grant for new tokens (a browser or a code for interactive grants)"), this);
    m_refresh = actionButton(tr("&Refresh"), QStringLiteral("oauthRefresh"),
                             tr("Get a new access token now, with the refresh token (or the grant again)"), this);
    m_revoke = actionButton(tr("Re&voke"), QStringLiteral("oauthRevoke"),
                            tr("Revoke the tokens at the server (RFC 7009) and forget them"), this);
    m_inspect = actionButton(tr("&Inspect Token\u2026"), QStringLiteral("oauthInspect"),
                             tr("Decode the access token (JWT header and claims, expiry, signature)"), this);
    auto *close = actionButton(tr("Close"), QStringLiteral("oauthClose"), QString(), this);
    connect(m_add, &QPushButton::clicked, this, &OAuthProfilesWindow::addProfile);
    connect(m_edit, &QPushButton::clicked, this, &OAuthProfilesWindow::editSelected);
    connect(m_delete, &QPushButton::clicked, this, &OAuthProfilesWindow::deleteSelected);
    connect(m_signIn, &QPushButton::clicked, this, &OAuthProfilesWindow::signInSelected);
    connect(m_refresh, &QPushButton::clicked, this, &OAuthProfilesWindow::refreshSelected);
    connect(m_revoke, &QPushButton::clicked, this, &OAuthProfilesWindow::revokeSelected);
    connect(m_inspect, &QPushButton::clicked, this, &OAuthProfilesWindow::inspectSelected);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_delete);
    buttons->addSpacing(16);
    buttons->addWidget(m_signIn);
    buttons->addWidget(m_refresh);
    buttons->addWidget(m_revoke);
    buttons->addWidget(m_inspect);
    buttons->addStretch(1);
    buttons->addWidget(close);

    // The token exchange's legs, as the main window shows an exchange's.
    auto *lower = new QWidget(this);
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    m_exchangeTitle = new QLabel(tr("No token exchange yet: Sign in, Refresh and Revoke show their legs here."), lower);
    m_exchangeTitle->setObjectName(QStringLiteral("oauthExchangeTitle"));
    m_exchangeTitle->setTextFormat(Qt::PlainText);
    m_exchangeTitle->setWordWrap(true);
    m_exchangeView = new ExchangeView(lower);
    m_exchangeView->setObjectName(QStringLiteral("oauthExchangeView"));
    m_exchangeView->splitter()->setSizes({520, 640}); // the URL column needs room too
    lowerLayout->addWidget(m_exchangeTitle);
    lowerLayout->addWidget(m_exchangeView, 1);

    auto *upper = new QWidget(this);
    auto *upperLayout = new QVBoxLayout(upper);
    upperLayout->setContentsMargins(0, 0, 0, 0);
    upperLayout->addWidget(m_message);
    upperLayout->addWidget(m_table, 1);
    upperLayout->addWidget(m_emptyNote);
    upperLayout->addLayout(buttons);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("oauthSplitter"));
    splitter->addWidget(upper);
    splitter->addWidget(lower);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({260, 400});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 14, 14, 12);
    layout->addWidget(splitter);

    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, [this] { m_model->tick(); });
    if (prompter) {
        connect(prompter, &GuiSignInPrompter::cancelRequested, this, [this](const QString &profile) {
            if (m_tokenJob && profile == m_tokenProfile)
                m_tokenJob->cancel();
        });
    }
    updateActions();
}

OAuthProfilesWindow::~OAuthProfilesWindow()
{
    delete m_tokenJob; // aborts its legs
    if (m_editor) {
        m_editor->disconnect(this); // its destroyed() would reach a window half torn down
        delete m_editor;
    }
}

OAuthProfileDialog *OAuthProfilesWindow::profileDialog() const
{
    return m_editor;
}

TokenInspector *OAuthProfilesWindow::inspector() const
{
    return m_inspector;
}

QString OAuthProfilesWindow::selectedProfile() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.constFirst().data(OAuthProfileListModel::NameRole).toString();
}

bool OAuthProfilesWindow::selectProfile(const QString &name)
{
    const int row = m_model->rowOf(name);
    if (row < 0)
        return false;
    m_table->selectRow(row);
    return true;
}

void OAuthProfilesWindow::addProfile()
{
    if (m_editor || isBusy())
        return;
    QStringList names;
    for (const OAuthProfile &p : m_model->profiles())
        names << p.name;
    openEditor(new OAuthProfileDialog(names, this));
}

void OAuthProfilesWindow::editSelected()
{
    const auto profile = m_store->profile(selectedProfile());
    if (!profile || m_editor || isBusy())
        return;
    openEditor(new OAuthProfileDialog(*profile, this));
}

void OAuthProfilesWindow::openEditor(OAuthProfileDialog *dialog)
{
    m_editor = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &OAuthProfileDialog::saveRequested, this, [this, dialog] { save(dialog); });
    connect(dialog, &QObject::destroyed, this, &OAuthProfilesWindow::updateActions);
    updateActions();
    dialog->show();
}

void OAuthProfilesWindow::save(OAuthProfileDialog *dialog)
{
    if (isBusy())
        return;
    clearMessage();
    const OAuthProfile profile = dialog->profile();
    QByteArray secret = dialog->clientSecret();
    dialog->setBusy(true);
    OAuthStoreJob *job = m_store->saveProfile(profile, secret);
    secret.fill('\0');
    QPointer<OAuthProfileDialog> editor(dialog);
    runStore(job, [this, editor, profile](OAuthStoreJob *finished) {
        if (!finished->status().isOk()) {
            showMessage(tr("Could not save the profile %1. %2").arg(profile.name, finished->status().message()));
            if (editor) {
                editor->setBusy(false);
                editor->showError(finished->status().message());
            }
            return;
        }
        selectProfile(profile.name);
        m_broker->refreshState(profile.name);
        if (editor)
            editor->accept();
    });
}

void OAuthProfilesWindow::deleteSelected()
{
    const QString name = selectedProfile();
    if (name.isEmpty() || isBusy() || m_editor)
        return;
    m_confirm(tr("Delete the OAuth profile %1?\n\nIts client secret and tokens are removed from the keychain; the "
                 "tokens are not revoked at the server (use Revoke first for that).").arg(name),
              [this, name] {
                  if (isBusy() || m_editor || !m_store->profile(name))
                      return;
                  clearMessage();
                  runStore(m_store->removeProfile(name), [this, name](OAuthStoreJob *job) {
                      if (!job->status().isOk())
                          showMessage(tr("Could not delete the profile %1. %2").arg(name, job->status().message()));
                  });
              });
}

void OAuthProfilesWindow::signInSelected()
{
    signIn(selectedProfile());
}

void OAuthProfilesWindow::signIn(const QString &profile)
{
    selectProfile(profile);
    runToken(profile, TokenQuestion::Purpose::SignIn);
}

void OAuthProfilesWindow::refreshSelected()
{
    runToken(selectedProfile(), TokenQuestion::Purpose::Refresh);
}

void OAuthProfilesWindow::revokeSelected()
{
    runToken(selectedProfile(), TokenQuestion::Purpose::Revoke);
}

void OAuthProfilesWindow::runToken(const QString &profile, TokenQuestion::Purpose purpose)
{
    if (profile.isEmpty() || isBusy())
        return;
    clearMessage();
    TokenQuestion question;
    question.profile = profile;
    question.purpose = purpose;
    m_tokenProfile = profile;
    m_tokenPurpose = purpose;
    m_lastExchange = Exchange();
    m_tokenJob = m_session->createTokenExchange(question);
    m_model->setSigningIn(purpose == TokenQuestion::Purpose::SignIn ? profile : QString());
    connect(m_tokenJob, &ExchangeJob::legStarted, this, &OAuthProfilesWindow::updateExchange);
    connect(m_tokenJob, &ExchangeJob::legFinished, this, &OAuthProfilesWindow::updateExchange);
    connect(m_tokenJob, &ExchangeJob::finished, this, &OAuthProfilesWindow::tokenExchangeDone);
    m_exchangeView->clear();
    m_exchangeTitle->setText(tr("%1: %2…").arg(purposeTitle(purpose), profile));
    updateActions();
    m_tokenJob->start();
}

void OAuthProfilesWindow::updateExchange()
{
    if (m_tokenJob)
        m_exchangeView->setExchange(m_tokenJob->exchange());
}

void OAuthProfilesWindow::tokenExchangeDone()
{
    ExchangeJob *job = m_tokenJob;
    if (!job)
        return;
    m_lastExchange = job->exchange();
    const QDateTime expiresAt = job->tokenExpiresAt();
    m_tokenJob = nullptr;
    job->deleteLater();
    m_model->setSigningIn(QString());
    m_exchangeView->setExchange(m_lastExchange);
    const Status &status = m_lastExchange.status;
    const int legs = int(m_lastExchange.legs.size());
    const QString legText = legs == 1 ? tr("1 leg") : tr("%1 legs").arg(legs);
    const QString title = purposeTitle(m_tokenPurpose);
    if (status.isOk()) {
        QString outcome;
        if (m_tokenPurpose == TokenQuestion::Purpose::Revoke)
            outcome = tr("revoked");
        else if (expiresAt.isValid())
            outcome = tr("new access token, valid until %1").arg(UiFormat::localTime(expiresAt));
        else
            outcome = tr("new access token");
        m_exchangeTitle->setText(tr("%1: %2 — %3 (%4)").arg(title, m_tokenProfile, outcome, legText));
    } else {
        m_exchangeTitle->setText(tr("%1: %2 — %3 (%4)").arg(title, m_tokenProfile,
                                                            UiFormat::statusTitle(status.code()), legText));
        // A refresh that cannot succeed again on its own: the user signs in with the grant.
        // A cancelled sign-in is what the user asked for, not a failure to report.
        const bool offerSignIn = m_tokenPurpose == TokenQuestion::Purpose::Refresh;
        if (status.code() != Status::Code::Cancelled)
            showMessage(tr("%1 failed: %2").arg(title, status.message()),
                        offerSignIn ? m_tokenProfile : QString());
    }
    // The broker set the profile's state as the exchange went (Failed keeps the endpoint's error).
    updateActions();
    emit tokenExchangeFinished();
}

void OAuthProfilesWindow::inspectSelected()
{
    const QString name = selectedProfile();
    const auto profile = m_store->profile(name);
    if (!profile || isBusy())
        return;
    clearMessage();
    runStore(m_store->loadSecrets(name), [this, profile](OAuthStoreJob *job) {
        if (!job->status().isOk()) {
            showMessage(tr("Could not read the tokens of %1. %2").arg(profile->name, job->status().message()));
            return;
        }
        TokenSet tokens = job->tokens();
        QByteArray clientSecret = job->clientSecret();
        clientSecret.fill('\0');
        if (tokens.accessToken.isEmpty()) {
            tokens.wipe();
            showMessage(tr("%1 holds no access token: sign in first.").arg(profile->name), profile->name);
            return;
        }
        if (!m_inspector) {
            m_inspector = new TokenInspector(m_session, this);
            m_inspector->setAttribute(Qt::WA_DeleteOnClose);
        }
        TokenInspector::Source source;
        source.title = tr("Access token of %1").arg(profile->name);
        source.jwksUrl = profile->jwksUrl;
        source.expectedIssuer = profile->issuer;
        source.obtainedAt = tokens.obtainedAt;
        source.expiresAt = tokens.expiresAt;
        // The clock is compared with the server's Date of the token endpoint that answered last here.
        if (m_tokenProfile == profile->name) {
            for (auto leg = m_lastExchange.legs.crbegin(); leg != m_lastExchange.legs.crend(); ++leg) {
                if (leg->kind == Leg::Kind::TokenEndpoint && leg->hasResponse()) {
                    source.serverDate = TokenInspector::httpDate(leg->responseHeaders.value(QByteArrayLiteral("Date")));
                    source.localAt = TokenInspector::responseArrivedAt(m_lastExchange, *leg);
                    break;
                }
            }
        }
        m_inspector->setToken(tokens.accessToken, source);
        tokens.wipe();
        m_inspector->show();
        m_inspector->raise();
    });
}

void OAuthProfilesWindow::runStore(OAuthStoreJob *job, std::function<void(OAuthStoreJob *)> done)
{
    m_storeJob = job;
    connect(job, &OAuthStoreJob::finished, this, [this, job, done] {
        m_storeJob = nullptr;
        done(job); // the job deletes itself afterwards
        updateActions();
    });
    updateActions();
    job->start();
}

void OAuthProfilesWindow::showMessage(const QString &text, const QString &signInProfile)
{
    m_signInProfile = signInProfile;
    m_messageText->setText(text);
    m_messageSignIn->setVisible(!signInProfile.isEmpty());
    m_message->show();
}

void OAuthProfilesWindow::clearMessage()
{
    m_signInProfile.clear();
    m_message->hide();
    m_messageText->clear();
}

void OAuthProfilesWindow::updateActions()
{
    const bool idle = !isBusy();
    const bool editing = !m_editor.isNull();
    const bool selected = !selectedProfile().isEmpty();
    m_add->setEnabled(idle && !editing);
    m_edit->setEnabled(idle && !editing && selected);
    m_delete->setEnabled(idle && !editing && selected);
    m_signIn->setEnabled(idle && selected);
    m_refresh->setEnabled(idle && selected);
    m_revoke->setEnabled(idle && selected);
    m_inspect->setEnabled(idle && selected);
    m_messageSignIn->setEnabled(idle);
    m_emptyNote->setVisible(m_model->rowCount() == 0);
}

void OAuthProfilesWindow::showEvent(QShowEvent *event)
{
    // The buttons act on the selection: start with one.
    if (selectedProfile().isEmpty() && m_model->rowCount() > 0)
        m_table->selectRow(0);
    m_model->tick();
    m_tick->start();
    QDialog::showEvent(event);
}

void OAuthProfilesWindow::hideEvent(QHideEvent *event)
{
    m_tick->stop();
    QDialog::hideEvent(event);
}
