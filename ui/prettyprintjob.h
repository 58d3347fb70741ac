#pragma once

#include <QByteArray>
#include <QObject>

#include <memory>

class BodyBuffer;
struct PrettyPrintShared;

// Pretty-prints a large JSON body on a thread of the global pool, a piece at a time, into a
// BodyBuffer of its own (which spills to a temporary file as a response body does): the GUI thread
// never formats, and neither the body nor its pretty form is held whole in memory.
// Job shape: start(), then progress() and firstPage(), then exactly one finished(), unless the job
// is cancelled or deleted first (a new body shown, another leg selected): then the thread stops at
// its next piece and nothing more is emitted. The body must be complete before start().
class PrettyPrintJob : public QObject
{
    Q_OBJECT
public:
    // firstPageBytes: how much of the pretty form firstPage() carries (the view's page size).
    PrettyPrintJob(std::shared_ptr<const BodyBuffer> body, qint64 firstPageBytes, QObject *parent = nullptr);
    ~PrettyPrintJob() override;

    void start();
    void cancel();
    bool isRunning() const { return m_running; }

    // After finished(): the pretty form, and whether the brackets and strings were well formed
    // (JsonReindenter's checks); error() says where they broke.
    std::shared_ptr<const BodyBuffer> pretty() const { return m_pretty; }
    bool isWellFormed() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }

signals:
    // The first firstPageBytes of the pretty form (all of it when shorter), once, as soon as known.
    void firstPage(const QByteArray &bytes);
    // Input bytes formatted so far, at most every few megabytes.
    void progress(qint64 done, qint64 total);
    void finished();

private:
    std::shared_ptr<const BodyBuffer> m_body;
    qint64 m_firstPageBytes;
    std::shared_ptr<PrettyPrintShared> m_shared;
    std::shared_ptr<const BodyBuffer> m_pretty;
    QString m_error;
    bool m_running = false;
};
