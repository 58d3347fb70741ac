#include "apacheserver.h"
#include "clirunner.h"
#include "credentials/credentialstore.h"
#include "credentials/forgetcredentialsjob.h"
#include "credentials/loadcredentialjob.h"
#include "credentials/savecredentialjob.h"
#include "credentialtesting.h"
#include "privatesessionbus.h"

#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <memory>

// authscope-cli send with stored credentials, end to end: the built binary against Apache
// (mod_auth_basic) and the real Secret Service the harness starts, seeded and checked through a
// CredentialStore over the index file the CLI reads (in the harness's throwaway HOME); and on a
// session bus without a Secret Service.
class TestCliSendStored : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void saveStoresWhatTheServerAcceptedAndALaterSendUsesIt();
    void saveAgainReplacesTheStoredPassword();
    void noKeychainIgnoresTheStoredCredential();
    void credentialIdSendsTheStoredCredential_data();
    void credentialIdSendsTheStoredCredential();
    void credentialOfAnotherOriginIsRefused();
    void unknownCredentialIdExitsTwelve();
    void saveWhereTheServerRefusesSavesNothing();
    void saveWithAnUnwritableIndexExitsNineAfterTheBody();
    void withoutAnySessionBusSaveSaysSo();
    void withoutSecretServiceSaveFailsWithElevenAfterTheBody();
    void withoutSecretServiceAStoredRecordIsWarnedAboutOnce();
    void withoutSecretServiceTheTerminalStillAsks();
    void helpDescribesTheKeychainOptions();

private:
    using Result = CliRunner::Result;
    QString url() const { return m_apache.url(QStringLiteral("/basic/index.html")).toString(); }
    ProtectionSpace space() const;
    CredentialRecord seed(const QString &user, const QByteArray &secret);
    void forgetEverything();
    // Neither stream of a run may show a secret; says which did, without printing it.
    static bool leaks(const Result &r, const QByteArray &secret) { return r.out.contains(secret) || r.err.contains(secret); }

    ApacheServer m_apache;
    ApacheServer m_other; // another origin
    QByteArray m_password;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<CredentialStore> m_store;
};

using namespace CredentialTesting;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QByteArrayList lines(const QByteArray &text)
{
    QByteArrayList found = text.split('\n');
    if (!found.isEmpty() && found.last().isEmpty())
        found.removeLast();
    return found;
}

} // namespace

void TestCliSendStored::initTestCase()
{
    QVERIFY2(QFile::exists(CliRunner::program()), "authscope-cli was not built");
    // The CLI reads and writes the keychain and index of this HOME: never a real user's.
    const QString unsafe = whyHomeIsNotThrowaway();
    QVERIFY2(unsafe.isEmpty(), qPrintable(unsafe));
    m_settings = std::make_unique<QSettings>(CredentialStore::defaultIndexPath(), QSettings::IniFormat);
    m_store = std::make_unique<CredentialStore>(m_settings.get());

    m_password = randomSecret();
    QString error;
    QVERIFY(m_apache.protectBasic(s("/basic/"), s("basic realm"), s("alice"), m_password));
    QVERIFY2(m_apache.start(&error), qPrintable(error));
    QVERIFY(m_other.protectBasic(s("/basic/"), s("basic realm"), s("alice"), m_password));
    QVERIFY2(m_other.start(&error), qPrintable(error));
}

void TestCliSendStored::init()
{
    forgetEverything();
    QCOMPARE(m_store->index().size(), 0);
}

void TestCliSendStored::cleanup()
{
    forgetEverything();
}

void TestCliSendStored::forgetEverything()
{
    const QString failed = CredentialTesting::forgetEverything(m_store.get()); // re-reads what the CLI changed
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
}

ProtectionSpace TestCliSendStored::space() const
{
    ProtectionSpace space;
    space.scheme = "basic";
    space.origin = ProtectionSpace::originOf(m_apache.url(s("/")));
    space.realm = s("basic realm");
    return space;
}

CredentialRecord TestCliSendStored::seed(const QString &user, const QByteArray &secret)
{
    CredentialRecord record;
    record.space = space();
    record.user = user;
    record.label = s("seeded");
    return saveRecord(m_store.get(), record, secret);
}

#define NO_LEAK(result, secret) QVERIFY2(!leaks(result, secret), "a secret reached the output")

