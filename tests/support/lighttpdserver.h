#pragma once

#include "serverprocess.h"

// lighttpd (Debian package) on 127.0.0.1: the one Debian server whose mod_auth answers Digest
// with SHA-256 and SHA-512-256 (and userhash). Each protected path gets its own realm, because
// an htdigest line is matched by user and realm and SHA-256/SHA-512-256 hashes look alike.
class LighttpdServer : public ServerProcess
{
public:
    // Protects path (a prefix like "/sha512/") with Digest of one algorithm in realm, for user
    // and password. userhash also announces userhash=true. Call before start().
    void protect(const QString &path, const QString &algorithm, const QString &realm, const QString &user,
                 const QByteArray &password, bool userhash = false);
    bool start(QString *error);
    QUrl url(const QString &pathAndQuery) const;

private:
    QStringList m_rules;
    QStringList m_paths;
    QByteArray m_htdigest;
};
