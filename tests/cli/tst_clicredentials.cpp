#include "clirunner.h"
#include "credentials/credentialstore.h"
#include "credentials/forgetcredentialsjob.h"
#include "credentials/loadcredentialjob.h"
#include "credentials/savecredentialjob.h"
#include "credentialtesting.h"
#include "privatesessionbus.h"

#include <qt6keychain/keychain.h>

#include <QDBusConnection>
#include <QDBusError>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <memory>

// authscope-cli credentials end to end: the built binary against the real Secret Service the
// test harness starts, seeded through a CredentialStore over the same index file the CLI reads
// (in the harness's throwaway HOME), and on a session bus without a Secret Service.
class TestCliCredentials : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void listShowsEveryStoredCredentialAsATable();
    void listAsJsonHasTheSameFields();
    void listFiltersLikeTheGuiSearch_data();
    void listFiltersLikeTheGuiSearch();
    void listOfAnEmptyStoreSaysHowToSaveOne();
    void showPrintsDetailsButNeverTheSecret();
    void showDoesNotMarkTheCredentialUsed();
    void revealPrintsTheSecretOnStdoutOnly();
    void acceptsAUniqueIdPrefix_data();
    void acceptsAUniqueIdPrefix();
    void unknownIdExitsTwelve_data();
    void unknownIdExitsTwelve();
    void tooShortOrAmbiguousIdExitsTwo_data();
    void tooShortOrAmbiguousIdExitsTwo();
    void secretMissingFromTheKeychainIsReported();
    void deleteRemovesTheSecretsFromTheKeychain();
    void deleteWithOneUnknownIdDeletesNothing();
    void deleteAllForgetsEveryCredential();
    void badInputIsOneLineAndExitsTwo_data();
    void badInputIsOneLineAndExitsTwo();
    void helpDescribesTheCommand_data();
    void helpDescribesTheCommand();
    void withoutSecretServiceShowExitsElevenButListWorks();
    void interruptWhileTheKeychainIsSilentExits130();

private:
    using Result = CliRunner::Result;
    struct Seeded {
        CredentialRecord record;
        QByteArray secret;
    };
    // Saves a record with a fresh random secret through the test's own store.
    Seeded seed(const QString &origin, const QString &user, const QString &label = QString(),
                Credential::Kind kind = Credential::Kind::Password, bool proxy = false,
                const QString &id = QString());
    // What the keychain itself says about the id (the test's index may be stale on purpose).
    CredentialStoreJob::Error loadFromKeychain(const QString &id, QByteArray *secret = nullptr);
    void forgetEverything();

    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<CredentialStore> m_store;
};

using namespace CredentialTesting;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

} // namespace

void TestCliCredentials::initTestCase()
{
    QVERIFY2(QFile::exists(CliRunner::program()), "authscope-cli was not built");
    // The CLI reads and deletes whatever the keychain and index of this HOME hold: never a real user's.
    const QString unsafe = whyHomeIsNotThrowaway();
    QVERIFY2(unsafe.isEmpty(), qPrintable(unsafe));
    m_settings = std::make_unique<QSettings>(CredentialStore::defaultIndexPath(), QSettings::IniFormat);
    m_store = std::make_unique<CredentialStore>(m_settings.get());
}

void TestCliCredentials::init()
{
    forgetEverything();
    QCOMPARE(m_store->index().size(), 0);
}

void TestCliCredentials::cleanup()
{
    forgetEverything();
}

void TestCliCredentials::forgetEverything()
{
    const QString failed = CredentialTesting::forgetEverything(m_store.get()); // re-reads what the CLI changed
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
}

TestCliCredentials::Seeded TestCliCredentials::seed(const QString &origin, const QString &user, const QString &label,
                                                    Credential::Kind kind, bool proxy, const QString &id)
{
    CredentialRecord record = recordFor(origin, user, user.isEmpty() ? s("API") : s("Realm of ") + user, kind);
    record.id = id;
    record.space.proxy = proxy;
    record.label = label;
    Seeded seeded{record, randomSecret()};
    if (saveRecord(m_store.get(), record, seeded.secret).id.isEmpty())
        return {};
    seeded.record = *m_store->index().find(record.space, user);
    return seeded;
}

