#include "sequencemodel.h"

#include "core/displaytext.h"
#include "diagnosis/diagnoser.h"
#include "http/exchange.h"

#include <QUrl>

#include <algorithm>
#include <climits>

namespace {

constexpr int ValueLimit = 40; // a realm or other server-chosen word in an annotation

QString originOf(const QUrl &url)
{
    return url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo)
            .toString(QUrl::FullyEncoded);
}

// Without the scheme where the port says enough: "127.0.0.1:8080" reads better in a header than
// the full origin, but https must stay visible.
QString hostOf(const QString &origin)
{
    return origin.startsWith(u"http://") ? origin.mid(7) : origin;
}

QString elidedMiddle(const QString &text, int limit)
{
    if (text.size() <= limit)
        return text;
    const int tail = (limit - 1) / 2;
    const int head = limit - 1 - tail;
    return text.left(head) + QChar(0x2026) + text.right(tail);
}

// Server-chosen text (realms, reason phrases) as it may be shown: controls escaped, length capped.
QString shown(const QByteArray &bytes, int limit = ValueLimit)
{
    return elidedMiddle(DisplayText::fromBytes(bytes), limit);
}

QString requestLabel(const Leg &leg, int pathLimit)
{
    // The query is left out: an API key or a code may travel there, and the path tells legs apart.
    QString path = leg.url.path(QUrl::FullyEncoded);
    if (path.isEmpty())
        path = QStringLiteral("/");
    path = elidedMiddle(DisplayText::escaped(path), pathLimit);
    if (leg.url.hasQuery())
        path += QStringLiteral("?") + QChar(0x2026);
    return QStringLiteral("%1 %2").arg(DisplayText::fromBytes(leg.method), path);
}

QString responseLabel(const Leg &leg)
{
    if (leg.hasResponse()) {
        const QString reason = shown(leg.reasonPhrase, 32);
        return reason.isEmpty() ? QString::number(leg.statusCode)
                                : QStringLiteral("%1 %2").arg(leg.statusCode).arg(reason);
    }
    // "connection-refused" -> "connection refused": the code, not the message (which may quote a URL).
    QString why = leg.status.isOk() ? QStringLiteral("no answer") : leg.status.codeName();
    why.replace(u'-', u' ');
    return QStringLiteral("no response: %1").arg(why);
}

// The failure's own message too, with the query (where a key may travel) cut out of any URL it quotes.
QString fullResponseLabel(const Leg &leg)
{
    if (leg.hasResponse() || leg.status.isOk())
        return responseLabel(leg);
    QString message = leg.status.message();
    for (const QString &query : {leg.url.query(QUrl::FullyEncoded), leg.url.query(QUrl::FullyDecoded)}) {
        if (!query.isEmpty())
            message.replace(query, QString(QChar(0x2026)));
    }
    return QStringLiteral("%1 (%2)").arg(responseLabel(leg), DisplayText::escaped(message));
}

// "challenge: Digest realm=\"x\", SHA-256"; a proxy's challenge says so.
QString challengeAnnotation(const Challenge &challenge, bool proxy)
{
    QStringList parts;
    if (challenge.hasParam("realm"))
        parts.append(QStringLiteral("realm=\"%1\"").arg(shown(challenge.param("realm"))));
    if (challenge.isScheme("Digest")) {
        parts.append(challenge.hasParam("algorithm") ? shown(challenge.param("algorithm"), 20) : QStringLiteral("MD5"));
        if (challenge.param("stale").compare("true", Qt::CaseInsensitive) == 0)
            parts.append(QStringLiteral("stale"));
    }
    if (challenge.hasParam("error"))
        parts.append(QStringLiteral("error=%1").arg(shown(challenge.param("error"), 24)));
    if (challenge.hasParam("scope") && challenge.isScheme("Bearer"))
        parts.append(QStringLiteral("scope=\"%1\"").arg(shown(challenge.param("scope"))));
    QString text = (proxy ? QStringLiteral("proxy challenge: ") : QStringLiteral("challenge: ")) + shown(challenge.scheme, 20);
    if (!parts.isEmpty())
        text += u' ' + parts.join(QStringLiteral(", "));
    return text;
}

// "Digest SHA-256, qop=auth, nc=00000001 as alice" -> "Digest as alice": the scheme and the user.
// The summary never holds a secret; the algorithm is already in the challenge's annotation.
QString schemeAndUser(const QString &authentication)
{
    const QString scheme = authentication.section(u' ', 0, 0);
    const int as = authentication.lastIndexOf(QStringLiteral(" as "));
    if (as < 0)
        return scheme;
    QString user = authentication.mid(as + 4);
    // " (user name hashed)", " (charset UTF-8)", "; note: ..." say more than fits on an arrow.
    user = user.section(QStringLiteral(" ("), 0, 0).section(u';', 0, 0);
    return QStringLiteral("%1 as %2").arg(scheme, DisplayText::escaped(user));
}

NoteSeverity worse(NoteSeverity a, NoteSeverity b)
{
    return int(a) >= int(b) ? a : b;
}

