#include "harwriter.h"

#include "exchangejson.h"
#include "exportedbody.h"
#include "legphases.h"
#include "outputfile.h"
#include "secretmatcher.h"
#include "secretredactor.h"

#include "core/logging.h"
#include "diagnosis/diagnoser.h"
#include "http/exchange.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkCookie>
#include <QUrlQuery>

namespace {

QString latin1(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes);
}

QJsonArray harHeaders(const HeaderList &headers, bool redact, bool withSource)
{
    QJsonArray out;
    for (const HeaderField &f : headers) {
        const QByteArray value = redact ? SecretRedactor::redactHeaderValue(f.name, f.value) : f.value;
        QJsonObject h{{QStringLiteral("name"), latin1(f.name)}, {QStringLiteral("value"), QString::fromUtf8(value)}};
        if (withSource)
            h.insert(QStringLiteral("_source"), HeaderField::sourceName(f.source));
        out.append(h);
    }
    return out;
}

QJsonObject harCookie(const QNetworkCookie &cookie, bool redact)
{
    QJsonObject o = ExchangeJson::cookieJson(redact ? SecretRedactor::redactCookie(cookie) : cookie);
    // HAR 1.2 has no sameSite; custom fields take an underscore.
    if (o.contains(QLatin1String("sameSite"))) {
        o.insert(QStringLiteral("_sameSite"), o.value(QLatin1String("sameSite")));
        o.remove(QLatin1String("sameSite"));
    }
    return o;
}

QJsonArray requestCookies(const Leg &leg, bool redact)
{
    QJsonArray out;
    // The Cookie fields are what went on the wire, whoever put them there (jar or -H).
    for (const QByteArray &value : leg.requestHeaders.values(QByteArrayLiteral("Cookie"))) {
        for (const QByteArray &pair : value.split(';')) {
            const QByteArray trimmed = pair.trimmed();
            if (trimmed.isEmpty())
                continue;
            const qsizetype eq = trimmed.indexOf('=');
            const QByteArray name = eq < 0 ? QByteArray() : trimmed.left(eq).trimmed();
            QByteArray cookieValue = eq < 0 ? trimmed : trimmed.mid(eq + 1).trimmed();
            if (redact && !cookieValue.isEmpty())
                cookieValue = SecretRedactor::markerBytes();
            out.append(QJsonObject{{QStringLiteral("name"), QString::fromUtf8(name)},
                                   {QStringLiteral("value"), QString::fromUtf8(cookieValue)}});
        }
    }
    if (out.isEmpty()) {
        for (const QNetworkCookie &c : leg.cookiesSent) {
            out.append(QJsonObject{{QStringLiteral("name"), QString::fromUtf8(c.name())},
                                   {QStringLiteral("value"), redact && !c.value().isEmpty()
                                        ? SecretRedactor::marker() : QString::fromUtf8(c.value())}});
        }
    }
    return out;
}

QJsonArray responseCookies(const Leg &leg, bool redact)
{
    QJsonArray out;
    for (const QByteArray &value : leg.responseHeaders.values(QByteArrayLiteral("Set-Cookie"))) {
        for (const QByteArray &line : value.split('\n')) {
            for (const QNetworkCookie &c : QNetworkCookie::parseCookies(line))
                out.append(harCookie(c, redact));
        }
    }
    if (out.isEmpty()) {
        for (const QNetworkCookie &c : leg.cookiesSet)
            out.append(harCookie(c, redact));
    }
    return out;
}

QJsonArray queryString(const QString &url)
{
    QJsonArray out;
    const QUrlQuery query(QUrl(url, QUrl::TolerantMode));
    for (const auto &item : query.queryItems(QUrl::FullyDecoded))
        out.append(QJsonObject{{QStringLiteral("name"), item.first}, {QStringLiteral("value"), item.second}});
    return out;
}

QString bodyComment(const ExportedBody &body)
{
    QStringList parts;
    if (body.isTruncated())
        parts.append(QStringLiteral("cut to %1 of %2 bytes").arg(body.bytes().size()).arg(body.size()));
    if (!body.redactionNote().isEmpty())
        parts.append(body.redactionNote());
    return parts.join(QStringLiteral("; "));
}

QJsonValue postData(const Leg &leg, const ExportOptions &options, const SecretMatcher &secrets)
{
    if (leg.requestBodySize <= 0 && leg.requestBody.isEmpty())
        return QJsonValue::Undefined;
    const QByteArray type = leg.requestHeaders.value(QByteArrayLiteral("Content-Type"));
    const ExportedBody body = ExportedBody::make(leg.requestBody, leg.requestBodySize, type, options, secrets);
    QJsonObject o{{QStringLiteral("mimeType"), latin1(type)}};
    if (SecretRedactor::isFormType(type) && body.isText()) {
        QJsonArray params;
        for (const QByteArray &pair : body.bytes().split('&')) {
            if (pair.isEmpty())
                continue;
            const qsizetype eq = pair.indexOf('=');
            auto decode = [](QByteArray s) {
                return QString::fromUtf8(QByteArray::fromPercentEncoding(s.replace('+', ' ')));
            };
            params.append(QJsonObject{
                {QStringLiteral("name"), decode(eq < 0 ? pair : pair.left(eq))},
                {QStringLiteral("value"), eq < 0 ? QString() : decode(pair.mid(eq + 1))},
            });
        }
        o.insert(QStringLiteral("params"), params);
    } else {
        o.insert(QStringLiteral("text"), body.content());
        if (!body.isText())
            o.insert(QStringLiteral("_encoding"), QStringLiteral("base64"));
    }
    const QString comment = bodyComment(body);
    if (!comment.isEmpty())
        o.insert(QStringLiteral("comment"), comment);
    if (body.isTruncated())
        o.insert(QStringLiteral("_truncated"), true);
    return o;
}

