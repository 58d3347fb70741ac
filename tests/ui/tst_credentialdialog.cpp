#include "credentialdialog.h"
#include "dialogcredentialjob.h"
#include "dialogcredentialprovider.h"
#include "insecurebanner.h"
#include "secretlineedit.h"

#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

// The credential dialog and the provider that opens it, with real widgets: what the user is
// told (who asks, realm, scheme, encryption, attempt, notes), how the secret is typed and
// forgotten, and the job's promise (start() never finishes inside the call, exactly one finished).
class tst_CredentialDialog : public QObject
{
    Q_OBJECT
private slots:
    void cleanup();
    void namesWhoAsksAndWarnsWhenNotEncrypted_data();
    void namesWhoAsksAndWarnsWhenNotEncrypted();
    void describesTheScheme_data();
    void describesTheScheme();
    void namesTheAttemptAndWhoWasRejected();
    void firstAttemptShowsNoAttemptLine();
    void tokenModeAsksForATokenAndShowsTheNotes();
    void passwordIsMaskedUntilRevealed();
    void sendStaysDisabledUntilSomethingIsTyped();
    void secretFieldIsEmptiedWhenTheDialogCloses_data();
    void secretFieldIsEmptiedWhenTheDialogCloses();
    void jobFinishesAsTheUserAnswers_data();
    void jobFinishesAsTheUserAnswers();
    void startNeverFinishesInsideTheCall();
    void dialogIsWindowModalOverTheWindow();
    void deletingTheJobClosesTheDialogWithoutFinishing();
    void rememberBoxFollowsTheRequest_data();
    void rememberBoxFollowsTheRequest();
    void rememberRequestedFollowsTheBox();
    void jobCarriesRememberRequested_data();
    void jobCarriesRememberRequested();

private:
    static CredentialRequest basicRequest(const QString &url, bool encrypted);
};

namespace {

Challenge challenge(const QByteArray &scheme, const QList<QPair<QByteArray, QByteArray>> &params)
{
    Challenge c;
    c.scheme = scheme;
    c.params = params;
    return c;
}

// Runs the event loop until the job's dialog is open (run() is queued by start()).
CredentialDialog *waitForDialog(DialogCredentialJob *job)
{
    QSignalSpy opened(job, &DialogCredentialJob::dialogOpened);
    if (!job->dialog() && !opened.wait(5000))
        return nullptr;
    return job->dialog();
}

} // namespace

CredentialRequest tst_CredentialDialog::basicRequest(const QString &url, bool encrypted)
{
    CredentialRequest r;
    r.url = QUrl(url);
    r.space.scheme = QByteArrayLiteral("basic");
    r.space.origin = ProtectionSpace::originOf(r.url);
    r.space.realm = QStringLiteral("basic realm");
    r.challenge = challenge(QByteArrayLiteral("Basic"), {{"realm", "basic realm"}});
    r.encrypted = encrypted;
    return r;
}

void tst_CredentialDialog::cleanup()
{
    // Nothing may stay open between tests.
    QTRY_VERIFY(QApplication::topLevelWidgets().isEmpty() || !QApplication::activeModalWidget());
}

void tst_CredentialDialog::namesWhoAsksAndWarnsWhenNotEncrypted_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("encrypted");
    QTest::addColumn<bool>("proxy");
    QTest::addColumn<QString>("headline");
    QTest::addColumn<QString>("connection");
    QTest::addColumn<bool>("loopbackNote");

    QTest::newRow("plain http on loopback")
        << "http://127.0.0.1:8080/basic/" << false << false
        << "The server at http://127.0.0.1:8080 asks for a user name and password"
        << "Not encrypted (plain http)" << true;
    QTest::newRow("plain http to another host")
        << "http://api.example.test/me" << false << false
        << "The server at http://api.example.test:80 asks for a user name and password"
        << "Not encrypted (plain http)" << false;
    QTest::newRow("https")
        << "https://127.0.0.1:8443/basic/" << true << false
        << "The server at https://127.0.0.1:8443 asks for a user name and password"
        << "Encrypted (https)" << false;
    QTest::newRow("proxy")
        << "http://api.example.test/me" << false << true
        << "The proxy at http://127.0.0.1:3128 asks for a user name and password"
        << "Not encrypted (plain http to the proxy)" << false;
}

