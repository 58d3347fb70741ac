#pragma once

#include "serverprocess.h"

// nginx (Debian package) on 127.0.0.1 with a plain and a TLS listener. The TLS certificate is
// issued for 127.0.0.1/localhost by a throwaway CA the fixture makes with openssl; nothing
// trusts that CA unless a test says so.
class NginxServer : public ServerProcess
{
public:
    // Extra directives inserted into both server blocks (locations, returns), before start().
    void setServerConfig(const QString &directives) { m_extra = directives; }
    bool start(QString *error);

    quint16 tlsPort() const { return m_tlsPort; }
    QString documentRoot() const;
    QUrl url(const QString &pathAndQuery) const;
    QUrl httpsUrl(const QString &pathAndQuery) const;
    QString caCertificatePath() const;
    // Writes a file under the document root.
    bool writeFile(const QString &relativePath, const QByteArray &content);

private:
    bool makeCertificates(QString *error);

    QString m_extra;
    quint16 m_tlsPort = 0;
};
