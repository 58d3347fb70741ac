#include "appsettings.h"
#include "autheditor.h"
#include "credentialdialog.h"
#include "credentials/credentialrecord.h"
#include "credentials/savecredentialjob.h"
#include "credentialswindow.h"
#include "exchangeview.h"
#include "exportactions.h"
#include "legdetailsview.h"
#include "leglistmodel.h"
#include "leglistview.h"
#include "mainwindow.h"
#include "mainwindowtesting.h"
#include "oauth/oauthprofilestore.h"
#include "oauthprofileswindow.h"
#include "presentermode.h"
#include "requesteditor.h"
#include "responseview.h"
#include "revealpolicy.h"
#include "secretlineedit.h"
#include "sequencediagramview.h"
#include "tokeninspector.h"
#include "windowzoom.h"

#include "apacheserver.h"
#include "credentialtesting.h"
#include "httpbinserver.h"
#include "screenshottesting.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>

// Presenter mode and the window's one reveal policy: a reveal shows every view's secrets and
// hides itself after its time; presenter mode makes the text larger and gives the user's zoom
// back; and, against real servers (Apache Basic and Digest, httpbin Bearer, API key, cookie),
// no widget of any view, dialog or window holds a secret in presenter mode, nor does the
// clipboard after copy as curl, while a confirmed reveal proves the walk could see them.
class tst_PresenterMode : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void revealPolicyHidesItselfAfterItsTime();
    void oneSwitchRevealsEveryView();
    void presenterModeEnlargesTextAndGivesTheZoomBack();
    void presenterModeKeepsTypedAndStoredSecretsMasked();
    void noWidgetShowsASecretInPresenterMode_data();
    void noWidgetShowsASecretInPresenterMode();

private:
    bool send(const QUrl &url);
    // Presenter mode with the step-through mode (when the window has one) off again: these
    // tests look at what is shown, not at stepping.
    void presentWithoutStepping();
    // Every text a person could read in the application's widgets now, with where it is.
    QStringList shownTexts() const;
    // The first shown text that holds one of secrets, with where it is; empty when none.
    QString leak(const QStringList &secrets) const;
    // Opens every leg with every tab and each response tab; returns the first leak seen.
    QString leakInEveryView(const QStringList &secrets);

    HttpbinServer m_httpbin;
    ApacheServer m_apache;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CredentialTesting::TemporaryCredentialStore> m_credentials;
    std::unique_ptr<OAuthProfileStore> m_profiles;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

namespace {

const QString BasicPassword = QStringLiteral("pw-basic-41x7");
const QString DigestPassword = QStringLiteral("pw-digest-93kq");

QString where(const QWidget *widget)
{
    return QStringLiteral("%1 '%2'").arg(QString::fromLatin1(widget->metaObject()->className()), widget->objectName());
}

void addModelTexts(const QAbstractItemModel *model, const QModelIndex &parent, const QString &at, QStringList *texts)
{
    for (int row = 0; row < model->rowCount(parent); ++row) {
        for (int column = 0; column < model->columnCount(parent); ++column) {
            const QModelIndex index = model->index(row, column, parent);
            for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole), int(Qt::EditRole), int(Qt::StatusTipRole)})
                *texts << at + QStringLiteral(" model: ") + index.data(role).toString();
            if (column == 0 && model->hasChildren(index))
                addModelTexts(model, index, at, texts);
        }
    }
}

QByteArray jwt()
{
    const auto part = [](const QByteArray &json) {
        return json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    return part(R"({"alg":"HS256","typ":"JWT"})") + '.'
           + part(R"({"sub":"trainer","aud":"lab","exp":4102444800,"iat":1700000000})") + '.'
           + part(CredentialTesting::randomHex(16));
}

} // namespace

void tst_PresenterMode::initTestCase()
{
    QString error;
    QVERIFY2(m_httpbin.start(&error), qPrintable(error));
    QVERIFY(m_apache.protectBasic(QStringLiteral("/basic/"), QStringLiteral("basic realm"), QStringLiteral("alice"),
                                  BasicPassword.toUtf8()));
    QVERIFY(m_apache.protectDigest(QStringLiteral("/digest/"), QStringLiteral("digest realm"), QStringLiteral("alice"),
                                   DigestPassword.toUtf8()));
    QVERIFY2(m_apache.start(&error), qPrintable(error));
}

