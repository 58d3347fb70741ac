#pragma once

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>

class OutputSink;
class QFileDevice;
class QIODevice;

// Where an export (or a downloaded body) is written.
//
// A regular file, or a path where nothing exists yet, goes through QSaveFile: the file appears
// complete or not at all, and a file already there stays as it was when anything fails, a full
// disk included.
//
// Anything else is written IN PLACE with an unbuffered QFile: a device (/dev/null), a FIFO, or
// an open descriptor named by /dev/stdout, /dev/fd/N or /proc/self/fd/N (whatever it is open on).
// QSaveFile would rename a temporary file over such a path; as root that replaces the device
// node itself (/dev/null or /dev/full becomes a regular file for every process on the machine),
// and for /dev/stdout redirected to a file it would swap the file behind the shell's back.
// In-place writes append (O_APPEND, no truncation), so `>>` redirections keep what they had and
// output already written through the same descriptor is not overwritten. Whatever the target
// received before a failure stays there; there is nothing to roll back.
//
// Usage: open(), write() or device(), then commit(); cancel() (or the destructor) abandons an
// uncommitted QSaveFile write. On failure errorString() says why (it does not repeat the path);
// inPlace() says which way the write went, so callers can say whether anything was kept.
// Opening a FIFO blocks until a reader opens it, as with any program writing to a FIFO.
// Writes go through an OutputSink: each block whole or the system's reason ("No space left on
// device", never "Unknown error"), and none once the stop check says stop (wasStopped()).
class OutputFile
{
public:
    // What a file written anew (not in place) may be read by.
    enum class Access {
        Default,    // as the umask allows, like any new file; a replaced file keeps its mode
        OwnerOnly,  // 0600, replaced file included: the content holds secrets (--include-secrets)
    };

    explicit OutputFile(const QString &path, Access access = Access::Default);
    ~OutputFile();
    OutputFile(const OutputFile &) = delete;
    OutputFile &operator=(const OutputFile &) = delete;

    bool open();
    bool write(const QByteArray &bytes);
    // The open device, for callers that stream; null before open().
    QIODevice *device() const;
    bool commit();
    void cancel();

    // Asked before each block written; once true, writes fail and wasStopped() is true. Set
    // before open().
    void setStopCheck(std::function<bool()> stopCheck) { m_stopCheck = std::move(stopCheck); }
    bool wasStopped() const { return m_stopped; }

    QString path() const { return m_path; }
    bool inPlace() const { return m_inPlace; }
    QString errorString() const;

    // Whether path must be written in place rather than replaced (see above). Follows symbolic
    // links; false for a path that does not exist, a regular file and a directory (QSaveFile
    // then creates the file, replaces it atomically or reports the directory).
    static bool needsInPlaceWrite(const QString &path);

private:
    bool openedFile();
    void close();

    QString m_path;
    Access m_access;
    std::unique_ptr<QFileDevice> m_file;
    std::unique_ptr<OutputSink> m_sink;
    std::function<bool()> m_stopCheck;
    bool m_inPlace = false;
    bool m_stopped = false;
    QString m_error;
};