CredentialStoreJob::Error TestCliCredentials::loadFromKeychain(const QString &id, QByteArray *secret)
{
    switch (rawKeychainRead(id, secret)) {
    case QKeychain::NoError: return CredentialStoreJob::Error::NoError;
    case QKeychain::EntryNotFound: return CredentialStoreJob::Error::NotFound;
    default: return CredentialStoreJob::Error::KeychainFailed;
    }
}

#define SEED(var, ...)                                      \
    const Seeded var = seed(__VA_ARGS__);                   \
    QVERIFY2(!var.record.id.isEmpty(), "seeding the store failed")

void TestCliCredentials::listShowsEveryStoredCredentialAsATable()
{
    SEED(alice, s("http://127.0.0.1:8080"), s("alice"), s("work laptop"));
    SEED(proxy, s("http://127.0.0.1:3128"), s("proxy-user"), QString(), Credential::Kind::Password, true);
    SEED(token, s("https://api.example.org:443"), QString(), s("CI token"), Credential::Kind::Token);

    const Result r = CliRunner::run({s("credentials"), s("list")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    const QStringList lines = QString::fromUtf8(r.out).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QVERIFY2(lines.at(0).contains(QRegularExpression(
                     s("^ID +ORIGIN +SCHEME +REALM +USER +KIND +LABEL +LAST USED$"))), qPrintable(lines.at(0)));
    // Sorted by origin; the short id is the first 8 characters.
    const QRegularExpression columns(s("  +"));
    QCOMPARE(lines.at(1).split(columns),
             QStringList({proxy.record.id.left(8), s("http://127.0.0.1:3128 (proxy)"), s("basic"),
                          s("Realm of proxy-user"), s("proxy-user"), s("password"), s("-"), s("never")}));
    QCOMPARE(lines.at(2).split(columns),
             QStringList({alice.record.id.left(8), s("http://127.0.0.1:8080"), s("basic"), s("Realm of alice"),
                          s("alice"), s("password"), s("work laptop"), s("never")}));
    QCOMPARE(lines.at(3).split(columns),
             QStringList({token.record.id.left(8), s("https://api.example.org:443"), s("bearer"), s("API"),
                          s("-"), s("token"), s("CI token"), s("never")}));
    for (const Seeded *seeded : {&alice, &proxy, &token})
        QVERIFY(!r.out.contains(seeded->secret));
}

void TestCliCredentials::listAsJsonHasTheSameFields()
{
    SEED(alice, s("http://127.0.0.1:8080"), s("alice"), s("work"));
    // A record used before: lastUsed comes out in UTC.
    CredentialRecord used = alice.record;
    used.id.clear();
    used.user = s("bob");
    used.lastUsed = QDateTime(QDate(2024, 3, 1), QTime(12, 30, 5, 250), Qt::UTC);
    const QByteArray bobSecret = randomSecret();
    auto save = runJob(m_store->save(used, bobSecret));
    QVERIFY(save && save->error() == CredentialStoreJob::Error::NoError);

    const Result r = CliRunner::run({s("credentials"), s("list"), s("--json")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    const QJsonArray array = QJsonDocument::fromJson(r.out).array();
    QCOMPARE(array.size(), 2);
    const QJsonObject first = array.at(0).toObject();
    QCOMPARE(first.keys(), QStringList({s("id"), s("kind"), s("label"), s("lastUsed"), s("origin"), s("proxy"),
                                        s("realm"), s("scheme"), s("user")}));
    QCOMPARE(first.value(s("id")).toString(), alice.record.id);
    QCOMPARE(first.value(s("origin")).toString(), s("http://127.0.0.1:8080"));
    QCOMPARE(first.value(s("proxy")).toBool(true), false);
    QCOMPARE(first.value(s("scheme")).toString(), s("basic"));
    QCOMPARE(first.value(s("realm")).toString(), s("Realm of alice"));
    QCOMPARE(first.value(s("user")).toString(), s("alice"));
    QCOMPARE(first.value(s("kind")).toString(), s("password"));
    QCOMPARE(first.value(s("label")).toString(), s("work"));
    QVERIFY(first.value(s("lastUsed")).isNull());
    const QJsonObject second = array.at(1).toObject();
    QCOMPARE(second.value(s("user")).toString(), s("bob"));
    QCOMPARE(second.value(s("lastUsed")).toString(), s("2024-03-01T12:30:05.250Z"));
    QVERIFY(!r.out.contains(alice.secret));
    QVERIFY(!r.out.contains(bobSecret));
}

void TestCliCredentials::listFiltersLikeTheGuiSearch_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QStringList>("users");

    QTest::newRow("user") << s("alice") << QStringList{s("alice")};
    QTest::newRow("origin part") << s("example.org") << QStringList{s("carol")};
    QTest::newRow("label, other case") << s("LAPTOP") << QStringList{s("alice"), s("bob")};
    QTest::newRow("scheme") << s("bearer") << QStringList{s("carol")};
    QTest::newRow("realm") << s("realm of bob") << QStringList{s("bob")};
}

void TestCliCredentials::listFiltersLikeTheGuiSearch()
{
    QFETCH(QString, search);
    QFETCH(QStringList, users);
    SEED(alice, s("http://127.0.0.1:8080"), s("alice"), s("work laptop"));
    SEED(bob, s("http://127.0.0.1:8081"), s("bob"), s("home laptop"));
    SEED(carol, s("https://api.example.org:443"), s("carol"), QString(), Credential::Kind::Token);

    const Result r = CliRunner::run({s("credentials"), s("list"), s("--json"), search});
    QCOMPARE(r.exitCode, 0);
    QStringList found;
    for (const QJsonValue &value : QJsonDocument::fromJson(r.out).array())
        found.append(value.toObject().value(s("user")).toString());
    QCOMPARE(found, users);
    // The GUI's search over the same index finds the same.
    QStringList gui;
    for (const CredentialRecord &record : m_store->index().search(search))
        gui.append(record.user);
    QCOMPARE(found, gui);

    const Result table = CliRunner::run({s("credentials"), s("list"), search});
    QCOMPARE(table.exitCode, 0);
    QCOMPARE(table.out.count('\n'), users.size() + 1);

    const Result none = CliRunner::run({s("credentials"), s("list"), s("no-such-text")});
    QCOMPARE(none.exitCode, 0);
    QVERIFY(none.out.isEmpty());
    QCOMPARE(none.err, QByteArray("authscope-cli: note: none of the 3 stored credentials matches \"no-such-text\"\n"));
}

void TestCliCredentials::listOfAnEmptyStoreSaysHowToSaveOne()
{
    const Result r = CliRunner::run({s("credentials"), s("list")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.startsWith("authscope-cli: note: no credentials are stored"), r.err.constData());
    QVERIFY2(r.err.contains("send --save") && r.err.contains("Remember"), r.err.constData());

    const Result json = CliRunner::run({s("credentials"), s("list"), s("--json")});
    QCOMPARE(json.exitCode, 0);
    QVERIFY(QJsonDocument::fromJson(json.out).isArray());
    QCOMPARE(QJsonDocument::fromJson(json.out).array().size(), 0);
}

void TestCliCredentials::showPrintsDetailsButNeverTheSecret()
{
    SEED(alice, s("http://127.0.0.1:8080"), s("alice"), s("work laptop"));
    const Result r = CliRunner::run({s("credentials"), s("show"), alice.record.id});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    QCOMPARE(QString::fromUtf8(r.out),
             QStringLiteral("ID:         %1\n"
                            "Origin:     http://127.0.0.1:8080\n"
                            "Scheme:     basic\n"
                            "Realm:      Realm of alice\n"
                            "User:       alice\n"
                            "Kind:       password\n"
                            "Label:      work laptop\n"
                            "Last used:  never\n"
                            "Secret:     stored in the keychain (--reveal prints it)\n").arg(alice.record.id));
    QVERIFY(!r.out.contains(alice.secret));
}

void TestCliCredentials::showDoesNotMarkTheCredentialUsed()
{
    SEED(alice, s("http://127.0.0.1:8080"), s("alice"));
    QCOMPARE(CliRunner::run({s("credentials"), s("show"), s("--reveal"), alice.record.id}).exitCode, 0);
    m_store->reload();
    QVERIFY(m_store->index().find(alice.record.id).has_value());
    QVERIFY(!m_store->index().find(alice.record.id)->lastUsed.isValid());
}

void TestCliCredentials::revealPrintsTheSecretOnStdoutOnly()
{
    SEED(alice, s("http://127.0.0.1:8080"), s("alice"));
    const Result r = CliRunner::run({s("credentials"), s("show"), alice.record.id, s("--reveal")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.endsWith(QByteArray("\nSecret:     " + alice.secret + '\n')), r.out.constData());
    QCOMPARE(r.out.count(alice.secret), 1);
    QVERIFY(!r.err.contains(alice.secret));
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.startsWith("authscope-cli: note: the secret is now on your screen"), r.err.constData());
}

void TestCliCredentials::acceptsAUniqueIdPrefix_data()
{
    QTest::addColumn<int>("length");
    QTest::addColumn<bool>("upperCase");

    QTest::newRow("4 characters") << 4 << false;
    QTest::newRow("short id of the table") << 8 << false;
    QTest::newRow("upper case") << 8 << true;
    QTest::newRow("whole id") << 36 << false;
}

void TestCliCredentials::acceptsAUniqueIdPrefix()
{
    QFETCH(int, length);
    QFETCH(bool, upperCase);
    // Ids chosen so their first 4 characters differ.
    const QString aliceId = s("a1b2") + CredentialRecord::newId().mid(4);
    const QString bobId = s("c3d4") + CredentialRecord::newId().mid(4);
    SEED(alice, s("http://127.0.0.1:8080"), s("alice"), QString(), Credential::Kind::Password, false, aliceId);
    SEED(bob, s("http://127.0.0.1:8080"), s("bob"), QString(), Credential::Kind::Password, false, bobId);
    QCOMPARE(alice.record.id, aliceId);

    QString prefix = aliceId.left(length);
    if (upperCase)
        prefix = prefix.toUpper();
    const Result show = CliRunner::run({s("credentials"), s("show"), s("--reveal"), prefix});
    QCOMPARE(show.exitCode, 0);
    QVERIFY2(show.out.startsWith(QByteArray("ID:         " + aliceId.toUtf8() + '\n')), show.out.constData());
    QVERIFY(show.out.contains(alice.secret));

    const Result remove = CliRunner::run({s("credentials"), s("delete"), prefix});
    QCOMPARE(remove.exitCode, 0);
    QVERIFY2(remove.out.startsWith(QByteArray("deleted " + aliceId.toUtf8())), remove.out.constData());
    m_store->reload();
    QVERIFY(!m_store->index().contains(aliceId));
    QVERIFY(m_store->index().contains(bob.record.id));
}

void TestCliCredentials::unknownIdExitsTwelve_data()
{
    QTest::addColumn<QString>("action");
    QTest::newRow("show") << s("show");
    QTest::newRow("delete") << s("delete");
}

void TestCliCredentials::unknownIdExitsTwelve()
{
    QFETCH(QString, action);
    SEED(alice, s("http://127.0.0.1:8080"), s("alice"));
    // Differs from alice's id in its first character, so it cannot be a prefix of it.
    const QString unknown = (alice.record.id.startsWith(u'f') ? s("0") : s("f")) + alice.record.id.mid(1, 7);
    const Result r = CliRunner::run({s("credentials"), action, unknown});
    QCOMPARE(r.exitCode, 12);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(QString::fromUtf8(r.err),
             QStringLiteral("authscope-cli: error: no stored credential has the id \"%1\" "
                            "(see authscope-cli credentials list)\n").arg(unknown));
    QCOMPARE(loadFromKeychain(alice.record.id), CredentialStoreJob::Error::NoError);
}

void TestCliCredentials::tooShortOrAmbiguousIdExitsTwo_data()
{
    QTest::addColumn<QString>("action");
    QTest::newRow("show") << s("show");
    QTest::newRow("delete") << s("delete");
}

void TestCliCredentials::tooShortOrAmbiguousIdExitsTwo()
{
    QFETCH(QString, action);
    // Two ids that share their first 10 characters.
    const QString first = CredentialRecord::newId();
    const QString second = first.left(10) + (first.at(10) == u'0' ? s("1") : s("0")) + first.mid(11);
    SEED(alice, s("http://127.0.0.1:8080"), s("alice"), QString(), Credential::Kind::Password, false, first);
    SEED(bob, s("http://127.0.0.1:8080"), s("bob"), QString(), Credential::Kind::Password, false, second);

    const Result ambiguous = CliRunner::run({s("credentials"), action, first.left(8)});
    QCOMPARE(ambiguous.exitCode, 2);
    QVERIFY(ambiguous.out.isEmpty());
    QCOMPARE(QString::fromUtf8(ambiguous.err),
             QStringLiteral("authscope-cli: error: the id \"%1\" is ambiguous: 2 stored credentials start with it "
                            "(%2, %3); give more of it\n")
                     .arg(first.left(8), std::min(first, second).left(11), std::max(first, second).left(11)));

    const Result tooShort = CliRunner::run({s("credentials"), action, first.left(3)});
    QCOMPARE(tooShort.exitCode, 2);
    QVERIFY2(tooShort.err.startsWith("authscope-cli: error: the id \""), tooShort.err.constData());
    QVERIFY2(tooShort.err.contains("is too short: give at least 4 characters"), tooShort.err.constData());
    QCOMPARE(tooShort.err.count('\n'), 1);

    // The table shows ids long enough to tell them apart, and those work.
    const Result list = CliRunner::run({s("credentials"), s("list")});
    QVERIFY2(list.out.contains(QByteArray('\n' + first.left(11).toUtf8() + "  ")), list.out.constData());
    QVERIFY2(list.out.contains(QByteArray('\n' + second.left(11).toUtf8() + "  ")), list.out.constData());
    QCOMPARE(CliRunner::run({s("credentials"), s("show"), second.left(11)}).exitCode, 0);

    m_store->reload();
    QCOMPARE(m_store->index().size(), 2);
}

void TestCliCredentials::secretMissingFromTheKeychainIsReported()
{
    SEED(alice, s("http://127.0.0.1:8080"), s("alice"));
    // Removed behind AuthScope's back (another tool, a wiped keyring): the index still lists it.
    QCOMPARE(deleteKeychainEntry(alice.record.id), QKeychain::NoError);

    const Result r = CliRunner::run({s("credentials"), s("show"), s("--reveal"), alice.record.id});
    QCOMPARE(r.exitCode, 12);
    QVERIFY2(r.out.contains("\nSecret:     missing from the keychain\n"), r.out.constData());
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.startsWith(QByteArray("authscope-cli: error: the secret of " + alice.record.id.toUtf8()
                                         + " is not in the keychain")), r.err.constData());
    QVERIFY2(r.err.contains(QByteArray("authscope-cli credentials delete " + alice.record.id.left(8).toUtf8())), r.err.constData());

    // That advice works: a missing secret is no obstacle to deleting the record.
    QCOMPARE(CliRunner::run({s("credentials"), s("delete"), alice.record.id.left(8)}).exitCode, 0);
    m_store->reload();
    QCOMPARE(m_store->index().size(), 0);
}

void TestCliCredentials::deleteRemovesTheSecretsFromTheKeychain()
{
    SEED(alice, s("http://127.0.0.1:8080"), s("alice"));
    SEED(bob, s("http://127.0.0.1:8081"), s("bob"));
    SEED(carol, s("http://127.0.0.1:8082"), s("carol"));

    const Result r = CliRunner::run({s("credentials"), s("delete"), alice.record.id.left(8), carol.record.id,
                                     alice.record.id});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    QCOMPARE(QString::fromUtf8(r.out),
             QStringLiteral("deleted %1 (alice for server basic realm \"Realm of alice\" at http://127.0.0.1:8080)\n"
                            "deleted %2 (carol for server basic realm \"Realm of carol\" at http://127.0.0.1:8082)\n")
                     .arg(alice.record.id, carol.record.id));

    // The test's index is stale on purpose: loading goes to the keychain, which no longer has them.
    for (const Seeded *gone : {&alice, &carol}) {
        auto load = runJob(m_store->load(gone->record.id));
        QVERIFY(load);
        QCOMPARE(load->error(), CredentialStoreJob::Error::NotFound);
        QCOMPARE(load->status().exitCode(), 12);
    }
    QByteArray secret;
    QCOMPARE(loadFromKeychain(bob.record.id, &secret), CredentialStoreJob::Error::NoError);
    QCOMPARE(secret, bob.secret);
    m_store->reload();
    QCOMPARE(m_store->index().list().size(), 1);
    QCOMPARE(m_store->index().list().first().id, bob.record.id);
}

void TestCliCredentials::deleteWithOneUnknownIdDeletesNothing()
{
    SEED(alice, s("http://127.0.0.1:8080"), s("alice"));
    const QString unknown = (alice.record.id.startsWith(u'f') ? s("0") : s("f")) + alice.record.id.mid(1);
    const Result r = CliRunner::run({s("credentials"), s("delete"), alice.record.id, unknown});
    QCOMPARE(r.exitCode, 12);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(loadFromKeychain(alice.record.id), CredentialStoreJob::Error::NoError);
    m_store->reload();
    QVERIFY(m_store->index().contains(alice.record.id));
}

void TestCliCredentials::deleteAllForgetsEveryCredential()
{
    SEED(alice, s("http://127.0.0.1:8080"), s("alice"));
    SEED(bob, s("http://127.0.0.1:8081"), s("bob"));
    SEED(proxy, s("http://127.0.0.1:3128"), s("proxy-user"), QString(), Credential::Kind::Password, true);

    const Result r = CliRunner::run({s("credentials"), s("delete"), s("--all")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    QCOMPARE(r.out.count("deleted "), 3);
    QVERIFY2(r.out.contains(QByteArray("deleted " + proxy.record.id.toUtf8()
                                       + " (proxy-user for proxy basic realm \"Realm of proxy-user\" at "
                                         "http://127.0.0.1:3128)\n")),
             r.out.constData());
    for (const Seeded *gone : {&alice, &bob, &proxy})
        QCOMPARE(loadFromKeychain(gone->record.id), CredentialStoreJob::Error::NotFound);
    m_store->reload();
    QCOMPARE(m_store->index().size(), 0);

    const Result again = CliRunner::run({s("credentials"), s("delete"), s("--all")});
    QCOMPARE(again.exitCode, 0);
    QVERIFY(again.out.isEmpty());
    QCOMPARE(again.err, QByteArray("authscope-cli: note: no credentials are stored; nothing to delete\n"));
}

void TestCliCredentials::badInputIsOneLineAndExitsTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("line");

    const QString hint = s(" (see authscope-cli credentials --help)");
    QTest::newRow("no action") << QStringList{s("credentials")}
                               << s("credentials needs an action: list, show or delete") + hint;
    QTest::newRow("unknown action") << QStringList{s("credentials"), s("remove"), s("abcd")}
                                    << s("unknown action \"remove\": use list, show or delete") + hint;
    QTest::newRow("unknown option") << QStringList{s("credentials"), s("list"), s("--all-of-them")}
                                    << s("unknown option \"--all-of-them\"") + hint;
    QTest::newRow("--reveal with list") << QStringList{s("credentials"), s("list"), s("--reveal")}
                                        << s("option --reveal is for \"credentials show\" only") + hint;
    QTest::newRow("--json with show") << QStringList{s("credentials"), s("show"), s("--json"), s("abcd")}
                                      << s("option --json is for \"credentials list\" only") + hint;
    QTest::newRow("--all with show") << QStringList{s("credentials"), s("show"), s("--all")}
                                     << s("option --all is for \"credentials delete\" only") + hint;
    QTest::newRow("show without id") << QStringList{s("credentials"), s("show")}
                                     << s("show needs the ID of a stored credential (see authscope-cli credentials "
                                          "list)");
    QTest::newRow("show with two ids") << QStringList{s("credentials"), s("show"), s("abcd"), s("ef01")}
                                       << s("show takes one ID, not 2");
    QTest::newRow("delete without id") << QStringList{s("credentials"), s("delete")}
                                       << s("delete needs the ID of a stored credential, or --all to delete every "
                                            "one (see authscope-cli credentials list)");
    QTest::newRow("delete ids and --all") << QStringList{s("credentials"), s("delete"), s("--all"), s("abcd")}
                                          << s("delete takes IDs or --all, not both");
    QTest::newRow("list with two texts") << QStringList{s("credentials"), s("list"), s("a"), s("b")}
                                         << s("list takes one SEARCH text, not 2 (quote a text with spaces)");
}

void TestCliCredentials::badInputIsOneLineAndExitsTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, line);
    SEED(alice, s("http://127.0.0.1:8080"), s("alice"));
    const Result r = CliRunner::run(arguments);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(QString::fromUtf8(r.err), s("authscope-cli: error: ") + line + u'\n');
    m_store->reload();
    QVERIFY(m_store->index().contains(alice.record.id));
}

void TestCliCredentials::helpDescribesTheCommand_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("help credentials") << QStringList{s("help"), s("credentials")};
    QTest::newRow("credentials --help") << QStringList{s("credentials"), s("--help")};
    QTest::newRow("credentials list -h") << QStringList{s("credentials"), s("list"), s("-h")};
}

void TestCliCredentials::helpDescribesTheCommand()
{
    QFETCH(QStringList, arguments);
    const Result r = CliRunner::run(arguments);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.isEmpty());
    QVERIFY2(r.out.startsWith("Usage: authscope-cli credentials list [--json] [SEARCH]\n"), r.out.constData());
    for (const char *text : {"credentials show [--reveal] ID", "credentials delete ID...", "delete --all",
                             "--json", "--reveal", "EXIT STATUS", "\n   11  ", "\n   12  "})
        QVERIFY2(r.out.contains(text), text);
    const QList<QByteArray> lines = r.out.split('\n');
    for (const QByteArray &line : lines)
        QVERIFY2(line.size() <= 80, line.constData());
}

