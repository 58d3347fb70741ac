#include "labconnection.h"

#include "core/httpgrammar.h"
#include "http/httpdate.h"

#include <QDateTime>
#include <QTcpSocket>
#include <QTimer>

#include <cctype>

namespace {

constexpr qsizetype ChunkSizeLineLimit = 1024;
constexpr qsizetype ResponseChunkBytes = 8192;
constexpr qint64 ReadBufferBytes = 256 * 1024;
constexpr qint64 MaxUnsentBytes = 4 * 1024 * 1024;

bool isAbsoluteForm(const QByteArray &target)
{
    const QByteArray lower = target.left(8).toLower();
    return lower.startsWith("http://") || lower.startsWith("https://");
}

// RFC 9110 §15: 1xx, 204 and 304 carry no content; a HEAD response none either.
bool hasNoBody(int status)
{
    return (status >= 100 && status < 200) || status == 204 || status == 304;
}

bool listHasToken(const QList<QByteArray> &values, const QByteArray &token)
{
    for (const QByteArray &value : values) {
        for (const QByteArray &item : value.split(',')) {
            if (item.trimmed().compare(token, Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
}

} // namespace

LabConnection::LabConnection(QTcpSocket *socket, const QString &origin, Answerer answer, int idleTimeoutMs,
                             QObject *parent)
    : QObject(parent), m_socket(socket), m_origin(origin.toUtf8()), m_answer(std::move(answer)),
      m_idle(new QTimer(this))
{
    m_socket->setParent(this);
    m_idle->setSingleShot(true);
    m_idle->setInterval(idleTimeoutMs);
    connect(m_idle, &QTimer::timeout, this, &LabConnection::close);
    // A client that sends and never reads: stop reading (the socket holds a bounded buffer, TCP
    // pushes back) until what was written has gone out.
    m_socket->setReadBufferSize(ReadBufferBytes);
    connect(m_socket, &QTcpSocket::readyRead, this, &LabConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_socket->bytesToWrite() < MaxUnsentBytes && (m_socket->bytesAvailable() > 0 || !m_buffer.isEmpty()))
            onReadyRead();
    });
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        m_idle->stop();
        emit closed();
        deleteLater();
    });
    m_idle->start();
    // Bytes may have come with the connection already.
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &LabConnection::onReadyRead, Qt::QueuedConnection);
}

LabConnection::~LabConnection() = default;

void LabConnection::close()
{
    m_stage = Stage::Closing;
    m_idle->stop();
    m_socket->disconnectFromHost();
}

void LabConnection::onReadyRead()
{
    if (m_stage == Stage::Closing) {
        m_socket->readAll();
        return;
    }
    m_idle->start();
    while (m_stage != Stage::Closing && m_socket->bytesToWrite() < MaxUnsentBytes) {
        m_buffer += m_socket->readAll();
        if (!parseNext())
            break;
    }
}

bool LabConnection::parseNext()
{
    switch (m_stage) {
    case Stage::Head:
        return readHead();
    case Stage::Body:
        return readBody();
    case Stage::ChunkSize:
    case Stage::ChunkData:
    case Stage::ChunkTrailer:
        return readChunks();
    case Stage::Closing:
        break;
    }
    return false;
}

bool LabConnection::takeLine(QByteArray *line)
{
    const qsizetype end = m_buffer.indexOf('\n');
    if (end < 0)
        return false;
    // RFC 9112 §2.2: a bare LF may be taken as the line terminator; the CR before it is dropped.
    *line = m_buffer.left(end > 0 && m_buffer.at(end - 1) == '\r' ? end - 1 : end);
    m_buffer.remove(0, end + 1);
    return true;
}

