#include "appsettings.h"
#include "autheditor.h"
#include "exchangeview.h"
#include "guisigninprompter.h"
#include "legdetailsview.h"
#include "leglistmodel.h"
#include "leglistview.h"
#include "mainwindow.h"
#include "oauthguitesting.h"
#include "oauth/tokenbroker.h"
#include "secretlineedit.h"
#include "oauthprofileswindow.h"
#include "requesteditor.h"
#include "responseview.h"
#include "statusline.h"
#include "signindialog.h"
#include "tokeninspector.h"

#include <QComboBox>
#include <QJsonObject>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

#include <memory>

using namespace OAuthGuiTesting;
using CredentialTesting::randomSecret;
using CredentialTesting::TemporaryCredentialStore;

// MainWindow sending a request that names an OAuth profile, against oidc-provider's protected
// resource: an expired token completes as 401 -> token endpoint -> 200 when its expiry was not
// known and as token endpoint -> 200 when it was, every leg in the leg list with its kind; a
// refresh that fails offers Sign in; the token a leg sent opens in the inspector.
class tst_MainWindowOAuth : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void authTabOffersTheProfiles();
    void expiredTokenOfUnknownExpiryRefreshesOnThe401();
    void tokenKnownToBeExpiredIsRefreshedBeforeSending();
    void failedRefreshOffersSignIn();
    void inspectorDecodesTheTokenALegSent();

private:
    bool chooseProfileAndSend(const QString &profile);
    QStringList legRows() const;

    OidcServer m_server;
    QByteArray m_secret;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TemporaryCredentialStore> m_credentials;
    std::unique_ptr<OAuthProfileStore> m_store;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

void tst_MainWindowOAuth::initTestCase()
{
    QString error;
    OidcServerOptions options;
    options.accessTokenTtlSeconds = 2;
    options.clientSecret = randomSecret();
    QVERIFY2(m_server.start(&error, options), qPrintable(error));
    m_secret = m_server.secretOf(OidcServer::confidentialClientId());
}

void tst_MainWindowOAuth::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_credentials = std::make_unique<TemporaryCredentialStore>();
    m_store = std::make_unique<OAuthProfileStore>(m_credentials->store(), m_dir->filePath(QStringLiteral("oauth-profiles.json")));
    QVERIFY(saveProfile(m_store.get(), passwordProfile(m_server, QStringLiteral("alice")), m_secret));
    m_settings = std::make_unique<AppSettings>(m_dir->filePath(QStringLiteral("authscope.ini")));
    m_window = std::make_unique<MainWindow>(m_settings.get(), m_credentials->store(), m_store.get());
    m_window->tokenBroker()->setLockDirectory(m_dir->filePath(QStringLiteral("locks")));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_server.setAccessTokenTtl(2));
    QVERIFY(m_server.resetStats());
}

void tst_MainWindowOAuth::cleanup()
{
    m_window.reset();
    m_settings.reset();
    if (m_store) {
        for (const OAuthProfile &profile : m_store->profiles())
            CredentialTesting::runJob(m_store->removeProfile(profile.name));
    }
    m_store.reset();
    m_credentials.reset();
    m_dir.reset();
}

// As a user does it: "OAuth 2.0 profile" in the Auth tab's scheme, the profile, Send.
bool tst_MainWindowOAuth::chooseProfileAndSend(const QString &profile)
{
    RequestEditor *editor = m_window->requestEditor();
    editor->tabs()->setCurrentIndex(RequestEditor::AuthTab);
    AuthEditor *auth = editor->authEditor();
    const int oauth = auth->schemeSelector()->findText(QStringLiteral("OAuth 2.0 profile"));
    if (oauth < 0)
        return false;
    auth->schemeSelector()->setCurrentIndex(oauth);
    auth->oauthProfileSelector()->setCurrentIndex(auth->oauthProfileSelector()->findText(profile));
    if (auth->oauthProfile() != profile)
        return false;
    editor->urlField()->clear();
    QTest::keyClicks(editor->urlField(), m_server.resourceUrl().toString());
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    QTest::mouseClick(editor->sendButton(), Qt::LeftButton);
    return finished.wait(20000);
}

// "kind status" per row of the window's leg list.
QStringList tst_MainWindowOAuth::legRows() const
{
    const LegListModel *model = m_window->exchangeView()->legList()->legModel();
    QStringList rows;
    for (int row = 0; row < model->rowCount(); ++row)
        rows << model->index(row, LegListModel::KindColumn).data().toString() + u' '
                        + model->index(row, LegListModel::StatusColumn).data().toString();
    return rows;
}

