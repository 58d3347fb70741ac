#include "secretredactor.h"

#include "http/exchange.h"
#include "jsonbodyredactor.h"
#include "secretcollector.h"
#include "secretmatcher.h"
#include "secretnames.h"
#include "secretparams.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <algorithm>
#include <cctype>

namespace {

QByteArray mediaType(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
}

// Base64 of secret as it shows inside any longer base64 run, at each of the three alignments:
// the characters that depend on the secret's bytes alone.
void addBase64Forms(const QByteArray &secret, QByteArray::Base64Options options, QList<QByteArray> *forms)
{
    forms->append(secret.toBase64(options));
    const QByteArray::Base64Options bare = options | QByteArray::OmitTrailingEquals;
    static constexpr int skipChars[3] = {0, 2, 3};
    for (int k = 0; k < 3; ++k) {
        const QByteArray encoded = QByteArray(QByteArray(k, '\0') + secret).toBase64(bare);
        const qsizetype complete = (8 * (k + secret.size())) / 6;
        const QByteArray fragment = encoded.left(complete).mid(skipChars[k]);
        if (fragment.size() >= SecretRedactor::MinTextSecretLength)
            forms->append(fragment);
    }
}

} // namespace

bool SecretRedactor::isSecretName(const QString &name)
{
    return SecretNames::isSecretName(name);
}

QByteArray SecretRedactor::redactHeaderValue(const QByteArray &name, const QByteArray &value)
{
    return SecretParams::field(name, value).text;
}

HeaderList SecretRedactor::redactHeaders(const HeaderList &headers)
{
    HeaderList out;
    for (const HeaderField &f : headers)
        out.append(HeaderField{f.name, redactHeaderValue(f.name, f.value), f.source});
    return out;
}

QByteArray SecretRedactor::redactAuthorization(const QByteArray &value)
{
    return SecretParams::credentials(value).text;
}

QByteArray SecretRedactor::redactAuthenticationInfo(const QByteArray &value)
{
    return SecretParams::authenticationInfo(value).text;
}

QByteArray SecretRedactor::redactCookieHeader(const QByteArray &value)
{
    return SecretParams::cookiePairs(value).text;
}

QByteArray SecretRedactor::redactSetCookie(const QByteArray &value)
{
    return SecretParams::setCookie(value).text;
}

QNetworkCookie SecretRedactor::redactCookie(const QNetworkCookie &cookie)
{
    QNetworkCookie c = cookie;
    if (!c.value().isEmpty())
        c.setValue(markerBytes());
    return c;
}

QString SecretRedactor::redactUrl(const QUrl &url)
{
    return QString::fromUtf8(SecretParams::url(url).text);
}

QByteArray SecretRedactor::redactUrlString(const QByteArray &url)
{
    return SecretParams::urlString(url).text;
}

QString SecretRedactor::redactQuery(const QString &query)
{
    return QString::fromUtf8(SecretParams::pairs(query.toUtf8(), '&').text);
}

bool SecretRedactor::isJsonType(const QByteArray &contentType)
{
    const QByteArray type = mediaType(contentType);
    return type == "application/json" || type == "text/json" || type.endsWith("+json");
}

bool SecretRedactor::isFormType(const QByteArray &contentType)
{
    return mediaType(contentType) == "application/x-www-form-urlencoded";
}

SecretRedactor::Body SecretRedactor::redactBody(const QByteArray &body, const QByteArray &contentType,
                                                bool truncated)
{
    Body result;
    result.data = body;
    if (body.trimmed().isEmpty())
        return result;
    if (isJsonType(contentType)) {
        const JsonBodyRedactor::Result r = JsonBodyRedactor::redact(body, truncated);
        if (!r.ok) {
            result.inspected = false;
            result.note = QStringLiteral("the body is declared as JSON but does not parse (%1); "
                                         "it was not inspected for secrets").arg(r.error);
            return result;
        }
        result.data = r.data;
        result.changed = r.changed;
        return result;
    }
    if (isFormType(contentType)) {
        result.data = SecretParams::pairs(body, '&').text;
        result.changed = result.data != body;
    }
    return result;
}

