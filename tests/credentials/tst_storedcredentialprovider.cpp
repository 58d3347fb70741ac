#include "notetesting.h"
#include "apacheserver.h"
#include "auth/credentialprovider.h"
#include "credentialtesting.h"
#include "credentials/credentialindex.h"
#include "credentials/credentialstore.h"
#include "credentials/forgetcredentialsjob.h"
#include "credentials/loadcredentialjob.h"
#include "credentials/removecredentialjob.h"
#include "credentials/savecredentialjob.h"
#include "credentials/storedcredentialprovider.h"
#include "engine/exchangejob.h"
#include "engine/httpsession.h"
#include "httpbinserver.h"
#include "scriptedcredentialprovider.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// StoredCredentialProvider in front of a scripted asker (standing in for the dialog or the
// terminal prompt), in real exchanges against Apache (mod_auth_basic, mod_auth_digest) and
// python3-httpbin, over a CredentialStore on the real Secret Service the harness starts; and in a
// child process on a session bus without one.
using namespace CredentialTesting;

namespace {

const char *const kChildMode = "AUTHSCOPE_STOREDPROVIDER_NO_KEYCHAIN_CHILD";

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

Credential password(const QString &user, const QByteArray &secret)
{
    return Credential{Credential::Kind::Password, user, secret, {}, {}};
}

HttpRequest get(const QUrl &url)
{
    HttpRequest request;
    request.url = url;
    return request;
}

Exchange runExchange(HttpSession &session, const HttpRequest &request)
{
    ExchangeJob *job = session.createExchange(request);
    QSignalSpy finished(job, &ExchangeJob::finished);
    job->start();
    // A helper cannot QVERIFY and return a value; the lambda records the failure for the test.
    [&] { QVERIFY2(finished.wait(20000), "the exchange did not finish within 20 s"); }();
    return job->exchange();
}

ProtectionSpace spaceOf(const QUrl &url, const char *scheme, const QString &realm)
{
    ProtectionSpace space;
    space.scheme = scheme;
    space.origin = ProtectionSpace::originOf(url);
    space.realm = realm;
    return space;
}

QString reasons(const Exchange &exchange)
{
    QStringList lines;
    for (const Leg &leg : exchange.legs)
        lines << QStringLiteral("leg %1: %2 %3 | %4").arg(leg.index).arg(leg.statusCode).arg(leg.reason,
                                                                                          NoteTesting::codes(leg).join(u'|'));
    return lines.join(u'\n');
}

// Waits for saves the provider started after a verdict.
bool waitForSaves(StoredCredentialProvider &provider)
{
    if (provider.pendingSaves() == 0)
        return true;
    QSignalSpy done(&provider, &StoredCredentialProvider::savesFinished);
    return done.wait(15000);
}

// What each exchange here is made with: the scripted user behind a StoredCredentialProvider over
// a store, spies on what the provider reports, and an HTTP session that asks it.
struct StoredProviderClient {
    explicit StoredProviderClient(CredentialStore *store)
        : provider(store, &asker)
    {
        session.setCredentialProvider(&provider);
    }

    // In the client's own session, which keeps what worked for its next exchanges.
    Exchange send(const HttpRequest &request) { return runExchange(session, request); }
    Exchange send(const QUrl &url) { return send(get(url)); }
    // In a new session, with nothing cached from earlier exchanges: only the store can answer.
    Exchange sendInNewSession(const QUrl &url)
    {
        HttpSession fresh(&manager);
        fresh.setCredentialProvider(&provider);
        return runExchange(fresh, get(url));
    }

    QNetworkAccessManager manager;
    HttpSession session{&manager};
    ScriptedCredentialProvider asker;
    StoredCredentialProvider provider;
    QSignalSpy used{&provider, &StoredCredentialProvider::used};
    QSignalSpy saved{&provider, &StoredCredentialProvider::saved};
    QSignalSpy unavailable{&provider, &StoredCredentialProvider::keychainUnavailable};
    QSignalSpy problems{&provider, &StoredCredentialProvider::problem};
};

} // namespace

class tst_StoredCredentialProvider : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void answersFromTheStoreWithoutAsking_data();
    void answersFromTheStoreWithoutAsking();
    void preferredUserPicksAmongStoredUsers();
    void triesTheNextStoredUserAfterARefusal();
    void skipsAStoredRecordWhoseSecretIsGone();
    void refusedStoredPasswordAsksOnceWithANote();
    void passwordRefusedInAnEarlierRunIsNotSentUntilReplaced();
    void savesARememberedAnswerOnceAccepted_data();
    void savesARememberedAnswerOnceAccepted();
    void replacesARememberedPasswordThatStopsWorkingLaterInTheRun();
    void savesNothingTheServerRefused_data();
    void savesNothingTheServerRefused();
    void saveAcceptedKeepsCredentialsGivenWithTheRequest();
    void saveAcceptedKeepsNothingARefusedRequestGave();
    void storedTokenAnswersABearerChallenge();
    void rememberedTokenIsSavedAsAToken();
    void apiKeyQuestionsAreNotRemembered();
    void keychainErrorFallsThroughToTheAsker();
    void keychainLookupIsAStepOfTheExchange();
    void storedReferenceIsReadByTheExchangesFirstStep();
    void refusalAtAnotherUsersUrlKeepsThePasswordForItsOwn();
    void sessionAnswerRefusedAtAnotherUrlCostsNoAttempt();
    void deletingAStoredCredentialEndsTheSessionCopy();
    void askMeSkipsTheStoreAndTheSession();

