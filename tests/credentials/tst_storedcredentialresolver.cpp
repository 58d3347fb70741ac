#include "credentials/credentialindex.h"
#include "credentials/credentialstore.h"
#include "credentials/forgetcredentialsjob.h"
#include "credentials/savecredentialjob.h"
#include "credentials/storedcredentialresolver.h"
#include "credentialtesting.h"

#include <qt6keychain/keychain.h>

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// StoredCredentialResolver over the real Secret Service the harness starts: a request's
// storedId (whole id or unique prefix) becomes the values the engine sends, for the request's
// own origin only; and in a child process on a session bus without a Secret Service.
using namespace CredentialTesting;

namespace {

const char *const kChildMode = "AUTHSCOPE_RESOLVER_NO_KEYCHAIN_CHILD";
const QString kOrigin = QStringLiteral("http://127.0.0.1:8080");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

HttpRequest requestFor(const QString &url, const QString &storedId)
{
    HttpRequest request;
    request.url = QUrl(url);
    request.credentials.storedId = storedId;
    return request;
}

// Runs the resolver; checks that finished() comes once, after start() returned.
bool resolve(StoredCredentialResolver &resolver)
{
    QSignalSpy finished(&resolver, &StoredCredentialResolver::finished);
    resolver.start();
    if (finished.count() != 0) {
        qWarning("finished() inside start()");
        return false;
    }
    if (!finished.wait(15000))
        return false;
    QTest::qWait(20); // a second finished() would arrive here
    if (finished.count() != 1) {
        qWarning("finished() emitted %d times", int(finished.count()));
        return false;
    }
    return true;
}

} // namespace

class tst_StoredCredentialResolver : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void fillsTheFieldsOfTheStoredKind_data();
    void fillsTheFieldsOfTheStoredKind();
    void acceptsTheWholeIdOrAUniquePrefix_data();
    void acceptsTheWholeIdOrAUniquePrefix();
    void prefixShorterThanFourIsNotFound();
    void ambiguousPrefixIsInvalidInput();
    void unknownIdIsNotFound();
    void refusesACredentialOfAnotherOrigin_data();
    void refusesACredentialOfAnotherOrigin();
    void refusesAValueThatWouldBreakTheRequest_data();
    void refusesAValueThatWouldBreakTheRequest();
    void secretMissingFromTheKeychainIsNotFound();
    void requestWithoutStoredIdPassesUnchanged();
    void takeRequestWipesTheJobsCopy();
    void keychainUnavailableIsAKeychainError();

private:
    struct Seeded {
        CredentialRecord record;
        QByteArray secret;
    };
    Seeded seed(const QString &user, Credential::Kind kind, const QByteArray &secret = randomSecret(),
                const QString &id = QString(), const QString &origin = kOrigin);

    std::unique_ptr<TemporaryCredentialStore> m_temporary;
    CredentialStore *m_store = nullptr;
};

#define SEED(var, ...)                                      \
    const Seeded var = seed(__VA_ARGS__);                   \
    QVERIFY2(!var.record.id.isEmpty(), "seeding the store failed")

void tst_StoredCredentialResolver::init()
{
    m_temporary = std::make_unique<TemporaryCredentialStore>();
    QVERIFY(m_temporary->isValid());
    m_store = m_temporary->store();
}

void tst_StoredCredentialResolver::cleanup()
{
    // Leaves nothing in the (throwaway) keyring for the next test.
    m_store = nullptr;
    m_temporary.reset();
}

tst_StoredCredentialResolver::Seeded tst_StoredCredentialResolver::seed(const QString &user, Credential::Kind kind,
                                                                        const QByteArray &secret, const QString &id,
                                                                        const QString &origin)
{
    CredentialRecord record;
    record.id = id;
    record.space.scheme = kind == Credential::Kind::Password ? QByteArrayLiteral("basic")
                        : kind == Credential::Kind::Token    ? QByteArrayLiteral("bearer")
                                                             : QByteArrayLiteral("apikey");
    record.space.origin = origin;
    record.space.realm = s("Realm");
    record.user = user;
    record.kind = kind;
    const CredentialRecord saved = saveRecord(m_store, record, secret);
    if (saved.id.isEmpty())
        return {};
    return {saved, secret};
}