struct Annotated
{
    QStringList annotations;
    QList<NoteSeverity> severities;
    NoteSeverity severity = NoteSeverity::Info;

    void add(const QString &text, NoteSeverity noteSeverity)
    {
        const int at = int(annotations.indexOf(text));
        if (at < 0) {
            annotations.append(text);
            severities.append(noteSeverity);
        } else {
            severities[at] = worse(severities.at(at), noteSeverity);
        }
        severity = worse(severity, noteSeverity);
    }
    void add(const QString &text, NoteCode code) { add(text, NoteCodes::severity(code)); }
};

// What the client did when sending the leg.
Annotated requestAnnotations(const Leg &leg)
{
    Annotated out;
    const bool proxyAnswer = leg.requestHeaders.contains("Proxy-Authorization") && !leg.requestHeaders.contains("Authorization");
    for (const LegNote &note : leg.notes) {
        switch (note.code) {
        case NoteCode::StaleNonceRetry:
            out.add(QStringLiteral("stale nonce: retried without asking"), note.code);
            break;
        case NoteCode::ChallengeAnswered:
            if (!leg.authentication.isEmpty())
                out.add(QStringLiteral("answered %1with %2").arg(proxyAnswer ? QStringLiteral("the proxy ") : QString(),
                                                                  schemeAndUser(leg.authentication)),
                        note.code);
            break;
        case NoteCode::CredentialsPreemptive:
            out.add(QStringLiteral("sent up front: %1").arg(schemeAndUser(leg.authentication)), note.code);
            break;
        case NoteCode::CredentialsNotSent:
        case NoteCode::FieldsDroppedOnRedirect:
            out.add(leg.kind == Leg::Kind::Redirect ? QStringLiteral("redirect to another origin: credentials not sent")
                                                    : QStringLiteral("another origin: credentials not sent"),
                    note.code);
            break;
        case NoteCode::TokenExpiredBeforeSend:
            out.add(QStringLiteral("token expired -> refresh"), note.code);
            break;
        case NoteCode::TokenRefreshed:
            out.add(QStringLiteral("sent the refreshed token"), note.code);
            break;
        case NoteCode::PlainHttpWarning:
            out.add(QStringLiteral("plain http: credentials readable on the way"), note.code);
            break;
        case NoteCode::HttpsDowngrade:
            out.add(QStringLiteral("https -> http downgrade"), note.code);
            break;
        case NoteCode::TlsVerificationOff:
            out.add(QStringLiteral("TLS verification off"), note.code);
            break;
        default:
            break;
        }
    }
    // Credentials sent for a reason no note above names (a token endpoint's client credentials, a
    // Bearer token of a profile): say which scheme, never what.
    const bool named = std::any_of(out.annotations.cbegin(), out.annotations.cend(), [](const QString &a) {
        return a.startsWith(QStringLiteral("answered")) || a.startsWith(QStringLiteral("sent "));
    });
    if (!named && !leg.authentication.isEmpty())
        out.add(QStringLiteral("sent %1").arg(schemeAndUser(leg.authentication)), NoteSeverity::Info);
    // The names of the steps only (the inspector shows their inputs and values): HA1 stands for the password.
    if (!leg.computation.isEmpty()) {
        QStringList steps;
        for (const ComputationStep &step : leg.computation.steps)
            steps.append(step.name);
        out.add(QStringLiteral("computed %1").arg(steps.join(QStringLiteral(" -> "))), NoteSeverity::Info);
    }
    return out;
}

// What the response said and what the client concluded from it.
Annotated responseAnnotations(const Leg &leg, const Diagnosis &diagnosis)
{
    Annotated out;
    const bool proxy = leg.statusCode == 407;
    for (const Challenge &challenge : leg.challenges)
        out.add(challengeAnnotation(challenge, proxy), NoteSeverity::Info);
    if (!leg.challengeProblems.isEmpty())
        out.add(QStringLiteral("challenge could not be parsed"), NoteCode::ChallengeProblem);
    for (const LegNote &note : leg.notes) {
        switch (note.code) {
        case NoteCode::TokenRefreshOn401:
            out.add(QStringLiteral("token refused -> refresh"), note.code);
            break;
        case NoteCode::CredentialsAccepted:
            out.add(QStringLiteral("credentials accepted"), note.code);
            break;
        case NoteCode::RspauthVerified:
            out.add(QStringLiteral("rspauth verified: the server knows the password"), note.code);
            break;
        case NoteCode::RspauthMismatch:
            out.add(QStringLiteral("rspauth does not match"), note.code);
            break;
        case NoteCode::BodyIncomplete:
        case NoteCode::BodyCorrupt:
            out.add(QStringLiteral("body incomplete or corrupt"), note.code);
            break;
        default:
            break;
        }
    }
    if (!diagnosis.isNull())
        out.add(QStringLiteral("diagnosis: %1").arg(DiagnosisCodes::title(diagnosis.code)),
                leg.hasResponse() ? NoteSeverity::Warning : NoteSeverity::Error);
    if (!leg.hasResponse())
        out.severity = NoteSeverity::Error;
    return out;
}

