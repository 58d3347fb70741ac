#include "credentials/credentialindex.h"
#include "credentials/credentialstore.h"
#include "credentials/forgetcredentialsjob.h"
#include "credentials/loadcredentialjob.h"
#include "credentials/removecredentialjob.h"
#include "credentials/savecredentialjob.h"
#include "credentialtesting.h"

#include <qt6keychain/keychain.h>

#include <QDBusConnection>
#include <QDir>
#include <QFile>
#include <QElapsedTimer>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace CredentialTesting;

namespace {

const char *const kChildMode = "AUTHSCOPE_CREDENTIALSTORE_NO_KEYCHAIN_CHILD";

const QString kNoKeychainMessage = QStringLiteral(
    "No keychain service is running (on Linux: a Secret Service such as gnome-keyring or KWallet). "
    "Continue with session-only memory, or start one and try again.");

// Every record here is labelled after its user, so that search by label has something to find.
CredentialRecord labelledRecordFor(const QString &origin, const QString &user,
                                   Credential::Kind kind = Credential::Kind::Password)
{
    CredentialRecord r = recordFor(origin, user, QStringLiteral("Test Realm"), kind);
    r.label = QStringLiteral("label of ") + user;
    return r;
}

} // namespace

// The store's jobs are held to the job contract here: finished once, after start() returned.
#define RUN(var, jobExpr)                                  \
    auto var = runJobCheckingContract(jobExpr);            \
    QVERIFY2(var, "job did not finish exactly once, after start()")

#define RUN_OK(var, jobExpr)                               \
    RUN(var, jobExpr);                                     \
    QVERIFY2(var->error() == CredentialStoreJob::Error::NoError, qPrintable(var->errorString()))

// Against the real Secret Service the harness starts (scripts/with-keyring.sh).
class tst_CredentialStore : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void roundTripsSecretThroughTheKeychain_data();
    void roundTripsSecretThroughTheKeychain();
    void savingSameSpaceAndUserAgainUpdatesSecretAndRecord();
    void removeDeletesKeychainEntryAndIndexRecord();
    void forgetAllEmptiesKeychainAndIndex();
    void loadOfUnknownIdReportsNotFound();
    void indexListsWithoutKeychainAndHoldsNoSecret_data();
    void indexListsWithoutKeychainAndHoldsNoSecret();
    void searchMatchesOriginRealmUserAndLabel_data();
    void searchMatchesOriginRealmUserAndLabel();
    void recordWithoutProtectionSpaceIsRefusedAndNotIndexed();
    void indexThatCannotBeWrittenLosesNothing();
    void withoutSecretServiceReportsItAndSessionMemoryWorks();

private:
    std::unique_ptr<TemporaryCredentialStore> m_temporary;
    CredentialStore *m_store = nullptr;
    QString iniPath() const { return m_temporary->indexPath(); }
};

void tst_CredentialStore::init()
{
    m_temporary = std::make_unique<TemporaryCredentialStore>();
    QVERIFY(m_temporary->isValid());
    m_store = m_temporary->store();
}

void tst_CredentialStore::cleanup()
{
    // Leaves nothing of this test in the (throwaway) keyring for the next one.
    m_store = nullptr;
    m_temporary.reset();
}

void tst_CredentialStore::roundTripsSecretThroughTheKeychain_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QByteArray>("secret");
    QTest::newRow("password") << int(Credential::Kind::Password) << QByteArrayLiteral("s3cr3t password");
    QTest::newRow("token with binary bytes") << int(Credential::Kind::Token)
                                             << QByteArray("tok\0en\x01\xff\xfe", 9);
    QTest::newRow("api key") << int(Credential::Kind::ApiKey) << QByteArrayLiteral("ak_live_1234567890abcdef");
    QTest::newRow("non-ascii password") << int(Credential::Kind::Password)
                                        << QStringLiteral("p\u00e4ssw\u00f6rd \u20ac").toUtf8();
}

