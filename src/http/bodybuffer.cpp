#include "bodybuffer.h"

#include <QTemporaryFile>

namespace {

// Qt takes a short write (the disk filled up in the middle of a block) for a success of the part
// written and sets no error, so its message would be "Unknown error"; the rest is written again,
// and a flush of what Qt buffered, until the system gives its reason ("No space left on device").
bool writeWhole(QFileDevice *file, const QByteArray &bytes)
{
    const char *data = bytes.constData();
    qint64 left = bytes.size();
    while (left > 0) {
        const qint64 n = file->write(data, left);
        if (n <= 0)
            break;
        data += n;
        left -= n;
    }
    if (left == 0)
        return true;
    file->flush();
    return false;
}

} // namespace

BodyBuffer::BodyBuffer(qint64 spillThreshold) : m_spillThreshold(spillThreshold) {}

BodyBuffer::~BodyBuffer() = default;

bool BodyBuffer::append(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return true;
    if (!m_file && m_size + bytes.size() > m_spillThreshold) {
        auto file = std::make_unique<QTemporaryFile>();
        if (!file->open() || !writeWhole(file.get(), m_memory)) {
            m_error = QStringLiteral("cannot spill the body to a temporary file: %1").arg(file->errorString());
            return false;
        }
        m_memory = QByteArray();
        m_file = std::move(file);
    }
    if (m_file) {
        if (!writeWhole(m_file.get(), bytes) || !m_file->flush()) {
            m_error = QStringLiteral("cannot write the body to %1: %2")
                              .arg(m_file->fileName(), m_file->errorString());
            return false;
        }
    } else {
        // Copy rather than adopt: readAll() hands over a buffer with far more capacity than data
        // (32 KiB for a 440-byte body), which a kept history would pin for every body.
        m_memory.append(bytes.constData(), bytes.size());
    }
    m_size += bytes.size();
    return true;
}

QByteArray BodyBuffer::read(qint64 maxBytes) const
{
    return readAt(0, maxBytes < 0 ? m_size : maxBytes);
}

QByteArray BodyBuffer::readAt(qint64 offset, qint64 maxBytes) const
{
    if (offset < 0 || maxBytes <= 0 || offset >= m_size)
        return QByteArray();
    if (!m_file)
        return offset == 0 && maxBytes >= m_memory.size() ? m_memory : m_memory.mid(offset, maxBytes);
    QFile reader(m_file->fileName());
    if (!reader.open(QIODevice::ReadOnly) || !reader.seek(offset))
        return QByteArray();
    return reader.read(qMin(maxBytes, m_size - offset));
}

bool BodyBuffer::writeTo(QIODevice *device, QString *error) const
{
    auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (!m_file) {
        if (device->write(m_memory) != m_memory.size())
            return fail(device->errorString());
        return true;
    }
    QFile reader(m_file->fileName());
    if (!reader.open(QIODevice::ReadOnly))
        return fail(reader.errorString());
    QByteArray chunk;
    while (!(chunk = reader.read(1024 * 1024)).isEmpty()) {
        if (device->write(chunk) != chunk.size())
            return fail(device->errorString());
    }
    return true;
}