private:
    struct Seeded {
        CredentialRecord record;
        QByteArray secret;
    };
    Seeded seed(const ProtectionSpace &space, const QString &user, const QByteArray &secret,
                Credential::Kind kind = Credential::Kind::Password, const QString &label = QString(),
                const QDateTime &lastUsed = QDateTime());
    // Alice and bob in the one realm httpbin's /basic-auth/USER/PW gives every user of the origin,
    // alice used an hour more recently; url accepts only bob.
    struct AliceAndBob {
        QUrl url;
        Seeded alice;
        Seeded bob;
        bool isComplete() const { return !alice.record.id.isEmpty() && !bob.record.id.isEmpty(); }
    };
    AliceAndBob seedAliceAndBob();
    QUrl urlFor(const QString &server) const;
    ProtectionSpace spaceFor(const QString &server) const;

    HttpbinServer m_httpbin;
    ApacheServer m_apache;
    QByteArray m_apachePassword;
    std::unique_ptr<TemporaryCredentialStore> m_temporary;
    CredentialStore *m_store = nullptr;
};

#define SEED(var, ...)                                      \
    const Seeded var = seed(__VA_ARGS__);                   \
    QVERIFY2(!var.record.id.isEmpty(), "seeding the store failed")

void tst_StoredCredentialProvider::initTestCase()
{
    m_apachePassword = randomSecret();
    QString error;
    QVERIFY2(m_httpbin.start(&error), qPrintable(error));
    QVERIFY(m_apache.protectBasic(s("/basic/"), s("basic realm"), s("alice"), m_apachePassword));
    QVERIFY(m_apache.protectDigest(s("/digest/"), s("digest realm"), s("alice"), m_apachePassword));
    QVERIFY2(m_apache.start(&error), qPrintable(error));
}

void tst_StoredCredentialProvider::init()
{
    m_temporary = std::make_unique<TemporaryCredentialStore>();
    QVERIFY(m_temporary->isValid());
    m_store = m_temporary->store();
}

void tst_StoredCredentialProvider::cleanup()
{
    // Leaves nothing in the (throwaway) keyring for the next test.
    m_store = nullptr;
    m_temporary.reset();
}

tst_StoredCredentialProvider::Seeded tst_StoredCredentialProvider::seed(const ProtectionSpace &space,
                                                                        const QString &user,
                                                                        const QByteArray &secret,
                                                                        Credential::Kind kind, const QString &label,
                                                                        const QDateTime &lastUsed)
{
    CredentialRecord record;
    record.space = space;
    record.user = user;
    record.kind = kind;
    record.label = label;
    record.lastUsed = lastUsed;
    const CredentialRecord saved = saveRecord(m_store, record, secret);
    if (saved.id.isEmpty())
        return {};
    return {saved, secret};
}

tst_StoredCredentialProvider::AliceAndBob tst_StoredCredentialProvider::seedAliceAndBob()
{
    const QByteArray bobSecret = randomSecret();
    const QUrl url = m_httpbin.url(s("/basic-auth/bob/") + QString::fromLatin1(bobSecret));
    const ProtectionSpace space = spaceOf(url, "basic", s("Fake Realm"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Seeded alice = seed(space, s("alice"), randomSecret(), Credential::Kind::Password, QString(), now);
    Seeded bob = seed(space, s("bob"), bobSecret, Credential::Kind::Password, QString(), now.addSecs(-3600));
    return {url, alice, bob};
}

QUrl tst_StoredCredentialProvider::urlFor(const QString &server) const
{
    return server == u"apache digest" ? m_apache.url(s("/digest/index.html")) : m_apache.url(s("/basic/index.html"));
}

ProtectionSpace tst_StoredCredentialProvider::spaceFor(const QString &server) const
{
    return server == u"apache digest" ? spaceOf(urlFor(server), "digest", s("digest realm"))
                                      : spaceOf(urlFor(server), "basic", s("basic realm"));
}

void tst_StoredCredentialProvider::answersFromTheStoreWithoutAsking_data()
{
    QTest::addColumn<QString>("server");
    QTest::newRow("apache basic") << s("apache basic");
    QTest::newRow("apache digest") << s("apache digest");
    QTest::newRow("httpbin basic") << s("httpbin basic");
}

void tst_StoredCredentialProvider::answersFromTheStoreWithoutAsking()
{
    QFETCH(QString, server);
    QUrl url;
    ProtectionSpace space;
    QByteArray secret;
    if (server == u"httpbin basic") {
        secret = randomSecret();
        url = m_httpbin.url(s("/basic-auth/alice/") + QString::fromLatin1(secret));
        space = spaceOf(url, "basic", s("Fake Realm"));
    } else {
        secret = m_apachePassword;
        url = urlFor(server);
        space = spaceFor(server);
    }
    SEED(alice, space, s("alice"), secret, Credential::Kind::Password, s("work"));
    QVERIFY(!alice.record.lastUsed.isValid());

    StoredProviderClient client(m_store);

    const Exchange ex = client.send(url);
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(1).statusCode, 200);
    QVERIFY(client.asker.asked.isEmpty());
    QCOMPARE(client.used.count(), 1);
    QCOMPARE(client.used.at(0).at(0).value<CredentialRecord>().id, alice.record.id);
    // The leg says where the answer came from, by short id and never with the secret.
    QCOMPARE(ex.steps.at(1).source, NoteCode::CredentialFromKeychain);
    QVERIFY2(ex.legs.at(1).reason.contains(alice.record.id.left(8)), qPrintable(reasons(ex)));
    QVERIFY(!reasons(ex).contains(QString::fromLatin1(secret)));

    // It came from the store: it is marked used, not saved again.
    QVERIFY(waitForSaves(client.provider));
    QCOMPARE(client.saved.count(), 0);
    m_store->reload();
    QCOMPARE(m_store->index().size(), 1);
    const CredentialRecord after = *m_store->index().find(alice.record.id);
    QVERIFY(after.lastUsed.isValid());
    QCOMPARE(after.label, s("work"));
}

void tst_StoredCredentialProvider::preferredUserPicksAmongStoredUsers()
{
    // Alice was used more recently: without a preference she would be tried first.
    const AliceAndBob seeded = seedAliceAndBob();
    QVERIFY2(seeded.isComplete(), "seeding the store failed");
    const auto &[url, alice, bob] = seeded;

    StoredProviderClient client(m_store);
    client.provider.setPreferredUser(s("bob"));

    const Exchange ex = client.send(url);
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(1).statusCode, 200);
    QVERIFY(client.asker.asked.isEmpty());
    QCOMPARE(client.used.count(), 1);
    QCOMPARE(client.used.at(0).at(0).value<CredentialRecord>().user, s("bob"));
    // Alice's secret was not even read: her record is not marked used.
    m_store->reload();
    QCOMPARE(m_store->index().find(alice.record.id)->lastUsed, alice.record.lastUsed);
}

