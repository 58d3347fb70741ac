#include "secretredactor.h"

#include "core/httpgrammar.h"
#include "http/exchange.h"
#include "jsonbodyredactor.h"
#include "secretmatcher.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QSet>

#include <algorithm>
#include <cctype>

namespace {

// Lower-case, without '-', '_', '.' and spaces: "X-Api-Key", "x_api_key" and "xApiKey" are one.
QString normalizedName(const QString &name)
{
    QString n;
    n.reserve(name.size());
    for (const QChar c : name) {
        if (c != u'-' && c != u'_' && c != u'.' && c != u' ')
            n.append(c.toLower());
    }
    return n;
}

// Names that are secrets as a whole (normalized). OAuth (RFC 6749, 7636, 8628, 8693), OpenID
// Connect, AWS/Azure/GCP signed URLs and keys, SAML and CAS, and common session names.
const QSet<QString> &exactSecretNames()
{
    static const QSet<QString> names = {
        QStringLiteral("token"), QStringLiteral("key"), QStringLiteral("code"),
        QStringLiteral("auth"), QStringLiteral("authorization"), QStringLiteral("xauth"),
        QStringLiteral("xauthorization"), QStringLiteral("authcode"), QStringLiteral("authorizationcode"),
        QStringLiteral("devicecode"), QStringLiteral("codeverifier"), QStringLiteral("idtokenhint"),
        QStringLiteral("assertion"), QStringLiteral("clientassertion"), QStringLiteral("jwt"),
        QStringLiteral("sig"), QStringLiteral("signature"), QStringLiteral("xamzsignature"),
        QStringLiteral("xamzcredential"), QStringLiteral("xgoogsignature"), QStringLiteral("xgoogcredential"),
        QStringLiteral("credential"), QStringLiteral("credentials"),
        QStringLiteral("session"), QStringLiteral("sessionid"), QStringLiteral("sessid"),
        QStringLiteral("phpsessid"), QStringLiteral("jsessionid"), QStringLiteral("aspnetsessionid"),
        QStringLiteral("samlresponse"), QStringLiteral("samlart"), QStringLiteral("ticket"),
        QStringLiteral("otp"), QStringLiteral("totp"), QStringLiteral("passcode"),
        QStringLiteral("ocpapimsubscriptionkey"), QStringLiteral("xfunctionskey"),
    };
    return names;
}

bool isSecretNormalizedName(const QString &n)
{
    if (n.isEmpty())
        return false;
    if (exactSecretNames().contains(n))
        return true;
    // Words that make any name a secret.
    static const QString anywhere[] = {
        QStringLiteral("password"), QStringLiteral("passwd"), QStringLiteral("secret"),
        QStringLiteral("apikey"),
    };
    for (const QString &w : anywhere) {
        if (n.contains(w))
            return true;
    }
    // Endings: access_token, X-Auth-Token, oauth_token, x-amz-security-token... but not
    // token_type or token_endpoint, which describe a token and are worth seeing.
    static const QString endings[] = {
        QStringLiteral("token"), QStringLiteral("privatekey"), QStringLiteral("accesskey"),
        QStringLiteral("sessionkey"), QStringLiteral("signingkey"), QStringLiteral("subscriptionkey"),
        QStringLiteral("authkey"), QStringLiteral("masterkey"), QStringLiteral("clientkey"),
        QStringLiteral("appkey"), QStringLiteral("sessionid"), QStringLiteral("authorization"),
    };
    for (const QString &w : endings) {
        if (n.endsWith(w))
            return true;
    }
    return false;
}

bool isWhitespace(char c)
{
    return c == ' ' || c == '\t';
}

struct AuthParam {
    QByteArray name;
    QByteArray raw;   // the value as written, quotes included
    bool quoted = false;
};

// RFC 9110 §11.2 auth-param list: name = ( token / quoted-string ), comma separated with OWS.
bool parseAuthParams(const QByteArray &s, QList<AuthParam> *out)
{
    qsizetype pos = 0;
    const qsizetype n = s.size();
    auto skip = [&] {
        while (pos < n && (isWhitespace(s.at(pos)) || s.at(pos) == ','))
            ++pos;
    };
    while (true) {
        skip();
        if (pos >= n)
            return true;
        AuthParam p;
        const qsizetype nameStart = pos;
        while (pos < n && HttpGrammar::isTchar(s.at(pos)))
            ++pos;
        if (pos == nameStart)
            return false;
        p.name = s.mid(nameStart, pos - nameStart);
        while (pos < n && isWhitespace(s.at(pos)))
            ++pos;
        if (pos >= n || s.at(pos) != '=')
            return false;
        ++pos;
        while (pos < n && isWhitespace(s.at(pos)))
            ++pos;
        const qsizetype valueStart = pos;
        if (pos < n && s.at(pos) == '"') {
            p.quoted = true;
            ++pos;
            while (pos < n && s.at(pos) != '"')
                pos += s.at(pos) == '\\' ? 2 : 1;
            if (pos >= n)
                return false;
            ++pos;
        } else {
            while (pos < n && HttpGrammar::isTchar(s.at(pos)))
                ++pos;
            // token68-style padding ("abc==") is not a token, but harmless to keep together
            while (pos < n && s.at(pos) == '=')
                ++pos;
        }
        p.raw = s.mid(valueStart, pos - valueStart);
        while (pos < n && isWhitespace(s.at(pos)))
            ++pos;
        if (pos < n && s.at(pos) != ',')
            return false;
        out->append(p);
    }
}

QByteArray unquote(const AuthParam &p)
{
    if (!p.quoted)
        return p.raw;
    QByteArray v;
    const QByteArray inner = p.raw.mid(1, p.raw.size() - 2);
    for (qsizetype i = 0; i < inner.size(); ++i) {
        if (inner.at(i) == '\\' && i + 1 < inner.size())
            ++i;
        v.append(inner.at(i));
    }
    return v;
}

// Keeps the allowed parameters and redacts the rest; false when the list does not parse.
bool redactParams(const QByteArray &params, const QSet<QByteArray> &allowed, QByteArray *out)
{
    QList<AuthParam> list;
    if (!parseAuthParams(params, &list))
        return false;
    QList<QByteArray> parts;
    for (const AuthParam &p : std::as_const(list)) {
        QByteArray value = p.raw;
        if (!allowed.contains(p.name.toLower()) && !unquote(p).isEmpty())
            value = p.quoted ? '"' + SecretRedactor::markerBytes() + '"' : SecretRedactor::markerBytes();
        parts.append(p.name + '=' + value);
    }
    *out = parts.join(", ");
    return true;
}

const QSet<QByteArray> &digestAllowed()
{
    // RFC 7616 §3.4: everything a reader needs to follow the exchange, nothing derived from the
    // password or chosen by the client to hash it.
    static const QSet<QByteArray> allowed = {
        "username", "username*", "realm", "uri", "algorithm", "qop", "nc", "nonce", "opaque",
        "userhash", "charset",
    };
    return allowed;
}

const QSet<QByteArray> &authenticationInfoAllowed()
{
    // RFC 7615 §3: rspauth proves the server knows the password; it is as sensitive as response.
    static const QSet<QByteArray> allowed = {"qop", "nc", "nextnonce"};
    return allowed;
}

const QSet<QByteArray> &knownSchemes()
{
    static const QSet<QByteArray> schemes = {
        "basic", "bearer", "digest", "negotiate", "ntlm", "hoba", "mutual", "scram-sha-1",
        "scram-sha-256", "vapid", "oauth", "dpop", "gnap", "privatetoken", "concealed",
        "aws4-hmac-sha256",
    };
    return schemes;
}

QByteArray redactCookiePair(const QByteArray &pair)
{
    const QByteArray trimmed = pair.trimmed();
    if (trimmed.isEmpty())
        return trimmed;
    const qsizetype eq = trimmed.indexOf('=');
    if (eq < 0)
        return SecretRedactor::markerBytes(); // a nameless cookie is all value
    if (trimmed.mid(eq + 1).trimmed().isEmpty())
        return trimmed;
    return trimmed.left(eq).trimmed() + '=' + SecretRedactor::markerBytes();
}

QByteArray redactLink(const QByteArray &value)
{
    // RFC 8288: Link: <uri-reference>; rel="next", ...
    QByteArray out;
    qsizetype pos = 0;
    while (true) {
        const qsizetype open = value.indexOf('<', pos);
        const qsizetype close = open < 0 ? -1 : value.indexOf('>', open);
        if (close < 0) {
            out.append(value.mid(pos));
            return out;
        }
        out.append(value.mid(pos, open + 1 - pos));
        out.append(SecretRedactor::redactUrlString(value.mid(open + 1, close - open - 1)));
        pos = close;
    }
}

// "a=1&token=x" as bytes, for queries and form bodies. A pair cut at the end of a truncated body
// is still redacted when its name is complete. Collects the values it redacts into secrets.
QByteArray redactPairs(const QByteArray &data, char separator, QList<QByteArray> *secrets)
{
    const QList<QByteArray> pairs = data.split(separator);
    QList<QByteArray> out;
    out.reserve(pairs.size());
    for (const QByteArray &pair : pairs) {
        const qsizetype eq = pair.indexOf('=');
        if (eq < 0) {
            out.append(pair);
            continue;
        }
        QByteArray name = pair.left(eq);
        const QString decodedName = QString::fromUtf8(QByteArray::fromPercentEncoding(name.replace('+', ' ')));
        const QByteArray value = pair.mid(eq + 1);
        if (value.isEmpty() || !SecretRedactor::isSecretName(decodedName)) {
            out.append(pair);
            continue;
        }
        if (secrets) {
            QByteArray decodedValue = value;
            decodedValue.replace('+', ' ');
            secrets->append(QByteArray::fromPercentEncoding(decodedValue));
            secrets->append(value);
        }
        out.append(pair.left(eq) + '=' + SecretRedactor::markerBytes());
    }
    return out.join(separator);
}

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

void addSecret(QList<QByteArray> *secrets, const QByteArray &value)
{
    const QByteArray v = value.trimmed();
    if (!v.isEmpty() && v != SecretRedactor::markerBytes())
        secrets->append(v);
}

// Cookie values are secrets only when they look like one: "lang=en" would otherwise blank out
// every "en" in a body.
constexpr int MinCookieSecretLength = 8;

void addCookieValue(QList<QByteArray> *secrets, const QByteArray &value)
{
    if (value.trimmed().size() >= MinCookieSecretLength)
        addSecret(secrets, value);
}

// The values of the parameters not allowed (as redactParams hides them); false when the list
// does not parse.
bool collectParams(const QByteArray &params, const QSet<QByteArray> &allowed, QList<QByteArray> *secrets)
{
    QList<AuthParam> list;
    if (!parseAuthParams(params, &list))
        return false;
    for (const AuthParam &p : std::as_const(list)) {
        if (!allowed.contains(p.name.toLower()))
            addSecret(secrets, unquote(p));
    }
    return true;
}

void collectAuthorization(const QByteArray &value, QList<QByteArray> *secrets)
{
    const QByteArray v = value.trimmed();
    qsizetype space = 0;
    while (space < v.size() && !isWhitespace(v.at(space)))
        ++space;
    if (space >= v.size()) {
        if (!knownSchemes().contains(v.toLower()))
            addSecret(secrets, v);
        return;
    }
    const QByteArray scheme = v.left(space).toLower();
    const QByteArray credentials = v.mid(space).trimmed();
    if (scheme == "digest" && collectParams(credentials, digestAllowed(), secrets))
        return;
    addSecret(secrets, credentials);
    if (scheme == "basic") {
        const auto decoded = QByteArray::fromBase64Encoding(credentials, QByteArray::AbortOnBase64DecodingErrors);
        if (decoded) {
            addSecret(secrets, decoded.decoded);
            const qsizetype colon = decoded.decoded.indexOf(':');
            if (colon >= 0)
                addSecret(secrets, decoded.decoded.mid(colon + 1));
        }
    }
}

void collectUrl(const QUrl &url, QList<QByteArray> *secrets)
{
    if (!url.password().isEmpty()) {
        addSecret(secrets, url.password().toUtf8());
        addSecret(secrets, url.password(QUrl::FullyEncoded).toUtf8());
    }
    redactPairs(url.query(QUrl::FullyEncoded).toUtf8(), '&', secrets);
    redactPairs(url.fragment(QUrl::FullyEncoded).toUtf8(), '&', secrets);
}

void collectHeaders(const HeaderList &headers, QList<QByteArray> *secrets)
{
    for (const HeaderField &f : headers) {
        const QByteArray name = f.name.toLower();
        if (name == "authorization" || name == "proxy-authorization") {
            collectAuthorization(f.value, secrets);
        } else if (name == "authentication-info" || name == "proxy-authentication-info") {
            if (!collectParams(f.value.trimmed(), authenticationInfoAllowed(), secrets))
                addSecret(secrets, f.value.trimmed());
        } else if (name == "cookie") {
            for (const QByteArray &pair : f.value.split(';')) {
                const qsizetype eq = pair.indexOf('=');
                addCookieValue(secrets, eq < 0 ? pair : pair.mid(eq + 1));
            }
        } else if (name == "set-cookie" || name == "set-cookie2") {
            for (const QByteArray &line : f.value.split('\n')) {
                const QByteArray pair = line.left(line.indexOf(';') < 0 ? line.size() : line.indexOf(';'));
                const qsizetype eq = pair.indexOf('=');
                addCookieValue(secrets, eq < 0 ? pair : pair.mid(eq + 1));
            }
        } else if (name == "location" || name == "content-location" || name == "referer") {
            collectUrl(QUrl(QString::fromUtf8(f.value.trimmed())), secrets);
        } else if (SecretRedactor::isSecretName(f.name)) {
            addSecret(secrets, f.value);
        }
    }
}

void collectBody(const QByteArray &body, const QByteArray &contentType, bool truncated,
                 QList<QByteArray> *secrets)
{
    if (body.isEmpty())
        return;
    if (SecretRedactor::isJsonType(contentType)) {
        const JsonBodyRedactor::Result r = JsonBodyRedactor::redact(body, truncated);
        for (const QByteArray &s : r.secrets)
            addSecret(secrets, s);
    } else if (SecretRedactor::isFormType(contentType)) {
        QList<QByteArray> found;
        redactPairs(body, '&', &found);
        for (const QByteArray &s : std::as_const(found))
            addSecret(secrets, s);
    }
}

QByteArray contentTypeOf(const HeaderList &headers)
{
    return headers.value(QByteArrayLiteral("Content-Type"));
}

} // namespace

