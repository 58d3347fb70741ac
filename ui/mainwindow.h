#pragma once

#include "auth/credential.h"
#include "http/exchange.h"
#include "engine/exchangejob.h"
#include "http/proxysetting.h"
#include "lab/labscenario.h"

#include <QMainWindow>
#include <QNetworkAccessManager>
#include <QPointer>

class AppSettings;
class CredentialStore;
class DialogCredentialProvider;
class GuiSignInPrompter;
class OAuthProfileStore;
class OAuthProfilesWindow;
class PresenterMode;
class RevealPolicy;
class TokenBroker;
class TokenInspector;
class KeychainBanner;
class LabController;
class LessonPanel;
class QDockWidget;
class StoredCredentialProvider;
class ExchangeView;
class ExportActions;
class HttpSession;
class QLabel;
class QMessageBox;
class QSplitter;
class RequestEditor;
class ResponseView;
class WindowZoom;
class StepThrough;
class ProxyDialog;

// The AuthScope window: compose a request (left), see the final response (right) and every leg
// of the exchange (below). Sends through an HttpSession of its own, one exchange at a time, never
// blocking: Send is disabled while an exchange runs and Cancel aborts it. When a challenge needs
// credentials the request did not bring, the credential store answers it, or else a
// CredentialDialog opens window-modal over it and may remember the answer in the keychain.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // settings is not owned and must outlive the window; geometry and splitters are restored
    // from it now and saved to it when the window closes.
    // credentials (not owned, may be null: nothing is stored or looked up) must outlive the window.
    // oauthProfiles (not owned, may be null: no OAuth) must outlive the window too; the window
    // answers its profiles' tokens with a TokenBroker of its own, set as the session's
    // TokenProvider, and signs in through a GuiSignInPrompter.
    explicit MainWindow(AppSettings *settings, CredentialStore *credentials = nullptr,
                        OAuthProfileStore *oauthProfiles = nullptr, QWidget *parent = nullptr);
    ~MainWindow() override;

    // The icon from the application's resources.
    static QIcon applicationIcon();

    void setUrl(const QString &url);

    RequestEditor *requestEditor() const { return m_editor; }
    ResponseView *responseView() const { return m_response; }
    ExchangeView *exchangeView() const { return m_exchangeView; }
    HttpSession *session() const { return m_session; }
    DialogCredentialProvider *credentialProvider() const { return m_credentials; }
    CredentialStore *credentialStore() const { return m_store; }
    StoredCredentialProvider *storedCredentialProvider() const { return m_storedProvider; }
    KeychainBanner *keychainBanner() const { return m_keychainBanner; }
    OAuthProfileStore *oauthProfileStore() const { return m_oauthProfiles; }
    TokenBroker *tokenBroker() const { return m_tokenBroker; }
    GuiSignInPrompter *signInPrompter() const { return m_signInPrompter; }
    // Created on first use; null before.
    OAuthProfilesWindow *oauthProfilesWindow() const;
    TokenInspector *tokenInspector() const;
    QAction *oauthProfilesAction() const { return m_showOAuthProfiles; }
    // Opened when an exchange ended because a profile needs signing in (its refresh failed).
    QMessageBox *signInOffer() const;
    QAction *credentialsAction() const { return m_showCredentials; }
    QAction *sendAction() const { return m_send; }
    QAction *cancelAction() const { return m_cancel; }
    QAction *clearCookiesAction() const { return m_clearCookies; }
    QAction *forgetCredentialsAction() const { return m_forgetCredentials; }
    QAction *zoomInAction() const { return m_zoomIn; }
    QAction *zoomOutAction() const { return m_zoomOut; }
    QAction *resetZoomAction() const { return m_resetZoom; }
    QAction *focusUrlAction() const { return m_focusUrl; }
    QAction *focusLegsAction() const { return m_focusLegs; }
    QAction *focusInspectorAction() const { return m_focusInspector; }
    // Request > Step Through Legs (checkable, Ctrl+Shift+T): exchanges hold before each leg; the
    // banner above the legs says what comes next; Space/Right/N next, Left/P previous, R replay.
    QAction *stepThroughAction() const;
    StepThrough *stepThrough() const { return m_stepThrough; }
    // Session > Proxy…: the window's default proxy (AppSettings::Key::DefaultProxy, never a
    // password); a request whose own choice is Default goes through it.
    QAction *proxyAction() const { return m_proxyAction; }
    ProxySetting defaultProxy() const;
    void setDefaultProxy(const ProxySetting &setting);
    // Opened, not exec()'d; null when none is open.
    ProxyDialog *proxyDialog() const;
    WindowZoom *zoom() const { return m_zoom; }
    // One switch for every secret of the window and its dialogs (View > Show Secrets, the views'
    // "Show secrets" buttons); a reveal hides itself again after a short time.
    RevealPolicy *revealPolicy() const { return m_revealPolicy; }
    QAction *showSecretsAction() const { return m_showSecrets; }
    // Presenter mode (View > Presenter Mode, F11, `authscope --presenter`): larger text and
    // diagram, every secret masked, exports without secrets, step-through on.
    void setPresenterMode(bool on);
    bool presenterMode() const;
    QAction *presenterAction() const { return m_presenterAction; }
    PresenterMode *presenter() const { return m_presenter; }
    // Asked before a reveal in presenter mode (null when none is open).
    QMessageBox *revealConfirmation() const;
    // File > Export … and Edit > Copy as curl, on the exchange shown once it finished.
    ExportActions *exportActions() const { return m_exports; }
    QSplitter *mainSplitter() const { return m_mainSplitter; }
    QSplitter *workSplitter() const { return m_workSplitter; }
    bool isSending() const { return m_job != nullptr; }
    // The last finished exchange (empty before the first).
    const Exchange &lastExchange() const { return m_lastExchange; }
    // The built-in practice lab (Lab menu, its origin in the status bar) and the lesson beside the
    // editor (in lessonDock(), hidden until a lesson loads).
    LabController *lab() const { return m_lab; }
    LessonPanel *lessonPanel() const { return m_lessonPanel; }
    QDockWidget *lessonDock() const { return m_lessonDock; }
    // Help > Tour.
    QAction *tourAction() const { return m_tour; }