void TestCliSendStored::saveStoresWhatTheServerAcceptedAndALaterSendUsesIt()
{
    const Result save = CliRunner::run({s("send"), s("--save"), s("-u"), s("alice:") + QString::fromLatin1(m_password),
                                        url()});
    NO_LEAK(save, m_password);
    QVERIFY2(save.exitCode == 0, save.err.constData());
    QCOMPARE(save.out, QByteArray("basic ok\n"));
    m_store->reload();
    QCOMPARE(m_store->index().size(), 1);
    const CredentialRecord record = m_store->index().list().first();
    QCOMPARE(record.space, space());
    QCOMPARE(record.user, s("alice"));
    QCOMPARE(record.kind, Credential::Kind::Password);
    QCOMPARE(QString::fromUtf8(save.err),
             s("authscope-cli: note: saved the password of alice for the server basic realm \"basic realm\" at %1 "
               "in the keychain (id %2)\n").arg(space().origin, record.id.left(8)));
    QCOMPARE(storedSecret(m_store.get(), record.id), m_password);

    // -u USER without a password: the stored one answers, nothing is asked.
    const Result use = CliRunner::run({s("send"), s("-u"), s("alice"), url(), s("--no-prompt")});
    NO_LEAK(use, m_password);
    QVERIFY2(use.exitCode == 0, use.err.constData());
    QCOMPARE(use.out, QByteArray("basic ok\n"));
    QVERIFY2(use.err.isEmpty(), use.err.constData());

    // -v says where the answer came from.
    const Result verbose = CliRunner::run({s("send"), s("-v"), url(), s("--no-prompt")});
    NO_LEAK(verbose, m_password);
    QVERIFY2(verbose.exitCode == 0, verbose.err.constData());
    QVERIFY2(verbose.err.contains(QByteArray("the password stored in the keychain for alice (id "
                                             + record.id.left(8).toUtf8() + ')')), verbose.err.constData());
    // The keychain lookup is a step of the exchange, between the challenge and the answer.
    const qsizetype step = verbose.err.indexOf("* Step [credential-from-keychain]: credential for the challenge of leg 1");
    QVERIFY2(step > verbose.err.indexOf("< HTTP/1.1 401") && step < verbose.err.indexOf("* Leg 2"), verbose.err.constData());

    // --json records the same step: the path the GUI takes too (tst_keychainsession).
    const Result json = CliRunner::run({s("send"), s("--json"), url(), s("--no-prompt")});
    QVERIFY2(json.exitCode == 0, json.err.constData());
    const QJsonArray steps = QJsonDocument::fromJson(json.out).object().value(s("steps")).toArray();
    QCOMPARE(steps.size(), 3);
    QCOMPARE(steps.at(1).toObject().value(s("kind")).toString(), s("acquire-credential"));
    QCOMPARE(steps.at(1).toObject().value(s("forLeg")).toInt(), 0);
    QCOMPARE(steps.at(1).toObject().value(s("source")).toString(), s("credential-from-keychain"));

    // Another user's credential is not used for -u bob.
    const Result other = CliRunner::run({s("send"), s("-u"), s("bob"), url(), s("--no-prompt")});
    QCOMPARE(other.exitCode, 10);
    m_store->reload();
    QVERIFY(m_store->index().find(record.id)->lastUsed.isValid());
}

void TestCliSendStored::saveAgainReplacesTheStoredPassword()
{
    const CredentialRecord stale = seed(s("alice"), randomSecret());
    QVERIFY(!stale.id.isEmpty());
    const Result save = CliRunner::run({s("send"), s("--save"), s("-u"), s("alice:") + QString::fromLatin1(m_password),
                                        url()});
    NO_LEAK(save, m_password);
    QVERIFY2(save.exitCode == 0, save.err.constData());
    QCOMPARE(QString::fromUtf8(save.err),
             s("authscope-cli: note: replaced the stored password of alice for the server basic realm \"basic realm\" "
               "at %1 in the keychain (id %2)\n").arg(space().origin, stale.id.left(8)));
    m_store->reload();
    QCOMPARE(m_store->index().size(), 1);
    QCOMPARE(m_store->index().list().first().id, stale.id);
    QCOMPARE(m_store->index().list().first().label, s("seeded"));
    QCOMPARE(storedSecret(m_store.get(), stale.id), m_password);
}

