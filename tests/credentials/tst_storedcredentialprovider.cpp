#include "apacheserver.h"
#include "auth/credentialprovider.h"
#include "credentials/credentialindex.h"
#include "credentials/credentialstore.h"
#include "credentials/forgetcredentialsjob.h"
#include "credentials/loadcredentialjob.h"
#include "credentials/removecredentialjob.h"
#include "credentials/savecredentialjob.h"
#include "credentials/storedcredentialprovider.h"
#include "http/exchangejob.h"
#include "http/httpsession.h"
#include "httpbinserver.h"
#include "privatesessionbus.h"

#include <qt6keychain/keychain.h>

#include <QFile>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// StoredCredentialProvider in front of a scripted asker (standing in for the dialog or the
// terminal prompt), in real exchanges against Apache (mod_auth_basic, mod_auth_digest) and
// python3-httpbin, over a CredentialStore on the real Secret Service the harness starts; and in a
// child process on a session bus without one.
namespace {

const char *const kChildMode = "AUTHSCOPE_STOREDPROVIDER_NO_KEYCHAIN_CHILD";

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

// Made at run time so no secret sits in the source or the build tree.
QByteArray randomSecret()
{
    QByteArray bytes(16, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return bytes.toHex();
}

Credential password(const QString &user, const QByteArray &secret)
{
    return Credential{Credential::Kind::Password, user, secret, {}, {}};
}

// The user at the keyboard: answers each question with the next scripted answer (none left: the
// user cancels) and records what it was asked.
class ScriptedAsker : public CredentialProvider
{
public:
    struct Answer {
        Credential credential;
        bool remember = false;
    };
    QList<Answer> answers;
    QList<CredentialRequest> asked;

    CredentialJob *createJob(const CredentialRequest &request, QObject *parent) override
    {
        asked.append(request);
        const bool have = !answers.isEmpty();
        return new Job(request, parent, have, have ? answers.takeFirst() : Answer());
    }

private:
    class Job : public CredentialJob
    {
    public:
        Job(const CredentialRequest &request, QObject *parent, bool have, Answer answer)
            : CredentialJob(request, parent), m_have(have), m_answer(std::move(answer)) {}

    protected:
        void run() override
        {
            if (!m_have) {
                finishWithout(s("cancelled by the user"));
                return;
            }
            setRememberRequested(m_answer.remember);
            finishWith(m_answer.credential);
        }

    private:
        bool m_have;
        Answer m_answer;
    };
};

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
    if (!finished.wait(20000))
        qWarning("exchange did not finish");
    return job->exchange();
}

// Runs a store job to its end; null when it did not finish.
template<typename Job>
std::unique_ptr<Job> runJob(Job *job)
{
    job->setAutoDelete(false);
    std::unique_ptr<Job> owned(job);
    QSignalSpy spy(job, &CredentialStoreJob::finished);
    job->start();
    if (!spy.wait(15000))
        return nullptr;
    return owned;
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
                                                                                          leg.annotations.join(u'|'));
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

private:
    struct Seeded {
        CredentialRecord record;
        QByteArray secret;
    };
    Seeded seed(const ProtectionSpace &space, const QString &user, const QByteArray &secret,
                Credential::Kind kind = Credential::Kind::Password, const QString &label = QString(),
                const QDateTime &lastUsed = QDateTime());
    QByteArray keychainSecret(const QString &id);
    QUrl urlFor(const QString &server) const;
    ProtectionSpace spaceFor(const QString &server) const;

    HttpbinServer m_httpbin;
    ApacheServer m_apache;
    QByteArray m_apachePassword;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<CredentialStore> m_store;
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
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<QSettings>(m_dir->filePath(s("credentials.ini")), QSettings::IniFormat);
    m_store = std::make_unique<CredentialStore>(m_settings.get());
}

void tst_StoredCredentialProvider::cleanup()
{
    // Leave nothing in the (throwaway) keyring for the next test.
    if (m_store) {
        m_store->reload();
        if (m_store->index().size() > 0)
            runJob(m_store->forgetAll());
    }
    m_store.reset();
    m_settings.reset();
    m_dir.reset();
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
    auto save = runJob(m_store->save(record, secret));
    if (!save || save->error() != CredentialStoreJob::Error::NoError) {
        qWarning("seeding failed: %s", save ? qPrintable(save->errorString()) : "no answer");
        return {};
    }
    return {save->record(), secret};
}