void tst_StoredCredentialProvider::triesTheNextStoredUserAfterARefusal()
{
    const AliceAndBob seeded = seedAliceAndBob();
    QVERIFY2(seeded.isComplete(), "seeding the store failed");
    const auto &[url, alice, bob] = seeded;

    StoredProviderClient client(m_store);

    // Most recently used first: alice, refused by this URL; then bob, never alice again.
    const Exchange ex = client.send(url);
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 3);
    QCOMPARE(ex.legs.at(1).statusCode, 401);
    QCOMPARE(ex.legs.at(2).statusCode, 200);
    QVERIFY(client.asker.asked.isEmpty());
    QCOMPARE(client.used.count(), 2);
    QCOMPARE(client.used.at(0).at(0).value<CredentialRecord>().user, s("alice"));
    QCOMPARE(client.used.at(1).at(0).value<CredentialRecord>().user, s("bob"));
    // A refusal deletes nothing: the stored password may be right for another path.
    m_store->reload();
    QCOMPARE(m_store->index().size(), 2);
    QCOMPARE(storedSecret(m_store, alice.record.id), alice.secret);
}

void tst_StoredCredentialProvider::skipsAStoredRecordWhoseSecretIsGone()
{
    const AliceAndBob seeded = seedAliceAndBob();
    QVERIFY2(seeded.isComplete(), "seeding the store failed");
    const auto &[url, alice, bob] = seeded;
    // Alice's secret removed behind AuthScope's back: the index still lists it, first.
    QCOMPARE(deleteKeychainEntry(alice.record.id), QKeychain::NoError);

    StoredProviderClient client(m_store);

    const Exchange ex = client.send(url);
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 2);
    QVERIFY(client.asker.asked.isEmpty());
    QCOMPARE(client.used.count(), 1);
    QCOMPARE(client.used.at(0).at(0).value<CredentialRecord>().user, s("bob"));
    QCOMPARE(client.problems.count(), 1);
    const QString problem = client.problems.at(0).at(0).toString();
    QVERIFY2(problem.startsWith(s("The keychain has no secret for the stored credential of alice at ")),
             qPrintable(problem));
}

void tst_StoredCredentialProvider::refusedStoredPasswordAsksOnceWithANote()
{
    const ProtectionSpace space = spaceFor(s("apache basic"));
    SEED(stale, space, s("alice"), randomSecret(), Credential::Kind::Password, s("old one"));

    StoredProviderClient client(m_store);
    client.asker.answers.append({password(s("alice"), m_apachePassword), false});
    const Exchange ex = client.sendInNewSession(urlFor(s("apache basic")));
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 3);
    QCOMPARE(ex.legs.at(1).statusCode, 401);
    QCOMPARE(ex.legs.at(2).statusCode, 200);
    QCOMPARE(client.used.count(), 1);
    QCOMPARE(client.asker.asked.size(), 1);
    const CredentialRequest &question = client.asker.asked.at(0);
    QCOMPARE(question.storedRejectedUser, s("alice"));
    QCOMPARE(question.rejectedUser, s("alice"));
    QCOMPARE(question.defaultUser, s("alice"));
    QCOMPARE(question.attempt, 2);
    QVERIFY(question.canRemember);
    QVERIFY(!question.rememberSessionOnly);
    QVERIFY2(LegNoteList::contains(question.notes, NoteCode::StoredCredentialRefused),
             qPrintable(NoteTesting::describe(question.notes)));

    // Not asked to remember: the stored record is left as it was.
    QVERIFY(waitForSaves(client.provider));
    QCOMPARE(client.saved.count(), 0);
    QCOMPARE(storedSecret(m_store, stale.record.id), stale.secret);

    // The refused credential is not offered again in this run, even to a session without the
    // cached answer: the asker is asked at once, and told why.
    client.asker.answers.append({password(s("alice"), m_apachePassword), false});
    const Exchange again = client.sendInNewSession(urlFor(s("apache basic")));
    QVERIFY2(again.status.isOk(), qPrintable(again.status.message()));
    QCOMPARE(again.legs.size(), 2);
    QCOMPARE(client.used.count(), 1);
    QCOMPARE(client.asker.asked.size(), 2);
    QCOMPARE(client.asker.asked.at(1).storedRejectedUser, s("alice"));
    QCOMPARE(client.asker.asked.at(1).attempt, 1);
}

