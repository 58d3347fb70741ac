#include "apacheserver.h"
#include "auth/schemeregistry.h"
#include "clirunner.h"
#include "credentialrulerows.h"
#include "credentials/credentialstore.h"
#include "credentials/forgetcredentialsjob.h"
#include "credentials/loadcredentialjob.h"
#include "credentials/savecredentialjob.h"
#include "credentialtesting.h"
#include "httpbinserver.h"
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
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

// authscope-cli credentials end to end: the built binary against the real Secret Service the
// test harness starts, seeded through a CredentialStore over the same index file the CLI reads
// (in the harness's throwaway HOME), and on a session bus without a Secret Service. What "add"
// stores is then sent by "send" to python3-httpbin and Apache.
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
    void listSaysWhenTheServerRefusedASecret();
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

    void addedTokenIsSentByCredentialId();
    void addedApiKeyIsRevealedByShow();
    void addedPasswordAnswersTheRealmItWasStoredFor();
    void addWithTheGuiSchemeNamesAndDefaults_data();
    void addWithTheGuiSchemeNamesAndDefaults();
    void addOfAStoredSpaceAndUserNeedsReplace();
    void addRefusesBadInputInOneLine_data();
    void addRefusesBadInputInOneLine();
    void addRefusesWhatTheGuiRefuses_data();
    void addRefusesWhatTheGuiRefuses();
    void addWithoutATerminalNeedsSecretStdin();
    void addWithoutSecretServiceExitsEleven();
    void addWithAnUnwritableIndexExitsNine();
    void addAsksOnTheTerminalWithoutEcho();
    void addInterruptedAtThePromptSavesNothing();

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

    // Runs "credentials add" with secret (plus a newline, as echo and password managers end it)
    // on stdin.
    static Result addFromStdin(const QStringList &options, const QByteArray &secret,
                               const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    // The one record the store lists after a run of the CLI; an empty record when it is not one.
    CredentialRecord onlyRecord();

    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<CredentialStore> m_store;
    HttpbinServer m_httpbin;
    ApacheServer m_apache;
    QByteArray m_apachePassword;
};

using namespace CredentialTesting;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

// Neither stream of a run may show a secret.
bool leaks(const CliRunner::Result &r, const QByteArray &secret)
{
    return r.out.contains(secret) || r.err.contains(secret);
}

// stderr for a failure message, unless it holds the secret: test output never shows one.
QByteArray errWithout(const CliRunner::Result &r, const QByteArray &secret)
{
    return r.err.contains(secret) ? QByteArray("(stderr withheld: it holds the secret)") : r.err;
}

} // namespace

#define NO_LEAK(result, secret) QVERIFY2(!leaks(result, secret), "a secret reached the output")