bool LabConnection::readHead()
{
    // RFC 9112 §2.2: empty lines before the request line are ignored.
    while (m_buffer.startsWith("\r\n") || m_buffer.startsWith('\n'))
        m_buffer.remove(0, m_buffer.startsWith('\n') ? 1 : 2);
    if (m_buffer.isEmpty())
        return false;

    // The head ends at its first empty line.
    qsizetype headEnd = -1;
    qsizetype lineStart = 0;
    for (qsizetype lf = m_buffer.indexOf('\n'); lf >= 0; lf = m_buffer.indexOf('\n', lineStart)) {
        const qsizetype lineLength = lf - lineStart;
        if (lineLength == 0 || (lineLength == 1 && m_buffer.at(lineStart) == '\r')) {
            headEnd = lf + 1;
            break;
        }
        lineStart = lf + 1;
    }
    if (headEnd < 0) {
        if (m_buffer.size() > MaxHeadBytes)
            refuse(431, QStringLiteral("The request's header section is larger than 64 KiB."));
        return false;
    }
    if (headEnd > MaxHeadBytes) {
        refuse(431, QStringLiteral("The request's header section is larger than 64 KiB."));
        return false;
    }

    const QByteArray head = m_buffer.left(headEnd);
    m_buffer.remove(0, headEnd);
    m_request = LabRequest();
    m_request.peer = m_socket->peerAddress();
    m_request.localPort = m_socket->localPort();
    m_closeAfter = false;

    QList<QByteArray> lines = head.split('\n');
    lines.removeLast(); // after the last LF
    lines.removeLast(); // the empty line
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
        // RFC 9112 §2.2: a bare CR is invalid.
        if (line.contains('\r')) {
            refuse(400, QStringLiteral("A bare CR in the request's head."));
            return false;
        }
    }

    // RFC 9112 §3: method SP request-target SP HTTP-version, single spaces.
    const QList<QByteArray> parts = lines.takeFirst().split(' ');
    if (parts.size() != 3 || !HttpGrammar::isToken(parts.at(0)) || parts.at(1).isEmpty()
        || HttpGrammar::firstControlByte(parts.at(1)) >= 0 || !parts.at(2).startsWith("HTTP/")) {
        refuse(400, QStringLiteral("The request line is not \"METHOD TARGET HTTP/1.1\"."));
        return false;
    }
    m_request.method = parts.at(0);
    m_request.target = parts.at(1);
    m_request.version = parts.at(2);
    if (m_request.version != "HTTP/1.1" && m_request.version != "HTTP/1.0") {
        refuse(505, QStringLiteral("The lab speaks HTTP/1.1 (and 1.0)."));
        return false;
    }

    if (lines.size() > MaxHeaderFields) {
        refuse(431, QStringLiteral("The request has more than %1 header fields.").arg(MaxHeaderFields));
        return false;
    }
    for (const QByteArray &line : std::as_const(lines)) {
        // RFC 9112 §5.2: obs-fold is refused with 400 rather than guessed at.
        if (!line.isEmpty() && HttpGrammar::isWhitespace(line.at(0))) {
            refuse(400, QStringLiteral("A header field is folded over lines (obs-fold)."));
            return false;
        }
        // RFC 9112 §5.1: no whitespace between the field name and the colon. The field is not
        // echoed back: it may hold a credential.
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || HttpGrammar::isWhitespace(line.at(colon - 1))
            || !m_request.headers.appendLine(line, HeaderField::Source::User, nullptr)
            || HttpGrammar::firstControlByte(m_request.headers.at(m_request.headers.size() - 1).value) >= 0) {
            refuse(400, QStringLiteral("Header field %1 is not \"name: value\".").arg(m_request.headers.size() + 1));
            return false;
        }
    }

    if (m_request.method == "CONNECT") {
        refuse(501, QStringLiteral("The lab's proxy does not tunnel (CONNECT); send plain http:// requests "
                                   "through it."));
        return false;
    }
    // RFC 9112 §3.2: exactly one Host in an HTTP/1.1 request.
    if (m_request.version == "HTTP/1.1" && m_request.headers.values("Host").size() != 1) {
        refuse(400, QStringLiteral("An HTTP/1.1 request needs exactly one Host header field."));
        return false;
    }
    if (isAbsoluteForm(m_request.target)) {
        m_request.viaProxy = true;
        m_request.url = QUrl::fromEncoded(m_request.target);
    } else if (m_request.target.startsWith('/')) {
        m_request.url = QUrl::fromEncoded(m_origin + m_request.target);
    } else if (m_request.target == "*" && m_request.method == "OPTIONS") {
        m_request.url = QUrl::fromEncoded(m_origin + '/');
    } else {
        refuse(400, QStringLiteral("The request target is neither a path nor an absolute http URL."));
        return false;
    }
    if (!m_request.url.isValid() || m_request.url.host().isEmpty()) {
        refuse(400, QStringLiteral("The request target is not a valid URL."));
        return false;
    }
    startBody();
    return m_stage != Stage::Closing;
}

