#include "hostileserver.h"

#include <QFile>

static QString logPath(const QString &dir)
{
    return dir + QStringLiteral("/requests.log");
}

bool HostileServer::start(QString *error)
{
    const quint16 port = freePort();
    // Debian's python3 (the test command installs it), not whatever python3 a PATH prefers.
    return launch(QStringLiteral("/usr/bin/python3"),
                  {QStringLiteral(AUTHSCOPE_TEST_SOURCE_DIR "/support/hostile/hostileserver.py"),
                   QStringLiteral("--port"), QString::number(port),
                   QStringLiteral("--log"), logPath(m_dir.path())},
                  port, error);
}

QUrl HostileServer::url(const QString &pathAndQuery) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(pathAndQuery));
}

QStringList HostileServer::log() const
{
    QFile file(logPath(m_dir.path()));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
}

int HostileServer::requestCount(const QString &targetPrefix) const
{
    int count = 0;
    const QStringList lines = log();
    for (const QString &line : lines) {
        if (line.startsWith(u'#'))
            continue;
        const QString target = line.section(u' ', 1);
        if (target.startsWith(targetPrefix))
            ++count;
    }
    return count;
}

int HostileServer::connectionCount() const
{
    int count = 0;
    const QStringList lines = log();
    for (const QString &line : lines)
        count += line.startsWith(QStringLiteral("# connection")) ? 1 : 0;
    return count;
}
