#include "mainwindow.h"

#include "appsettings.h"
#include "auth/authcache.h"
#include "bodyformatter.h"
#include "bodyview.h"
#include "core/displaytext.h"
#include "credentialdialog.h"
#include "dialogcredentialprovider.h"
#include "exchangeview.h"
#include "exportactions.h"
#include "leglistmodel.h"
#include "leglistview.h"
#include "http/cookiejar.h"
#include "engine/exchangejob.h"
#include "credentials/credentialstore.h"
#include "credentials/storedcredentialprovider.h"
#include "http/httpurl.h"
#include "credentials/savecredentialjob.h"
#include "engine/httpsession.h"
#include "autheditor.h"
#include "credentialswindow.h"
#include "guisigninprompter.h"
#include "keychainbanner.h"
#include "labcontroller.h"
#include "lessonpanel.h"
#include "cli/sendoptions.h"
#include "legdetailsview.h"
#include "oauth/oauthprofilestore.h"
#include "oauth/tokenbroker.h"
#include "oauthprofileswindow.h"
#include "presentermode.h"
#include "revealbutton.h"
#include "revealpolicy.h"
#include "tokeninspector.h"
#include "secretlineedit.h"
#include "keyvaluetable.h"
#include "requesteditor.h"
#include "responseview.h"
#include "statusline.h"
#include "uiformat.h"
#include "windowzoom.h"
#include "proxydialog.h"
#include "stepbanner.h"
#include "stepthrough.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QToolButton>
#include <QScreen>
#include <QSplitter>
#include <QStatusBar>
#include <QTableWidget>
#include <QVBoxLayout>

// Q_INIT_RESOURCE must be used outside any namespace; the resources sit in a static library,
// whose initialiser the linker would otherwise drop.
static void initAuthScopeResources()
{
    Q_INIT_RESOURCE(authscope);
}

namespace {
constexpr int DefaultWidth = 1200;
constexpr int DefaultHeight = 800;

// Ctrl+Return in a header cell that is still being edited must send what was typed.
void commitOpenEditors(QWidget *root)
{
    const QList<QTableWidget *> tables = root->findChildren<QTableWidget *>();
    for (QTableWidget *table : tables) {
        // The only index widgets in these tables are open editors.
        if (QWidget *editor = table->indexWidget(table->currentIndex()))
            QMetaObject::invokeMethod(table, "commitData", Q_ARG(QWidget *, editor));
    }
}

// Gives the keyboard to the first visible widget in area that takes it.
void focusFirstIn(QWidget *area)
{
    if (area->focusPolicy() & Qt::TabFocus) {
        area->setFocus(Qt::ShortcutFocusReason);
        return;
    }
    const QList<QWidget *> children = area->findChildren<QWidget *>();
    for (QWidget *child : children) {
        if ((child->focusPolicy() & Qt::TabFocus) && child->isVisibleTo(area) && child->isEnabled()) {
            child->setFocus(Qt::ShortcutFocusReason);
            return;
        }
    }
}
} // namespace