void tst_CredentialDialog::namesWhoAsksAndWarnsWhenNotEncrypted()
{
    QFETCH(QString, url);
    QFETCH(bool, encrypted);
    QFETCH(bool, proxy);
    QFETCH(QString, headline);
    QFETCH(QString, connection);
    QFETCH(bool, loopbackNote);

    CredentialRequest request = basicRequest(url, encrypted);
    if (proxy) {
        request.space.proxy = true;
        request.space.origin = QStringLiteral("http://127.0.0.1:3128");
    }
    CredentialDialog dialog(request);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    QCOMPARE(dialog.headlineLabel()->text(), headline);
    QCOMPARE(dialog.realmLabel()->text(), QStringLiteral("basic realm"));
    QCOMPARE(dialog.schemeLabel()->text(), QStringLiteral("Basic"));
    QCOMPARE(dialog.connectionLabel()->text(), connection);
    QCOMPARE(dialog.unencryptedWarning()->isVisible(), !encrypted);
    QCOMPARE(dialog.unencryptedWarning()->text(), QStringLiteral("Not encrypted: the password can be read on the way"));
    auto *note = dialog.findChild<QLabel *>(QStringLiteral("credentialLoopbackNote"));
    QVERIFY(note);
    QCOMPARE(note->isVisible(), loopbackNote);
    QVERIFY(!dialog.isTokenMode());
    QVERIFY(dialog.userField()->isVisible());
    QVERIFY(dialog.passwordField()->isVisible());
    QVERIFY(!dialog.tokenField());
}

void tst_CredentialDialog::describesTheScheme_data()
{
    QTest::addColumn<QByteArray>("scheme");
    QTest::addColumn<QByteArray>("params"); // name=value;name=value
    QTest::addColumn<QString>("description");

    QTest::newRow("Digest SHA-256 qop auth") << QByteArray("Digest") << QByteArray("realm=r;qop=auth;algorithm=SHA-256")
                                             << "Digest · SHA-256 · qop auth";
    QTest::newRow("Digest without algorithm or qop (RFC 2069)") << QByteArray("Digest") << QByteArray("realm=r")
                                                                << "Digest · MD5 (no algorithm given) · no qop (RFC 2069)";
    QTest::newRow("Digest userhash") << QByteArray("Digest") << QByteArray("realm=r;qop=auth;algorithm=SHA-512-256;userhash=true")
                                     << "Digest · SHA-512-256 · qop auth · user name hashed";
    QTest::newRow("Basic with charset") << QByteArray("Basic") << QByteArray("realm=r;charset=UTF-8") << "Basic · charset UTF-8";
    QTest::newRow("Bearer insufficient scope") << QByteArray("Bearer") << QByteArray("error=insufficient_scope;scope=admin")
                                               << "Bearer · scope admin · insufficient_scope";
}

void tst_CredentialDialog::describesTheScheme()
{
    QFETCH(QByteArray, scheme);
    QFETCH(QByteArray, params);
    QFETCH(QString, description);
    QList<QPair<QByteArray, QByteArray>> list;
    for (const QByteArray &pair : params.split(';')) {
        const qsizetype eq = pair.indexOf('=');
        list.append({pair.left(eq), pair.mid(eq + 1)});
    }
    const Challenge c = challenge(scheme, list);
    QCOMPARE(CredentialDialog::schemeDescription(c), description);
    CredentialRequest request = basicRequest(QStringLiteral("https://127.0.0.1/"), true);
    request.challenge = c;
    CredentialDialog dialog(request);
    QCOMPARE(dialog.schemeLabel()->text(), description);
    QCOMPARE(dialog.schemeLabel()->toolTip(), c.toDisplayString());
}

void tst_CredentialDialog::namesTheAttemptAndWhoWasRejected()
{
    CredentialRequest request = basicRequest(QStringLiteral("http://127.0.0.1:8080/basic/"), false);
    request.attempt = 2;
    request.rejectedUser = QStringLiteral("alice");
    CredentialDialog dialog(request);
    dialog.setMaxAttempts(3);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.attemptLabel()->isVisible());
    QCOMPARE(dialog.attemptLabel()->text(), QStringLiteral("Attempt 2 of 3: the server rejected alice"));
    // The rejected user is filled in; the password is where typing starts.
    QCOMPARE(dialog.userField()->text(), QStringLiteral("alice"));
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(dialog.passwordField()));
    QVERIFY(dialog.passwordField()->text().isEmpty());

    dialog.setMaxAttempts(0); // a limit nobody told the dialog is left out rather than guessed
    QCOMPARE(dialog.attemptLabel()->text(), QStringLiteral("Attempt 2: the server rejected alice"));
}

