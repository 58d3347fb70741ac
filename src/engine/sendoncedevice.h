#pragma once

#include <QIODevice>

#include <memory>

// The body Qt uploads for a request that must go out at most once (RFC 9110 §9.2.2: anything but
// GET, HEAD, OPTIONS, TRACE, PUT and DELETE, and any request with a body). Qt's HTTP/1 transport
// sends a request again by itself when the connection closes before a response, after reset() of
// the upload device; this device refuses that reset while no response has arrived, so Qt ends the
// reply with ContentReSendError instead. (Qt also rewinds after a 307/308 response, redirects being
// manual or not: that is no resend, and responseArrived() allows it.) A request without a body gets an empty one (Qt then writes "Content-Length: 0"): with no
// upload device at all Qt would resend unasked.
//
// Not a QBuffer on purpose: Qt rewinds a QBuffer's bytes itself without asking the device. Known
// limit: a sequential body (a pipe) stays sequential, and Qt copies it into a buffer it rewinds freely.
class SendOnceDevice : public QIODevice
{
    Q_OBJECT
public:
    // body: open for reading, or null for an empty body. Opens the device read-only.
    explicit SendOnceDevice(std::unique_ptr<QIODevice> body, QObject *parent = nullptr);
    ~SendOnceDevice() override;

    // Whether a request with this method and body may be sent twice (RFC 9110 §9.2.2).
    static bool mayRepeat(const QByteArray &method, bool hasBody);

    bool isSequential() const override;
    qint64 size() const override;
    bool seek(qint64 pos) override;
    bool reset() override;
    // The response's head arrived (QNetworkReply::metaDataChanged, which Qt delivers before it
    // asks for a rewind): from now on a rewind is no resend.
    void responseArrived() { m_responded = true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 maxSize) override;

private:
    std::unique_ptr<QIODevice> m_body;
    bool m_responded = false;
};
