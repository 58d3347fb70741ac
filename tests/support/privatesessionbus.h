#pragma once

#include <QDBusConnection>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QTemporaryDir>

// A D-Bus session bus of its own with nothing on it and no service files, so no Secret Service
// can be activated: the "keychain unavailable" machine. Tests run a child process (their own
// binary, the CLI, the GUI) with environment() to see what a user without a keyring sees.
class PrivateSessionBus
{
public:
    PrivateSessionBus() = default;
    ~PrivateSessionBus();
    PrivateSessionBus(const PrivateSessionBus &) = delete;
    PrivateSessionBus &operator=(const PrivateSessionBus &) = delete;

    // Starts dbus-daemon; false with *error saying why.
    bool start(QString *error);
    QString address() const { return m_address; }
    // The current environment pointed at this bus, with the keyring's variables removed. After
    // startKeyring(), HOME and XDG_* point into this bus's own directory.
    QProcessEnvironment environment() const;

    // Starts a gnome-keyring Secret Service of its own on this bus (its files under this bus's
    // directory), unlocked with password; blocks until it owns org.freedesktop.secrets.
    bool startKeyring(const QByteArray &password, QString *error);
    // Locks the keyring's default collection, as a screen lock or "Lock" in Seahorse does.
    bool lockDefaultCollection(QString *error);

    // The same on any connection to a gnome-keyring Secret Service (a child process on this bus
    // reaches it as its session bus), and the way back: unlocked with the keyring's password
    // through gnome-keyring's own interface, with no prompt.
    static bool lockDefaultCollection(QDBusConnection bus, QString *error);
    static bool unlockDefaultCollection(QDBusConnection bus, const QByteArray &password, QString *error);

private:
    QTemporaryDir m_dir;
    QProcess m_daemon;
    QProcess m_keyring;
    QString m_address;
};
