#include "secretparams.h"

#include "auth/challengeparser.h"
#include "core/httpgrammar.h"
#include "secretnames.h"
#include "secretredactor.h"

#include <QUrl>

namespace {

using Form = SecretNames::Form;
using Rewrite = SecretParams::Rewrite;
using HttpGrammar::isWhitespace;

void hideAlso(Rewrite *to, const Rewrite &from)
{
    to->hidden.append(from.hidden);
}

// The token68 of Basic is "user:password" in base64 (RFC 7617 §2): hide the decoded forms too.
void hideBasic(const QByteArray &token, QList<QByteArray> *hidden)
{
    const auto decoded = QByteArray::fromBase64Encoding(token, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return;
    hidden->append(decoded.decoded);
    const qsizetype colon = decoded.decoded.indexOf(':');
    if (colon >= 0)
        hidden->append(decoded.decoded.mid(colon + 1));
}

// "scheme [redacted]", hiding everything after the scheme.
Rewrite schemeAndMarker(const QByteArray &scheme, const QByteArray &rest)
{
    Rewrite r{scheme + ' ' + SecretRedactor::markerBytes(), {rest}};
    if (scheme.compare("basic", Qt::CaseInsensitive) == 0)
        hideBasic(rest, &r.hidden);
    return r;
}

// Rewrites each parameter value that isPublic() does not allow, joined as "a=1, b=2".
Rewrite rewriteParams(const QByteArray &source, const QList<ChallengeParser::ParamSpan> &params,
                      bool (*isPublic)(const QByteArray &))
{
    Rewrite r;
    QList<QByteArray> parts;
    for (const ChallengeParser::ParamSpan &p : params) {
        QByteArray raw = source.mid(p.valueStart, p.valueLength);
        if (!isPublic(p.name) && !p.value.isEmpty()) {
            raw = p.quoted ? '"' + SecretRedactor::markerBytes() + '"' : SecretRedactor::markerBytes();
            r.hidden.append(p.value);
        }
        parts.append(p.name + '=' + raw);
    }
    r.text = parts.join(", ");
    return r;
}

Rewrite cookiePair(const QByteArray &pair)
{
    const QByteArray trimmed = pair.trimmed();
    if (trimmed.isEmpty())
        return {trimmed, {}};
    const qsizetype eq = trimmed.indexOf('=');
    if (eq < 0)
        return {SecretRedactor::markerBytes(), {trimmed}}; // a nameless cookie is all value
    const QByteArray value = trimmed.mid(eq + 1).trimmed();
    if (value.isEmpty())
        return {trimmed, {}};
    return {trimmed.left(eq).trimmed() + '=' + SecretRedactor::markerBytes(), {value}};
}

} // namespace

SecretParams::Rewrite SecretParams::field(const QByteArray &name, const QByteArray &value)
{
    switch (SecretNames::formOf(name)) {
    case Form::Public:
        break;
    case Form::Credentials:
        return credentials(value);
    case Form::AuthParams:
        return authenticationInfo(value);
    case Form::CookiePairs:
        return cookiePairs(value);
    case Form::SetCookie:
        return setCookie(value);
    case Form::Url:
        return urlString(value);
    case Form::LinkUrls:
        return link(value);
    case Form::RefreshUrl:
        return refresh(value);
    case Form::Whole:
        if (!value.trimmed().isEmpty())
            return {SecretRedactor::markerBytes(), {value.trimmed()}};
        break;
    }
    return {value, {}};
}

SecretParams::Rewrite SecretParams::credentials(const QByteArray &value)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return {value, {}};
    const ChallengeParser::AuthParams parsed = ChallengeParser::parseCredentials(v);
    if (parsed.errors.isEmpty() && !parsed.scheme.isEmpty()) {
        const QByteArray rest = v.mid(parsed.scheme.size()).trimmed();
        if (!parsed.token68.isEmpty())
            return schemeAndMarker(parsed.scheme, parsed.token68);
        if (parsed.params.isEmpty()) {
            // "Negotiate" alone carries nothing; any other lone word is a raw token.
            if (SecretNames::isKnownScheme(parsed.scheme))
                return {v, {}};
            return {SecretRedactor::markerBytes(), {v}};
        }
        if (parsed.scheme.compare("digest", Qt::CaseInsensitive) == 0) {
            Rewrite r = rewriteParams(v, parsed.params, &SecretNames::isPublicDigestParam);
            r.text = parsed.scheme + ' ' + r.text;
            return r;
        }
        // Parameters of a scheme we do not know (AWS4-HMAC-SHA256 Credential=, Signature=): all
        // hidden, so each is hidden also where it is repeated alone.
        Rewrite r = schemeAndMarker(parsed.scheme, rest);
        for (const ChallengeParser::ParamSpan &p : parsed.params)
            r.hidden.append(p.value);
        return r;
    }
    // Does not parse: keep the first word as the scheme and hide the rest, and on its own each
    // parameter read around the broken parts (AWS writes "Credential=AKIA.../s3, Signature=...",
    // where '/' is not token text).
    qsizetype space = 0;
    while (space < v.size() && !isWhitespace(v.at(space)))
        ++space;
    if (space >= v.size())
        return {SecretRedactor::markerBytes(), {v}};
    Rewrite r = schemeAndMarker(v.left(space), v.mid(space).trimmed());
    for (const ChallengeParser::ParamSpan &p : parsed.params)
        r.hidden.append(p.value);
    return r;
}