void LabConnection::startBody()
{
    const QList<QByteArray> codings = m_request.headers.values("Transfer-Encoding");
    const QList<QByteArray> lengths = m_request.headers.values("Content-Length");
    const bool expectsContinue = m_request.hasHeader("Expect");
    if (expectsContinue && m_request.header("Expect").trimmed().compare("100-continue", Qt::CaseInsensitive) != 0) {
        refuse(417, QStringLiteral("The lab only knows Expect: 100-continue."));
        return;
    }

    if (!codings.isEmpty()) {
        // RFC 9112 §6.1: chunked must be the final (here: the only) coding; not in HTTP/1.0.
        if (m_request.version == "HTTP/1.0") {
            refuse(400, QStringLiteral("Transfer-Encoding in an HTTP/1.0 request."));
            return;
        }
        QList<QByteArray> all;
        for (const QByteArray &value : codings) {
            for (const QByteArray &item : value.split(','))
                all.append(item.trimmed().toLower());
        }
        if (all != QList<QByteArray>{"chunked"}) {
            refuse(501, QStringLiteral("The lab understands only Transfer-Encoding: chunked."));
            return;
        }
        m_closeAfter = !lengths.isEmpty();
        m_stage = Stage::ChunkSize;
    } else if (!lengths.isEmpty()) {
        // RFC 9110 §8.6: a list of identical values may be taken as one; anything else is an error.
        QByteArray length;
        for (const QByteArray &value : lengths) {
            for (const QByteArray &item : value.split(',')) {
                const QByteArray trimmed = item.trimmed();
                if (!length.isEmpty() && trimmed != length) {
                    refuse(400, QStringLiteral("Content-Length has different values."));
                    return;
                }
                length = trimmed;
            }
        }
        bool ok = !length.isEmpty();
        for (char c : std::as_const(length))
            ok = ok && c >= '0' && c <= '9';
        const qlonglong declared = ok && length.size() <= 18 ? length.toLongLong() : -1;
        if (!ok) {
            refuse(400, QStringLiteral("Content-Length is not a number."));
            return;
        }
        if (declared < 0 || declared > MaxBodyBytes) {
            refuse(413, QStringLiteral("The request body is larger than 1 MiB."));
            return;
        }
        m_bodyLength = qsizetype(declared);
        m_stage = Stage::Body;
    } else {
        m_bodyLength = 0;
        m_stage = Stage::Body;
    }

    // RFC 9110 §10.1.1: say "go on" only when the body has not come already.
    const bool bodyToCome = m_stage != Stage::Body || m_bodyLength > m_buffer.size();
    if (expectsContinue && bodyToCome && m_request.version == "HTTP/1.1" && (m_stage != Stage::Body || m_bodyLength > 0))
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
}

bool LabConnection::readBody()
{
    if (m_buffer.size() < m_bodyLength)
        return false;
    m_request.body = m_buffer.left(m_bodyLength);
    m_buffer.remove(0, m_bodyLength);
    finishRequest();
    return m_stage != Stage::Closing;
}

bool LabConnection::readChunks()
{
    // RFC 9112 §7.1: chunk-size [chunk-ext] CRLF chunk-data CRLF ... last-chunk trailer-section CRLF
    while (true) {
        if (m_stage == Stage::ChunkSize) {
            QByteArray line;
            if (!takeLine(&line)) {
                if (m_buffer.size() > ChunkSizeLineLimit)
                    refuse(400, QStringLiteral("A chunk size line is too long."));
                return false;
            }
            const qsizetype extension = line.indexOf(';');
            const QByteArray size = (extension < 0 ? line : line.left(extension)).trimmed();
            bool ok = !size.isEmpty() && size.size() <= 8;
            for (char c : size)
                ok = ok && std::isxdigit(uchar(c));
            if (!ok) {
                refuse(400, QStringLiteral("A chunk size is not a hexadecimal number."));
                return false;
            }
            m_bodyLength = qsizetype(size.toLongLong(nullptr, 16));
            if (m_request.body.size() + m_bodyLength > MaxBodyBytes) {
                refuse(413, QStringLiteral("The request body is larger than 1 MiB."));
                return false;
            }
            m_stage = m_bodyLength == 0 ? Stage::ChunkTrailer : Stage::ChunkData;
        } else if (m_stage == Stage::ChunkData) {
            if (m_buffer.size() < m_bodyLength + 1)
                return false;
            const bool crlf = m_buffer.size() >= m_bodyLength + 2 && m_buffer.mid(m_bodyLength, 2) == "\r\n";
            const bool lf = m_buffer.at(m_bodyLength) == '\n';
            if (!crlf && !lf) {
                if (m_buffer.at(m_bodyLength) == '\r' && m_buffer.size() == m_bodyLength + 1)
                    return false; // the LF is still to come
                refuse(400, QStringLiteral("A chunk is longer than its size says."));
                return false;
            }
            m_request.body += m_buffer.left(m_bodyLength);
            m_buffer.remove(0, m_bodyLength + (crlf ? 2 : 1));
            m_stage = Stage::ChunkSize;
        } else {
            // Trailer fields are read and dropped (the lessons do not use them).
            QByteArray line;
            while (takeLine(&line)) {
                if (line.isEmpty()) {
                    finishRequest();
                    return m_stage != Stage::Closing;
                }
            }
            if (m_buffer.size() > MaxHeadBytes)
                refuse(431, QStringLiteral("The request's trailer section is larger than 64 KiB."));
            return false;
        }
    }
}

