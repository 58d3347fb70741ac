#include "appsettings.h"
#include "diagnosis/diagnoser.h"
#include "autheditor.h"
#include "bodyview.h"
#include "challengeview.h"
#include "credentialdialog.h"
#include "dialogcredentialprovider.h"
#include "exchangeview.h"
#include "export/secretredactor.h"
#include "headerlistmodel.h"
#include "engine/httpsession.h"
#include "insecurebanner.h"
#include "legdetailsview.h"
#include "leglistmodel.h"
#include "leglistview.h"
#include "mainwindow.h"
#include "mainwindowtesting.h"
#include "requesteditor.h"
#include "responseview.h"
#include "secretlineedit.h"
#include "statusline.h"
#include "uiformat.h"

#include "apacheserver.h"
#include "httpbinserver.h"

#include <QAction>
#include <QComboBox>
#include <QCryptographicHash>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QCheckBox>
#include <QTest>
#include <QToolButton>

// 401/407 in the main window, driven like a user would against Apache (mod_auth_basic,
// mod_auth_digest) and python3-httpbin on loopback: the dialog appears, the typed credentials
// answer the challenge, both legs are shown with the challenge and what answered it, secrets
// stay masked and never reach the settings file.
class tst_MainWindowAuth : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void promptsRetriesAndShowsBothLegs_data();
    void promptsRetriesAndShowsBothLegs();
    void cancellingTheDialogEndsWithAuthenticationFailed();
    void asksAgainAfterARejectionNamingTheAttempt();
    void bearerChallengeAsksForAToken();
    void forbiddenIsToldApartFromUnauthorized();
    void authTabCredentialsAreSentAndShownMasked_data();
    void authTabCredentialsAreSentAndShownMasked();
    void echoedSecretsAreMaskedInBodiesUntilRevealed();
    void cookieValuesAreMaskedUntilRevealed();
    void cancelWhileAskingClosesTheDialog();
    void forgottenCredentialsAreAskedForAgain();
    void askMeAsksThoughTheSessionRemembers();
    void noSecretReachesTheSettingsFile();

private:
    void typeUrl(const QUrl &url);
    // Sends and waits for the credential dialog; null when none opened.
    CredentialDialog *sendAndWaitForDialog();
    // Sends, answers the dialog as user with password and waits for the exchange; false when no
    // dialog opened or the exchange did not finish.
    bool sendAndAnswer(const QString &user, const QString &password);
    bool waitForExchange(QSignalSpy &finished);
    QString iniPath() const { return m_settingsDir.filePath(QStringLiteral("authscope.ini")); }

    HttpbinServer m_httpbin;
    ApacheServer m_apache;
    QTemporaryDir m_settingsDir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

namespace {

int rowOf(const HeaderListModel *model, const QByteArray &name)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->headers().at(row).name.compare(name, Qt::CaseInsensitive) == 0)
            return row;
    }
    return -1;
}

QString displayed(const HeaderListModel *model, int row)
{
    return model->index(row, HeaderListModel::ValueColumn).data().toString();
}

// Types user and password into the dialog, as a user would, and presses Send.
void answer(CredentialDialog *dialog, const QString &user, const QString &password)
{
    QTest::keyClicks(dialog->userField(), user);
    QTest::keyClicks(dialog->passwordField(), password);
    QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
}

} // namespace

void tst_MainWindowAuth::initTestCase()
{
    QString error;
    QVERIFY2(m_httpbin.start(&error), qPrintable(error));
    QVERIFY(m_apache.protectBasic(QStringLiteral("/basic/"), QStringLiteral("basic realm"), QStringLiteral("alice"), "apache-pw"));
    QVERIFY(m_apache.protectDigest(QStringLiteral("/digest/"), QStringLiteral("digest realm"), QStringLiteral("alice"), "apache-pw"));
    QVERIFY(m_apache.deny(QStringLiteral("/forbidden/")));
    QVERIFY2(m_apache.start(&error), qPrintable(error));
    QVERIFY(m_settingsDir.isValid());
}

