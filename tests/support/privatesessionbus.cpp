#include "privatesessionbus.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMetaType>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QThread>

namespace {

// The Secret Service's Secret struct (session, parameters, value, content type), as gnome-keyring's
// UnlockWithMasterPassword takes the password.
struct SecretStruct
{
    QDBusObjectPath session;
    QByteArray parameters;
    QByteArray value;
    QString contentType;
};

QDBusArgument &operator<<(QDBusArgument &argument, const SecretStruct &secret)
{
    argument.beginStructure();
    argument << secret.session << secret.parameters << secret.value << secret.contentType;
    argument.endStructure();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, SecretStruct &secret)
{
    argument.beginStructure();
    argument >> secret.session >> secret.parameters >> secret.value >> secret.contentType;
    argument.endStructure();
    return argument;
}

} // namespace

Q_DECLARE_METATYPE(SecretStruct)

namespace {

QDBusObjectPath defaultCollection(QDBusConnection &bus, QString *error)
{
    QDBusMessage alias = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.secrets"),
                                                        QStringLiteral("/org/freedesktop/secrets"),
                                                        QStringLiteral("org.freedesktop.Secret.Service"),
                                                        QStringLiteral("ReadAlias"));
    alias << QStringLiteral("default");
    const QDBusReply<QDBusObjectPath> collection = bus.call(alias);
    if (!collection.isValid() || collection.value().path() == u"/") {
        *error = QStringLiteral("no default collection: ") + collection.error().message();
        return QDBusObjectPath();
    }
    return collection.value();
}

const char *const kHomeDirs[][2] = {{"HOME", "home"}, {"XDG_CONFIG_HOME", "config"}, {"XDG_DATA_HOME", "data"},
                                    {"XDG_CACHE_HOME", "cache"}, {"XDG_RUNTIME_DIR", "runtime"}};

} // namespace

PrivateSessionBus::~PrivateSessionBus()
{
    if (m_keyring.state() != QProcess::NotRunning) {
        m_keyring.kill();
        m_keyring.waitForFinished(5000);
    }
    QDBusConnection::disconnectFromBus(QStringLiteral("authscope-private-bus"));
    if (m_daemon.state() != QProcess::NotRunning) {
        m_daemon.kill();
        m_daemon.waitForFinished(5000);
    }
}

bool PrivateSessionBus::start(QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("no temporary directory for the bus");
        return false;
    }
    const QString config = m_dir.filePath(QStringLiteral("bus.conf"));
    QFile f(config);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = f.errorString();
        return false;
    }
    f.write("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
            " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
            "<busconfig><type>session</type>"
            "<listen>unix:dir=" + m_dir.path().toUtf8() + "</listen>"
            "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
            "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n");
    f.close();
    m_daemon.start(QStringLiteral("dbus-daemon"), {QStringLiteral("--config-file=") + config,
                                                   QStringLiteral("--nofork"), QStringLiteral("--print-address")});
    if (!m_daemon.waitForStarted(5000)) {
        *error = QStringLiteral("dbus-daemon did not start: ") + m_daemon.errorString();
        return false;
    }
    QDeadlineTimer deadline(5000);
    while (!m_daemon.canReadLine() && !deadline.hasExpired())
        m_daemon.waitForReadyRead(100);
    m_address = QString::fromUtf8(m_daemon.readLine()).trimmed();
    if (!m_address.startsWith(QLatin1String("unix:"))) {
        *error = QStringLiteral("dbus-daemon printed no address");
        return false;
    }
    return true;
}

QProcessEnvironment PrivateSessionBus::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_address);
    env.remove(QStringLiteral("GNOME_KEYRING_CONTROL"));
    env.remove(QStringLiteral("XDG_CURRENT_DESKTOP"));
    if (m_keyring.state() != QProcess::NotRunning) {
        for (const auto &dir : kHomeDirs)
            env.insert(QString::fromLatin1(dir[0]), m_dir.filePath(QString::fromLatin1(dir[1])));
    }
    return env;
}