bool LabConnection::wantsKeepAlive() const
{
    // RFC 9112 §9.3: HTTP/1.1 persists unless "close"; HTTP/1.0 only with "keep-alive".
    const QList<QByteArray> connection = m_request.headers.values("Connection");
    if (listHasToken(connection, "close"))
        return false;
    return m_request.version == "HTTP/1.1" || listHasToken(connection, "keep-alive");
}

void LabConnection::finishRequest()
{
    const LabResponse response = m_answer(m_request);
    const bool keepAlive = wantsKeepAlive() && !m_closeAfter && !response.closeConnection
            && !listHasToken({response.header("Connection")}, "close");
    send(response, keepAlive);
    if (keepAlive) {
        m_stage = Stage::Head;
        m_request = LabRequest();
    }
}

void LabConnection::refuse(int status, const QString &why)
{
    LabResponse response = LabResponse::text(status, why + u'\n');
    response.closeConnection = true;
    // What the log line shows of a request that never got as far as its request line.
    if (m_request.method.isEmpty())
        m_request.method = "-";
    if (m_request.target.isEmpty())
        m_request.target = "-";
    send(response, false);
}

void LabConnection::send(const LabResponse &response, bool keepAlive)
{
    m_socket->write(serialize(m_request, response, keepAlive));
    emit served(m_request.method, m_request.target, response.status);
    if (!keepAlive)
        close();
    else
        m_idle->start();
}

QByteArray LabConnection::serialize(const LabRequest &request, const LabResponse &response, bool keepAlive)
{
    const QByteArray reason = response.reason.isEmpty() ? standardReason(response.status) : response.reason;
    QByteArray wire = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reason + "\r\n";
    for (const auto &field : response.headers)
        wire += field.first + ": " + field.second + "\r\n";
    auto hasField = [&](const QByteArray &name) {
        for (const auto &field : response.headers) {
            if (field.first.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    };
    // Lessons judge JWT exp and nbf against this Date (RFC 9110 §6.6.1).
    if (!hasField("Date"))
        wire += "Date: " + HttpDate::format(QDateTime::currentDateTimeUtc()) + "\r\n";
    if (!hasField("Server"))
        wire += "Server: AuthScope-Lab\r\n";

    const bool noBody = hasNoBody(response.status);
    const bool headOnly = request.method == "HEAD";
    // A chunked answer only to an HTTP/1.1 client (RFC 9112 §7); HTTP/1.0 gets Content-Length.
    const bool chunked = response.chunked && request.version != "HTTP/1.0" && !noBody;
    if (!noBody && !hasField("Content-Length") && !hasField("Transfer-Encoding")) {
        if (chunked)
            wire += "Transfer-Encoding: chunked\r\n";
        else
            wire += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    }
    if (!hasField("Connection")) {
        if (!keepAlive)
            wire += "Connection: close\r\n";
        else if (request.version == "HTTP/1.0")
            wire += "Connection: keep-alive\r\n";
    }
    wire += "\r\n";
    if (noBody || headOnly)
        return wire;
    if (!chunked)
        return wire + response.body;
    for (qsizetype at = 0; at < response.body.size(); at += ResponseChunkBytes) {
        const QByteArray chunk = response.body.mid(at, ResponseChunkBytes);
        wire += QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n";
    }
    return wire + "0\r\n\r\n";
}

QByteArray LabConnection::standardReason(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 407: return "Proxy Authentication Required";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 417: return "Expectation Failed";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    }
    return "Status";
}
