#pragma once

#include "serverprocess.h"

// tests/support/digestsessserver.js under node: http-auth's Digest with algorithm=MD5-sess, and
// an RFC 2069 style challenge (empty qop) under /none.
class NodeDigestServer : public ServerProcess
{
public:
    bool start(const QString &realm, const QString &user, const QByteArray &password, QString *error);
    QUrl url(const QString &pathAndQuery) const;
};