void tst_StoredCredentialProvider::passwordRefusedInAnEarlierRunIsNotSentUntilReplaced()
{
    // Sending a password the server is known to refuse, run after run, could lock the account.
    const ProtectionSpace space = spaceFor(s("apache basic"));
    SEED(stale, space, s("alice"), randomSecret(), Credential::Kind::Password, s("old one"));
    {
        StoredProviderClient firstRun(m_store);
        firstRun.asker.answers.append({password(s("alice"), m_apachePassword), false});
        QCOMPARE(firstRun.sendInNewSession(urlFor(s("apache basic"))).legs.size(), 3);
    }
    const std::optional<CredentialRecord> marked = m_store->index().find(stale.record.id);
    QVERIFY(marked && marked->isRefused());

    // The next run asks at once, says since when the stored one is refused, and replaces it.
    StoredProviderClient nextRun(m_store);
    nextRun.asker.answers.append({password(s("alice"), m_apachePassword), true});
    const Exchange ex = nextRun.sendInNewSession(urlFor(s("apache basic")));
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(nextRun.used.count(), 0);
    QCOMPARE(nextRun.asker.asked.size(), 1);
    QCOMPARE(nextRun.asker.asked.at(0).storedRejectedUser, s("alice"));
    QCOMPARE(nextRun.asker.asked.at(0).defaultUser, s("alice"));
    QVERIFY2(LegNoteList::contains(nextRun.asker.asked.at(0).notes, NoteCode::StoredCredentialRefused),
             qPrintable(NoteTesting::describe(nextRun.asker.asked.at(0).notes)));
    // The note says since when (the date is the particular the code does not carry).
    QVERIFY2(NoteTesting::describe(nextRun.asker.asked.at(0).notes).contains(QDate::currentDate().toString(Qt::ISODate)),
             qPrintable(NoteTesting::describe(nextRun.asker.asked.at(0).notes)));
    QVERIFY(waitForSaves(nextRun.provider));
    QCOMPARE(nextRun.saved.count(), 1);
    const std::optional<CredentialRecord> replaced = m_store->index().find(stale.record.id);
    QVERIFY(replaced && !replaced->isRefused());
    QCOMPARE(replaced->label, s("old one"));
    QCOMPARE(storedSecret(m_store, stale.record.id), m_apachePassword);

    // And the run after that uses it without asking.
    StoredProviderClient thirdRun(m_store);
    const Exchange used = thirdRun.sendInNewSession(urlFor(s("apache basic")));
    QCOMPARE(used.legs.size(), 2);
    QCOMPARE(used.finalLeg()->statusCode, 200);
    QCOMPARE(thirdRun.asker.asked.size(), 0);
    QCOMPARE(thirdRun.used.count(), 1);
}

void tst_StoredCredentialProvider::savesARememberedAnswerOnceAccepted_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<bool>("storedBefore");
    QTest::newRow("basic, nothing stored") << s("apache basic") << false;
    QTest::newRow("digest, nothing stored") << s("apache digest") << false;
    QTest::newRow("basic, stored password refused") << s("apache basic") << true;
    QTest::newRow("digest, stored password refused") << s("apache digest") << true;
}

void tst_StoredCredentialProvider::savesARememberedAnswerOnceAccepted()
{
    QFETCH(QString, server);
    QFETCH(bool, storedBefore);
    const ProtectionSpace space = spaceFor(server);
    Seeded stale;
    if (storedBefore) {
        stale = seed(space, s("alice"), randomSecret(), Credential::Kind::Password, s("my label"));
        QVERIFY(!stale.record.id.isEmpty());
    }

    StoredProviderClient client(m_store);
    client.asker.answers.append({password(s("alice"), m_apachePassword), true});
    const Exchange ex = client.sendInNewSession(urlFor(server));
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.finalLeg()->statusCode, 200);
    QCOMPARE(client.asker.asked.size(), 1);
    QVERIFY(waitForSaves(client.provider));
    QCOMPARE(client.saved.count(), 1);
    QCOMPARE(client.unavailable.count(), 0);
    QCOMPARE(client.problems.count(), 0);
    const CredentialRecord record = client.saved.at(0).at(0).value<CredentialRecord>();
    QCOMPARE(client.saved.at(0).at(1).toBool(), storedBefore);
    QCOMPARE(record.space, space);
    QCOMPARE(record.user, s("alice"));
    QCOMPARE(record.kind, Credential::Kind::Password);
    m_store->reload();
    QCOMPARE(m_store->index().size(), 1);
    if (storedBefore) {
        // An update of the same record: same id, the user's label kept.
        QCOMPARE(record.id, stale.record.id);
        QCOMPARE(m_store->index().list().first().label, s("my label"));
    }
    QCOMPARE(storedSecret(m_store, record.id), m_apachePassword);

    // Once saved it answers: a session without the cached answer does not ask again, even where
    // the record had been refused earlier in this run (it holds the new password now).
    QSignalSpy used(&client.provider, &StoredCredentialProvider::used);
    const Exchange again = client.sendInNewSession(urlFor(server));
    QVERIFY2(again.status.isOk(), qPrintable(again.status.message()));
    QCOMPARE(again.legs.size(), 2);
    QCOMPARE(again.legs.at(1).statusCode, 200);
    QCOMPARE(client.asker.asked.size(), 1);
    QCOMPARE(used.count(), 1);
    QVERIFY(waitForSaves(client.provider));
    QCOMPARE(client.saved.count(), 1);
}

void tst_StoredCredentialProvider::replacesARememberedPasswordThatStopsWorkingLaterInTheRun()
{
    // httpbin's /basic-auth/alice/PW takes the password from the path: the same realm and user
    // with a password that changes, as when it is changed on the server during a long GUI run.
    const QByteArray first = randomSecret();
    const QByteArray second = randomSecret();
    const QUrl firstUrl = m_httpbin.url(s("/basic-auth/alice/") + QString::fromLatin1(first));
    const QUrl secondUrl = m_httpbin.url(s("/basic-auth/alice/") + QString::fromLatin1(second));
    StoredProviderClient client(m_store);
    client.asker.answers.append({password(s("alice"), first), true});
    client.asker.answers.append({password(s("alice"), second), true});

    QVERIFY(client.sendInNewSession(firstUrl).status.isOk());
    QVERIFY(waitForSaves(client.provider));
    QCOMPARE(client.saved.count(), 1);
    const QString id = client.saved.at(0).at(0).value<CredentialRecord>().id;

    // The stored first password is refused; the second, typed and ticked, replaces it.
    const Exchange changed = client.sendInNewSession(secondUrl);
    QVERIFY2(changed.status.isOk(), qPrintable(changed.status.message()));
    QCOMPARE(changed.legs.size(), 3);
    QCOMPARE(client.used.count(), 1);
    QCOMPARE(client.asker.asked.size(), 2);
    QCOMPARE(client.asker.asked.at(1).storedRejectedUser, s("alice"));
    QVERIFY(waitForSaves(client.provider));
    QCOMPARE(client.saved.count(), 2);
    QCOMPARE(client.saved.at(1).at(0).value<CredentialRecord>().id, id);
    QCOMPARE(client.saved.at(1).at(1).toBool(), true);
    QCOMPARE(storedSecret(m_store, id), second);

    // And the replaced record answers from then on.
    const Exchange later = client.sendInNewSession(secondUrl);
    QVERIFY2(later.status.isOk(), qPrintable(later.status.message()));
    QCOMPARE(later.legs.size(), 2);
    QCOMPARE(client.used.count(), 2);
    QCOMPARE(client.asker.asked.size(), 2);
}