int laneFor(QList<SequenceLane> *lanes, SequenceLane::Role role, const QString &origin)
{
    // A proxy and a server never share a lane, even at one address (a server proxying to itself).
    const bool proxy = role == SequenceLane::Role::Proxy;
    for (int i = 0; i < lanes->size(); ++i) {
        const SequenceLane &lane = lanes->at(i);
        if (lane.origin == origin && lane.role != SequenceLane::Role::Client && (lane.role == SequenceLane::Role::Proxy) == proxy)
            return i;
    }
    SequenceLane lane;
    lane.role = role;
    lane.origin = origin;
    const QString host = hostOf(origin);
    lane.title = role == SequenceLane::Role::Origin ? host : QStringLiteral("%1 %2").arg(SequenceLane::roleName(role), host);
    lanes->append(lane);
    return int(lanes->size()) - 1;
}

bool isTokenLeg(const Leg &leg)
{
    return leg.kind == Leg::Kind::TokenEndpoint || leg.kind == Leg::Kind::Acquisition;
}

bool finished(const Leg &leg)
{
    return leg.timing.finishedNs >= 0 || leg.hasResponse() || !leg.status.isOk();
}

} // namespace

QString SequenceLane::roleName(Role role)
{
    switch (role) {
    case Role::Client: return QStringLiteral("AuthScope");
    case Role::Proxy: return QStringLiteral("proxy");
    case Role::Origin: return QStringLiteral("server");
    case Role::AuthorizationServer: return QStringLiteral("authorization server");
    case Role::ResourceServer: return QStringLiteral("resource server");
    }
    return QString();
}

SequenceModel SequenceModel::fromExchange(const Exchange &exchange)
{
    SequenceModel model;
    if (exchange.legs.isEmpty())
        return model;
    SequenceLane client;
    client.role = SequenceLane::Role::Client;
    client.title = SequenceLane::roleName(SequenceLane::Role::Client);
    model.lanes.append(client);

    const bool hasTokenLegs = std::any_of(exchange.legs.cbegin(), exchange.legs.cend(), isTokenLeg);
    // Proxies first, beside the client: every message to an origin passes through them.
    for (const Leg &leg : exchange.legs) {
        if (!leg.proxy.isEmpty())
            laneFor(&model.lanes, SequenceLane::Role::Proxy, leg.proxy);
    }
    // An origin the token endpoint and the API share stays one lane, named by its first role.
    for (const Leg &leg : exchange.legs) {
        const SequenceLane::Role role = !hasTokenLegs ? SequenceLane::Role::Origin
                : isTokenLeg(leg)                     ? SequenceLane::Role::AuthorizationServer
                                                      : SequenceLane::Role::ResourceServer;
        laneFor(&model.lanes, role, originOf(leg.url));
    }

    const QList<Diagnosis> diagnoses = Diagnoser::forLegs(exchange);
    for (int i = 0; i < exchange.legs.size(); ++i) {
        const Leg &leg = exchange.legs.at(i);
        const int server = laneFor(&model.lanes, SequenceLane::Role::Origin, originOf(leg.url));
        const int proxy = leg.proxy.isEmpty() ? -1 : laneFor(&model.lanes, SequenceLane::Role::Proxy, leg.proxy);

        SequenceMessage request;
        request.leg = i;
        request.from = 0;
        request.to = server;
        request.via = proxy;
        request.label = requestLabel(leg, PathLabelLimit);
        request.fullLabel = requestLabel(leg, INT_MAX);
        const Annotated sent = requestAnnotations(leg);
        request.annotations = sent.annotations;
        request.annotationSeverities = sent.severities;
        request.severity = sent.severity;
        model.messages.append(request);

        if (!finished(leg))
            continue; // in flight: its answer is still to come
        SequenceMessage response;
        response.leg = i;
        response.response = true;
        // A 407 is the proxy's own answer; the origin never saw the request.
        const bool fromProxy = proxy >= 0 && leg.statusCode == 407;
        response.from = fromProxy ? proxy : server;
        response.to = 0;
        response.via = fromProxy ? -1 : proxy;
        response.label = responseLabel(leg);
        response.fullLabel = fullResponseLabel(leg);
        response.statusCode = leg.statusCode;
        const Diagnosis diagnosis = i < diagnoses.size() ? diagnoses.at(i) : Diagnosis();
        response.diagnosis = diagnosis.code;
        const Annotated answered = responseAnnotations(leg, diagnosis);
        response.annotations = answered.annotations;
        response.annotationSeverities = answered.severities;
        response.severity = answered.severity;
        model.messages.append(response);
    }
    return model;
}

int SequenceModel::messageIndex(int leg, bool response) const
{
    for (int i = 0; i < messages.size(); ++i) {
        if (messages.at(i).leg == leg && messages.at(i).response == response)
            return i;
    }
    return -1;
}

QList<int> SequenceModel::legs() const
{
    QList<int> out;
    for (const SequenceMessage &message : messages) {
        if (out.isEmpty() || out.constLast() != message.leg)
            out.append(message.leg);
    }
    return out;
}
