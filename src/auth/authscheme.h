#pragma once

#include "http/authcomputation.h"
#include "http/challenge.h"
#include "credential.h"
#include "http/legnote.h"
#include "http/requestbody.h"

#include <QUrl>

// What a scheme needs to know about the request it authorizes.
struct AuthRequest
{
    QByteArray method;
    QUrl url;
    RequestBody body;   // Digest qop=auth-int hashes it
    bool proxy = false; // answering a 407: the value goes into Proxy-Authorization
};

// What a scheme remembers about one protection space between legs and exchanges (Digest nonce
// counting). Owned by the session's AuthCache.
struct AuthState
{
    Challenge challenge;      // the challenge being answered
    quint32 nonceCount = 0;   // last nc sent with challenge's nonce
    QByteArray cnonce;        // last cnonce sent
    QByteArray sessionHa1;    // -sess: H(A1) fixed for the nonce/cnonce pair it was made with
    QByteArray qop;           // qop used in the last answer
};

struct AuthAnswer
{
    QByteArray value;   // the Authorization / Proxy-Authorization value; empty on error
    QString error;      // why no answer can be given (names the problem, never the secret)
    QString summary;    // "Digest SHA-256, qop=auth, nc=00000001 as alice"
    AuthComputation computation; // how the value was computed (Digest's steps); empty for Basic, Bearer
};

// One HTTP authentication scheme. Adding a scheme means one new subclass registered in
// SchemeRegistry; nothing else changes. Implementations are stateless: state lives in AuthState.
class AuthScheme
{
public:
    virtual ~AuthScheme() = default;

    virtual QByteArray name() const = 0; // canonical spelling, "Digest"
    virtual Credential::Kind credentialKind() const = 0;
    // 0 when this challenge cannot be answered; higher is stronger (used to pick among several).
    virtual int strength(const Challenge &challenge) const = 0;
    // Why strength() is 0, in words.
    virtual QString unsupportedReason(const Challenge &challenge) const { Q_UNUSED(challenge); return {}; }
    virtual AuthAnswer answer(const Challenge &challenge, const Credential &credential,
                              const AuthRequest &request, AuthState *state) const = 0;
    // Checks an Authentication-Info field after success: NoteCode::None when there is nothing
    // to check, else rspauth-verified, rspauth-mismatch or rspauth-not-checked. When verification
    // is given and a value was checked, it receives the steps of the check.
    virtual LegNote verifyAuthenticationInfo(const QByteArray &fieldValue, const Credential &credential,
                                             const AuthRequest &request, const AuthState &state,
                                             AuthComputation *verification = nullptr) const
    {
        Q_UNUSED(fieldValue); Q_UNUSED(credential); Q_UNUSED(request); Q_UNUSED(state); Q_UNUSED(verification);
        return {};
    }
    // What a challenge of this scheme says (Bearer error codes), as coded notes: the one place
    // each scheme error is explained.
    virtual LegNotes explain(const Challenge &challenge) const { Q_UNUSED(challenge); return {}; }

    bool matches(const Challenge &challenge) const
    {
        return challenge.scheme.compare(name(), Qt::CaseInsensitive) == 0;
    }
};
