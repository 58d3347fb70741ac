#include "autheditor.h"
#include "credentialeditdialog.h"
#include "credentialrulerows.h"
#include "credentialswindow.h"
#include "credentialtesting.h"
#include "secretlineedit.h"

#include "credentials/credentialstore.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPointer>
#include <QPushButton>
#include <QTest>
#include <QToolButton>

#include <memory>

// The GUI's two ways to store a credential, held to the rows "authscope-cli credentials add" is
// held to (tests/support/credentialrulerows): the Credentials window's Add dialog, saving into a
// real store on the test run's Secret Service, and the Auth tab's "Store in keychain" menu.
// Each refused row must be refused for its rule with nothing stored; each accepted row stored.
class tst_CredentialEditDialog : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void addDialogRefusesWhatTheCliRefuses_data();
    void addDialogRefusesWhatTheCliRefuses();
    void authTabStoresOnlyWhatTheCliAccepts_data();
    void authTabStoresOnlyWhatTheCliAccepts();

private:
    std::unique_ptr<CredentialTesting::TemporaryCredentialStore> m_temporary;
    std::unique_ptr<CredentialsWindow> m_window;
};

using Problem = CredentialRecordValidator::Problem;

namespace {

template<typename T>
T *child(QWidget *parent, const char *name)
{
    return parent->findChild<T *>(QString::fromLatin1(name));
}

} // namespace

