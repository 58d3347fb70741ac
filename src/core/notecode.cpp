#include "notecode.h"

#include <QHash>

namespace {

struct Entry
{
    NoteCode code;
    const char *name;
    NoteSeverity severity;
    const char *meaning;
};

using S = NoteSeverity;
using C = NoteCode;

// The one table of codes. Order is the enum's order (checked by tst_notecode).
const Entry entries[] = {
    {C::None, "", S::Info, ""},
    {C::TlsVerificationOff, "tls-verification-off", S::Info,
     "TLS certificate verification was off for this leg: its certificate errors were recorded, then ignored."},
    {C::BodyIncomplete, "body-incomplete", S::Info,
     "The response body ended before all of it arrived."},
    {C::BodyCorrupt, "body-corrupt", S::Error,
     "The response body's gzip or deflate stream is broken or stops before its end: it cannot be decoded."},
    {C::DecompressionLimit, "decompression-limit", S::Error,
     "The compressed body expands more than 100 times past 10 MiB: refused as a decompression bomb."},
    {C::HeaderLimit, "header-limit", S::Error,
     "The response's header fields were dropped by Qt (more than 100 fields, a field line over 100 KiB, "
     "or a field line it cannot parse), Content-Length with them."},
    {C::ContentLengthConflict, "content-length-conflict", S::Error,
     "The response's Content-Length values differ or are not a number, so its end is unknown (RFC 9112 §6.3)."},
    {C::FramingConflict, "framing-conflict", S::Error,
     "The response has both Content-Length and Transfer-Encoding: its framing is ambiguous, a request "
     "smuggling pattern (RFC 9112 §6.3)."},
    {C::StatusOutOfRange, "status-out-of-range", S::Error,
     "The response's status code is outside 100-599 (RFC 9110 §15)."},
    {C::CookieRejected, "cookie-rejected", S::Info,
     "A cookie the server set was not stored: its domain or path does not match the URL."},
    {C::StatusUnauthorized, "status-unauthorized", S::Info,
     "401 Unauthorized: the server wants credentials; its WWW-Authenticate field says which schemes it accepts."},
    {C::StatusForbidden, "status-forbidden", S::Info,
     "403 Forbidden is not a request for credentials: the server understood the request and refuses it. "
     "Other credentials help only if they have more rights."},
    {C::StatusProxyAuthRequired, "status-proxy-auth-required", S::Info,
     "407 Proxy Authentication Required: the proxy, not the server, wants credentials "
     "(Proxy-Authenticate says which)."},
    {C::RedirectFollowed, "redirect-followed", S::Info, "The redirect was followed: the next leg goes to its Location."},
    {C::RedirectNotFollowed, "redirect-not-followed", S::Info,
     "The redirect was not followed because following redirects is off."},
    {C::RedirectWithoutLocation, "redirect-without-location", S::Info,
     "A redirect status without a Location field: there is nothing to follow."},
    {C::RedirectMethodChanged, "redirect-method-changed", S::Info,
     "The redirect turns the method into GET without a body (RFC 9110 §15.4)."},
    {C::RedirectTargetInvalid, "redirect-target-invalid", S::Error,
     "The redirect's Location is not an http(s) URL, so it is not followed."},
    {C::RedirectLimit, "redirect-limit", S::Error,
     "The exchange stopped at the redirect limit; the server may be looping."},
    {C::HttpsDowngrade, "https-downgrade", S::Warning,
     "The redirect leads from https to plain http: what follows travels unencrypted."},
    {C::FieldsDroppedOnRedirect, "fields-dropped-on-redirect", S::Info,
     "Authorization or Cookie fields typed for one origin were not sent to the other origin the redirect leads to."},
    {C::TransportResend, "transport-resend", S::Warning,
     "Qt's HTTP transport sent the request again by itself: the connection closed before any response. "
     "Only a request that may be repeated is left to it (RFC 9110 §9.2.2: GET, HEAD, OPTIONS, TRACE, PUT or "
     "DELETE without a body); each send is its own leg."},
    {C::ResendRefused, "resend-refused", S::Error,
     "The connection closed before any response and the request was not sent again: it may not be repeated "
     "safely (RFC 9110 §9.2.2: only GET, HEAD, OPTIONS, TRACE, PUT and DELETE without a body are). The server "
     "may or may not have acted on it."},
    {C::FieldReplaced, "field-replaced", S::Warning,
     "Qt sends one field per name: of two fields with the same name only the later one went out (the answer "
     "to a challenge replaces an Authorization or Proxy-Authorization given with the request). The leg shows "
     "what was sent."},
    {C::CredentialsPreemptive, "credentials-preemptive", S::Info,
     "Credentials sent up front, without waiting for a challenge: they answered this protection space earlier in the session."},
    {C::ProxyCredentialsPreemptive, "proxy-credentials-preemptive", S::Info,
     "Proxy credentials sent up front on a plain-http leg through the proxy."},
    {C::ProxyCredentialsTunnel, "proxy-credentials-tunnel", S::Info,
     "Proxy credentials go with the CONNECT tunnel request, which Qt sends and answers itself."},
    {C::ApiKeySent, "api-key-sent", S::Info, "The API key was sent in a header or a query parameter."},
    {C::CredentialsNotSent, "credentials-not-sent", S::Info,
     "Credentials were not sent: this leg goes to another origin than the one they were given for."},
    {C::PlainHttpWarning, "plain-http-warning", S::Warning,
     "Credentials go over plain http to a host that is not loopback: anyone on the path can read or replay them."},
    {C::NoUsableChallenge, "no-usable-challenge", S::Info,
     "The 401/407 carries no usable WWW-Authenticate/Proxy-Authenticate field: the server does not say how to authenticate."},
    {C::ChallengeProblem, "challenge-problem", S::Info,
     "Part of a WWW-Authenticate/Proxy-Authenticate field could not be parsed (RFC 9110 §11.6.1)."},
    {C::UnexpectedProxyChallenge, "unexpected-proxy-challenge", S::Info,
     "A 407 from a server that is not the configured proxy: there is nothing to answer."},
    {C::ChallengeSkipped, "challenge-skipped", S::Info,
     "An offered challenge was not answered: another fitted better, the scheme is not supported, or another was asked for."},
    {C::NoAnswerableScheme, "no-answerable-scheme", S::Error,
     "None of the offered challenges can be answered with a supported scheme and the credentials at hand."},
    {C::AuthLoopLimit, "auth-loop-limit", S::Error,
     "The exchange gave up after too many authentication legs: the server keeps challenging."},
    {C::ChallengeAnswered, "challenge-answered", S::Info, "The challenge was answered on a new leg."},
    {C::StaleNonceRetry, "stale-nonce-retry", S::Info,
     "The Digest nonce went stale (stale=true): the same credentials answer the new nonce, without asking."},
    {C::CredentialsRejected, "credentials-rejected", S::Info,
     "The server challenged again after credentials were sent: it did not accept them for this request."},
    {C::CachedCredentialsRefused, "cached-credentials-refused", S::Info,
     "Credentials that worked earlier in the session were refused for this request; they are no longer sent up front."},
    {C::CredentialsNeeded, "credentials-needed", S::Info,
     "The challenge needs credentials the request did not bring: they are being acquired (keychain, then a question)."},
    {C::MissingCredentials, "missing-credentials", S::Error,
     "The server needs credentials and none were given."},
    {C::AnswerFailed, "answer-failed", S::Error,
     "The credentials cannot answer this challenge (an unsupported parameter, or a secret the scheme cannot carry)."},
    {C::CredentialsAccepted, "credentials-accepted", S::Info,
     "The server accepted the credentials; later requests of the session answer this protection space up front."},
    {C::RspauthVerified, "rspauth-verified", S::Info,
     "Authentication-Info's rspauth proves the server knows the password (RFC 7616 §3.5)."},
    {C::RspauthMismatch, "rspauth-mismatch", S::Warning,
     "Authentication-Info's rspauth does not match: this response may not come from a server that knows the password."},
    {C::RspauthNotChecked, "rspauth-not-checked", S::Info,
     "Authentication-Info was not checked (auth-int covers the body, or it could not be parsed)."},
    {C::BearerInvalidToken, "bearer-invalid-token", S::Info,
     "invalid_token: the token is expired, revoked or malformed; get a new one (log in again or refresh it)."},
    {C::BearerInsufficientScope, "bearer-insufficient-scope", S::Info,
     "insufficient_scope: the token is valid but lacks the scope this resource needs."},
    {C::BearerInvalidRequest, "bearer-invalid-request", S::Info,
     "invalid_request: the request is malformed (a missing or repeated parameter, or the token sent twice)."},
    {C::BearerOtherError, "bearer-other-error", S::Info, "The Bearer challenge names an error RFC 6750 does not define."},
    {C::BearerNoError, "bearer-no-error", S::Info,
     "A Bearer challenge without an error code: the request carried no token, or none the server recognises."},
    {C::ServerErrorDescription, "server-error-description", S::Info,
     "The server's own description of the error (error_description)."},
    {C::CredentialFromRequest, "credential-from-request", S::Info, "The credential was given with the request."},
    {C::CredentialFromSession, "credential-from-session", S::Info,
     "The credential worked earlier in this session and is answered again."},
    {C::CredentialFromKeychain, "credential-from-keychain", S::Info, "The credential was read from the OS keychain."},
    {C::CredentialFromPrompt, "credential-from-prompt", S::Info, "The user typed the credential when asked."},
    {C::CredentialFromProxySettings, "credential-from-proxy-settings", S::Info,
     "The proxy's credentials from the proxy settings."},
    {C::StoredCredentialRefused, "stored-credential-refused", S::Info,
     "A stored credential was refused at this URL earlier; it is not sent here again until replaced or accepted."},
    {C::StoredCredentialNotFound, "stored-credential-not-found", S::Error, "No stored credential has that id."},
    {C::StoredCredentialAmbiguous, "stored-credential-ambiguous", S::Error,
     "The id prefix matches several stored credentials."},
    {C::StoredCredentialOtherOrigin, "stored-credential-other-origin", S::Error,
     "The stored credential belongs to another origin; credentials are only sent to the origin they were stored for."},
    {C::StoredCredentialUnusable, "stored-credential-unusable", S::Error,
     "The stored credential cannot be sent (its secret would break the request)."},
    {C::KeychainUnavailable, "keychain-unavailable", S::Warning,
     "The OS keychain could not be used (no Secret Service, locked, access denied or no answer)."},
    {C::CredentialFromProfile, "token-from-profile", S::Info,
     "The bearer token came from an OAuth profile's stored tokens and was still valid."},
    {C::TokenExpiredBeforeSend, "token-expired-before-send", S::Info,
     "The profile's access token had expired or expires within the skew margin (expires_in or the JWT exp): it was refreshed before sending."},
    {C::TokenRefreshOn401, "token-refresh-on-401", S::Info,
     "The server refused the profile's token (401 with a Bearer challenge or invalid_token): the token is refreshed once and the request retried once."},
    {C::TokenRefreshed, "token-refreshed", S::Info,
     "The token endpoint issued new tokens (the refresh_token grant, or the profile's grant run again)."},
    {C::TokenRefreshJoined, "token-refresh-joined", S::Info,
     "Another request was already refreshing this profile's token: this one waited for that refresh and used its result (one refresh per profile at a time)."},
    {C::TokenRefreshedElsewhere, "token-refreshed-elsewhere", S::Info,
     "Another process refreshed this profile's token while this one waited for the profile's lock: the tokens it stored were used, without another refresh."},
    {C::TokenRotated, "token-rotated", S::Info,
     "The token endpoint issued a new refresh token: it was stored before the old one was dropped."},
    {C::TokenNotStored, "token-not-stored", S::Warning,
     "The keychain did not take the new tokens: they are kept in memory for this run only, and will be lost when it ends."},
    {C::TokenGrantRerun, "token-grant-rerun", S::Info,
     "The profile has no refresh token (client_credentials): its grant was run again for a new access token."},
    {C::TokenRefreshFailed, "token-refresh-failed", S::Error,
     "The token could not be refreshed (invalid_grant, revoked, or the token endpoint unreachable): sign in again with the profile's grant."},
    {C::TokenRejectedAfterRefresh, "token-rejected-after-refresh", S::Error,
     "The server refused the freshly refreshed token too: it is not refreshed again (never a loop)."},
    {C::TokenEndpointError, "token-endpoint-error", S::Error,
     "The authorization server answered with an OAuth error (error and error_description, RFC 6749 §5.2)."},
    {C::TokenResponseInvalid, "token-response-invalid", S::Error,
     "The authorization server's answer is not a valid token response (not JSON, no access_token, or a token_type other than Bearer)."},
    {C::OAuthProfileNotFound, "oauth-profile-not-found", S::Error,
     "No OAuth profile has that name."},
    {C::SignInRequired, "sign-in-required", S::Error,
     "The profile has no usable tokens and none can be refreshed: sign in with the profile's grant (authscope-cli oauth login NAME, or Sign in in the window)."},
    {C::DiscoveryFailed, "discovery-failed", S::Error,
     "The issuer's metadata (RFC 8414 or OpenID Connect discovery) could not be read, or does not name the endpoint needed."},
    {C::AuthorizationDenied, "authorization-denied", S::Error,
     "The authorization was refused (access_denied from the server or the user)."},
    {C::StateMismatch, "state-mismatch", S::Error,
     "The redirect back carried a state that does not match the request's: refused as a possible forgery (RFC 6749 §10.12)."},
    {C::DeviceAuthorizationPending, "device-authorization-pending", S::Info,
     "The user has not yet approved the device code: polling continues at the interval (RFC 8628 §3.5)."},
    {C::DeviceSlowDown, "device-slow-down", S::Info,
     "The server asked to poll more slowly (slow_down): the interval grew by 5 seconds (RFC 8628 §3.5)."},
    {C::DeviceCodeExpired, "device-code-expired", S::Error,
     "The device code expired before the user approved it (expired_token): start the sign-in again."},
    {C::TokenRevoked, "token-revoked", S::Info,
     "The revocation endpoint accepted the token (RFC 7009): the server no longer honours it."},
    {C::OAuthProfileSaved, "oauth-profile-saved", S::Info,
     "Tokens from an ad-hoc run were rotated: the new pair was stored as an OAuth profile, named in the note."},
    {C::RefreshTokenWillBeLost, "refresh-token-will-be-lost", S::Warning,
     "The token endpoint rotated the refresh token but nothing may be stored (--no-keychain): the new refresh token is lost when this run ends."},
    {C::PasswordGrantDeprecated, "password-grant-deprecated", S::Warning,
     "The resource owner password grant is deprecated (OAuth 2.0 Security BCP): the client sees the user's password."},
};

static_assert(sizeof(entries) / sizeof(entries[0]) == int(NoteCode::LastCode) + 1,
              "every NoteCode needs its row in the table");

const Entry &entry(NoteCode code)
{
    return entries[int(code)];
}

} // namespace

