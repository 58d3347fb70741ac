#pragma once

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
    // The current environment pointed at this bus, with the keyring's variables removed.
    QProcessEnvironment environment() const;

private:
    QTemporaryDir m_dir;
    QProcess m_daemon;
    QString m_address;
};
