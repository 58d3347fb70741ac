#include "exchangejson.h"

#include "exportedbody.h"
#include "legphases.h"
#include "secretmatcher.h"
#include "secretredactor.h"

#include "diagnosis/diagnoser.h"
#include "http/authcomputation.h"
#include "http/authpreference.h"
#include "http/exchange.h"

#include <QCryptographicHash>
#include <QNetworkCookie>
#include <QSslCertificate>

namespace {

// "CN=localhost, O=AuthScope": attributes in the order Qt gives them (not always the DN order).
QString distinguishedName(const QSslCertificate &cert, bool issuer)
{
    QStringList parts;
    const QList<QByteArray> attributes = issuer ? cert.issuerInfoAttributes() : cert.subjectInfoAttributes();
    for (const QByteArray &attribute : attributes) {
        const QStringList values = issuer ? cert.issuerInfo(attribute) : cert.subjectInfo(attribute);
        for (const QString &value : values)
            parts.append(QString::fromLatin1(attribute) + u'=' + value);
    }
    return parts.join(QStringLiteral(", "));
}

QJsonValue msOrNull(qint64 ns)
{
    if (ns < 0)
        return QJsonValue::Null;
    return double((ns + 500) / 1000) / 1000.0; // to the microsecond
}

QJsonValue phaseMs(qint64 us)
{
    return us < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(LegPhases::toMs(us));
}

QJsonArray cookiesJson(const QList<QNetworkCookie> &cookies, bool redact)
{
    QJsonArray out;
    for (const QNetworkCookie &c : cookies)
        out.append(ExchangeJson::cookieJson(redact ? SecretRedactor::redactCookie(c) : c));
    return out;
}

} // namespace

QString ExchangeJson::isoTime(const QDateTime &time)
{
    if (!time.isValid())
        return QString();
    // Qt writes no offset for local time; pinning the offset makes it explicit.
    return time.toOffsetFromUtc(time.offsetFromUtc()).toString(Qt::ISODateWithMs);
}

QJsonObject ExchangeJson::statusJson(const Status &status)
{
    return QJsonObject{
        {QStringLiteral("code"), status.codeName()},
        {QStringLiteral("reason"), status.reason() == NoteCode::None ? QJsonValue(QJsonValue::Null)
                                                                     : QJsonValue(NoteCodes::name(status.reason()))},
        {QStringLiteral("message"), status.message()},
    };
}

QJsonArray ExchangeJson::notesJson(const LegNotes &notes)
{
    QJsonArray out;
    for (const LegNote &note : notes) {
        out.append(QJsonObject{
            {QStringLiteral("code"), note.codeName()},
            {QStringLiteral("severity"), NoteCodes::severityName(note.severity)},
            {QStringLiteral("text"), note.text},
        });
    }
    return out;
}

QJsonArray ExchangeJson::stepsJson(const ExchangeSteps &steps)
{
    QJsonArray out;
    for (const ExchangeStep &step : steps) {
        QJsonObject s{
            {QStringLiteral("kind"), ExchangeStep::kindName(step.kind)},
            {QStringLiteral("startedMs"), msOrNull(step.startedNs)},
            {QStringLiteral("finishedMs"), msOrNull(step.finishedNs)},
        };
        if (step.kind == ExchangeStep::Kind::SendLeg) {
            s.insert(QStringLiteral("leg"), step.leg);
        } else {
            s.insert(QStringLiteral("forLeg"), step.forLeg < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(step.forLeg));
            s.insert(QStringLiteral("source"), step.source == NoteCode::None ? QJsonValue(QJsonValue::Null)
                                                                            : QJsonValue(NoteCodes::name(step.source)));
            if (step.outcome != NoteCode::None)
                s.insert(QStringLiteral("outcome"), NoteCodes::name(step.outcome));
            if (!step.detail.isEmpty())
                s.insert(QStringLiteral("detail"), step.detail);
            if (!step.notes.isEmpty())
                s.insert(QStringLiteral("notes"), notesJson(step.notes));
        }
        out.append(s);
    }
    return out;
}

