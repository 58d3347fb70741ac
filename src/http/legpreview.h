#pragma once

#include "exchange.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

// What a leg recorded but not yet sent (held by a step-through) will do and why, as codes read from
// what the engine decided for it: its kind, the leg whose response led to it, the credential field
// it carries and the notes on it. Front ends word it (the GUI's step banner). Holds no secret: the
// credential is named by scheme and computation title only.
struct LegPreview
{
    enum class Because {
        ComposedRequest,      // the request as composed (first leg)
        Redirect,             // following the previous leg's 3xx Location
        ChallengeAnswer,      // answering a 401's WWW-Authenticate
        ProxyChallengeAnswer, // answering a 407's Proxy-Authenticate
        StaleNonce,           // the same credentials on a fresh nonce (stale=true)
        TokenRequest,         // a call to an OAuth token endpoint
        Acquisition,          // fetching something a credential needs (discovery, device code)
        Resend,               // sent again for another reason
    };

    int leg = -1;
    Leg::Kind kind = Leg::Kind::Initial;
    Because because = Because::ComposedRequest;
    QByteArray method;
    QUrl url;
    QString proxy;               // the HTTP proxy it goes through; empty: direct
    QByteArray credentialField;  // "Authorization" or "Proxy-Authorization"; empty: none sent
    QByteArray credentialScheme; // the field's scheme as sent: "Digest", "Basic", "Bearer"
    QString computation;         // the scheme's computation title, "Digest SHA-256, qop=auth"
    QByteArray algorithm;        // Digest's algorithm parameter, when computed
    int follows = -1;            // the leg whose response led here
    int followsStatus = 0;       // that response's status (401, 407, 302, ...)
    QString realm;               // the realm of the challenge answered
    QList<NoteCode> notes;       // the codes of the leg's notes so far (credentials-preemptive, ...)

    bool hasNote(NoteCode code) const { return notes.contains(code); }
    // index out of range: an empty preview (leg -1).
    static LegPreview of(const Exchange &exchange, int index);
    static QString becauseName(Because because);
};