QJsonObject content(const Leg &leg, const ExportOptions &options, const SecretMatcher &secrets)
{
    const QByteArray type = leg.responseHeaders.value(QByteArrayLiteral("Content-Type"));
    if (!leg.hasResponse())
        return QJsonObject{{QStringLiteral("size"), 0}, {QStringLiteral("mimeType"), latin1(type)}};
    const ExportedBody body = ExportedBody::fromBuffer(leg.responseBody, type, options, secrets);
    QJsonObject o{
        {QStringLiteral("size"), body.size()},
        {QStringLiteral("mimeType"), latin1(type)},
        {QStringLiteral("text"), body.content()},
    };
    if (!body.isText())
        o.insert(QStringLiteral("encoding"), QStringLiteral("base64"));
    const QString comment = bodyComment(body);
    if (!comment.isEmpty())
        o.insert(QStringLiteral("comment"), comment);
    if (body.isTruncated())
        o.insert(QStringLiteral("_truncated"), true);
    return o;
}

QJsonObject timings(const LegPhases &phases)
{
    QJsonObject o{
        {QStringLiteral("blocked"), LegPhases::toMs(phases.blockedUs)},
        {QStringLiteral("dns"), LegPhases::toMs(phases.dnsUs)},
        {QStringLiteral("connect"), LegPhases::toMs(phases.connectUs)},
        {QStringLiteral("ssl"), LegPhases::toMs(phases.sslUs)},
        {QStringLiteral("send"), LegPhases::toMs(phases.sendUs)},
        {QStringLiteral("wait"), LegPhases::toMs(phases.waitUs)},
        {QStringLiteral("receive"), LegPhases::toMs(phases.receiveUs)},
    };
    if (!phases.note.isEmpty())
        o.insert(QStringLiteral("comment"), phases.note);
    return o;
}

QJsonObject entry(const Exchange &exchange, int exchangeIndex, const Leg &leg, const ExportOptions &options,
                  const SecretMatcher &secrets)
{
    const bool redact = !options.includeSecrets;
    const QString url = redact ? SecretRedactor::redactUrl(leg.url) : leg.url.toString(QUrl::FullyEncoded);

    QJsonObject request{
        {QStringLiteral("method"), latin1(leg.method)},
        {QStringLiteral("url"), url},
        {QStringLiteral("httpVersion"), latin1(leg.httpVersion)},
        {QStringLiteral("cookies"), requestCookies(leg, redact)},
        {QStringLiteral("headers"), harHeaders(leg.requestHeaders, redact, true)},
        {QStringLiteral("queryString"), queryString(url)},
        {QStringLiteral("headersSize"), -1},
        {QStringLiteral("bodySize"), leg.requestBodySize},
    };
    const QJsonValue post = postData(leg, options, secrets);
    if (!post.isUndefined())
        request.insert(QStringLiteral("postData"), post);

    const QJsonObject body = content(leg, options, secrets);
    const bool encoded = leg.responseHeaders.contains(QByteArrayLiteral("Content-Encoding"));
    const QByteArray location = leg.responseHeaders.value(QByteArrayLiteral("Location"));
    QJsonObject response{
        {QStringLiteral("status"), leg.statusCode},
        {QStringLiteral("statusText"), QString::fromUtf8(leg.reasonPhrase)},
        {QStringLiteral("httpVersion"), latin1(leg.hasResponse() ? leg.httpVersion : QByteArray())},
        {QStringLiteral("cookies"), responseCookies(leg, redact)},
        {QStringLiteral("headers"), harHeaders(leg.responseHeaders, redact, false)},
        {QStringLiteral("content"), body},
        {QStringLiteral("redirectURL"),
         QString::fromUtf8(redact ? SecretRedactor::redactUrlString(location) : location)},
        {QStringLiteral("headersSize"), -1},
        {QStringLiteral("bodySize"), !leg.hasResponse() ? 0 : (encoded ? -1 : body.value(QLatin1String("size")).toInteger())},
    };

    QDateTime started = exchange.startedAt.isValid() ? exchange.startedAt
                                                     : QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
    if (leg.timing.queuedNs > 0)
        started = started.addMSecs(leg.timing.queuedNs / 1000000);
    const LegPhases phases = LegPhases::fromTiming(leg.timing);

    QJsonObject authscope{
        {QStringLiteral("exchange"), exchangeIndex},
        {QStringLiteral("leg"), leg.index},
        {QStringLiteral("kind"), Leg::kindName(leg.kind)},
        {QStringLiteral("reason"), leg.reason},
        {QStringLiteral("notes"), ExchangeJson::notesJson(leg.notes)},
        {QStringLiteral("insecure"), leg.tls.verificationDisabled},
        {QStringLiteral("status"), ExchangeJson::statusJson(leg.status)},
        {QStringLiteral("exchangeStatus"), ExchangeJson::statusJson(exchange.status)},
        {QStringLiteral("tls"), leg.tls.encrypted ? QJsonValue(ExchangeJson::tlsJson(leg.tls))
                                                  : QJsonValue(QJsonValue::Null)},
    };
    ExchangeJson::insertAuthentication(&authscope, leg);
    authscope.insert(QStringLiteral("diagnosis"), ExchangeJson::diagnosisJson(Diagnoser::forLeg(exchange, leg.index)));
    if (!leg.requestBodySource.isEmpty())
        authscope.insert(QStringLiteral("requestBodySource"), leg.requestBodySource);
    if (!exchange.startedAt.isValid())
        authscope.insert(QStringLiteral("startUnknown"), true);

    QJsonObject entry{
        {QStringLiteral("startedDateTime"), ExchangeJson::isoTime(started)},
        {QStringLiteral("time"), LegPhases::toMs(phases.totalUs())},
        {QStringLiteral("request"), request},
        {QStringLiteral("response"), response},
        {QStringLiteral("cache"), QJsonObject()},
        {QStringLiteral("timings"), timings(phases)},
        {QStringLiteral("_authscope"), authscope},
    };
    // The codes of the leg's notes, readable in any HAR viewer ("notes: credentials-rejected, ...").
    if (!leg.notes.isEmpty())
        entry.insert(QStringLiteral("comment"),
                     QString(QStringLiteral("notes: ") + LegNoteList::names(leg.notes).join(QStringLiteral(", "))));
    return entry;
}

} // namespace

