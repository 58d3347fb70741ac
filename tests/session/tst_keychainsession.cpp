#include "appsettings.h"
#include "autheditor.h"
#include "credentialdialog.h"
#include "credentialswindow.h"
#include "dialogcredentialprovider.h"
#include "mainwindow.h"
#include "requesteditor.h"
#include "secretlineedit.h"

#include "credentials/credentialstore.h"
#include "credentials/loadcredentialjob.h"
#include "credentials/removecredentialjob.h"
#include "credentials/savecredentialjob.h"

#include "../cli/clirunner.h"
#include "apacheserver.h"
#include "credentialtesting.h"
#include "oidcserver.h"

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenu>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QToolButton>
#include <QTest>
#include <QUrl>

// A whole session with stored credentials, as a user would have it: a password remembered from
// the GUI's dialog is used by the CLI, one saved by the CLI is used by the GUI without asking, a
// refused stored password is offered for update, a request refers to a stored API key by id,
// credentials are deleted, exchanges are exported; an OAuth profile is signed in, used, refreshed
// (its refresh token rotated), shown and revoked with the CLI. Then every file under the throwaway
// HOME and the build tree is searched for each secret's bytes (plain, base64 at every alignment,
// URL-encoded, inside a Basic header) and for every token and code the authorization server
// issued: none may be found. Secrets are random per run, so the test binary itself never holds
// them. Needs the real Secret Service of the test command.
class tst_KeychainSession : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void passwordRememberedInGuiIsUsedByCli();
    void passwordSavedByCliIsUsedByGuiWithoutAsking();
    void refusedStoredPasswordIsOfferedForUpdate();
    void requestRefersToStoredApiKeyById();
    void exportsAndDeletion();
    void oauthProfileThroughCli();
    void noSecretIsFoundOnDisk();

private:
    static QByteArray randomSecret(const char *prefix);
    void newWindow();
    CredentialDialog *sendAndWaitForDialog();
    bool sendAndWait();
    std::optional<CredentialRecord> recordFor(const QString &realm, const QString &user) const;
    QByteArray loadSecret(const QString &id);
    // Every byte string that would betray one of the secrets.
    QList<QByteArray> telltales() const;

    ApacheServer m_apache;
    OidcServer m_oidc;
    QString m_sandbox;
    std::unique_ptr<QSettings> m_indexSettings;
    std::unique_ptr<CredentialStore> m_store;
    std::unique_ptr<AppSettings> m_appSettings;
    std::unique_ptr<MainWindow> m_window;
    QByteArray m_alicePassword;     // typed into the GUI dialog
    QByteArray m_aliceNewPassword;  // after the server's password changed
    QByteArray m_bobPassword;       // given to the CLI with --save
    QByteArray m_apiKey;            // stored directly, sent by reference
    QList<QPair<QString, QByteArray>> m_userSecrets; // for the Basic header telltales
    QByteArray m_oauthClientSecret;  // the confidential client's, piped to oauth add
    QList<QByteArray> m_oauthIssued; // every token and code the authorization server issued
};

// The User column of the manager's table, top to bottom.
static QStringList listedUsers(CredentialsWindow *manager)
{
    QStringList users;
    const QTableView *table = manager->findChild<QTableView *>();
    const QAbstractItemModel *model = table->model();
    int userColumn = -1;
    for (int c = 0; c < model->columnCount(); ++c) {
        if (model->headerData(c, Qt::Horizontal).toString() == u"User")
            userColumn = c;
    }
    for (int row = 0; userColumn >= 0 && row < model->rowCount(); ++row)
        users << model->index(row, userColumn).data().toString();
    return users;
}

QByteArray tst_KeychainSession::randomSecret(const char *prefix)
{
    // Characters that change under base64 and percent-encoding, so each encoding is its own search.
    return prefix + CredentialTesting::randomHex(12) + "+/@";
}

