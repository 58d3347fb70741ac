#pragma once

#include "authscheme.h"

// RFC 7616 (and RFC 2069 when the challenge has no qop): MD5, SHA-256, SHA-512-256 and their
// -sess variants, qop auth and auth-int, userhash, nonce counting, Authentication-Info.
class DigestScheme : public AuthScheme
{
public:
    QByteArray name() const override { return QByteArrayLiteral("Digest"); }
    Credential::Kind credentialKind() const override { return Credential::Kind::Password; }
    int strength(const Challenge &challenge) const override;
    QString unsupportedReason(const Challenge &challenge) const override;
    AuthAnswer answer(const Challenge &challenge, const Credential &credential,
                      const AuthRequest &request, AuthState *state) const override;
    LegNote verifyAuthenticationInfo(const QByteArray &fieldValue, const Credential &credential,
                                     const AuthRequest &request, const AuthState &state,
                                     AuthComputation *verification = nullptr) const override;

    // For tests that replay RFC examples: answers with this cnonce instead of a random one.
    static AuthAnswer answerWithCnonce(const Challenge &challenge, const Credential &credential,
                                       const AuthRequest &request, AuthState *state, const QByteArray &cnonce);

private:
    static QByteArray chooseQop(const Challenge &challenge);
};