QList<QByteArray> SecretRedactor::secretForms(const QByteArray &secret)
{
    QList<QByteArray> forms;
    if (secret.size() < MinTextSecretLength)
        return forms;
    forms.append(secret);
    addBase64Forms(secret, QByteArray::Base64Encoding, &forms);
    addBase64Forms(secret, QByteArray::Base64UrlEncoding, &forms);
    const QByteArray percent = QUrl::toPercentEncoding(QString::fromUtf8(secret));
    forms.append(percent);
    QByteArray lowerHex = percent;
    for (qsizetype i = 0; i + 2 < lowerHex.size(); ++i) {
        if (lowerHex.at(i) == '%') {
            lowerHex[i + 1] = char(std::tolower(uchar(lowerHex.at(i + 1))));
            lowerHex[i + 2] = char(std::tolower(uchar(lowerHex.at(i + 2))));
            i += 2;
        }
    }
    forms.append(lowerHex);
    QByteArray form = QUrl::toPercentEncoding(QString::fromUtf8(secret), " ");
    form.replace(' ', '+');
    forms.append(form);
    const QByteArray json = JsonBodyRedactor::quote(QString::fromUtf8(secret));
    forms.append(json.mid(1, json.size() - 2));
    // A JWT's signature is what makes it a credential, and servers echo tokens cut (httpbin's
    // /bearer drops the first character): the signature alone is a form too (RFC 7515 §7.1).
    const QList<QByteArray> jwtParts = secret.split('.');
    if (jwtParts.size() == 3 && jwtParts.at(2).size() >= 16)
        forms.append(jwtParts.at(2));

    std::sort(forms.begin(), forms.end(), [](const QByteArray &a, const QByteArray &b) {
        return a.size() > b.size();
    });
    forms.erase(std::unique(forms.begin(), forms.end()), forms.end());
    return forms;
}

QString SecretRedactor::redactText(const QString &text, const QList<QByteArray> &knownSecrets)
{
    return SecretMatcher(knownSecrets).redact(text);
}

QByteArray SecretRedactor::redactText(const QByteArray &text, const QList<QByteArray> &knownSecrets)
{
    return SecretMatcher(knownSecrets).redact(text);
}

QJsonValue SecretRedactor::redactJsonStrings(const QJsonValue &value, const QList<QByteArray> &knownSecrets)
{
    return redactJsonStrings(value, SecretMatcher(knownSecrets));
}

QJsonValue SecretRedactor::redactJsonStrings(const QJsonValue &value, const SecretMatcher &matcher)
{
    if (matcher.isEmpty())
        return value;
    switch (value.type()) {
    case QJsonValue::String:
        return matcher.redact(value.toString());
    case QJsonValue::Array: {
        QJsonArray out;
        for (const QJsonValue &v : value.toArray())
            out.append(redactJsonStrings(v, matcher));
        return out;
    }
    case QJsonValue::Object: {
        QJsonObject out;
        const QJsonObject in = value.toObject();
        // Encoded blobs are left alone: a match there would be chance, and replacing text inside
        // base64 or PEM would break it. Binary bodies are redacted as bytes before encoding.
        const bool base64Text = in.value(QLatin1String("encoding")).toString() == u"base64"
                || in.value(QLatin1String("_encoding")).toString() == u"base64";
        for (auto it = in.begin(); it != in.end(); ++it) {
            const bool blob = it.key() == u"base64" || it.key() == u"pem"
                    || (base64Text && it.key() == u"text");
            out.insert(it.key(), blob ? it.value() : redactJsonStrings(it.value(), matcher));
        }
        return out;
    }
    default:
        return value;
    }
}

QList<QByteArray> SecretRedactor::knownSecrets(const Exchange &exchange)
{
    SecretCollector collector;
    collector.addExchange(exchange);
    return collector.secrets();
}

QList<QByteArray> SecretRedactor::knownSecrets(const QList<Exchange> &exchanges)
{
    SecretCollector collector;
    for (const Exchange &e : exchanges)
        collector.addExchange(e);
    return collector.secrets();
}