void tst_MainWindowAuth::init()
{
    QFile::remove(iniPath());
    m_settings = std::make_unique<AppSettings>(iniPath());
    m_window = std::make_unique<MainWindow>(m_settings.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void tst_MainWindowAuth::cleanup()
{
    m_window.reset();
    m_settings.reset();
}

void tst_MainWindowAuth::typeUrl(const QUrl &url)
{
    QLineEdit *field = m_window->requestEditor()->urlField();
    field->clear();
    QTest::keyClicks(field, url.toString());
}

CredentialDialog *tst_MainWindowAuth::sendAndWaitForDialog()
{
    return MainWindowTesting::sendAndWaitForDialog(m_window.get());
}

bool tst_MainWindowAuth::sendAndAnswer(const QString &user, const QString &password)
{
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    CredentialDialog *dialog = sendAndWaitForDialog();
    if (!dialog)
        return false;
    answer(dialog, user, password);
    return waitForExchange(finished);
}

bool tst_MainWindowAuth::waitForExchange(QSignalSpy &finished)
{
    return !finished.isEmpty() || finished.wait(20000);
}

void tst_MainWindowAuth::promptsRetriesAndShowsBothLegs_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("realm");
    QTest::addColumn<QString>("scheme");       // the dialog's scheme line
    QTest::addColumn<QString>("challenge");    // how the 401's challenge starts
    QTest::addColumn<QString>("summary");      // in the second leg's authentication

    QTest::newRow("apache digest MD5")
        << "apache" << "/digest/index.html" << "alice" << "apache-pw" << "digest realm"
        << "Digest · MD5 · qop auth" << "Digest realm=\"digest realm\"" << "Digest MD5, qop=auth, nc=00000001 as alice";
    QTest::newRow("httpbin digest SHA-256")
        << "httpbin" << "/digest-auth/auth/bob/pw/SHA-256" << "bob" << "pw" << "me@kennethreitz.com"
        << "Digest · SHA-256 · qop auth" << "Digest realm=\"me@kennethreitz.com\"" << "Digest SHA-256, qop=auth, nc=00000001 as bob";
    QTest::newRow("apache basic")
        << "apache" << "/basic/index.html" << "alice" << "apache-pw" << "basic realm"
        << "Basic" << "Basic realm=\"basic realm\"" << "Basic as alice";
}

void tst_MainWindowAuth::promptsRetriesAndShowsBothLegs()
{
    QFETCH(QString, server);
    QFETCH(QString, path);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(QString, realm);
    QFETCH(QString, scheme);
    QFETCH(QString, challenge);
    QFETCH(QString, summary);
    const QUrl url = server == u"apache" ? m_apache.url(path) : m_httpbin.url(path);
    typeUrl(url);
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);

    CredentialDialog *dialog = sendAndWaitForDialog();
    QVERIFY(dialog);
    QVERIFY(m_window->isSending());
    QCOMPARE(QApplication::activeModalWidget(), dialog);
    QCOMPARE(dialog->realmLabel()->text(), realm);
    QCOMPARE(dialog->schemeLabel()->text(), scheme);
    QVERIFY(dialog->headlineLabel()->text().contains(ProtectionSpace::originOf(url)));
    QVERIFY(dialog->unencryptedWarning()->isVisible());
    // Behind the dialog the 401 is already listed, and the window says what it waits for.
    QCOMPARE(m_window->exchangeView()->legList()->legModel()->rowCount(), 1);
    QCOMPARE(m_window->responseView()->statusLine()->statusText(), QStringLiteral("Waiting for credentials"));
    QVERIFY2(m_window->statusBar()->currentMessage().contains(realm), qPrintable(m_window->statusBar()->currentMessage()));

    answer(dialog, user, password);
    QVERIFY(waitForExchange(finished));

    const Exchange &exchange = m_window->lastExchange();
    QVERIFY2(exchange.status.isOk(), qPrintable(exchange.status.message()));
    QCOMPARE(exchange.legs.size(), 2);
    QCOMPARE(exchange.legs.at(0).statusCode, 401);
    QCOMPARE(exchange.legs.at(1).statusCode, 200);
    QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("Done: 2 legs."));
    QCOMPARE(m_window->responseView()->statusLine()->statusText(), QStringLiteral("200 OK"));

    // The leg list: the retry is named, the 401 is coloured and marked as a request for credentials.
    LegListView *list = m_window->exchangeView()->legList();
    const LegListModel *legs = list->legModel();
    QCOMPARE(legs->rowCount(), 2);
    QCOMPARE(legs->index(0, LegListModel::KindColumn).data().toString(), QStringLiteral("initial"));
    QCOMPARE(legs->index(1, LegListModel::KindColumn).data().toString(), QStringLiteral("auth-retry"));
    const QModelIndex status401 = legs->index(0, LegListModel::StatusColumn);
    QVERIFY(status401.data().toString().startsWith(QStringLiteral("401 ")));
    QCOMPARE(status401.data(Qt::ForegroundRole).value<QColor>(), UiFormat::statusColor(401));
    QVERIFY(!status401.data(Qt::DecorationRole).value<QIcon>().isNull());
    QVERIFY(status401.data(Qt::ToolTipRole).toString().contains(QStringLiteral("credentials needed or rejected")));
    QVERIFY(!legs->index(1, LegListModel::StatusColumn).data(Qt::DecorationRole).isValid());

    // First leg: the challenge as scheme + parameters.
    LegDetailsView *details = m_window->exchangeView()->legDetails();
    list->selectLeg(0);
    details->tabs()->setCurrentIndex(LegDetailsView::AuthTab);
    const QStringList challenges = details->challengeView()->challengeTexts();
    QVERIFY(!challenges.isEmpty());
    QVERIFY2(challenges.first().startsWith(challenge), qPrintable(challenges.join(u'\n')));
    QCOMPARE(challenges.first(), exchange.legs.at(0).challenges.first().toDisplayString());
    QVERIFY(details->tabs()->tabText(LegDetailsView::AuthTab).startsWith(QStringLiteral("Auth (")));
    QVERIFY(details->challengeView()->authenticationText().isEmpty());
    QVERIFY2(details->summary().contains(QStringLiteral("credentials needed or rejected")), qPrintable(details->summary()));

    // Second leg: what answered, and the Authorization field masked until revealed.
    list->selectLeg(1);
    QVERIFY2(details->challengeView()->authenticationText().contains(summary),
             qPrintable(details->challengeView()->authenticationText()));
    QVERIFY2(details->summary().contains(QStringLiteral("Credentials sent: ") + summary), qPrintable(details->summary()));
    const HeaderListModel *sent = details->requestHeadersModel();
    const int row = rowOf(sent, "Authorization");
    QVERIFY(row >= 0);
    const QString raw = QString::fromLatin1(sent->headers().at(row).value);
    const QString masked = displayed(sent, row);
    QVERIFY2(masked.contains(UiFormat::secretMask()), qPrintable(masked));
    QVERIFY(masked != raw);
    QVERIFY(masked.startsWith(scheme.section(u' ', 0, 0) + u' '));
    if (scheme.startsWith(u"Digest")) {
        QVERIFY2(masked.contains(QStringLiteral("username=\"%1\"").arg(user)), qPrintable(masked));
        const QString response = QString::fromLatin1(exchange.legs.at(1).requestHeaders.value("Authorization"))
                                         .section(QStringLiteral("response=\""), 1).section(u'"', 0, 0);
        QVERIFY(response.size() >= 32);
        QVERIFY(!masked.contains(response));
    } else {
        QVERIFY(!masked.contains(QString::fromLatin1(QStringLiteral("%1:%2").arg(user, password).toUtf8().toBase64())));
    }
    QVERIFY(!sent->index(row, HeaderListModel::ValueColumn).data(Qt::ToolTipRole).toString().contains(raw));
    QTest::mouseClick(details->revealSecretsButton(), Qt::LeftButton);
    QCOMPARE(displayed(sent, row), raw);
    QTest::mouseClick(details->revealSecretsButton(), Qt::LeftButton);
    QCOMPARE(displayed(sent, row), masked);
}

