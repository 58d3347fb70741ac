#include "credentialeditdialog.h"
#include "credentiallistmodel.h"
#include "credentialswindow.h"
#include "uiformat.h"
#include "secretlineedit.h"

#include "credentials/credentialindex.h"
#include "credentials/credentialstore.h"
#include "credentials/forgetcredentialsjob.h"
#include "credentials/loadcredentialjob.h"
#include "credentials/savecredentialjob.h"
#include "credentialtesting.h"

#include <qt6keychain/keychain.h>

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using CredentialTesting::fileBytes;
using CredentialTesting::randomSecret;
using CredentialTesting::rawKeychainRead;
using CredentialTesting::runJob;

namespace {

const char *const kChildMode = "AUTHSCOPE_CREDENTIALSWINDOW_NO_KEYCHAIN_CHILD";

// Most records here are in one realm of their server.
CredentialRecord recordFor(const QString &origin, const QString &user, const QString &realm = QStringLiteral("Staff"),
                           Credential::Kind kind = Credential::Kind::Password)
{
    return CredentialTesting::recordFor(origin, user, realm, kind);
}

template<typename T>
T *child(QWidget *parent, const char *name)
{
    return parent->findChild<T *>(QString::fromLatin1(name));
}

QTableView *tableOf(CredentialsWindow *window)
{
    return child<QTableView>(window, "credentialsTable");
}

int rowOf(CredentialsWindow *window, const QString &id)
{
    const QAbstractItemModel *model = tableOf(window)->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(CredentialListModel::IdRole).toString() == id)
            return row;
    }
    return -1;
}

QString cellText(CredentialsWindow *window, int row, int column)
{
    return tableOf(window)->model()->index(row, column).data().toString();
}

// As the user does it: a click on the row.
bool clickRow(CredentialsWindow *window, const QString &id)
{
    QTableView *table = tableOf(window);
    const int row = rowOf(window, id);
    if (row < 0)
        return false;
    const QRect cell = table->visualRect(table->model()->index(row, CredentialListModel::UserColumn));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    return table->selectionModel()->isRowSelected(row, QModelIndex());
}

void click(CredentialsWindow *window, const char *button)
{
    QTest::mouseClick(child<QPushButton>(window, button), Qt::LeftButton);
}

void setText(QLineEdit *field, const QString &text)
{
    field->selectAll();
    QTest::keyClick(field, Qt::Key_Delete);
    QTest::keyClicks(field, text);
}

bool saveScreenshot(QWidget *window, const QString &name, QString *path)
{
    const QString outDir = QStringLiteral(AUTHSCOPE_BINARY_DIR "/screenshots");
    *path = outDir + QLatin1Char('/') + name;
    return QDir().mkpath(outDir) && window->grab().save(*path);
}

} // namespace

#define RUN_OK(var, jobExpr)                                                              \
    auto var = runJob(jobExpr);                                                           \
    QVERIFY2(var, "store job did not finish");                                            \
    QVERIFY2(var->error() == CredentialStoreJob::Error::NoError, qPrintable(var->errorString()))

// The Credentials window with real widgets against the real Secret Service the test command
// starts (scripts/with-keyring.sh); the index lives in an ini file of a temporary directory.
class tst_CredentialsWindow : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void listsSavedRecordsButNoSecret();
    void searchFiltersAsTheUserTypes();
    void revealShowsTheSecretUntilTheSelectionChanges();
    void revealIsNotAUseAndHidingTheWindowWipesTheSecret();
    void actionsAreDisabledWhileAJobRuns();
    void editChangesLabelAndSecret();
    void editWithEmptySecretKeepsItAndRenamingTheUserKeepsTheId();
    void deleteAsksThenRemovesFromKeychainAndIndex();
    void defaultQuestionBoxAsksWithoutBlocking();
    void forgetAllNamesTheCountAndEmptiesKeychainAndIndex();
    void addStoresANewCredentialWithItsOriginNormalised();
    void addRejectsAnInvalidOriginAndADuplicateInline();
    void reloadShowsWhatAnotherProcessWrote();
    void withoutSecretServiceOffersSessionOnlyMemory();
    void rendersTheWindowForTheScreenshot();

private:
    QString saveRecord(CredentialRecord record, const QByteArray &secret);
    QByteArray storedSecret(const QString &id);
    CredentialEditDialog *openEditor(const char *button);

    std::unique_ptr<CredentialTesting::TemporaryCredentialStore> m_temporary;
    CredentialStore *m_store = nullptr;
    std::unique_ptr<CredentialsWindow> m_window;
    QStringList m_questions;
    bool m_answer = true;
    QString iniPath() const { return m_temporary->indexPath(); }
};

