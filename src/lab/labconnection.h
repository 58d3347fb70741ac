#pragma once

#include "labrequest.h"
#include "labresponse.h"

#include <QByteArray>
#include <QObject>

#include <functional>

class QTcpSocket;
class QTimer;

// One client connection of the lab server: reads HTTP/1.1 requests off its socket (RFC 9112),
// hands each to the answerer and writes the answers in the order the requests came (pipelining),
// keeping the connection open as RFC 9112 §9.3 says. Broken input is answered with a 4xx and the
// connection closed; it never crashes on what a client sends. Owns its socket; deletes itself
// (deleteLater) once the socket is closed.
class LabConnection : public QObject
{
    Q_OBJECT
public:
    static constexpr qsizetype MaxHeadBytes = 64 * 1024;    // request line + fields, else 431
    static constexpr int MaxHeaderFields = 100;             // else 431
    static constexpr qsizetype MaxBodyBytes = 1024 * 1024;  // else 413
    static constexpr int DefaultIdleTimeoutMs = 30000;      // a keep-alive connection with nothing to do

    using Answerer = std::function<LabResponse(const LabRequest &request)>;

    // socket: connected; taken over (reparented). origin: the lab's ("http://127.0.0.1:8642"), which
    // origin-form targets are resolved against. answer: called once per complete request.
    LabConnection(QTcpSocket *socket, const QString &origin, Answerer answer, int idleTimeoutMs,
                  QObject *parent = nullptr);
    ~LabConnection() override;

    void close();

    // The answer to request as bytes on the wire: status line, the module's fields as given, then
    // Date, Server, framing and Connection unless the module set them; no body for HEAD, 1xx, 204, 304.
    static QByteArray serialize(const LabRequest &request, const LabResponse &response, bool keepAlive);
    static QByteArray standardReason(int status);

signals:
    // Each request answered (also those refused by the connection itself: 400, 413, 431, 501).
    void served(const QByteArray &method, const QByteArray &target, int status);
    void closed();

private:
    enum class Stage { Head, Body, ChunkSize, ChunkData, ChunkTrailer, Closing };

    void onReadyRead();
    bool parseNext();               // false: wait for more bytes (or closing)
    bool readHead();
    bool readBody();
    bool readChunks();
    void startBody();
    void finishRequest();
    void refuse(int status, const QString &why);
    void send(const LabResponse &response, bool keepAlive);
    bool wantsKeepAlive() const;
    // Takes one line (without its CRLF or bare LF) off the buffer; false when none is complete.
    bool takeLine(QByteArray *line);

    QTcpSocket *m_socket;
    QByteArray m_origin;
    Answerer m_answer;
    QTimer *m_idle;
    QByteArray m_buffer;
    Stage m_stage = Stage::Head;
    LabRequest m_request;
    qsizetype m_bodyLength = 0;     // Content-Length, or the current chunk's size
    bool m_closeAfter = false;      // Transfer-Encoding with Content-Length (RFC 9112 §6.1)
};