void tst_MainWindowAuth::cancellingTheDialogEndsWithAuthenticationFailed()
{
    typeUrl(m_apache.url(QStringLiteral("/digest/index.html")));
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    CredentialDialog *dialog = sendAndWaitForDialog();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->userField(), QStringLiteral("alice"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("credentialCancel")), Qt::LeftButton);
    QVERIFY(waitForExchange(finished));

    const Exchange &exchange = m_window->lastExchange();
    QCOMPARE(exchange.status.code(), Status::Code::AuthenticationFailed);
    QVERIFY2(exchange.status.message().contains(QStringLiteral("cancelled by the user")), qPrintable(exchange.status.message()));
    QCOMPARE(m_window->statusBar()->currentMessage(), exchange.status.message());
    QCOMPARE(exchange.legs.size(), 1);

    StatusLine *line = m_window->responseView()->statusLine();
    QVERIFY(line->statusText().startsWith(QStringLiteral("401 ")));
    QCOMPARE(line->statusColor(), UiFormat::statusColor(401));
    // The summary shows the diagnosis, not the status's generic meaning.
    const Diagnosis diagnosis = Diagnoser::forExchange(exchange);
    QVERIFY(!diagnosis.isNull());
    QVERIFY2(line->detailsText().contains(StatusLine::diagnosisText(diagnosis)), qPrintable(line->detailsText()));
    QVERIFY(!line->detailsText().contains(QStringLiteral("credentials needed or rejected")));
    QVERIFY(line->detailsText().contains(exchange.status.message()));
    QVERIFY(!m_window->isSending());
    QVERIFY(m_window->sendAction()->isEnabled());
}