void tst_KeychainSession::initTestCase()
{
    // Only ever inside the test command's throwaway home: this test writes to the keychain and
    // to the credential index of whoever runs it.
    m_sandbox = qEnvironmentVariable("AUTHSCOPE_TEST_SANDBOX");
    QVERIFY2(!m_sandbox.isEmpty() && QDir::homePath().startsWith(m_sandbox),
             "run through scripts/test.sh (a throwaway HOME with its own keyring)");
    QVERIFY(CredentialStore::defaultIndexPath().startsWith(m_sandbox));

    m_alicePassword = randomSecret("a");
    m_aliceNewPassword = randomSecret("n");
    m_bobPassword = randomSecret("b");
    m_apiKey = randomSecret("k");
    m_oauthClientSecret = randomSecret("c");
    m_userSecrets = {{QStringLiteral("alice"), m_alicePassword}, {QStringLiteral("alice"), m_aliceNewPassword},
                     {QStringLiteral("bob"), m_bobPassword}};

    QVERIFY(m_apache.protectBasic(QStringLiteral("/gui/"), QStringLiteral("gui realm"), QStringLiteral("alice"), m_alicePassword));
    QVERIFY(m_apache.protectBasic(QStringLiteral("/cli/"), QStringLiteral("cli realm"), QStringLiteral("bob"), m_bobPassword));
    QVERIFY(m_apache.writeFile(QStringLiteral("open/index.html"), "open\n"));
    QString error;
    QVERIFY2(m_apache.start(&error), qPrintable(error));

    QFile::remove(CredentialStore::defaultIndexPath());
    m_indexSettings = std::make_unique<QSettings>(CredentialStore::defaultIndexPath(), QSettings::IniFormat);
    m_store = std::make_unique<CredentialStore>(m_indexSettings.get());
    // The GUI's own settings in the sandbox too, so the scan covers them.
    m_appSettings = std::make_unique<AppSettings>(QDir::homePath() + QStringLiteral("/.config/AuthScope/AuthScope.ini"));
    newWindow();
}

void tst_KeychainSession::cleanupTestCase()
{
    m_window.reset();
    m_appSettings.reset();
    m_store.reset();
    m_indexSettings.reset();
}

