#pragma once

#include "core/status.h"

#include <QLockFile>
#include <QObject>
#include <QTimer>

#include <memory>

// The per-profile lock between processes (the GUI and a CLI run refreshing one rotating refresh
// token at once would trip the server's reuse detection). QLockFile polled without blocking:
// tryLock(0) now and every PollMs until it is ours or waitLimitMs passed. A lock older than
// staleMs, or left by a process that died, is taken over (QLockFile's stale rule).
// Job shape: start(), exactly one finished(), never inside start(); the lock is held from then
// until unlock() or the object's end.
class ProfileLock : public QObject
{
    Q_OBJECT
public:
    static constexpr int PollMs = 20;

    ProfileLock(const QString &path, int staleMs, int waitLimitMs, QObject *parent = nullptr);
    ~ProfileLock() override;

    void start();
    // Ok once held; else Timeout (held elsewhere past the wait limit) or FileError (the lock
    // directory cannot be written), with a message naming the lock file.
    Status status() const { return m_status; }
    bool isLocked() const;
    void unlock();

signals:
    void finished();

private:
    void attempt();
    void finish(const Status &status);

    QString m_path;
    std::unique_ptr<QLockFile> m_lock;
    QTimer m_poll;
    int m_waitLimitMs;
    qint64 m_deadline = 0;
    Status m_status;
    bool m_finished = false;
};
