#include "outputfile.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

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

OutputFile::OutputFile(const QString &path)
    : m_path(path)
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
    m_inPlace = needsInPlaceWrite(m_path);
    if (m_inPlace) {
        m_file = std::make_unique<QFile>(m_path);
        // Append: WriteOnly alone would truncate (a `>>` log) or write from offset 0 over what the
        // descriptor already received. Unbuffered: each write reports its own error (ENOSPC).
        if (!m_file->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
            m_error = m_file->errorString();
            m_file.reset();
            return false;
        }
        return true;
    }
    m_file = std::make_unique<QSaveFile>(m_path);
    if (!m_file->open(QIODevice::WriteOnly)) {
        m_error = m_file->errorString();
        m_file.reset();
        return false;
    }
    return true;
}

bool OutputFile::write(const QByteArray &bytes)
{
    if (!m_file) {
        if (m_error.isEmpty())
            m_error = QStringLiteral("the file is not open");
        return false;
    }
    if (m_file->write(bytes) != bytes.size()) {
        m_error = m_file->errorString();
        return false;
    }
    return true;
}

QIODevice *OutputFile::device() const
{
    return m_file.get();
}

bool OutputFile::commit()
{
    if (!m_file) {
        if (m_error.isEmpty())
            m_error = QStringLiteral("the file is not open");
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
    m_file.reset();
    return ok;
}

void OutputFile::cancel()
{
    if (!m_file)
        return;
    if (auto *save = qobject_cast<QSaveFile *>(m_file.get()))
        save->cancelWriting(); // the temporary file is removed, the target left alone
    m_file.reset();
}

QString OutputFile::errorString() const
{
    if (!m_error.isEmpty())
        return m_error;
    return m_file ? m_file->errorString() : QString();
}