bool SecretRedactor::isSecretName(const QString &name)
{
    return isSecretNormalizedName(normalizedName(name));
}

QByteArray SecretRedactor::redactHeaderValue(const QByteArray &name, const QByteArray &value)
{
    const QByteArray n = name.trimmed().toLower();
    if (n == "authorization" || n == "proxy-authorization")
        return redactAuthorization(value);
    if (n == "authentication-info" || n == "proxy-authentication-info")
        return redactAuthenticationInfo(value);
    if (n == "cookie")
        return redactCookieHeader(value);
    if (n == "set-cookie" || n == "set-cookie2")
        return redactSetCookie(value);
    if (n == "location" || n == "content-location" || n == "referer")
        return redactUrlString(value);
    if (n == "link")
        return redactLink(value);
    if (!value.trimmed().isEmpty() && isSecretName(name))
        return markerBytes();
    return value;
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
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return value;
    qsizetype space = 0;
    while (space < v.size() && !isWhitespace(v.at(space)))
        ++space;
    if (space >= v.size()) {
        // "Negotiate" alone carries nothing; anything else without a scheme is a raw token.
        return knownSchemes().contains(v.toLower()) ? v : markerBytes();
    }
    const QByteArray scheme = v.left(space);
    const QByteArray credentials = v.mid(space).trimmed();
    if (scheme.compare("digest", Qt::CaseInsensitive) == 0) {
        QByteArray params;
        if (redactParams(credentials, digestAllowed(), &params))
            return scheme + ' ' + params;
    }
    return scheme + ' ' + markerBytes();
}

