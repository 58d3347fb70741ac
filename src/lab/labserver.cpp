#include "labserver.h"

#include <QTcpServer>

// Placeholder until the server is written.
LabServer::LabServer(QObject *parent) : QObject(parent), m_server(new QTcpServer(this)) {}
LabServer::~LabServer() = default;

Status LabServer::listen(const QHostAddress &address, quint16 port)
{
    if (!m_server->listen(address, port))
        return Status(Status::Code::ConnectionFailed, m_server->errorString());
    return Status::ok();
}

void LabServer::close() { m_server->close(); }
bool LabServer::isListening() const { return m_server->isListening(); }
QHostAddress LabServer::address() const { return m_server->serverAddress(); }
quint16 LabServer::port() const { return m_server->serverPort(); }
QString LabServer::origin() const { return {}; }
QUrl LabServer::urlFor(const QString &path) const { return QUrl(origin() + path); }
bool LabServer::isLoopback(const QHostAddress &address) { return address.isLoopback(); }