void tst_StoredCredentialResolver::fillsTheFieldsOfTheStoredKind_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("user");
    QTest::newRow("password") << int(Credential::Kind::Password) << s("alice");
    QTest::newRow("bearer token") << int(Credential::Kind::Token) << QString();
    QTest::newRow("API key") << int(Credential::Kind::ApiKey) << s("X-Api-Key");
}

void tst_StoredCredentialResolver::fillsTheFieldsOfTheStoredKind()
{
    QFETCH(int, kind);
    QFETCH(QString, user);
    SEED(stored, user, Credential::Kind(kind));

    StoredCredentialResolver resolver(m_store, requestFor(kOrigin + s("/path?q=1"), stored.record.id));
    QVERIFY(resolve(resolver));
    QVERIFY2(resolver.status().isOk(), qPrintable(resolver.status().message()));
    const RequestCredentials c = resolver.request().credentials;
    QCOMPARE(c.storedId, stored.record.id);
    QCOMPARE(c.user, kind == int(Credential::Kind::Password) ? user : QString());
    QCOMPARE(c.password, kind == int(Credential::Kind::Password) ? stored.secret : QByteArray());
    QCOMPARE(c.token, kind == int(Credential::Kind::Token) ? stored.secret : QByteArray());
    QCOMPARE(c.apiKeyName, kind == int(Credential::Kind::ApiKey) ? user.toUtf8() : QByteArray());
    QCOMPARE(c.apiKeyValue, kind == int(Credential::Kind::ApiKey) ? stored.secret : QByteArray());
    QVERIFY(!c.apiKeyInQuery);
    QCOMPARE(resolver.request().url, QUrl(kOrigin + s("/path?q=1")));

    // Sending it is a use: the index says when.
    m_store->reload();
    QVERIFY(m_store->index().find(stored.record.id)->lastUsed.isValid());
}

void tst_StoredCredentialResolver::acceptsTheWholeIdOrAUniquePrefix_data()
{
    addIdPrefixRows();
}

void tst_StoredCredentialResolver::acceptsTheWholeIdOrAUniquePrefix()
{
    QFETCH(int, length);
    QFETCH(bool, upperCase);
    // Ids chosen so their first 4 characters differ.
    const QString aliceId = s("a1b2") + CredentialRecord::newId().mid(4);
    const QString bobId = s("c3d4") + CredentialRecord::newId().mid(4);
    SEED(alice, s("alice"), Credential::Kind::Password, randomSecret(), aliceId);
    SEED(bob, s("bob"), Credential::Kind::Password, randomSecret(), bobId);
    QCOMPARE(alice.record.id, aliceId);

    QString given = aliceId.left(length);
    if (upperCase)
        given = given.toUpper();
    StoredCredentialResolver resolver(m_store, requestFor(kOrigin + s("/"), given));
    QVERIFY(resolve(resolver));
    QVERIFY2(resolver.status().isOk(), qPrintable(resolver.status().message()));
    QCOMPARE(resolver.request().credentials.storedId, aliceId); // the whole id, as found
    QCOMPARE(resolver.request().credentials.user, s("alice"));
    QCOMPARE(resolver.request().credentials.password, alice.secret);
}

void tst_StoredCredentialResolver::prefixShorterThanFourIsNotFound()
{
    SEED(alice, s("alice"), Credential::Kind::Password);
    StoredCredentialResolver resolver(m_store, requestFor(kOrigin + s("/"), alice.record.id.left(3)));
    QVERIFY(resolve(resolver));
    QCOMPARE(resolver.status().code(), Status::Code::NotFound);
    QCOMPARE(resolver.status().message(), s("No stored credential has the id %1").arg(alice.record.id.left(3)));
    QVERIFY(resolver.request().credentials.password.isEmpty());
    QVERIFY(resolver.request().credentials.user.isEmpty());
}

void tst_StoredCredentialResolver::ambiguousPrefixIsInvalidInput()
{
    const QString first = CredentialRecord::newId();
    const QString second = first.left(10) + (first.at(10) == u'0' ? s("1") : s("0")) + first.mid(11);
    SEED(alice, s("alice"), Credential::Kind::Password, randomSecret(), first);
    SEED(bob, s("bob"), Credential::Kind::Password, randomSecret(), second);

    StoredCredentialResolver resolver(m_store, requestFor(kOrigin + s("/"), first.left(8)));
    QVERIFY(resolve(resolver));
    QCOMPARE(resolver.status().code(), Status::Code::InvalidInput);
    QCOMPARE(resolver.status().exitCode(), 2);
    QCOMPARE(resolver.status().message(),
             s("The id %1 is ambiguous: 2 stored credentials start with it").arg(first.left(8)));
    QVERIFY(resolver.request().credentials.password.isEmpty());

    // One character more than they share settles it.
    StoredCredentialResolver longer(m_store, requestFor(kOrigin + s("/"), second.left(11)));
    QVERIFY(resolve(longer));
    QVERIFY2(longer.status().isOk(), qPrintable(longer.status().message()));
    QCOMPARE(longer.request().credentials.user, s("bob"));
}

