#include "exchangeview.h"
#include "guisigninprompter.h"
#include "leglistmodel.h"
#include "leglistview.h"
#include "oauthguitesting.h"
#include "oauthprofiledialog.h"
#include "oauthprofilelistmodel.h"
#include "oauthprofileswindow.h"
#include "secretlineedit.h"
#include "signindialog.h"
#include "tokeninspector.h"

#include "engine/httpsession.h"
#include "oauth/tokenbroker.h"

#include <QComboBox>
#include <QFile>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace OAuthGuiTesting;
using CredentialTesting::randomSecret;
using CredentialTesting::TemporaryCredentialStore;

// The OAuth profiles window, real widgets on the offscreen platform, against oidc-provider: the
// list with each token's state and countdown, Sign in / Refresh / Revoke as token-only exchanges
// whose legs show below, the inspector on a real JWT, and a failed refresh that offers Sign in.
class tst_OAuthProfilesWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void listsProfilesWithGrantEndpointAndState();
    void signInWithClientCredentialsShowsTheTokenLegsAndACountdown();
    void refreshGetsANewToken();
    void inspectorDecodesTheServersJwtAndVerifiesIt();
    void revokeForgetsTheTokens();
    void failedRefreshOffersSignInWithTheProfilesGrant();
    void signInWithTheCodeFlowRunsBrowserAndWaitsWithoutBlocking();
    void addDialogKeepsTheClientSecretInTheKeychainOnly();
    void passwordGrantOnlyBehindADeprecatedLabel();

private:
    bool runToken(QPushButton *button);
    QString stateText(const QString &profile) const;

    OidcServer m_server;
    QByteArray m_ccSecret;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TemporaryCredentialStore> m_credentials;
    std::unique_ptr<OAuthProfileStore> m_store;
    std::unique_ptr<QNetworkAccessManager> m_manager;
    std::unique_ptr<HttpSession> m_session;
    std::unique_ptr<QWidget> m_parent;
    GuiSignInPrompter *m_prompter = nullptr;
    std::unique_ptr<TokenBroker> m_broker;
    OAuthProfilesWindow *m_window = nullptr;
};

void tst_OAuthProfilesWindow::initTestCase()
{
    QString error;
    OidcServerOptions options;
    options.accessTokenTtlSeconds = 60;
    options.clientSecret = randomSecret();
    QVERIFY2(m_server.start(&error, options), qPrintable(error));
    m_ccSecret = m_server.secretOf(OidcServer::clientCredentialsClientId());
}

void tst_OAuthProfilesWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_credentials = std::make_unique<TemporaryCredentialStore>();
    m_store = std::make_unique<OAuthProfileStore>(m_credentials->store(), m_dir->filePath(QStringLiteral("oauth-profiles.json")));
    m_manager = std::make_unique<QNetworkAccessManager>();
    m_session = std::make_unique<HttpSession>(m_manager.get());
    m_parent = std::make_unique<QWidget>();
    m_prompter = new GuiSignInPrompter(m_parent.get(), m_parent.get());
    m_broker = std::make_unique<TokenBroker>(m_store.get(), m_prompter);
    m_broker->setLockDirectory(m_dir->filePath(QStringLiteral("locks")));
    m_session->setTokenProvider(m_broker.get());
    m_window = new OAuthProfilesWindow(m_store.get(), m_broker.get(), m_session.get(), m_prompter, m_parent.get());
    m_window->setConfirmer([](const QString &, std::function<void()> proceed) { proceed(); });
    QVERIFY(m_server.resetStats());
}

void tst_OAuthProfilesWindow::cleanup()
{
    delete m_window;
    m_window = nullptr;
    m_session->setTokenProvider(nullptr);
    m_broker.reset();
    if (m_store) {
        m_store->reload();
        for (const OAuthProfile &profile : m_store->profiles())
            CredentialTesting::runJob(m_store->removeProfile(profile.name));
    }
    m_parent.reset();
    m_session.reset();
    m_manager.reset();
    m_store.reset();
    m_credentials.reset();
    m_dir.reset();
}