void tst_CredentialDialog::firstAttemptShowsNoAttemptLine()
{
    CredentialDialog dialog(basicRequest(QStringLiteral("http://127.0.0.1:8080/"), false));
    dialog.setMaxAttempts(3);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(!dialog.attemptLabel()->isVisible());
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(dialog.userField()));
}

void tst_CredentialDialog::tokenModeAsksForATokenAndShowsTheNotes()
{
    CredentialRequest request = basicRequest(QStringLiteral("http://127.0.0.1:9000/bearer"), false);
    request.kind = Credential::Kind::Token;
    request.space.scheme = QByteArrayLiteral("bearer");
    request.space.realm = QString();
    request.challenge = challenge(QByteArrayLiteral("Bearer"), {{"error", "invalid_token"}, {"error_description", "expired"}});
    request.notes = LegNotes{LegNote(NoteCode::BearerInvalidToken, QStringLiteral("invalid_token: the token is expired, revoked or malformed; get a new one")),
                             LegNote(NoteCode::ServerErrorDescription, QStringLiteral("the server says: expired <b>"))};
    CredentialDialog dialog(request);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.isTokenMode());
    QVERIFY(!dialog.userField());
    QVERIFY(!dialog.passwordField());
    QVERIFY(dialog.tokenField()->isVisible());
    QCOMPARE(dialog.tokenField()->echoMode(), QLineEdit::Password);
    QCOMPARE(dialog.headlineLabel()->text(), QStringLiteral("The server at http://127.0.0.1:9000 asks for a bearer token"));
    QCOMPARE(dialog.realmLabel()->text(), QStringLiteral("(none given)"));
    QCOMPARE(dialog.unencryptedWarning()->text(), QStringLiteral("Not encrypted: the token can be read on the way"));
    QVERIFY(dialog.notesLabel()->isVisible());
    const QString notes = dialog.notesLabel()->text();
    QVERIFY2(notes.contains(QStringLiteral("invalid_token: the token is expired")), qPrintable(notes));
    QVERIFY2(notes.contains(QStringLiteral("expired &lt;b&gt;")), qPrintable(notes)); // server text is not markup
    QCOMPARE(dialog.sendButton()->text(), QStringLiteral("&Send token"));

    // A token with a space inside is not one (RFC 6750 b64token): Send stays off and says why.
    QTest::keyClicks(dialog.tokenField(), QStringLiteral("tok typed"));
    QVERIFY(!dialog.sendButton()->isEnabled());
    auto *problem = dialog.findChild<QLabel *>(QStringLiteral("credentialTokenProblem"));
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->text().contains(QStringLiteral("RFC 6750")), qPrintable(problem->text()));
    dialog.tokenField()->clear();
    QTest::keyClicks(dialog.tokenField(), QStringLiteral("  tok-typed \t"));
    QVERIFY(dialog.sendButton()->isEnabled());
    QVERIFY(!problem->isVisible());
    dialog.accept();
    Credential credential = dialog.takeCredential();
    QCOMPARE(credential.kind, Credential::Kind::Token);
    QCOMPARE(credential.secret, QByteArrayLiteral("tok-typed"));
    QVERIFY(credential.user.isEmpty());
    credential.wipe();
}

void tst_CredentialDialog::passwordIsMaskedUntilRevealed()
{
    CredentialDialog dialog(basicRequest(QStringLiteral("http://127.0.0.1:8080/"), false));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    SecretLineEdit *password = dialog.passwordField();
    QTest::keyClicks(password, QStringLiteral("s3cret"));
    QCOMPARE(password->echoMode(), QLineEdit::Password);
    QVERIFY(password->displayText() != password->text());
    password->revealAction()->trigger();
    QCOMPARE(password->echoMode(), QLineEdit::Normal);
    QCOMPARE(password->displayText(), QStringLiteral("s3cret"));
    password->revealAction()->trigger();
    QCOMPARE(password->echoMode(), QLineEdit::Password);
    // Revealed, then hidden with its window: masked again when it comes back.
    password->revealAction()->trigger();
    dialog.hide();
    QCOMPARE(password->echoMode(), QLineEdit::Password);
    QVERIFY(!password->revealAction()->isChecked());
}