void tst_CredentialStore::roundTripsSecretThroughTheKeychain()
{
    QFETCH(int, kind);
    QFETCH(QByteArray, secret);
    const CredentialRecord record = labelledRecordFor(QStringLiteral("http://127.0.0.1:8080"), QStringLiteral("alice"),
                                              Credential::Kind(kind));
    RUN_OK(save, m_store->save(record, secret));
    const QString id = save->record().id;
    QVERIFY(!id.isEmpty());

    QByteArray raw;
    QCOMPARE(rawKeychainRead(id, &raw), QKeychain::NoError);
    QCOMPARE(raw, secret);

    RUN_OK(load, m_store->load(id));
    QCOMPARE(load->secret(), secret);
    QCOMPARE(load->record().user, QStringLiteral("alice"));
    QCOMPARE(int(load->record().kind), kind);
    QVERIFY(load->record().lastUsed.isValid());
    QCOMPARE(m_store->index().find(id)->lastUsed, load->record().lastUsed);

    RUN_OK(remove, m_store->remove(id));
    QCOMPARE(rawKeychainRead(id), QKeychain::EntryNotFound);
}

void tst_CredentialStore::savingSameSpaceAndUserAgainUpdatesSecretAndRecord()
{
    CredentialRecord record = labelledRecordFor(QStringLiteral("http://127.0.0.1:8080"), QStringLiteral("bob"));
    RUN_OK(first, m_store->save(record, QByteArrayLiteral("old secret")));
    record.label = QStringLiteral("renamed");
    RUN_OK(second, m_store->save(record, QByteArrayLiteral("new secret")));

    QCOMPARE(second->record().id, first->record().id);
    QCOMPARE(m_store->index().size(), 1);
    QCOMPARE(m_store->index().list().first().label, QStringLiteral("renamed"));
    RUN_OK(load, m_store->load(first->record().id));
    QCOMPARE(load->secret(), QByteArrayLiteral("new secret"));

    // Another user in the same space is a second record, not an update.
    RUN_OK(other, m_store->save(labelledRecordFor(record.space.origin, QStringLiteral("carol")),
                                QByteArrayLiteral("carol's")));
    QVERIFY(other->record().id != first->record().id);
    QCOMPARE(m_store->index().size(), 2);
}

void tst_CredentialStore::removeDeletesKeychainEntryAndIndexRecord()
{
    RUN_OK(save, m_store->save(labelledRecordFor(QStringLiteral("https://127.0.0.1:8443"), QStringLiteral("dave")),
                               QByteArrayLiteral("to be removed")));
    const QString id = save->record().id;
    // Each place the checks below find empty holds the credential first.
    QVERIFY(m_store->index().contains(id));
    QVERIFY(fileBytes(iniPath()).contains(id.toLatin1()));
    QCOMPARE(rawKeychainRead(id), QKeychain::NoError);
    RUN_OK(remove, m_store->remove(id));
    QVERIFY(!m_store->index().contains(id));
    QVERIFY(!fileBytes(iniPath()).contains(id.toLatin1()));
    QCOMPARE(rawKeychainRead(id), QKeychain::EntryNotFound);

    RUN(load, m_store->load(id));
    QCOMPARE(load->error(), CredentialStoreJob::Error::NotFound);
    QCOMPARE(load->errorString(), QStringLiteral("not found"));
    RUN(again, m_store->remove(id));
    QCOMPARE(again->error(), CredentialStoreJob::Error::NotFound);
}

void tst_CredentialStore::forgetAllEmptiesKeychainAndIndex()
{
    QStringList ids;
    for (const QString &user : {QStringLiteral("u1"), QStringLiteral("u2"), QStringLiteral("u3")}) {
        RUN_OK(save, m_store->save(labelledRecordFor(QStringLiteral("http://127.0.0.1:9000"), user),
                                   user.toUtf8() + "-pw"));
        ids.append(save->record().id);
    }
    QCOMPARE(m_store->index().size(), 3);
    for (const QString &id : ids)
        QCOMPARE(rawKeychainRead(id), QKeychain::NoError); // there to be forgotten
    RUN_OK(forget, m_store->forgetAll());
    QCOMPARE(m_store->index().size(), 0);
    for (const QString &id : ids)
        QCOMPARE(rawKeychainRead(id), QKeychain::EntryNotFound);
    QSettings reread(iniPath(), QSettings::IniFormat);
    QVERIFY(reread.childGroups().isEmpty());
    QCOMPARE(CredentialIndex(&reread).size(), 0);
}

void tst_CredentialStore::loadOfUnknownIdReportsNotFound()
{
    RUN(load, m_store->load(CredentialRecord::newId()));
    QCOMPARE(load->error(), CredentialStoreJob::Error::NotFound);
    QCOMPARE(load->errorString(), QStringLiteral("not found"));
    QVERIFY(load->secret().isEmpty());
}

