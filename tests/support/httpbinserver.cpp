#include "httpbinserver.h"

bool HttpbinServer::start(QString *error)
{
    const quint16 port = freePort();
    // Debian's gunicorn runs Debian's python3, where python3-httpbin is installed.
    return launch(QStringLiteral("/usr/bin/gunicorn"),
                  {QStringLiteral("--bind"), QStringLiteral("127.0.0.1:%1").arg(port),
                   QStringLiteral("--workers"), QStringLiteral("2"),
                   QStringLiteral("--threads"), QStringLiteral("4"),
                   QStringLiteral("--log-level"), QStringLiteral("warning"),
                   QStringLiteral("httpbin:app")},
                  port, error);
}

QUrl HttpbinServer::url(const QString &pathAndQuery) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(pathAndQuery));
}