void tst_PresenterMode::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_credentials = std::make_unique<CredentialTesting::TemporaryCredentialStore>();
    m_credentials->store()->setSessionOnly(true);
    m_profiles = std::make_unique<OAuthProfileStore>(m_credentials->store(), m_dir->filePath(QStringLiteral("oauth.json")));
    m_settings = std::make_unique<AppSettings>(m_dir->filePath(QStringLiteral("authscope.ini")));
    m_window = std::make_unique<MainWindow>(m_settings.get(), m_credentials->store(), m_profiles.get());
    m_window->resize(1280, 720);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void tst_PresenterMode::cleanup()
{
    m_window.reset();
    m_settings.reset();
    m_profiles.reset();
    m_credentials.reset();
    QApplication::clipboard()->clear();
}

bool tst_PresenterMode::send(const QUrl &url)
{
    m_window->setUrl(url.toString());
    QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
    m_window->send();
    return finished.wait(20000);
}

void tst_PresenterMode::presentWithoutStepping()
{
    m_window->setPresenterMode(true);
    if (QAction *step = m_window->findChild<QAction *>(QStringLiteral("stepThroughAction")); step && step->isChecked())
        step->trigger();
}

QStringList tst_PresenterMode::shownTexts() const
{
    QStringList texts;
    QList<QWidget *> widgets;
    for (QWidget *top : QApplication::topLevelWidgets()) {
        widgets << top;
        widgets << top->findChildren<QWidget *>();
    }
    for (QWidget *w : std::as_const(widgets)) {
        const QString at = where(w);
        texts << at + QStringLiteral(" title: ") + w->windowTitle() << at + QStringLiteral(" tooltip: ") + w->toolTip()
              << at + QStringLiteral(" status tip: ") + w->statusTip() << at + QStringLiteral(" what's this: ") + w->whatsThis()
              << at + QStringLiteral(" accessible: ") + w->accessibleName() + u' ' + w->accessibleDescription();
        for (const QAction *action : w->actions())
            texts << at + QStringLiteral(" action: ") + action->text() + u' ' + action->toolTip() + u' ' + action->statusTip();
        if (auto *label = qobject_cast<QLabel *>(w))
            texts << at + QStringLiteral(" text: ") + label->text();
        if (auto *button = qobject_cast<QAbstractButton *>(w))
            texts << at + QStringLiteral(" text: ") + button->text();
        if (auto *line = qobject_cast<QLineEdit *>(w))
            texts << at + QStringLiteral(" shows: ") + line->displayText() + u' ' + line->placeholderText();
        if (auto *text = qobject_cast<QTextEdit *>(w))
            texts << at + QStringLiteral(" text: ") + text->toPlainText();
        if (auto *text = qobject_cast<QPlainTextEdit *>(w))
            texts << at + QStringLiteral(" text: ") + text->toPlainText();
        if (auto *group = qobject_cast<QGroupBox *>(w))
            texts << at + QStringLiteral(" title: ") + group->title();
        if (auto *combo = qobject_cast<QComboBox *>(w)) {
            for (int i = 0; i < combo->count(); ++i)
                texts << at + QStringLiteral(" item: ") + combo->itemText(i);
        }
        if (auto *tabs = qobject_cast<QTabBar *>(w)) {
            for (int i = 0; i < tabs->count(); ++i)
                texts << at + QStringLiteral(" tab: ") + tabs->tabText(i) + u' ' + tabs->tabToolTip(i);
        }
        if (auto *view = qobject_cast<QAbstractItemView *>(w); view && view->model())
            addModelTexts(view->model(), view->rootIndex(), at, &texts);
    }
    texts << QStringLiteral("clipboard: ") + QApplication::clipboard()->text();
    return texts;
}

QString tst_PresenterMode::leak(const QStringList &secrets) const
{
    const QStringList texts = shownTexts();
    for (const QString &text : texts) {
        for (const QString &secret : secrets) {
            if (text.contains(secret))
                return QStringLiteral("%1 … %2 [secret %3]")
                        .arg(text.left(80), text.mid(qMax(0, text.indexOf(secret) - 120), 240), secret)
                        .replace(u'\n', u' ');
        }
    }
    return QString();
}

