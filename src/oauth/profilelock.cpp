#include "profilelock.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

ProfileLock::ProfileLock(const QString &path, int staleMs, int waitLimitMs, QObject *parent)
    : QObject(parent), m_path(path), m_lock(std::make_unique<QLockFile>(path)), m_waitLimitMs(waitLimitMs)
{
    m_lock->setStaleLockTime(staleMs);
    m_poll.setInterval(PollMs);
    connect(&m_poll, &QTimer::timeout, this, &ProfileLock::attempt);
}

ProfileLock::~ProfileLock()
{
    unlock();
}

void ProfileLock::start()
{
    m_deadline = QDateTime::currentMSecsSinceEpoch() + m_waitLimitMs;
    QMetaObject::invokeMethod(this, &ProfileLock::attempt, Qt::QueuedConnection);
}

bool ProfileLock::isLocked() const
{
    return m_lock->isLocked();
}

void ProfileLock::unlock()
{
    m_poll.stop();
    if (m_lock->isLocked())
        m_lock->unlock();
}

void ProfileLock::attempt()
{
    if (m_finished)
        return;
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    if (m_lock->tryLock(0)) {
        finish(Status::ok());
        return;
    }
    switch (m_lock->error()) {
    case QLockFile::LockFailedError:
        break; // held by another process (or another broker here): wait
    case QLockFile::PermissionError:
    case QLockFile::UnknownError:
    case QLockFile::NoError:
        finish(Status(Status::Code::FileError,
                      QStringLiteral("The profile's lock file %1 cannot be created (no permission, or the disk is full)")
                          .arg(m_path)));
        return;
    }
    if (QDateTime::currentMSecsSinceEpoch() >= m_deadline) {
        qint64 pid = 0;
        QString host;
        QString application;
        const QString holder = m_lock->getLockInfo(&pid, &host, &application)
            ? QStringLiteral(" (held by %1, process %2)").arg(application).arg(pid)
            : QString();
        finish(Status(Status::Code::Timeout,
                      QStringLiteral("Another process kept the profile's lock %1%2 for more than %3 s while refreshing; "
                                     "try again, or end that process")
                          .arg(m_path, holder).arg((m_waitLimitMs + 999) / 1000)));
        return;
    }
    if (!m_poll.isActive())
        m_poll.start();
}

void ProfileLock::finish(const Status &status)
{
    m_poll.stop();
    m_finished = true;
    m_status = status;
    emit finished();
}