SecretParams::Rewrite SecretParams::authenticationInfo(const QByteArray &value)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return {value, {}};
    const ChallengeParser::AuthParams parsed = ChallengeParser::parseParamList(v);
    if (!parsed.errors.isEmpty())
        return {SecretRedactor::markerBytes(), {v}};
    return rewriteParams(v, parsed.params, &SecretNames::isPublicAuthenticationInfoParam);
}

SecretParams::Rewrite SecretParams::cookiePairs(const QByteArray &value)
{
    if (value.trimmed().isEmpty())
        return {value, {}};
    Rewrite r;
    QList<QByteArray> pairs;
    for (const QByteArray &pair : value.split(';')) {
        const Rewrite p = cookiePair(pair);
        if (!p.text.isEmpty())
            pairs.append(p.text);
        hideAlso(&r, p);
    }
    r.text = pairs.join("; ");
    return r;
}

SecretParams::Rewrite SecretParams::setCookie(const QByteArray &value)
{
    // Qt joins repeated Set-Cookie fields with '\n'; each line is one cookie.
    Rewrite r;
    QList<QByteArray> lines;
    for (const QByteArray &line : value.split('\n')) {
        const qsizetype semicolon = line.indexOf(';');
        const Rewrite p = cookiePair(semicolon < 0 ? line : line.left(semicolon));
        lines.append(semicolon < 0 ? p.text : p.text + line.mid(semicolon));
        hideAlso(&r, p);
    }
    r.text = lines.join('\n');
    return r;
}

SecretParams::Rewrite SecretParams::url(const QUrl &url)
{
    if (url.isEmpty())
        return {};
    Rewrite r;
    QUrl base = url;
    base.setQuery(QString());
    base.setFragment(QString());
    const bool hasPassword = !url.password().isEmpty();
    if (hasPassword) {
        base.setUserInfo(QString());
        r.hidden.append(url.password().toUtf8());
        r.hidden.append(url.password(QUrl::FullyEncoded).toUtf8());
    }
    QString out = base.toString(QUrl::FullyEncoded);
    if (hasPassword) {
        const qsizetype slashes = out.indexOf(QLatin1String("//"));
        if (slashes >= 0)
            out.insert(slashes + 2, url.userName(QUrl::FullyEncoded) + u':' + SecretRedactor::marker() + u'@');
    }
    r.text = out.toUtf8();
    auto rewritePairs = [&r](char lead, const QString &part) {
        const Rewrite p = pairs(part.toUtf8(), '&');
        r.text += lead + p.text;
        hideAlso(&r, p);
    };
    if (url.hasQuery())
        rewritePairs('?', url.query(QUrl::FullyEncoded));
    // OAuth's implicit flow puts the token in the fragment.
    if (url.hasFragment())
        rewritePairs('#', url.fragment(QUrl::FullyEncoded));
    return r;
}

