#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

class QIODevice;
class QTemporaryFile;

// A response body as it streams in. Small bodies stay in memory; past the spill threshold the
// bytes move to a temporary file, so a large body is held once and never twice.
// Written by one leg, then read-only; shared between copies of a Leg. Readers on other threads
// (the body view's pretty-printer) may read what has been appended: a spilled body's bytes reach the
// file at every append(), and every read opens the file anew.
class BodyBuffer
{
public:
    static constexpr qint64 DefaultSpillThreshold = 8 * 1024 * 1024;

    explicit BodyBuffer(qint64 spillThreshold = DefaultSpillThreshold);
    ~BodyBuffer();
    BodyBuffer(const BodyBuffer &) = delete;
    BodyBuffer &operator=(const BodyBuffer &) = delete;

    // False when a spilled body cannot be written (disk full); errorString() says why.
    bool append(const QByteArray &bytes);
    qint64 size() const { return m_size; }
    bool isSpilled() const { return m_file != nullptr; }
    QString errorString() const { return m_error; }

    // Up to maxBytes from the start (all of it when maxBytes < 0).
    QByteArray read(qint64 maxBytes = -1) const;
    // Up to maxBytes from offset on: a page of a large body, or the next piece of a pass over it.
    QByteArray readAt(qint64 offset, qint64 maxBytes) const;
    // Copies the whole body to device; false with *error on a write failure.
    bool writeTo(QIODevice *device, QString *error) const;

private:
    qint64 m_spillThreshold;
    qint64 m_size = 0;
    QByteArray m_memory;
    std::unique_ptr<QTemporaryFile> m_file;
    QString m_error;
};