void tst_CredentialStore::indexListsWithoutKeychainAndHoldsNoSecret_data()
{
    QTest::addColumn<QByteArray>("secret");
    QTest::newRow("plain ascii") << QByteArrayLiteral("correct horse battery staple");
    QTest::newRow("needs url encoding") << QByteArrayLiteral("p@ss word/+=&?%");
    QTest::newRow("utf-8") << QStringLiteral("gr\u00fc\u00dfe-\u00e9t\u00e9-secret").toUtf8();
}

void tst_CredentialStore::indexListsWithoutKeychainAndHoldsNoSecret()
{
    QFETCH(QByteArray, secret);
    CredentialRecord record = labelledRecordFor(QStringLiteral("http://127.0.0.1:8080"), QStringLiteral("erin"),
                                        Credential::Kind::Token);
    RUN_OK(save, m_store->save(record, secret));
    record.id = save->record().id;

    // A fresh index over the same file: no keychain call is involved in listing.
    QSettings reread(iniPath(), QSettings::IniFormat);
    const CredentialIndex index(&reread);
    QCOMPARE(index.list().size(), 1);
    QCOMPARE(index.list().first(), record);

    const QByteArray ini = fileBytes(iniPath());
    QVERIFY(ini.contains(record.id.toLatin1()));
    for (const QByteArray &form : {secret, secret.toBase64(), secret.toBase64(QByteArray::Base64UrlEncoding),
                                   secret.toPercentEncoding(), secret.toHex()}) {
        QVERIFY2(!ini.contains(form), form.constData());
    }
}

void tst_CredentialStore::searchMatchesOriginRealmUserAndLabel_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("users");
    QTest::newRow("empty lists all") << QString() << QStringList{QStringLiteral("frank"), QStringLiteral("grace")};
    QTest::newRow("origin port") << QStringLiteral(":9001") << QStringList{QStringLiteral("grace")};
    QTest::newRow("realm, other case") << QStringLiteral("test realm")
                                       << QStringList{QStringLiteral("frank"), QStringLiteral("grace")};
    QTest::newRow("user") << QStringLiteral("FRANK") << QStringList{QStringLiteral("frank")};
    QTest::newRow("label") << QStringLiteral("label of grace") << QStringList{QStringLiteral("grace")};
    QTest::newRow("no match") << QStringLiteral("nobody") << QStringList{};
}

void tst_CredentialStore::searchMatchesOriginRealmUserAndLabel()
{
    QFETCH(QString, text);
    QFETCH(QStringList, users);
    CredentialIndex index(m_temporary->settings());
    QVERIFY(index.put([] { auto r = labelledRecordFor(QStringLiteral("http://127.0.0.1:9000"), QStringLiteral("frank"));
                           r.id = CredentialRecord::newId(); return r; }()));
    QVERIFY(index.put([] { auto r = labelledRecordFor(QStringLiteral("http://127.0.0.1:9001"), QStringLiteral("grace"));
                           r.id = CredentialRecord::newId(); return r; }()));
    QStringList found;
    const QList<CredentialRecord> records = index.search(text);
    for (const CredentialRecord &r : records)
        found.append(r.user);
    QCOMPARE(found, users);
    index.clear();
}

void tst_CredentialStore::recordWithoutProtectionSpaceIsRefusedAndNotIndexed()
{
    CredentialRecord record;
    record.user = QStringLiteral("nospace");
    RUN(save, m_store->save(record, QByteArrayLiteral("x")));
    QCOMPARE(save->error(), CredentialStoreJob::Error::InvalidInput);
    QCOMPARE(m_store->index().size(), 0);
}