SecretParams::Rewrite SecretParams::urlString(const QByteArray &value)
{
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return {value, {}};
    const QUrl parsed(QString::fromUtf8(trimmed), QUrl::TolerantMode);
    if (!parsed.isValid())
        return {value, {}};
    Rewrite r = url(parsed);
    // Nothing secret: keep the value exactly as it was rather than Qt's normalized spelling.
    if (r.text == parsed.toString(QUrl::FullyEncoded).toUtf8())
        r.text = value;
    return r;
}

SecretParams::Rewrite SecretParams::link(const QByteArray &value)
{
    // RFC 8288: Link: <uri-reference>; rel="next", ...
    Rewrite r;
    qsizetype pos = 0;
    while (true) {
        const qsizetype open = value.indexOf('<', pos);
        const qsizetype close = open < 0 ? -1 : value.indexOf('>', open);
        if (close < 0) {
            r.text.append(value.mid(pos));
            return r;
        }
        const Rewrite u = urlString(value.mid(open + 1, close - open - 1));
        r.text.append(value.mid(pos, open + 1 - pos));
        r.text.append(u.text);
        hideAlso(&r, u);
        pos = close;
    }
}

SecretParams::Rewrite SecretParams::refresh(const QByteArray &value)
{
    // "5; url=https://..." or "0;URL='...'" (HTML's "refresh" pragma); a bare delay stays.
    qsizetype pos = value.indexOf(';');
    if (pos < 0)
        pos = value.indexOf(',');
    if (pos < 0)
        return {value, {}};
    ++pos;
    while (pos < value.size() && isWhitespace(value.at(pos)))
        ++pos;
    if (value.mid(pos, 3).compare("url", Qt::CaseInsensitive) == 0) {
        qsizetype eq = pos + 3;
        while (eq < value.size() && isWhitespace(value.at(eq)))
            ++eq;
        if (eq < value.size() && value.at(eq) == '=') {
            pos = eq + 1;
            while (pos < value.size() && isWhitespace(value.at(pos)))
                ++pos;
        }
    }
    qsizetype end = value.size();
    if (pos < end && (value.at(pos) == '\'' || value.at(pos) == '"')) {
        const qsizetype closing = value.indexOf(value.at(pos), pos + 1);
        ++pos;
        end = closing < 0 ? end : closing;
    }
    Rewrite r = urlString(value.mid(pos, end - pos));
    r.text = value.left(pos) + r.text + value.mid(end);
    return r;
}

SecretParams::Rewrite SecretParams::pairs(const QByteArray &data, char separator)
{
    Rewrite r;
    QList<QByteArray> out;
    const QList<QByteArray> list = data.split(separator);
    out.reserve(list.size());
    for (const QByteArray &pair : list) {
        const qsizetype eq = pair.indexOf('=');
        if (eq < 0) {
            out.append(pair);
            continue;
        }
        QByteArray name = pair.left(eq);
        const QString decodedName = QString::fromUtf8(QByteArray::fromPercentEncoding(name.replace('+', ' ')));
        const QByteArray value = pair.mid(eq + 1);
        if (value.isEmpty() || !SecretNames::isSecretName(decodedName)) {
            out.append(pair);
            continue;
        }
        QByteArray decodedValue = value;
        decodedValue.replace('+', ' ');
        r.hidden.append(QByteArray::fromPercentEncoding(decodedValue));
        r.hidden.append(value);
        out.append(pair.left(eq) + '=' + SecretRedactor::markerBytes());
    }
    r.text = out.join(separator);
    return r;
}