void tst_CredentialEditDialog::init()
{
    m_temporary = std::make_unique<CredentialTesting::TemporaryCredentialStore>();
    QVERIFY(m_temporary->isValid());
    m_window = std::make_unique<CredentialsWindow>(m_temporary->store());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void tst_CredentialEditDialog::cleanup()
{
    m_window.reset();
    m_temporary.reset(); // forgets what a row stored
}

void tst_CredentialEditDialog::addDialogRefusesWhatTheCliRefuses_data()
{
    CredentialRuleRows::addRows();
}

void tst_CredentialEditDialog::addDialogRefusesWhatTheCliRefuses()
{
    QFETCH(CredentialRuleRow, row);
    CredentialStore *store = m_temporary->store();
    QTest::mouseClick(child<QPushButton>(m_window.get(), "credentialsAdd"), Qt::LeftButton);
    QPointer<CredentialEditDialog> dialog = m_window->findChild<CredentialEditDialog *>();
    QVERIFY(dialog && dialog->isVisible());

    auto *scheme = child<QComboBox>(dialog, "credentialEditScheme");
    const int schemeIndex = scheme->findText(QString::fromLatin1(row.scheme));
    if (schemeIndex < 0) {
        // The dialog offers only the schemes the validator knows; this one cannot even be chosen.
        QCOMPARE(row.problem, Problem::UnknownScheme);
        QCOMPARE(CredentialRecordValidator::check(CredentialRuleRows::recordOf(row)), Problem::UnknownScheme);
        return;
    }
    scheme->setCurrentIndex(schemeIndex);
    auto *kind = child<QComboBox>(dialog, "credentialEditKind");
    kind->setCurrentIndex(kind->findData(int(row.kind))); // after the scheme, which sets it too
    // setText, not key clicks: a line break can be pasted but not typed.
    child<QLineEdit>(dialog, "credentialEditOrigin")->setText(row.url);
    child<QLineEdit>(dialog, "credentialEditRealm")->setText(row.realm);
    child<QCheckBox>(dialog, "credentialEditProxy")->setChecked(row.proxy);
    child<QLineEdit>(dialog, "credentialEditUser")->setText(row.user);
    child<QLineEdit>(dialog, "credentialEditLabel")->setText(row.label);
    child<SecretLineEdit>(dialog, "credentialEditSecret")->setText(QString::fromUtf8(row.secret));
    // What the fields hold is what the row says: nothing was dropped on the way in.
    QCOMPARE(dialog->record().user, row.user.trimmed());
    QCOMPARE(dialog->record().space.realm, row.realm);
    QCOMPARE(dialog->record().label, row.label.trimmed());
    QCOMPARE(dialog->secret(), row.secret);

    QTest::mouseClick(child<QPushButton>(dialog, "credentialEditSave"), Qt::LeftButton);
    if (row.problem == Problem::None) {
        QTRY_VERIFY_WITH_TIMEOUT(!dialog, 15000);
        QCOMPARE(store->index().size(), 1);
        const CredentialRecord saved = store->index().list().first();
        const CredentialRecord expected = CredentialRuleRows::recordOf(row);
        QCOMPARE(saved.space, expected.space);
        QCOMPARE(saved.user, expected.user);
        QCOMPARE(saved.kind, expected.kind);
        QCOMPARE(CredentialTesting::storedSecret(store, saved.id), row.secret);
        return;
    }
    QCOMPARE(dialog->refusedFor(), row.problem);
    QVERIFY(!dialog->errorText().isEmpty());
    QVERIFY(child<QLabel>(dialog, "credentialEditProblem")->isVisible());
    QVERIFY(!m_window->isBusy()); // no store job was started
    QTest::qWait(50);
    QVERIFY(dialog);
    QCOMPARE(store->index().size(), 0);
}

void tst_CredentialEditDialog::authTabStoresOnlyWhatTheCliAccepts_data()
{
    // The rows the Auth tab can express: a request's own origin, no realm, label or proxy, and
    // the scheme the tab stores each kind under.
    QTest::addColumn<CredentialRuleRow>("row");
    int rows = 0;
    for (const auto &[name, row] : CredentialRuleRows::all()) {
        const bool tabScheme = row.kind == Credential::Kind::Password
                ? (row.scheme == "basic" || row.scheme == "digest")
                : row.scheme == CredentialRecord::defaultScheme(row.kind);
        if (row.problem == Problem::OriginNotHttp || !row.realm.isEmpty() || !row.label.isEmpty() || row.proxy
            || !tabScheme)
            continue;
        QTest::newRow(name.constData()) << row;
        ++rows;
    }
    QVERIFY(rows >= 8);
}

void tst_CredentialEditDialog::authTabStoresOnlyWhatTheCliAccepts()
{
    QFETCH(CredentialRuleRow, row);
    AuthEditor editor;
    editor.setCredentialStore(m_temporary->store());
    QString offered; // the menu entry's text before the rules add a reason
    switch (row.kind) {
    case Credential::Kind::Password:
        editor.setPreference(row.scheme == "digest" ? AuthPreference::Digest : AuthPreference::Basic);
        editor.userField()->setText(row.user);
        editor.passwordField()->setText(QString::fromUtf8(row.secret));
        offered = QStringLiteral("Password of ") + row.user;
        break;
    case Credential::Kind::Token:
        editor.setPreference(AuthPreference::Bearer);
        editor.tokenField()->setText(QString::fromUtf8(row.secret));
        offered = QStringLiteral("Bearer token");
        break;
    case Credential::Kind::ApiKey:
        editor.apiKeyNameField()->setText(row.user);
        editor.apiKeyValueField()->setText(QString::fromUtf8(row.secret));
        offered = QStringLiteral("API key ") + row.user.trimmed();
        break;
    }
    QCOMPARE(editor.typedRecord(row.kind).space.scheme, row.scheme);

    const QList<QAction *> actions = editor.storeButton()->menu()->actions();
    QAction *action = nullptr;
    for (QAction *a : actions) {
        if (a->text().startsWith(offered))
            action = a;
    }
    Credential typed = editor.typedCredential(row.kind);
    const bool stored = !typed.secret.isEmpty();
    typed.wipe();
    if (row.problem == Problem::None) {
        QVERIFY2(action && action->isEnabled(), qPrintable(offered));
        QCOMPARE(editor.typedProblem(row.kind), Problem::None);
        QVERIFY(stored);
        return;
    }
    // Refused: not offered at all (nothing to store was typed), or offered disabled with the reason.
    QVERIFY2(!stored, "typedCredential() hands MainWindow what the CLI refuses");
    if (action) {
        QVERIFY(!action->isEnabled());
        QCOMPARE(editor.typedProblem(row.kind), row.problem);
        QVERIFY2(action->text().contains(CredentialRecordValidator::message(row.problem, editor.typedRecord(row.kind))),
                 qPrintable(action->text()));
    } else {
        QVERIFY2(row.problem == Problem::SecretEmpty || row.problem == Problem::ApiKeyWithoutName
                         || row.problem == Problem::PasswordWithoutUser,
                 "only an empty field may leave the entry out");
    }
}

QTEST_MAIN(tst_CredentialEditDialog)
#include "tst_credentialeditdialog.moc"
