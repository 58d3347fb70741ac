#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

// A real server program started for a test on 127.0.0.1 and stopped with the fixture.
// start() returns only when the server accepts connections, or false with *error saying why
// (a missing program is an error: the test command installs every server).
class ServerProcess
{
public:
    ServerProcess();
    virtual ~ServerProcess();
    ServerProcess(const ServerProcess &) = delete;
    ServerProcess &operator=(const ServerProcess &) = delete;

    quint16 port() const { return m_port; }
    QString workDir() const { return m_dir.path(); }
    QString output() const;

    // A port that was free a moment ago on 127.0.0.1.
    static quint16 freePort();
    // Blocks (tests only) until 127.0.0.1:port accepts a connection or timeoutMs passes.
    static bool waitForPort(quint16 port, int timeoutMs);

protected:
    bool launch(const QString &program, const QStringList &arguments, quint16 port, QString *error,
                int readyTimeoutMs = 15000);
    void stop();

    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};