QByteArray SecretRedactor::redactAuthenticationInfo(const QByteArray &value)
{
    if (value.trimmed().isEmpty())
        return value;
    QByteArray params;
    if (redactParams(value.trimmed(), authenticationInfoAllowed(), &params))
        return params;
    return markerBytes();
}

QByteArray SecretRedactor::redactCookieHeader(const QByteArray &value)
{
    if (value.trimmed().isEmpty())
        return value;
    QList<QByteArray> pairs;
    for (const QByteArray &pair : value.split(';')) {
        const QByteArray redacted = redactCookiePair(pair);
        if (!redacted.isEmpty())
            pairs.append(redacted);
    }
    return pairs.join("; ");
}

QByteArray SecretRedactor::redactSetCookie(const QByteArray &value)
{
    // Qt joins repeated Set-Cookie fields with '\n'; each line is one cookie.
    QList<QByteArray> lines;
    for (const QByteArray &line : value.split('\n')) {
        const qsizetype semicolon = line.indexOf(';');
        if (semicolon < 0)
            lines.append(redactCookiePair(line));
        else
            lines.append(redactCookiePair(line.left(semicolon)) + line.mid(semicolon));
    }
    return lines.join('\n');
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
    if (url.isEmpty())
        return QString();
    QUrl base = url;
    base.setQuery(QString());
    base.setFragment(QString());
    const bool hasPassword = !url.password().isEmpty();
    if (hasPassword)
        base.setUserInfo(QString());
    QString out = base.toString(QUrl::FullyEncoded);
    if (hasPassword) {
        const qsizetype slashes = out.indexOf(QLatin1String("//"));
        if (slashes >= 0)
            out.insert(slashes + 2, url.userName(QUrl::FullyEncoded) + u':' + marker() + u'@');
    }
    if (url.hasQuery())
        out += u'?' + redactQuery(url.query(QUrl::FullyEncoded));
    if (url.hasFragment())
        out += u'#' + redactQuery(url.fragment(QUrl::FullyEncoded));
    return out;
}