void tst_MainWindowAuth::asksAgainAfterARejectionNamingTheAttempt()
{
    AuthEditor *auth = m_window->requestEditor()->authEditor();
    auth->userField()->setText(QStringLiteral("alice"));
    auth->passwordField()->setText(QStringLiteral("typo"));
    typeUrl(m_apache.url(QStringLiteral("/digest/index.html")));
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    CredentialDialog *dialog = sendAndWaitForDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->attemptLabel()->text(), QStringLiteral("Attempt 2 of 3: the server rejected alice"));
    QVERIFY(dialog->attemptLabel()->isVisible());
    QCOMPARE(dialog->userField()->text(), QStringLiteral("alice"));
    QTest::keyClicks(dialog->passwordField(), QStringLiteral("apache-pw"));
    QTest::keyClick(dialog->passwordField(), Qt::Key_Return);
    QVERIFY(waitForExchange(finished));

    const Exchange &exchange = m_window->lastExchange();
    QVERIFY2(exchange.status.isOk(), qPrintable(exchange.status.message()));
    QCOMPARE(exchange.legs.size(), 3);
    QCOMPARE(exchange.legs.at(1).statusCode, 401);
    QCOMPARE(exchange.legs.at(2).statusCode, 200);
    const LegListModel *legs = m_window->exchangeView()->legList()->legModel();
    QCOMPARE(legs->index(1, LegListModel::KindColumn).data().toString(), QStringLiteral("auth-retry"));
    QCOMPARE(legs->index(2, LegListModel::KindColumn).data().toString(), QStringLiteral("auth-retry"));
    // A smaller limit set in the Auth tab reaches the dialog (another realm: the digest one now
    // answers up front from the session's cache).
    auth->maxAttemptsField()->setValue(2);
    auth->passwordField()->setText(QStringLiteral("typo"));
    typeUrl(m_apache.url(QStringLiteral("/basic/index.html")));
    QSignalSpy again(m_window.get(), &MainWindow::exchangeFinished);
    dialog = sendAndWaitForDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->attemptLabel()->text(), QStringLiteral("Attempt 2 of 2: the server rejected alice"));
    dialog->reject();
    QVERIFY(waitForExchange(again));
    QCOMPARE(m_window->lastExchange().status.code(), Status::Code::AuthenticationFailed);
}

void tst_MainWindowAuth::bearerChallengeAsksForAToken()
{
    typeUrl(m_httpbin.url(QStringLiteral("/bearer")));
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    CredentialDialog *dialog = sendAndWaitForDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isTokenMode());
    // The dialog shows the one explanation of a Bearer challenge without an error code.
    QVERIFY2(dialog->notesLabel()->text().contains(NoteCodes::meaning(NoteCode::BearerNoError).toHtmlEscaped()),
             qPrintable(dialog->notesLabel()->text()));
    QTest::keyClicks(dialog->tokenField(), QStringLiteral("tok-from-dialog-4711"));
    QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
    QVERIFY(waitForExchange(finished));

    const Exchange &exchange = m_window->lastExchange();
    QCOMPARE(exchange.legs.size(), 2);
    QCOMPARE(exchange.legs.at(1).statusCode, 200);
    LegDetailsView *details = m_window->exchangeView()->legDetails();
    m_window->exchangeView()->legList()->selectLeg(0);
    QCOMPARE(details->challengeView()->challengeTexts(), QStringList{QStringLiteral("Bearer")});
    m_window->exchangeView()->legList()->selectLeg(1);
    const HeaderListModel *sent = details->requestHeadersModel();
    QCOMPARE(displayed(sent, rowOf(sent, "Authorization")), QStringLiteral("Bearer ••••"));
}