void tst_CredentialStore::indexThatCannotBeWrittenLosesNothing()
{
    // The index lives in a folder that is swapped for a plain file, so every write fails the way
    // a full disk or a read-only home does (root ignores permissions); then it is put back.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = dir.filePath(QStringLiteral("config"));
    QVERIFY(QDir().mkpath(folder));
    QSettings settings(folder + QStringLiteral("/credentials.ini"), QSettings::IniFormat);
    CredentialStore store(&settings);
    const QByteArray secretA = randomSecret();
    const QByteArray secretB = randomSecret();
    RUN_OK(saveA, store.save(labelledRecordFor(QStringLiteral("http://127.0.0.1:8081"), QStringLiteral("anna")), secretA));
    const QString idA = saveA->record().id;

    QVERIFY(QDir().rename(folder, folder + QStringLiteral(".away")));
    {
        QFile blocker(folder);
        QVERIFY(blocker.open(QIODevice::WriteOnly));
    }

    // A new credential: the keychain write is undone, the list is unchanged, the message says why.
    RUN(saveB, store.save(labelledRecordFor(QStringLiteral("http://127.0.0.1:8081"), QStringLiteral("bert")), secretB));
    QCOMPARE(saveB->error(), CredentialStoreJob::Error::IndexNotWritten);
    QVERIFY2(saveB->errorString().contains(QStringLiteral("could not be written: the disk may be full")),
             qPrintable(saveB->errorString()));
    QVERIFY(saveB->errorString().contains(QStringLiteral("Nothing was stored.")));
    QVERIFY(saveB->errorString().contains(folder));
    QCOMPARE(saveB->status().code(), Status::Code::FileError);
    QCOMPARE(rawKeychainRead(saveB->record().id), QKeychain::EntryNotFound);
    QCOMPARE(store.index().size(), 1);

    // Removing: the keychain entry goes, the record stays listed (so it can be removed again).
    RUN(removeA, store.remove(idA));
    QCOMPARE(removeA->error(), CredentialStoreJob::Error::IndexNotWritten);
    QVERIFY(store.index().contains(idA));

    // Put back: both work again, and the file says what the store says.
    QVERIFY(QFile::remove(folder));
    QVERIFY(QDir().rename(folder + QStringLiteral(".away"), folder));
    RUN_OK(saveAgain, store.save(labelledRecordFor(QStringLiteral("http://127.0.0.1:8081"), QStringLiteral("bert")), secretB));
    RUN_OK(removeAgain, store.remove(idA));
    QSettings reread(folder + QStringLiteral("/credentials.ini"), QSettings::IniFormat);
    CredentialIndex fromFile(&reread);
    QCOMPARE(fromFile.size(), 1);
    QCOMPARE(fromFile.list().first().user, QStringLiteral("bert"));
    QCOMPARE(storedSecret(&store, saveAgain->record().id), secretB);
    RUN_OK(forget, store.forgetAll());
}

void tst_CredentialStore::withoutSecretServiceReportsItAndSessionMemoryWorks()
{
    const ChildRun child = runSelfWithoutSecretService(kChildMode);
    QVERIFY2(child.error.isEmpty(), qPrintable(child.error));
    QVERIFY(child.finished);
    QVERIFY2(child.passed, child.output.constData());
    QVERIFY2(child.output.contains("Totals: 8 passed, 0 failed, 0 skipped"), child.output.constData());
}

// Runs in a child process whose session bus has no Secret Service.
class tst_CredentialStoreWithoutKeychain : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void saveReportsMissingSecretServiceWithAdvice();
    void failedSaveLeavesIndexFileUnchanged();
    void loadReportsMissingSecretService();
    void sessionOnlyKeepsSecretsInMemoryAndIndexOutOfSettings();
    void sessionOnlyForgetAllWipesMemoryButKeepsSettingsIndex();
    void silentKeychainTimesOutWithAdvice(); // last: it leaves a Secret Service on the bus

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString iniPath() const { return m_dir->filePath(QStringLiteral("settings.ini")); }
    CredentialRecord m_existing;
};

void tst_CredentialStoreWithoutKeychain::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_existing = labelledRecordFor(QStringLiteral("http://127.0.0.1:8080"), QStringLiteral("saved-before"));
    QVERIFY(putIndexRecord(iniPath(), &m_existing));
}

void tst_CredentialStoreWithoutKeychain::saveReportsMissingSecretServiceWithAdvice()
{
    QSettings settings(iniPath(), QSettings::IniFormat);
    CredentialStore store(&settings);
    RUN(save, store.save(labelledRecordFor(QStringLiteral("http://127.0.0.1:8080"), QStringLiteral("new")),
                         QByteArrayLiteral("pw")));
    QCOMPARE(save->error(), CredentialStoreJob::Error::NoKeychain);
    QCOMPARE(save->errorString(), kNoKeychainMessage);
}

void tst_CredentialStoreWithoutKeychain::failedSaveLeavesIndexFileUnchanged()
{
    const QByteArray before = fileBytes(iniPath());
    QVERIFY(!before.isEmpty());
    QSettings settings(iniPath(), QSettings::IniFormat);
    CredentialStore store(&settings);
    CredentialRecord update = m_existing;
    update.label = QStringLiteral("changed");
    RUN(saveUpdate, store.save(update, QByteArrayLiteral("pw1")));
    QVERIFY(saveUpdate->error() != CredentialStoreJob::Error::NoError);
    RUN(saveNew, store.save(labelledRecordFor(QStringLiteral("http://127.0.0.1:8081"), QStringLiteral("new")),
                            QByteArrayLiteral("pw2")));
    QVERIFY(saveNew->error() != CredentialStoreJob::Error::NoError);

    QCOMPARE(store.index().list(), QList<CredentialRecord>{m_existing});
    settings.sync();
    QCOMPARE(fileBytes(iniPath()), before);
}