void tst_StoredCredentialProvider::savesNothingTheServerRefused_data()
{
    QTest::addColumn<bool>("retryRight");
    QTest::newRow("refused, then cancelled") << false;
    QTest::newRow("refused, then right but not ticked") << true;
}

void tst_StoredCredentialProvider::savesNothingTheServerRefused()
{
    QFETCH(bool, retryRight);
    StoredProviderClient client(m_store);
    client.asker.answers.append({password(s("alice"), randomSecret()), true});
    if (retryRight)
        client.asker.answers.append({password(s("alice"), m_apachePassword), false});

    const Exchange ex = client.send(urlFor(s("apache basic")));
    if (retryRight) {
        QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
        QCOMPARE(ex.finalLeg()->statusCode, 200);
    } else {
        QCOMPARE(ex.status.code(), Status::Code::AuthenticationFailed);
    }
    QCOMPARE(client.asker.asked.size(), 2);
    QVERIFY(waitForSaves(client.provider));
    QTest::qWait(200); // a save started late would show here
    QCOMPARE(client.provider.pendingSaves(), 0);
    QCOMPARE(client.saved.count(), 0);
    m_store->reload();
    QCOMPARE(m_store->index().size(), 0);
    QSettings reread(m_temporary->indexPath(), QSettings::IniFormat);
    QVERIFY(reread.childGroups().isEmpty());
}

void tst_StoredCredentialProvider::saveAcceptedKeepsCredentialsGivenWithTheRequest()
{
    StoredProviderClient client(m_store);
    client.provider.setSaveAccepted(true);

    HttpRequest request = get(urlFor(s("apache digest")));
    request.credentials.user = s("alice");
    request.credentials.password = m_apachePassword;
    const Exchange ex = client.send(request);
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(1).statusCode, 200);
    QVERIFY(client.asker.asked.isEmpty());

    QVERIFY(waitForSaves(client.provider));
    QCOMPARE(client.saved.count(), 1);
    QCOMPARE(client.saved.at(0).at(1).toBool(), false);
    const CredentialRecord record = client.saved.at(0).at(0).value<CredentialRecord>();
    QCOMPARE(record.space, spaceFor(s("apache digest")));
    QCOMPARE(record.user, s("alice"));
    QCOMPARE(storedSecret(m_store, record.id), m_apachePassword);

    // The next exchange of the session answers up front from its cache: nothing is saved twice.
    const Exchange again = client.send(request);
    QVERIFY2(again.status.isOk(), qPrintable(again.status.message()));
    QVERIFY(waitForSaves(client.provider));
    QCOMPARE(client.saved.count(), 1);
    m_store->reload();
    QCOMPARE(m_store->index().size(), 1);
}

void tst_StoredCredentialProvider::saveAcceptedKeepsNothingARefusedRequestGave()
{
    StoredProviderClient client(m_store); // the scripted user has no answer: cancels
    client.provider.setSaveAccepted(true);

    HttpRequest request = get(urlFor(s("apache basic")));
    request.credentials.user = s("alice");
    request.credentials.password = randomSecret();
    const Exchange ex = client.send(request);
    QCOMPARE(ex.status.code(), Status::Code::AuthenticationFailed);
    QCOMPARE(client.asker.asked.size(), 1);
    QVERIFY(waitForSaves(client.provider));
    QTest::qWait(200);
    QCOMPARE(client.saved.count(), 0);
    m_store->reload();
    QCOMPARE(m_store->index().size(), 0);
}

void tst_StoredCredentialProvider::storedTokenAnswersABearerChallenge()
{
    // httpbin's /bearer answers 401 with "WWW-Authenticate: Bearer" (no realm) without a token.
    const QUrl url = m_httpbin.url(s("/bearer"));
    SEED(token, spaceOf(url, "bearer", QString()), QString(), randomSecret(), Credential::Kind::Token);

    StoredProviderClient client(m_store);

    const Exchange ex = client.send(url);
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(0).statusCode, 401);
    QCOMPARE(ex.legs.at(0).challenges.value(0).scheme, QByteArray("Bearer"));
    QCOMPARE(ex.legs.at(1).statusCode, 200);
    QCOMPARE(ex.legs.at(1).requestHeaders.value("Authorization"), QByteArray("Bearer " + token.secret));
    QVERIFY(client.asker.asked.isEmpty());
    QCOMPARE(client.used.count(), 1);
    QCOMPARE(ex.steps.at(1).source, NoteCode::CredentialFromKeychain);
    QVERIFY2(ex.legs.at(1).reason.contains(token.record.id.left(8)), qPrintable(reasons(ex)));

    // A stored password for the same origin is not a token: with only that, the asker is asked.
    auto removed = runJob(m_store->remove(token.record.id));
    QVERIFY(removed && removed->error() == CredentialStoreJob::Error::NoError);
    SEED(pw, spaceOf(url, "bearer", QString()), s("alice"), randomSecret(), Credential::Kind::Password);
    HttpSession second(&client.manager);
    StoredCredentialProvider other(m_store, &client.asker);
    second.setCredentialProvider(&other);
    const Exchange asked = runExchange(second, get(url));
    QCOMPARE(client.asker.asked.size(), 1);
    QCOMPARE(client.asker.asked.at(0).kind, Credential::Kind::Token);
    QCOMPARE(asked.status.code(), Status::Code::AuthenticationFailed);
}