public slots:
    void send();
    void cancel();
    void clearCookies();
    // Drops the credentials that worked in this session (the engine answers with them up front).
    void forgetCredentials();
    // Goes on without the keychain: remembered credentials live in memory until the app quits.
    void useSessionOnlyMemory();
    void showCredentialsWindow();
    void showOAuthProfilesWindow();
    void showProxyDialog();
    // Opens the Bearer token sent in the leg (index in the shown exchange) in the token inspector.
    void inspectLegToken(int legIndex);
    // Keeps what the Auth tab has typed for kind in the store and points the request at it.
    void storeTypedCredential(Credential::Kind kind);
    // Starts the lab when it is not running and loads the Tour's first lesson.
    void openTour();
    // Starts the lab when needed and puts the lesson's request in the editor exactly as
    // `authscope-cli send <try> <url>` would send it (SendOptions::parse); an ad-hoc OAuth profile
    // is held by the token broker for this session only. The previous response is cleared and
    // nothing the session remembers (cookies, credentials that worked) answers for the lesson.
    void loadScenario(const LabScenario &scenario);
    // On the first start (AppSettings::Key::TourShown not set): opens the Tour; true when it did.
    bool openTourOnFirstRun();

signals:
    void exchangeStarted();
    void exchangeFinished();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createViewActions();
    void createStepAndProxyActions();
    void createLab();
    void restoreSettings();
    void saveSettings();
    void updateActions();
    void updateCookieCount();
    void onLegChanged();
    void onProgress(int index, qint64 received, qint64 total);
    void onFinished();
    void showAbout();
    void startExchange(const HttpRequest &request);
    void showKeychainProblem(const QString &message);
    void offerSignIn(const QString &profile, const QString &message);
    void createPresenterActions();
    void confirmReveal();

    AppSettings *m_settings;
    QNetworkAccessManager m_manager;
    HttpSession *m_session;
    DialogCredentialProvider *m_credentials;
    CredentialStore *m_store;
    OAuthProfileStore *m_oauthProfiles;
    StoredCredentialProvider *m_storedProvider = nullptr;
    KeychainBanner *m_keychainBanner;
    QPointer<QWidget> m_credentialsWindow;
    TokenBroker *m_tokenBroker = nullptr;
    GuiSignInPrompter *m_signInPrompter = nullptr;
    QPointer<OAuthProfilesWindow> m_oauthWindow;
    QPointer<TokenInspector> m_tokenInspector;
    QPointer<QMessageBox> m_signInOffer;
    QPointer<ExchangeJob> m_job;
    Exchange m_lastExchange;

    RequestEditor *m_editor;
    ResponseView *m_response;
    ExchangeView *m_exchangeView;
    QSplitter *m_mainSplitter;
    QSplitter *m_workSplitter;
    QLabel *m_cookieCount;
    WindowZoom *m_zoom = nullptr;
    ExportActions *m_exports = nullptr;
    LabController *m_lab = nullptr;
    LessonPanel *m_lessonPanel = nullptr;
    QDockWidget *m_lessonDock = nullptr;
    QLabel *m_labStatus = nullptr;
    QAction *m_tour = nullptr;
    RevealPolicy *m_revealPolicy = nullptr;
    PresenterMode *m_presenter = nullptr;
    QPointer<QMessageBox> m_revealConfirmation;

    QAction *m_send = nullptr;
    QAction *m_cancel = nullptr;
    QAction *m_clearCookies = nullptr;
    QAction *m_forgetCredentials = nullptr;
    QAction *m_showCredentials = nullptr;
    QAction *m_showOAuthProfiles = nullptr;
    QAction *m_zoomIn = nullptr;
    QAction *m_zoomOut = nullptr;
    QAction *m_resetZoom = nullptr;
    QAction *m_focusUrl = nullptr;
    QAction *m_focusLegs = nullptr;
    QAction *m_focusInspector = nullptr;
    StepThrough *m_stepThrough = nullptr;
    QAction *m_proxyAction = nullptr;
    QPointer<ProxyDialog> m_proxyDialog;
    QAction *m_showSecrets = nullptr;
    QAction *m_presenterAction = nullptr;
};