MainWindow::MainWindow(AppSettings *settings, CredentialStore *credentials, OAuthProfileStore *oauthProfiles,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_session(new HttpSession(&m_manager, this))
    , m_credentials(new DialogCredentialProvider(this, this))
    , m_store(credentials)
    , m_oauthProfiles(oauthProfiles)
    , m_keychainBanner(new KeychainBanner(this))
    , m_editor(new RequestEditor(this))
    , m_response(new ResponseView(this))
    , m_exchangeView(new ExchangeView(this))
    , m_mainSplitter(new QSplitter(Qt::Vertical, this))
    , m_workSplitter(new QSplitter(Qt::Horizontal, this))
    , m_cookieCount(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("AuthScope"));
    setWindowIcon(applicationIcon());
    // Hints are written in PlaceholderText, which Qt makes too faint to read (about 2:1).
    setPalette(UiFormat::readablePalette(QApplication::palette()));

    m_workSplitter->setObjectName(QStringLiteral("workSplitter"));
    m_workSplitter->addWidget(m_editor);
    m_workSplitter->addWidget(m_response);
    m_workSplitter->setChildrenCollapsible(false);
    m_workSplitter->setHandleWidth(12);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->addWidget(m_workSplitter);
    m_mainSplitter->addWidget(m_exchangeView);
    m_mainSplitter->setChildrenCollapsible(false);
    m_mainSplitter->setHandleWidth(12);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(12, 10, 12, 4);
    layout->addWidget(m_keychainBanner);
    layout->addWidget(m_mainSplitter);
    setCentralWidget(central);

    m_cookieCount->setObjectName(QStringLiteral("cookieCount"));
    statusBar()->addPermanentWidget(m_cookieCount);

    if (m_oauthProfiles) {
        // Requests naming a profile get its token (and refreshes) from the broker; its grant and
        // refresh calls are legs of the asking exchange.
        m_signInPrompter = new GuiSignInPrompter(this, this);
        m_tokenBroker = new TokenBroker(m_oauthProfiles, m_signInPrompter, this);
        m_session->setTokenProvider(m_tokenBroker);
        m_editor->authEditor()->setOAuthProfileStore(m_oauthProfiles);
        connect(m_editor->authEditor(), &AuthEditor::oauthProfilesRequested, this, &MainWindow::showOAuthProfilesWindow);
    }
    connect(m_exchangeView->legDetails(), &LegDetailsView::inspectTokenRequested, this,
            [this] { inspectLegToken(m_exchangeView->legList()->currentLeg()); });

    m_zoom = new WindowZoom(this, this);
    m_exports = new ExportActions(this);
    m_revealPolicy = new RevealPolicy(this);
    m_presenter = new PresenterMode(m_zoom, m_revealPolicy, m_exchangeView->diagram(), m_exports, this);
    m_exports->copyCurlAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_C));
    connect(m_exports, &ExportActions::exported, this,
            [this](const QString &path) { statusBar()->showMessage(tr("Exported to %1").arg(path)); });
    connect(m_exports, &ExportActions::copied, this,
            [this](const QString &what) { statusBar()->showMessage(tr("Copied %1").arg(what)); });
    connect(m_exchangeView->legList(), &LegListView::currentLegChanged, m_exports, &ExportActions::setCurrentLeg);
    createActions();
    createViewActions();
    createStepAndProxyActions();
    createLab();
    createPresenterActions();
    createMenus();
    m_editor->setActions(m_send, m_cancel);

    m_session->setCredentialProvider(m_credentials);
    if (m_store) {
        // The store answers first; the dialog is asked when it has nothing for the realm.
        m_storedProvider = new StoredCredentialProvider(m_store, m_credentials, this);
        m_session->setCredentialProvider(m_storedProvider);
        connect(m_storedProvider, &StoredCredentialProvider::keychainUnavailable, this,
                [this](const QString &message, bool saving) {
                    // After a save the user must learn that what they asked to keep was not kept.
                    showKeychainProblem(saving ? tr("The credential was not remembered. %1").arg(message) : message);
                });
        connect(m_storedProvider, &StoredCredentialProvider::saveFailed, this, [this](const Status &status) {
            // Opened, not exec()'d: the exchange and the rest of the window keep running.
            auto *box = new QMessageBox(QMessageBox::Warning, tr("Credential not remembered"),
                                        DisplayText::escaped(status.message()), QMessageBox::Ok, this);
            box->setTextFormat(Qt::PlainText);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        });
        connect(m_storedProvider, &StoredCredentialProvider::problem, this,
                [this](const QString &message) { statusBar()->showMessage(message); });
        connect(m_storedProvider, &StoredCredentialProvider::used, this, [this](const CredentialRecord &record) {
            statusBar()->showMessage(tr("Answered the %1 with the stored credential of %2")
                                             .arg(record.space.toDisplayString(), record.user));
        });
        connect(m_storedProvider, &StoredCredentialProvider::saved, this,
                [this](const CredentialRecord &record, bool updated) {
                    const QString where = m_store->isSessionOnly() ? tr("for this session") : tr("in the keychain");
                    statusBar()->showMessage(updated ? tr("Updated the %1 of %2 %3").arg(Credential::kindName(record.kind), record.user, where)
                                                     : tr("Remembered the %1 of %2 %3").arg(Credential::kindName(record.kind), record.user, where));
                });
        connect(m_keychainBanner, &KeychainBanner::sessionOnlyRequested, this, &MainWindow::useSessionOnlyMemory);
        // Dismissing the problem says "fixed": the next challenge asks the keychain again at once.
        connect(m_keychainBanner->dismissButton(), &QToolButton::clicked, m_storedProvider,
                &StoredCredentialProvider::retryKeychain);
        m_editor->authEditor()->setCredentialStore(m_store);
        connect(m_editor->authEditor(), &AuthEditor::storeRequested, this, &MainWindow::storeTypedCredential);
        if (m_store->isSessionOnly())
            m_keychainBanner->showSessionOnly();
    }
    connect(m_credentials, &DialogCredentialProvider::dialogOpened, this, [this](CredentialDialog *dialog) {
        const ProtectionSpace &space = dialog->request().space;
        const QString scheme = QString::fromLatin1(dialog->request().challenge.scheme);
        const QString what = space.realm.isEmpty() ? tr("%1 at %2").arg(scheme, space.origin)
                                                   : tr("%1 realm \"%2\"").arg(scheme, DisplayText::escaped(space.realm));
        // The view follows this exchange: the previous response must not stand beside the dialog.
        if (m_job) {
            m_exchangeView->setExchange(m_job->exchange());
            m_response->showWaitingForCredentials(m_job->exchange(), what);
        } else {
            m_response->statusLine()->showWaitingForCredentials(what);
        }
        statusBar()->showMessage(tr("Waiting for credentials for the %1").arg(DisplayText::escaped(space.toDisplayString())));
    });
    connect(m_credentials, &DialogCredentialProvider::dialogClosed, this, [this] {
        if (m_job) {
            m_response->showRunning(m_job->exchange());
            statusBar()->showMessage(tr("Sending…"));
        }
    });
    connect(m_session->cookieJar(), &CookieJar::changed, this, &MainWindow::updateCookieCount);
    connect(m_response->bodyView(), &BodyView::prettyToggled, this, [this](bool pretty) {
        m_settings->setValue(AppSettings::Key::BodyViewPretty, pretty);
    });

    restoreSettings();
    updateActions();
    updateCookieCount();
    statusBar()->showMessage(tr("Ready"));
}

MainWindow::~MainWindow()
{
    // The job would otherwise outlive the views it reports to until the session goes.
    delete m_job;
    delete m_oauthWindow; // its token exchange runs on the session
    m_session->setCredentialProvider(nullptr);
    m_session->setTokenProvider(nullptr);
}