void tst_MainWindowAuth::forbiddenIsToldApartFromUnauthorized()
{
    AuthEditor *auth = m_window->requestEditor()->authEditor();
    auth->userField()->setText(QStringLiteral("alice"));
    auth->passwordField()->setText(QStringLiteral("apache-pw"));
    typeUrl(m_apache.url(QStringLiteral("/forbidden/index.html")));
    QSignalSpy opened(m_window->credentialProvider(), &DialogCredentialProvider::dialogOpened);
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    QTest::mouseClick(m_window->requestEditor()->sendButton(), Qt::LeftButton);
    QVERIFY(waitForExchange(finished));
    QCOMPARE(opened.size(), 0); // credentials cannot help: nobody is asked
    QCOMPARE(m_window->lastExchange().finalStatusCode(), 403);

    StatusLine *line = m_window->responseView()->statusLine();
    QVERIFY(line->statusText().startsWith(QStringLiteral("403 ")));
    QCOMPARE(line->statusColor(), UiFormat::statusColor(403));
    QVERIFY(UiFormat::statusColor(403) != UiFormat::statusColor(401));
    QVERIFY(UiFormat::statusColor(403) != UiFormat::statusColor(404));
    // The summary says why: the diagnosis of a 403 is forbidden, not a credentials problem.
    const Diagnosis diagnosis = Diagnoser::forExchange(m_window->lastExchange());
    QCOMPARE(diagnosis.code, DiagnosisCode::Forbidden);
    QVERIFY2(line->detailsText().contains(StatusLine::diagnosisText(diagnosis)), qPrintable(line->detailsText()));
    QVERIFY(!line->detailsText().contains(QStringLiteral("credentials needed")));

    const QModelIndex status = m_window->exchangeView()->legList()->legModel()->index(0, LegListModel::StatusColumn);
    QCOMPARE(status.data(Qt::ForegroundRole).value<QColor>(), UiFormat::statusColor(403));
    QVERIFY(status.data(Qt::ToolTipRole).toString().contains(QStringLiteral("refused, credentials will not help")));
    const QImage forbiddenIcon = status.data(Qt::DecorationRole).value<QIcon>().pixmap(16).toImage();
    const QImage lockIcon = UiFormat::statusIcon(401).pixmap(16).toImage();
    QVERIFY(!forbiddenIcon.isNull());
    QVERIFY(forbiddenIcon != lockIcon);
    LegDetailsView *details = m_window->exchangeView()->legDetails();
    QVERIFY(details->summary().contains(QStringLiteral("refused, credentials will not help")));
    QVERIFY(details->challengeView()->challengeTexts().isEmpty());
}

void tst_MainWindowAuth::authTabCredentialsAreSentAndShownMasked_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("keyName");
    QTest::addColumn<QString>("keyValue");
    QTest::addColumn<bool>("inQuery");
    QTest::addColumn<QString>("maskedHeader");   // name of the field shown masked; empty: none
    QTest::addColumn<QString>("maskedValue");

    QTest::newRow("bearer token up front") << "/bearer" << "tok-tab-1234" << QString() << QString() << false
                                           << "Authorization" << "Bearer ••••";
    QTest::newRow("API key header") << "/headers" << QString() << "X-Api-Key" << "key-tab-5678" << false
                                    << "X-Api-Key" << "••••";
    QTest::newRow("API key in the query") << "/get" << QString() << "api_key" << "key-tab-9012" << true
                                          << QString() << QString();
}

