#pragma once

#include "serverprocess.h"

// python3-httpbin (Debian package) served by gunicorn on 127.0.0.1 at a free port.
class HttpbinServer : public ServerProcess
{
public:
    bool start(QString *error);
    // url("/redirect/2") → http://127.0.0.1:PORT/redirect/2 (a query may follow the path).
    QUrl url(const QString &pathAndQuery) const;
};