namespace NoteCodes {

QString name(NoteCode code)
{
    return QString::fromLatin1(entry(code).name);
}

NoteCode fromName(const QString &name)
{
    static const QHash<QString, NoteCode> byName = [] {
        QHash<QString, NoteCode> map;
        for (const Entry &e : entries)
            map.insert(QString::fromLatin1(e.name), e.code);
        return map;
    }();
    return byName.value(name, NoteCode::None);
}

NoteSeverity severity(NoteCode code)
{
    return entry(code).severity;
}

QString severityName(NoteSeverity severity)
{
    switch (severity) {
    case NoteSeverity::Info: return QStringLiteral("info");
    case NoteSeverity::Warning: return QStringLiteral("warning");
    case NoteSeverity::Error: return QStringLiteral("error");
    }
    return QString();
}

QString meaning(NoteCode code)
{
    return QString::fromUtf8(entry(code).meaning);
}

NoteCode forHttpStatus(int statusCode)
{
    switch (statusCode) {
    case 401: return NoteCode::StatusUnauthorized;
    case 403: return NoteCode::StatusForbidden;
    case 407: return NoteCode::StatusProxyAuthRequired;
    default: return NoteCode::None;
    }
}

QString shortLabel(NoteCode code)
{
    switch (code) {
    case NoteCode::StatusUnauthorized: return QStringLiteral("credentials needed or rejected");
    case NoteCode::StatusForbidden: return QStringLiteral("refused, credentials will not help");
    case NoteCode::StatusProxyAuthRequired: return QStringLiteral("proxy credentials needed or rejected");
    default: return QString();
    }
}

QList<NoteCode> all()
{
    QList<NoteCode> codes;
    for (int c = int(NoteCode::None) + 1; c <= int(NoteCode::LastCode); ++c)
        codes.append(NoteCode(c));
    return codes;
}

} // namespace NoteCodes