QIcon MainWindow::applicationIcon()
{
    initAuthScopeResources();
    QIcon icon;
    for (int size : {16, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/authscope-%1.png").arg(size), QSize(size, size));
    return icon;
}

void MainWindow::setUrl(const QString &url)
{
    m_editor->setUrl(url);
}

void MainWindow::createActions()
{
    m_send = new QAction(tr("&Send"), this);
    m_send->setObjectName(QStringLiteral("sendAction"));
    m_send->setToolTip(tr("Send the request"));
    m_send->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_send->setShortcutContext(Qt::WindowShortcut);
    connect(m_send, &QAction::triggered, this, &MainWindow::send);
    addAction(m_send);

    m_cancel = new QAction(tr("&Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelAction"));
    m_cancel->setToolTip(tr("Abort the exchange in flight"));
    m_cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancel->setShortcutContext(Qt::WindowShortcut);
    connect(m_cancel, &QAction::triggered, this, &MainWindow::cancel);
    addAction(m_cancel);

    m_clearCookies = new QAction(tr("Clear &Cookies"), this);
    m_clearCookies->setObjectName(QStringLiteral("clearCookiesAction"));
    m_clearCookies->setToolTip(tr("Forget every cookie of this session"));
    connect(m_clearCookies, &QAction::triggered, this, &MainWindow::clearCookies);

    m_forgetCredentials = new QAction(tr("&Forget Credentials"), this);
    m_forgetCredentials->setObjectName(QStringLiteral("forgetCredentialsAction"));
    m_forgetCredentials->setToolTip(tr("Forget the credentials that worked in this session; the next challenge asks again"));
    connect(m_forgetCredentials, &QAction::triggered, this, &MainWindow::forgetCredentials);

    m_showCredentials = new QAction(tr("Stored &Credentials…"), this);
    m_showCredentials->setObjectName(QStringLiteral("showCredentialsAction"));
    m_showCredentials->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    m_showCredentials->setToolTip(tr("List, reveal, edit and delete the credentials kept in the keychain"));
    connect(m_showCredentials, &QAction::triggered, this, &MainWindow::showCredentialsWindow);

    m_showOAuthProfiles = new QAction(tr("&OAuth Profiles…"), this);
    m_showOAuthProfiles->setObjectName(QStringLiteral("showOAuthProfilesAction"));
    m_showOAuthProfiles->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_showOAuthProfiles->setToolTip(tr("OAuth 2.0 profiles: their tokens' state; sign in, refresh, revoke"));
    connect(m_showOAuthProfiles, &QAction::triggered, this, &MainWindow::showOAuthProfilesWindow);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_exports->exportHarAction());
    file->addAction(m_exports->exportMarkdownAction());
    file->addAction(m_exports->exportDiagramAction());
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName(QStringLiteral("editMenu"));
    edit->addAction(m_exports->copyCurlAction());

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    view->addAction(m_zoomIn);
    view->addAction(m_zoomOut);
    view->addAction(m_resetZoom);
    view->addSeparator();
    view->addAction(m_focusUrl);
    view->addAction(m_focusLegs);
    view->addAction(m_focusInspector);
    view->addSeparator();
    view->addAction(m_showSecrets);
    view->addAction(m_presenterAction);

    QMenu *request = menuBar()->addMenu(tr("&Request"));
    request->addAction(m_send);
    request->addAction(m_cancel);
    request->addSeparator();
    for (QAction *action : {m_stepThrough->toggleAction(), m_stepThrough->nextAction(),
                            m_stepThrough->previousAction(), m_stepThrough->replayAction()})
        request->addAction(action);

    QMenu *session = menuBar()->addMenu(tr("&Session"));
    session->addAction(m_clearCookies);
    session->addAction(m_forgetCredentials);
    if (m_store) {
        session->addSeparator();
        session->addAction(m_showCredentials);
    }
    if (m_oauthProfiles)
        session->addAction(m_showOAuthProfiles);
    session->addSeparator();
    session->addAction(m_proxyAction);

    menuBar()->addMenu(m_lab->createMenu(this));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_tour);
    help->addAction(tr("&About AuthScope"), this, &MainWindow::showAbout);
}