void tst_CredentialsWindow::init()
{
    m_temporary = std::make_unique<CredentialTesting::TemporaryCredentialStore>();
    QVERIFY(m_temporary->isValid());
    m_store = m_temporary->store();
    m_window = std::make_unique<CredentialsWindow>(m_store);
    m_questions.clear();
    m_answer = true;
    m_window->setConfirmer([this](const QString &question, std::function<void()> proceed) {
        m_questions.append(question);
        if (m_answer)
            proceed();
    });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void tst_CredentialsWindow::cleanup()
{
    m_window.reset();
    // Leaves nothing of this test in the (throwaway) keyring for the next one.
    m_store = nullptr;
    m_temporary.reset();
}

QString tst_CredentialsWindow::saveRecord(CredentialRecord record, const QByteArray &secret)
{
    return CredentialTesting::saveRecord(m_store, record, secret).id;
}

QByteArray tst_CredentialsWindow::storedSecret(const QString &id)
{
    QByteArray data;
    if (rawKeychainRead(id, &data) != QKeychain::NoError)
        return QByteArray();
    return data;
}

CredentialEditDialog *tst_CredentialsWindow::openEditor(const char *button)
{
    click(m_window.get(), button);
    auto *dialog = m_window->findChild<CredentialEditDialog *>();
    return dialog && dialog->isVisible() ? dialog : nullptr;
}

void tst_CredentialsWindow::listsSavedRecordsButNoSecret()
{
    const QByteArray aliceSecret = randomSecret();
    const QByteArray proxySecret = randomSecret();
    CredentialRecord alice = recordFor(QStringLiteral("https://api.example.com:443"), QStringLiteral("alice"));
    alice.label = QStringLiteral("staging admin");
    CredentialRecord proxy = recordFor(QStringLiteral("http://proxy.example.net:3128"), QString(),
                                       QStringLiteral("Squid"), Credential::Kind::Token);
    proxy.space.proxy = true;
    const QString aliceId = saveRecord(alice, aliceSecret);
    const QString proxyId = saveRecord(proxy, proxySecret);
    QVERIFY(!aliceId.isEmpty() && !proxyId.isEmpty());

    QTableView *table = tableOf(m_window.get());
    QCOMPARE(table->model()->rowCount(), 2);
    const int a = rowOf(m_window.get(), aliceId);
    const int p = rowOf(m_window.get(), proxyId);
    QVERIFY(a >= 0 && p >= 0);
    QCOMPARE(cellText(m_window.get(), a, CredentialListModel::OriginColumn), QStringLiteral("https://api.example.com:443"));
    QCOMPARE(cellText(m_window.get(), a, CredentialListModel::RealmColumn), QStringLiteral("Staff"));
    QCOMPARE(cellText(m_window.get(), a, CredentialListModel::SchemeColumn), QStringLiteral("basic"));
    QCOMPARE(cellText(m_window.get(), a, CredentialListModel::UserColumn), QStringLiteral("alice"));
    QCOMPARE(cellText(m_window.get(), a, CredentialListModel::KindColumn), QStringLiteral("Password"));
    QCOMPARE(cellText(m_window.get(), a, CredentialListModel::LabelColumn), QStringLiteral("staging admin"));
    QCOMPARE(cellText(m_window.get(), a, CredentialListModel::LastUsedColumn), QStringLiteral("never"));
    QCOMPARE(cellText(m_window.get(), p, CredentialListModel::OriginColumn),
             QStringLiteral("http://proxy.example.net:3128 (proxy)"));
    QCOMPARE(cellText(m_window.get(), p, CredentialListModel::KindColumn), QStringLiteral("Token"));
    QVERIFY(child<QLabel>(m_window.get(), "credentialsSummary")->text().startsWith(QLatin1String("2 credentials")));
    QVERIFY(child<QLabel>(m_window.get(), "credentialsEmptyNote")->isHidden());

    // A secret the server refused says so where its use is shown, in the danger colour.
    QVERIFY(m_store->markRefused(aliceId, QUrl(QStringLiteral("https://api.example.com/private"))));
    QTRY_VERIFY(cellText(m_window.get(), rowOf(m_window.get(), aliceId), CredentialListModel::LastUsedColumn)
                        .startsWith(QLatin1String("refused ")));
    const QModelIndex refused = tableOf(m_window.get())->model()->index(rowOf(m_window.get(), aliceId),
                                                                          CredentialListModel::LastUsedColumn);
    QCOMPARE(refused.data(Qt::ForegroundRole).value<QColor>(), UiFormat::dangerColor());
    QVERIFY(refused.data(Qt::ToolTipRole).toString().contains(QLatin1String("not sent again until you replace it")));

    // No role of any cell carries a secret.
    for (int row = 0; row < 2; ++row) {
        for (int column = 0; column < CredentialListModel::ColumnCount; ++column) {
            for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole), int(Qt::StatusTipRole), int(Qt::WhatsThisRole)}) {
                const QString text = table->model()->index(row, column).data(role).toString();
                QVERIFY(!text.contains(QString::fromLatin1(aliceSecret)));
                QVERIFY(!text.contains(QString::fromLatin1(proxySecret)));
            }
        }
    }
}

