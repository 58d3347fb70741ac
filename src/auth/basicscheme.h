#pragma once

#include "authscheme.h"

// RFC 7617. The user-id and password travel base64-encoded: readable by anyone on the path
// unless the connection is encrypted.
class BasicScheme : public AuthScheme
{
public:
    QByteArray name() const override { return QByteArrayLiteral("Basic"); }
    Credential::Kind credentialKind() const override { return Credential::Kind::Password; }
    int strength(const Challenge &challenge) const override;
    AuthAnswer answer(const Challenge &challenge, const Credential &credential,
                      const AuthRequest &request, AuthState *state) const override;
};