QString HarWriter::creatorVersion()
{
    const QString version = QCoreApplication::applicationVersion();
    return version.isEmpty() ? QStringLiteral(AUTHSCOPE_VERSION) : version;
}

QJsonObject HarWriter::toHar(const QList<Exchange> &exchanges, const ExportOptions &options)
{
    const bool redact = !options.includeSecrets;
    const SecretMatcher secrets(redact ? SecretRedactor::knownSecrets(exchanges) : QList<QByteArray>());

    QJsonArray entries;
    for (int i = 0; i < exchanges.size(); ++i) {
        for (const Leg &leg : exchanges.at(i).legs)
            entries.append(entry(exchanges.at(i), i, leg, options, secrets));
    }
    QJsonObject log{
        {QStringLiteral("version"), QStringLiteral("1.2")},
        {QStringLiteral("creator"), QJsonObject{{QStringLiteral("name"), QStringLiteral("AuthScope")},
                                                {QStringLiteral("version"), creatorVersion()}}},
        {QStringLiteral("entries"), entries},
        {QStringLiteral("_authscope"), QJsonObject{{QStringLiteral("redacted"), redact}}},
    };
    if (redact) {
        log.insert(QStringLiteral("comment"),
                   QStringLiteral("Secrets are replaced by %1. Export with secrets included to keep them.")
                       .arg(SecretRedactor::marker()));
        log = SecretRedactor::redactJsonStrings(log, secrets).toObject();
    }
    return QJsonObject{{QStringLiteral("log"), log}};
}

QByteArray HarWriter::toBytes(const QList<Exchange> &exchanges, const ExportOptions &options)
{
    return QJsonDocument(toHar(exchanges, options)).toJson(QJsonDocument::Indented);
}

bool HarWriter::write(const QString &path, const QList<Exchange> &exchanges, const ExportOptions &options,
                      QString *error)
{
    const QByteArray bytes = toBytes(exchanges, options);
    // With secrets left in, the file is for its owner's eyes only (mode 0600).
    OutputFile file(path, options.includeSecrets ? OutputFile::Access::OwnerOnly : OutputFile::Access::Default);
    if (!file.open() || !file.write(bytes) || !file.commit()) {
        if (error) {
            if (file.inPlace()) {
                *error = QStringLiteral("Could not write the HAR to %1: %2. It is not a regular file (a device, "
                                        "pipe or descriptor), so it was written in place; what it received may be "
                                        "incomplete.").arg(path, file.errorString());
            } else {
                *error = QStringLiteral("Could not write the HAR file %1: %2. Nothing was written; a file "
                                        "already there is unchanged.").arg(path, file.errorString());
            }
        }
        file.cancel();
        return false;
    }
    qCDebug(lcExport) << "wrote HAR:" << path << exchanges.size() << "exchange(s)"
                      << (file.inPlace() ? "in place" : "atomically");
    return true;
}
