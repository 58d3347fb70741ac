// OAuthProfileStore over the real Secret Service (scripts/with-keyring.sh): profiles in the JSON
// index, secrets only in the keychain, session-only memory, an index it cannot read left alone,
// and (in a child process with a keyring of its own that is locked mid-way) a refused token write
// that leaves the previous pair in the keychain.
#include "credentialtesting.h"
#include "privatesessionbus.h"

#include "oauth/oauthprofilestore.h"

#include <QDBusConnection>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace CredentialTesting;

namespace {

const char *const kLockedChild = "AUTHSCOPE_OAUTHSTORE_LOCKED_CHILD";

OAuthProfile profileNamed(const QString &name)
{
    OAuthProfile profile;
    profile.name = name;
    profile.tokenUrl = QUrl(QStringLiteral("http://127.0.0.1:9/token"));
    profile.authorizationUrl = QUrl(QStringLiteral("http://127.0.0.1:9/auth"));
    profile.clientId = QStringLiteral("client-of-") + name;
    profile.clientAuth = OAuthProfile::ClientAuth::Basic;
    profile.grant = OAuthProfile::Grant::AuthorizationCode;
    profile.scope = QStringLiteral("openid api:read");
    return profile;
}

TokenSet someTokens()
{
    TokenSet tokens;
    tokens.accessToken = randomSecret();
    tokens.refreshToken = randomSecret();
    tokens.idToken = randomSecret();
    tokens.scope = QStringLiteral("openid api:read");
    tokens.obtainedAt = QDateTime::currentDateTimeUtc();
    tokens.expiresAt = tokens.obtainedAt.addMSecs(3600500);
    return tokens;
}

bool sameTokens(const TokenSet &a, const TokenSet &b)
{
    return a.accessToken == b.accessToken && a.refreshToken == b.refreshToken && a.idToken == b.idToken
        && a.scope == b.scope && a.expiresAt == b.expiresAt && a.obtainedAt == b.obtainedAt;
}

} // namespace

#define RUN_OK(var, jobExpr)                                                                 \
    auto var = runJobCheckingContract(jobExpr);                                              \
    QVERIFY2(var, "job did not finish exactly once, after start()");                         \
    QVERIFY2(var->status().isOk(), qPrintable(var->status().message()))

class tst_OAuthProfileStore : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void profileAndSecretsRoundTripAndOnlyTheKeychainHoldsTheSecrets();
    void profileJsonRefusesWhatValidationRefuses_data();
    void profileJsonRefusesWhatValidationRefuses();
    void newConfidentialProfileNeedsASecretAndAnUpdateKeepsIt();
    void removingAProfileTakesItsSecretsOutOfTheKeychain();
    void unknownProfileIsNotFound();
    void indexThatCannotBeReadIsLeftAsItIsAndSavesAreRefused();
    void sessionOnlyKeepsProfilesAndSecretsInMemory();
    void refusedTokenWriteLeavesThePreviousPairInTheKeychain();

private:
    QString indexPath() const { return m_dir->filePath(QStringLiteral("oauth-profiles.json")); }
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TemporaryCredentialStore> m_credentials;
    std::unique_ptr<OAuthProfileStore> m_store;
};

void tst_OAuthProfileStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_credentials = std::make_unique<TemporaryCredentialStore>();
    QVERIFY(m_dir->isValid() && m_credentials->isValid());
    m_store = std::make_unique<OAuthProfileStore>(m_credentials->store(), indexPath());
}

void tst_OAuthProfileStore::cleanup()
{
    if (m_store && !m_store->isSessionOnly() && m_store->reload()) {
        for (const OAuthProfile &profile : m_store->profiles())
            runJob(m_store->removeProfile(profile.name));
    }
    m_store.reset();
    m_credentials.reset();
}