void MainWindow::createViewActions()
{
    m_zoomIn = new QAction(tr("Zoom &In"), this);
    m_zoomIn->setObjectName(QStringLiteral("zoomInAction"));
    // Ctrl+= too: on most layouts "+" needs Shift.
    m_zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    connect(m_zoomIn, &QAction::triggered, m_zoom, &WindowZoom::zoomIn);

    m_zoomOut = new QAction(tr("Zoom &Out"), this);
    m_zoomOut->setObjectName(QStringLiteral("zoomOutAction"));
    m_zoomOut->setShortcut(QKeySequence::ZoomOut);
    connect(m_zoomOut, &QAction::triggered, m_zoom, &WindowZoom::zoomOut);

    m_resetZoom = new QAction(tr("&Reset Zoom"), this);
    m_resetZoom->setObjectName(QStringLiteral("resetZoomAction"));
    m_resetZoom->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(m_resetZoom, &QAction::triggered, m_zoom, &WindowZoom::reset);

    connect(m_zoom, &WindowZoom::percentChanged, this, [this](int percent) {
        // Presenter mode's zoom is not the user's: theirs is kept.
        if (!presenterMode())
            m_settings->setValue(AppSettings::Key::ZoomPercent, percent);
        m_zoomIn->setEnabled(percent < WindowZoom::maximumPercent());
        m_zoomOut->setEnabled(percent > WindowZoom::minimumPercent());
        statusBar()->showMessage(tr("Zoom %1%").arg(percent), 2000);
        // Rows the inspector made with the old font are made again.
        if (!m_job)
            m_exchangeView->setExchange(m_lastExchange);
    });

    // Ctrl+L stays the URL field's (as in browsers); Ctrl+1/2/3 walk the window top to bottom.
    m_focusUrl = new QAction(tr("Go to &URL"), this);
    m_focusUrl->setObjectName(QStringLiteral("focusUrlAction"));
    m_focusUrl->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    connect(m_focusUrl, &QAction::triggered, this, [this] {
        m_editor->urlField()->setFocus(Qt::ShortcutFocusReason);
        m_editor->urlField()->selectAll();
    });

    m_focusLegs = new QAction(tr("Go to &Legs"), this);
    m_focusLegs->setObjectName(QStringLiteral("focusLegsAction"));
    m_focusLegs->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    connect(m_focusLegs, &QAction::triggered, this, [this] {
        LegListView *legs = m_exchangeView->legList();
        legs->setFocus(Qt::ShortcutFocusReason);
        if (legs->currentLeg() < 0 && legs->legModel()->rowCount() > 0)
            legs->selectLeg(0);
    });

    m_focusInspector = new QAction(tr("Go to Leg &Inspector"), this);
    m_focusInspector->setObjectName(QStringLiteral("focusInspectorAction"));
    m_focusInspector->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
    connect(m_focusInspector, &QAction::triggered, this, [this] {
        focusFirstIn(m_exchangeView->legDetails());
    });
    for (QAction *action : {m_zoomIn, m_zoomOut, m_resetZoom, m_focusUrl, m_focusLegs, m_focusInspector})
        addAction(action);
}

void MainWindow::createPresenterActions()
{
    // The views' "Show secrets" buttons and the dialogs' eyes (SecretLineEdit finds the policy
    // through its window) all drive this one policy; the status bar counts down while revealed.
    m_exchangeView->legDetails()->revealSecretsButton()->setRevealPolicy(m_revealPolicy);
    m_response->revealSecretsButton()->setRevealPolicy(m_revealPolicy);
    auto *indicator = new RevealButton(QStringLiteral("statusRevealSecrets"),
                                       tr("Secrets are shown in every view; they hide again when the time is up"), this);
    indicator->setRevealPolicy(m_revealPolicy);
    indicator->setVisible(false);
    statusBar()->addPermanentWidget(indicator);
    connect(m_revealPolicy, &RevealPolicy::confirmationRequested, this, &MainWindow::confirmReveal);
    // Presenting steps through each leg.
    m_presenter->setStepThroughAction(stepThroughAction());

    m_showSecrets = new QAction(tr("Show &Secrets"), this);
    m_showSecrets->setObjectName(QStringLiteral("showSecretsAction"));
    m_showSecrets->setCheckable(true);
    m_showSecrets->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H));
    m_showSecrets->setToolTip(tr("Show passwords, tokens, API keys and cookie values in every view for %1 s")
                                      .arg(RevealPolicy::DefaultRevealMs / 1000));
    connect(m_showSecrets, &QAction::triggered, this, [this] {
        m_showSecrets->setChecked(m_revealPolicy->revealed()); // the policy decides, changed() shows it
        m_revealPolicy->toggle();
    });
    connect(m_revealPolicy, &RevealPolicy::changed, this, [this, indicator](bool revealed) {
        m_showSecrets->setChecked(revealed);
        indicator->setVisible(revealed);
        if (!revealed && m_revealConfirmation)
            m_revealConfirmation->close();
    });

    m_presenterAction = new QAction(tr("&Presenter Mode"), this);
    m_presenterAction->setObjectName(QStringLiteral("presenterAction"));
    m_presenterAction->setCheckable(true);
    m_presenterAction->setShortcut(QKeySequence(Qt::Key_F11));
    m_presenterAction->setToolTip(tr("Larger text and diagram for a projector, every secret masked"));
    connect(m_presenterAction, &QAction::toggled, this, &MainWindow::setPresenterMode);
    for (QAction *action : {m_showSecrets, m_presenterAction})
        addAction(action);
}

void MainWindow::setPresenterMode(bool on)
{
    if (m_presenter->isOn() == on)
        return;
    m_presenter->setOn(on);
    m_presenterAction->setChecked(on);
    setWindowTitle(on ? tr("AuthScope — Presenter Mode") : QStringLiteral("AuthScope"));
    m_showSecrets->setToolTip(tr("Show passwords, tokens, API keys and cookie values in every view for %1 s")
                                      .arg(m_revealPolicy->duration() / 1000));
    if (!m_job)
        m_exchangeView->setExchange(m_lastExchange);
    statusBar()->showMessage(on ? tr("Presenter mode: secrets masked; %1 to leave").arg(m_presenterAction->shortcut().toString(QKeySequence::NativeText))
                                : tr("Presenter mode off"));
}

QMessageBox *MainWindow::revealConfirmation() const
{
    return m_revealConfirmation;
}

bool MainWindow::presenterMode() const
{
    return m_presenter && m_presenter->isOn();
}

