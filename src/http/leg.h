#pragma once

#include "http/challenge.h"
#include "authcomputation.h"
#include "bodybuffer.h"
#include "core/status.h"
#include "headerlist.h"
#include "legnote.h"

#include <QList>
#include <QNetworkCookie>
#include <QSslCertificate>
#include <QSslError>
#include <QStringList>
#include <QUrl>

#include <memory>

// Nanoseconds since the exchange started; -1 where a phase did not happen (a reused connection
// has no connecting phase, plain http no encrypted phase).
struct LegTiming
{
    qint64 queuedNs = -1;       // the leg was handed to Qt
    qint64 connectingNs = -1;   // Qt started a new connection (absent when one was reused)
    qint64 encryptedNs = -1;    // TLS handshake done
    qint64 requestSentNs = -1;  // the request left
    qint64 firstByteNs = -1;    // response headers arrived
    qint64 finishedNs = -1;

    bool connectionReused() const { return connectingNs < 0 && requestSentNs >= 0; }
    qint64 totalNs() const { return finishedNs >= 0 && queuedNs >= 0 ? finishedNs - queuedNs : -1; }
};

struct TlsInfo
{
    bool encrypted = false;
    bool verificationDisabled = false; // the user's insecure switch was on for this leg
    QString protocol;                  // "TLSv1.3"
    QString cipher;
    QList<QSslCertificate> peerChain;
    QList<QSslError> errors;           // what verification found (ignored when insecure)
};

// One HTTP request/response pair inside an exchange, recorded as it happened.
struct Leg
{
    // The leg's purpose in the exchange: which step asked for it.
    enum class Kind {
        Initial,       // the request as composed
        Redirect,      // following a 3xx Location
        AuthRetry,     // answering a 401/407 challenge
        TokenEndpoint, // a call to an OAuth token endpoint
        Retry,         // resent for another reason (stale nonce, dropped connection)
        Acquisition,   // fetching a credential or token over HTTP (discovery, device code)
    };

    int index = 0;
    Kind kind = Kind::Initial;
    QString reason;                 // why this leg happened, in words
    int follows = -1;               // the leg whose response led to this one (redirect, challenge)

    QByteArray method;
    QUrl url;
    QString proxy;                  // "http://127.0.0.1:3128": the HTTP proxy it went through; empty: direct
    QByteArray httpVersion;         // "HTTP/1.1" or "HTTP/2" as used on the wire
    HeaderList requestHeaders;      // as sent, each field marked with its source
    QByteArray requestBody;         // at most RequestBodyPreviewLimit bytes of it
    qint64 requestBodySize = 0;
    QString requestBodySource;      // "file /path/x.bin", "form", ... for display

    int statusCode = 0;             // 0 when no response arrived
    QByteArray reasonPhrase;
    HeaderList responseHeaders;     // see note on repeated fields in exchangejob.cpp
    std::shared_ptr<BodyBuffer> responseBody;

    // From this leg's WWW-Authenticate or Proxy-Authenticate (RFC 9110 §11.6.1 and §11.7.1).
    QList<Challenge> challenges;
    QStringList challengeProblems;  // parse errors: "offset 12: unterminated quoted string ..."
    QString authentication;         // what this leg's credentials answered, "Digest SHA-256 ... as alice"
    AuthComputation computation;    // how the scheme computed this leg's Authorization (Digest's steps)
    AuthComputation verification;   // the check of the response's Authentication-Info (rspauth)

    QList<QNetworkCookie> cookiesSent;
    QList<QNetworkCookie> cookiesSet;

    Status status;                  // transport outcome of this leg (HTTP status is separate)
    TlsInfo tls;
    LegTiming timing;
    LegNotes notes;                 // what the engine decided and why, as codes

    static constexpr qint64 RequestBodyPreviewLimit = 64 * 1024;

    bool hasResponse() const { return statusCode > 0; }
    bool isRedirect() const;
    void note(NoteCode code, const QString &text) { notes.append(LegNote(code, text)); }
    bool hasNote(NoteCode code) const { return LegNoteList::contains(notes, code); }
    static QString kindName(Kind kind);
};