void tst_OAuthProfileStore::profileAndSecretsRoundTripAndOnlyTheKeychainHoldsTheSecrets()
{
    OAuthProfile profile = profileNamed(QStringLiteral("round.trip-1"));
    profile.issuer = QUrl(QStringLiteral("http://127.0.0.1:9"));
    profile.resource = QStringLiteral("http://127.0.0.1:9/api");
    profile.redirectUri = QUrl(QStringLiteral("http://127.0.0.1:8765/callback"));
    const QByteArray secret = randomSecret();
    QSignalSpy changed(m_store.get(), &OAuthProfileStore::changed);
    RUN_OK(save, m_store->saveProfile(profile, secret));
    QCOMPARE(changed.count(), 1);
    const TokenSet tokens = someTokens();
    RUN_OK(store, m_store->storeTokens(profile.name, tokens));

    // Another store (another process) over the same index and keychain reads it all back.
    OAuthProfileStore other(m_credentials->store(), indexPath());
    QCOMPARE(other.profiles().size(), 1);
    QCOMPARE(other.profile(profile.name)->toJson(), profile.toJson());
    RUN_OK(load, other.loadSecrets(profile.name));
    QCOMPARE(load->clientSecret(), secret);
    QVERIFY(sameTokens(load->tokens(), tokens));

    // The index holds the profile and nothing secret; the keychain holds the secrets.
    const QByteArray index = fileBytes(indexPath());
    QVERIFY(index.contains("round.trip-1"));
    for (const QByteArray &s : {secret, tokens.accessToken, tokens.refreshToken, tokens.idToken})
        QVERIFY(!index.contains(s));
    QByteArray raw;
    QCOMPARE(rawKeychainRead(OAuthProfileStore::keychainKey(profile.name, QStringLiteral("client-secret")), &raw),
             QKeychain::NoError);
    QCOMPARE(raw, secret);
    QCOMPARE(rawKeychainRead(OAuthProfileStore::keychainKey(profile.name, QStringLiteral("tokens")), &raw),
             QKeychain::NoError);
    QVERIFY(raw.contains(tokens.refreshToken));

    RUN_OK(clear, m_store->clearTokens(profile.name));
    RUN_OK(afterClear, m_store->loadSecrets(profile.name));
    QVERIFY(afterClear->tokens().isEmpty());
    QCOMPARE(afterClear->clientSecret(), secret);
}