void TestCliCredentials::withoutSecretServiceShowExitsElevenButListWorks()
{
    SEED(alice, s("http://127.0.0.1:8080"), s("alice"), s("work laptop"));
    PrivateSessionBus bus;
    QString error;
    QVERIFY2(bus.start(&error), qPrintable(error));

    const Result show = CliRunner::run({s("credentials"), s("show"), s("--reveal"), alice.record.id},
                                       bus.environment());
    QCOMPARE(show.exitCode, 11);
    QVERIFY(!show.out.contains(alice.secret));
    QVERIFY(!show.err.contains(alice.secret));
    QVERIFY2(show.out.contains("\nSecret:     not checked: the keychain could not be used\n"), show.out.constData());
    QCOMPARE(show.err.count('\n'), 1);
    QCOMPARE(QString::fromUtf8(show.err),
             s("authscope-cli: error: No keychain service is running (on Linux: a Secret Service such as "
               "gnome-keyring or KWallet). Continue with session-only memory, or start one and try again.\n"));

    const Result list = CliRunner::run({s("credentials"), s("list")}, bus.environment());
    QCOMPARE(list.exitCode, 0);
    QVERIFY2(list.err.isEmpty(), list.err.constData());
    QVERIFY2(list.out.contains(QByteArray('\n' + alice.record.id.left(8).toUtf8() + "  http://127.0.0.1:8080  ")),
             list.out.constData());

    const Result remove = CliRunner::run({s("credentials"), s("delete"), alice.record.id}, bus.environment());
    QCOMPARE(remove.exitCode, 11);
    QVERIFY(remove.out.isEmpty());
    QVERIFY2(remove.err.contains("No keychain service is running"), remove.err.constData());
    // Nothing changed: the record is still listed and its secret still in the real keychain.
    m_store->reload();
    QVERIFY(m_store->index().contains(alice.record.id));
    QCOMPARE(loadFromKeychain(alice.record.id), CredentialStoreJob::Error::NoError);
}