QByteArray tst_StoredCredentialProvider::keychainSecret(const QString &id)
{
    LoadCredentialStoreJob *load = m_store->load(id);
    load->setMarkUsed(false);
    auto loaded = runJob(load);
    if (!loaded || loaded->error() != CredentialStoreJob::Error::NoError)
        return QByteArray();
    return loaded->secret();
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

    QNetworkAccessManager manager;
    HttpSession session(&manager);
    ScriptedAsker asker;
    StoredCredentialProvider provider(m_store.get(), &asker);
    QSignalSpy used(&provider, &StoredCredentialProvider::used);
    QSignalSpy saved(&provider, &StoredCredentialProvider::saved);
    session.setCredentialProvider(&provider);

    const Exchange ex = runExchange(session, get(url));
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(1).statusCode, 200);
    QVERIFY(asker.asked.isEmpty());
    QCOMPARE(used.count(), 1);
    QCOMPARE(used.at(0).at(0).value<CredentialRecord>().id, alice.record.id);
    // The leg says where the answer came from, by short id and never with the secret.
    const QString expected = s("the password stored in the keychain for alice (id %1)").arg(alice.record.id.left(8));
    QVERIFY2(ex.legs.at(1).reason.contains(expected), qPrintable(reasons(ex)));
    QVERIFY(!reasons(ex).contains(QString::fromLatin1(secret)));

    // It came from the store: it is marked used, not saved again.
    QVERIFY(waitForSaves(provider));
    QCOMPARE(saved.count(), 0);
    m_store->reload();
    QCOMPARE(m_store->index().size(), 1);
    const CredentialRecord after = *m_store->index().find(alice.record.id);
    QVERIFY(after.lastUsed.isValid());
    QCOMPARE(after.label, s("work"));
}

