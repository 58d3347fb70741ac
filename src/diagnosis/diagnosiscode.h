#pragma once

#include <QList>
#include <QString>

// Why a leg was refused (401, 403, 407, 429) or an exchange failed, as a stable code: the GUI, -v,
// --json, the diagram and tests use it, and the built-in lab names the one each lesson produces.
// The list, with each code's title and general advice, is the table in diagnosiscode.cpp (the
// README shows it). A code's name never changes once released.
enum class DiagnosisCode {
    None,
    MissingCredentials,     // the server asked and nothing was sent
    CredentialsRejected,    // sent, read, refused
    WrongScheme,            // sent in a scheme the server did not ask for ("Token" where "Bearer" is asked)
    MalformedAuthorization, // bad base64, no scheme, a field the server cannot parse
    TokenExpired,           // JWT exp passed, or error_description says so
    ClockSkew,              // nbf/iat ahead of the server's Date, or the machine's clock off > 1 min
    InvalidToken,           // RFC 6750 invalid_token for another reason
    InsufficientScope,      // RFC 6750 insufficient_scope
    SessionExpired,         // a cookie that worked earlier in the session no longer does
    WrongRealm,             // credentials for one realm, the server asks for another
    StaleNonce,             // Digest stale=true: the nonce expired, the credentials were right
    Forbidden,              // 403: authenticated but not allowed; resending will not help
    ProxyAuthRequired,      // 407
    NoChallenge,            // 401 without WWW-Authenticate (RFC 9110 §15.5.2): a server bug
    TooManyAttempts,        // 429, or a lockout after repeated rejections
    CredentialsNotSent,     // withheld on purpose: another origin, plain http to a remote host
    CredentialsStripped,    // sent, but the challenge reads as if none arrived: an intermediary removed them
    LastCode = CredentialsStripped // keep last: tests walk every code up to here
};

namespace DiagnosisCodes {
// "credentials-rejected": stable, for --json, -v, the lab's expectedDiagnosis and tests. Empty for None.
QString name(DiagnosisCode code);
// The code of a name; None when unknown.
DiagnosisCode fromName(const QString &name);
// A few words for chips, the leg list and the diagram: "credentials rejected".
QString title(DiagnosisCode code);
// What the code means in general, one sentence (the README's table).
QString meaning(DiagnosisCode code);
// What to try next in general; a Diagnosis may say something more particular.
QString advice(DiagnosisCode code);
QList<DiagnosisCode> all();
} // namespace DiagnosisCodes