void tst_MainWindowAuth::authTabCredentialsAreSentAndShownMasked()
{
    QFETCH(QString, path);
    QFETCH(QString, token);
    QFETCH(QString, keyName);
    QFETCH(QString, keyValue);
    QFETCH(bool, inQuery);
    QFETCH(QString, maskedHeader);
    QFETCH(QString, maskedValue);
    RequestEditor *editor = m_window->requestEditor();
    editor->tabs()->setCurrentIndex(RequestEditor::AuthTab);
    AuthEditor *auth = editor->authEditor();
    QTest::keyClicks(auth->tokenField(), token);
    QTest::keyClicks(auth->apiKeyNameField(), keyName);
    QTest::keyClicks(auth->apiKeyValueField(), keyValue);
    auth->apiKeyPlacementSelector()->setCurrentIndex(inQuery ? 1 : 0);
    typeUrl(m_httpbin.url(path));
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    QTest::mouseClick(editor->sendButton(), Qt::LeftButton);
    QVERIFY(waitForExchange(finished));

    const Exchange &exchange = m_window->lastExchange();
    QCOMPARE(exchange.legs.size(), 1);
    QCOMPARE(exchange.finalStatusCode(), 200);
    QCOMPARE(exchange.request.credentials.token, token.toUtf8());
    QCOMPARE(exchange.request.credentials.apiKeyName, keyName.toUtf8());
    QCOMPARE(exchange.request.credentials.apiKeyValue, keyValue.toUtf8());
    QCOMPARE(exchange.request.credentials.apiKeyInQuery, inQuery);
    const QString secret = token.isEmpty() ? keyValue : token;
    const Leg &leg = exchange.legs.first();
    if (!maskedHeader.isEmpty()) {
        const HeaderListModel *sent = m_window->exchangeView()->legDetails()->requestHeadersModel();
        const int row = rowOf(sent, maskedHeader.toLatin1());
        QVERIFY(row >= 0);
        QVERIFY(sent->headers().at(row).value.contains(secret.toUtf8()));
        QCOMPARE(displayed(sent, row), maskedValue);
    } else {
        // In the query: the URL as listed hides the value, the URL as sent carries it.
        QVERIFY(leg.url.query().contains(QStringLiteral("%1=%2").arg(keyName, keyValue)));
        const QString listed = m_window->exchangeView()->legList()->legModel()->index(0, LegListModel::UrlColumn).data().toString();
        QVERIFY2(!listed.contains(keyValue), qPrintable(listed));
        QVERIFY2(listed.contains(keyName + u'=' + UiFormat::secretMask()), qPrintable(listed));
        QVERIFY(!m_window->exchangeView()->legDetails()->summary().contains(keyValue));
    }
}

void tst_MainWindowAuth::echoedSecretsAreMaskedInBodiesUntilRevealed()
{
    const QString token = QStringLiteral("tok-echo-31337");
    QTest::keyClicks(m_window->requestEditor()->authEditor()->tokenField(), token);
    typeUrl(m_httpbin.url(QStringLiteral("/headers")));
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    QTest::mouseClick(m_window->requestEditor()->sendButton(), Qt::LeftButton);
    QVERIFY(waitForExchange(finished));
    QCOMPARE(m_window->lastExchange().finalStatusCode(), 200);
    QVERIFY(m_window->lastExchange().legs.first().responseBody->read().contains(token.toUtf8()));

    // httpbin repeats the Authorization it got: masked, and still shown as JSON.
    BodyView *body = m_window->responseView()->bodyView();
    QCOMPARE(body->formatted().kind, FormattedBody::Kind::Json);
    QVERIFY2(!body->currentText().contains(token), qPrintable(body->currentText()));
    QVERIFY2(body->currentText().contains(QStringLiteral("\"Authorization\": \"Bearer ••••\"")), qPrintable(body->currentText()));
    QVERIFY(body->hidesSecrets());
    QVERIFY(body->note().contains(QStringLiteral("masked")));
    body->setPretty(false);
    QVERIFY(!body->currentText().contains(token));
    QToolButton *reveal = m_window->responseView()->revealSecretsButton();
    QVERIFY(reveal->isVisible());
    QTest::mouseClick(reveal, Qt::LeftButton);
    QVERIFY(body->currentText().contains(token));
    QTest::mouseClick(reveal, Qt::LeftButton);
    QVERIFY(!body->currentText().contains(token));

    // The leg's own body view likewise.
    LegDetailsView *details = m_window->exchangeView()->legDetails();
    details->tabs()->setCurrentIndex(LegDetailsView::BodyTab);
    QVERIFY(!details->responseBodyView()->currentText().contains(token));
    QVERIFY(details->responseBodyView()->currentText().contains(QStringLiteral("Bearer ••••")));
    QTest::mouseClick(details->revealSecretsButton(), Qt::LeftButton);
    QVERIFY(details->responseBodyView()->currentText().contains(token));
}

