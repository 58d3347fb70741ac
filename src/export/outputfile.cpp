#include "outputfile.h"

#include "outputsink.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#endif

namespace {

// A path that names an open descriptor rather than a file: Linux's /proc/<pid>/fd/N magic links
// and /dev/fd/N (/dev/stdout and friends are symbolic links to them).
bool isDescriptorPath(const QString &absolutePath)
{
    static const QRegularExpression pattern(
            QStringLiteral("^/(proc/(self|thread-self|[0-9]+)(/task/[0-9]+)?/fd|dev/fd)/[0-9]+$"));
    return pattern.match(absolutePath).hasMatch();
}

} // namespace

OutputFile::OutputFile(const QString &path, Access access)
    : m_path(path), m_access(access)
{
}

OutputFile::~OutputFile()
{
    cancel();
}

bool OutputFile::needsInPlaceWrite(const QString &path)
{
    if (path.isEmpty())
        return false;
    // Walk the link chain ourselves: QFileInfo::isFile() would follow /dev/stdout to the regular
    // file the shell redirected it to, and QSaveFile would then replace that file.
    QString current = QFileInfo(path).absoluteFilePath();
    for (int depth = 0; depth < 40; ++depth) {
        if (isDescriptorPath(current))
            return true;
        const QFileInfo link(current);
        if (!link.isSymLink())
            break;
        current = link.symLinkTarget();
    }
    const QFileInfo target(path);
    return target.exists() && !target.isFile() && !target.isDir();
}

bool OutputFile::open()
{
    cancel();
    m_error.clear();
    m_stopped = false;
    m_inPlace = needsInPlaceWrite(m_path);
    if (m_inPlace) {
        m_file = std::make_unique<QFile>(m_path);
        // Append: WriteOnly alone would truncate (a `>>` log) or write from offset 0 over what the
        // descriptor already received. Unbuffered: each write reports its own error (ENOSPC).
        return openedFile();
    }
    m_file = std::make_unique<QSaveFile>(m_path);
    if (!openedFile())
        return false;
    // The temporary file is what gets renamed into place, so its mode is the file's.
    if (m_access == Access::OwnerOnly && !m_file->setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        m_error = m_file->errorString();
        cancel();
        return false;
    }
    return true;
}

bool OutputFile::openedFile()
{
    // Unbuffered for the QSaveFile too: a buffered write to a full disk fails only in commit(),
    // with Qt's "Unknown error" for the short write it ran into.
    bool opened = false;
#ifdef Q_OS_UNIX
    if (m_inPlace) {
        // O_APPEND from open(2): QIODevice::Append would also seek, which a device or a pipe
        // answers with a warning on stderr.
        const int fd = ::open(QFile::encodeName(m_path).constData(), O_WRONLY | O_APPEND | O_CLOEXEC);
        if (fd < 0) {
            m_error = QString::fromLocal8Bit(std::strerror(errno));
            m_file.reset();
            return false;
        }
        opened = static_cast<QFile *>(m_file.get())->open(fd, QIODevice::WriteOnly | QIODevice::Unbuffered,
                                                          QFileDevice::AutoCloseHandle);
        if (!opened)
            ::close(fd);
    } else
#endif
    {
        const QIODevice::OpenMode append = m_inPlace ? QIODevice::Append : QIODevice::OpenMode();
        opened = m_file->open(QIODevice::WriteOnly | QIODevice::Unbuffered | append);
    }
    if (!opened) {
        m_error = m_file->errorString();
        m_file.reset();
        return false;
    }
    m_sink = std::make_unique<OutputSink>(m_file.get(), m_stopCheck);
    return true;
}

bool OutputFile::write(const QByteArray &bytes)
{
    if (!m_file) {
        if (m_error.isEmpty())
            m_error = QStringLiteral("the file is not open");
        return false;
    }
    if (m_sink->write(bytes) != bytes.size()) {
        m_stopped = m_sink->wasStopped();
        m_error = m_sink->errorString();
        return false;
    }
    return true;
}

QIODevice *OutputFile::device() const
{
    return m_sink.get();
}

bool OutputFile::commit()
{
    if (!m_file) {
        if (m_error.isEmpty())
            m_error = QStringLiteral("the file is not open");
        return false;
    }
    m_stopped = m_sink->wasStopped();
    if (m_stopped) {
        // Whatever streamed through device() stopped half-way: nothing of it may stay.
        m_error = m_sink->errorString();
        cancel();
        return false;
    }
    bool ok = true;
    if (auto *save = qobject_cast<QSaveFile *>(m_file.get())) {
        ok = save->commit();
    } else {
        m_file->close();
        ok = m_file->error() == QFileDevice::NoError;
    }
    if (!ok)
        m_error = m_file->errorString();
    close();
    return ok;
}

void OutputFile::cancel()
{
    if (!m_file)
        return;
    if (m_sink && m_sink->wasStopped())
        m_stopped = true;
    if (auto *save = qobject_cast<QSaveFile *>(m_file.get()))
        save->cancelWriting(); // the temporary file is removed, the target left alone
    close();
}

void OutputFile::close()
{
    m_sink.reset();
    m_file.reset();
}

QString OutputFile::errorString() const
{
    if (!m_error.isEmpty())
        return m_error;
    return m_file ? m_file->errorString() : QString();
}