void tst_CredentialDialog::sendStaysDisabledUntilSomethingIsTyped()
{
    CredentialDialog dialog(basicRequest(QStringLiteral("http://127.0.0.1:8080/"), false));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(!dialog.sendButton()->isEnabled());
    QTest::keyClicks(dialog.userField(), QStringLiteral("a"));
    QVERIFY(dialog.sendButton()->isEnabled());
    QCOMPARE(dialog.sendButton()->text(), QStringLiteral("&Send credentials"));
}

void tst_CredentialDialog::secretFieldIsEmptiedWhenTheDialogCloses_data()
{
    QTest::addColumn<bool>("accept");
    QTest::newRow("accepted") << true;
    QTest::newRow("cancelled") << false;
}

void tst_CredentialDialog::secretFieldIsEmptiedWhenTheDialogCloses()
{
    QFETCH(bool, accept);
    CredentialDialog dialog(basicRequest(QStringLiteral("http://127.0.0.1:8080/"), false));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::keyClicks(dialog.userField(), QStringLiteral("alice"));
    QTest::keyClicks(dialog.passwordField(), QStringLiteral("pw-"));
    dialog.passwordField()->insert(QStringLiteral("ümlaut")); // QTest types ASCII only
    if (accept)
        QTest::mouseClick(dialog.sendButton(), Qt::LeftButton);
    else
        QTest::keyClick(&dialog, Qt::Key_Escape);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), accept ? int(QDialog::Accepted) : int(QDialog::Rejected));
    QVERIFY(dialog.passwordField()->text().isEmpty());
    QVERIFY(!dialog.passwordField()->isUndoAvailable());
    Credential credential = dialog.takeCredential();
    if (accept) {
        QCOMPARE(credential.kind, Credential::Kind::Password);
        QCOMPARE(credential.user, QStringLiteral("alice"));
        QCOMPARE(credential.secret, QStringLiteral("pw-ümlaut").toUtf8());
    } else {
        QVERIFY(credential.isEmpty());
    }
    QVERIFY(dialog.takeCredential().isEmpty()); // taken once
    credential.wipe();
}

void tst_CredentialDialog::jobFinishesAsTheUserAnswers_data()
{
    QTest::addColumn<bool>("accept");
    QTest::newRow("OK gives the credential") << true;
    QTest::newRow("Cancel gives none") << false;
}

void tst_CredentialDialog::jobFinishesAsTheUserAnswers()
{
    QFETCH(bool, accept);
    QMainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    DialogCredentialProvider provider(&window);
    provider.setMaxAttempts(3);
    QSignalSpy opened(&provider, &DialogCredentialProvider::dialogOpened);
    QSignalSpy closed(&provider, &DialogCredentialProvider::dialogClosed);
    std::unique_ptr<CredentialJob> job(provider.createJob(basicRequest(QStringLiteral("http://127.0.0.1:8080/"), false), nullptr));
    auto *dialogJob = qobject_cast<DialogCredentialJob *>(job.get());
    QVERIFY(dialogJob);
    QSignalSpy finished(job.get(), &CredentialJob::finished);
    job->start();
    CredentialDialog *dialog = waitForDialog(dialogJob);
    QVERIFY(dialog);
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.first().first().value<CredentialDialog *>(), dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QCOMPARE(finished.size(), 0);

    QTest::keyClicks(dialog->userField(), QStringLiteral("alice"));
    QTest::keyClicks(dialog->passwordField(), QStringLiteral("apache-pw"));
    if (accept)
        QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
    else
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("credentialCancel")), Qt::LeftButton);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(closed.size(), 1);
    QCOMPARE(job->hasCredential(), accept);
    if (accept) {
        Credential credential = job->takeCredential();
        QCOMPARE(credential.user, QStringLiteral("alice"));
        QCOMPARE(credential.secret, QByteArrayLiteral("apache-pw"));
        credential.wipe();
        QVERIFY(job->reason().isEmpty());
    } else {
        QCOMPARE(job->reason(), QStringLiteral("cancelled by the user"));
    }
    // The dialog goes away on its own once the event loop runs.
    QPointer<CredentialDialog> gone(dialog);
    QTRY_VERIFY(gone.isNull());
    QCOMPARE(finished.size(), 1);
}