void tst_MainWindowAuth::cookieValuesAreMaskedUntilRevealed()
{
    typeUrl(m_httpbin.url(QStringLiteral("/cookies/set?session=cookie-value-8642")));
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    QTest::mouseClick(m_window->requestEditor()->sendButton(), Qt::LeftButton);
    QVERIFY(waitForExchange(finished));
    QCOMPARE(m_window->lastExchange().finalStatusCode(), 302);

    const HeaderListModel *headers = m_window->responseView()->headersModel();
    const int row = rowOf(headers, "Set-Cookie");
    QVERIFY(row >= 0);
    QVERIFY2(displayed(headers, row).startsWith(QStringLiteral("session=••••")), qPrintable(displayed(headers, row)));
    QTest::mouseClick(m_window->responseView()->revealSecretsButton(), Qt::LeftButton);
    QVERIFY(displayed(headers, row).startsWith(QStringLiteral("session=cookie-value-8642")));

    LegDetailsView *details = m_window->exchangeView()->legDetails();
    QTableWidget *cookies = details->cookiesTable();
    QCOMPARE(cookies->rowCount(), 1);
    QCOMPARE(cookies->item(0, 1)->text(), QStringLiteral("session"));
    // One reveal for the whole window: the response view's button revealed the inspector's cookies too.
    QVERIFY(details->revealSecretsButton()->isChecked());
    QCOMPARE(cookies->item(0, 2)->text(), QStringLiteral("cookie-value-8642"));
    QTest::mouseClick(details->revealSecretsButton(), Qt::LeftButton);
    QCOMPARE(cookies->item(0, 2)->text(), UiFormat::secretMask());
    QVERIFY2(displayed(headers, row).startsWith(QStringLiteral("session=••••")), qPrintable(displayed(headers, row)));
}

void tst_MainWindowAuth::cancelWhileAskingClosesTheDialog()
{
    typeUrl(m_apache.url(QStringLiteral("/basic/index.html")));
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    QPointer<CredentialDialog> dialog = sendAndWaitForDialog();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->passwordField(), QStringLiteral("half-typed"));
    QVERIFY(m_window->cancelAction()->isEnabled());
    m_window->cancelAction()->trigger();
    QVERIFY(waitForExchange(finished));
    QTRY_VERIFY(dialog.isNull());
    QCOMPARE(m_window->lastExchange().status.code(), Status::Code::Cancelled);
    QCOMPARE(m_window->statusBar()->currentMessage(), m_window->lastExchange().status.message());
    QVERIFY(!QApplication::activeModalWidget());
}

void tst_MainWindowAuth::forgottenCredentialsAreAskedForAgain()
{
    QAction *forget = m_window->forgetCredentialsAction();
    QVERIFY(!forget->isEnabled());
    typeUrl(m_apache.url(QStringLiteral("/basic/index.html")));
    QVERIFY(sendAndAnswer(QStringLiteral("alice"), QStringLiteral("apache-pw")));
    QCOMPARE(m_window->lastExchange().finalStatusCode(), 200);

    // Remembered: the next exchange answers up front, nobody is asked.
    QVERIFY(forget->isEnabled());
    QSignalSpy opened(m_window->credentialProvider(), &DialogCredentialProvider::dialogOpened);
    QSignalSpy second(m_window.get(), &MainWindow::exchangeFinished);
    QTest::mouseClick(m_window->requestEditor()->sendButton(), Qt::LeftButton);
    QVERIFY(waitForExchange(second));
    QCOMPARE(m_window->lastExchange().legs.size(), 1);
    QCOMPARE(m_window->lastExchange().finalStatusCode(), 200);
    QCOMPARE(opened.size(), 0);

    forget->trigger();
    QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("Forgot the credentials of 1 realm."));
    QVERIFY(!forget->isEnabled());
    QSignalSpy third(m_window.get(), &MainWindow::exchangeFinished);
    CredentialDialog *dialog = sendAndWaitForDialog();
    QVERIFY(dialog);
    dialog->reject();
    QVERIFY(waitForExchange(third));
    QCOMPARE(m_window->lastExchange().status.code(), Status::Code::AuthenticationFailed);
}

