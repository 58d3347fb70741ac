#include "loopbackredirectlistener.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

namespace {

constexpr int MaxRequestHeadBytes = 16 * 1024;

QByteArray page(int status, const QByteArray &reason, const QString &title, const QString &text)
{
    const QByteArray body = QStringLiteral(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%1</title></head>"
        "<body style=\"font-family: sans-serif; margin: 3em\"><h1>%1</h1><p>%2</p></body></html>\n")
        .arg(title.toHtmlEscaped(), text.toHtmlEscaped()).toUtf8();
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n"
           "Content-Type: text/html; charset=utf-8\r\n"
           "Content-Length: " + QByteArray::number(body.size()) + "\r\n"
           "Cache-Control: no-store\r\n"
           "Connection: close\r\n\r\n" + body;
}

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace

LoopbackRedirectListener::LoopbackRedirectListener(QObject *parent)
    : QObject(parent)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] { finish(Outcome::TimedOut); });
}

LoopbackRedirectListener::~LoopbackRedirectListener() = default;

bool LoopbackRedirectListener::listen(const QUrl &fixedRedirectUri, QString *error)
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0;
    QUrl uri = fixedRedirectUri;
    if (fixedRedirectUri.isEmpty()) {
        uri = QUrl(QStringLiteral("http://127.0.0.1/callback"));
    } else {
        // RFC 8252 §7.3: a loopback redirect is plain http to a loopback address; we cannot serve
        // https or listen anywhere else.
        if (!fixedRedirectUri.isValid() || fixedRedirectUri.scheme() != QLatin1String("http")
            || !isLoopbackHost(fixedRedirectUri.host()) || fixedRedirectUri.port() <= 0) {
            if (error)
                *error = QStringLiteral("The redirect URI must be http://127.0.0.1:PORT/PATH (or [::1] or localhost "
                                        "with a port) to be answered on this machine");
            return false;
        }
        if (QHostAddress(fixedRedirectUri.host()).protocol() == QAbstractSocket::IPv6Protocol)
            address = QHostAddress(QHostAddress::LocalHostIPv6);
        port = quint16(fixedRedirectUri.port());
    }
    if (uri.path().isEmpty())
        uri.setPath(QStringLiteral("/"));

    auto *server = new QTcpServer(this);
    if (!server->listen(address, port)) {
        if (error)
            *error = QStringLiteral("Cannot listen on %1 port %2 for the redirect: %3")
                         .arg(address.toString()).arg(port).arg(server->errorString());
        delete server;
        return false;
    }
    m_server = server;
    uri.setPort(server->serverPort());
    m_redirectUri = uri;
    connect(server, &QTcpServer::newConnection, this, &LoopbackRedirectListener::onNewConnection);
    m_timeout.start(m_timeoutMs);
    return true;
}

void LoopbackRedirectListener::cancel()
{
    finish(Outcome::Cancelled);
}

void LoopbackRedirectListener::onNewConnection()
{
    while (m_server && m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        if (!socket->peerAddress().isLoopback()) { // cannot happen when bound to loopback; kept as a rule
            socket->abort();
            socket->deleteLater();
            continue;
        }
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    }
}

void LoopbackRedirectListener::onReadyRead(QTcpSocket *socket)
{
    if (m_outcome != Outcome::Pending) {
        socket->abort();
        return;
    }
    QByteArray head = socket->property("head").toByteArray() + socket->readAll();
    const int end = int(head.indexOf("\r\n\r\n"));
    if (end < 0) {
        if (head.size() > MaxRequestHeadBytes) {
            socket->write(page(431, "Request Header Fields Too Large", QStringLiteral("Request too large"), QString()));
            socket->disconnectFromHost();
        } else {
            socket->setProperty("head", head);
        }
        return;
    }
    // Request line: METHOD SP request-target SP HTTP-version (RFC 9112 §3).
    const QList<QByteArray> requestLine = head.left(head.indexOf("\r\n")).split(' ');
    const QUrl target = requestLine.size() == 3 ? QUrl::fromEncoded(requestLine.at(1)) : QUrl();
    if (requestLine.size() != 3 || !target.isValid() || target.path() != m_redirectUri.path()) {
        socket->write(page(404, "Not Found", QStringLiteral("Not found"),
                           QStringLiteral("This address only takes AuthScope's sign-in redirect.")));
        socket->disconnectFromHost();
        return;
    }
    if (requestLine.at(0) != "GET") {
        socket->write(page(405, "Method Not Allowed", QStringLiteral("Method not allowed"), QString()));
        socket->disconnectFromHost();
        return;
    }

    m_query = QUrlQuery(target);
    const QString error = m_query.queryItemValue(QStringLiteral("error"), QUrl::FullyDecoded);
    if (error.isEmpty()) {
        socket->write(page(200, "OK", QStringLiteral("Signed in"),
                           QStringLiteral("AuthScope received the sign-in. You can close this tab and return to AuthScope.")));
    } else {
        socket->write(page(200, "OK", QStringLiteral("Sign-in failed"),
                           QStringLiteral("The authorization server answered \u201c%1\u201d. Return to AuthScope for details.")
                               .arg(error.left(100))));
    }
    // The page must outlive this listener (the job may drop it once finished() is handled).
    socket->setParent(nullptr);
    socket->disconnect(this);
    socket->disconnectFromHost();
    finish(Outcome::Redirected);
}

void LoopbackRedirectListener::finish(Outcome outcome)
{
    if (m_outcome != Outcome::Pending)
        return;
    m_outcome = outcome;
    m_timeout.stop();
    if (m_server) {
        m_server->close();
        m_server->deleteLater();
        m_server = nullptr;
    }
    emit finished();
}
