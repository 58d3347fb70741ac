#pragma once

#include "exportoptions.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

#include "core/status.h"
#include "http/exchangestep.h"
#include "http/legnote.h"

class QNetworkCookie;
class SecretMatcher;
struct AuthComputation;
struct Challenge;
struct Diagnosis;
struct Exchange;
struct Leg;
struct TlsInfo;
class HeaderList;

// An Exchange as one JSON document (authscope-cli --json, the GUI's "copy as JSON"): the request
// as composed, then every leg with what was sent and received, where each header came from, TLS,
// timing and what the engine decided. Secrets are redacted through SecretRedactor unless
// ExportOptions::includeSecrets: the RequestCredentials user and API key name are shown, the
// password, token and API key value are "[redacted]".
//
// Shape (stable; "formatVersion" changes when a field changes meaning):
//   { format: "authscope-exchange", formatVersion: 1, redacted, insecure, startedAt, durationMs,
//     status: {code, reason: null | note code that decided it, message}, finalStatusCode,
//     request: {method, url, headers: [{name, value, source}], body, options,
//               credentials?: {user?, password?, token?, apiKey?: {name, value, inQuery}}},
//     legs: [{index, kind, reason, method, url, httpVersion, insecure,
//             request: {headers, body: {size, truncated, text|base64, source?}},
//             response: null | {statusCode, reasonPhrase, headers, body},
//             cookiesSent, cookiesSet, tls: null | {...}, timing, follows: null | leg index,
//             notes: [{code, severity, text}], status,
//             challenges: [{scheme, token68?, params: [[name, value], ...], display}],
//             challengeProblems: ["WWW-Authenticate offset 12: ..."],
//             authentication: null | "Digest MD5, qop=auth, nc=00000001 as bob",
//             computation: null | {scheme, title, parameters: [[name, value], ...],
//                                  steps: [{name, formula, input, value, secret, check?, expected?}]},
//             verification: null | (the same shape: the check of Authentication-Info's rspauth),
//             diagnosis: null | {code, summary, evidence: [...], next, likely}}],
//     diagnosis: null | {code, leg: null | index, summary, evidence, next, likely},
//     steps: [{kind: "send-leg", leg, startedMs, finishedMs}
//             | {kind: "acquire-credential", forLeg: null | index, source: null | credential-from-...,
//                outcome?: note code, detail?, startedMs, finishedMs}] }
// Note codes are NoteCode's names (src/core/notecode.cpp, listed in the README).
// Times are ISO 8601 with milliseconds and offset; durations are fractional milliseconds;
// a moment that did not happen is null.
//
// challenges are the leg's parsed WWW-Authenticate (or Proxy-Authenticate on a 407) as the
// engine recorded them. params is an array of [name, value] pairs, not an object: it keeps the
// server's order and a repeated name (QJsonObject would sort the names and drop repeats). Names
// are as written, values unquoted; token68 appears only for a token68 challenge (then params is
// empty). display is Challenge::toDisplayString(). Challenges are sent by the server and carry no
// secret of the user, so they are not redacted (the Authorization fields that answer them are).
// authentication is Leg::authentication (it names the user, never the secret); null when the
// leg carried no credentials of the engine's.
//
// computation is what the scheme computed for the leg's Authorization (Digest's HA1, HA2 and
// response: each step's formula, the exact input and the value), verification the check of the
// server's rspauth (check: "matched" | "mismatched", expected: the server's value). Redacted, a
// step whose value stands for the password (secret: HA1) and every step computed from it
// (response, rspauth) show "[redacted]" as value (and expected), and the secret values are
// replaced by "[redacted]" inside later inputs; the password is never in an input.
//
// diagnosis is Diagnoser::forLeg (401, 403, 407, 429 legs and a failed exchange's final leg),
// the top-level one Diagnoser::forExchange; code is a DiagnosisCode name (README's table).
// Unlike the values received (raw here), its summary, evidence and next are prose made once for
// every front end: server text quoted in them is in DisplayText's escaped form.
class ExchangeJson
{
public:
    static QJsonObject toJson(const Exchange &exchange, const ExportOptions &options = {});
    static QByteArray toBytes(const Exchange &exchange, const ExportOptions &options = {},
                              QJsonDocument::JsonFormat format = QJsonDocument::Indented);

    // Pieces the HAR writer shares. None of them redacts: callers pass redacted values.
    static QJsonObject tlsJson(const TlsInfo &tls);
    static QJsonObject cookieJson(const QNetworkCookie &cookie);
    // {code, reason (the deciding note code, or null), message}
    static QJsonObject statusJson(const Status &status);
    // [{code, severity, text}]
    static QJsonArray notesJson(const LegNotes &notes);
    static QJsonArray stepsJson(const ExchangeSteps &steps);
    static QJsonObject challengeJson(const Challenge &challenge);
    // Adds challenges, challengeProblems and authentication of a leg to object.
    static void insertAuthentication(QJsonObject *object, const Leg &leg);
    // null for a null diagnosis; leg only when withLeg (the exchange's, which names its leg).
    static QJsonValue diagnosisJson(const Diagnosis &diagnosis, bool withLeg = false);
    // null for an empty computation; redact as the comment above says. derived: the values that
    // stand for the password or were computed from it, in and out (the Authorization's
    // computation hands them to the verification's, whose rspauth is computed from the same HA1).
    static QJsonValue computationJson(const AuthComputation &computation, bool redact, QList<QByteArray> *derived = nullptr);
    // ISO 8601 with milliseconds and an explicit offset ("Z" for UTC), as HAR requires.
    static QString isoTime(const QDateTime &time);

private:
    static QJsonArray headersJson(const HeaderList &headers, bool redact);
    static QJsonObject legJson(const Leg &leg, const ExportOptions &options, const SecretMatcher &secrets,
                               const Diagnosis &diagnosis);
    static QJsonObject timingJson(const Leg &leg);
};