void tst_MainWindowOAuth::authTabOffersTheProfiles()
{
    AuthEditor *auth = m_window->requestEditor()->authEditor();
    QVERIFY(auth->schemeSelector()->findText(QStringLiteral("OAuth 2.0 profile")) >= 0);
    QVERIFY(auth->oauthProfileSelector()->findText(QStringLiteral("alice")) >= 0);
    // A profile added meanwhile (the CLI, the profiles window) is offered at once.
    QVERIFY(saveProfile(m_store.get(), clientCredentialsProfile(m_server, QStringLiteral("cc")),
                        m_server.secretOf(OidcServer::clientCredentialsClientId())));
    QTRY_VERIFY(auth->oauthProfileSelector()->findText(QStringLiteral("cc")) >= 0);
    QVERIFY(auth->setOAuthProfile(QStringLiteral("cc")));
    HttpRequest request;
    auth->apply(&request);
    QCOMPARE(request.credentials.oauthProfile, QStringLiteral("cc"));
    QVERIFY(request.credentials.token.isEmpty());
    QCOMPARE(auth->summary(), QStringLiteral("OAuth cc"));
    // The link opens the profiles window with the request's profile selected.
    QSignalSpy requested(auth, &AuthEditor::oauthProfilesRequested);
    emit auth->oauthProfilesLink()->linkActivated(QStringLiteral("profiles"));
    QCOMPARE(requested.count(), 1);
    QVERIFY(m_window->oauthProfilesWindow() && m_window->oauthProfilesWindow()->isVisible());
    QCOMPARE(m_window->oauthProfilesWindow()->selectedProfile(), QStringLiteral("cc"));
    QVERIFY(m_window->oauthProfilesAction()->isEnabled());
}

void tst_MainWindowOAuth::expiredTokenOfUnknownExpiryRefreshesOnThe401()
{
    const TokenSet tokens = signedInTokens(&m_server, false);
    QVERIFY(!tokens.accessToken.isEmpty());
    QVERIFY(storeTokens(m_store.get(), QStringLiteral("alice"), tokens));
    QTest::qWait(2200); // the server's 2 s lifetime passes; this side does not know it
    QVERIFY(m_server.resetStats());

    QVERIFY(chooseProfileAndSend(QStringLiteral("alice")));
    const Exchange &exchange = m_window->lastExchange();
    QVERIFY2(exchange.status.isOk(), qPrintable(exchange.status.message()));
    QCOMPARE(legRows(), QStringList({QStringLiteral("initial 401 Unauthorized"), QStringLiteral("token-endpoint 200 OK"),
                                     QStringLiteral("auth-retry 200 OK")}));
    QVERIFY(exchange.legs.at(0).hasNote(NoteCode::TokenRefreshOn401));
    QCOMPARE(m_server.tokenEndpointCalls(QStringLiteral("refresh_token")), 1);
    // The rotated pair is stored; the response is the resource's.
    const TokenSet stored = storedTokens(m_store.get(), QStringLiteral("alice"));
    QVERIFY(stored.refreshToken != tokens.refreshToken);
    QCOMPARE(m_window->exchangeView()->legList()->legModel()->rowCount(), 3);
    const QString shown = titlesAndToolTips(m_window.get());
    QVERIFY(!shown.contains(QString::fromLatin1(stored.accessToken)));
    QVERIFY(!shown.contains(QString::fromLatin1(stored.refreshToken)));
}

void tst_MainWindowOAuth::tokenKnownToBeExpiredIsRefreshedBeforeSending()
{
    TokenSet tokens = signedInTokens(&m_server, true);
    QVERIFY(!tokens.refreshToken.isEmpty());
    QVERIFY(storeTokens(m_store.get(), QStringLiteral("alice"), tokens));
    QVERIFY(QTest::qWaitFor([&] { return tokens.isExpired(QDateTime::currentDateTimeUtc()); }, 10000));
    QVERIFY(m_server.resetStats());

    QVERIFY(chooseProfileAndSend(QStringLiteral("alice")));
    const Exchange &exchange = m_window->lastExchange();
    QVERIFY2(exchange.status.isOk(), qPrintable(exchange.status.message()));
    QCOMPARE(legRows(), QStringList({QStringLiteral("token-endpoint 200 OK"), QStringLiteral("initial 200 OK")}));
    QCOMPARE(m_server.tokenEndpointCalls(), 1);
    QCOMPARE(m_server.stats().value(u"resource").toObject().value(u"unauthorized").toInt(), 0);
}