void tst_StoredCredentialProvider::rememberedTokenIsSavedAsAToken()
{
    const QUrl url = m_httpbin.url(s("/bearer"));
    const QByteArray token = randomSecret();
    StoredProviderClient client(m_store);
    client.asker.answers.append({Credential{Credential::Kind::Token, QString(), token, {}, {}}, true});

    const Exchange ex = client.send(url);
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.finalLeg()->statusCode, 200);
    QCOMPARE(client.asker.asked.size(), 1);
    QVERIFY(client.asker.asked.at(0).canRemember);
    QVERIFY(waitForSaves(client.provider));
    QCOMPARE(client.saved.count(), 1);
    const CredentialRecord record = client.saved.at(0).at(0).value<CredentialRecord>();
    QCOMPARE(record.kind, Credential::Kind::Token);
    QCOMPARE(record.space, spaceOf(url, "bearer", QString()));
    QVERIFY(record.user.isEmpty());
    QCOMPARE(storedSecret(m_store, record.id), token);
}

void tst_StoredCredentialProvider::apiKeyQuestionsAreNotRemembered()
{
    // No server challenges for an API key; the provider's own rules are what matters here.
    ScriptedCredentialProvider asker;
    asker.answers.append({Credential{Credential::Kind::ApiKey, s("X-Api-Key"), randomSecret(), "X-Api-Key", {}}, true});
    StoredCredentialProvider provider(m_store, &asker);
    CredentialRequest request;
    request.space = spaceOf(m_httpbin.url(s("/")), "apikey", QString());
    request.kind = Credential::Kind::ApiKey;
    std::unique_ptr<CredentialJob> job(provider.createJob(request, nullptr));
    QSignalSpy finished(job.get(), &CredentialJob::finished);
    job->start();
    QVERIFY(finished.wait(5000));
    QVERIFY(job->hasCredential());
    QCOMPARE(asker.asked.size(), 1);
    QVERIFY(!asker.asked.at(0).canRemember);
    Credential answer = job->takeCredential();
    provider.onVerdict({request.space, answer, true});
    answer.wipe();
    QCOMPARE(provider.pendingSaves(), 0);
    m_store->reload();
    QCOMPARE(m_store->index().size(), 0);
}

void tst_StoredCredentialProvider::keychainErrorFallsThroughToTheAsker()
{
    const ChildRun child = runSelfWithoutSecretService(kChildMode);
    QVERIFY2(child.error.isEmpty(), qPrintable(child.error));
    QVERIFY(child.finished);
    QVERIFY2(child.passed, child.output.constData());
    QVERIFY2(child.output.contains("Totals: 5 passed, 0 failed, 0 skipped"), child.output.constData());
}

void tst_StoredCredentialProvider::keychainLookupIsAStepOfTheExchange()
{
    SEED(alice, spaceFor(s("apache basic")), s("alice"), m_apachePassword);
    StoredProviderClient client(m_store);
    const Exchange ex = client.send(urlFor(s("apache basic")));
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 2);
    // Send the request, read the keychain for the challenge of leg 0, send the answer.
    QCOMPARE(ex.steps.size(), 3);
    QCOMPARE(ex.steps.at(0).kind, ExchangeStep::Kind::SendLeg);
    QCOMPARE(ex.steps.at(0).leg, 0);
    QCOMPARE(ex.steps.at(1).kind, ExchangeStep::Kind::AcquireCredential);
    QCOMPARE(ex.steps.at(1).forLeg, 0);
    QCOMPARE(ex.steps.at(1).source, NoteCode::CredentialFromKeychain);
    QCOMPARE(ex.steps.at(2).kind, ExchangeStep::Kind::SendLeg);
    QCOMPARE(ex.steps.at(2).leg, 1);
    QCOMPARE(ex.legs.at(1).follows, 0);
    QVERIFY(ex.legs.at(1).hasNote(NoteCode::ChallengeAnswered));
    // Each step's time is its own: the keychain read ends before the answer leg is queued.
    QVERIFY(ex.steps.at(1).startedNs >= ex.legs.at(0).timing.finishedNs);
    QVERIFY(ex.steps.at(1).finishedNs <= ex.legs.at(1).timing.queuedNs);

    // The user's answer is a step too, of its own source.
    StoredProviderClient other(m_store);
    other.asker.answers.append({password(s("alice"), m_apachePassword), false});
    const Exchange asked = other.sendInNewSession(urlFor(s("apache digest")));
    QVERIFY2(asked.status.isOk(), qPrintable(asked.status.message()));
    QCOMPARE(asked.steps.size(), 3);
    QCOMPARE(asked.steps.at(1).source, NoteCode::CredentialFromPrompt);
}