void tst_StoredCredentialResolver::unknownIdIsNotFound()
{
    SEED(alice, s("alice"), Credential::Kind::Password);
    const QString unknown = (alice.record.id.startsWith(u'f') ? s("0") : s("f")) + alice.record.id.mid(1);
    StoredCredentialResolver resolver(m_store, requestFor(kOrigin + s("/"), unknown));
    QVERIFY(resolve(resolver));
    QCOMPARE(resolver.status().code(), Status::Code::NotFound);
    QCOMPARE(resolver.status().exitCode(), 12);
    QVERIFY(resolver.status().message().contains(unknown));
}

void tst_StoredCredentialResolver::refusesACredentialOfAnotherOrigin_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("origin"); // as the message names it
    QTest::newRow("other port") << s("http://127.0.0.1:8081/") << s("http://127.0.0.1:8081");
    QTest::newRow("https") << s("https://127.0.0.1:8080/") << s("https://127.0.0.1:8080");
    QTest::newRow("other host") << s("http://localhost:8080/") << s("http://localhost:8080");
    QTest::newRow("another site") << s("https://example.org/login") << s("https://example.org:443");
}

void tst_StoredCredentialResolver::refusesACredentialOfAnotherOrigin()
{
    QFETCH(QString, url);
    QFETCH(QString, origin);
    SEED(alice, s("alice"), Credential::Kind::Password);
    StoredCredentialResolver resolver(m_store, requestFor(url, alice.record.id.left(8)));
    QVERIFY(resolve(resolver));
    QCOMPARE(resolver.status().code(), Status::Code::InvalidInput);
    QCOMPARE(resolver.status().message(),
             s("The stored credential %1 (alice) belongs to %2, not to %3; credentials are only sent to the origin "
               "they were stored for").arg(alice.record.id, kOrigin, origin));
    const RequestCredentials c = resolver.request().credentials;
    QVERIFY(c.user.isEmpty());
    QVERIFY(c.password.isEmpty());
    // The secret was not even read.
    m_store->reload();
    QVERIFY(!m_store->index().find(alice.record.id)->lastUsed.isValid());
}

void tst_StoredCredentialResolver::refusesAValueThatWouldBreakTheRequest_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QByteArray>("tail"); // appended to a random secret
    QTest::addColumn<QString>("why");
    QTest::newRow("API key with a newline") << int(Credential::Kind::ApiKey) << s("X-Api-Key") << QByteArray("\r\nX-Evil: 1")
                                            << s("the API key has a line break or NUL in it");
    QTest::newRow("API key with NUL") << int(Credential::Kind::ApiKey) << s("X-Api-Key") << QByteArray("\0x", 2)
                                      << s("the API key has a line break or NUL in it");
    QTest::newRow("API key name not a token") << int(Credential::Kind::ApiKey) << s("Api Key") << QByteArray()
                                              << s("the API key name \"Api Key\" is not a valid header name");
    QTest::newRow("token with a newline") << int(Credential::Kind::Token) << QString() << QByteArray("\nX-Evil: 1")
                                          << s("the bearer token has a character RFC 6750 does not allow (space, "
                                               "quote or control)");
}

void tst_StoredCredentialResolver::refusesAValueThatWouldBreakTheRequest()
{
    QFETCH(int, kind);
    QFETCH(QString, user);
    QFETCH(QByteArray, tail);
    QFETCH(QString, why);
    SEED(stored, user, Credential::Kind(kind), randomSecret() + tail);

    StoredCredentialResolver resolver(m_store, requestFor(kOrigin + s("/"), stored.record.id));
    QVERIFY(resolve(resolver));
    QCOMPARE(resolver.status().code(), Status::Code::InvalidInput);
    QCOMPARE(resolver.status().message(), s("The stored credential %1 cannot be sent: %2").arg(stored.record.id, why));
    QVERIFY(!resolver.status().message().contains(QString::fromLatin1(stored.secret.left(32))));
    // Nothing of the secret is left in the request.
    const RequestCredentials c = resolver.request().credentials;
    QVERIFY(c.token.isEmpty());
    QVERIFY(c.apiKeyValue.isEmpty());
    QVERIFY(c.password.isEmpty());
}