void TestCliCredentials::initTestCase()
{
    QVERIFY2(QFile::exists(CliRunner::program()), "authscope-cli was not built");
    // The CLI reads and deletes whatever the keychain and index of this HOME hold: never a real user's.
    const QString unsafe = whyHomeIsNotThrowaway();
    QVERIFY2(unsafe.isEmpty(), qPrintable(unsafe));
    m_settings = std::make_unique<QSettings>(CredentialStore::defaultIndexPath(), QSettings::IniFormat);
    m_store = std::make_unique<CredentialStore>(m_settings.get());

    QString error;
    QVERIFY2(m_httpbin.start(&error), qPrintable(error));
    m_apachePassword = randomSecret();
    QVERIFY(m_apache.protectBasic(s("/basic/"), s("Staff only"), s("alice"), m_apachePassword));
    QVERIFY2(m_apache.start(&error), qPrintable(error));
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

TestCliCredentials::Result TestCliCredentials::addFromStdin(const QStringList &options, const QByteArray &secret,
                                                           const QProcessEnvironment &environment)
{
    return CliRunner::runWithInput(QStringList{s("credentials"), s("add"), s("--secret-stdin")} + options,
                                   secret + '\n', environment);
}

CredentialRecord TestCliCredentials::onlyRecord()
{
    m_store->reload();
    if (m_store->index().size() != 1) {
        qWarning("the store lists %d credentials, not 1", m_store->index().size());
        return {};
    }
    return m_store->index().list().first();
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
    QCOMPARE(first.keys(), QStringList({s("id"), s("kind"), s("label"), s("lastRefused"), s("lastUsed"), s("origin"), s("proxy"),
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

void TestCliCredentials::listSaysWhenTheServerRefusedASecret()
{
    SEED(alice, s("https://api.example.com:443"), s("alice"));
    QVERIFY(m_store->markRefused(alice.record.id, QUrl(s("https://api.example.com/private"))));
    const Result r = CliRunner::run({s("credentials"), s("list")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(QRegularExpression(s("alice +password +- +refused \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\n"))
                     .match(QString::fromUtf8(r.out)).hasMatch(), r.out.constData());
    const Result json = CliRunner::run({s("credentials"), s("list"), s("--json")});
    const QJsonObject first = QJsonDocument::fromJson(json.out).array().at(0).toObject();
    QVERIFY(QDateTime::fromString(first.value(s("lastRefused")).toString(), Qt::ISODateWithMs).isValid());
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
    addIdPrefixRows();
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
                               << s("credentials needs an action: add, list, show or delete") + hint;
    QTest::newRow("unknown action") << QStringList{s("credentials"), s("remove"), s("abcd")}
                                    << s("unknown action \"remove\": use add, list, show or delete") + hint;
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
    QTest::newRow("--kind with list") << QStringList{s("credentials"), s("list"), s("--kind"), s("token")}
                                      << s("option --kind is for \"credentials add\" only") + hint;
    QTest::newRow("--replace with delete") << QStringList{s("credentials"), s("delete"), s("--replace"), s("abcd")}
                                           << s("option --replace is for \"credentials add\" only") + hint;
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
                             "credentials add --url URL --kind KIND", "--secret-stdin", "--replace",
                             "never taken as\n          an argument", "exactly the one given", "--json", "--reveal",
                             "EXIT STATUS", "\n    9  ", "\n   11  ", "\n   12  "})
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
               "gnome-keyring or KWallet). Start one and try again.\n"));

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

void TestCliCredentials::addedTokenIsSentByCredentialId()
{
    // httpbin reads the token with lstrip('Bearer '), which also eats a leading B, e, a or r of
    // the token itself: start with a letter it leaves alone, so the echo can be compared.
    const QByteArray token = "t" + randomSecret();
    const QString url = m_httpbin.url(s("/bearer")).toString();
    const Result add = addFromStdin({s("--url"), url, s("--kind"), s("token"), s("--label"), s("httpbin")}, token);
    NO_LEAK(add, token);
    QVERIFY2(add.exitCode == 0, add.err.constData());
    QVERIFY2(add.err.isEmpty(), add.err.constData());
    const CredentialRecord record = onlyRecord();
    QVERIFY(!record.id.isEmpty());
    const QString origin = ProtectionSpace::originOf(m_httpbin.url(s("/")));
    QCOMPARE(record.space.origin, origin);
    QCOMPARE(record.space.scheme, QByteArray("bearer"));
    QCOMPARE(record.space.realm, QString());
    QCOMPARE(record.space.proxy, false);
    QCOMPARE(record.user, QString());
    QCOMPARE(record.kind, Credential::Kind::Token);
    QCOMPARE(record.label, s("httpbin"));
    QCOMPARE(QString::fromUtf8(add.out),
             s("saved token for server bearer realm \"\" at %1 (id %2)\n").arg(origin, record.id.left(8)));
    QVERIFY2(storedSecret(m_store.get(), record.id) == token, "the keychain holds another secret");

    // httpbin's /bearer answers 200 only with a token; --fail turns anything else into exit 22.
    const Result send = CliRunner::run({s("send"), s("--fail"), s("--credential"), record.id.left(8), url,
                                        s("--no-prompt")});
    QVERIFY2(send.exitCode == 0, errWithout(send, token).constData());
    const QJsonObject body = QJsonDocument::fromJson(send.out).object();
    QCOMPARE(body.value(s("authenticated")).toBool(), true);
    QVERIFY2(body.value(s("token")).toString().toLatin1() == token, "httpbin got another token");
    QVERIFY(!send.err.contains(token));
}

void TestCliCredentials::addedApiKeyIsRevealedByShow()
{
    const QByteArray key = randomSecret();
    const QString url = m_httpbin.url(s("/headers")).toString();
    const Result add = addFromStdin({s("--url"), url, s("--kind"), s("api-key"), s("--user"), s("X-Api-Key")}, key);
    NO_LEAK(add, key);
    QVERIFY2(add.exitCode == 0, add.err.constData());
    const CredentialRecord record = onlyRecord();
    QVERIFY(!record.id.isEmpty());
    QCOMPARE(QString::fromUtf8(add.out),
             s("saved api-key of X-Api-Key for server apikey realm \"\" at %1 (id %2)\n")
                     .arg(record.space.origin, record.id.left(8)));

    const Result show = CliRunner::run({s("credentials"), s("show"), s("--reveal"), record.id.left(8)});
    QCOMPARE(show.exitCode, 0);
    QVERIFY(show.out.contains("\nScheme:     apikey\n"));
    QVERIFY(show.out.contains("\nUser:       X-Api-Key\n"));
    QVERIFY(show.out.contains("\nKind:       api-key\n"));
    QVERIFY2(show.out.endsWith(QByteArray("\nSecret:     " + key + '\n')), "show --reveal did not print the key");
    QVERIFY(!show.err.contains(key));

    // And send puts it in the header it was stored for (httpbin echoes the request's headers).
    const Result send = CliRunner::run({s("send"), s("--fail"), s("--credential"), record.id, url, s("--no-prompt")});
    QVERIFY2(send.exitCode == 0, errWithout(send, key).constData());
    const QJsonObject headers = QJsonDocument::fromJson(send.out).object().value(s("headers")).toObject();
    QVERIFY2(headers.value(s("X-Api-Key")).toString().toLatin1() == key, "the key was not sent in X-Api-Key");
}

void TestCliCredentials::addedPasswordAnswersTheRealmItWasStoredFor()
{
    const QString url = m_apache.url(s("/basic/index.html")).toString();
    const QStringList password{s("--url"), url, s("--kind"), s("password"), s("--user"), s("alice")};

    // Stored for another realm: Apache's challenge names "Staff only", so nothing answers it.
    const Result other = addFromStdin(password + QStringList{s("--realm"), s("Other realm")}, m_apachePassword);
    NO_LEAK(other, m_apachePassword);
    QVERIFY2(other.exitCode == 0, other.err.constData());
    const Result unanswered = CliRunner::run({s("send"), s("-u"), s("alice"), s("--no-prompt"), url});
    NO_LEAK(unanswered, m_apachePassword);
    QCOMPARE(unanswered.exitCode, 10);

    const Result add = addFromStdin(password + QStringList{s("--realm"), s("Staff only")}, m_apachePassword);
    NO_LEAK(add, m_apachePassword);
    QVERIFY2(add.exitCode == 0, add.err.constData());
    QVERIFY2(add.out.startsWith(QByteArray("saved password of alice for server basic realm \"Staff only\" at "
                                           + ProtectionSpace::originOf(QUrl(url)).toUtf8() + " (id ")),
             add.out.constData());
    const Result send = CliRunner::run({s("send"), s("-u"), s("alice"), s("--no-prompt"), url});
    NO_LEAK(send, m_apachePassword);
    QVERIFY2(send.exitCode == 0, send.err.constData());
    QCOMPARE(send.out, QByteArray("basic ok\n"));
    m_store->reload();
    QCOMPARE(m_store->index().size(), 2);
}

void TestCliCredentials::addWithTheGuiSchemeNamesAndDefaults_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QByteArray>("scheme");
    QTest::addColumn<bool>("proxy");

    QTest::newRow("password: basic") << QStringList{s("--kind"), s("password"), s("--user"), s("alice")}
                                     << QByteArray("basic") << false;
    QTest::newRow("password: digest") << QStringList{s("--kind"), s("password"), s("--user"), s("alice"),
                                                     s("--scheme"), s("Digest")}
                                      << QByteArray("digest") << false;
    QTest::newRow("password for a proxy") << QStringList{s("--kind"), s("password"), s("--user"), s("alice"),
                                                         s("--proxy")}
                                          << QByteArray("basic") << true;
    QTest::newRow("token: bearer") << QStringList{s("--kind"), s("token")} << QByteArray("bearer") << false;
    QTest::newRow("token, scheme given") << QStringList{s("--kind"), s("TOKEN"), s("--scheme"), s("bearer")}
                                         << QByteArray("bearer") << false;
    QTest::newRow("api-key: apikey") << QStringList{s("--kind"), s("api-key"), s("--user"), s("key")}
                                     << QByteArray("apikey") << false;
}

void TestCliCredentials::addWithTheGuiSchemeNamesAndDefaults()
{
    QFETCH(QStringList, options);
    QFETCH(QByteArray, scheme);
    QFETCH(bool, proxy);
    const QByteArray secret = randomSecret();
    const Result r = addFromStdin(QStringList{s("--url"), s("http://127.0.0.1:3128/any/path?q=1")} + options, secret);
    NO_LEAK(r, secret);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const CredentialRecord record = onlyRecord();
    QCOMPARE(record.space.origin, s("http://127.0.0.1:3128"));
    QCOMPARE(record.space.scheme, scheme);
    QCOMPARE(record.space.proxy, proxy);
    // The GUI's Add dialog offers the registry's schemes in lower case and "apikey".
    QStringList guiNames{s("apikey")};
    for (const AuthScheme *known : SchemeRegistry::schemes())
        guiNames.append(QString::fromLatin1(known->name().toLower()));
    QVERIFY2(guiNames.contains(QString::fromLatin1(record.space.scheme)), record.space.scheme.constData());
}

void TestCliCredentials::addOfAStoredSpaceAndUserNeedsReplace()
{
    const QString url = m_httpbin.url(s("/bearer")).toString();
    const QString origin = ProtectionSpace::originOf(m_httpbin.url(s("/")));
    const QStringList token{s("--url"), url, s("--kind"), s("token")};
    const QByteArray first = randomSecret();
    QCOMPARE(addFromStdin(token + QStringList{s("--label"), s("ci")}, first).exitCode, 0);
    const CredentialRecord stored = onlyRecord();
    QVERIFY(!stored.id.isEmpty());

    const QByteArray second = randomSecret();
    const Result refused = addFromStdin(token, second);
    NO_LEAK(refused, second);
    QCOMPARE(refused.exitCode, 2);
    QVERIFY(refused.out.isEmpty());
    QCOMPARE(QString::fromUtf8(refused.err),
             s("authscope-cli: error: a token without a user is already stored for server bearer realm \"\" at %1 "
               "(id %2): give --replace to replace its secret\n").arg(origin, stored.id.left(8)));
    QCOMPARE(onlyRecord(), stored);
    QVERIFY2(storedSecret(m_store.get(), stored.id) == first, "the refused add changed the secret");

    const Result replaced = addFromStdin(token + QStringList{s("--replace")}, second);
    NO_LEAK(replaced, second);
    QVERIFY2(replaced.exitCode == 0, replaced.err.constData());
    QCOMPARE(QString::fromUtf8(replaced.out),
             s("saved token for server bearer realm \"\" at %1 (id %2)\n").arg(origin, stored.id.left(8)));
    QCOMPARE(onlyRecord(), stored); // same id, same label
    QVERIFY2(storedSecret(m_store.get(), stored.id) == second, "--replace did not store the new secret");

    const QByteArray third = randomSecret();
    QCOMPARE(addFromStdin(token + QStringList{s("--replace"), s("--label"), s("deploy")}, third).exitCode, 0);
    const CredentialRecord relabelled = onlyRecord();
    QCOMPARE(relabelled.id, stored.id);
    QCOMPARE(relabelled.label, s("deploy"));
    QVERIFY2(storedSecret(m_store.get(), stored.id) == third, "--replace did not store the new secret");

    // A user has a record of their own; the message names them.
    const QStringList password{s("--url"), url, s("--kind"), s("password"), s("--user"), s("alice")};
    QCOMPARE(addFromStdin(password, randomSecret()).exitCode, 0);
    const Result again = addFromStdin(password, randomSecret());
    QCOMPARE(again.exitCode, 2);
    QVERIFY2(again.err.startsWith("authscope-cli: error: alice already has a password stored for server basic "
                                  "realm \"\" at "), again.err.constData());
}

void TestCliCredentials::addRefusesBadInputInOneLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("line");

    const QStringList add{s("credentials"), s("add"), s("--secret-stdin")};
    const QStringList token = add + QStringList{s("--url"), s("http://127.0.0.1:8080/"), s("--kind"), s("token")};
    const QByteArray secret = randomSecret() + '\n';
    const QString badUrl = s("--url needs an http:// or https:// URL with a host, e.g. https://api.example.com");

    QTest::newRow("ftp URL") << add + QStringList{s("--url"), s("ftp://127.0.0.1/"), s("--kind"), s("token")}
                             << secret << badUrl;
    QTest::newRow("URL without a host") << add + QStringList{s("--url"), s("http:///x"), s("--kind"), s("token")}
                                        << secret << badUrl;
    QTest::newRow("not a URL") << add + QStringList{s("--url"), s("api example"), s("--kind"), s("token")}
                               << secret << badUrl;
    QTest::newRow("no --url") << add + QStringList{s("--kind"), s("token")} << secret
                              << s("add needs --url URL: any URL on the server the credential is for");
    QTest::newRow("no --kind") << add + QStringList{s("--url"), s("http://127.0.0.1/")} << secret
                               << s("add needs --kind password, token or api-key");
    QTest::newRow("unknown kind") << add + QStringList{s("--url"), s("http://127.0.0.1/"), s("--kind"), s("cookie")}
                                  << secret << s("--kind needs password, token or api-key, not \"cookie\"");
    QTest::newRow("password without user")
            << add + QStringList{s("--url"), s("http://127.0.0.1/"), s("--kind"), s("password")} << secret
            << s("--kind password needs --user USER: a password belongs to a user");
    QTest::newRow("api-key without name")
            << add + QStringList{s("--url"), s("http://127.0.0.1/"), s("--kind"), s("api-key"), s("--user"), s(" ")}
            << secret << s("--kind api-key needs --user NAME: the header or query parameter the key is sent in");
    QTest::newRow("unknown scheme") << token + QStringList{s("--scheme"), s("ntlm")} << secret
                                    << s("--scheme needs basic, digest, bearer or apikey, not \"ntlm\"");
    QTest::newRow("scheme of another kind")
            << token + QStringList{s("--scheme"), s("basic")} << secret
            << s("--scheme basic does not take a token: use basic or digest for a password, bearer for a token, "
                 "apikey for an API key");
    QTest::newRow("Basic user with a colon")
            << add + QStringList{s("--url"), s("http://127.0.0.1/"), s("--kind"), s("password"), s("--user"), s("a:b")}
            << secret << s("--user: a user name for Basic authentication cannot contain ':' (RFC 7617)");
    QTest::newRow("API key for a proxy")
            << add + QStringList{s("--url"), s("http://127.0.0.1/"), s("--kind"), s("api-key"), s("--user"), s("k"),
                                 s("--proxy")}
            << secret << s("--proxy: an API key is sent to the server, never to a proxy");
    QTest::newRow("realm with a line break") << token + QStringList{s("--realm"), s("a\nb")} << secret
                                             << s("--realm has a line break or NUL in it");
    QTest::newRow("secret as an argument")
            << token + QStringList{QString::fromLatin1(randomSecret())} << QByteArray()
            << s("add takes only options (the URL goes after --url); the secret is never an argument: it is asked "
                 "for, or read with --secret-stdin");
    QTest::newRow("empty line") << token << QByteArray("\n") << s("the token is empty; nothing was saved");
    QTest::newRow("nothing on stdin") << token << QByteArray() << s("the token is empty; nothing was saved");
    QTest::newRow("two lines") << token << QByteArray(randomSecret() + '\n' + randomSecret() + '\n')
                               << s("the token has a line break or NUL in it (only one line end at the end of "
                                    "standard input is dropped); nothing was saved");
    QTest::newRow("token with a space") << token << QByteArray(randomHex(8) + ' ' + randomHex(8) + '\n')
                                        << s("the token has a character RFC 6750 does not allow (only letters, "
                                             "digits and -._~+/ then trailing =); nothing was saved");
    QTest::newRow("password with NUL")
            << add + QStringList{s("--url"), s("http://127.0.0.1/"), s("--kind"), s("password"), s("--user"), s("a")}
            << QByteArray(randomHex(8) + '\0' + randomHex(8))
            << s("the password has a line break or NUL in it (only one line end at the end of standard input is "
                 "dropped); nothing was saved");
}

void TestCliCredentials::addRefusesBadInputInOneLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, input);
    QFETCH(QString, line);
    const Result r = CliRunner::runWithInput(arguments, input);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    for (const QByteArray &part : input.split('\n')) {
        for (const QByteArray &piece : part.split('\0'))
            QVERIFY2(piece.size() < 8 || !r.err.contains(piece), "the error shows the secret");
    }
    QCOMPARE(QString::fromUtf8(r.err), s("authscope-cli: error: ") + line + u'\n');
    m_store->reload();
    QCOMPARE(m_store->index().size(), 0);
}