void tst_StoredCredentialProvider::storedReferenceIsReadByTheExchangesFirstStep()
{
    SEED(alice, spaceFor(s("apache basic")), s("alice"), m_apachePassword);
    StoredProviderClient client(m_store);
    HttpRequest request = get(urlFor(s("apache basic")));
    request.credentials.storedId = alice.record.id.left(8);
    const Exchange ex = client.send(request);
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.finalLeg()->statusCode, 200);
    QVERIFY(!ex.steps.isEmpty());
    QCOMPARE(ex.steps.at(0).kind, ExchangeStep::Kind::AcquireCredential);
    QCOMPARE(ex.steps.at(0).forLeg, -1);
    QCOMPARE(ex.steps.at(0).source, NoteCode::CredentialFromKeychain);
    QVERIFY(client.asker.asked.isEmpty());
    // The record of the exchange names who, never the secret.
    QCOMPARE(ex.request.credentials.user, s("alice"));
    QVERIFY(ex.request.credentials.password.isEmpty());

    // A reference to another origin's credential ends the exchange before any leg.
    HttpRequest elsewhere = get(m_httpbin.url(s("/get")));
    elsewhere.credentials.storedId = alice.record.id;
    const Exchange refused = client.send(elsewhere);
    QCOMPARE(refused.status.code(), Status::Code::InvalidInput);
    QCOMPARE(refused.status.reason(), NoteCode::StoredCredentialOtherOrigin);
    QCOMPARE(refused.legs.size(), 0);
    QCOMPARE(refused.steps.size(), 1);
    QCOMPARE(refused.steps.at(0).outcome, NoteCode::StoredCredentialOtherOrigin);

    HttpRequest unknown = get(urlFor(s("apache basic")));
    unknown.credentials.storedId = (alice.record.id.startsWith(u'f') ? s("0") : s("f")) + alice.record.id.mid(1, 7);
    const Exchange missing = client.send(unknown);
    QCOMPARE(missing.status.code(), Status::Code::NotFound);
    QCOMPARE(missing.status.reason(), NoteCode::StoredCredentialNotFound);
    QCOMPARE(missing.legs.size(), 0);
}

void tst_StoredCredentialProvider::refusalAtAnotherUsersUrlKeepsThePasswordForItsOwn()
{
    // httpbin's /basic-auth/USER/PW gives every user one realm: alice's right password is refused
    // at bob's URL. That is evidence about bob's URL, not about alice's password.
    const AliceAndBob seeded = seedAliceAndBob();
    QVERIFY2(seeded.isComplete(), "seeding the store failed");
    const auto &[url, alice, bob] = seeded;
    {
        StoredProviderClient client(m_store);
        const Exchange ex = client.send(url);
        QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
        QCOMPARE(client.used.count(), 2);
    }
    m_store->reload();
    const std::optional<CredentialRecord> marked = m_store->index().find(alice.record.id);
    QVERIFY(marked && marked->lastRefused.isValid());
    QCOMPARE(marked->refusedPath, url.path(QUrl::FullyEncoded));

    // At her own URL, in a later run, alice's stored password answers without a question.
    StoredProviderClient later(m_store);
    const QUrl aliceUrl = m_httpbin.url(s("/basic-auth/alice/") + QString::fromLatin1(alice.secret));
    const Exchange own = later.sendInNewSession(aliceUrl);
    QVERIFY2(own.status.isOk(), qPrintable(own.status.message()));
    QCOMPARE(own.finalLeg()->statusCode, 200);
    QVERIFY(later.asker.asked.isEmpty());
    QCOMPARE(later.used.constLast().at(0).value<CredentialRecord>().user, s("alice"));

    // At bob's URL she is still not tried, though now the most recently used: bob answers at once.
    const qsizetype before = later.used.count();
    const Exchange again = later.sendInNewSession(url);
    QVERIFY2(again.status.isOk(), qPrintable(again.status.message()));
    QCOMPARE(again.legs.size(), 2);
    QCOMPARE(later.used.count(), before + 1);
    QCOMPARE(later.used.constLast().at(0).value<CredentialRecord>().user, s("bob"));
}

void tst_StoredCredentialProvider::sessionAnswerRefusedAtAnotherUrlCostsNoAttempt()
{
    // Alice logs in (typed, not stored); the session then offers her answer at bob's URL in the
    // same realm. Its refusal is not the user's doing: the question is still attempt 1 of 3.
    const QByteArray aliceSecret = randomSecret();
    const QByteArray bobSecret = randomSecret();
    StoredProviderClient client(m_store);
    client.asker.answers.append({password(s("alice"), aliceSecret), false});
    const Exchange first = client.send(m_httpbin.url(s("/basic-auth/alice/") + QString::fromLatin1(aliceSecret)));
    QVERIFY2(first.status.isOk(), qPrintable(first.status.message()));

    client.asker.answers.append({password(s("bob"), bobSecret), false});
    const Exchange second = client.send(m_httpbin.url(s("/basic-auth/bob/") + QString::fromLatin1(bobSecret)));
    QVERIFY2(second.status.isOk(), qPrintable(second.status.message()));
    QCOMPARE(second.finalLeg()->statusCode, 200);
    QCOMPARE(client.asker.asked.size(), 2);
    QCOMPARE(client.asker.asked.at(1).attempt, 1);
    QVERIFY(client.asker.asked.at(1).rejectedUser.isEmpty());
    bool noted = false;
    for (const Leg &leg : second.legs)
        noted |= leg.hasNote(NoteCode::CachedCredentialsRefused);
    QVERIFY2(noted, qPrintable(reasons(second)));
}

void tst_StoredCredentialProvider::deletingAStoredCredentialEndsTheSessionCopy()
{
    SEED(alice, spaceFor(s("apache basic")), s("alice"), m_apachePassword);
    StoredProviderClient client(m_store);
    QCOMPARE(client.send(urlFor(s("apache basic"))).finalLeg()->statusCode, 200);
    // The session remembers it: the next request sends it up front.
    const Exchange cached = client.send(urlFor(s("apache basic")));
    QCOMPARE(cached.legs.size(), 1);
    QVERIFY(cached.legs.at(0).hasNote(NoteCode::CredentialsPreemptive));
    // Another session of the same provider comes and goes: the first one is still told.
    QCOMPARE(client.sendInNewSession(urlFor(s("apache basic"))).finalLeg()->statusCode, 200);

    RemoveCredentialStoreJob *remove = m_store->remove(alice.record.id);
    QSignalSpy removed(remove, &CredentialStoreJob::finished);
    remove->start();
    QVERIFY(removed.wait(10000));

    // Deleted from the keychain means gone from the session too: nothing up front, and the
    // question goes to the user (who cancels here).
    const Exchange after = client.send(urlFor(s("apache basic")));
    QVERIFY(!after.legs.at(0).requestHeaders.contains("Authorization"));
    QVERIFY(!after.legs.at(0).hasNote(NoteCode::CredentialsPreemptive));
    QCOMPARE(client.asker.asked.size(), 1);
    QCOMPARE(after.status.reason(), NoteCode::MissingCredentials);
}