void tst_KeychainSession::newWindow()
{
    // A new window is a new session: nothing cached from earlier exchanges.
    m_window.reset();
    m_window = std::make_unique<MainWindow>(m_appSettings.get(), m_store.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

CredentialDialog *tst_KeychainSession::sendAndWaitForDialog()
{
    QSignalSpy opened(m_window->credentialProvider(), &DialogCredentialProvider::dialogOpened);
    m_window->send();
    if (!opened.wait(20000))
        return nullptr;
    auto *dialog = opened.first().first().value<CredentialDialog *>();
    return QTest::qWaitForWindowExposed(dialog) ? dialog : nullptr;
}

bool tst_KeychainSession::sendAndWait()
{
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    m_window->send();
    return finished.wait(20000);
}

std::optional<CredentialRecord> tst_KeychainSession::recordFor(const QString &realm, const QString &user) const
{
    m_store->reload();
    for (const CredentialRecord &r : m_store->index().list()) {
        if (r.space.realm == realm && r.user == user)
            return r;
    }
    return std::nullopt;
}

QByteArray tst_KeychainSession::loadSecret(const QString &id)
{
    LoadCredentialStoreJob *job = m_store->load(id);
    job->setAutoDelete(false);
    job->setMarkUsed(false);
    QSignalSpy finished(job, &CredentialStoreJob::finished);
    job->start();
    // A helper cannot QVERIFY and return a value; the lambda records the failure for the test.
    [&] { QVERIFY2(finished.wait(15000), "loading the secret did not finish within 15 s"); }();
    const QByteArray secret = job->error() == CredentialStoreJob::Error::NoError ? job->secret() : QByteArray();
    delete job;
    return secret;
}

void tst_KeychainSession::passwordRememberedInGuiIsUsedByCli()
{
    const QUrl url = m_apache.url(QStringLiteral("/gui/index.html"));
    m_window->setUrl(url.toString());
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    CredentialDialog *dialog = sendAndWaitForDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->rememberBox());
    QCOMPARE(dialog->rememberBox()->text(), QStringLiteral("&Remember in keychain"));
    QVERIFY(!dialog->rememberBox()->isChecked()); // opt-in
    QTest::keyClicks(dialog->userField(), QStringLiteral("alice"));
    QTest::keyClicks(dialog->passwordField(), QString::fromUtf8(m_alicePassword));
    dialog->rememberBox()->setChecked(true);
    QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    QCOMPARE(m_window->lastExchange().finalLeg()->statusCode, 200);

    // Saved once the server accepted it: the index names it, the keychain holds the password.
    QTRY_VERIFY_WITH_TIMEOUT(recordFor(QStringLiteral("gui realm"), QStringLiteral("alice")).has_value(), 10000);
    const CredentialRecord record = *recordFor(QStringLiteral("gui realm"), QStringLiteral("alice"));
    QCOMPARE(record.space.origin, ProtectionSpace::originOf(url));
    QCOMPARE(record.space.scheme, QByteArrayLiteral("basic"));
    QVERIFY(loadSecret(record.id) == m_alicePassword);

    // The CLI finds it for -u alice, and for the realm without a user, and never prompts.
    for (const QStringList &user : {QStringList{QStringLiteral("-u"), QStringLiteral("alice")}, QStringList()}) {
        const CliRunner::Result cli = CliRunner::run(QStringList{QStringLiteral("send"), QStringLiteral("-v"),
                                                                 QStringLiteral("--no-prompt")}
                                                     + user + QStringList{url.toString()});
        QVERIFY2(cli.exitCode == 0, cli.err.constData());
        QVERIFY(cli.err.contains("Answering with the password stored in the keychain for alice"));
        QVERIFY(cli.err.contains("< HTTP/1.1 200 OK"));
    }
}

void tst_KeychainSession::passwordSavedByCliIsUsedByGuiWithoutAsking()
{
    const QUrl url = m_apache.url(QStringLiteral("/cli/index.html"));
    const QByteArray given = "bob:" + m_bobPassword;
    const CliRunner::Result cli = CliRunner::run({QStringLiteral("send"), QStringLiteral("--save"), QStringLiteral("-u"),
                                                  QString::fromUtf8(given), url.toString()});
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    QVERIFY2(cli.err.contains("note: saved the password of bob for the server basic realm \"cli realm\""), cli.err.constData());
    const std::optional<CredentialRecord> record = recordFor(QStringLiteral("cli realm"), QStringLiteral("bob"));
    QVERIFY(record);

    newWindow();
    // The manager window lists what the CLI saved next to what the GUI remembered.
    m_window->credentialsAction()->trigger();
    auto *manager = m_window->findChild<CredentialsWindow *>();
    QVERIFY(manager);
    QVERIFY(QTest::qWaitForWindowExposed(manager));
    QCOMPARE(listedUsers(manager), (QStringList{QStringLiteral("bob"), QStringLiteral("alice")}));
    manager->hide();

    m_window->setUrl(url.toString());
    QSignalSpy asked(m_window->credentialProvider(), &DialogCredentialProvider::dialogOpened);
    QVERIFY(sendAndWait());
    QCOMPARE(asked.size(), 0);
    const Exchange &exchange = m_window->lastExchange();
    QCOMPARE(exchange.legs.size(), 2);
    QCOMPARE(exchange.finalLeg()->statusCode, 200);
    QVERIFY(exchange.legs.at(1).reason.contains(QStringLiteral("stored in the keychain for bob")));
    // The same engine step as in the CLI (tst_clisendstored): the keychain read is a step of the
    // exchange between the challenge and the answer.
    QCOMPARE(exchange.steps.size(), 3);
    QCOMPARE(exchange.steps.at(1).kind, ExchangeStep::Kind::AcquireCredential);
    QCOMPARE(exchange.steps.at(1).forLeg, 0);
    QCOMPARE(exchange.steps.at(1).source, NoteCode::CredentialFromKeychain);
}

void tst_KeychainSession::refusedStoredPasswordIsOfferedForUpdate()
{
    // The server's password for alice changes; the stored one no longer works.
    QVERIFY(!m_apache.writeHtpasswd(QStringLiteral("gui.htpasswd"), QStringLiteral("alice"), m_aliceNewPassword).isEmpty());
    const QUrl url = m_apache.url(QStringLiteral("/gui/index.html"));
    const CredentialRecord before = *recordFor(QStringLiteral("gui realm"), QStringLiteral("alice"));

    newWindow();
    m_window->setUrl(url.toString());
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    CredentialDialog *dialog = sendAndWaitForDialog();
    QVERIFY(dialog);
    // The stored password was tried (leg 2) and refused; the dialog offers to replace it.
    QCOMPARE(m_window->lastExchange().legs.size(), 0); // the exchange is still running
    QVERIFY(dialog->rememberBox());
    QVERIFY2(dialog->rememberBox()->text().contains(QStringLiteral("Update the password of alice stored in the keychain")),
             qPrintable(dialog->rememberBox()->text()));
    QVERIFY(dialog->rememberBox()->isChecked());
    QCOMPARE(dialog->userField()->text(), QStringLiteral("alice"));
    QTest::keyClicks(dialog->passwordField(), QString::fromUtf8(m_aliceNewPassword));
    QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    const Exchange &exchange = m_window->lastExchange();
    QCOMPARE(exchange.finalLeg()->statusCode, 200);
    QCOMPARE(exchange.legs.size(), 3);
    QVERIFY(exchange.legs.at(1).reason.contains(QStringLiteral("stored in the keychain for alice")));

    // Updated in place: same id, new secret; the CLI now gets in with it.
    QTRY_VERIFY_WITH_TIMEOUT(loadSecret(before.id) == m_aliceNewPassword, 10000);
    QCOMPARE(m_store->index().size(), 2);
    const CliRunner::Result cli = CliRunner::run({QStringLiteral("send"), QStringLiteral("--no-prompt"),
                                                  QStringLiteral("-u"), QStringLiteral("alice"), url.toString()});
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
}

void tst_KeychainSession::requestRefersToStoredApiKeyById()
{
    const QUrl url = m_apache.url(QStringLiteral("/open/index.html"));
    // Typed into the Auth tab, then "Store in keychain" > "API key X-Api-Key": the value goes to
    // the keychain, the field is emptied and the request points at the stored credential.
    m_window->setUrl(url.toString());
    AuthEditor *auth = m_window->requestEditor()->authEditor();
    QTest::keyClicks(auth->apiKeyNameField(), QStringLiteral("X-Api-Key"));
    QTest::keyClicks(auth->apiKeyValueField(), QString::fromLatin1(m_apiKey));
    QVERIFY(auth->storeButton()->isEnabled());
    const QList<QAction *> choices = auth->storeButton()->menu()->actions();
    QCOMPARE(choices.size(), 1);
    QCOMPARE(choices.first()->text(), QStringLiteral("API key X-Api-Key"));
    choices.first()->trigger();
    QTRY_VERIFY2_WITH_TIMEOUT(!auth->storedCredentialId().isEmpty(), qPrintable(m_window->statusBar()->currentMessage()), 15000);
    QVERIFY(auth->apiKeyValueField()->text().isEmpty());
    const std::optional<CredentialRecord> stored = recordFor(QString(), QStringLiteral("X-Api-Key"));
    QVERIFY(stored);
    QCOMPARE(stored->id, auth->storedCredentialId());
    QCOMPARE(stored->kind, Credential::Kind::ApiKey);
    QCOMPARE(stored->space.origin, ProtectionSpace::originOf(url));

    // The request as composed holds the reference only; the value is read when sending.
    const HttpRequest composed = m_window->requestEditor()->request();
    QCOMPARE(composed.credentials.storedId, stored->id);
    QVERIFY(composed.credentials.apiKeyValue.isEmpty());
    QVERIFY(sendAndWait());
    const Exchange &exchange = m_window->lastExchange();
    QCOMPARE(exchange.finalLeg()->statusCode, 200);
    QVERIFY(exchange.legs.at(0).requestHeaders.value("X-Api-Key") == m_apiKey);

    // Another origin does not get it.
    m_window->setUrl(m_apache.url(QStringLiteral("/open/index.html")).toString().replace(QStringLiteral("127.0.0.1"),
                                                                                         QStringLiteral("localhost")));
    // The exchange's first step reads the reference and refuses it: no leg goes out.
    QVERIFY(sendAndWait());
    const Exchange &refused = m_window->lastExchange();
    QCOMPARE(refused.status.reason(), NoteCode::StoredCredentialOtherOrigin);
    QCOMPARE(refused.legs.size(), 0);
    QCOMPARE(refused.steps.size(), 1);
    QCOMPARE(refused.steps.at(0).kind, ExchangeStep::Kind::AcquireCredential);
    QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("belongs to")));
    auth->setStoredCredentialId(QString());
}

