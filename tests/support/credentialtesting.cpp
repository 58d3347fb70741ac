#include "credentialtesting.h"

#include "credentials/credentialindex.h"
#include "credentials/forgetcredentialsjob.h"
#include "credentials/loadcredentialjob.h"
#include "credentials/savecredentialjob.h"
#include "privatesessionbus.h"

#include <QCoreApplication>
#include <QDBusVirtualObject>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>

namespace CredentialTesting {

QByteArray randomHex(int bytes)
{
    QByteArray hex;
    for (int i = 0; i < bytes; ++i)
        hex += QByteArray::number(QRandomGenerator::global()->bounded(256), 16).rightJustified(2, '0');
    return hex;
}

QByteArray randomSecret()
{
    return randomHex(16);
}

void addIdPrefixRows()
{
    QTest::addColumn<int>("length");
    QTest::addColumn<bool>("upperCase");
    QTest::newRow("4 characters") << 4 << false;
    QTest::newRow("short id of the table") << 8 << false;
    QTest::newRow("upper case") << 8 << true;
    QTest::newRow("whole id") << 36 << false;
}

CredentialRecord recordFor(const QString &origin, const QString &user, const QString &realm, Credential::Kind kind)
{
    CredentialRecord record;
    record.space.scheme = kind == Credential::Kind::Token ? QByteArrayLiteral("bearer") : QByteArrayLiteral("basic");
    record.space.origin = origin;
    record.space.realm = realm;
    record.user = user;
    record.kind = kind;
    return record;
}

CredentialRecord saveRecord(CredentialStore *store, const CredentialRecord &record, const QByteArray &secret)
{
    auto save = runJob(store->save(record, secret));
    if (!save || save->error() != CredentialStoreJob::Error::NoError) {
        qWarning("seeding failed: %s", save ? qPrintable(save->errorString()) : "no answer");
        return {};
    }
    return save->record();
}

QByteArray storedSecret(CredentialStore *store, const QString &id)
{
    LoadCredentialStoreJob *load = store->load(id);
    load->setMarkUsed(false);
    auto loaded = runJob(load);
    if (!loaded || loaded->error() != CredentialStoreJob::Error::NoError)
        return QByteArray();
    return loaded->secret();
}

QString forgetEverything(CredentialStore *store)
{
    store->reload();
    if (store->index().size() == 0)
        return QString();
    auto forget = runJob(store->forgetAll());
    if (!forget)
        return QStringLiteral("forgetAll did not finish");
    return forget->error() == CredentialStoreJob::Error::NoError ? QString() : forget->errorString();
}

bool putIndexRecord(const QString &iniPath, CredentialRecord *record)
{
    QSettings settings(iniPath, QSettings::IniFormat);
    CredentialIndex index(&settings);
    record->id = CredentialRecord::newId();
    return index.put(*record);
}

QKeychain::Error rawKeychainRead(const QString &key, QByteArray *data)
{
    QKeychain::ReadPasswordJob read(CredentialStore::serviceName());
    read.setAutoDelete(false);
    read.setInsecureFallback(false);
    read.setKey(key);
    QSignalSpy done(&read, &QKeychain::Job::finished);
    read.start();
    if (!done.wait(10000))
        return QKeychain::OtherError;
    if (data)
        *data = read.binaryData();
    return read.error();
}

QKeychain::Error deleteKeychainEntry(const QString &key)
{
    QKeychain::DeletePasswordJob remove(CredentialStore::serviceName());
    remove.setAutoDelete(false);
    remove.setKey(key);
    QSignalSpy done(&remove, &QKeychain::Job::finished);
    remove.start();
    if (!done.wait(10000))
        return QKeychain::OtherError;
    return remove.error();
}

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

TemporaryCredentialStore::TemporaryCredentialStore()
    : m_settings(indexPath(), QSettings::IniFormat)
    , m_store(&m_settings)
{
}

TemporaryCredentialStore::~TemporaryCredentialStore()
{
    forgetEverything(&m_store);
}

namespace {

bool isUnderTmp(const QString &path)
{
    return !path.isEmpty() && QDir::cleanPath(path).startsWith(QLatin1String("/tmp/"));
}

// Swallows every call without answering.
class SilentSecretService : public QDBusVirtualObject
{
public:
    QString introspect(const QString &) const override { return QString(); }
    bool handleMessage(const QDBusMessage &, const QDBusConnection &) override { return true; }
};

} // namespace

QString whyHomeIsNotThrowaway()
{
    // The harness (scripts/test.sh, notes/sandbox-run.sh) gives a throwaway HOME under /tmp.
    const QString configHome = qEnvironmentVariable("XDG_CONFIG_HOME");
    const QString home = qEnvironmentVariable("HOME");
    if (!isUnderTmp(home) || !(configHome.isEmpty() || isUnderTmp(configHome))) {
        return QStringLiteral("HOME (%1) and XDG_CONFIG_HOME (%2) must be a throwaway directory under "
                              "/tmp; run this test through the harness, never in a real session")
            .arg(home, configHome);
    }
    if (!isUnderTmp(CredentialStore::defaultIndexPath()))
        return CredentialStore::defaultIndexPath();
    return QString();
}

QString claimSecretServiceSilently(QDBusConnection connection)
{
    static SilentSecretService service; // outlives the unanswered calls until the process ends
    if (!connection.registerVirtualObject(QStringLiteral("/"), &service, QDBusConnection::SubPath))
        return QStringLiteral("could not register the silent Secret Service object");
    if (!connection.registerService(QStringLiteral("org.freedesktop.secrets")))
        return QStringLiteral("could not take the name org.freedesktop.secrets");
    return QString();
}

namespace {

ChildRun runSelfOn(const PrivateSessionBus &bus, const char *childMode, const QString &value,
                   const QStringList &arguments, int timeoutMs)
{
    ChildRun run;
    QProcess child;
    QProcessEnvironment env = bus.environment();
    env.insert(QString::fromLatin1(childMode), value);
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.start(QCoreApplication::applicationFilePath(), arguments);
    run.finished = child.waitForFinished(timeoutMs);
    run.output = child.readAll();
    run.passed = run.finished && child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0;
    return run;
}

} // namespace

ChildRun runSelfWithoutSecretService(const char *childMode, const QString &value, const QStringList &arguments,
                                     int timeoutMs)
{
    PrivateSessionBus bus;
    ChildRun run;
    if (!bus.start(&run.error))
        return run;
    return runSelfOn(bus, childMode, value, arguments, timeoutMs);
}

ChildRun runSelfWithOwnKeyring(const char *childMode, int timeoutMs)
{
    PrivateSessionBus bus;
    ChildRun run;
    const QByteArray password = randomSecret();
    if (!bus.start(&run.error) || !bus.startKeyring(password, &run.error))
        return run;
    return runSelfOn(bus, childMode, QString::fromLatin1(password), {}, timeoutMs);
}

} // namespace CredentialTesting