void tst_StoredCredentialProvider::askMeSkipsTheStoreAndTheSession()
{
    SEED(alice, spaceFor(s("apache basic")), s("alice"), m_apachePassword);
    StoredProviderClient client(m_store);
    QCOMPARE(client.send(urlFor(s("apache basic"))).finalLeg()->statusCode, 200);
    QVERIFY(client.asker.asked.isEmpty());

    // "Ask me": neither the session's answer nor the keychain's; the user is asked.
    HttpRequest request = get(urlFor(s("apache basic")));
    request.credentials.askUser = true;
    client.asker.answers.append({password(s("alice"), m_apachePassword), false});
    const Exchange ex = client.send(request);
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 2);
    QVERIFY(!ex.legs.at(0).requestHeaders.contains("Authorization"));
    QCOMPARE(client.asker.asked.size(), 1);
    QCOMPARE(ex.steps.at(1).source, NoteCode::CredentialFromPrompt);
}

// In a child process whose session bus has no Secret Service: the index lists a credential for
// the realm, the keychain cannot be reached.
class tst_StoredCredentialProviderWithoutKeychain : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void lookupFailureIsReportedAndTheAskerAnswers();
    void rememberedAnswerCannotBeSavedAndTheIndexStaysUnchanged();
    void keychainIsRestedAfterAFailedLookup();

private:
    ApacheServer m_apache;
    QByteArray m_password;
    QTemporaryDir m_dir;
    CredentialRecord m_existing;
    QString iniPath() const { return m_dir.filePath(s("credentials.ini")); }
};

void tst_StoredCredentialProviderWithoutKeychain::initTestCase()
{
    m_password = randomSecret();
    QVERIFY(m_apache.protectBasic(s("/basic/"), s("basic realm"), s("alice"), m_password));
    QString error;
    QVERIFY2(m_apache.start(&error), qPrintable(error));
    m_existing.space = spaceOf(m_apache.url(s("/basic/")), "basic", s("basic realm"));
    m_existing.user = s("alice");
    QVERIFY(putIndexRecord(iniPath(), &m_existing));
}

void tst_StoredCredentialProviderWithoutKeychain::lookupFailureIsReportedAndTheAskerAnswers()
{
    QSettings settings(iniPath(), QSettings::IniFormat);
    CredentialStore store(&settings);
    QCOMPARE(store.index().size(), 1);
    StoredProviderClient client(&store);
    client.asker.answers.append({password(s("alice"), m_password), false});

    const Exchange ex = client.send(m_apache.url(s("/basic/index.html")));
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(1).statusCode, 200);
    QCOMPARE(client.used.count(), 0);
    QCOMPARE(client.unavailable.count(), 1);
    QVERIFY2(client.unavailable.at(0).at(0).toString().startsWith(s("No keychain service is running")),
             qPrintable(client.unavailable.at(0).at(0).toString()));
    QCOMPARE(client.unavailable.at(0).at(1).toBool(), false);
    QCOMPARE(client.asker.asked.size(), 1);
    // Nothing was refused: the question carries no "stored password refused" note.
    QVERIFY(client.asker.asked.at(0).storedRejectedUser.isEmpty());
    QVERIFY(client.asker.asked.at(0).canRemember);
}

void tst_StoredCredentialProviderWithoutKeychain::rememberedAnswerCannotBeSavedAndTheIndexStaysUnchanged()
{
    QFile file(iniPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();
    QSettings settings(iniPath(), QSettings::IniFormat);
    CredentialStore store(&settings);
    StoredProviderClient client(&store);
    client.asker.answers.append({password(s("alice"), m_password), true});

    const Exchange ex = client.send(m_apache.url(s("/basic/index.html")));
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QVERIFY(waitForSaves(client.provider));
    QCOMPARE(client.saved.count(), 0);
    QCOMPARE(client.unavailable.count(), 2); // once looking up, once saving
    QCOMPARE(client.unavailable.at(1).at(1).toBool(), true);
    settings.sync();
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
}

void tst_StoredCredentialProviderWithoutKeychain::keychainIsRestedAfterAFailedLookup()
{
    QSettings settings(iniPath(), QSettings::IniFormat);
    CredentialStore store(&settings);
    StoredProviderClient client(&store);
    for (int i = 0; i < 3; ++i)
        client.asker.answers.append({password(s("alice"), m_password), false});

    // The first challenge asks the keychain and learns it is not there; the next, in a new
    // session, goes straight to the user.
    QVERIFY(client.sendInNewSession(m_apache.url(s("/basic/index.html"))).status.isOk());
    QCOMPARE(client.unavailable.count(), 1);
    QVERIFY(client.sendInNewSession(m_apache.url(s("/basic/index.html"))).status.isOk());
    QCOMPARE(client.unavailable.count(), 1);
    QCOMPARE(client.asker.asked.size(), 2);

    // Once the user says it is back (or the interval passed), it is asked again.
    client.provider.retryKeychain();
    QVERIFY(client.sendInNewSession(m_apache.url(s("/basic/index.html"))).status.isOk());
    QCOMPARE(client.unavailable.count(), 2);
    QCOMPARE(client.asker.asked.size(), 3);
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    qRegisterMetaType<CredentialRecord>();
    return CredentialTesting::execTestOrChild<tst_StoredCredentialProvider, tst_StoredCredentialProviderWithoutKeychain>(kChildMode, argc, argv);
}

#include "tst_storedcredentialprovider.moc"