void tst_KeychainSession::exportsAndDeletion()
{
    const QString home = QDir::homePath();
    const QUrl gui = m_apache.url(QStringLiteral("/gui/index.html"));
    // Exports by default: the HAR and the JSON redact what was sent.
    CliRunner::Result cli = CliRunner::run({QStringLiteral("send"), QStringLiteral("--no-prompt"), QStringLiteral("-u"),
                                            QStringLiteral("alice"), QStringLiteral("--har"), home + QStringLiteral("/alice.har"),
                                            gui.toString()});
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    cli = CliRunner::run({QStringLiteral("send"), QStringLiteral("--json"), QStringLiteral("-v"), QStringLiteral("-u"),
                          QStringLiteral("bob"), m_apache.url(QStringLiteral("/cli/index.html")).toString()},
                         home + QStringLiteral("/bob.json"));
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    QFile log(home + QStringLiteral("/bob-verbose.log"));
    QVERIFY(log.open(QIODevice::WriteOnly));
    log.write(cli.err);
    log.close();
    QVERIFY(QFileInfo(home + QStringLiteral("/alice.har")).size() > 0);

    // Delete bob's with the CLI; the GUI's list follows.
    const CredentialRecord bob = *recordFor(QStringLiteral("cli realm"), QStringLiteral("bob"));
    // Read from the keychain itself: once the index record is gone, a store load says NotFound
    // whether or not the entry was left behind. It is there before the delete.
    QCOMPARE(CredentialTesting::rawKeychainRead(bob.id), QKeychain::NoError);
    cli = CliRunner::run({QStringLiteral("credentials"), QStringLiteral("delete"), bob.id.left(8)});
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    QVERIFY(!recordFor(QStringLiteral("cli realm"), QStringLiteral("bob")));
    QCOMPARE(CredentialTesting::rawKeychainRead(bob.id), QKeychain::EntryNotFound);

    // Remove the API key from the GUI's side (the store the window uses).
    const CredentialRecord key = *recordFor(QString(), QStringLiteral("X-Api-Key"));
    RemoveCredentialStoreJob *remove = m_store->remove(key.id);
    QSignalSpy removed(remove, &CredentialStoreJob::finished);
    remove->start();
    QVERIFY(removed.wait(15000));
    QCOMPARE(m_store->index().size(), 1);

    // The manager, opened again, shows only what is left.
    m_window->credentialsAction()->trigger();
    auto *manager = m_window->findChild<CredentialsWindow *>();
    QVERIFY(manager && manager->isVisible());
    QTRY_COMPARE(listedUsers(manager), QStringList{QStringLiteral("alice")});
}