QJsonObject ExchangeJson::challengeJson(const Challenge &challenge)
{
    QJsonArray params;
    for (const auto &p : challenge.params)
        params.append(QJsonArray{QString::fromLatin1(p.first), QString::fromUtf8(p.second)});
    QJsonObject o{
        {QStringLiteral("scheme"), QString::fromLatin1(challenge.scheme)},
        {QStringLiteral("params"), params},
        {QStringLiteral("display"), challenge.toDisplayString()},
    };
    if (!challenge.token68.isEmpty())
        o.insert(QStringLiteral("token68"), QString::fromLatin1(challenge.token68));
    return o;
}

void ExchangeJson::insertAuthentication(QJsonObject *object, const Leg &leg)
{
    QJsonArray challenges;
    for (const Challenge &c : leg.challenges)
        challenges.append(challengeJson(c));
    object->insert(QStringLiteral("challenges"), challenges);
    object->insert(QStringLiteral("challengeProblems"), QJsonArray::fromStringList(leg.challengeProblems));
    object->insert(QStringLiteral("authentication"), leg.authentication.isEmpty()
                       ? QJsonValue(QJsonValue::Null) : QJsonValue(leg.authentication));
}

QJsonObject ExchangeJson::cookieJson(const QNetworkCookie &cookie)
{
    QJsonObject o{
        {QStringLiteral("name"), QString::fromUtf8(cookie.name())},
        {QStringLiteral("value"), QString::fromUtf8(cookie.value())},
        {QStringLiteral("httpOnly"), cookie.isHttpOnly()},
        {QStringLiteral("secure"), cookie.isSecure()},
    };
    if (!cookie.domain().isEmpty())
        o.insert(QStringLiteral("domain"), cookie.domain());
    if (!cookie.path().isEmpty())
        o.insert(QStringLiteral("path"), cookie.path());
    if (!cookie.isSessionCookie())
        o.insert(QStringLiteral("expires"), isoTime(cookie.expirationDate()));
    switch (cookie.sameSitePolicy()) {
    case QNetworkCookie::SameSite::Default: break;
    case QNetworkCookie::SameSite::None: o.insert(QStringLiteral("sameSite"), QStringLiteral("None")); break;
    case QNetworkCookie::SameSite::Lax: o.insert(QStringLiteral("sameSite"), QStringLiteral("Lax")); break;
    case QNetworkCookie::SameSite::Strict: o.insert(QStringLiteral("sameSite"), QStringLiteral("Strict")); break;
    }
    return o;
}

QJsonObject ExchangeJson::tlsJson(const TlsInfo &tls)
{
    QJsonArray chain;
    for (const QSslCertificate &cert : tls.peerChain) {
        chain.append(QJsonObject{
            {QStringLiteral("subject"), distinguishedName(cert, false)},
            {QStringLiteral("issuer"), distinguishedName(cert, true)},
            {QStringLiteral("notBefore"), isoTime(cert.effectiveDate())},
            {QStringLiteral("expiry"), isoTime(cert.expiryDate())},
            {QStringLiteral("serialNumber"), QString::fromLatin1(cert.serialNumber())},
            {QStringLiteral("sha256"), QString::fromLatin1(cert.digest(QCryptographicHash::Sha256).toHex(':'))},
            {QStringLiteral("pem"), QString::fromLatin1(cert.toPem())},
        });
    }
    QJsonArray errors;
    for (const QSslError &e : tls.errors) {
        QJsonObject error{{QStringLiteral("message"), e.errorString()}, {QStringLiteral("code"), int(e.error())}};
        if (!e.certificate().isNull())
            error.insert(QStringLiteral("certificate"), distinguishedName(e.certificate(), false));
        errors.append(error);
    }
    return QJsonObject{
        {QStringLiteral("encrypted"), tls.encrypted},
        {QStringLiteral("protocol"), tls.protocol},
        {QStringLiteral("cipher"), tls.cipher},
        {QStringLiteral("verificationDisabled"), tls.verificationDisabled},
        {QStringLiteral("chain"), chain},
        {QStringLiteral("errors"), errors},
    };
}

QJsonArray ExchangeJson::headersJson(const HeaderList &headers, bool redact)
{
    QJsonArray out;
    for (const HeaderField &f : headers) {
        const QByteArray value = redact ? SecretRedactor::redactHeaderValue(f.name, f.value) : f.value;
        out.append(QJsonObject{
            {QStringLiteral("name"), QString::fromLatin1(f.name)},
            {QStringLiteral("value"), QString::fromUtf8(value)},
            {QStringLiteral("source"), HeaderField::sourceName(f.source)},
        });
    }
    return out;
}