void tst_OAuthProfileStore::profileJsonRefusesWhatValidationRefuses_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("valid");
    const QByteArray base = R"("client_id":"c","token_endpoint":"http://127.0.0.1:9/token")";
    QTest::newRow("minimal-client-credentials") << QByteArray(R"({"name":"a",)" + base + "}") << true;
    QTest::newRow("name-with-slash") << QByteArray(R"({"name":"a/b",)" + base + "}") << false;
    QTest::newRow("name-empty") << QByteArray(R"({"name":"",)" + base + "}") << false;
    QTest::newRow("name-65-chars") << QByteArray(R"({"name":")" + QByteArray(65, 'n') + R"(",)" + base + "}") << false;
    QTest::newRow("no-client-id") << QByteArray(R"({"name":"a","token_endpoint":"http://127.0.0.1:9/token"})") << false;
    QTest::newRow("no-endpoint-no-issuer") << QByteArray(R"({"name":"a","client_id":"c"})") << false;
    QTest::newRow("issuer-only") << QByteArray(R"({"name":"a","client_id":"c","issuer":"http://127.0.0.1:9"})") << true;
    QTest::newRow("ftp-endpoint") << QByteArray(R"({"name":"a","client_id":"c","token_endpoint":"ftp://127.0.0.1/t"})") << false;
    QTest::newRow("relative-endpoint") << QByteArray(R"({"name":"a","client_id":"c","token_endpoint":"/token"})") << false;
    QTest::newRow("unknown-grant") << QByteArray(R"({"name":"a","grant":"implicit",)" + base + "}") << false;
    QTest::newRow("unknown-client-auth") << QByteArray(R"({"name":"a","client_auth":"jwt",)" + base + "}") << false;
    QTest::newRow("client-credentials-public") << QByteArray(R"({"name":"a","client_auth":"none",)" + base + "}") << false;
    QTest::newRow("code-without-authorization-endpoint")
        << QByteArray(R"({"name":"a","grant":"authorization_code","client_auth":"none",)" + base + "}") << false;
    QTest::newRow("device-without-device-endpoint")
        << QByteArray(R"({"name":"a","grant":"device_code","client_auth":"none",)" + base + "}") << false;
    QTest::newRow("client-id-number") << QByteArray(R"({"name":"a","client_id":5,"token_endpoint":"http://127.0.0.1:9/t"})") << false;
    QTest::newRow("control-byte-in-scope") << QByteArray(R"({"name":"a","scope":"a\u0007b",)" + base + "}") << false;
}

void tst_OAuthProfileStore::profileJsonRefusesWhatValidationRefuses()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, valid);
    QString error;
    const std::optional<OAuthProfile> profile = OAuthProfile::fromJson(QJsonDocument::fromJson(json).object(), &error);
    QCOMPARE(profile.has_value(), valid);
    QCOMPARE(error.isEmpty(), valid);
    if (valid)
        QCOMPARE(OAuthProfile::fromJson(profile->toJson(), &error)->toJson(), profile->toJson());
}

void tst_OAuthProfileStore::newConfidentialProfileNeedsASecretAndAnUpdateKeepsIt()
{
    const OAuthProfile profile = profileNamed(QStringLiteral("confidential"));
    auto refused = runJob(m_store->saveProfile(profile));
    QVERIFY(refused);
    QCOMPARE(refused->status().codeName(), Status::codeName(Status::Code::InvalidInput));
    QVERIFY(!m_store->profile(profile.name));
    QVERIFY(!QFile::exists(indexPath()));

    const QByteArray secret = randomSecret();
    RUN_OK(save, m_store->saveProfile(profile, secret));
    OAuthProfile changed = profile;
    changed.scope = QStringLiteral("openid");
    RUN_OK(update, m_store->saveProfile(changed));
    QCOMPARE(m_store->profile(profile.name)->scope, QStringLiteral("openid"));
    RUN_OK(load, m_store->loadSecrets(profile.name));
    QCOMPARE(load->clientSecret(), secret);

    OAuthProfile invalid = profile;
    invalid.tokenUrl = QUrl(QStringLiteral("ftp://127.0.0.1/t"));
    auto badUrl = runJob(m_store->saveProfile(invalid, secret));
    QVERIFY(badUrl);
    QCOMPARE(badUrl->status().codeName(), Status::codeName(Status::Code::InvalidInput));
    QCOMPARE(m_store->profile(profile.name)->tokenUrl, profile.tokenUrl);
}

void tst_OAuthProfileStore::removingAProfileTakesItsSecretsOutOfTheKeychain()
{
    const OAuthProfile profile = profileNamed(QStringLiteral("gone"));
    RUN_OK(save, m_store->saveProfile(profile, randomSecret()));
    RUN_OK(store, m_store->storeTokens(profile.name, someTokens()));
    RUN_OK(remove, m_store->removeProfile(profile.name));
    QVERIFY(!m_store->profile(profile.name));
    QCOMPARE(rawKeychainRead(OAuthProfileStore::keychainKey(profile.name, QStringLiteral("tokens"))), QKeychain::EntryNotFound);
    QCOMPARE(rawKeychainRead(OAuthProfileStore::keychainKey(profile.name, QStringLiteral("client-secret"))),
             QKeychain::EntryNotFound);
    OAuthProfileStore reread(m_credentials->store(), indexPath());
    QVERIFY(reread.profiles().isEmpty());
}

void tst_OAuthProfileStore::unknownProfileIsNotFound()
{
    for (OAuthStoreJob *job : {m_store->loadSecrets(QStringLiteral("nobody")),
                               m_store->storeTokens(QStringLiteral("nobody"), someTokens()),
                               m_store->removeProfile(QStringLiteral("nobody"))}) {
        auto done = runJobCheckingContract(job);
        QVERIFY(done);
        QCOMPARE(done->status().codeName(), Status::codeName(Status::Code::NotFound));
        QCOMPARE(NoteCodes::name(done->status().reason()), NoteCodes::name(NoteCode::OAuthProfileNotFound));
    }
    // No token was written for a profile nobody lists.
    QCOMPARE(rawKeychainRead(OAuthProfileStore::keychainKey(QStringLiteral("nobody"), QStringLiteral("tokens"))),
             QKeychain::EntryNotFound);
}

void tst_OAuthProfileStore::indexThatCannotBeReadIsLeftAsItIsAndSavesAreRefused()
{
    const QByteArray garbage = "{\"profiles\": [ {\"name\": \"half";
    QFile file(indexPath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(garbage);
    file.close();

    OAuthProfileStore store(m_credentials->store(), indexPath());
    QString error;
    QVERIFY(!store.reload(&error));
    QVERIFY2(error.contains(indexPath()), qPrintable(error));
    auto save = runJob(store.saveProfile(profileNamed(QStringLiteral("new")), randomSecret()));
    QVERIFY(save);
    QCOMPARE(save->status().codeName(), Status::codeName(Status::Code::FileError));
    QCOMPARE(fileBytes(indexPath()), garbage);
    QCOMPARE(rawKeychainRead(OAuthProfileStore::keychainKey(QStringLiteral("new"), QStringLiteral("client-secret"))),
             QKeychain::EntryNotFound);
    m_store.reset(); // nothing to clean: the file is not ours to rewrite
}

void tst_OAuthProfileStore::sessionOnlyKeepsProfilesAndSecretsInMemory()
{
    RUN_OK(before, m_store->saveProfile(profileNamed(QStringLiteral("on-disk")), randomSecret()));
    const QByteArray indexBefore = fileBytes(indexPath());
    m_credentials->store()->setSessionOnly(true);
    QVERIFY(m_store->isSessionOnly());

    const OAuthProfile profile = profileNamed(QStringLiteral("session"));
    const QByteArray secret = randomSecret();
    const TokenSet tokens = someTokens();
    RUN_OK(save, m_store->saveProfile(profile, secret));
    RUN_OK(store, m_store->storeTokens(profile.name, tokens));
    RUN_OK(load, m_store->loadSecrets(profile.name));
    QCOMPARE(load->clientSecret(), secret);
    QVERIFY(sameTokens(load->tokens(), tokens));
    QCOMPARE(m_store->profiles().size(), 2); // the file's profile stays listed

    QCOMPARE(fileBytes(indexPath()), indexBefore);
    QCOMPARE(rawKeychainRead(OAuthProfileStore::keychainKey(profile.name, QStringLiteral("tokens"))), QKeychain::EntryNotFound);
    QCOMPARE(rawKeychainRead(OAuthProfileStore::keychainKey(profile.name, QStringLiteral("client-secret"))),
             QKeychain::EntryNotFound);

    m_credentials->store()->setSessionOnly(false);
    QVERIFY(!m_store->profile(profile.name));
    QVERIFY(m_store->profile(QStringLiteral("on-disk")));
}

void tst_OAuthProfileStore::refusedTokenWriteLeavesThePreviousPairInTheKeychain()
{
    const ChildRun child = runSelfWithOwnKeyring(kLockedChild);
    QVERIFY2(child.error.isEmpty(), qPrintable(child.error));
    QVERIFY(child.finished);
    QVERIFY2(child.passed, child.output.constData());
    QVERIFY2(child.output.contains("Totals: 3 passed, 0 failed"), child.output.constData());
}

// In a child process whose session bus has a gnome-keyring of its own, which it locks mid-way.
class tst_OAuthProfileStoreLocked : public QObject
{
    Q_OBJECT
private slots:
    void refusedTokenWriteLeavesThePreviousPair();
};

void tst_OAuthProfileStoreLocked::refusedTokenWriteLeavesThePreviousPair()
{
    const QByteArray password = qgetenv(kLockedChild);
    TemporaryCredentialStore credentials;
    QTemporaryDir dir;
    OAuthProfileStore store(credentials.store(), dir.filePath(QStringLiteral("oauth-profiles.json")));
    const OAuthProfile profile = profileNamed(QStringLiteral("locked"));
    RUN_OK(save, store.saveProfile(profile, randomSecret()));
    const TokenSet first = someTokens();
    RUN_OK(storeFirst, store.storeTokens(profile.name, first));

    QString error;
    QVERIFY2(PrivateSessionBus::lockDefaultCollection(QDBusConnection::sessionBus(), &error), qPrintable(error));
    auto refused = runJobCheckingContract(store.storeTokens(profile.name, someTokens()));
    QVERIFY(refused);
    QCOMPARE(refused->status().codeName(), Status::codeName(Status::Code::KeychainError));
    QCOMPARE(NoteCodes::name(refused->status().reason()), NoteCodes::name(NoteCode::KeychainUnavailable));

    QVERIFY2(PrivateSessionBus::unlockDefaultCollection(QDBusConnection::sessionBus(), password, &error), qPrintable(error));
    RUN_OK(load, store.loadSecrets(profile.name));
    QVERIFY(sameTokens(load->tokens(), first));
    RUN_OK(remove, store.removeProfile(profile.name));
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    return CredentialTesting::execTestOrChild<tst_OAuthProfileStore, tst_OAuthProfileStoreLocked>(kLockedChild, argc, argv);
}

#include "tst_oauthprofilestore.moc"
