#pragma once

#include "serverprocess.h"

#include <QStringList>

// The purpose-built hostile server (hostile/hostileserver.py, routes in hostile/routes_*.py) on
// 127.0.0.1 at a free port: broken bodies, header floods, control bytes, early closes. It logs
// every request head that reaches it, so a test can count what went over the wire.
class HostileServer : public ServerProcess
{
public:
    bool start(QString *error);
    QUrl url(const QString &pathAndQuery) const;

    // Every logged line so far: "METHOD TARGET" per request, "# connection N" per connection.
    QStringList log() const;
    // How many requests arrived whose target starts with targetPrefix ("/resend" counts
    // "/resend/post?x=1"), and how many connections were accepted.
    int requestCount(const QString &targetPrefix) const;
    int connectionCount() const;
};
