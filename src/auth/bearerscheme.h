#pragma once

#include "authscheme.h"

// RFC 6750: the token goes in the Authorization field; the challenge's error, error_description
// and scope say why a token was refused.
class BearerScheme : public AuthScheme
{
public:
    QByteArray name() const override { return QByteArrayLiteral("Bearer"); }
    Credential::Kind credentialKind() const override { return Credential::Kind::Token; }
    int strength(const Challenge &challenge) const override;
    AuthAnswer answer(const Challenge &challenge, const Credential &credential,
                      const AuthRequest &request, AuthState *state) const override;
    LegNotes explain(const Challenge &challenge) const override;
};