void TestCliCredentials::addRefusesWhatTheGuiRefuses_data()
{
    CredentialRuleRows::addRows();
}

// The rows tst_credentialeditdialog drives the GUI with: refused here exactly when refused there.
void TestCliCredentials::addRefusesWhatTheGuiRefuses()
{
    QFETCH(CredentialRuleRow, row);
    QStringList options{s("--url"), row.url, s("--kind"), Credential::kindName(row.kind), s("--scheme"),
                        QString::fromLatin1(row.scheme)};
    if (!row.user.isNull())
        options << s("--user") << row.user;
    if (!row.realm.isNull())
        options << s("--realm") << row.realm;
    if (!row.label.isNull())
        options << s("--label") << row.label;
    if (row.proxy)
        options << s("--proxy");
    const Result r = addFromStdin(options, row.secret);
    if (!row.secret.isEmpty())
        NO_LEAK(r, row.secret);
    m_store->reload();
    if (row.problem == CredentialRecordValidator::Problem::None) {
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const CredentialRecord saved = onlyRecord();
        const CredentialRecord expected = CredentialRuleRows::recordOf(row);
        QVERIFY(saved.space == expected.space);
        QCOMPARE(saved.user, expected.user);
        QCOMPARE(saved.kind, expected.kind);
        return;
    }
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(r.err.count('\n'), 1);
    QCOMPARE(m_store->index().size(), 0);
}