QJsonObject ExchangeJson::timingJson(const Leg &leg)
{
    const LegTiming &t = leg.timing;
    const LegPhases phases = LegPhases::fromTiming(t);
    QJsonObject durations{
        {QStringLiteral("blockedMs"), phaseMs(phases.blockedUs)},
        {QStringLiteral("connectMs"), phaseMs(phases.connectUs)},
        {QStringLiteral("sendMs"), phaseMs(phases.sendUs)},
        {QStringLiteral("waitMs"), phaseMs(phases.waitUs)},
        {QStringLiteral("receiveMs"), phaseMs(phases.receiveUs)},
        {QStringLiteral("totalMs"), t.totalNs() < 0 ? QJsonValue(QJsonValue::Null) : msOrNull(t.totalNs())},
        {QStringLiteral("timeToFirstByteMs"),
         t.firstByteNs >= 0 && t.queuedNs >= 0 && t.firstByteNs >= t.queuedNs
             ? msOrNull(t.firstByteNs - t.queuedNs) : QJsonValue(QJsonValue::Null)},
    };
    if (!phases.note.isEmpty())
        durations.insert(QStringLiteral("note"), phases.note);
    // Moments are counted from the start of the exchange.
    return QJsonObject{
        {QStringLiteral("queuedMs"), msOrNull(t.queuedNs)},
        {QStringLiteral("connectingMs"), msOrNull(t.connectingNs)},
        {QStringLiteral("encryptedMs"), msOrNull(t.encryptedNs)},
        {QStringLiteral("requestSentMs"), msOrNull(t.requestSentNs)},
        {QStringLiteral("firstByteMs"), msOrNull(t.firstByteNs)},
        {QStringLiteral("finishedMs"), msOrNull(t.finishedNs)},
        {QStringLiteral("connectionReused"), t.connectionReused()},
        {QStringLiteral("durations"), durations},
    };
}

QJsonValue ExchangeJson::diagnosisJson(const Diagnosis &diagnosis, bool withLeg)
{
    if (diagnosis.isNull())
        return QJsonValue::Null;
    QJsonObject out{
        {QStringLiteral("code"), diagnosis.codeName()},
        {QStringLiteral("summary"), diagnosis.summary},
        {QStringLiteral("evidence"), QJsonArray::fromStringList(diagnosis.evidence)},
        {QStringLiteral("next"), diagnosis.next},
        {QStringLiteral("likely"), diagnosis.likely},
    };
    if (withLeg)
        out.insert(QStringLiteral("leg"), diagnosis.leg < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(diagnosis.leg));
    return out;
}

QJsonValue ExchangeJson::computationJson(const AuthComputation &computation, bool redact, QList<QByteArray> *derived)
{
    if (computation.isEmpty())
        return QJsonValue::Null;
    QJsonArray parameters;
    for (const auto &p : computation.parameters)
        parameters.append(QJsonArray{QString::fromUtf8(p.first), QString::fromUtf8(p.second)});
    // A value that stands for the password (HA1) makes every value computed from it a target for
    // an offline dictionary attack: redacted, those values go, and the secret goes from the inputs.
    QList<QByteArray> own;
    QList<QByteArray> &secretValues = derived ? *derived : own;
    const QByteArray marker = SecretRedactor::marker().toUtf8();
    QJsonArray steps;
    for (const ComputationStep &step : computation.steps) {
        QByteArray input = step.input;
        bool derived = step.secretValue;
        for (const QByteArray &secret : std::as_const(secretValues)) {
            if (input.contains(secret)) {
                derived = true;
                if (redact)
                    input.replace(secret, marker);
            }
        }
        if (derived && !step.value.isEmpty())
            secretValues.append(step.value);
        const bool hide = redact && derived;
        QJsonObject s{
            {QStringLiteral("name"), step.name},
            {QStringLiteral("formula"), step.formula},
            {QStringLiteral("input"), QString::fromUtf8(input)},
            {QStringLiteral("value"), hide ? SecretRedactor::marker() : QString::fromUtf8(step.value)},
            {QStringLiteral("secret"), step.secretValue},
        };
        if (step.check != ComputationStep::Check::None) {
            s.insert(QStringLiteral("check"), step.check == ComputationStep::Check::Matched ? QStringLiteral("matched")
                                                                                            : QStringLiteral("mismatched"));
            s.insert(QStringLiteral("expected"), hide ? SecretRedactor::marker() : QString::fromUtf8(step.expected));
        }
        steps.append(s);
    }
    return QJsonObject{
        {QStringLiteral("scheme"), computation.scheme},
        {QStringLiteral("title"), computation.title},
        {QStringLiteral("parameters"), parameters},
        {QStringLiteral("steps"), steps},
    };
}