void tst_StoredCredentialProvider::preferredUserPicksAmongStoredUsers()
{
    // httpbin's /basic-auth/USER/PW: every user shares the one "Fake Realm" of the origin.
    const QByteArray bobSecret = randomSecret();
    const QUrl url = m_httpbin.url(s("/basic-auth/bob/") + QString::fromLatin1(bobSecret));
    const ProtectionSpace space = spaceOf(url, "basic", s("Fake Realm"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // Alice was used more recently: without a preference she would be tried first.
    SEED(alice, space, s("alice"), randomSecret(), Credential::Kind::Password, QString(), now);
    SEED(bob, space, s("bob"), bobSecret, Credential::Kind::Password, QString(), now.addSecs(-3600));

    QNetworkAccessManager manager;
    HttpSession session(&manager);
    ScriptedAsker asker;
    StoredCredentialProvider provider(m_store.get(), &asker);
    provider.setPreferredUser(s("bob"));
    QSignalSpy used(&provider, &StoredCredentialProvider::used);
    session.setCredentialProvider(&provider);

    const Exchange ex = runExchange(session, get(url));
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(1).statusCode, 200);
    QVERIFY(asker.asked.isEmpty());
    QCOMPARE(used.count(), 1);
    QCOMPARE(used.at(0).at(0).value<CredentialRecord>().user, s("bob"));
    // Alice's secret was not even read: her record is not marked used.
    m_store->reload();
    QCOMPARE(m_store->index().find(alice.record.id)->lastUsed, alice.record.lastUsed);
}

void tst_StoredCredentialProvider::triesTheNextStoredUserAfterARefusal()
{
    const QByteArray bobSecret = randomSecret();
    const QUrl url = m_httpbin.url(s("/basic-auth/bob/") + QString::fromLatin1(bobSecret));
    const ProtectionSpace space = spaceOf(url, "basic", s("Fake Realm"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    SEED(alice, space, s("alice"), randomSecret(), Credential::Kind::Password, QString(), now);
    SEED(bob, space, s("bob"), bobSecret, Credential::Kind::Password, QString(), now.addSecs(-3600));

    QNetworkAccessManager manager;
    HttpSession session(&manager);
    ScriptedAsker asker;
    StoredCredentialProvider provider(m_store.get(), &asker);
    QSignalSpy used(&provider, &StoredCredentialProvider::used);
    session.setCredentialProvider(&provider);

    // Most recently used first: alice, refused by this URL; then bob, never alice again.
    const Exchange ex = runExchange(session, get(url));
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 3);
    QCOMPARE(ex.legs.at(1).statusCode, 401);
    QCOMPARE(ex.legs.at(2).statusCode, 200);
    QVERIFY(asker.asked.isEmpty());
    QCOMPARE(used.count(), 2);
    QCOMPARE(used.at(0).at(0).value<CredentialRecord>().user, s("alice"));
    QCOMPARE(used.at(1).at(0).value<CredentialRecord>().user, s("bob"));
    // A refusal deletes nothing: the stored password may be right for another path.
    m_store->reload();
    QCOMPARE(m_store->index().size(), 2);
    QCOMPARE(keychainSecret(alice.record.id), alice.secret);
}

void tst_StoredCredentialProvider::skipsAStoredRecordWhoseSecretIsGone()
{
    const QByteArray bobSecret = randomSecret();
    const QUrl url = m_httpbin.url(s("/basic-auth/bob/") + QString::fromLatin1(bobSecret));
    const ProtectionSpace space = spaceOf(url, "basic", s("Fake Realm"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    SEED(alice, space, s("alice"), randomSecret(), Credential::Kind::Password, QString(), now);
    SEED(bob, space, s("bob"), bobSecret, Credential::Kind::Password, QString(), now.addSecs(-3600));
    // Alice's secret removed behind AuthScope's back: the index still lists it, first.
    QKeychain::DeletePasswordJob remove(CredentialStore::serviceName());
    remove.setAutoDelete(false);
    remove.setKey(alice.record.id);
    QSignalSpy removed(&remove, &QKeychain::Job::finished);
    remove.start();
    QVERIFY(removed.wait(10000));
    QCOMPARE(remove.error(), QKeychain::NoError);

    QNetworkAccessManager manager;
    HttpSession session(&manager);
    ScriptedAsker asker;
    StoredCredentialProvider provider(m_store.get(), &asker);
    QSignalSpy problems(&provider, &StoredCredentialProvider::problem);
    QSignalSpy used(&provider, &StoredCredentialProvider::used);
    session.setCredentialProvider(&provider);

    const Exchange ex = runExchange(session, get(url));
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 2);
    QVERIFY(asker.asked.isEmpty());
    QCOMPARE(used.count(), 1);
    QCOMPARE(used.at(0).at(0).value<CredentialRecord>().user, s("bob"));
    QCOMPARE(problems.count(), 1);
    QVERIFY2(problems.at(0).at(0).toString().startsWith(s("The keychain has no secret for the stored credential of "
                                                           "alice at ")),
             qPrintable(problems.at(0).at(0).toString()));
}

void tst_StoredCredentialProvider::refusedStoredPasswordAsksOnceWithANote()
{
    const ProtectionSpace space = spaceFor(s("apache basic"));
    SEED(stale, space, s("alice"), randomSecret(), Credential::Kind::Password, s("old one"));

    QNetworkAccessManager manager;
    ScriptedAsker asker;
    asker.answers.append({password(s("alice"), m_apachePassword), false});
    StoredCredentialProvider provider(m_store.get(), &asker);
    QSignalSpy used(&provider, &StoredCredentialProvider::used);
    QSignalSpy saved(&provider, &StoredCredentialProvider::saved);
    {
        HttpSession session(&manager);
        session.setCredentialProvider(&provider);
        const Exchange ex = runExchange(session, get(urlFor(s("apache basic"))));
        QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
        QCOMPARE(ex.legs.size(), 3);
        QCOMPARE(ex.legs.at(1).statusCode, 401);
        QCOMPARE(ex.legs.at(2).statusCode, 200);
    }
    QCOMPARE(used.count(), 1);
    QCOMPARE(asker.asked.size(), 1);
    const CredentialRequest &question = asker.asked.at(0);
    QCOMPARE(question.storedRejectedUser, s("alice"));
    QCOMPARE(question.rejectedUser, s("alice"));
    QCOMPARE(question.defaultUser, s("alice"));
    QCOMPARE(question.attempt, 2);
    QVERIFY(question.canRemember);
    QVERIFY(!question.rememberSessionOnly);
    QVERIFY2(question.notes.contains(s("The password stored for alice was refused by the server; enter the "
                                       "current one to replace it")),
             qPrintable(question.notes.join(u'\n')));

    // Not asked to remember: the stored record is left as it was.
    QVERIFY(waitForSaves(provider));
    QCOMPARE(saved.count(), 0);
    QCOMPARE(keychainSecret(stale.record.id), stale.secret);

    // The refused credential is not offered again in this run, even to a session without the
    // cached answer: the asker is asked at once, and told why.
    asker.answers.append({password(s("alice"), m_apachePassword), false});
    HttpSession fresh(&manager);
    fresh.setCredentialProvider(&provider);
    const Exchange again = runExchange(fresh, get(urlFor(s("apache basic"))));
    QVERIFY2(again.status.isOk(), qPrintable(again.status.message()));
    QCOMPARE(again.legs.size(), 2);
    QCOMPARE(used.count(), 1);
    QCOMPARE(asker.asked.size(), 2);
    QCOMPARE(asker.asked.at(1).storedRejectedUser, s("alice"));
    QCOMPARE(asker.asked.at(1).attempt, 1);
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

    QNetworkAccessManager manager;
    ScriptedAsker asker;
    asker.answers.append({password(s("alice"), m_apachePassword), true});
    StoredCredentialProvider provider(m_store.get(), &asker);
    QSignalSpy saved(&provider, &StoredCredentialProvider::saved);
    QSignalSpy unavailable(&provider, &StoredCredentialProvider::keychainUnavailable);
    QSignalSpy problems(&provider, &StoredCredentialProvider::problem);
    {
        HttpSession session(&manager);
        session.setCredentialProvider(&provider);
        const Exchange ex = runExchange(session, get(urlFor(server)));
        QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
        QCOMPARE(ex.finalLeg()->statusCode, 200);
    }
    QCOMPARE(asker.asked.size(), 1);
    QVERIFY(waitForSaves(provider));
    QCOMPARE(saved.count(), 1);
    QCOMPARE(unavailable.count(), 0);
    QCOMPARE(problems.count(), 0);
    const CredentialRecord record = saved.at(0).at(0).value<CredentialRecord>();
    QCOMPARE(saved.at(0).at(1).toBool(), storedBefore);
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
    QCOMPARE(keychainSecret(record.id), m_apachePassword);

    // Once saved it answers: a session without the cached answer does not ask again, even where
    // the record had been refused earlier in this run (it holds the new password now).
    QSignalSpy used(&provider, &StoredCredentialProvider::used);
    HttpSession fresh(&manager);
    fresh.setCredentialProvider(&provider);
    const Exchange again = runExchange(fresh, get(urlFor(server)));
    QVERIFY2(again.status.isOk(), qPrintable(again.status.message()));
    QCOMPARE(again.legs.size(), 2);
    QCOMPARE(again.legs.at(1).statusCode, 200);
    QCOMPARE(asker.asked.size(), 1);
    QCOMPARE(used.count(), 1);
    QVERIFY(waitForSaves(provider));
    QCOMPARE(saved.count(), 1);
}

void tst_StoredCredentialProvider::replacesARememberedPasswordThatStopsWorkingLaterInTheRun()
{
    // httpbin's /basic-auth/alice/PW takes the password from the path: the same realm and user
    // with a password that changes, as when it is changed on the server during a long GUI run.
    const QByteArray first = randomSecret();
    const QByteArray second = randomSecret();
    const QUrl firstUrl = m_httpbin.url(s("/basic-auth/alice/") + QString::fromLatin1(first));
    const QUrl secondUrl = m_httpbin.url(s("/basic-auth/alice/") + QString::fromLatin1(second));
    QNetworkAccessManager manager;
    ScriptedAsker asker;
    asker.answers.append({password(s("alice"), first), true});
    asker.answers.append({password(s("alice"), second), true});
    StoredCredentialProvider provider(m_store.get(), &asker);
    QSignalSpy saved(&provider, &StoredCredentialProvider::saved);
    QSignalSpy used(&provider, &StoredCredentialProvider::used);

    HttpSession one(&manager);
    one.setCredentialProvider(&provider);
    QVERIFY(runExchange(one, get(firstUrl)).status.isOk());
    QVERIFY(waitForSaves(provider));
    QCOMPARE(saved.count(), 1);
    const QString id = saved.at(0).at(0).value<CredentialRecord>().id;

    // The stored first password is refused; the second, typed and ticked, replaces it.
    HttpSession two(&manager);
    two.setCredentialProvider(&provider);
    const Exchange changed = runExchange(two, get(secondUrl));
    QVERIFY2(changed.status.isOk(), qPrintable(changed.status.message()));
    QCOMPARE(changed.legs.size(), 3);
    QCOMPARE(used.count(), 1);
    QCOMPARE(asker.asked.size(), 2);
    QCOMPARE(asker.asked.at(1).storedRejectedUser, s("alice"));
    QVERIFY(waitForSaves(provider));
    QCOMPARE(saved.count(), 2);
    QCOMPARE(saved.at(1).at(0).value<CredentialRecord>().id, id);
    QCOMPARE(saved.at(1).at(1).toBool(), true);
    QCOMPARE(keychainSecret(id), second);

    // And the replaced record answers from then on.
    HttpSession three(&manager);
    three.setCredentialProvider(&provider);
    const Exchange later = runExchange(three, get(secondUrl));
    QVERIFY2(later.status.isOk(), qPrintable(later.status.message()));
    QCOMPARE(later.legs.size(), 2);
    QCOMPARE(used.count(), 2);
    QCOMPARE(asker.asked.size(), 2);
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
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    ScriptedAsker asker;
    asker.answers.append({password(s("alice"), randomSecret()), true});
    if (retryRight)
        asker.answers.append({password(s("alice"), m_apachePassword), false});
    StoredCredentialProvider provider(m_store.get(), &asker);
    QSignalSpy saved(&provider, &StoredCredentialProvider::saved);
    session.setCredentialProvider(&provider);

    const Exchange ex = runExchange(session, get(urlFor(s("apache basic"))));
    if (retryRight) {
        QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
        QCOMPARE(ex.finalLeg()->statusCode, 200);
    } else {
        QCOMPARE(ex.status.code(), Status::Code::AuthenticationFailed);
    }
    QCOMPARE(asker.asked.size(), 2);
    QVERIFY(waitForSaves(provider));
    QTest::qWait(200); // a save started late would show here
    QCOMPARE(provider.pendingSaves(), 0);
    QCOMPARE(saved.count(), 0);
    m_store->reload();
    QCOMPARE(m_store->index().size(), 0);
    QSettings reread(m_dir->filePath(s("credentials.ini")), QSettings::IniFormat);
    QVERIFY(reread.childGroups().isEmpty());
}

void tst_StoredCredentialProvider::saveAcceptedKeepsCredentialsGivenWithTheRequest()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    ScriptedAsker asker;
    StoredCredentialProvider provider(m_store.get(), &asker);
    provider.setSaveAccepted(true);
    QSignalSpy saved(&provider, &StoredCredentialProvider::saved);
    session.setCredentialProvider(&provider);

    HttpRequest request = get(urlFor(s("apache digest")));
    request.credentials.user = s("alice");
    request.credentials.password = m_apachePassword;
    const Exchange ex = runExchange(session, request);
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(1).statusCode, 200);
    QVERIFY(asker.asked.isEmpty());

    QVERIFY(waitForSaves(provider));
    QCOMPARE(saved.count(), 1);
    QCOMPARE(saved.at(0).at(1).toBool(), false);
    const CredentialRecord record = saved.at(0).at(0).value<CredentialRecord>();
    QCOMPARE(record.space, spaceFor(s("apache digest")));
    QCOMPARE(record.user, s("alice"));
    QCOMPARE(keychainSecret(record.id), m_apachePassword);

    // The next exchange of the session answers up front from its cache: nothing is saved twice.
    const Exchange again = runExchange(session, request);
    QVERIFY2(again.status.isOk(), qPrintable(again.status.message()));
    QVERIFY(waitForSaves(provider));
    QCOMPARE(saved.count(), 1);
    m_store->reload();
    QCOMPARE(m_store->index().size(), 1);
}

void tst_StoredCredentialProvider::saveAcceptedKeepsNothingARefusedRequestGave()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    ScriptedAsker asker; // cancels
    StoredCredentialProvider provider(m_store.get(), &asker);
    provider.setSaveAccepted(true);
    QSignalSpy saved(&provider, &StoredCredentialProvider::saved);
    session.setCredentialProvider(&provider);

    HttpRequest request = get(urlFor(s("apache basic")));
    request.credentials.user = s("alice");
    request.credentials.password = randomSecret();
    const Exchange ex = runExchange(session, request);
    QCOMPARE(ex.status.code(), Status::Code::AuthenticationFailed);
    QCOMPARE(asker.asked.size(), 1);
    QVERIFY(waitForSaves(provider));
    QTest::qWait(200);
    QCOMPARE(saved.count(), 0);
    m_store->reload();
    QCOMPARE(m_store->index().size(), 0);
}