void tst_CredentialsWindow::searchFiltersAsTheUserTypes()
{
    CredentialRecord carol = recordFor(QStringLiteral("https://shop.example.org:443"), QStringLiteral("carol"));
    carol.label = QStringLiteral("billing");
    QVERIFY(!saveRecord(recordFor(QStringLiteral("https://api.example.com:443"), QStringLiteral("alice")), randomSecret()).isEmpty());
    QVERIFY(!saveRecord(recordFor(QStringLiteral("https://api.example.com:443"), QStringLiteral("bob")), randomSecret()).isEmpty());
    QVERIFY(!saveRecord(carol, randomSecret()).isEmpty());
    QTableView *table = tableOf(m_window.get());
    auto *search = child<QLineEdit>(m_window.get(), "credentialsSearch");
    QCOMPARE(table->model()->rowCount(), 3);

    QTest::keyClicks(search, QStringLiteral("BOB"));
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(cellText(m_window.get(), 0, CredentialListModel::UserColumn), QStringLiteral("bob"));

    setText(search, QStringLiteral("api.example"));
    QCOMPARE(table->model()->rowCount(), 2);
    setText(search, QStringLiteral("billing")); // the label
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(cellText(m_window.get(), 0, CredentialListModel::UserColumn), QStringLiteral("carol"));

    setText(search, QStringLiteral("nobody-has-this"));
    QCOMPARE(table->model()->rowCount(), 0);
    auto *empty = child<QLabel>(m_window.get(), "credentialsEmptyNote");
    QVERIFY(empty->isVisible());
    QVERIFY2(empty->text().contains(QLatin1String("nobody-has-this")), qPrintable(empty->text()));

    setText(search, QString());
    QCOMPARE(table->model()->rowCount(), 3);
    QVERIFY(empty->isHidden());
}

void tst_CredentialsWindow::revealShowsTheSecretUntilTheSelectionChanges()
{
    const QByteArray aliceSecret = randomSecret();
    const QByteArray bobSecret = randomSecret();
    const QString aliceId = saveRecord(recordFor(QStringLiteral("https://api.example.com:443"), QStringLiteral("alice")), aliceSecret);
    const QString bobId = saveRecord(recordFor(QStringLiteral("https://api.example.com:443"), QStringLiteral("bob")), bobSecret);
    QVERIFY(!aliceId.isEmpty() && !bobId.isEmpty());
    auto *revealed = child<SecretLineEdit>(m_window.get(), "credentialsRevealedSecret");
    auto *reveal = child<QPushButton>(m_window.get(), "credentialsReveal");
    QVERIFY(!reveal->isEnabled()); // nothing selected
    QVERIFY(!revealed->isVisible());

    QVERIFY(clickRow(m_window.get(), aliceId));
    QVERIFY(reveal->isEnabled());
    click(m_window.get(), "credentialsReveal");
    QTRY_COMPARE_WITH_TIMEOUT(revealed->text(), QString::fromLatin1(aliceSecret), 15000);
    QVERIFY(revealed->isVisible());
    QVERIFY(revealed->isRevealed());
    QVERIFY(revealed->isReadOnly());
    QCOMPARE(m_window->revealedId(), aliceId);
    QVERIFY(child<QLabel>(m_window.get(), "credentialsRevealTitle")->text().contains(QLatin1String("alice")));
    QVERIFY(!revealed->toolTip().contains(QString::fromLatin1(aliceSecret)));

    // Another row: the first secret leaves the screen at once, before anything else is asked.
    QVERIFY(clickRow(m_window.get(), bobId));
    QVERIFY(revealed->text().isEmpty());
    QVERIFY(!revealed->isVisible());
    QVERIFY(m_window->revealedId().isEmpty());

    click(m_window.get(), "credentialsReveal");
    QTRY_COMPARE_WITH_TIMEOUT(revealed->text(), QString::fromLatin1(bobSecret), 15000);
    QCOMPARE(m_window->revealedId(), bobId);

    // Filtering the row away hides it too.
    QTest::keyClicks(child<QLineEdit>(m_window.get(), "credentialsSearch"), QStringLiteral("alice"));
    QVERIFY(revealed->text().isEmpty());
    QVERIFY(m_window->revealedId().isEmpty());
}

void tst_CredentialsWindow::revealIsNotAUseAndHidingTheWindowWipesTheSecret()
{
    const QByteArray secret = randomSecret();
    const QString id = saveRecord(recordFor(QStringLiteral("https://api.example.com:443"), QStringLiteral("alice")), secret);
    QVERIFY(!id.isEmpty());
    auto *revealed = child<SecretLineEdit>(m_window.get(), "credentialsRevealedSecret");
    QVERIFY(clickRow(m_window.get(), id));
    click(m_window.get(), "credentialsReveal");
    QTRY_COMPARE_WITH_TIMEOUT(revealed->text(), QString::fromLatin1(secret), 15000);
    QTRY_VERIFY(!m_window->isBusy());
    QVERIFY(!m_store->index().find(id)->lastUsed.isValid());
    QCOMPARE(cellText(m_window.get(), rowOf(m_window.get(), id), CredentialListModel::LastUsedColumn), QStringLiteral("never"));
    // The store's changed() after the read did not take the secret away.
    QCOMPARE(m_window->revealedId(), id);

    m_window->hide();
    QVERIFY(revealed->text().isEmpty());
    QVERIFY(m_window->revealedId().isEmpty());
    QVERIFY(!revealed->isRevealed());
}

