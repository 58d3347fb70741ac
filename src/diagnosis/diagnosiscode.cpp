#include "diagnosiscode.h"

#include <QHash>

namespace {

struct Entry
{
    DiagnosisCode code;
    const char *name;
    const char *title;
    const char *meaning;
    const char *advice;
};

using C = DiagnosisCode;

// The one table of diagnosis codes. Order is the enum's order (checked by tst_diagnosiscode); the
// README's "Why this 401" table repeats name, meaning and advice row by row.
const Entry entries[] = {
    {C::None, "", "", "", ""},
    {C::MissingCredentials, "missing-credentials", "credentials missing",
     "The server asked for credentials and the request carried none.",
     "Give credentials with the request (-u USER:PASSWORD, --oauth2-bearer TOKEN) or store some for this origin."},
    {C::CredentialsRejected, "credentials-rejected", "credentials rejected",
     "Credentials were sent and the server read them, then refused them.",
     "Check the user name and password (or the token) for this server and realm."},
    {C::WrongScheme, "wrong-scheme", "wrong scheme",
     "The credentials went in a scheme the server did not ask for (Token where Bearer is asked, Basic where Digest is).",
     "Send the credentials in a scheme the server's WWW-Authenticate names (--auth SCHEME)."},
    {C::MalformedAuthorization, "malformed-authorization", "malformed Authorization",
     "The Authorization field cannot be read: no scheme, bad base64, a token with characters a token may not have, or the server says invalid_request.",
     "Rebuild the Authorization field: let AuthScope compose it (-u, --oauth2-bearer) instead of typing it with -H."},
    {C::TokenExpired, "token-expired", "token expired",
     "The bearer token's exp has passed by the server's clock, or the server says the token expired.",
     "Get a new token: refresh it or sign in again (authscope-cli oauth login NAME)."},
    {C::ClockSkew, "clock-skew", "clock skew",
     "The token's nbf or iat lies ahead of the server's Date, or this machine's clock and the server's differ by more than a minute.",
     "Synchronise the clocks (NTP) of this machine, the token issuer and the server."},
    {C::InvalidToken, "invalid-token", "invalid token",
     "The server refused the bearer token as invalid_token (revoked, wrong audience or issuer, bad signature).",
     "Get a new token for this resource from the right issuer, and check its audience."},
    {C::InsufficientScope, "insufficient-scope", "insufficient scope",
     "The token is valid but lacks the scope the resource needs (RFC 6750 insufficient_scope).",
     "Ask for a token with the scope the server names (the challenge's scope parameter)."},
    {C::SessionExpired, "session-expired", "session expired",
     "A cookie that was accepted earlier in the session no longer is: the server ended the session.",
     "Log in again to get a new session cookie."},
    {C::WrongRealm, "wrong-realm", "wrong realm",
     "The credentials were for one realm and the server asks for another.",
     "Use the credentials of the realm the server names now."},
    {C::StaleNonce, "stale-nonce", "stale nonce",
     "The Digest nonce expired (stale=true): the credentials were right, the answer must use the new nonce.",
     "Nothing to fix: answer the new nonce with the same credentials (AuthScope does so once by itself)."},
    {C::Forbidden, "forbidden", "forbidden",
     "403: the server knows who is asking and refuses; sending the same credentials again will not help.",
     "Ask for the rights this resource needs, or use an account that has them."},
    {C::ProxyAuthRequired, "proxy-auth-required", "proxy credentials needed",
     "407: the proxy, not the server, wants credentials (Proxy-Authenticate says which).",
     "Give the proxy's credentials (--proxy-user USER:PASSWORD), not the server's."},
    {C::NoChallenge, "no-challenge", "no challenge",
     "401 without WWW-Authenticate: the server does not say how to authenticate, which RFC 9110 §15.5.2 requires (a server bug).",
     "Read the server's documentation for the scheme it expects, and report the missing WWW-Authenticate."},
    {C::TooManyAttempts, "too-many-attempts", "too many attempts",
     "The server refuses because of the number of requests or failed attempts (429, or a lockout after rejections).",
     "Wait (Retry-After says how long when present) before trying again, with the right credentials."},
    {C::CredentialsNotSent, "credentials-not-sent", "credentials withheld",
     "AuthScope held the credentials back on purpose: the leg went to another origin than the one they were given for.",
     "Send the request to the origin the credentials belong to, or give credentials for this origin."},
    {C::CredentialsStripped, "credentials-stripped", "credentials stripped",
     "Credentials were sent, but the challenge reads as if none arrived: an intermediary (proxy, load balancer) likely removed them.",
     "Check what sits between AuthScope and the server (a proxy or gateway dropping Authorization), or send to the server directly."},
};

static_assert(sizeof(entries) / sizeof(entries[0]) == int(DiagnosisCode::LastCode) + 1,
              "every DiagnosisCode needs its row in the table");

const Entry &entry(DiagnosisCode code)
{
    return entries[int(code)];
}

} // namespace

namespace DiagnosisCodes {

QString name(DiagnosisCode code)
{
    return QString::fromLatin1(entry(code).name);
}

DiagnosisCode fromName(const QString &name)
{
    static const QHash<QString, DiagnosisCode> byName = [] {
        QHash<QString, DiagnosisCode> map;
        for (const Entry &e : entries)
            map.insert(QString::fromLatin1(e.name), e.code);
        return map;
    }();
    return byName.value(name, DiagnosisCode::None);
}

QString title(DiagnosisCode code)
{
    return QString::fromUtf8(entry(code).title);
}

QString meaning(DiagnosisCode code)
{
    return QString::fromUtf8(entry(code).meaning);
}

QString advice(DiagnosisCode code)
{
    return QString::fromUtf8(entry(code).advice);
}

QList<DiagnosisCode> all()
{
    QList<DiagnosisCode> codes;
    for (int c = int(DiagnosisCode::None) + 1; c <= int(DiagnosisCode::LastCode); ++c)
        codes.append(DiagnosisCode(c));
    return codes;
}

} // namespace DiagnosisCodes