void tst_StoredCredentialProvider::storedTokenAnswersABearerChallenge()
{
    // httpbin's /bearer answers 401 with "WWW-Authenticate: Bearer" (no realm) without a token.
    const QUrl url = m_httpbin.url(s("/bearer"));
    SEED(token, spaceOf(url, "bearer", QString()), QString(), randomSecret(), Credential::Kind::Token);

    QNetworkAccessManager manager;
    HttpSession session(&manager);
    ScriptedAsker asker;
    StoredCredentialProvider provider(m_store.get(), &asker);
    QSignalSpy used(&provider, &StoredCredentialProvider::used);
    session.setCredentialProvider(&provider);

    const Exchange ex = runExchange(session, get(url));
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(0).statusCode, 401);
    QCOMPARE(ex.legs.at(0).challenges.value(0).scheme, QByteArray("Bearer"));
    QCOMPARE(ex.legs.at(1).statusCode, 200);
    QCOMPARE(ex.legs.at(1).requestHeaders.value("Authorization"), QByteArray("Bearer " + token.secret));
    QVERIFY(asker.asked.isEmpty());
    QCOMPARE(used.count(), 1);
    QVERIFY2(ex.legs.at(1).reason.contains(s("the token stored in the keychain for (no user)")),
             qPrintable(reasons(ex)));

    // A stored password for the same origin is not a token: with only that, the asker is asked.
    auto removed = runJob(m_store->remove(token.record.id));
    QVERIFY(removed && removed->error() == CredentialStoreJob::Error::NoError);
    SEED(pw, spaceOf(url, "bearer", QString()), s("alice"), randomSecret(), Credential::Kind::Password);
    HttpSession second(&manager);
    StoredCredentialProvider other(m_store.get(), &asker);
    second.setCredentialProvider(&other);
    const Exchange asked = runExchange(second, get(url));
    QCOMPARE(asker.asked.size(), 1);
    QCOMPARE(asker.asked.at(0).kind, Credential::Kind::Token);
    QCOMPARE(asked.status.code(), Status::Code::AuthenticationFailed);
}