void tst_CredentialDialog::startNeverFinishesInsideTheCall()
{
    DialogCredentialProvider provider(nullptr);
    std::unique_ptr<CredentialJob> job(provider.createJob(basicRequest(QStringLiteral("http://127.0.0.1:8080/"), false), nullptr));
    auto *dialogJob = static_cast<DialogCredentialJob *>(job.get());
    QSignalSpy finished(job.get(), &CredentialJob::finished);
    job->start();
    // Nothing happened yet: no dialog, no answer. The caller can still connect and set up.
    QCOMPARE(finished.size(), 0);
    QVERIFY(!dialogJob->dialog());
    QVERIFY(!QApplication::activeModalWidget());
    CredentialDialog *dialog = waitForDialog(dialogJob);
    QVERIFY(dialog);
    QCOMPARE(finished.size(), 0);
    dialog->reject();
    QCOMPARE(finished.size(), 1);
}

void tst_CredentialDialog::dialogIsWindowModalOverTheWindow()
{
    QMainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    DialogCredentialProvider provider(&window);
    provider.setMaxAttempts(3);
    CredentialRequest request = basicRequest(QStringLiteral("http://127.0.0.1:8080/"), false);
    request.attempt = 3;
    request.rejectedUser = QStringLiteral("bob");
    std::unique_ptr<CredentialJob> job(provider.createJob(request, nullptr));
    job->start();
    CredentialDialog *dialog = waitForDialog(static_cast<DialogCredentialJob *>(job.get()));
    QVERIFY(dialog);
    QCOMPARE(dialog->parentWidget(), &window);
    QCOMPARE(dialog->windowModality(), Qt::WindowModal);
    QVERIFY(dialog->isVisible());
    // The provider's limit reached the dialog.
    QCOMPARE(dialog->attemptLabel()->text(), QStringLiteral("Attempt 3 of 3: the server rejected bob"));
    dialog->reject();
}

void tst_CredentialDialog::deletingTheJobClosesTheDialogWithoutFinishing()
{
    QMainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    DialogCredentialProvider provider(&window);
    auto *job = static_cast<DialogCredentialJob *>(
            provider.createJob(basicRequest(QStringLiteral("http://127.0.0.1:8080/"), false), nullptr));
    QSignalSpy finished(job, &CredentialJob::finished);
    job->start();
    QPointer<CredentialDialog> dialog = waitForDialog(job);
    QVERIFY(dialog);
    QTest::keyClicks(dialog->passwordField(), QStringLiteral("typed"));
    delete job; // what ExchangeJob::cancel() does
    QVERIFY(dialog.isNull());
    QCOMPARE(finished.size(), 0);
    QVERIFY(!QApplication::activeModalWidget());
}

namespace {

// What a request asks of the remember box, and what the user must see.
struct RememberCase
{
    bool canRemember = false;
    bool sessionOnly = false;
    QString storedRejectedUser;     // with the provider's decoration: defaultUser and attempt 2
    Credential::Kind kind = Credential::Kind::Password;
    QString text;                   // empty: no box at all
    bool checked = false;
    QString user;                   // the user field's text (password kind)
};

} // namespace

Q_DECLARE_METATYPE(RememberCase)

void tst_CredentialDialog::rememberBoxFollowsTheRequest_data()
{
    QTest::addColumn<RememberCase>("expected");

    RememberCase noStore;
    QTest::newRow("no store behind the dialog: no box") << noStore;

    RememberCase keychain;
    keychain.canRemember = true;
    keychain.text = QStringLiteral("&Remember in keychain");
    QTest::newRow("keychain: offered, unchecked (opt-in)") << keychain;

    RememberCase session = keychain;
    session.sessionOnly = true;
    session.text = QStringLiteral("&Remember for this session (the keychain is unavailable)");
    QTest::newRow("session-only memory says so") << session;

    RememberCase token = keychain;
    token.kind = Credential::Kind::Token;
    QTest::newRow("token: offered, unchecked") << token;

    RememberCase update = keychain;
    update.storedRejectedUser = QStringLiteral("alice");
    update.text = QStringLiteral("&Update the password of alice stored in the keychain");
    update.checked = true;
    update.user = QStringLiteral("alice");
    QTest::newRow("stored password refused: update, checked, user filled in") << update;

    RememberCase sessionUpdate = update;
    sessionUpdate.sessionOnly = true;
    sessionUpdate.text = QStringLiteral("&Update the remembered password of alice");
    QTest::newRow("remembered password refused in session-only memory") << sessionUpdate;
}