bool PrivateSessionBus::startKeyring(const QByteArray &password, QString *error)
{
    QProcessEnvironment env = environment();
    for (const auto &dir : kHomeDirs) {
        const QString path = m_dir.filePath(QString::fromLatin1(dir[1]));
        QDir().mkpath(path);
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        env.insert(QString::fromLatin1(dir[0]), path);
    }
    m_keyring.setProcessEnvironment(env);
    m_keyring.setProcessChannelMode(QProcess::MergedChannels);
    m_keyring.start(QStringLiteral("gnome-keyring-daemon"),
                    {QStringLiteral("--unlock"), QStringLiteral("--components=secrets"), QStringLiteral("--foreground")});
    if (!m_keyring.waitForStarted(5000)) {
        *error = QStringLiteral("gnome-keyring-daemon did not start: ") + m_keyring.errorString();
        return false;
    }
    // The daemon unlocks once it has read the password to the end of its input.
    m_keyring.write(password);
    m_keyring.waitForBytesWritten(5000);
    m_keyring.closeWriteChannel();
    QDBusConnection bus = QDBusConnection::connectToBus(m_address, QStringLiteral("authscope-private-bus"));
    QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        QDBusMessage hasOwner = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.DBus"),
                                                               QStringLiteral("/org/freedesktop/DBus"),
                                                               QStringLiteral("org.freedesktop.DBus"),
                                                               QStringLiteral("NameHasOwner"));
        hasOwner << QStringLiteral("org.freedesktop.secrets");
        const QDBusReply<bool> owned = bus.call(hasOwner);
        if (owned.isValid() && owned.value())
            return true;

        QThread::msleep(50);
    }
    m_keyring.waitForReadyRead(100);
    *error = QStringLiteral("gnome-keyring-daemon did not register the Secret Service on %1: %2")
                 .arg(bus.isConnected() ? m_address : bus.lastError().message(), QString::fromLocal8Bit(m_keyring.readAll()));
    return false;
}

bool PrivateSessionBus::lockDefaultCollection(QString *error)
{
    return lockDefaultCollection(QDBusConnection::connectToBus(m_address, QStringLiteral("authscope-private-bus")), error);
}

bool PrivateSessionBus::lockDefaultCollection(QDBusConnection bus, QString *error)
{
    const QDBusObjectPath collection = defaultCollection(bus, error);
    if (collection.path().isEmpty())
        return false;
    QDBusMessage lock = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.secrets"),
                                                       QStringLiteral("/org/freedesktop/secrets"),
                                                       QStringLiteral("org.freedesktop.Secret.Service"),
                                                       QStringLiteral("Lock"));
    lock << QVariant::fromValue(QList<QDBusObjectPath>{collection});
    const QDBusMessage reply = bus.call(lock);
    if (reply.type() == QDBusMessage::ErrorMessage) {
        *error = reply.errorMessage();
        return false;
    }
    return true;
}

bool PrivateSessionBus::unlockDefaultCollection(QDBusConnection bus, const QByteArray &password, QString *error)
{
    qDBusRegisterMetaType<SecretStruct>();
    const QDBusObjectPath collection = defaultCollection(bus, error);
    if (collection.path().isEmpty())
        return false;
    QDBusMessage open = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.secrets"),
                                                       QStringLiteral("/org/freedesktop/secrets"),
                                                       QStringLiteral("org.freedesktop.Secret.Service"),
                                                       QStringLiteral("OpenSession"));
    open << QStringLiteral("plain") << QVariant::fromValue(QDBusVariant(QString()));
    const QDBusMessage opened = bus.call(open);
    if (opened.type() == QDBusMessage::ErrorMessage || opened.arguments().size() != 2) {
        *error = QStringLiteral("OpenSession: ") + opened.errorMessage();
        return false;
    }
    const QDBusObjectPath session = qvariant_cast<QDBusObjectPath>(opened.arguments().at(1));
    QDBusMessage unlock = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
        QStringLiteral("org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"),
        QStringLiteral("UnlockWithMasterPassword"));
    unlock << QVariant::fromValue(collection)
           << QVariant::fromValue(SecretStruct{session, QByteArray(), password, QStringLiteral("text/plain")});
    const QDBusMessage reply = bus.call(unlock);
    if (reply.type() == QDBusMessage::ErrorMessage) {
        *error = QStringLiteral("UnlockWithMasterPassword: ") + reply.errorMessage();
        return false;
    }
    return true;
}
