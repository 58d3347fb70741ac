#pragma once

#include "core/status.h"
#include "labcatalog.h"

#include <QAbstractSocket>
#include <QHostAddress>
#include <QObject>
#include <QUrl>

class LabConnection;
class QTcpServer;

// The built-in practice lab: an HTTP/1.1 server (keep-alive, Content-Length and chunked bodies,
// absolute-form targets for its proxy lessons) over QTcpServer, answering from its LabCatalog. Runs
// on the caller's event loop; the GUI and `authscope-cli lab` start one, tests start their own.
class LabServer : public QObject
{
    Q_OBJECT
public:
    static constexpr quint16 DefaultPort = 8642;

    explicit LabServer(QObject *parent = nullptr);
    ~LabServer() override;

    // Port 0 picks a free port. Status::Code::ConnectionFailed (with the reason) when the address or
    // port cannot be bound. Listening on anything but loopback is the caller's decision to warn about.
    Status listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = DefaultPort);
    // Why the last listen() failed (AddressInUseError: another program has the port), for the
    // front end's advice.
    QAbstractSocket::SocketError listenError() const;
    void close();
    bool isListening() const;
    QHostAddress address() const;
    quint16 port() const;
    // "http://127.0.0.1:8642" ("http://[::1]:8642" for IPv6); empty when not listening.
    QString origin() const;
    // The origin of a lab at address and port, as origin() says it (any-address: loopback).
    static QString originFor(const QHostAddress &address, quint16 port);
    // origin() + path
    QUrl urlFor(const QString &path) const;

    LabCatalog &catalog() { return m_catalog; }
    const LabCatalog &catalog() const { return m_catalog; }
    // With origin() substituted.
    QList<LabScenario> scenarios() const { return m_catalog.scenarios(origin()); }

    static bool isLoopback(const QHostAddress &address);

    // How long a keep-alive connection may sit without a request before the lab closes it
    // (LabConnection::DefaultIdleTimeoutMs); for connections accepted after the call.
    void setIdleTimeout(int milliseconds) { m_idleTimeoutMs = milliseconds; }
    // Open client connections.
    int connectionCount() const { return int(m_connections.size()); }

signals:
    // Each answered request, for the CLI's log line and the GUI's lab status.
    void served(const QByteArray &method, const QByteArray &target, int status);

private:
    void acceptConnections();

    QTcpServer *m_server;
    LabCatalog m_catalog;
    QList<LabConnection *> m_connections;
    int m_idleTimeoutMs;
};