void tst_StoredCredentialProvider::rememberedTokenIsSavedAsAToken()
{
    const QUrl url = m_httpbin.url(s("/bearer"));
    const QByteArray token = randomSecret();
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    ScriptedAsker asker;
    asker.answers.append({Credential{Credential::Kind::Token, QString(), token, {}, {}}, true});
    StoredCredentialProvider provider(m_store.get(), &asker);
    QSignalSpy saved(&provider, &StoredCredentialProvider::saved);
    session.setCredentialProvider(&provider);

    const Exchange ex = runExchange(session, get(url));
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.finalLeg()->statusCode, 200);
    QCOMPARE(asker.asked.size(), 1);
    QVERIFY(asker.asked.at(0).canRemember);
    QVERIFY(waitForSaves(provider));
    QCOMPARE(saved.count(), 1);
    const CredentialRecord record = saved.at(0).at(0).value<CredentialRecord>();
    QCOMPARE(record.kind, Credential::Kind::Token);
    QCOMPARE(record.space, spaceOf(url, "bearer", QString()));
    QVERIFY(record.user.isEmpty());
    QCOMPARE(keychainSecret(record.id), token);
}

void tst_StoredCredentialProvider::apiKeyQuestionsAreNotRemembered()
{
    // No server challenges for an API key; the provider's own rules are what matters here.
    ScriptedAsker asker;
    asker.answers.append({Credential{Credential::Kind::ApiKey, s("X-Api-Key"), randomSecret(), "X-Api-Key", {}}, true});
    StoredCredentialProvider provider(m_store.get(), &asker);
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
    PrivateSessionBus bus;
    QString error;
    QVERIFY2(bus.start(&error), qPrintable(error));

    QProcess child;
    QProcessEnvironment env = bus.environment();
    env.insert(QString::fromLatin1(kChildMode), s("1"));
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(child.waitForFinished(120000));
    const QByteArray output = child.readAll();
    QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, output.constData());
    QVERIFY2(output.contains("Totals: 4 passed, 0 failed, 0 skipped"), output.constData());
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
    QSettings settings(iniPath(), QSettings::IniFormat);
    CredentialIndex index(&settings);
    m_existing.id = CredentialRecord::newId();
    m_existing.space = spaceOf(m_apache.url(s("/basic/")), "basic", s("basic realm"));
    m_existing.user = s("alice");
    QVERIFY(index.put(m_existing));
}