void TestCliSendStored::noKeychainIgnoresTheStoredCredential()
{
    const CredentialRecord record = seed(s("alice"), m_password);
    QVERIFY(!record.id.isEmpty());
    const Result r = CliRunner::run({s("send"), s("--no-keychain"), s("-u"), s("alice"), url(), s("--no-prompt")});
    NO_LEAK(r, m_password);
    QCOMPARE(r.exitCode, 10);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(lines(r.err).size(), 1);
    QVERIFY2(r.err.startsWith("authscope-cli: error: "), r.err.constData());
    m_store->reload();
    QVERIFY(!m_store->index().find(record.id)->lastUsed.isValid());

    const Result contradiction = CliRunner::run({s("send"), s("--no-keychain"), s("--save"), url()});
    QCOMPARE(contradiction.exitCode, 2);
    QCOMPARE(contradiction.err,
             QByteArray("authscope-cli: error: --save and --no-keychain contradict each other\n"));
}

void TestCliSendStored::credentialIdSendsTheStoredCredential_data()
{
    QTest::addColumn<int>("length");
    QTest::newRow("4 characters") << 4;
    QTest::newRow("short id") << 8;
    QTest::newRow("whole id") << 36;
}

void TestCliSendStored::credentialIdSendsTheStoredCredential()
{
    QFETCH(int, length);
    const CredentialRecord record = seed(s("alice"), m_password);
    QVERIFY(!record.id.isEmpty());
    const Result r = CliRunner::run({s("send"), s("-v"), s("--credential"), record.id.left(length), url(),
                                     s("--no-prompt")});
    NO_LEAK(r, m_password);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out, QByteArray("basic ok\n"));
    QVERIFY2(r.err.contains("Basic as alice"), r.err.constData());
}

void TestCliSendStored::credentialOfAnotherOriginIsRefused()
{
    const CredentialRecord record = seed(s("alice"), m_password);
    QVERIFY(!record.id.isEmpty());
    const QString otherUrl = m_other.url(s("/basic/index.html")).toString();
    const Result r = CliRunner::run({s("send"), s("--credential"), record.id.left(8), otherUrl, s("--no-prompt")});
    NO_LEAK(r, m_password);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(QString::fromUtf8(r.err),
             s("authscope-cli: error: --credential: The stored credential %1 (alice) belongs to %2, not to %3; "
               "credentials are only sent to the origin they were stored for\n")
                     .arg(record.id, space().origin, ProtectionSpace::originOf(m_other.url(s("/")))));
    // Nothing reached the other server.
    QVERIFY(m_other.accessLog().isEmpty());
}

void TestCliSendStored::unknownCredentialIdExitsTwelve()
{
    const CredentialRecord record = seed(s("alice"), m_password);
    QVERIFY(!record.id.isEmpty());
    const QString unknown = (record.id.startsWith(u'f') ? s("0") : s("f")) + record.id.mid(1, 7);
    const Result r = CliRunner::run({s("send"), s("--credential"), unknown, url(), s("--no-prompt")});
    QCOMPARE(r.exitCode, 12);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(QString::fromUtf8(r.err),
             s("authscope-cli: error: --credential: No stored credential has the id %1\n").arg(unknown));
}

void TestCliSendStored::saveWhereTheServerRefusesSavesNothing()
{
    const QByteArray wrong = randomSecret();
    const Result r = CliRunner::run({s("send"), s("--save"), s("-u"), s("alice:") + QString::fromLatin1(wrong), url(),
                                     s("--no-prompt")});
    NO_LEAK(r, wrong);
    QCOMPARE(r.exitCode, 10);
    QVERIFY2(r.err.contains("authscope-cli: note: --save: nothing was saved (no server accepted credentials in "
                            "this exchange)\n"), r.err.constData());
    m_store->reload();
    QCOMPARE(m_store->index().size(), 0);
}