QString tst_PresenterMode::leakInEveryView(const QStringList &secrets)
{
    LegListView *legs = m_window->exchangeView()->legList();
    LegDetailsView *details = m_window->exchangeView()->legDetails();
    for (int leg = 0; leg < legs->legModel()->rowCount(); ++leg) {
        legs->selectLeg(leg);
        for (int tab = 0; tab < details->tabs()->count(); ++tab) {
            details->tabs()->setCurrentIndex(tab);
            QCoreApplication::processEvents();
            const QString found = leak(secrets);
            if (!found.isEmpty())
                return QStringLiteral("leg %1 tab %2: %3").arg(leg + 1).arg(details->tabs()->tabText(tab), found);
        }
    }
    for (int tab = 0; tab < m_window->responseView()->tabs()->count(); ++tab) {
        m_window->responseView()->tabs()->setCurrentIndex(tab);
        QCoreApplication::processEvents();
        const QString found = leak(secrets);
        if (!found.isEmpty())
            return QStringLiteral("response tab %1: %2").arg(tab).arg(found);
    }
    return QString();
}

void tst_PresenterMode::revealPolicyHidesItselfAfterItsTime()
{
    RevealPolicy policy;
    policy.setDurations(300, 150);
    QSignalSpy changed(&policy, &RevealPolicy::changed);
    policy.toggle();
    QVERIFY(policy.revealed());
    QVERIFY(policy.fieldsMayReveal());
    QCOMPARE(policy.remainingSeconds(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(!policy.revealed(), 1000);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed.at(1).first().toBool(), false);

    // Presenter mode: a request is a question to the window, not a reveal; fields never unmask.
    policy.setPresenterMode(true);
    QSignalSpy asked(&policy, &RevealPolicy::confirmationRequested);
    policy.toggle();
    QCOMPARE(asked.count(), 1);
    QVERIFY(!policy.revealed());
    QElapsedTimer timer;
    timer.start();
    policy.reveal();
    QVERIFY(policy.revealed());
    QVERIFY(!policy.fieldsMayReveal());
    QTRY_VERIFY_WITH_TIMEOUT(!policy.revealed(), 1000);
    QVERIFY2(timer.elapsed() < 290, "the presenter's shorter time applies");
    // Leaving presenter mode hides what was shown.
    policy.reveal();
    policy.setPresenterMode(false);
    QVERIFY(!policy.revealed());
}

void tst_PresenterMode::oneSwitchRevealsEveryView()
{
    RequestEditor *editor = m_window->requestEditor();
    AuthEditor *auth = editor->authEditor();
    const QString key = QString::fromLatin1(CredentialTesting::randomHex(12));
    editor->tabs()->setCurrentIndex(RequestEditor::AuthTab);
    QTest::keyClicks(auth->apiKeyNameField(), QStringLiteral("X-Api-Key"));
    QTest::keyClicks(auth->apiKeyValueField(), key);
    QVERIFY(send(m_httpbin.url(QStringLiteral("/headers"))));
    QCOMPARE(m_window->lastExchange().finalStatusCode(), 200);

    RevealPolicy *policy = m_window->revealPolicy();
    policy->setDurations(600, 300);
    QCOMPARE(leakInEveryView({key}), QString());
    // The leg inspector's button reveals the response view, the typed field and the menu's action too.
    LegDetailsView *details = m_window->exchangeView()->legDetails();
    QTest::mouseClick(details->revealSecretsButton(), Qt::LeftButton);
    QVERIFY(policy->revealed());
    QVERIFY(m_window->responseView()->revealSecretsButton()->isChecked());
    QVERIFY(m_window->showSecretsAction()->isChecked());
    QCOMPARE(auth->apiKeyValueField()->displayText(), key);
    auto *indicator = m_window->statusBar()->findChild<QToolButton *>(QStringLiteral("statusRevealSecrets"));
    QVERIFY(indicator && indicator->isVisible());
    QVERIFY2(indicator->text().contains(QStringLiteral("1 s")), qPrintable(indicator->text()));
    QVERIFY(!leak({key}).isEmpty());
    // ... and hides itself.
    QTRY_VERIFY_WITH_TIMEOUT(!policy->revealed(), 1500);
    QVERIFY(!indicator->isVisible());
    QVERIFY(!details->revealSecretsButton()->isChecked());
    QCOMPARE(leakInEveryView({key}), QString());

    // View > Show Secrets is the same switch, both ways.
    m_window->showSecretsAction()->trigger();
    QVERIFY(details->revealSecretsButton()->isChecked());
    m_window->showSecretsAction()->trigger();
    QVERIFY(!policy->revealed());
    QVERIFY(!m_window->responseView()->revealSecretsButton()->isChecked());
}

void tst_PresenterMode::presenterModeEnlargesTextAndGivesTheZoomBack()
{
    m_window->zoom()->setPercent(110);
    const qreal userSize = m_window->font().pointSizeF();
    QVERIFY(userSize > 0);
    m_window->presenterAction()->trigger();
    QVERIFY(m_window->presenterMode());
    QCOMPARE(m_window->zoom()->percent(), 165);
    QVERIFY(qAbs(m_window->font().pointSizeF() - userSize * 1.5) < 0.6);
    QCOMPARE(m_window->exchangeView()->diagram()->scale(), PresenterMode::DiagramScale);
    QVERIFY(m_window->windowTitle().contains(QStringLiteral("Presenter")));
    QVERIFY(m_window->presenterAction()->shortcut() == QKeySequence(Qt::Key_F11));
    // The step-through mode, when the window has one, is on while presenting and given back after.
    QAction *step = m_window->findChild<QAction *>(QStringLiteral("stepThroughAction"));
    if (step)
        QVERIFY(step->isChecked());
    // Not the user's zoom: the settings keep theirs.
    QCOMPARE(m_settings->value(AppSettings::Key::ZoomPercent).toInt(), 110);
    // Exports offer no secrets.
    std::unique_ptr<QFileDialog> dialog(m_window->exportActions()->createSaveDialog(ExportActions::Kind::Har, QStringLiteral("x.har")));
    auto *box = dialog->findChild<QCheckBox *>(QStringLiteral("includeSecrets"));
    QVERIFY(box && !box->isEnabled() && !box->isChecked());
    QVERIFY(!m_window->exportActions()->secretsAllowed());

    QTest::keyClick(m_window.get(), Qt::Key_F11);
    QVERIFY(!m_window->presenterMode());
    QCOMPARE(m_window->zoom()->percent(), 110);
    QVERIFY(qAbs(m_window->font().pointSizeF() - userSize) < 0.01);
    QCOMPARE(m_window->exchangeView()->diagram()->scale(), 1.0);
    QVERIFY(m_window->exportActions()->secretsAllowed());
    if (step)
        QVERIFY(!step->isChecked());
    QVERIFY(!m_window->windowTitle().contains(QStringLiteral("Presenter")));
}

void tst_PresenterMode::presenterModeKeepsTypedAndStoredSecretsMasked()
{
    const QByteArray stored = CredentialTesting::randomSecret();
    const CredentialRecord record = CredentialTesting::recordFor(QStringLiteral("http://127.0.0.1:1"), QStringLiteral("alice"),
                                                                 QStringLiteral("Staff"), Credential::Kind::Password);
    auto saved = CredentialTesting::runJob(m_credentials->store()->save(record, stored));
    QVERIFY(saved && saved->error() == CredentialStoreJob::Error::NoError);

    presentWithoutStepping();
    RevealPolicy *policy = m_window->revealPolicy();
    // A typed password: the eye is refused.
    m_window->requestEditor()->tabs()->setCurrentIndex(RequestEditor::AuthTab);
    SecretLineEdit *password = m_window->requestEditor()->authEditor()->passwordField();
    QTest::keyClicks(password, QStringLiteral("typed-secret"));
    password->revealAction()->trigger();
    QCOMPARE(password->echoMode(), QLineEdit::Password);
    QVERIFY(!policy->revealed());
    // A view's button asks first; Cancel reveals nothing, Show does, for the presenter's time.
    QTest::mouseClick(m_window->responseView()->revealSecretsButton(), Qt::LeftButton);
    QMessageBox *question = m_window->revealConfirmation();
    QVERIFY(question);
    QVERIFY(!policy->revealed());
    question->button(QMessageBox::Cancel)->click();
    QVERIFY(!policy->revealed());
    QTest::mouseClick(m_window->responseView()->revealSecretsButton(), Qt::LeftButton);
    QVERIFY(m_window->revealConfirmation());
    QCOMPARE(policy->duration(), RevealPolicy::PresenterRevealMs);
    m_window->revealConfirmation()->findChild<QPushButton *>(QStringLiteral("presenterRevealConfirm"))->click();
    QVERIFY(policy->revealed());
    QCOMPARE(password->echoMode(), QLineEdit::Password); // typed input stays dots even then
    policy->hide();

    // The credentials window refuses to reveal a stored secret, saying why.
    m_window->showCredentialsWindow();
    auto *window = m_window->findChild<CredentialsWindow *>();
    QVERIFY(window);
    QVERIFY(QTest::qWaitForWindowExposed(window));
    auto *table = window->findChild<QAbstractItemView *>(QStringLiteral("credentialsTable"));
    QVERIFY(table && table->model()->rowCount() == 1);
    table->setCurrentIndex(table->model()->index(0, 0));
    table->selectionModel()->select(table->model()->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    auto *reveal = window->findChild<QPushButton *>(QStringLiteral("credentialsReveal"));
    QVERIFY(reveal && reveal->isEnabled());
    reveal->click();
    QTest::qWait(200);
    QVERIFY(window->revealedId().isEmpty());
    QString shown = leak({QString::fromLatin1(stored)});
    QVERIFY2(shown.isEmpty(), qPrintable(shown));
    bool told = false;
    for (const QLabel *label : window->findChildren<QLabel *>())
        told = told || (label->isVisible() && label->text().contains(QStringLiteral("Presenter mode")));
    QVERIFY(told);
}

void tst_PresenterMode::noWidgetShowsASecretInPresenterMode_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("basic, typed into the dialog") << "basic";
    QTest::newRow("digest") << "digest";
    QTest::newRow("bearer jwt") << "bearer";
    QTest::newRow("api key") << "apikey";
    QTest::newRow("api key in the query") << "apikeyquery";
    QTest::newRow("cookie") << "cookie";
}

void tst_PresenterMode::noWidgetShowsASecretInPresenterMode()
{
    QFETCH(QString, kind);
    presentWithoutStepping();
    RevealPolicy *policy = m_window->revealPolicy();
    RequestEditor *editor = m_window->requestEditor();
    AuthEditor *auth = editor->authEditor();
    QStringList secrets;
    const auto basicOf = [](const QString &user, const QString &password) {
        return QString::fromLatin1(QStringLiteral("%1:%2").arg(user, password).toUtf8().toBase64());
    };

    if (kind == QLatin1String("basic")) {
        secrets = {BasicPassword, basicOf(QStringLiteral("alice"), BasicPassword)};
        m_window->setUrl(m_apache.url(QStringLiteral("/basic/index.html")).toString());
        QSignalSpy finished(m_window.get(), &MainWindow::exchangeFinished);
        CredentialDialog *dialog = MainWindowTesting::sendAndWaitForDialog(m_window.get());
        QVERIFY(dialog);
        QTest::keyClicks(dialog->userField(), QStringLiteral("alice"));
        QTest::keyClicks(dialog->passwordField(), BasicPassword);
        // The trainer presses the eye: still dots.
        dialog->passwordField()->revealAction()->trigger();
        QString found = leak(secrets);
        QVERIFY2(found.isEmpty(), qPrintable(found));
        QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
        QVERIFY(finished.wait(20000));
    } else if (kind == QLatin1String("digest")) {
        const QByteArray ha1 = QCryptographicHash::hash(QByteArray("alice:digest realm:" + DigestPassword.toUtf8()), QCryptographicHash::Md5).toHex();
        secrets = {DigestPassword, QString::fromLatin1(ha1)};
        editor->tabs()->setCurrentIndex(RequestEditor::AuthTab);
        QTest::keyClicks(auth->userField(), QStringLiteral("alice"));
        QTest::keyClicks(auth->passwordField(), DigestPassword);
        QVERIFY(send(m_apache.url(QStringLiteral("/digest/index.html"))));
    } else if (kind == QLatin1String("bearer")) {
        const QString token = QString::fromLatin1(jwt());
        secrets = {token, token.section(u'.', 2)};
        editor->tabs()->setCurrentIndex(RequestEditor::AuthTab);
        auth->tokenField()->setText(token);
        QVERIFY(send(m_httpbin.url(QStringLiteral("/bearer"))));
        QCOMPARE(m_window->lastExchange().legs.first().requestHeaders.value("Authorization"), "Bearer " + token.toLatin1());
        m_window->inspectLegToken(0);
        QVERIFY(m_window->tokenInspector());
        QVERIFY(QTest::qWaitForWindowExposed(m_window->tokenInspector()));
        // Its eye is refused as well.
        m_window->tokenInspector()->tokenField()->revealAction()->trigger();
    } else if (kind.startsWith(QLatin1String("apikey"))) {
        const bool inQuery = kind.endsWith(QLatin1String("query"));
        const QString key = QString::fromLatin1(CredentialTesting::randomHex(12));
        secrets = {key};
        editor->tabs()->setCurrentIndex(RequestEditor::AuthTab);
        QTest::keyClicks(auth->apiKeyNameField(), inQuery ? QStringLiteral("api_key") : QStringLiteral("X-Api-Key"));
        QTest::keyClicks(auth->apiKeyValueField(), key);
        auth->apiKeyPlacementSelector()->setCurrentIndex(inQuery ? 1 : 0);
        // httpbin's /get echoes the query (args, url), /headers the header.
        QVERIFY(send(m_httpbin.url(inQuery ? QStringLiteral("/get") : QStringLiteral("/headers"))));
        QVERIFY(m_window->lastExchange().legs.first().url.query().contains(key) == inQuery);
    } else {
        const QString value = QString::fromLatin1(CredentialTesting::randomHex(12));
        secrets = {value};
        QVERIFY(send(m_httpbin.url(QStringLiteral("/cookies/set?session=") + value)));
        QVERIFY(send(m_httpbin.url(QStringLiteral("/cookies"))));
        QVERIFY(m_window->lastExchange().legs.first().requestHeaders.value("Cookie").contains(value.toLatin1()));
    }
    QVERIFY2(m_window->lastExchange().status.isOk(), qPrintable(m_window->lastExchange().status.message()));

    // The other windows, open beside it.
    m_window->showCredentialsWindow();
    m_window->showOAuthProfilesWindow();
    std::unique_ptr<QFileDialog> exportDialog(
            m_window->exportActions()->createSaveDialog(ExportActions::Kind::Markdown, QStringLiteral("x.md")));
    exportDialog->show();
    // Copy as curl, from the menu and from the leg inspector.
    m_window->exportActions()->copyCurlAction()->trigger();
    QString found = leakInEveryView(secrets);
    QVERIFY2(found.isEmpty(), qPrintable(found));
    // For the eye: the window at 1280x720 in presenter mode, its request's leg in the inspector.
    m_window->exchangeView()->legList()->selectLeg(0);
    m_window->exchangeView()->legDetails()->tabs()->setCurrentIndex(LegDetailsView::RequestTab);
    QString shot;
    QVERIFY(ScreenshotTesting::save(m_window->grab().toImage(), QStringLiteral("presenter-%1.png").arg(kind), &shot));
    for (QAction *action : m_window->exchangeView()->legDetails()->findChildren<QAction *>()) {
        if (action->text().contains(QStringLiteral("curl"), Qt::CaseInsensitive) && action->isEnabled()) {
            action->trigger();
            found = leak(secrets);
            QVERIFY2(found.isEmpty(), qPrintable(found));
        }
    }

    // The walk sees secrets when they are shown: a confirmed reveal puts them on screen (the
    // typed dialog's password aside); hiding takes them away again.
    policy->requestReveal();
    QVERIFY(m_window->revealConfirmation());
    m_window->revealConfirmation()->findChild<QPushButton *>(QStringLiteral("presenterRevealConfirm"))->click();
    QVERIFY(policy->revealed());
    QVERIFY2(!leakInEveryView(secrets).isEmpty(), "a reveal shows the exchange's secret somewhere");
    policy->hide();
    found = leakInEveryView(secrets);
    QVERIFY2(found.isEmpty(), qPrintable(found));
}

QTEST_MAIN(tst_PresenterMode)
#include "tst_presentermode.moc"