// Keeps what a CLI run printed as a file in HOME, as a user redirecting it would.
static void keepOutput(const QString &name, const QByteArray &output)
{
    QFile file(QDir::homePath() + u'/' + name);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.write(output) == output.size());
}

void tst_KeychainSession::oauthProfileThroughCli()
{
    // The real authorization server, with the confidential client's secret made for this run.
    OidcServerOptions options;
    options.accessTokenTtlSeconds = 2;
    options.clientSecret = m_oauthClientSecret;
    QString error;
    QVERIFY2(m_oidc.start(&error, options), qPrintable(error));
    const QString home = QDir::homePath();
    const QString resource = m_oidc.resourceUrl(QStringLiteral("/api/scan")).toString();
    QProcessEnvironment browserEnvironment = QProcessEnvironment::systemEnvironment();
    browserEnvironment.insert(QStringLiteral("BROWSER"), OidcServer::browserCommand());

    CliRunner::Result cli = CliRunner::runWithInput(
            {QStringLiteral("oauth"), QStringLiteral("add"), QStringLiteral("scan"), QStringLiteral("--issuer"),
             m_oidc.issuer().toString(), QStringLiteral("--client-id"), OidcServer::confidentialClientId(),
             QStringLiteral("--client-secret-stdin"), QStringLiteral("--client-auth"), QStringLiteral("basic"),
             QStringLiteral("--scope"), QStringLiteral("openid api:read"), QStringLiteral("--grant"),
             QStringLiteral("authorization_code")},
            m_oauthClientSecret + '\n');
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    // Signed in through the browser script: the code and the verifier go over the wire only.
    cli = CliRunner::run({QStringLiteral("oauth"), QStringLiteral("login"), QStringLiteral("scan"), QStringLiteral("-v")},
                         browserEnvironment);
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    keepOutput(QStringLiteral("oauth-login.log"), cli.out + cli.err);

    // Used with -v and exported, then used again past the token's lifetime: one refresh, whose
    // rotated refresh token replaces the old one in the keychain.
    cli = CliRunner::run({QStringLiteral("send"), QStringLiteral("--oauth"), QStringLiteral("scan"), QStringLiteral("-v"),
                          QStringLiteral("--har"), home + QStringLiteral("/oauth.har"), resource});
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    keepOutput(QStringLiteral("oauth-send.log"), cli.out + cli.err);
    QTest::qWait(options.accessTokenTtlSeconds * 1000 + 100);
    QVERIFY(m_oidc.resetStats());
    cli = CliRunner::run({QStringLiteral("send"), QStringLiteral("--oauth"), QStringLiteral("scan"), QStringLiteral("-v"),
                          QStringLiteral("--json"), resource},
                         home + QStringLiteral("/oauth-refreshed.json"));
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    keepOutput(QStringLiteral("oauth-refresh-verbose.log"), cli.err);
    QCOMPARE(m_oidc.tokenEndpointCalls(QStringLiteral("refresh_token")), 1);

    const QList<QStringList> commands = {
        {QStringLiteral("oauth"), QStringLiteral("refresh"), QStringLiteral("scan"), QStringLiteral("-v")},
        {QStringLiteral("oauth"), QStringLiteral("show"), QStringLiteral("scan")},
        {QStringLiteral("oauth"), QStringLiteral("list"), QStringLiteral("--json")},
        {QStringLiteral("oauth"), QStringLiteral("revoke"), QStringLiteral("scan"), QStringLiteral("-v")},
    };
    for (const QStringList &command : commands) {
        cli = CliRunner::run(command);
        QVERIFY2(cli.exitCode == 0, qPrintable(command.join(u' ') + u": " + QString::fromLocal8Bit(cli.err)));
        keepOutput(QStringLiteral("oauth-%1.log").arg(command.at(1)), cli.out + cli.err);
    }
    QVERIFY(m_oidc.stats().value(u"revocation").toInt() > 0);

    // Ad hoc, with no profile: an expired pair refreshed; the rotated pair is kept as a profile.
    const QJsonObject adHoc = m_oidc.passwordGrantTokens(QStringLiteral("openid api:read"), &error);
    QVERIFY2(!adHoc.isEmpty(), qPrintable(error));
    QTest::qWait(options.accessTokenTtlSeconds * 1000 + 100);
    cli = CliRunner::run({QStringLiteral("send"), QStringLiteral("-v"),
                          QStringLiteral("--oauth2-bearer"), adHoc.value(u"access_token").toString(),
                          QStringLiteral("--oauth2-refresh-token"), adHoc.value(u"refresh_token").toString(),
                          QStringLiteral("--oauth2-token-url"), m_oidc.tokenUrl().toString(),
                          QStringLiteral("--oauth2-client"),
                          OidcServer::confidentialClientId() + u':' + QString::fromLatin1(m_oauthClientSecret),
                          resource});
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    keepOutput(QStringLiteral("oauth-adhoc.log"), cli.out + cli.err);

    // What the scan looks for: the code, every access, refresh and ID token of the run.
    m_oauthIssued = m_oidc.issuedSecrets();
    QVERIFY2(m_oauthIssued.size() >= 7, "the code, and at least two refresh tokens, three access and ID tokens");
}

