#pragma once

#include "http/leg.h"

#include <QObject>

#include <memory>

class ContentDecoder;
class QElapsedTimer;
class QIODevice;
class QNetworkAccessManager;
class QNetworkReply;

// Sends one leg and records it. Owns its QNetworkReply: deleting the job aborts the transfer.
// Only the job announces its end: finished() is emitted exactly once, never inside start().
class LegJob : public QObject
{
    Q_OBJECT
public:
    // The most Qt holds of a response body before the job drains it: past it Qt stops reading the
    // socket, so a large body streams through a fixed amount of memory to the BodyBuffer.
    static constexpr qint64 ReadBufferSize = 1024 * 1024;

    // leg arrives filled with what is to be sent (method, url, requestHeaders with sources); the
    // job sends every field that is not Source::Transport and fills in the rest as it happens.
    // clock is the exchange's clock and must outlive the job.
    LegJob(QNetworkAccessManager *manager, Leg leg, std::unique_ptr<QIODevice> body,
           const QElapsedTimer &clock, QObject *parent = nullptr);
    ~LegJob() override;

    void start();
    // Stops the transfer; finished() follows (synchronously) with leg().status = status.
    void abort(const Status &status);

    const Leg &leg() const { return m_leg; }
    Leg takeLeg() { return std::move(m_leg); }
    // After resent(): returns the record so far (the send that went unanswered) and records the
    // rest of the transfer into next.
    Leg continueAs(Leg next);

signals:
    // Qt's transport sent the request again by itself (the connection closed before a response;
    // it does so only for a request without a SendOnceDevice). Emitted before the resend's timing.
    void resent();
    void progress(qint64 bytesReceived, qint64 bytesTotal);
    void finished();

private:
    // Cuts the owner's connections to the reply, aborts it and deletes it.
    struct ReplyDeleter {
        const QObject *owner = nullptr;
        void operator()(QNetworkReply *reply) const;
    };

    void send();
    void onReadyRead();
    void onMetaData();
    void onFinished();
    void onSslErrors(const QList<QSslError> &errors);
    // Records the leg's refusal as a note with its code and ends the job with it.
    void fail(const Status &status);
    // Decodes (when the body is coded) and stores received bytes; false when that ended the job.
    bool storeBody(const QByteArray &bytes);
    // Before the end is reported: the last bytes Qt holds, and whether a coded body was whole.
    void checkBodyEnd();
    qint64 now() const;

    QNetworkAccessManager *m_manager;
    Leg m_leg;
    std::unique_ptr<QIODevice> m_body;
    const QElapsedTimer &m_clock;
    std::unique_ptr<QNetworkReply, ReplyDeleter> m_reply;
    std::unique_ptr<ContentDecoder> m_decoder; // set when the response head names gzip or deflate
    bool m_headChecked = false;
    Status m_refusal; // a refused head, until the job ends with it
    qint64 m_receivedBytes = 0; // of the body as it came, before decoding
    Status m_abortStatus;
    bool m_aborted = false;
    bool m_done = false;
};
