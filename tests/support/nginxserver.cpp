#include "nginxserver.h"

#include <QDir>
#include <QFile>

static bool runTool(const QString &program, const QStringList &args, const QString &dir, QString *error)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("%1 failed: %2 %3").arg(program, p.errorString(), QString::fromLocal8Bit(p.readAll()));
        return false;
    }
    return true;
}

bool NginxServer::makeCertificates(QString *error)
{
    const QString dir = m_dir.path();
    QFile ext(dir + u"/san.ext");
    if (!ext.open(QIODevice::WriteOnly))
        return false;
    ext.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n");
    ext.close();
    const QString openssl = QStringLiteral("/usr/bin/openssl");
    return runTool(openssl, {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                             QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("2"),
                             QStringLiteral("-subj"), QStringLiteral("/CN=AuthScope Test CA"),
                             QStringLiteral("-keyout"), QStringLiteral("ca.key"), QStringLiteral("-out"), QStringLiteral("ca.pem")},
                   dir, error)
            && runTool(openssl, {QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                                 QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                                 QStringLiteral("-keyout"), QStringLiteral("server.key"), QStringLiteral("-out"), QStringLiteral("server.csr")},
                       dir, error)
            && runTool(openssl, {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), QStringLiteral("server.csr"),
                                 QStringLiteral("-CA"), QStringLiteral("ca.pem"), QStringLiteral("-CAkey"), QStringLiteral("ca.key"),
                                 QStringLiteral("-CAcreateserial"), QStringLiteral("-days"), QStringLiteral("2"),
                                 QStringLiteral("-extfile"), QStringLiteral("san.ext"), QStringLiteral("-out"), QStringLiteral("server.pem")},
                       dir, error);
}

QString NginxServer::documentRoot() const
{
    return m_dir.path() + u"/www";
}

bool NginxServer::writeFile(const QString &relativePath, const QByteArray &content)
{
    const QString path = documentRoot() + u'/' + relativePath;
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

bool NginxServer::start(QString *error)
{
    QDir().mkpath(documentRoot());
    // nginx workers drop root for an unprivileged user, who must be able to read the document root.
    QFile::setPermissions(m_dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                              | QFileDevice::ReadOther | QFileDevice::ExeOther
                                              | QFileDevice::ReadGroup | QFileDevice::ExeGroup);
    if (!makeCertificates(error))
        return false;
    const quint16 port = freePort();
    m_tlsPort = freePort();
    while (m_tlsPort == port)
        m_tlsPort = freePort();
    const QString dir = m_dir.path();
    const QString config = QStringLiteral(
            "daemon off;\n"
            "worker_processes 1;\n"
            "pid %1/nginx.pid;\n"
            "error_log %1/error.log warn;\n"
            "events { worker_connections 256; }\n"
            "http {\n"
            "  access_log off;\n"
            "  default_type application/octet-stream;\n"
            "  client_body_temp_path %1/tmp-body; proxy_temp_path %1/tmp-proxy;\n"
            "  fastcgi_temp_path %1/tmp-fcgi; uwsgi_temp_path %1/tmp-uwsgi; scgi_temp_path %1/tmp-scgi;\n"
            "  keepalive_requests 100000;\n"
            "  server {\n"
            "    listen 127.0.0.1:%2;\n"
            "    root %1/www;\n"
            "    %4\n"
            "  }\n"
            "  server {\n"
            "    listen 127.0.0.1:%3 ssl;\n"
            "    ssl_certificate %1/server.pem; ssl_certificate_key %1/server.key;\n"
            "    root %1/www;\n"
            "    %4\n"
            "  }\n"
            "}\n").arg(dir).arg(port).arg(m_tlsPort).arg(m_extra);
    QFile file(dir + u"/nginx.conf");
    if (!file.open(QIODevice::WriteOnly) || file.write(config.toUtf8()) < 0) {
        *error = QStringLiteral("cannot write nginx.conf");
        return false;
    }
    file.close();
    if (!launch(QStringLiteral("/usr/sbin/nginx"),
                {QStringLiteral("-p"), dir, QStringLiteral("-c"), dir + u"/nginx.conf",
                 QStringLiteral("-e"), dir + u"/error.log"}, port, error))
        return false;
    if (!waitForPort(m_tlsPort, 10000)) {
        *error = QStringLiteral("nginx TLS listener did not come up");
        return false;
    }
    return true;
}

QUrl NginxServer::url(const QString &pathAndQuery) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(pathAndQuery));
}

QUrl NginxServer::httpsUrl(const QString &pathAndQuery) const
{
    return QUrl(QStringLiteral("https://127.0.0.1:%1%2").arg(m_tlsPort).arg(pathAndQuery));
}

QString NginxServer::caCertificatePath() const
{
    return m_dir.path() + u"/ca.pem";
}
