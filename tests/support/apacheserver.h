#pragma once

#include "serverprocess.h"

// Apache httpd (Debian's apache2 package) on 127.0.0.1 under a config file of its own.
// Every instance is a forward proxy (mod_proxy, for 127.0.0.1 clients only) and serves a
// document root; tests add directives (auth realms, proxy auth) before start().
class ApacheServer : public ServerProcess
{
public:
    void addDirectives(const QString &directives) { m_extra += directives + u'\n'; }
    bool start(QString *error);

    QUrl url(const QString &pathAndQuery) const;
    QString documentRoot() const;
    bool writeFile(const QString &relativePath, const QByteArray &content);
    // Writes an htpasswd file (SHA-1 format, which Apache reads) under the server's folder and
    // returns its path.
    QString writeHtpasswd(const QString &name, const QString &user, const QByteArray &password);
    // Protects path (a folder like "/basic/", given an index.html) with Basic (mod_auth_basic) or
    // Digest MD5 (mod_auth_digest) for one user in realm; deny() makes a folder answer 403.
    bool protectBasic(const QString &path, const QString &realm, const QString &user, const QByteArray &password);
    bool protectDigest(const QString &path, const QString &realm, const QString &user, const QByteArray &password);
    bool deny(const QString &path);
    // The access log, one line per request as Apache saw it ("%r %>s").
    QStringList accessLog() const;

private:
    QString m_extra;
};
