#include "stdinreadjob.h"

#include "credentials/credentialstore.h"

#include <QSocketNotifier>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>
#endif

StdinReadJob::StdinReadJob(QObject *parent) : QObject(parent)
{
}

StdinReadJob::~StdinReadJob()
{
    CredentialStore::wipe(m_data);
}

QByteArray StdinReadJob::takeData()
{
    m_hasData = false;
    return std::exchange(m_data, QByteArray());
}

void StdinReadJob::dropFinalLineBreak(QByteArray *bytes)
{
    if (bytes->endsWith('\n'))
        bytes->chop(bytes->endsWith("\r\n") ? 2 : 1);
}

void StdinReadJob::run()
{
#ifdef Q_OS_UNIX
    // Started with stdin closed, the process may have given descriptor 0 to something of its own
    // (Qt's event notifier); reading that would hang or steal its wake-ups.
    struct stat info;
    if (fstat(STDIN_FILENO, &info) != 0
        || !(S_ISFIFO(info.st_mode) || S_ISREG(info.st_mode) || S_ISCHR(info.st_mode) || S_ISSOCK(info.st_mode))) {
        finishWithError(QStringLiteral("standard input is closed or not a pipe or file"));
        return;
    }
    // One more than allowed, so an overlong input is seen without growing the buffer.
    m_data.reserve(MaxSize + 1);
    m_notifier = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &StdinReadJob::onReadable);
#else
    finishWithError(QStringLiteral("reading standard input is not supported on this system"));
#endif
}

void StdinReadJob::onReadable()
{
#ifdef Q_OS_UNIX
    const qsizetype had = m_data.size();
    const qsizetype room = MaxSize + 1 - had;
    m_data.resize(had + room); // within the reserved capacity: no reallocation
    const ssize_t n = ::read(STDIN_FILENO, m_data.data() + had, size_t(room));
    m_data.resize(had + (n > 0 ? qsizetype(n) : 0));
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n < 0) {
        finishWithError(QStringLiteral("reading standard input failed: %1").arg(QString::fromLocal8Bit(strerror(errno))));
        return;
    }
    if (m_data.size() > MaxSize) {
        finishWithError(QStringLiteral("standard input holds more than %1 bytes; a secret is never that long")
                                .arg(MaxSize));
        return;
    }
    if (n > 0)
        return;
    stopReading();
    m_hasData = true;
    emit finished();
#endif
}

// Called from the notifier's own signal: it goes once that returns.
void StdinReadJob::stopReading()
{
    if (!m_notifier)
        return;
    m_notifier->setEnabled(false);
    m_notifier->deleteLater();
    m_notifier = nullptr;
}

void StdinReadJob::finishWithError(const QString &error)
{
    stopReading();
    CredentialStore::wipe(m_data);
    m_error = error;
    emit finished();
}
