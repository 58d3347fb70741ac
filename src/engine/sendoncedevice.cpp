#include "sendoncedevice.h"

SendOnceDevice::SendOnceDevice(std::unique_ptr<QIODevice> body, QObject *parent)
    : QIODevice(parent), m_body(std::move(body))
{
    QIODevice::open(QIODevice::ReadOnly | QIODevice::Unbuffered);
}

SendOnceDevice::~SendOnceDevice() = default;

bool SendOnceDevice::mayRepeat(const QByteArray &method, bool hasBody)
{
    // A body is the user's data: even a PUT is sent once unless we know the body can be repeated.
    if (hasBody)
        return false;
    static const QByteArray idempotent[] = {"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"};
    for (const QByteArray &m : idempotent) {
        if (method == m) // methods are case-sensitive (RFC 9110 §9.1)
            return true;
    }
    return false;
}

bool SendOnceDevice::isSequential() const
{
    // A sequential device would be copied into Qt's own buffer first, which Qt rewinds freely.
    return m_body && m_body->isSequential();
}

qint64 SendOnceDevice::size() const
{
    return m_body ? m_body->size() : 0;
}

bool SendOnceDevice::seek(qint64 pos)
{
    if (pos != this->pos() && !m_responded)
        return false;
    return QIODevice::seek(pos) && (!m_body || m_body->seek(pos));
}

bool SendOnceDevice::reset()
{
    // Before a response Qt resets only to send the request again (resetUploadData).
    if (!m_responded)
        return false;
    return seek(0);
}

qint64 SendOnceDevice::readData(char *data, qint64 maxSize)
{
    return m_body ? m_body->read(data, maxSize) : 0;
}

qint64 SendOnceDevice::writeData(const char *, qint64)
{
    return -1;
}