void tst_CredentialsWindow::actionsAreDisabledWhileAJobRuns()
{
    const QString id = saveRecord(recordFor(QStringLiteral("https://api.example.com:443"), QStringLiteral("alice")), randomSecret());
    QVERIFY(!id.isEmpty());
    QVERIFY(clickRow(m_window.get(), id));
    const char *const names[] = {"credentialsAdd", "credentialsEdit", "credentialsReveal", "credentialsDelete",
                                 "credentialsForgetAll", "credentialsReload"};
    for (const char *name : names)
        QVERIFY2(child<QPushButton>(m_window.get(), name)->isEnabled(), name);

    click(m_window.get(), "credentialsReveal");
    // start() never finishes inside the call: the job is running now.
    QVERIFY(m_window->isBusy());
    for (const char *name : names)
        QVERIFY2(!child<QPushButton>(m_window.get(), name)->isEnabled(), name);
    QVERIFY(child<QLineEdit>(m_window.get(), "credentialsSearch")->isEnabled());

    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isBusy(), 15000);
    for (const char *name : names)
        QVERIFY2(child<QPushButton>(m_window.get(), name)->isEnabled(), name);
}

void tst_CredentialsWindow::editChangesLabelAndSecret()
{
    CredentialRecord record = recordFor(QStringLiteral("https://api.example.com:443"), QStringLiteral("alice"));
    record.label = QStringLiteral("old label");
    const QString id = saveRecord(record, randomSecret());
    QVERIFY(!id.isEmpty());
    QVERIFY(clickRow(m_window.get(), id));
    QPointer<CredentialEditDialog> dialog = openEditor("credentialsEdit");
    QVERIFY(dialog);
    QVERIFY(dialog->isEditing());
    QCOMPARE(child<QLabel>(dialog, "credentialEditFixedOrigin")->text(), QStringLiteral("https://api.example.com:443"));
    QVERIFY(!child<QComboBox>(dialog, "credentialEditScheme")); // the space is fixed
    auto *secretField = child<SecretLineEdit>(dialog, "credentialEditSecret");
    QVERIFY(secretField->placeholderText().contains(QLatin1String("keep")));
    QVERIFY(!child<QPushButton>(m_window.get(), "credentialsAdd")->isEnabled()); // one editor at a time

    const QByteArray newSecret = randomSecret();
    setText(child<QLineEdit>(dialog, "credentialEditLabel"), QStringLiteral("new label"));
    QTest::keyClicks(secretField, QString::fromLatin1(newSecret));
    QTest::mouseClick(child<QPushButton>(dialog, "credentialEditSave"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog, 15000);

    QCOMPARE(m_store->index().size(), 1);
    QCOMPARE(m_store->index().find(id)->label, QStringLiteral("new label"));
    QCOMPARE(cellText(m_window.get(), rowOf(m_window.get(), id), CredentialListModel::LabelColumn), QStringLiteral("new label"));
    RUN_OK(load, m_store->load(id));
    QCOMPARE(load->secret(), newSecret);
    QVERIFY(child<QPushButton>(m_window.get(), "credentialsAdd")->isEnabled());
}

void tst_CredentialsWindow::editWithEmptySecretKeepsItAndRenamingTheUserKeepsTheId()
{
    const QByteArray secret = randomSecret();
    const CredentialRecord record = recordFor(QStringLiteral("https://api.example.com:443"), QStringLiteral("alice"));
    const QString id = saveRecord(record, secret);
    QVERIFY(!id.isEmpty());
    QVERIFY(clickRow(m_window.get(), id));
    QPointer<CredentialEditDialog> dialog = openEditor("credentialsEdit");
    QVERIFY(dialog);
    setText(child<QLineEdit>(dialog, "credentialEditUser"), QStringLiteral("alice.smith"));
    QTest::mouseClick(child<QPushButton>(dialog, "credentialEditSave"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog, 15000);

    QCOMPARE(m_store->index().size(), 1);
    const auto renamed = m_store->index().find(record.space, QStringLiteral("alice.smith"));
    QVERIFY(renamed);
    QCOMPARE(renamed->id, id);
    QVERIFY(!m_store->index().find(record.space, QStringLiteral("alice")));
    QCOMPARE(storedSecret(id), secret);
    QVERIFY(!renamed->lastUsed.isValid()); // reading the secret to keep it is not a use
    // The renamed record stays selected.
    QCOMPARE(tableOf(m_window.get())->selectionModel()->selectedRows().value(0).row(), rowOf(m_window.get(), id));
}

void tst_CredentialsWindow::deleteAsksThenRemovesFromKeychainAndIndex()
{
    const QString keep = saveRecord(recordFor(QStringLiteral("https://api.example.com:443"), QStringLiteral("alice")), randomSecret());
    const QString gone = saveRecord(recordFor(QStringLiteral("https://api.example.com:443"), QStringLiteral("bob")), randomSecret());
    QVERIFY(!keep.isEmpty() && !gone.isEmpty());
    QVERIFY(clickRow(m_window.get(), gone));

    m_answer = false;
    click(m_window.get(), "credentialsDelete");
    QCOMPARE(m_questions.size(), 1);
    QVERIFY2(m_questions.first().contains(QLatin1String("bob")), qPrintable(m_questions.first()));
    QVERIFY(m_questions.first().contains(QLatin1String("https://api.example.com:443")));
    QVERIFY(!m_window->isBusy());
    QCOMPARE(m_store->index().size(), 2);

    m_answer = true;
    click(m_window.get(), "credentialsDelete");
    QTRY_COMPARE_WITH_TIMEOUT(m_store->index().size(), 1, 15000);
    QVERIFY(!m_store->index().contains(gone));
    QCOMPARE(rawKeychainRead(gone), QKeychain::EntryNotFound);
    QCOMPARE(rawKeychainRead(keep), QKeychain::NoError);
    QCOMPARE(tableOf(m_window.get())->model()->rowCount(), 1);
    QCOMPARE(rowOf(m_window.get(), gone), -1);
    QVERIFY(!child<QPushButton>(m_window.get(), "credentialsDelete")->isEnabled()); // nothing selected now
}

void tst_CredentialsWindow::defaultQuestionBoxAsksWithoutBlocking()
{
    // The window as the app makes it: the real question box, opened without a nested loop.
    const QString id = saveRecord(recordFor(QStringLiteral("https://api.example.com:443"), QStringLiteral("dora")),
                                  randomSecret());
    QVERIFY(!id.isEmpty());
    m_window = std::make_unique<CredentialsWindow>(m_store);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(clickRow(m_window.get(), id));

    for (const QMessageBox::StandardButton answer : {QMessageBox::No, QMessageBox::Yes}) {
        click(m_window.get(), "credentialsDelete"); // returns at once: the box is open, not exec()'d
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = m_window->findChild<QMessageBox *>()) && box->isVisible());
        QVERIFY(box->text().contains(QLatin1String("dora")));
        QCOMPARE(box->defaultButton(), box->button(QMessageBox::No));
        QTest::mouseClick(box->button(answer), Qt::LeftButton);
        QTRY_VERIFY(!m_window->findChild<QMessageBox *>());
        if (answer == QMessageBox::No) {
            QTest::qWait(50);
            QVERIFY(m_store->index().contains(id));
        }
    }
    QTRY_VERIFY_WITH_TIMEOUT(!m_store->index().contains(id), 15000);
    QCOMPARE(rawKeychainRead(id), QKeychain::EntryNotFound);
}