void tst_StoredCredentialProviderWithoutKeychain::lookupFailureIsReportedAndTheAskerAnswers()
{
    QSettings settings(iniPath(), QSettings::IniFormat);
    CredentialStore store(&settings);
    QCOMPARE(store.index().size(), 1);
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    ScriptedAsker asker;
    asker.answers.append({password(s("alice"), m_password), false});
    StoredCredentialProvider provider(&store, &asker);
    QSignalSpy unavailable(&provider, &StoredCredentialProvider::keychainUnavailable);
    QSignalSpy used(&provider, &StoredCredentialProvider::used);
    session.setCredentialProvider(&provider);

    const Exchange ex = runExchange(session, get(m_apache.url(s("/basic/index.html"))));
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(1).statusCode, 200);
    QCOMPARE(used.count(), 0);
    QCOMPARE(unavailable.count(), 1);
    QVERIFY2(unavailable.at(0).at(0).toString().startsWith(s("No keychain service is running")),
             qPrintable(unavailable.at(0).at(0).toString()));
    QCOMPARE(unavailable.at(0).at(1).toBool(), false);
    QCOMPARE(asker.asked.size(), 1);
    // Nothing was refused: the question carries no "stored password refused" note.
    QVERIFY(asker.asked.at(0).storedRejectedUser.isEmpty());
    QVERIFY(asker.asked.at(0).canRemember);
}