void TestCliSendStored::saveWithAnUnwritableIndexExitsNineAfterTheBody()
{
    // The config folder is taken by a plain file: the index cannot be written, as on a full disk.
    QTemporaryDir config;
    QVERIFY(config.isValid());
    {
        QFile blocker(config.filePath(QStringLiteral("AuthScope")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
    const Result r = CliRunner::run({s("send"), s("--save"), s("-u"), s("alice:") + QString::fromLatin1(m_password),
                                     url()}, env);
    NO_LEAK(r, m_password);
    QCOMPARE(r.exitCode, 9);
    QVERIFY(r.out.contains("basic ok"));
    const QByteArray expected = "authscope-cli: error: --save: The list of stored credentials ("
            + config.filePath(QStringLiteral("AuthScope/credentials.ini")).toUtf8()
            + ") could not be written: the disk may be full or the file read-only. Nothing was stored.";
    QVERIFY2(r.err.startsWith(expected), r.err.constData());
    QCOMPARE(lines(r.err).size(), 1);
}

void TestCliSendStored::withoutAnySessionBusSaveSaysSo()
{
    // A console login or a container: no session bus, and no X display to autolaunch one on.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    const Result r = CliRunner::run({s("send"), s("--save"), s("-u"), s("alice:") + QString::fromLatin1(m_password),
                                     url()}, env);
    NO_LEAK(r, m_password);
    QCOMPARE(r.exitCode, 11);
    QVERIFY(r.out.contains("basic ok"));
    QVERIFY2(r.err.startsWith("authscope-cli: error: --save: No D-Bus session bus is running, so no keychain can be "
                              "reached"), r.err.constData());
    QVERIFY2(r.err.contains("start one with dbus-run-session"), r.err.constData());
    m_store->reload();
    QCOMPARE(m_store->index().size(), 0);
}

void TestCliSendStored::withoutSecretServiceSaveFailsWithElevenAfterTheBody()
{
    PrivateSessionBus bus;
    QString error;
    QVERIFY2(bus.start(&error), qPrintable(error));
    const Result r = CliRunner::run({s("send"), s("--save"), s("-u"), s("alice:") + QString::fromLatin1(m_password),
                                     url()}, bus.environment());
    NO_LEAK(r, m_password);
    QCOMPARE(r.exitCode, 11);
    QCOMPARE(r.out, QByteArray("basic ok\n")); // the exchange itself succeeded
    const QByteArrayList errLines = lines(r.err);
    QCOMPARE(errLines.size(), 1);
    QCOMPARE(QString::fromUtf8(errLines.first()),
             s("authscope-cli: error: --save: No keychain service is running (on Linux: a Secret Service such as "
               "gnome-keyring or KWallet). Start one and try again."));
    m_store->reload();
    QCOMPARE(m_store->index().size(), 0);
}

void TestCliSendStored::withoutSecretServiceAStoredRecordIsWarnedAboutOnce()
{
    const CredentialRecord record = seed(s("alice"), m_password);
    QVERIFY(!record.id.isEmpty());
    PrivateSessionBus bus;
    QString error;
    QVERIFY2(bus.start(&error), qPrintable(error));
    const Result r = CliRunner::run({s("send"), s("-u"), s("alice"), url(), s("--no-prompt")}, bus.environment());
    NO_LEAK(r, m_password);
    QCOMPARE(r.exitCode, 10);
    QVERIFY(r.out.isEmpty());
    const QByteArrayList errLines = lines(r.err);
    QCOMPARE(errLines.size(), 2);
    QVERIFY2(errLines.at(0).startsWith("authscope-cli: warning: No keychain service is running"), r.err.constData());
    QVERIFY2(errLines.at(0).endsWith("Going on without stored credentials for this run."), r.err.constData());
    QVERIFY2(errLines.at(1).startsWith("authscope-cli: error: "), r.err.constData());
    // The record and its secret are untouched.
    m_store->reload();
    QVERIFY(!m_store->index().find(record.id)->lastUsed.isValid());
    QCOMPARE(storedSecret(m_store.get(), record.id), m_password);
}

void TestCliSendStored::withoutSecretServiceTheTerminalStillAsks()
{
    const CredentialRecord record = seed(s("alice"), randomSecret());
    QVERIFY(!record.id.isEmpty());
    PrivateSessionBus bus;
    QString error;
    QVERIFY2(bus.start(&error), qPrintable(error));
    const Result r = CliRunner::runOnTerminal({s("send"), s("-u"), s("alice"), url()},
                                              {{s("User [alice]: "), QString()},
                                               {s("Password for alice: "), QString::fromLatin1(m_password)}},
                                              bus.environment());
    NO_LEAK(r, m_password);
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    QVERIFY2(r.out.contains("authscope-cli: warning: No keychain service is running"), r.out.constData());
    QCOMPARE(r.out.count("authscope-cli: warning: "), 1);
    QVERIFY2(r.out.contains("Credentials needed by "), r.out.constData());
    QVERIFY2(r.out.endsWith("basic ok\r\n"), r.out.constData());
}

void TestCliSendStored::helpDescribesTheKeychainOptions()
{
    const Result r = CliRunner::run({s("send"), s("--help")});
    QCOMPARE(r.exitCode, 0);
    for (const char *text : {"--save", "--credential ID", "--no-keychain", "STORED CREDENTIALS", "\n   11  ",
                             "\n   12  "})
        QVERIFY2(r.out.contains(text), text);
    for (const QByteArray &line : lines(r.out))
        QVERIFY2(line.size() <= 80, line.constData());
}

QTEST_GUILESS_MAIN(TestCliSendStored)

#include "tst_clisendstored.moc"