void tst_CredentialStoreWithoutKeychain::loadReportsMissingSecretService()
{
    QSettings settings(iniPath(), QSettings::IniFormat);
    CredentialStore store(&settings);
    RUN(load, store.load(m_existing.id));
    QCOMPARE(load->error(), CredentialStoreJob::Error::NoKeychain);
    QCOMPARE(load->errorString(), kNoKeychainMessage);
    QVERIFY(load->secret().isEmpty());
}

void tst_CredentialStoreWithoutKeychain::sessionOnlyKeepsSecretsInMemoryAndIndexOutOfSettings()
{
    const QByteArray before = fileBytes(iniPath());
    QSettings settings(iniPath(), QSettings::IniFormat);
    CredentialStore store(&settings);
    store.setSessionOnly(true);
    QCOMPARE(store.index().size(), 0); // the settings index belongs to the keychain

    const QByteArray secret = QByteArrayLiteral("session secret");
    RUN_OK(save, store.save(labelledRecordFor(QStringLiteral("http://127.0.0.1:8080"), QStringLiteral("sess")),
                            secret));
    const QString id = save->record().id;
    QCOMPARE(store.index().size(), 1);
    RUN_OK(load, store.load(id));
    QCOMPARE(load->secret(), secret);

    RUN_OK(update, store.save(labelledRecordFor(QStringLiteral("http://127.0.0.1:8080"), QStringLiteral("sess")),
                              QByteArrayLiteral("second")));
    QCOMPARE(update->record().id, id);
    RUN_OK(reload, store.load(id));
    QCOMPARE(reload->secret(), QByteArrayLiteral("second"));

    settings.sync();
    QCOMPARE(fileBytes(iniPath()), before);

    RUN_OK(remove, store.remove(id));
    RUN(gone, store.load(id));
    QCOMPARE(gone->error(), CredentialStoreJob::Error::NotFound);

    store.setSessionOnly(false);
    QCOMPARE(store.index().list(), QList<CredentialRecord>{m_existing});
}

void tst_CredentialStoreWithoutKeychain::sessionOnlyForgetAllWipesMemoryButKeepsSettingsIndex()
{
    QSettings settings(iniPath(), QSettings::IniFormat);
    CredentialStore store(&settings);
    store.setSessionOnly(true);
    RUN_OK(save, store.save(labelledRecordFor(QStringLiteral("http://127.0.0.1:8080"), QStringLiteral("s1")),
                            QByteArrayLiteral("one")));
    RUN_OK(forget, store.forgetAll());
    QCOMPARE(store.index().size(), 0);
    RUN(gone, store.load(save->record().id));
    QCOMPARE(gone->error(), CredentialStoreJob::Error::NotFound);
    store.setSessionOnly(false);
    QCOMPARE(store.index().size(), 1);
}

void tst_CredentialStoreWithoutKeychain::silentKeychainTimesOutWithAdvice()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    QVERIFY(bus.isConnected());
    const QString refused = claimSecretServiceSilently(bus);
    QVERIFY2(refused.isEmpty(), qPrintable(refused));

    QSettings settings(iniPath(), QSettings::IniFormat);
    const QByteArray before = fileBytes(iniPath());
    CredentialStore store(&settings);
    store.setTimeout(1500);
    QElapsedTimer clock;
    clock.start();
    RUN(save, store.save(labelledRecordFor(QStringLiteral("http://127.0.0.1:8080"), QStringLiteral("slow")),
                         QByteArrayLiteral("pw")));
    QCOMPARE(save->error(), CredentialStoreJob::Error::Timeout);
    QVERIFY(clock.elapsed() >= 1400);
    QVERIFY2(save->errorString().startsWith(QLatin1String("The keychain did not answer within 2 s")),
             qPrintable(save->errorString()));
    QVERIFY(save->errorString().contains(QLatin1String("session-only memory")));
    settings.sync();
    QCOMPARE(fileBytes(iniPath()), before);
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    return CredentialTesting::execTestOrChild<tst_CredentialStore, tst_CredentialStoreWithoutKeychain>(kChildMode, argc, argv);
}

#include "tst_credentialstore.moc"
