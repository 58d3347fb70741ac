#pragma once

#include "core/notecode.h"
#include "diagnosis/diagnosiscode.h"

#include <QList>
#include <QString>
#include <QStringList>

struct Exchange;

// The sequence diagram of one exchange as data: a lane per party and a message per request and per
// response, with short annotations of what happened. The GUI paints it (SequenceDiagramPainter),
// exports it as SVG/PNG, and Markdown writes it as a Mermaid sequenceDiagram. Words are made here
// once; secrets are never in them (users are named, passwords and tokens never).
struct SequenceLane
{
    enum class Role { Client, Proxy, Origin, AuthorizationServer, ResourceServer };
    Role role = Role::Origin;
    QString origin;   // "http://127.0.0.1:8080" (Client: empty)
    QString title;    // "AuthScope", "proxy 127.0.0.1:3128", "127.0.0.1:8080", "authorization server 127.0.0.1:9000"

    // The role in a few words for a lane's header ("proxy", "authorization server"); "server" for
    // a plain origin, "AuthScope" for the client.
    static QString roleName(Role role);
};

struct SequenceMessage
{
    int leg = -1;
    bool response = false;  // false: the request of the leg; true: its response (or its failure)
    int from = 0;           // lane index
    int to = 0;             // lane index
    int via = -1;           // a proxy lane the message passes through, -1 for none
    QString label;          // "GET /digest-auth/auth/alice/secret/SHA-256" / "401 Unauthorized" / "no response: connection refused"
    QString fullLabel;      // the label with nothing elided (a tooltip's): the whole path, the failure's message
    // "challenge: Digest realm=\"x\", SHA-256", "answered with Digest as alice", "token expired -> refresh",
    // "redirect to another origin: credentials not sent", "stale nonce: retried without asking"
    QStringList annotations;
    QList<NoteSeverity> annotationSeverities;   // one per annotation, in the same order
    NoteSeverity severity = NoteSeverity::Info; // the most severe note behind the annotations
    DiagnosisCode diagnosis = DiagnosisCode::None; // responses: the leg's diagnosis
    int statusCode = 0;     // responses: 0 when none arrived
};

class SequenceModel
{
public:
    static SequenceModel fromExchange(const Exchange &exchange);

    QList<SequenceLane> lanes;
    QList<SequenceMessage> messages; // in the order they happened: request, response, request, ...

    // The message of a leg's request (response false) or response; -1 when none.
    int messageIndex(int leg, bool response) const;
    // The legs drawn, in order (each once).
    QList<int> legs() const;
    // A path longer than this many characters is cut in the middle of a request's label.
    static constexpr int PathLabelLimit = 44;
    bool isEmpty() const { return messages.isEmpty(); }
};