void TestCliCredentials::addWithoutATerminalNeedsSecretStdin()
{
    // CliRunner::run gives the CLI the null device as stdin, as CI does.
    const Result r = CliRunner::run({s("credentials"), s("add"), s("--url"), s("http://127.0.0.1:8080/"),
                                     s("--kind"), s("token")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(r.err, QByteArray("authscope-cli: error: no terminal to ask for the token on: pipe it in with "
                               "--secret-stdin\n"));
    m_store->reload();
    QCOMPARE(m_store->index().size(), 0);
}

void TestCliCredentials::addWithoutSecretServiceExitsEleven()
{
    PrivateSessionBus bus;
    QString error;
    QVERIFY2(bus.start(&error), qPrintable(error));
    const QByteArray token = randomSecret();
    const Result r = addFromStdin({s("--url"), s("http://127.0.0.1:8080/"), s("--kind"), s("token")}, token,
                                  bus.environment());
    NO_LEAK(r, token);
    QCOMPARE(r.exitCode, 11);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(QString::fromUtf8(r.err),
             s("authscope-cli: error: No keychain service is running (on Linux: a Secret Service such as "
               "gnome-keyring or KWallet). Start one and try again.\n"));
    m_store->reload();
    QCOMPARE(m_store->index().size(), 0);
}

void TestCliCredentials::addWithAnUnwritableIndexExitsNine()
{
    // The config folder is taken by a plain file: the index cannot be written, as on a full disk.
    QTemporaryDir config;
    QVERIFY(config.isValid());
    {
        QFile blocker(config.filePath(s("AuthScope")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(s("XDG_CONFIG_HOME"), config.path());
    const QByteArray token = randomSecret();
    const Result r = addFromStdin({s("--url"), s("http://127.0.0.1:8080/"), s("--kind"), s("token")}, token, env);
    NO_LEAK(r, token);
    QCOMPARE(r.exitCode, 9);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(r.err.count('\n'), 1);
    const QByteArray expected = "authscope-cli: error: The list of stored credentials ("
            + config.filePath(s("AuthScope/credentials.ini")).toUtf8()
            + ") could not be written: the disk may be full or the file read-only. Nothing was stored.";
    QVERIFY2(r.err.startsWith(expected), r.err.constData());
}

void TestCliCredentials::addAsksOnTheTerminalWithoutEcho()
{
    const QString url = m_apache.url(s("/basic/index.html")).toString();
    const Result r = CliRunner::runOnTerminal({s("credentials"), s("add"), s("--url"), url, s("--kind"),
                                               s("password"), s("--user"), s("alice"), s("--realm"), s("Staff only")},
                                              {{s("Password for alice: "), QString::fromLatin1(m_apachePassword)}});
    NO_LEAK(r, m_apachePassword); // what the terminal showed: the password was not echoed
    QVERIFY2(r.exitCode == 0, r.out.constData());
    QVERIFY2(r.out.contains("Storing the password of alice for server basic realm \"Staff only\" at "),
             r.out.constData());
    QVERIFY2(r.out.contains("saved password of alice for server basic realm \"Staff only\""), r.out.constData());
    QVERIFY2(r.err.contains("terminal echo: on"), r.err.constData()); // given back after the answer
    const CredentialRecord record = onlyRecord();
    QCOMPARE(record.user, s("alice"));
    QVERIFY2(storedSecret(m_store.get(), record.id) == m_apachePassword, "the keychain holds another secret");

    const Result send = CliRunner::run({s("send"), s("-u"), s("alice"), s("--no-prompt"), url});
    NO_LEAK(send, m_apachePassword);
    QVERIFY2(send.exitCode == 0, send.err.constData());
    QCOMPARE(send.out, QByteArray("basic ok\n"));
}

void TestCliCredentials::addInterruptedAtThePromptSavesNothing()
{
    const Result r = CliRunner::runOnTerminal({s("credentials"), s("add"), s("--url"), s("http://127.0.0.1:8080/"),
                                               s("--kind"), s("token")},
                                              {{s("Token: "), s("^C")}});
    QCOMPARE(r.exitCode, 130);
    QVERIFY2(r.out.contains("authscope-cli: error: cancelled; nothing was saved"), r.out.constData());
    QVERIFY2(r.err.contains("terminal echo: on"), r.err.constData());
    m_store->reload();
    QCOMPARE(m_store->index().size(), 0);
}

QTEST_GUILESS_MAIN(TestCliCredentials)
#include "tst_clicredentials.moc"
