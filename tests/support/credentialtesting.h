#pragma once

#include "credentials/credentialrecord.h"
#include "credentials/credentialstore.h"
#include "credentials/credentialstorejob.h"

#include <qt6keychain/keychain.h>

#include <QByteArray>
#include <QDBusConnection>
#include <QSettings>
#include <QSignalSpy>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// Helpers shared by the tests of stored credentials: the store, the keychain underneath it, and
// the "no keychain" child process. Nothing here asserts; each helper returns what a test checks.
namespace CredentialTesting {

// Hex of `bytes` random bytes. Secrets are made at run time so none sits in the source or the
// build tree, which tst_keychainsession searches for them.
QByteArray randomHex(int bytes);
// A fresh random password or token: 32 hex characters.
QByteArray randomSecret();

// Runs a store job to its end. Owns the job from here on; null when it did not finish within 15 s.
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

// As runJob(), and also null (with a warning) when the job broke the job contract of STYLE.md:
// finished inside start(), or more than once.
template<typename Job>
std::unique_ptr<Job> runJobCheckingContract(Job *job)
{
    job->setAutoDelete(false);
    std::unique_ptr<Job> owned(job);
    QSignalSpy spy(job, &CredentialStoreJob::finished);
    job->start();
    if (spy.count() != 0 || job->isFinished()) {
        qWarning("job finished inside start()");
        return nullptr;
    }
    if (!spy.wait(15000))
        return nullptr;
    QTest::qWait(20); // a second finished() would arrive here
    if (spy.count() != 1) {
        qWarning("finished() emitted %d times", int(spy.count()));
        return nullptr;
    }
    return owned;
}

// A record for a server's realm as a test hands it to the store: no id yet, scheme "bearer" for a
// token and "basic" otherwise.
CredentialRecord recordFor(const QString &origin, const QString &user, const QString &realm,
                           Credential::Kind kind = Credential::Kind::Password);

// The data rows of a test that names a stored credential by its id: columns "length" (how much of
// the id is given; 4 is the shortest accepted prefix, 36 the whole id) and "upperCase".
void addIdPrefixRows();

// Saves record with secret through store; the record as stored (with its id), or an empty record
// and a warning saying why.
CredentialRecord saveRecord(CredentialStore *store, const CredentialRecord &record, const QByteArray &secret);

// The secret the store holds for id, read without marking the record used; empty when it cannot
// be read.
QByteArray storedSecret(CredentialStore *store, const QString &id);

// Re-reads the index (another process may have changed it) and forgets every credential it lists.
// Empty on success, otherwise why not.
QString forgetEverything(CredentialStore *store);

// Gives *record a new id and writes it to the index file at iniPath only, as an earlier run with a
// keychain would have left it; its secret is in no keychain. False when the index refused it.
bool putIndexRecord(const QString &iniPath, CredentialRecord *record);

// QtKeychain itself, bypassing AuthScope's store: what the keychain holds for key. OtherError when
// it did not answer within 10 s.
QKeychain::Error rawKeychainRead(const QString &key, QByteArray *data = nullptr);
// Deletes key from the keychain behind AuthScope's back (another tool, a wiped keyring), so the
// index still lists it. OtherError when the keychain did not answer within 10 s.
QKeychain::Error deleteKeychainEntry(const QString &key);

// The whole file; empty when it cannot be read.
QByteArray fileBytes(const QString &path);

// A CredentialStore over an index file in a temporary directory, on whatever keychain the session
// bus offers. The destructor forgets everything the store lists, so the throwaway keyring holds
// nothing of one test in the next.
class TemporaryCredentialStore
{
public:
    TemporaryCredentialStore();
    ~TemporaryCredentialStore();
    TemporaryCredentialStore(const TemporaryCredentialStore &) = delete;
    TemporaryCredentialStore &operator=(const TemporaryCredentialStore &) = delete;

    // False when the temporary directory could not be made.
    bool isValid() const { return m_dir.isValid(); }
    QString indexPath() const { return m_dir.filePath(QStringLiteral("credentials.ini")); }
    QSettings *settings() { return &m_settings; }
    CredentialStore *store() { return &m_store; }

private:
    QTemporaryDir m_dir;
    QSettings m_settings;
    CredentialStore m_store;
};

// Why HOME, XDG_CONFIG_HOME or the default credential index are not a throwaway directory under
// /tmp; empty when they are. Tests that run the CLI on the default index check this first: the
// CLI reads and deletes whatever the keychain and index of this HOME hold.
QString whyHomeIsNotThrowaway();

// Registers a D-Bus object on connection that swallows every call without answering and takes the
// Secret Service name (org.freedesktop.secrets): a keychain stuck behind an unlock prompt nobody
// sees. Empty on success, otherwise what failed. The object lives until the process ends, as the
// calls it never answers do; the name stays taken while the connection lasts.
QString claimSecretServiceSilently(QDBusConnection connection);

// One run of this test binary as a child process.
struct ChildRun {
    QString error;        // why the bus could not be started; empty when the child ran
    bool finished = false; // within the time given (otherwise it was killed)
    bool passed = false;   // exited normally with code 0
    QByteArray output;     // stdout and stderr, merged
};

// Runs this test binary again with arguments, on a PrivateSessionBus (no Secret Service), with the
// environment variable childMode set to value: the "no keychain" half of a test program runs there,
// so this process's keyring is never touched. Blocks until the child ends or timeoutMs passes.
ChildRun runSelfWithoutSecretService(const char *childMode, const QString &value = QStringLiteral("1"),
                                     const QStringList &arguments = {}, int timeoutMs = 120000);

// As runSelfWithoutSecretService(), but the private bus has a gnome-keyring of its own, unlocked
// with a random password that the child finds in childMode (so it can lock and unlock it:
// PrivateSessionBus::lockDefaultCollection / unlockDefaultCollection on its session bus).
ChildRun runSelfWithOwnKeyring(const char *childMode, int timeoutMs = 120000);

// The other half of runSelfWithoutSecretService(), for main() once the application object is made:
// runs the Child test object when childMode is set in the environment, the Test object otherwise.
template<typename Test, typename Child>
int execTestOrChild(const char *childMode, int argc, char **argv)
{
    if (qEnvironmentVariableIsSet(childMode)) {
        Child child;
        return QTest::qExec(&child, argc, argv);
    }
    Test test;
    return QTest::qExec(&test, argc, argv);
}

} // namespace CredentialTesting