bool tst_OAuthProfilesWindow::runToken(QPushButton *button)
{
    QSignalSpy finished(m_window, &OAuthProfilesWindow::tokenExchangeFinished);
    if (!button->isEnabled()) {
        qWarning("%s is disabled", qPrintable(button->objectName()));
        return false;
    }
    QTest::mouseClick(button, Qt::LeftButton);
    return finished.wait(20000);
}

QString tst_OAuthProfilesWindow::stateText(const QString &profile) const
{
    const int row = m_window->model()->rowOf(profile);
    return row < 0 ? QString() : m_window->model()->index(row, OAuthProfileListModel::StateColumn).data().toString();
}

void tst_OAuthProfilesWindow::listsProfilesWithGrantEndpointAndState()
{
    QVERIFY(saveProfile(m_store.get(), clientCredentialsProfile(m_server, QStringLiteral("cc")), m_ccSecret));
    QVERIFY(saveProfile(m_store.get(), passwordProfile(m_server, QStringLiteral("alice")),
                        m_server.secretOf(OidcServer::confidentialClientId())));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    OAuthProfileListModel *model = m_window->model();
    QCOMPARE(model->rowCount(), 2);
    const int cc = model->rowOf(QStringLiteral("cc"));
    QVERIFY(cc >= 0);
    QCOMPARE(model->index(cc, OAuthProfileListModel::GrantColumn).data().toString(), QStringLiteral("Client credentials"));
    QCOMPARE(model->index(cc, OAuthProfileListModel::EndpointColumn).data().toString(), m_server.issuer().toDisplayString());
    const int alice = model->rowOf(QStringLiteral("alice"));
    QCOMPARE(model->index(alice, OAuthProfileListModel::EndpointColumn).data().toString(), m_server.tokenUrl().toDisplayString());
    QVERIFY(model->index(alice, OAuthProfileListModel::GrantColumn).data().toString().contains(QLatin1String("deprecated")));
    // The states come from the keychain: neither profile holds tokens yet.
    QTRY_COMPARE_WITH_TIMEOUT(stateText(QStringLiteral("cc")), QStringLiteral("not signed in"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(stateText(QStringLiteral("alice")), QStringLiteral("not signed in"), 10000);

    // Stored tokens with a known expiry: "valid until <local time> · in ...", counting down.
    TokenSet tokens;
    tokens.accessToken = QByteArrayLiteral("opaque-test-token");
    tokens.obtainedAt = QDateTime::currentDateTimeUtc();
    tokens.expiresAt = tokens.obtainedAt.addSecs(600);
    QVERIFY(storeTokens(m_store.get(), QStringLiteral("alice"), tokens));
    m_broker->refreshState(QStringLiteral("alice"));
    QTRY_VERIFY_WITH_TIMEOUT(stateText(QStringLiteral("alice")).startsWith(QLatin1String("valid until")), 10000);
    const QDateTime now = tokens.obtainedAt;
    model->tick(now.addSecs(1));
    const QString first = stateText(QStringLiteral("alice"));
    QVERIFY2(first.contains(QLatin1String("in 9 min 59 s")), qPrintable(first));
    model->tick(now.addSecs(2));
    QVERIFY2(stateText(QStringLiteral("alice")).contains(QLatin1String("in 9 min 58 s")), qPrintable(stateText(QStringLiteral("alice"))));
    // Past its expiry the same row reads expired, whatever the broker last said.
    model->tick(now.addSecs(700));
    QVERIFY2(stateText(QStringLiteral("alice")).startsWith(QLatin1String("expired at")), qPrintable(stateText(QStringLiteral("alice"))));
    TokenBroker::ProfileState expired;
    expired.state = TokenBroker::State::Expired;
    QCOMPARE(model->index(alice, OAuthProfileListModel::StateColumn).data(Qt::ForegroundRole).value<QColor>(),
             OAuthProfileListModel::stateColor(expired, now));
}

void tst_OAuthProfilesWindow::signInWithClientCredentialsShowsTheTokenLegsAndACountdown()
{
    QVERIFY(saveProfile(m_store.get(), clientCredentialsProfile(m_server, QStringLiteral("cc")), m_ccSecret));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QVERIFY(m_window->selectProfile(QStringLiteral("cc")));
    QVERIFY(runToken(m_window->signInButton()));

    const Exchange &exchange = m_window->lastExchange();
    QVERIFY2(exchange.status.isOk(), qPrintable(exchange.status.message()));
    // Discovery, then the token endpoint: legs of the sign-in's own exchange, in the window's leg list.
    LegListModel *legs = m_window->exchangeView()->legList()->legModel();
    QCOMPARE(legs->rowCount(), int(exchange.legs.size()));
    int tokenLegs = 0;
    for (int row = 0; row < legs->rowCount(); ++row) {
        if (legs->index(row, LegListModel::KindColumn).data().toString() == Leg::kindName(Leg::Kind::TokenEndpoint)) {
            ++tokenLegs;
            QCOMPARE(legs->index(row, LegListModel::StatusColumn).data().toString(), QStringLiteral("200 OK"));
        }
    }
    QCOMPARE(tokenLegs, 1);
    QCOMPARE(m_server.tokenEndpointCalls(QStringLiteral("client_credentials")), 1);
    QVERIFY2(m_window->exchangeTitle()->text().contains(QLatin1String("valid until")), qPrintable(m_window->exchangeTitle()->text()));

    QTRY_VERIFY_WITH_TIMEOUT(stateText(QStringLiteral("cc")).startsWith(QLatin1String("valid until")), 10000);
    const TokenBroker::ProfileState state = m_broker->state(QStringLiteral("cc"));
    QVERIFY(state.expiresAt.isValid());
    // The countdown is the window's timer's: the text moves within two seconds.
    const QString before = stateText(QStringLiteral("cc"));
    QTRY_VERIFY_WITH_TIMEOUT(stateText(QStringLiteral("cc")) != before, 2500);
    QVERIFY(!m_window->messageLabel()->isVisible());
}

void tst_OAuthProfilesWindow::refreshGetsANewToken()
{
    QVERIFY(saveProfile(m_store.get(), clientCredentialsProfile(m_server, QStringLiteral("cc")), m_ccSecret));
    m_window->show();
    QVERIFY(m_window->selectProfile(QStringLiteral("cc")));
    QVERIFY(runToken(m_window->signInButton()));
    const QByteArray first = storedTokens(m_store.get(), QStringLiteral("cc")).accessToken;
    QVERIFY(!first.isEmpty());

    QVERIFY(runToken(m_window->refreshButton()));
    QVERIFY2(m_window->lastExchange().status.isOk(), qPrintable(m_window->lastExchange().status.message()));
    const QByteArray second = storedTokens(m_store.get(), QStringLiteral("cc")).accessToken;
    QVERIFY(!second.isEmpty());
    QVERIFY(second != first);
    // client_credentials has no refresh token: the grant runs again.
    QCOMPARE(m_server.tokenEndpointCalls(QStringLiteral("client_credentials")), 2);
    QCOMPARE(m_window->lastExchange().legs.constLast().kind, Leg::Kind::TokenEndpoint);
}

void tst_OAuthProfilesWindow::inspectorDecodesTheServersJwtAndVerifiesIt()
{
    QVERIFY(saveProfile(m_store.get(), clientCredentialsProfile(m_server, QStringLiteral("cc")), m_ccSecret));
    m_window->show();
    QVERIFY(m_window->selectProfile(QStringLiteral("cc")));
    QVERIFY(runToken(m_window->signInButton()));
    // Discovery cached the issuer's jwks_uri in the profile.
    QTRY_VERIFY_WITH_TIMEOUT(m_store->profile(QStringLiteral("cc")) && !m_store->profile(QStringLiteral("cc"))->jwksUrl.isEmpty(), 10000);
    const QByteArray token = storedTokens(m_store.get(), QStringLiteral("cc")).accessToken;

    QTest::mouseClick(m_window->inspectButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->inspector() && m_window->inspector()->isVisible(), 10000);
    TokenInspector *inspector = m_window->inspector();
    QVERIFY2(inspector->kindLabel()->text().contains(QLatin1String("RS256")), qPrintable(inspector->kindLabel()->text()));
    QStringList claims;
    for (int i = 0; i < inspector->claimsTree()->topLevelItemCount(); ++i)
        claims << inspector->claimsTree()->topLevelItem(i)->text(0) + u'=' + inspector->claimsTree()->topLevelItem(i)->text(1);
    QVERIFY2(claims.contains(QStringLiteral("client_id=authscope-cc")), qPrintable(claims.join(u' ')));
    QVERIFY2(claims.contains(QStringLiteral("iss=") + m_server.issuer().toString()), qPrintable(claims.join(u' ')));
    QCOMPARE(inspector->timesTree()->topLevelItem(0)->text(0), QStringLiteral("exp (expires)"));
    QVERIFY2(inspector->timesTree()->topLevelItem(0)->text(2).startsWith(QLatin1String("in ")),
             qPrintable(inspector->timesTree()->topLevelItem(0)->text(2)));
    // Checked against the issuer's JWKS, fetched through the engine.
    QTRY_VERIFY_WITH_TIMEOUT(!inspector->isVerifying(), 10000);
    QVERIFY2(inspector->signatureLabel()->text().startsWith(QLatin1String("Verified")), qPrintable(inspector->signatureLabel()->text()));
    // The token itself is masked until revealed.
    QCOMPARE(inspector->tokenField()->echoMode(), QLineEdit::Password);
    QCOMPARE(inspector->tokenField()->text().toLatin1(), token);
    QVERIFY(!titlesAndToolTips(m_window).contains(QString::fromLatin1(token)));
    QVERIFY(!titlesAndToolTips(inspector).contains(QString::fromLatin1(token)));
    QVERIFY(!titlesAndToolTips(m_window).contains(QString::fromLatin1(m_ccSecret)));
}

void tst_OAuthProfilesWindow::revokeForgetsTheTokens()
{
    const QByteArray secret = m_server.secretOf(OidcServer::confidentialClientId());
    QVERIFY(saveProfile(m_store.get(), passwordProfile(m_server, QStringLiteral("alice")), secret));
    const TokenSet tokens = signedInTokens(&m_server);
    QVERIFY(!tokens.refreshToken.isEmpty());
    QVERIFY(storeTokens(m_store.get(), QStringLiteral("alice"), tokens));
    m_window->show();
    QVERIFY(m_window->selectProfile(QStringLiteral("alice")));
    QVERIFY(runToken(m_window->revokeButton()));
    const Exchange &exchange = m_window->lastExchange();
    QVERIFY2(exchange.status.isOk(), qPrintable(exchange.status.message()));
    QVERIFY(!exchange.legs.isEmpty());
    for (const Leg &leg : exchange.legs)
        QVERIFY(leg.hasNote(NoteCode::TokenRevoked));
    QVERIFY(m_server.stats().value(u"revocation").toInt() >= 1);
    QVERIFY(storedTokens(m_store.get(), QStringLiteral("alice")).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(stateText(QStringLiteral("alice")), QStringLiteral("not signed in"), 10000);
}

void tst_OAuthProfilesWindow::failedRefreshOffersSignInWithTheProfilesGrant()
{
    const QByteArray secret = m_server.secretOf(OidcServer::confidentialClientId());
    QVERIFY(saveProfile(m_store.get(), passwordProfile(m_server, QStringLiteral("alice")), secret));
    // A refresh token the server never issued (or rotated away): invalid_grant.
    TokenSet tokens;
    tokens.accessToken = QByteArrayLiteral("expired-access-token");
    tokens.refreshToken = randomSecret();
    tokens.obtainedAt = QDateTime::currentDateTimeUtc().addSecs(-120);
    tokens.expiresAt = tokens.obtainedAt.addSecs(60);
    QVERIFY(storeTokens(m_store.get(), QStringLiteral("alice"), tokens));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QVERIFY(m_window->selectProfile(QStringLiteral("alice")));
    QVERIFY(runToken(m_window->refreshButton()));
    const Exchange &failed = m_window->lastExchange();
    QVERIFY(!failed.status.isOk());
    QVERIFY2(failed.status.reason() == NoteCode::TokenRefreshFailed || failed.status.reason() == NoteCode::TokenEndpointError,
             qPrintable(NoteCodes::name(failed.status.reason())));
    // The token endpoint's error is on its leg and in the message, and the row says failed.
    QCOMPARE(failed.legs.constLast().kind, Leg::Kind::TokenEndpoint);
    QCOMPARE(failed.legs.constLast().statusCode, 400);
    QVERIFY(m_window->messageLabel()->isVisible());
    QVERIFY2(m_window->messageLabel()->text().contains(QLatin1String("invalid_grant")), qPrintable(m_window->messageLabel()->text()));
    QVERIFY(m_window->messageSignInButton()->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(stateText(QStringLiteral("alice")).startsWith(QLatin1String("failed")), 10000);

    // Sign in runs the profile's grant: the password grant asks in a dialog, behind its warning.
    QSignalSpy shown(m_prompter, &GuiSignInPrompter::dialogShown);
    QSignalSpy finished(m_window, &OAuthProfilesWindow::tokenExchangeFinished);
    QTest::mouseClick(m_window->messageSignInButton(), Qt::LeftButton);
    QVERIFY(shown.wait(10000));
    SignInDialog *dialog = m_prompter->dialog(QStringLiteral("alice"));
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QVERIFY(!dialog->isModal());
    QVERIFY(dialog->deprecatedLabel()->isVisible());
    QVERIFY(dialog->deprecatedLabel()->text().startsWith(QLatin1String("Deprecated")));
    QTest::keyClicks(dialog->userField(), OidcServer::passwordUser());
    QTest::keyClicks(dialog->passwordField(), QString::fromLatin1(OidcServer::passwordUserPassword()));
    QTest::mouseClick(dialog->signInButton(), Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    QVERIFY2(m_window->lastExchange().status.isOk(), qPrintable(m_window->lastExchange().status.message()));
    QTRY_VERIFY_WITH_TIMEOUT(!m_prompter->dialog(QStringLiteral("alice")), 5000); // closed when the grant ended
    QTRY_VERIFY_WITH_TIMEOUT(stateText(QStringLiteral("alice")).startsWith(QLatin1String("valid until")), 10000);
    QVERIFY(!m_window->messageLabel()->isVisible());
    const TokenSet signedIn = storedTokens(m_store.get(), QStringLiteral("alice"));
    QVERIFY(!signedIn.refreshToken.isEmpty());
    const QString shownText = titlesAndToolTips(m_window);
    QVERIFY(!shownText.contains(QString::fromLatin1(signedIn.accessToken)));
    QVERIFY(!shownText.contains(QString::fromLatin1(signedIn.refreshToken)));
    QVERIFY(!shownText.contains(QString::fromLatin1(secret)));
}

void tst_OAuthProfilesWindow::signInWithTheCodeFlowRunsBrowserAndWaitsWithoutBlocking()
{
    OAuthProfile profile = passwordProfile(m_server, QStringLiteral("browser"));
    profile.grant = OAuthProfile::Grant::AuthorizationCode;
    profile.authorizationUrl = m_server.authorizationUrl();
    QVERIFY(saveProfile(m_store.get(), profile, m_server.secretOf(OidcServer::confidentialClientId())));
    // $BROWSER walks the provider's login and consent in the background, as a user would.
    const QByteArray browserBefore = qgetenv("BROWSER");
    qputenv("BROWSER", QByteArrayLiteral("/usr/bin/python3 ") + OidcServer::browserCommand().toLocal8Bit());
    m_window->show();
    QVERIFY(m_window->selectProfile(QStringLiteral("browser")));
    QSignalSpy shown(m_prompter, &GuiSignInPrompter::dialogShown);
    QSignalSpy finished(m_window, &OAuthProfilesWindow::tokenExchangeFinished);
    QTest::mouseClick(m_window->signInButton(), Qt::LeftButton);
    QVERIFY(shown.count() == 1 || shown.wait(10000));
    // "Waiting for the browser", non-modal, while the window goes on (its buttons wait for the end).
    SignInDialog *dialog = m_prompter->dialog(QStringLiteral("browser"));
    QVERIFY(dialog && !dialog->isModal());
    QVERIFY2(dialog->browserLabel()->text().contains(QLatin1String("python3")), qPrintable(dialog->browserLabel()->text()));
    QVERIFY(!m_window->signInButton()->isEnabled());
    QVERIFY(finished.wait(20000));
    if (browserBefore.isNull())
        qunsetenv("BROWSER");
    else
        qputenv("BROWSER", browserBefore);
    QVERIFY2(m_window->lastExchange().status.isOk(), qPrintable(m_window->lastExchange().status.message()));
    QCOMPARE(m_window->lastExchange().legs.constLast().kind, Leg::Kind::TokenEndpoint);
    QCOMPARE(m_server.tokenEndpointCalls(QStringLiteral("authorization_code")), 1);
    QTRY_VERIFY(!m_prompter->dialog(QStringLiteral("browser")));
    QVERIFY(!storedTokens(m_store.get(), QStringLiteral("browser")).refreshToken.isEmpty());
}

void tst_OAuthProfilesWindow::addDialogKeepsTheClientSecretInTheKeychainOnly()
{
    m_window->show();
    QTest::mouseClick(m_window->addButton(), Qt::LeftButton);
    OAuthProfileDialog *dialog = m_window->profileDialog();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QTest::keyClicks(dialog->nameField(), QStringLiteral("typed"));
    QTest::keyClicks(dialog->tokenUrlField(), m_server.tokenUrl().toString());
    QTest::keyClicks(dialog->clientIdField(), OidcServer::clientCredentialsClientId());
    // The secret is masked as it is typed.
    QCOMPARE(dialog->clientSecretField()->echoMode(), QLineEdit::Password);
    QTest::keyClicks(dialog->clientSecretField(), QString::fromLatin1(m_ccSecret));
    QVERIFY(!titlesAndToolTips(dialog).contains(QString::fromLatin1(m_ccSecret)));
    QPointer<OAuthProfileDialog> watched(dialog);
    QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(watched.isNull(), 10000); // saved and closed
    QVERIFY(m_store->profile(QStringLiteral("typed")));
    QCOMPARE(m_window->selectedProfile(), QStringLiteral("typed"));
    QFile index(m_dir->filePath(QStringLiteral("oauth-profiles.json")));
    QVERIFY(index.open(QIODevice::ReadOnly));
    const QByteArray indexBytes = index.readAll();
    QVERIFY(indexBytes.contains("typed")); // the search can see what it looks for
    QVERIFY(!indexBytes.contains(m_ccSecret));
    auto secrets = CredentialTesting::runJob(m_store->loadSecrets(QStringLiteral("typed")));
    QVERIFY(secrets && secrets->status().isOk());
    QCOMPARE(secrets->clientSecret(), m_ccSecret);

    // A name that is taken is refused in the dialog, with what was typed kept.
    QTest::mouseClick(m_window->addButton(), Qt::LeftButton);
    dialog = m_window->profileDialog();
    QTest::keyClicks(dialog->nameField(), QStringLiteral("typed"));
    QTest::keyClicks(dialog->tokenUrlField(), m_server.tokenUrl().toString());
    QTest::keyClicks(dialog->clientIdField(), QStringLiteral("x"));
    QTest::keyClicks(dialog->clientSecretField(), QStringLiteral("y"));
    QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
    QVERIFY(dialog->isVisible());
    QVERIFY2(dialog->errorText().contains(QLatin1String("exists")), qPrintable(dialog->errorText()));
    QCOMPARE(dialog->clientIdField()->text(), QStringLiteral("x"));
    dialog->reject();
}

void tst_OAuthProfilesWindow::passwordGrantOnlyBehindADeprecatedLabel()
{
    OAuthProfileDialog dialog(QStringList{});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(!dialog.deprecatedLabel()->isVisible());
    dialog.grantSelector()->setCurrentIndex(dialog.grantSelector()->findData(int(OAuthProfile::Grant::Password)));
    QVERIFY(dialog.deprecatedLabel()->isVisible());
    QVERIFY(dialog.grantSelector()->currentText().contains(QLatin1String("deprecated")));
    dialog.grantSelector()->setCurrentIndex(dialog.grantSelector()->findData(int(OAuthProfile::Grant::DeviceCode)));
    QVERIFY(!dialog.deprecatedLabel()->isVisible());
}

QTEST_MAIN(tst_OAuthProfilesWindow)
#include "tst_oauthprofileswindow.moc"