QList<QByteArray> tst_KeychainSession::telltales() const
{
    QList<QByteArray> found;
    const auto addEncodings = [&found](const QByteArray &secret) {
        found << secret << QUrl::toPercentEncoding(QString::fromLatin1(secret)) << QUrl::toPercentEncoding(QString::fromLatin1(secret)).toLower();
        // base64 at each of the three alignments the secret can have inside a longer encoding.
        for (int skip = 0; skip < 3; ++skip) {
            QByteArray part = secret.mid(skip);
            part.truncate(part.size() - part.size() % 3);
            found << part.toBase64() << part.toBase64(QByteArray::Base64UrlEncoding);
        }
    };
    for (const QByteArray &secret : {m_alicePassword, m_aliceNewPassword, m_bobPassword, m_apiKey, m_oauthClientSecret})
        addEncodings(secret);
    for (const auto &[user, secret] : m_userSecrets)
        found << QByteArray(user.toUtf8() + ':' + secret).toBase64();
    // client_secret_basic: id and secret form-urlencoded before base64 (RFC 6749 §2.3.1).
    found << QByteArray(OidcServer::confidentialClientId().toUtf8() + ':'
                        + QUrl::toPercentEncoding(QString::fromLatin1(m_oauthClientSecret))).toBase64();
    for (const QByteArray &issued : m_oauthIssued) {
        addEncodings(issued);
        // A JWT's signature alone betrays it (a redaction may keep header and claims, not that).
        const QList<QByteArray> parts = issued.split('.');
        if (parts.size() == 3)
            found << parts.at(2);
    }
    return found;
}

