#include "outputsink.h"

OutputSink::OutputSink(QIODevice *target, StopCheck stopCheck, QObject *parent)
    : QIODevice(parent), m_target(target), m_stopCheck(std::move(stopCheck))
{
    open(QIODevice::WriteOnly | QIODevice::Unbuffered);
}

qint64 OutputSink::readData(char *, qint64)
{
    return -1;
}

qint64 OutputSink::writeData(const char *data, qint64 size)
{
    if (m_stopped || (m_stopCheck && m_stopCheck())) {
        m_stopped = true;
        setErrorString(QStringLiteral("interrupted"));
        return -1;
    }
    qint64 written = 0;
    while (written < size) {
        const qint64 n = m_target->write(data + written, size - written);
        if (n <= 0) {
            // After a short write the next one fails with the system's reason.
            const QString reason = m_target->errorString();
            setErrorString(reason.isEmpty() ? QStringLiteral("the write failed") : reason);
            return -1;
        }
        written += n;
    }
    return written;
}