void tst_CredentialDialog::rememberBoxFollowsTheRequest()
{
    QFETCH(RememberCase, expected);
    CredentialRequest request = basicRequest(QStringLiteral("http://127.0.0.1:8080/"), false);
    request.kind = expected.kind;
    request.canRemember = expected.canRemember;
    request.rememberSessionOnly = expected.sessionOnly;
    if (!expected.storedRejectedUser.isEmpty()) {
        // As StoredCredentialProvider decorates the question after the server refused the stored one.
        request.attempt = 2;
        request.rejectedUser = expected.storedRejectedUser;
        request.storedRejectedUser = expected.storedRejectedUser;
        request.defaultUser = expected.storedRejectedUser;
    }
    CredentialDialog dialog(request);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCheckBox *box = dialog.rememberBox();
    if (expected.text.isEmpty()) {
        QVERIFY(!box);
        QVERIFY(!dialog.findChild<QCheckBox *>());
        QVERIFY(!dialog.rememberRequested());
        return;
    }
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QCOMPARE(box->text(), expected.text);
    QCOMPARE(box->isChecked(), expected.checked);
    QCOMPARE(dialog.rememberRequested(), expected.checked);
    QVERIFY2(box->toolTip().contains(QLatin1String("once the server accepts it")), qPrintable(box->toolTip()));
    if (expected.kind == Credential::Kind::Password) {
        QCOMPARE(dialog.userField()->text(), expected.user);
        // Typing starts where something is missing: the password once the user is known.
        QWidget *start = expected.user.isEmpty() ? static_cast<QWidget *>(dialog.userField())
                                                 : static_cast<QWidget *>(dialog.passwordField());
        QTRY_COMPARE(QApplication::focusWidget(), start);
    }
}

void tst_CredentialDialog::rememberRequestedFollowsTheBox()
{
    CredentialRequest request = basicRequest(QStringLiteral("http://127.0.0.1:8080/"), false);
    request.canRemember = true;
    CredentialDialog dialog(request);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(!dialog.rememberRequested());
    QTest::mouseClick(dialog.rememberBox(), Qt::LeftButton);
    QVERIFY(dialog.rememberBox()->isChecked());
    QVERIFY(dialog.rememberRequested());
    QTest::mouseClick(dialog.rememberBox(), Qt::LeftButton);
    QVERIFY(!dialog.rememberRequested());
    QTest::mouseClick(dialog.rememberBox(), Qt::LeftButton);
    QTest::keyClicks(dialog.userField(), QStringLiteral("alice"));
    QTest::keyClicks(dialog.passwordField(), QStringLiteral("pw"));
    QTest::mouseClick(dialog.sendButton(), Qt::LeftButton);
    QVERIFY(dialog.rememberRequested()); // still readable once the dialog is closed
    Credential credential = dialog.takeCredential();
    QCOMPARE(credential.user, QStringLiteral("alice"));
    credential.wipe();
}

void tst_CredentialDialog::jobCarriesRememberRequested_data()
{
    QTest::addColumn<bool>("tick");
    QTest::newRow("ticked") << true;
    QTest::newRow("left unticked") << false;
}

void tst_CredentialDialog::jobCarriesRememberRequested()
{
    QFETCH(bool, tick);
    QMainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    DialogCredentialProvider provider(&window);
    CredentialRequest request = basicRequest(QStringLiteral("http://127.0.0.1:8080/"), false);
    request.canRemember = true;
    std::unique_ptr<CredentialJob> job(provider.createJob(request, nullptr));
    QSignalSpy finished(job.get(), &CredentialJob::finished);
    job->start();
    CredentialDialog *dialog = waitForDialog(static_cast<DialogCredentialJob *>(job.get()));
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QTest::keyClicks(dialog->userField(), QStringLiteral("alice"));
    QTest::keyClicks(dialog->passwordField(), QStringLiteral("pw"));
    if (tick)
        QTest::mouseClick(dialog->rememberBox(), Qt::LeftButton);
    QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
    QCOMPARE(finished.size(), 1);
    QVERIFY(job->hasCredential());
    QCOMPARE(job->rememberRequested(), tick);
    Credential credential = job->takeCredential();
    credential.wipe();
}

QTEST_MAIN(tst_CredentialDialog)
#include "tst_credentialdialog.moc"