void MainWindow::confirmReveal()
{
    if (m_revealConfirmation)
        return;
    // Opened, not exec()'d; only Show reveals.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Show secrets to the room?"),
                                tr("Presenter mode is on: passwords, tokens, API keys and cookie values will be shown "
                                   "unmasked for %1 s to everyone who sees this screen.")
                                        .arg(m_revealPolicy->duration() / 1000),
                                QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("presenterRevealConfirmation"));
    box->setTextFormat(Qt::PlainText);
    QPushButton *show = box->addButton(tr("Show secrets"), QMessageBox::AcceptRole);
    show->setObjectName(QStringLiteral("presenterRevealConfirm"));
    box->setDefaultButton(qobject_cast<QPushButton *>(box->button(QMessageBox::Cancel)));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(show, &QPushButton::clicked, m_revealPolicy, &RevealPolicy::reveal);
    m_revealConfirmation = box;
    box->open();
}

void MainWindow::createLab()
{
    m_lab = new LabController(this);
    m_labStatus = new QLabel(m_lab->statusText(), this);
    m_labStatus->setObjectName(QStringLiteral("labStatus"));
    m_labStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addPermanentWidget(m_labStatus);
    connect(m_lab, &LabController::runningChanged, this, [this] { m_labStatus->setText(m_lab->statusText()); });
    connect(m_lab, &LabController::message, this, [this](const QString &text) { statusBar()->showMessage(text); });
    connect(m_lab, &LabController::scenarioChosen, this, &MainWindow::loadScenario);
    connect(m_lab, &LabController::tourRequested, this, &MainWindow::openTour);

    m_lessonPanel = new LessonPanel(this);
    connect(m_lessonPanel, &LessonPanel::lessonChosen, this, &MainWindow::loadScenario);
    connect(m_lessonPanel, &LessonPanel::sendRequested, m_send, &QAction::trigger);
    connect(m_send, &QAction::enabledChanged, m_lessonPanel,
            [this](bool enabled) { m_lessonPanel->sendButton()->setEnabled(enabled && m_lessonPanel->hasLesson()); });
    m_lessonDock = new QDockWidget(tr("Lesson"), this);
    m_lessonDock->setObjectName(QStringLiteral("lessonDock"));
    m_lessonDock->setWidget(m_lessonPanel);
    m_lessonDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::LeftDockWidgetArea, m_lessonDock);
    m_lessonDock->hide();

    m_tour = new QAction(tr("&Tour"), this);
    m_tour->setObjectName(QStringLiteral("tourAction"));
    m_tour->setShortcut(QKeySequence::HelpContents);
    m_tour->setToolTip(tr("Walk through the practice lab's lessons, one request each"));
    connect(m_tour, &QAction::triggered, this, &MainWindow::openTour);
    addAction(m_tour);
}

void MainWindow::openTour()
{
    if (!m_lab->start())
        return;
    const QList<LabScenario> tour = m_lab->tour();
    if (tour.isEmpty()) {
        statusBar()->showMessage(tr("The lab has no tour"));
        return;
    }
    m_lessonPanel->setLessons(tour, tr("Tour"));
    loadScenario(tour.constFirst());
}

bool MainWindow::openTourOnFirstRun()
{
    if (m_settings->value(AppSettings::Key::TourShown).toBool())
        return false;
    m_settings->setValue(AppSettings::Key::TourShown, true);
    openTour();
    return true;
}

void MainWindow::loadScenario(const LabScenario &scenario)
{
    if (!m_lab->start())
        return;
    const QUrl url = m_lab->urlFor(scenario);
    SendOptions options;
    const Status parsed = SendOptions::parse(scenario.tryArguments + QStringList{url.toString()}, &options);
    if (!parsed.isOk()) {
        statusBar()->showMessage(tr("The lesson \"%1\" cannot be loaded: %2").arg(scenario.title, parsed.message()));
        return;
    }
    cancel();
    // As the CLI's fresh session: nothing remembered from an earlier lesson answers this one.
    m_session->authCache()->clear();
    m_session->cookieJar()->clear();
    // -u USER alone: the user is typed, the password asked for when the lab challenges.
    if (!options.promptUser.isEmpty())
        options.request.credentials.user = options.promptUser;
    if (options.hasAdHocOAuth() && m_tokenBroker) {
        // Lab demo values: held in memory for this session, never written to the keychain.
        m_tokenBroker->addAdHocProfile(options.adHocProfile, options.adHocClientSecret, options.adHocTokens, false);
        m_editor->authEditor()->addSessionOAuthProfile(options.adHocProfile.name);
    }
    options.adHocClientSecret.fill('\0');
    options.adHocTokens.wipe();
    // --proxy as the lesson's own proxy; without it, none (as send): a window default stays out of it.
    m_editor->setProxySetting(ProxySetting::fromNetworkProxy(options.useProxy ? options.proxy
                                                                             : QNetworkProxy(QNetworkProxy::NoProxy)));
    m_editor->setRequest(options.request);
    options.request.credentials.wipeSecrets();

    m_exchangeView->clear();
    m_exports->setExchange(nullptr);
    m_response->clear();
    m_lastExchange = Exchange();
    if (!m_lessonPanel->showLesson(scenario.id, url)) {
        m_lessonPanel->setLessons(m_lab->scenarios(), tr("Lessons"));
        m_lessonPanel->showLesson(scenario.id, url);
    }
    m_lessonPanel->sendButton()->setEnabled(m_send->isEnabled());
    m_lessonDock->show();
    m_lessonDock->raise();
    updateCookieCount();
    updateActions();
    statusBar()->showMessage(tr("Lesson loaded: %1. Press Send.").arg(scenario.title));
}