void tst_StoredCredentialResolver::secretMissingFromTheKeychainIsNotFound()
{
    SEED(alice, s("alice"), Credential::Kind::Password);
    // Removed behind AuthScope's back: the index still lists it.
    QCOMPARE(deleteKeychainEntry(alice.record.id), QKeychain::NoError);

    StoredCredentialResolver resolver(m_store, requestFor(kOrigin + s("/"), alice.record.id));
    QVERIFY(resolve(resolver));
    QCOMPARE(resolver.status().code(), Status::Code::NotFound);
    QVERIFY(resolver.request().credentials.password.isEmpty());
}

void tst_StoredCredentialResolver::requestWithoutStoredIdPassesUnchanged()
{
    HttpRequest request = requestFor(kOrigin + s("/"), QString());
    request.credentials.user = s("carol");
    request.credentials.password = randomSecret();
    StoredCredentialResolver resolver(m_store, request);
    QVERIFY(resolve(resolver));
    QVERIFY(resolver.status().isOk());
    QCOMPARE(resolver.request().credentials.user, s("carol"));
    QCOMPARE(resolver.request().credentials.password, request.credentials.password);

    // Without a store, a reference cannot be resolved.
    StoredCredentialResolver noStore(nullptr, requestFor(kOrigin + s("/"), s("abcdef")));
    QVERIFY(resolve(noStore));
    QCOMPARE(noStore.status().code(), Status::Code::KeychainError);
}

void tst_StoredCredentialResolver::takeRequestWipesTheJobsCopy()
{
    SEED(alice, s("alice"), Credential::Kind::Password);
    SEED(key, s("X-Api-Key"), Credential::Kind::ApiKey);
    for (const Seeded *stored : {&alice, &key}) {
        StoredCredentialResolver resolver(m_store, requestFor(kOrigin + s("/"), stored->record.id));
        QVERIFY(resolve(resolver));
        QVERIFY2(resolver.status().isOk(), qPrintable(resolver.status().message()));
        const HttpRequest taken = resolver.takeRequest();
        QCOMPARE(stored == &alice ? taken.credentials.password : taken.credentials.apiKeyValue, stored->secret);
        const RequestCredentials left = resolver.request().credentials;
        QVERIFY(left.password.isEmpty());
        QVERIFY(left.token.isEmpty());
        QVERIFY(left.apiKeyValue.isEmpty());
        // What is not secret stays: the id, the user, the key's name.
        QCOMPARE(left.storedId, stored->record.id);
    }
}

void tst_StoredCredentialResolver::keychainUnavailableIsAKeychainError()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ini = dir.filePath(s("credentials.ini"));
    CredentialRecord record = recordFor(kOrigin, s("alice"), QString());
    QVERIFY(putIndexRecord(ini, &record));

    const ChildRun child = runSelfWithoutSecretService(kChildMode, ini + u'\n' + record.id, {}, 60000);
    QVERIFY2(child.error.isEmpty(), qPrintable(child.error));
    QVERIFY(child.finished);
    QVERIFY2(child.passed, child.output.constData());
    QVERIFY2(child.output.contains("resolver: KeychainError 11 No keychain service is running"),
             child.output.constData());
}

// The child: resolves the seeded id on a bus without a Secret Service and prints the outcome.
static int runWithoutKeychain(const QString &argument)
{
    const QStringList parts = argument.split(u'\n');
    QSettings settings(parts.value(0), QSettings::IniFormat);
    CredentialStore store(&settings);
    StoredCredentialResolver resolver(&store, requestFor(kOrigin + s("/"), parts.value(1).left(8)));
    if (!resolve(resolver))
        return 1;
    const Status status = resolver.status();
    const bool keychainError = status.code() == Status::Code::KeychainError;
    printf("resolver: %s %d %s\n", keychainError ? "KeychainError" : "other", status.exitCode(),
           qPrintable(status.message()));
    return resolver.request().credentials.password.isEmpty() ? 0 : 1;
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet(kChildMode))
        return runWithoutKeychain(qEnvironmentVariable(kChildMode));
    tst_StoredCredentialResolver test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_storedcredentialresolver.moc"