void tst_KeychainSession::noSecretIsFoundOnDisk()
{
    m_window.reset(); // settings written as on quit
    m_appSettings->sync();
    m_indexSettings->sync();
    const QStringList roots{m_sandbox, QStringLiteral(AUTHSCOPE_BINARY_DIR)};

    // grep -F reads the patterns from stdin, so the secrets never touch a file. A decoy planted in
    // each root proves the search sees those files.
    const QByteArray decoy = randomSecret("decoy");
    QList<QByteArray> patterns = telltales();
    patterns << decoy;
    QStringList decoys;
    for (const QString &root : roots) {
        const QString path = root + QStringLiteral("/scan-decoy.txt");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("decoy: " + decoy + '\n');
        f.close();
        decoys << path;
    }
    QProcess grep;
    grep.start(QStringLiteral("grep"), QStringList{QStringLiteral("-r"), QStringLiteral("-F"), QStringLiteral("-a"),
                                                   QStringLiteral("-l"), QStringLiteral("-f"), QStringLiteral("-")}
                                               + roots);
    QVERIFY(grep.waitForStarted());
    for (const QByteArray &p : std::as_const(patterns))
        grep.write(p + '\n');
    grep.closeWriteChannel();
    QVERIFY(grep.waitForFinished(300000));
    for (const QString &path : decoys)
        QFile::remove(path);
    QStringList hits = QString::fromLocal8Bit(grep.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
    for (const QString &path : decoys)
        QVERIFY2(hits.removeAll(path) == 1, qPrintable(QStringLiteral("the search missed the decoy in ") + path));
    // The test run's own files (ctest's log of this test) are part of the build tree and count too.
    QVERIFY2(hits.isEmpty(), qPrintable(QStringLiteral("secret bytes found in: ") + hits.join(QStringLiteral(", "))));
}

QTEST_MAIN(tst_KeychainSession)
#include "tst_keychainsession.moc"