void MainWindow::createStepAndProxyActions()
{
    m_stepThrough = new StepThrough(m_exchangeView, m_cancel, this);
    m_exchangeView->insertBanner(m_stepThrough->banner());
    connect(m_stepThrough, &StepThrough::legHeld, this, [this](int index) {
        onLegChanged();
        statusBar()->showMessage(tr("Leg %1 held: %2 sends it, %3 cancels")
                                         .arg(index + 1)
                                         .arg(m_stepThrough->nextAction()->shortcut().toString(QKeySequence::NativeText),
                                              m_cancel->shortcut().toString(QKeySequence::NativeText)));
    });
    connect(m_stepThrough, &StepThrough::replayRequested, this, [this] {
        cancel(); // finished() runs inside: the window is free to send again
        send();
    });

    m_proxyAction = new QAction(tr("&Proxy…"), this);
    m_proxyAction->setObjectName(QStringLiteral("proxyAction"));
    m_proxyAction->setToolTip(tr("The proxy requests go through unless they choose their own"));
    connect(m_proxyAction, &QAction::triggered, this, &MainWindow::showProxyDialog);
}

QAction *MainWindow::stepThroughAction() const
{
    return m_stepThrough->toggleAction();
}

ProxySetting MainWindow::defaultProxy() const
{
    ProxySetting setting;
    // A stored value that does not read (edited by hand) counts as none: nothing is sent to a guess.
    if (!ProxySetting::fromString(m_settings->value(AppSettings::Key::DefaultProxy).toString(), &setting)
        || setting.mode == ProxySetting::Mode::Default)
        setting = ProxySetting{ProxySetting::Mode::None, {}};
    return setting;
}

void MainWindow::setDefaultProxy(const ProxySetting &setting)
{
    m_settings->setValue(AppSettings::Key::DefaultProxy, setting.toString()); // toString() drops any password
}

ProxyDialog *MainWindow::proxyDialog() const
{
    return m_proxyDialog;
}

void MainWindow::showProxyDialog()
{
    if (m_proxyDialog) {
        m_proxyDialog->raise();
        return;
    }
    auto *dialog = new ProxyDialog(defaultProxy(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        setDefaultProxy(dialog->setting());
        statusBar()->showMessage(tr("Default proxy: %1").arg(dialog->setting().toString()));
    });
    m_proxyDialog = dialog;
    dialog->open();
}

void MainWindow::changeEvent(QEvent *event)
{
    // A new system palette (dark mode switched): the hint colour is made again from it.
    if (event->type() == QEvent::ApplicationPaletteChange)
        setPalette(UiFormat::readablePalette(QApplication::palette()));
    QMainWindow::changeEvent(event);
}

void MainWindow::restoreSettings()
{
    const QByteArray geometry = m_settings->value(AppSettings::Key::MainWindowGeometry).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry)) {
        QSize size(DefaultWidth, DefaultHeight);
        if (const QScreen *s = screen())
            size = size.boundedTo(s->availableGeometry().size() * 0.95);
        resize(size);
    }
    restoreState(m_settings->value(AppSettings::Key::MainWindowState).toByteArray());
    if (!m_mainSplitter->restoreState(m_settings->value(AppSettings::Key::MainSplitterState).toByteArray()))
        m_mainSplitter->setSizes({290, 470}); // the exchange (diagram, legs, inspector) is what people come for
    if (!m_workSplitter->restoreState(m_settings->value(AppSettings::Key::WorkSplitterState).toByteArray()))
        m_workSplitter->setSizes({640, 536});
    QSplitter *exchangeSplitter = m_exchangeView->splitter();
    if (!exchangeSplitter->restoreState(m_settings->value(AppSettings::Key::ExchangeSplitterState).toByteArray()))
        exchangeSplitter->setSizes({520, 656}); // the leg details have eight tabs
    m_response->bodyView()->setPretty(m_settings->value(AppSettings::Key::BodyViewPretty).toBool());
    m_zoom->setPercent(m_settings->value(AppSettings::Key::ZoomPercent).toInt());
}

void MainWindow::saveSettings()
{
    m_settings->setValue(AppSettings::Key::MainWindowGeometry, saveGeometry());
    m_settings->setValue(AppSettings::Key::MainWindowState, saveState());
    m_settings->setValue(AppSettings::Key::MainSplitterState, m_mainSplitter->saveState());
    m_settings->setValue(AppSettings::Key::WorkSplitterState, m_workSplitter->saveState());
    m_settings->setValue(AppSettings::Key::ExchangeSplitterState, m_exchangeView->splitter()->saveState());
    m_settings->sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_job)
        m_job->cancel();
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::send()
{
    if (m_job)
        return;
    commitOpenEditors(m_editor);
    QString error;
    const bool valid = m_editor->check(&error) && m_editor->request().validate(&error);
    if (!valid) {
        // Said where the response would be: the previous exchange is no answer to this request.
        m_exchangeView->clear();
        m_exports->setExchange(nullptr);
        m_response->showInvalidRequest(error);
        statusBar()->showMessage(error);
        return;
    }
    const HttpRequest request = m_editor->request();
    m_credentials->setMaxAttempts(request.options.maxAuthAttempts);
    // A stored credential the request names is read by the exchange, as its first step.
    startExchange(request);
}