void tst_MainWindowOAuth::failedRefreshOffersSignIn()
{
    TokenSet tokens;
    tokens.accessToken = QByteArrayLiteral("not-a-token-the-server-issued");
    tokens.refreshToken = randomSecret();
    tokens.obtainedAt = QDateTime::currentDateTimeUtc();
    QVERIFY(storeTokens(m_store.get(), QStringLiteral("alice"), tokens));

    QVERIFY(chooseProfileAndSend(QStringLiteral("alice")));
    const Exchange &exchange = m_window->lastExchange();
    QVERIFY(!exchange.status.isOk());
    QCOMPARE(exchange.status.reason(), NoteCode::TokenRefreshFailed);
    QCOMPARE(legRows(), QStringList({QStringLiteral("initial 401 Unauthorized"), QStringLiteral("token-endpoint 400 Bad Request")}));
    // The resource never answered: the chip names the failure, not the token endpoint's 400.
    QCOMPARE(m_window->responseView()->statusLine()->statusText(), QStringLiteral("Authentication failed"));
    // One refresh, no loop; the window offers to sign in with the profile's grant.
    QCOMPARE(m_server.tokenEndpointCalls(), 1);
    QTRY_VERIFY(m_window->signInOffer() && m_window->signInOffer()->isVisible());
    auto *signIn = m_window->signInOffer()->findChild<QPushButton *>(QStringLiteral("signInOfferSignIn"));
    QVERIFY(signIn);
    QSignalSpy shown(m_window->signInPrompter(), &GuiSignInPrompter::dialogShown);
    QTest::mouseClick(signIn, Qt::LeftButton);
    QVERIFY(m_window->oauthProfilesWindow() && m_window->oauthProfilesWindow()->isVisible());
    QVERIFY(shown.wait(10000));
    SignInDialog *dialog = m_window->signInPrompter()->dialog(QStringLiteral("alice"));
    QVERIFY(dialog && dialog->deprecatedLabel()->isVisible());
    // Cancel in the dialog ends the sign-in exchange, nothing waits on.
    QSignalSpy ended(m_window->oauthProfilesWindow(), &OAuthProfilesWindow::tokenExchangeFinished);
    QTest::mouseClick(dialog->cancelButton(), Qt::LeftButton);
    QVERIFY(ended.count() == 1 || ended.wait(10000));
    QCOMPARE(m_window->oauthProfilesWindow()->lastExchange().status.code(), Status::Code::Cancelled);
    QVERIFY(!m_window->oauthProfilesWindow()->messageLabel()->isVisible());
    QVERIFY(!m_window->oauthProfilesWindow()->isBusy());
}

void tst_MainWindowOAuth::inspectorDecodesTheTokenALegSent()
{
    const TokenSet tokens = signedInTokens(&m_server, true);
    QVERIFY(storeTokens(m_store.get(), QStringLiteral("alice"), tokens));
    QVERIFY(m_server.setAccessTokenTtl(60));
    QVERIFY(chooseProfileAndSend(QStringLiteral("alice")));
    QVERIFY2(m_window->lastExchange().status.isOk(), qPrintable(m_window->lastExchange().status.message()));

    LegDetailsView *details = m_window->exchangeView()->legDetails();
    m_window->exchangeView()->legList()->selectLeg(0);
    QVERIFY(details->inspectTokenButton()->isVisible());
    QTest::mouseClick(details->inspectTokenButton(), Qt::LeftButton);
    TokenInspector *inspector = m_window->tokenInspector();
    QVERIFY(inspector && inspector->isVisible());
    QVERIFY2(inspector->kindLabel()->text().startsWith(QLatin1String("JWT, signed with RS256")),
             qPrintable(inspector->kindLabel()->text()));
    QStringList claims;
    for (int i = 0; i < inspector->claimsTree()->topLevelItemCount(); ++i)
        claims << inspector->claimsTree()->topLevelItem(i)->text(0) + u'=' + inspector->claimsTree()->topLevelItem(i)->text(1);
    QVERIFY2(claims.contains(QStringLiteral("sub=alice")), qPrintable(claims.join(u' ')));
    // No issuer on this profile, so no JWKS: said so, not guessed.
    QVERIFY2(inspector->signatureLabel()->text().startsWith(QLatin1String("Not verified")),
             qPrintable(inspector->signatureLabel()->text()));
    // The resource's Date header against this machine's clock (the same clock here).
    QVERIFY2(inspector->skewLabel()->text().contains(QLatin1String("agrees")), qPrintable(inspector->skewLabel()->text()));
    QCOMPARE(inspector->tokenField()->echoMode(), QLineEdit::Password);
    QVERIFY(!titlesAndToolTips(inspector).contains(QString::fromLatin1(tokens.accessToken)));
}

QTEST_MAIN(tst_MainWindowOAuth)
#include "tst_mainwindowoauth.moc"
