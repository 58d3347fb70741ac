#pragma once

#include <QList>
#include <QString>

// The engine's decisions as stable codes. Every note on a leg, every question to the user and
// every outcome of an exchange names one; front ends render words, tests and exports use codes.
// The list, with each code's severity and meaning, is the table in notecode.cpp (the README shows
// it). A code's name never changes once released: history filters and the diagnosis rely on it.
enum class NoteCode {
    None,
    // Transport and response
    TlsVerificationOff,
    BodyIncomplete,
    BodyCorrupt,
    DecompressionLimit,
    HeaderLimit,
    ContentLengthConflict,
    FramingConflict,
    StatusOutOfRange,
    CookieRejected,
    StatusUnauthorized,
    StatusForbidden,
    StatusProxyAuthRequired,
    // Redirects
    RedirectFollowed,
    RedirectNotFollowed,
    RedirectWithoutLocation,
    RedirectMethodChanged,
    RedirectTargetInvalid,
    RedirectLimit,
    HttpsDowngrade,
    FieldsDroppedOnRedirect,
    // What went over the wire beyond the composed request
    TransportResend,
    ResendRefused,
    FieldReplaced,
    // Credentials sent without a challenge
    CredentialsPreemptive,
    ProxyCredentialsPreemptive,
    ProxyCredentialsTunnel,
    ApiKeySent,
    CredentialsNotSent,
    PlainHttpWarning,
    // Challenges and answers
    NoUsableChallenge,
    ChallengeProblem,
    UnexpectedProxyChallenge,
    ChallengeSkipped,
    NoAnswerableScheme,
    AuthLoopLimit,
    ChallengeAnswered,
    StaleNonceRetry,
    CredentialsRejected,
    CachedCredentialsRefused,
    CredentialsNeeded,
    MissingCredentials,
    AnswerFailed,
    CredentialsAccepted,
    RspauthVerified,
    RspauthMismatch,
    RspauthNotChecked,
    // Scheme errors (RFC 6750 §3.1)
    BearerInvalidToken,
    BearerInsufficientScope,
    BearerInvalidRequest,
    BearerOtherError,
    BearerNoError,
    ServerErrorDescription,
    // Where a credential came from (acquisition steps)
    CredentialFromRequest,
    CredentialFromSession,
    CredentialFromKeychain,
    CredentialFromPrompt,
    CredentialFromProxySettings,
    StoredCredentialRefused,
    StoredCredentialNotFound,
    StoredCredentialAmbiguous,
    StoredCredentialOtherOrigin,
    StoredCredentialUnusable,
    KeychainUnavailable,
    // OAuth 2.0: tokens of a profile, grants and refreshes
    CredentialFromProfile,
    TokenExpiredBeforeSend,
    TokenRefreshOn401,
    TokenRefreshed,
    TokenRefreshJoined,
    TokenRefreshedElsewhere,
    TokenRotated,
    TokenNotStored,
    TokenGrantRerun,
    TokenRefreshFailed,
    TokenRejectedAfterRefresh,
    TokenEndpointError,
    TokenResponseInvalid,
    OAuthProfileNotFound,
    SignInRequired,
    DiscoveryFailed,
    AuthorizationDenied,
    StateMismatch,
    DeviceAuthorizationPending,
    DeviceSlowDown,
    DeviceCodeExpired,
    TokenRevoked,
    OAuthProfileSaved,
    RefreshTokenWillBeLost,
    PasswordGrantDeprecated,
    LastCode = PasswordGrantDeprecated // keep last: tests walk every code up to here
};

enum class NoteSeverity { Info, Warning, Error };

namespace NoteCodes {
// "stale-nonce-retry": stable, for --json, HAR comments, -v and tests. Empty for None.
QString name(NoteCode code);
// The code of a name; None when unknown.
NoteCode fromName(const QString &name);
NoteSeverity severity(NoteCode code);
QString severityName(NoteSeverity severity);
// What the code means, in one sentence: the one explanation of each decision, HTTP status and
// scheme error (the GUI, the CLI and the README show this text).
QString meaning(NoteCode code);
QList<NoteCode> all();
// The code that explains an HTTP status AuthScope explains (401, 403, 407); None for others.
NoteCode forHttpStatus(int statusCode);
// A few words for a status code's note, where a sentence does not fit (the leg list, the status
// line): "credentials needed or rejected". Empty for other codes.
QString shortLabel(NoteCode code);
} // namespace NoteCodes