QJsonObject ExchangeJson::legJson(const Leg &leg, const ExportOptions &options, const SecretMatcher &secrets,
                                  const Diagnosis &diagnosis)
{
    const bool redact = !options.includeSecrets;
    const QByteArray requestType = leg.requestHeaders.value(QByteArrayLiteral("Content-Type"));
    QJsonObject requestBody = ExportedBody::make(leg.requestBody, leg.requestBodySize, requestType,
                                                 options, secrets).toJson();
    if (!leg.requestBodySource.isEmpty())
        requestBody.insert(QStringLiteral("source"), leg.requestBodySource);

    QJsonValue response = QJsonValue::Null;
    if (leg.hasResponse()) {
        const QByteArray responseType = leg.responseHeaders.value(QByteArrayLiteral("Content-Type"));
        response = QJsonObject{
            {QStringLiteral("statusCode"), leg.statusCode},
            {QStringLiteral("reasonPhrase"), QString::fromUtf8(leg.reasonPhrase)},
            {QStringLiteral("headers"), headersJson(leg.responseHeaders, redact)},
            {QStringLiteral("body"),
             ExportedBody::fromBuffer(leg.responseBody, responseType, options, secrets).toJson()},
        };
    }

    QJsonObject out{
        {QStringLiteral("index"), leg.index},
        {QStringLiteral("kind"), Leg::kindName(leg.kind)},
        {QStringLiteral("reason"), leg.reason},
        {QStringLiteral("method"), QString::fromLatin1(leg.method)},
        {QStringLiteral("url"), redact ? SecretRedactor::redactUrl(leg.url) : leg.url.toString(QUrl::FullyEncoded)},
        {QStringLiteral("httpVersion"), QString::fromLatin1(leg.httpVersion)},
        {QStringLiteral("insecure"), leg.tls.verificationDisabled},
        {QStringLiteral("request"), QJsonObject{
             {QStringLiteral("headers"), headersJson(leg.requestHeaders, redact)},
             {QStringLiteral("body"), requestBody},
         }},
        {QStringLiteral("response"), response},
        {QStringLiteral("cookiesSent"), cookiesJson(leg.cookiesSent, redact)},
        {QStringLiteral("cookiesSet"), cookiesJson(leg.cookiesSet, redact)},
        {QStringLiteral("tls"), leg.tls.encrypted ? QJsonValue(tlsJson(leg.tls)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("timing"), timingJson(leg)},
        {QStringLiteral("follows"), leg.follows < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(leg.follows)},
        {QStringLiteral("notes"), notesJson(leg.notes)},
        {QStringLiteral("status"), statusJson(leg.status)},
    };
    insertAuthentication(&out, leg);
    // rspauth is computed from the same HA1 as the response: what one step hides, the other does.
    QList<QByteArray> derived;
    out.insert(QStringLiteral("computation"), computationJson(leg.computation, redact, &derived));
    out.insert(QStringLiteral("verification"), computationJson(leg.verification, redact, &derived));
    out.insert(QStringLiteral("diagnosis"), diagnosisJson(diagnosis));
    return out;
}

QJsonObject ExchangeJson::toJson(const Exchange &exchange, const ExportOptions &options)
{
    const bool redact = !options.includeSecrets;
    const SecretMatcher secrets(redact ? SecretRedactor::knownSecrets(exchange) : QList<QByteArray>());
    const HttpRequest &request = exchange.request;

    QJsonObject body{
        {QStringLiteral("kind"), RequestBody::kindName(request.body.kind())},
        {QStringLiteral("contentType"), QString::fromLatin1(request.body.contentType())},
    };
    if (request.body.kind() == RequestBody::Kind::File) {
        body.insert(QStringLiteral("filePath"), request.body.filePath());
        body.insert(QStringLiteral("size"), request.body.size());
    } else if (!request.body.isEmpty()) {
        // Files are shown by the legs that sent them; reading them again here could block on a pipe.
        const QJsonObject shown = ExportedBody::make(request.body.data(), request.body.data().size(),
                                                     request.body.contentType(), options, secrets).toJson();
        for (auto it = shown.begin(); it != shown.end(); ++it)
            body.insert(it.key(), it.value());
    }

    QJsonObject requestJson{
        {QStringLiteral("method"), QString::fromLatin1(request.method)},
        {QStringLiteral("url"), redact ? SecretRedactor::redactUrl(request.url) : request.url.toString(QUrl::FullyEncoded)},
        {QStringLiteral("headers"), headersJson(request.headers, redact)},
        {QStringLiteral("body"), body},
        {QStringLiteral("options"), QJsonObject{
             {QStringLiteral("followRedirects"), request.options.followRedirects},
             {QStringLiteral("maxRedirects"), request.options.maxRedirects},
             {QStringLiteral("insecureTls"), request.options.insecureTls},
             {QStringLiteral("timeoutMs"), request.options.timeoutMs},
             {QStringLiteral("authScheme"), AuthPreferences::name(request.options.authScheme)},
             {QStringLiteral("maxAuthAttempts"), request.options.maxAuthAttempts},
         }},
    };
    const RequestCredentials &given = request.credentials;
    if (given.hasAny() || !given.oauthProfile.isEmpty()) {
        auto secret = [redact](const QByteArray &value) {
            return redact ? SecretRedactor::marker() : QString::fromUtf8(value);
        };
        QJsonObject credentials;
        if (!given.user.isEmpty())
            credentials.insert(QStringLiteral("user"), given.user);
        if (!given.password.isEmpty())
            credentials.insert(QStringLiteral("password"), secret(given.password));
        if (given.hasToken())
            credentials.insert(QStringLiteral("token"), secret(given.token));
        if (!given.oauthProfile.isEmpty())
            credentials.insert(QStringLiteral("oauthProfile"), given.oauthProfile);
        if (given.hasApiKey()) {
            credentials.insert(QStringLiteral("apiKey"), QJsonObject{
                {QStringLiteral("name"), QString::fromUtf8(given.apiKeyName)},
                {QStringLiteral("value"), secret(given.apiKeyValue)},
                {QStringLiteral("inQuery"), given.apiKeyInQuery},
            });
        }
        requestJson.insert(QStringLiteral("credentials"), credentials);
    }

    QJsonArray legs;
    const QList<Diagnosis> diagnoses = Diagnoser::forLegs(exchange);
    for (int i = 0; i < exchange.legs.size(); ++i)
        legs.append(legJson(exchange.legs.at(i), options, secrets, diagnoses.value(i)));

    const QJsonObject out{
        {QStringLiteral("format"), QStringLiteral("authscope-exchange")},
        {QStringLiteral("formatVersion"), 1},
        {QStringLiteral("redacted"), redact},
        {QStringLiteral("insecure"), exchange.insecure()},
        {QStringLiteral("startedAt"), exchange.startedAt.isValid() ? QJsonValue(isoTime(exchange.startedAt))
                                                                 : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("durationMs"), msOrNull(exchange.durationNs)},
        {QStringLiteral("status"), statusJson(exchange.status)},
        {QStringLiteral("finalStatusCode"), exchange.finalStatusCode()},
        {QStringLiteral("request"), requestJson},
        {QStringLiteral("legs"), legs},
        {QStringLiteral("steps"), stepsJson(exchange.steps)},
        {QStringLiteral("diagnosis"), diagnosisJson(Diagnoser::forExchange(exchange), true)},
    };
    // Second net: a known secret echoed in free text (a reason, an annotation, an error message).
    return redact ? SecretRedactor::redactJsonStrings(out, secrets).toObject() : out;
}

QByteArray ExchangeJson::toBytes(const Exchange &exchange, const ExportOptions &options,
                                 QJsonDocument::JsonFormat format)
{
    return QJsonDocument(toJson(exchange, options)).toJson(format);
}