void MainWindow::startExchange(const HttpRequest &request)
{
    // The request's proxy (or the window's default) for this exchange; its credentials come from a 407.
    m_session->setProxy(m_editor->proxySetting().resolved(defaultProxy()).toNetworkProxy(request.url));
    m_job = m_session->createExchange(request);
    m_stepThrough->watch(m_job);
    connect(m_job, &ExchangeJob::legStarted, this, &MainWindow::onLegChanged);
    connect(m_job, &ExchangeJob::legFinished, this, &MainWindow::onLegChanged);
    connect(m_job, &ExchangeJob::legProgress, this, &MainWindow::onProgress);
    connect(m_job, &ExchangeJob::finished, this, &MainWindow::onFinished);

    m_exchangeView->clear();
    // The exports would read the previous exchange while this one is on screen.
    m_exports->setExchange(nullptr);
    Exchange pending;
    pending.request = request;
    m_response->showRunning(pending);
    m_lessonPanel->clearOutcome();
    statusBar()->showMessage(tr("Sending %1 %2…").arg(QString::fromLatin1(request.method),
                                                      UiFormat::displayUrl(request.url, m_revealPolicy->revealed())));
    updateActions();
    m_job->start();
    emit exchangeStarted();
}

void MainWindow::cancel()
{
    if (m_job)
        m_job->cancel();
}

void MainWindow::clearCookies()
{
    const int count = int(m_session->cookieJar()->cookies().size());
    m_session->cookieJar()->clear();
    updateCookieCount();
    statusBar()->showMessage(count == 1 ? tr("Cleared 1 cookie.") : tr("Cleared %1 cookies.").arg(count));
}

void MainWindow::forgetCredentials()
{
    const int count = m_session->authCache()->size();
    m_session->authCache()->clear();
    updateActions();
    statusBar()->showMessage(count == 1 ? tr("Forgot the credentials of 1 realm.")
                                        : tr("Forgot the credentials of %1 realms.").arg(count));
}

void MainWindow::useSessionOnlyMemory()
{
    if (!m_store)
        return;
    m_store->setSessionOnly(true);
    m_keychainBanner->showSessionOnly();
    statusBar()->showMessage(tr("Session-only memory: remembered credentials are forgotten when AuthScope quits"));
}

void MainWindow::showKeychainProblem(const QString &message)
{
    if (m_store && m_store->isSessionOnly())
        return; // the user already chose to go on without it
    m_keychainBanner->showProblem(message);
}

void MainWindow::storeTypedCredential(Credential::Kind kind)
{
    AuthEditor *auth = m_editor->authEditor();
    const QUrl url = m_editor->request().url;
    const QString origin = ProtectionSpace::originOf(url);
    if (!m_store || !HttpUrl::isHttpUrl(url)) {
        statusBar()->showMessage(tr("Type the request's URL first: a stored credential belongs to its origin"));
        return;
    }
    Credential typed = auth->typedCredential(kind);
    if (typed.secret.isEmpty())
        return;
    CredentialRecord record = auth->typedRecord(kind);
    record.space.origin = origin;
    SaveCredentialStoreJob *job = m_store->save(record, typed.secret);
    typed.wipe();
    connect(job, &CredentialStoreJob::finished, this, [this, kind](CredentialStoreJob *finished) {
        if (finished->error() != CredentialStoreJob::Error::NoError) {
            if (finished->isKeychainUnavailable())
                showKeychainProblem(tr("The credential was not stored. %1").arg(finished->errorString()));
            else
                statusBar()->showMessage(finished->errorString());
            return;
        }
        const CredentialRecord saved = static_cast<SaveCredentialStoreJob *>(finished)->record();
        // The request now refers to it by id; the typed copy goes.
        AuthEditor *auth = m_editor->authEditor();
        auth->setStoredCredentialId(saved.id);
        if (kind == Credential::Kind::Password)
            auth->passwordField()->wipe();
        else if (kind == Credential::Kind::Token)
            auth->tokenField()->wipe();
        else
            auth->apiKeyValueField()->wipe();
        statusBar()->showMessage(tr("Stored the %1 for %2 %3; the request refers to it by id %4")
                                         .arg(Credential::kindName(saved.kind), saved.space.origin,
                                              m_store->isSessionOnly() ? tr("for this session") : tr("in the keychain"),
                                              saved.id.left(8)));
    });
    job->start();
}

void MainWindow::showCredentialsWindow()
{
    if (!m_store)
        return;
    if (!m_credentialsWindow) {
        m_credentialsWindow = new CredentialsWindow(m_store, this); // closing only hides it
    }
    m_credentialsWindow->show();
    m_credentialsWindow->raise();
    m_credentialsWindow->activateWindow();
}

OAuthProfilesWindow *MainWindow::oauthProfilesWindow() const
{
    return m_oauthWindow;
}

TokenInspector *MainWindow::tokenInspector() const
{
    return m_tokenInspector;
}

QMessageBox *MainWindow::signInOffer() const
{
    return m_signInOffer;
}

void MainWindow::showOAuthProfilesWindow()
{
    if (!m_oauthProfiles)
        return;
    if (!m_oauthWindow) {
        m_oauthWindow = new OAuthProfilesWindow(m_oauthProfiles, m_tokenBroker, m_session, m_signInPrompter, this);
        // The request's profile is the one the user most likely came for.
        m_oauthWindow->selectProfile(m_editor->authEditor()->oauthProfile());
    }
    m_oauthWindow->show();
    m_oauthWindow->raise();
    m_oauthWindow->activateWindow();
}