void tst_CredentialsWindow::forgetAllNamesTheCountAndEmptiesKeychainAndIndex()
{
    QStringList ids;
    for (const QString &user : {QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol")})
        ids << saveRecord(recordFor(QStringLiteral("https://api.example.com:443"), user), randomSecret());
    QVERIFY(!ids.contains(QString()));

    m_answer = false;
    click(m_window.get(), "credentialsForgetAll");
    QCOMPARE(m_questions.size(), 1);
    QVERIFY2(m_questions.first().contains(QLatin1String("3 credentials")), qPrintable(m_questions.first()));
    QCOMPARE(m_store->index().size(), 3);

    m_answer = true;
    click(m_window.get(), "credentialsForgetAll");
    QTRY_COMPARE_WITH_TIMEOUT(m_store->index().size(), 0, 15000);
    QTRY_VERIFY(!m_window->isBusy());
    for (const QString &id : ids)
        QCOMPARE(rawKeychainRead(id), QKeychain::EntryNotFound);
    QCOMPARE(tableOf(m_window.get())->model()->rowCount(), 0);
    QVERIFY(!child<QPushButton>(m_window.get(), "credentialsForgetAll")->isEnabled());
    QVERIFY(child<QLabel>(m_window.get(), "credentialsEmptyNote")->isVisible());
    QSettings reread(iniPath(), QSettings::IniFormat);
    QVERIFY(reread.childGroups().isEmpty());
}

void tst_CredentialsWindow::addStoresANewCredentialWithItsOriginNormalised()
{
    QPointer<CredentialEditDialog> dialog = openEditor("credentialsAdd");
    QVERIFY(dialog);
    QVERIFY(!dialog->isEditing());
    auto *scheme = child<QComboBox>(dialog, "credentialEditScheme");
    QVERIFY(scheme->findText(QStringLiteral("basic")) >= 0);
    QVERIFY(scheme->findText(QStringLiteral("bearer")) >= 0);
    scheme->setCurrentIndex(scheme->findText(QStringLiteral("bearer")));
    QCOMPARE(child<QComboBox>(dialog, "credentialEditKind")->currentText(), QStringLiteral("Token")); // follows the scheme
    scheme->setCurrentIndex(scheme->findText(QStringLiteral("digest")));
    QCOMPARE(child<QComboBox>(dialog, "credentialEditKind")->currentText(), QStringLiteral("Password"));

    QTest::keyClicks(child<QLineEdit>(dialog, "credentialEditOrigin"), QStringLiteral("https://API.Example.com/v1/items?page=2"));
    QCOMPARE(child<QLabel>(dialog, "credentialEditOriginPreview")->text(), QStringLiteral("Stored as https://api.example.com:443"));
    QTest::keyClicks(child<QLineEdit>(dialog, "credentialEditRealm"), QStringLiteral("Staff"));
    QTest::keyClicks(child<QLineEdit>(dialog, "credentialEditUser"), QStringLiteral("dave"));
    QTest::keyClicks(child<QLineEdit>(dialog, "credentialEditLabel"), QStringLiteral("added by hand"));
    const QByteArray secret = randomSecret();
    QTest::keyClicks(child<SecretLineEdit>(dialog, "credentialEditSecret"), QString::fromLatin1(secret));
    QVERIFY(!child<SecretLineEdit>(dialog, "credentialEditSecret")->isRevealed());
    QTest::mouseClick(child<QPushButton>(dialog, "credentialEditSave"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog, 15000);

    QCOMPARE(m_store->index().size(), 1);
    const CredentialRecord saved = m_store->index().list().first();
    QCOMPARE(saved.space.origin, QStringLiteral("https://api.example.com:443"));
    QCOMPARE(saved.space.scheme, QByteArrayLiteral("digest"));
    QCOMPARE(saved.space.realm, QStringLiteral("Staff"));
    QVERIFY(!saved.space.proxy);
    QCOMPARE(saved.user, QStringLiteral("dave"));
    QCOMPARE(saved.kind, Credential::Kind::Password);
    QCOMPARE(saved.label, QStringLiteral("added by hand"));
    QCOMPARE(storedSecret(saved.id), secret);
    QCOMPARE(rowOf(m_window.get(), saved.id), 0);
    QVERIFY(!fileBytes(iniPath()).contains(secret));
}

void tst_CredentialsWindow::addRejectsAnInvalidOriginAndADuplicateInline()
{
    const QString existing = saveRecord(recordFor(QStringLiteral("https://api.example.com:443"), QStringLiteral("alice")), randomSecret());
    QVERIFY(!existing.isEmpty());
    QPointer<CredentialEditDialog> dialog = openEditor("credentialsAdd");
    QVERIFY(dialog);
    auto *origin = child<QLineEdit>(dialog, "credentialEditOrigin");
    auto *save = child<QPushButton>(dialog, "credentialEditSave");
    QTest::keyClicks(origin, QStringLiteral("api.example.com"));
    QTest::keyClicks(child<QLineEdit>(dialog, "credentialEditUser"), QStringLiteral("alice"));
    QTest::keyClicks(child<SecretLineEdit>(dialog, "credentialEditSecret"), QString::fromLatin1(randomSecret()));
    QVERIFY(child<QLabel>(dialog, "credentialEditOriginPreview")->text().contains(QLatin1String("http:// or https://")));
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY2(dialog->errorText().contains(QLatin1String("http:// or https://")), qPrintable(dialog->errorText()));
    QVERIFY(child<QLabel>(dialog, "credentialEditProblem")->isVisible());
    QVERIFY(!m_window->isBusy());

    setText(origin, QStringLiteral("ftp://files.example.com"));
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY(dialog->errorText().contains(QLatin1String("http:// or https://")));

    // Same space and user as a stored record: Add does not silently overwrite it.
    setText(origin, QStringLiteral("https://api.example.com"));
    auto *scheme = child<QComboBox>(dialog, "credentialEditScheme");
    scheme->setCurrentIndex(scheme->findText(QStringLiteral("basic")));
    QTest::keyClicks(child<QLineEdit>(dialog, "credentialEditRealm"), QStringLiteral("Staff"));
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY2(dialog->errorText().contains(QLatin1String("already stored")), qPrintable(dialog->errorText()));
    QVERIFY(!m_window->isBusy());
    QCOMPARE(m_store->index().size(), 1);

    // A password without a user is refused too.
    setText(child<QLineEdit>(dialog, "credentialEditUser"), QString());
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY2(dialog->errorText().contains(QLatin1String("user name")), qPrintable(dialog->errorText()));

    QTest::mouseClick(child<QPushButton>(dialog, "credentialEditCancel"), Qt::LeftButton);
    QTRY_VERIFY(!dialog);
    QCOMPARE(m_store->index().size(), 1);
}

void tst_CredentialsWindow::reloadShowsWhatAnotherProcessWrote()
{
    QCOMPARE(tableOf(m_window.get())->model()->rowCount(), 0);
    // What the command-line tool would write to the shared index.
    CredentialRecord erin = recordFor(QStringLiteral("https://cli.example.com:443"), QStringLiteral("erin"));
    QVERIFY(CredentialTesting::putIndexRecord(iniPath(), &erin));
    click(m_window.get(), "credentialsReload");
    QCOMPARE(tableOf(m_window.get())->model()->rowCount(), 1);
    QCOMPARE(cellText(m_window.get(), 0, CredentialListModel::UserColumn), QStringLiteral("erin"));
}

void tst_CredentialsWindow::withoutSecretServiceOffersSessionOnlyMemory()
{
    const CredentialTesting::ChildRun child = CredentialTesting::runSelfWithoutSecretService(kChildMode);
    QVERIFY2(child.error.isEmpty(), qPrintable(child.error));
    QVERIFY(child.finished);
    QByteArray output;
    // The offscreen platform warns about size hints on every window; keep what matters readable.
    for (const QByteArray &line : child.output.split('\n')) {
        if (!line.contains("propagateSizeHints"))
            output += line + '\n';
    }
    const bool passed = child.passed && output.contains("Totals: 7 passed, 0 failed, 0 skipped");
    if (!passed)
        fputs(output.constData(), stderr); // QVERIFY2 would cut it short
    QVERIFY2(passed, "the child run without a Secret Service failed (its output is above)");
}

void tst_CredentialsWindow::rendersTheWindowForTheScreenshot()
{
    CredentialRecord alice = recordFor(QStringLiteral("https://api.example.com:443"), QStringLiteral("alice"));
    alice.label = QStringLiteral("staging admin");
    CredentialRecord ci = recordFor(QStringLiteral("https://ci.example.org:8443"), QString(), QStringLiteral("jenkins"),
                                    Credential::Kind::Token);
    ci.label = QStringLiteral("CI deploy token");
    CredentialRecord proxy = recordFor(QStringLiteral("http://proxy.corp.example:3128"), QStringLiteral("jdoe"),
                                       QStringLiteral("Corporate proxy"));
    proxy.space.proxy = true;
    CredentialRecord digest = recordFor(QStringLiteral("http://127.0.0.1:8080"), QStringLiteral("mufasa"),
                                        QStringLiteral("testrealm@host.com"));
    digest.space.scheme = QByteArrayLiteral("digest");
    const QString aliceId = saveRecord(alice, randomSecret());
    QVERIFY(!aliceId.isEmpty());
    QVERIFY(!saveRecord(ci, randomSecret()).isEmpty());
    QVERIFY(!saveRecord(proxy, randomSecret()).isEmpty());
    QVERIFY(!saveRecord(digest, randomSecret()).isEmpty());
    RUN_OK(use, m_store->load(aliceId)); // one "last used" date in the picture
    QVERIFY(clickRow(m_window.get(), aliceId));

    QString path;
    QVERIFY2(saveScreenshot(m_window.get(), QStringLiteral("credentialswindow.png"), &path), qPrintable(path));
    // Every column shows its whole text: nothing clipped with "…".
    QTableView *table = tableOf(m_window.get());
    for (int column = 0; column < CredentialListModel::ColumnCount; ++column) {
        for (int row = 0; row < table->model()->rowCount(); ++row) {
            const QString text = cellText(m_window.get(), row, column);
            QFont font = table->model()->index(row, column).data(Qt::FontRole).value<QFont>();
            if (!table->model()->index(row, column).data(Qt::FontRole).isValid())
                font = table->font();
            QVERIFY2(QFontMetrics(font).horizontalAdvance(text) < table->columnWidth(column), qPrintable(text));
        }
    }
    qInfo("screenshot: %s", qPrintable(path));
}

// Runs in a child process whose session bus has no Secret Service.
class tst_CredentialsWindowWithoutKeychain : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void revealReportsTheMissingKeychainAndOffersSessionMemory();
    void sessionOnlyMemoryKeepsNewCredentialsOutOfSettings();
    void failedAddKeepsTheDialogOpenUntilSessionMemoryIsChosen();
    void forgetAllFailureLeavesTheRecordsListed();
    void rendersTheMessageForTheScreenshot();

private:
    std::unique_ptr<CredentialsWindow> openWindow(CredentialStore *store);
    std::unique_ptr<QTemporaryDir> m_dir;
    CredentialRecord m_existing;
    QString iniPath() const { return m_dir->filePath(QStringLiteral("settings.ini")); }
};

void tst_CredentialsWindowWithoutKeychain::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_existing = recordFor(QStringLiteral("https://api.example.com:443"), QStringLiteral("saved-before"));
    QVERIFY(CredentialTesting::putIndexRecord(iniPath(), &m_existing));
}

std::unique_ptr<CredentialsWindow> tst_CredentialsWindowWithoutKeychain::openWindow(CredentialStore *store)
{
    auto window = std::make_unique<CredentialsWindow>(store);
    window->setConfirmer([](const QString &, std::function<void()> proceed) { proceed(); });
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    return window;
}

void tst_CredentialsWindowWithoutKeychain::revealReportsTheMissingKeychainAndOffersSessionMemory()
{
    QSettings settings(iniPath(), QSettings::IniFormat);
    CredentialStore store(&settings);
    auto window = openWindow(&store);
    QVERIFY(window);
    QCOMPARE(tableOf(window.get())->model()->rowCount(), 1); // listing needs no keychain
    auto *message = child<QFrame>(window.get(), "credentialsMessage");
    auto *useSessionOnly = child<QPushButton>(window.get(), "useSessionOnly");
    auto *sessionNote = child<QLabel>(window.get(), "credentialsSessionNote");
    QVERIFY(!message->isVisible());
    QVERIFY(!sessionNote->isVisible());

    QVERIFY(clickRow(window.get(), m_existing.id));
    click(window.get(), "credentialsReveal");
    QTRY_VERIFY_WITH_TIMEOUT(message->isVisible(), 15000);
    const QString text = child<QLabel>(window.get(), "credentialsMessageText")->text();
    QVERIFY2(text.contains(QLatin1String("No keychain service is running")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("saved-before")), qPrintable(text));
    QVERIFY(useSessionOnly->isVisible());
    QVERIFY(useSessionOnly->isEnabled());
    QVERIFY(window->revealedId().isEmpty());

    QTest::mouseClick(useSessionOnly, Qt::LeftButton);
    QVERIFY(store.isSessionOnly());
    QVERIFY(!message->isVisible());
    QVERIFY(sessionNote->isVisible());
    QVERIFY2(sessionNote->text().contains(QLatin1String("nothing will be kept after the app quits")),
             qPrintable(sessionNote->text()));
    QVERIFY(child<QLabel>(window.get(), "credentialsSummary")->text().contains(QLatin1String("session memory")));
    QCOMPARE(tableOf(window.get())->model()->rowCount(), 0); // the session's own, empty memory
}

void tst_CredentialsWindowWithoutKeychain::sessionOnlyMemoryKeepsNewCredentialsOutOfSettings()
{
    const QByteArray before = fileBytes(iniPath());
    QSettings settings(iniPath(), QSettings::IniFormat);
    CredentialStore store(&settings);
    store.setSessionOnly(true);
    auto window = openWindow(&store);
    QVERIFY(window);
    QVERIFY(child<QLabel>(window.get(), "credentialsSessionNote")->isVisible());

    click(window.get(), "credentialsAdd");
    QPointer<CredentialEditDialog> dialog = window->findChild<CredentialEditDialog *>();
    QVERIFY(dialog);
    QTest::keyClicks(child<QLineEdit>(dialog, "credentialEditOrigin"), QStringLiteral("http://127.0.0.1:8080"));
    QTest::keyClicks(child<QLineEdit>(dialog, "credentialEditUser"), QStringLiteral("session-user"));
    const QByteArray secret = randomSecret();
    QTest::keyClicks(child<SecretLineEdit>(dialog, "credentialEditSecret"), QString::fromLatin1(secret));
    QTest::mouseClick(child<QPushButton>(dialog, "credentialEditSave"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog, 15000);
    QCOMPARE(store.index().size(), 1);
    const QString id = store.index().list().first().id;

    QVERIFY(clickRow(window.get(), id));
    click(window.get(), "credentialsReveal");
    auto *revealed = child<SecretLineEdit>(window.get(), "credentialsRevealedSecret");
    QTRY_COMPARE_WITH_TIMEOUT(revealed->text(), QString::fromLatin1(secret), 15000);

    click(window.get(), "credentialsDelete");
    QTRY_COMPARE_WITH_TIMEOUT(store.index().size(), 0, 15000);
    QVERIFY(revealed->text().isEmpty());
    settings.sync();
    QCOMPARE(fileBytes(iniPath()), before);
}

void tst_CredentialsWindowWithoutKeychain::failedAddKeepsTheDialogOpenUntilSessionMemoryIsChosen()
{
    QSettings settings(iniPath(), QSettings::IniFormat);
    CredentialStore store(&settings);
    auto window = openWindow(&store);
    QVERIFY(window);
    click(window.get(), "credentialsAdd");
    QPointer<CredentialEditDialog> dialog = window->findChild<CredentialEditDialog *>();
    QVERIFY(dialog);
    QTest::keyClicks(child<QLineEdit>(dialog, "credentialEditOrigin"), QStringLiteral("https://new.example.com"));
    QTest::keyClicks(child<QLineEdit>(dialog, "credentialEditUser"), QStringLiteral("frank"));
    const QByteArray secret = randomSecret();
    QTest::keyClicks(child<SecretLineEdit>(dialog, "credentialEditSecret"), QString::fromLatin1(secret));
    auto *save = child<QPushButton>(dialog, "credentialEditSave");
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY(!save->isEnabled()); // busy while the store works
    QTRY_VERIFY_WITH_TIMEOUT(dialog->errorText().contains(QLatin1String("No keychain service")), 15000);
    QVERIFY(dialog->isVisible());
    QVERIFY(save->isEnabled());
    QCOMPARE(child<SecretLineEdit>(dialog, "credentialEditSecret")->text(), QString::fromLatin1(secret));
    auto *useSessionOnly = child<QPushButton>(window.get(), "useSessionOnly");
    QVERIFY(useSessionOnly->isVisible());

    QTest::mouseClick(useSessionOnly, Qt::LeftButton);
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog, 15000);
    QCOMPARE(store.index().size(), 1);
    QCOMPARE(store.index().list().first().user, QStringLiteral("frank"));
}

void tst_CredentialsWindowWithoutKeychain::forgetAllFailureLeavesTheRecordsListed()
{
    QSettings settings(iniPath(), QSettings::IniFormat);
    CredentialStore store(&settings);
    auto window = openWindow(&store);
    QVERIFY(window);
    click(window.get(), "credentialsForgetAll");
    auto *message = child<QFrame>(window.get(), "credentialsMessage");
    QTRY_VERIFY_WITH_TIMEOUT(message->isVisible(), 15000);
    QVERIFY(child<QLabel>(window.get(), "credentialsMessageText")->text().contains(QLatin1String("remain stored")));
    QCOMPARE(tableOf(window.get())->model()->rowCount(), 1);
    QVERIFY(child<QPushButton>(window.get(), "credentialsForgetAll")->isEnabled());
}

void tst_CredentialsWindowWithoutKeychain::rendersTheMessageForTheScreenshot()
{
    QSettings settings(iniPath(), QSettings::IniFormat);
    CredentialStore store(&settings);
    auto window = openWindow(&store);
    QVERIFY(window);
    QVERIFY(clickRow(window.get(), m_existing.id));
    click(window.get(), "credentialsReveal");
    QTRY_VERIFY_WITH_TIMEOUT(child<QFrame>(window.get(), "credentialsMessage")->isVisible(), 15000);
    QString path;
    QVERIFY2(saveScreenshot(window.get(), QStringLiteral("credentialswindow-nokeychain.png"), &path), qPrintable(path));
    QTest::mouseClick(child<QPushButton>(window.get(), "useSessionOnly"), Qt::LeftButton);
    QVERIFY2(saveScreenshot(window.get(), QStringLiteral("credentialswindow-sessiononly.png"), &path), qPrintable(path));
}

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    return CredentialTesting::execTestOrChild<tst_CredentialsWindow, tst_CredentialsWindowWithoutKeychain>(kChildMode, argc, argv);
}

#include "tst_credentialswindow.moc"