QByteArray SecretRedactor::redactUrlString(const QByteArray &url)
{
    const QByteArray trimmed = url.trimmed();
    if (trimmed.isEmpty())
        return url;
    const QUrl parsed(QString::fromUtf8(trimmed), QUrl::TolerantMode);
    if (!parsed.isValid())
        return url;
    const QString redacted = redactUrl(parsed);
    // Nothing secret: keep the value exactly as it was rather than Qt's normalized spelling.
    if (redacted == parsed.toString(QUrl::FullyEncoded))
        return url;
    return redacted.toUtf8();
}

QString SecretRedactor::redactQuery(const QString &query)
{
    return QString::fromUtf8(redactPairs(query.toUtf8(), '&', nullptr));
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
        result.data = redactPairs(body, '&', nullptr);
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
    QList<QByteArray> secrets;
    const HttpRequest &request = exchange.request;
    const RequestCredentials &credentials = request.credentials;
    if (!credentials.password.isEmpty()) {
        addSecret(&secrets, credentials.password);
        addSecret(&secrets, credentials.user.toUtf8() + ':' + credentials.password);
    }
    // An API key may travel under any name, so its value is hunted for wherever it shows.
    addSecret(&secrets, credentials.token);
    addSecret(&secrets, credentials.apiKeyValue);
    collectUrl(request.url, &secrets);
    collectHeaders(request.headers, &secrets);
    if (request.body.kind() == RequestBody::Kind::Form) {
        for (const auto &field : request.body.formFields()) {
            if (isSecretName(field.first))
                addSecret(&secrets, field.second.toUtf8());
        }
    } else {
        collectBody(request.body.data(), request.body.contentType(), false, &secrets);
    }

    for (const Leg &leg : exchange.legs) {
        collectUrl(leg.url, &secrets);
        collectHeaders(leg.requestHeaders, &secrets);
        collectHeaders(leg.responseHeaders, &secrets);
        for (const QNetworkCookie &c : leg.cookiesSent)
            addCookieValue(&secrets, c.value());
        for (const QNetworkCookie &c : leg.cookiesSet)
            addCookieValue(&secrets, c.value());
        collectBody(leg.requestBody, contentTypeOf(leg.requestHeaders),
                    leg.requestBody.size() < leg.requestBodySize, &secrets);
    }
    std::sort(secrets.begin(), secrets.end());
    secrets.erase(std::unique(secrets.begin(), secrets.end()), secrets.end());
    return secrets;
}

QList<QByteArray> SecretRedactor::knownSecrets(const QList<Exchange> &exchanges)
{
    QList<QByteArray> secrets;
    for (const Exchange &e : exchanges)
        secrets.append(knownSecrets(e));
    std::sort(secrets.begin(), secrets.end());
    secrets.erase(std::unique(secrets.begin(), secrets.end()), secrets.end());
    return secrets;
}