void TestCliCredentials::interruptWhileTheKeychainIsSilentExits130()
{
    SEED(alice, s("http://127.0.0.1:8080"), s("alice"));
    PrivateSessionBus bus;
    QString error;
    QVERIFY2(bus.start(&error), qPrintable(error));
    QDBusConnection connection = QDBusConnection::connectToBus(bus.address(), s("silent-secret-service"));
    QVERIFY2(connection.isConnected(), qPrintable(connection.lastError().message()));
    const auto disconnect = qScopeGuard([] { QDBusConnection::disconnectFromBus(s("silent-secret-service")); });
    const QString refused = claimSecretServiceSilently(connection);
    QVERIFY2(refused.isEmpty(), qPrintable(refused));

    for (const QStringList &arguments : {QStringList{s("credentials"), s("show"), alice.record.id},
                                         QStringList{s("credentials"), s("delete"), s("--all")}}) {
        QProcess process;
        process.setProcessEnvironment(bus.environment());
        process.setStandardInputFile(QProcess::nullDevice());
        process.start(CliRunner::program(), arguments);
        QVERIFY(process.waitForStarted());
        QTest::qWait(1000); // the keychain call is out and unanswered (the store gives up after 10 s)
        QCOMPARE(process.state(), QProcess::Running);
        QElapsedTimer timer;
        timer.start();
        ::kill(pid_t(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(5000));
        QVERIFY(timer.elapsed() < 3000);
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 130);
        QVERIFY(process.readAllStandardOutput().isEmpty());
        QCOMPARE(process.readAllStandardError(),
                 QByteArray("authscope-cli: error: cancelled while waiting for the keychain\n"));
    }
    m_store->reload();
    QVERIFY(m_store->index().contains(alice.record.id));
}

QTEST_GUILESS_MAIN(TestCliCredentials)
#include "tst_clicredentials.moc"