void tst_StoredCredentialProviderWithoutKeychain::rememberedAnswerCannotBeSavedAndTheIndexStaysUnchanged()
{
    QFile file(iniPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();
    QSettings settings(iniPath(), QSettings::IniFormat);
    CredentialStore store(&settings);
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    ScriptedAsker asker;
    asker.answers.append({password(s("alice"), m_password), true});
    StoredCredentialProvider provider(&store, &asker);
    QSignalSpy unavailable(&provider, &StoredCredentialProvider::keychainUnavailable);
    QSignalSpy saved(&provider, &StoredCredentialProvider::saved);
    session.setCredentialProvider(&provider);

    const Exchange ex = runExchange(session, get(m_apache.url(s("/basic/index.html"))));
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QVERIFY(waitForSaves(provider));
    QCOMPARE(saved.count(), 0);
    QCOMPARE(unavailable.count(), 2); // once looking up, once saving
    QCOMPARE(unavailable.at(1).at(1).toBool(), true);
    settings.sync();
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    qRegisterMetaType<CredentialRecord>();
    if (qEnvironmentVariableIsSet(kChildMode)) {
        tst_StoredCredentialProviderWithoutKeychain child;
        return QTest::qExec(&child, argc, argv);
    }
    tst_StoredCredentialProvider test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_storedcredentialprovider.moc"
