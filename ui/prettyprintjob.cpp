#include "prettyprintjob.h"

#include "http/bodybuffer.h"
#include "jsonreindenter.h"

#include <QMutex>
#include <QThreadPool>

#include <atomic>

// What the pool thread and the job share. The job may be deleted while the thread runs: it clears
// `job` under the mutex, and the thread posts to the job only under it, so a post never reaches a
// deleted job (Qt drops the events still queued for an object it deletes).
struct PrettyPrintShared
{
    std::atomic<bool> cancelled{false};
    QMutex mutex;
    PrettyPrintJob *job = nullptr;

    // Runs function(job) on the job's thread, unless the job is gone.
    template<typename Function>
    void post(Function function)
    {
        QMutexLocker locker(&mutex);
        if (job)
            QMetaObject::invokeMethod(job, [target = job, function] { function(target); }, Qt::QueuedConnection);
    }
};

namespace {

constexpr qint64 PieceBytes = 1024 * 1024;
constexpr qint64 ProgressEveryBytes = 8 * PieceBytes;

} // namespace

PrettyPrintJob::PrettyPrintJob(std::shared_ptr<const BodyBuffer> body, qint64 firstPageBytes, QObject *parent)
    : QObject(parent), m_body(std::move(body)), m_firstPageBytes(firstPageBytes)
{
}

PrettyPrintJob::~PrettyPrintJob()
{
    cancel();
}

void PrettyPrintJob::start()
{
    if (m_running || m_shared)
        return;
    m_running = true;
    m_shared = std::make_shared<PrettyPrintShared>();
    m_shared->job = this;
    auto shared = m_shared;
    auto body = m_body;
    const qint64 firstPageBytes = m_firstPageBytes;
    QThreadPool::globalInstance()->start([shared, body, firstPageBytes] {
        auto pretty = std::make_shared<BodyBuffer>();
        JsonReindenter reindenter;
        QByteArray out;
        QByteArray firstPage;
        bool firstPageSent = false;
        const qint64 total = body->size();
        qint64 done = 0;
        qint64 reported = 0;
        QString writeError;
        const auto flush = [&] {
            if (!firstPageSent) {
                firstPage += out.left(firstPageBytes - firstPage.size());
                if (firstPage.size() >= firstPageBytes) {
                    firstPageSent = true;
                    shared->post([firstPage](PrettyPrintJob *job) { emit job->firstPage(firstPage); });
                }
            }
            if (!pretty->append(out))
                writeError = pretty->errorString();
            out.clear();
        };
        while (done < total && !shared->cancelled && writeError.isEmpty()) {
            const QByteArray piece = body->readAt(done, PieceBytes);
            if (piece.isEmpty()) {
                writeError = QStringLiteral("cannot read the body");
                break;
            }
            reindenter.feed(piece, &out);
            done += piece.size();
            if (out.size() >= PieceBytes)
                flush();
            if (done - reported >= ProgressEveryBytes) {
                reported = done;
                shared->post([done, total](PrettyPrintJob *job) { emit job->progress(done, total); });
            }
        }
        if (shared->cancelled)
            return;
        reindenter.finish(&out);
        flush();
        if (!firstPageSent)
            shared->post([firstPage](PrettyPrintJob *job) { emit job->firstPage(firstPage); });
        const QString error = !writeError.isEmpty() ? writeError : QString::fromUtf8(reindenter.error());
        shared->post([pretty, error](PrettyPrintJob *job) {
            job->m_pretty = pretty;
            job->m_error = error;
            job->m_running = false;
            emit job->finished();
        });
    });
}

void PrettyPrintJob::cancel()
{
    m_running = false;
    if (!m_shared)
        return;
    m_shared->cancelled = true;
    QMutexLocker locker(&m_shared->mutex);
    m_shared->job = nullptr;
}
