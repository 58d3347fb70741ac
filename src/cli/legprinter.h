#pragma once

#include "diagnosis/diagnosis.h"
#include "export/secretmatcher.h"
#include "http/exchangestep.h"
#include "http/legnote.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

struct Exchange;
struct HeaderField;
struct Leg;
class QNetworkCookie;

// The -v text: for each leg a "* Leg N (kind): reason" line, the request ("> ") as it went out with
// every field not typed by the user marked by who added it and what its credentials answered
// ("* Authentication:"), the response ("< ") with the challenges it carried ("* Challenge:" as
// scheme and parameters, "* Challenge problem:"), cookies, TLS, the engine's annotations and the
// timing, each note as "* Note [code]: text" and the leg's diagnosis ("* Diagnosis: CODE: summary"). Notes that are warnings are left out: the caller shows them
// (warnings()) where they are seen even without -v. Secrets (Authorization, Cookie, Set-Cookie,
// API keys, ...) are redacted through SecretRedactor unless includeSecrets is set. Every value
// from the server is shown through DisplayText: control bytes, line breaks included, escaped.
//
// Markers after a request field, separated by three spaces:
//   [default]        AuthScope's default (User-Agent, Accept)
//   [from body]      derived from the body (Content-Type)
//   [added by Qt]    added by Qt's HTTP stack as the request left (Host, Content-Length, ...)
//   [cookie jar]     the session's cookies
//   [authentication] credentials added by AuthScope (-u)
class LegPrinter
{
public:
    explicit LegPrinter(bool includeSecrets = false) : m_includeSecrets(includeSecrets) {}

    // Secrets to hide wherever they show (annotations, error messages, field values and URLs
    // under names SecretRedactor does not know), usually SecretRedactor::knownSecrets(exchange).
    // Headers, cookies and URLs are also redacted by structure. Builds the matcher once.
    void setKnownSecrets(const QList<QByteArray> &secrets);

    // The whole block for one finished leg, ending with an empty line: printRequest() then
    // printResponse(). The request part is complete as soon as the leg has started.
    QByteArray print(const Leg &leg) const;
    QByteArray printRequest(const Leg &leg) const;
    // With the leg's diagnosis (Diagnoser::forLeg) after its notes, when it has one.
    QByteArray printResponse(const Leg &leg, const Diagnosis &diagnosis = Diagnosis()) const;
    // "* Diagnosis: CODE: summary", then "*   evidence: ..." per line and "*   next: ...";
    // empty for a null diagnosis. Free text as freeText() shows it.
    QByteArray printDiagnosis(const Diagnosis &diagnosis) const;
    // One "* Exchange ..." line with the outcome, leg count and duration.
    QByteArray summary(const Exchange &exchange) const;

    // "HTTP/1.1 200 OK"
    static QByteArray statusLine(const Leg &leg);
    // For -i: status line and response fields as received, CRLF-terminated, then an empty line.
    static QByteArray responseHead(const Leg &leg);
    // The marker text for a field's source, empty for fields the user typed.
    static QByteArray sourceMarker(const HeaderField &field);
    // "12.3"
    static QByteArray milliseconds(qint64 ns);
    // An acquire-credential step, for -v: "* Step [credential-from-keychain]: credential for the
    // challenge of leg 1, 12.5 ms". Empty for other steps.
    QByteArray printStep(const ExchangeStep &step) const;
    // The leg's notes of severity warning (errors reach the user as the exchange's outcome).
    static LegNotes warnings(const Leg &leg);
    static LegNotes warnings(const LegNotes &notes); // a step's (an OAuth token's: token-not-stored, ...)
    // text as printable free text on one line: known secrets redacted unless includeSecrets,
    // control characters escaped (DisplayText).
    QByteArray freeText(const QString &text) const;

private:
    QByteArray fieldValue(const HeaderField &field) const;
    QByteArray cookieText(const QNetworkCookie &cookie, bool withAttributes) const;
    QByteArray timing(const Leg &leg) const;
    QByteArray redactKnown(const QByteArray &text) const;

    bool m_includeSecrets;
    SecretMatcher m_matcher;
};
