#include "labserver.h"

#include "labconnection.h"

#include <QTcpServer>
#include <QTcpSocket>

LabServer::LabServer(QObject *parent)
    : QObject(parent), m_server(new QTcpServer(this)), m_idleTimeoutMs(LabConnection::DefaultIdleTimeoutMs)
{
    connect(m_server, &QTcpServer::newConnection, this, &LabServer::acceptConnections);
}

LabServer::~LabServer()
{
    close();
}

Status LabServer::listen(const QHostAddress &address, quint16 port)
{
    if (m_server->isListening())
        close();
    if (!m_server->listen(address, port)) {
        const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                ? u'[' + address.toString() + u']'
                : address.toString();
        const QString where = QStringLiteral("%1:%2").arg(host).arg(port);
        return Status(Status::Code::ConnectionFailed,
                      QStringLiteral("the lab cannot listen on %1: %2").arg(where, m_server->errorString()));
    }
    return Status::ok();
}

void LabServer::close()
{
    m_server->close();
    // Closing deletes each connection later; the list is cleared now so nothing is closed twice.
    const QList<LabConnection *> open = m_connections;
    m_connections.clear();
    for (LabConnection *connection : open) {
        disconnect(connection, nullptr, this, nullptr);
        connection->close();
        connection->deleteLater();
    }
}

QAbstractSocket::SocketError LabServer::listenError() const
{
    return m_server->serverError();
}

bool LabServer::isListening() const { return m_server->isListening(); }
QHostAddress LabServer::address() const { return m_server->serverAddress(); }
quint16 LabServer::port() const { return m_server->serverPort(); }

QString LabServer::origin() const
{
    return m_server->isListening() ? originFor(m_server->serverAddress(), m_server->serverPort()) : QString();
}

QString LabServer::originFor(const QHostAddress &address, quint16 port)
{
    QHostAddress host = address;
    // Listening everywhere: this machine reaches it over loopback.
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress(QHostAddress::LocalHost);
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress(QHostAddress::LocalHostIPv6);
    const QString name = host.protocol() == QAbstractSocket::IPv6Protocol
            ? QStringLiteral("[%1]").arg(host.toString())
            : host.toString();
    return QStringLiteral("http://%1:%2").arg(name).arg(port);
}

QUrl LabServer::urlFor(const QString &path) const
{
    return QUrl(origin() + path);
}

bool LabServer::isLoopback(const QHostAddress &address)
{
    return address.isLoopback();
}

void LabServer::acceptConnections()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        auto *connection = new LabConnection(socket, origin(),
                                             [this](const LabRequest &request) {
                                                 return m_catalog.dispatch(request, origin());
                                             },
                                             m_idleTimeoutMs, this);
        m_connections.append(connection);
        connect(connection, &LabConnection::served, this, &LabServer::served);
        connect(connection, &LabConnection::closed, this,
                [this, connection] { m_connections.removeOne(connection); });
    }
}