void MainWindow::offerSignIn(const QString &profile, const QString &message)
{
    if (m_signInOffer)
        m_signInOffer->close();
    // Opened, not exec()'d: the window keeps running behind it.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Sign in to %1").arg(profile), message, QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("signInOffer"));
    box->setTextFormat(Qt::PlainText);
    box->setInformativeText(tr("Sign in with the profile's grant to get new tokens, then send again."));
    QPushButton *signIn = box->addButton(tr("Sign in"), QMessageBox::AcceptRole);
    signIn->setObjectName(QStringLiteral("signInOfferSignIn"));
    box->setDefaultButton(signIn);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(signIn, &QPushButton::clicked, this, [this, profile] {
        showOAuthProfilesWindow();
        m_oauthWindow->signIn(profile);
    });
    m_signInOffer = box;
    box->open();
}

void MainWindow::inspectLegToken(int legIndex)
{
    if (legIndex < 0 || legIndex >= m_lastExchange.legs.size())
        return;
    const Leg &leg = m_lastExchange.legs.at(legIndex);
    QByteArray token = LegDetailsView::sentBearerToken(leg);
    if (token.isEmpty())
        return;
    if (!m_tokenInspector) {
        m_tokenInspector = new TokenInspector(m_session, this);
        m_tokenInspector->setAttribute(Qt::WA_DeleteOnClose);
    }
    TokenInspector::Source source;
    source.title = tr("Bearer token sent in leg %1 (%2)").arg(legIndex + 1).arg(Leg::kindName(leg.kind));
    const QString profileName = m_lastExchange.request.credentials.oauthProfile;
    if (m_oauthProfiles && !profileName.isEmpty()) {
        if (const auto profile = m_oauthProfiles->profile(profileName)) {
            source.title = tr("Bearer token of %1 sent in leg %2").arg(profileName).arg(legIndex + 1);
            source.jwksUrl = profile->jwksUrl;
            source.expectedIssuer = profile->issuer;
        }
    }
    source.serverDate = TokenInspector::httpDate(leg.responseHeaders.value(QByteArrayLiteral("Date")));
    source.localAt = TokenInspector::responseArrivedAt(m_lastExchange, leg);
    m_tokenInspector->setToken(token, source);
    token.fill('\0');
    m_tokenInspector->show();
    m_tokenInspector->raise();
}

void MainWindow::updateActions()
{
    const bool running = m_job != nullptr;
    m_send->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_forgetCredentials->setEnabled(!running && m_session->authCache()->size() > 0);
}

void MainWindow::updateCookieCount()
{
    const int count = int(m_session->cookieJar()->cookies().size());
    m_cookieCount->setText(tr("Cookies: %1").arg(count));
    m_clearCookies->setEnabled(count > 0);
}

void MainWindow::onLegChanged()
{
    if (!m_job)
        return;
    const Exchange &exchange = m_job->exchange();
    m_exchangeView->setExchange(exchange);
    m_response->showRunning(exchange);
}

void MainWindow::onProgress(int index, qint64 received, qint64 total)
{
    const QString size = total > 0 ? tr("%1 of %2").arg(BodyFormatter::formatSize(received), BodyFormatter::formatSize(total))
                                   : BodyFormatter::formatSize(received);
    statusBar()->showMessage(tr("Receiving leg %1: %2").arg(index + 1).arg(size));
}

void MainWindow::onFinished()
{
    ExchangeJob *job = m_job;
    if (!job)
        return;
    m_lastExchange = job->exchange();
    m_job = nullptr;
    job->deleteLater();

    m_exchangeView->setExchange(m_lastExchange);
    m_response->showExchange(m_lastExchange);
    m_exports->setExchange(&m_lastExchange);
    m_exports->setCurrentLeg(m_exchangeView->legList()->currentLeg());
    m_lessonPanel->showOutcome(m_lastExchange);
    updateActions();
    updateCookieCount();
    const Status &status = m_lastExchange.status;
    if (status.isOk())
        statusBar()->showMessage(m_lastExchange.legs.size() == 1
                                     ? tr("Done: 1 leg.")
                                     : tr("Done: %1 legs.").arg(m_lastExchange.legs.size()));
    else
        statusBar()->showMessage(status.message());
    if (status.code() == Status::Code::KeychainError && status.reason() == NoteCode::KeychainUnavailable)
        showKeychainProblem(status.message());
    // A profile whose tokens cannot be refreshed: the user signs in with the profile's grant.
    const QString profile = m_lastExchange.request.credentials.oauthProfile;
    if (!profile.isEmpty() && m_oauthProfiles
        && (status.reason() == NoteCode::SignInRequired || status.reason() == NoteCode::TokenRefreshFailed))
        offerSignIn(profile, status.message());
    emit exchangeFinished();
}

void MainWindow::showAbout()
{
    // Opened, not exec()'d, like every dialog of the window: exchanges keep running behind it.
    auto *box = new QMessageBox(QMessageBox::NoIcon, tr("About AuthScope"),
                                tr("<h3>AuthScope %1</h3><p>An HTTP client for exploring authentication: every leg "
                                   "of an exchange, every header and where it came from.</p>")
                                        .arg(QApplication::applicationVersion().toHtmlEscaped()),
                                QMessageBox::Ok, this);
    box->setIconPixmap(applicationIcon().pixmap(64, 64));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}