void tst_MainWindowAuth::askMeAsksThoughTheSessionRemembers()
{
    typeUrl(m_apache.url(QStringLiteral("/basic/index.html")));
    QVERIFY(sendAndAnswer(QStringLiteral("alice"), QStringLiteral("apache-pw")));
    QCOMPARE(m_window->lastExchange().finalStatusCode(), 200);

    // The session remembers alice; "Ask me when challenged" (clicked, as a user would) still asks,
    // and sends nothing up front.
    QCheckBox *ask = m_window->requestEditor()->authEditor()->askUserBox();
    QVERIFY(ask && !ask->isChecked());
    ask->click();
    QVERIFY(ask->isChecked());
    QVERIFY2(sendAndAnswer(QStringLiteral("alice"), QStringLiteral("apache-pw")),
             "no question although the user asked to be asked");
    const Exchange &asked = m_window->lastExchange();
    QCOMPARE(asked.finalStatusCode(), 200);
    QCOMPARE(asked.legs.size(), 2);
    QVERIFY(!asked.legs.at(0).requestHeaders.contains("Authorization"));
    QCOMPARE(asked.steps.at(1).source, NoteCode::CredentialFromPrompt);

    // Unticked, the session's answer goes up front again and nobody is asked.
    ask->click();
    QSignalSpy opened(m_window->credentialProvider(), &DialogCredentialProvider::dialogOpened);
    QSignalSpy third(m_window.get(), &MainWindow::exchangeFinished);
    QTest::mouseClick(m_window->requestEditor()->sendButton(), Qt::LeftButton);
    QVERIFY(waitForExchange(third));
    QCOMPARE(m_window->lastExchange().legs.size(), 1);
    QCOMPARE(opened.size(), 0);
}

void tst_MainWindowAuth::noSecretReachesTheSettingsFile()
{
    // A password typed into the dialog...
    typeUrl(m_apache.url(QStringLiteral("/digest/index.html")));
    QVERIFY(sendAndAnswer(QStringLiteral("alice"), QStringLiteral("apache-pw")));
    QVERIFY(m_window->lastExchange().status.isOk());

    // ...and every secret field of the Auth tab, sent.
    const QList<QByteArray> secrets{"apache-pw", "pw-settings-7781", "tok-settings-5521", "key-settings-9931"};
    AuthEditor *auth = m_window->requestEditor()->authEditor();
    auth->userField()->setText(QStringLiteral("carol"));
    auth->passwordField()->setText(QString::fromLatin1(secrets.at(1)));
    auth->tokenField()->setText(QString::fromLatin1(secrets.at(2)));
    auth->apiKeyNameField()->setText(QStringLiteral("X-Api-Key"));
    auth->apiKeyValueField()->setText(QString::fromLatin1(secrets.at(3)));
    typeUrl(m_httpbin.url(QStringLiteral("/anything")));
    QSignalSpy again(m_window.get(), &MainWindow::exchangeFinished);
    QTest::mouseClick(m_window->requestEditor()->sendButton(), Qt::LeftButton);
    QVERIFY(waitForExchange(again));
    QCOMPARE(m_window->lastExchange().request.credentials.password, secrets.at(1));

    // Closing saves the settings; nothing of the secrets is in the file, in any encoding.
    m_window->close();
    m_window.reset();
    m_settings.reset();
    QFile file(iniPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray stored = file.readAll();
    QVERIFY2(stored.contains("mainWindow"), stored.constData()); // the file is the one written
    for (const QByteArray &secret : secrets) {
        for (const QByteArray &form : SecretRedactor::secretForms(secret))
            QVERIFY2(!stored.contains(form), qPrintable(QStringLiteral("%1 found in the settings as %2")
                                                                .arg(QString::fromLatin1(secret), QString::fromLatin1(form))));
    }
    QVERIFY(!stored.contains("carol"));
}

QTEST_MAIN(tst_MainWindowAuth)
#include "tst_mainwindowauth.moc"
