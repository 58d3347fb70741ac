#include "httprequest.h"

#include "core/httpgrammar.h"
#include "httpurl.h"

#include <algorithm>

using HttpGrammar::hasLineBreak;
using HttpGrammar::isToken;

bool HttpRequest::validate(QString *error) const
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    switch (HttpUrl::check(url)) {
    case HttpUrl::Problem::None: break;
    case HttpUrl::Problem::Malformed:
        return fail(QStringLiteral("malformed URL: %1").arg(url.errorString()));
    case HttpUrl::Problem::UnsupportedScheme:
        return fail(QStringLiteral("unsupported URL scheme \"%1\" (use http or https)").arg(url.scheme()));
    case HttpUrl::Problem::NoHost:
        return fail(QStringLiteral("URL has no host: %1").arg(url.toDisplayString()));
    }
    if (!isToken(method))
        return fail(QStringLiteral("method \"%1\" is not a valid token").arg(QString::fromUtf8(method)));
    const auto typed = std::count_if(headers.begin(), headers.end(), [](const HeaderField &f) {
        return f.source == HeaderField::Source::User;
    });
    if (typed > MaxHeaderFields)
        return fail(QStringLiteral("%1 header fields; at most %2 are sent (servers refuse far fewer)")
                            .arg(typed)
                            .arg(MaxHeaderFields));
    for (const HeaderField &f : headers) {
        if (!isToken(f.name))
            return fail(QStringLiteral("header name \"%1\" is not a valid token").arg(QString::fromUtf8(f.name)));
        if (hasLineBreak(f.value))
            return fail(QStringLiteral("header \"%1\" has a line break in its value").arg(QString::fromUtf8(f.name)));
        // The user's own fields; a server's cookie echoed back is the engine's to judge.
        const qsizetype at = f.source == HeaderField::Source::User ? HttpGrammar::firstControlByte(f.value) : -1;
        if (at >= 0)
            return fail(QStringLiteral("header \"%1\" has a control byte (0x%2) in its value at byte %3")
                                .arg(QString::fromUtf8(f.name))
                                .arg(uint(uchar(f.value.at(at))), 2, 16, QChar(u'0'))
                                .arg(at + 1));
    }
    // Credentials become header fields and query parameters: nothing in them may break a line.
    if (credentials.hasToken() && !HttpGrammar::isB64Token(credentials.token))
        return fail(QStringLiteral("the bearer token has a character RFC 6750 does not allow (space, quote or control)"));
    if (credentials.hasApiKey() && !credentials.apiKeyInQuery && !isToken(credentials.apiKeyName))
        return fail(QStringLiteral("the API key name \"%1\" is not a valid header name").arg(QString::fromUtf8(credentials.apiKeyName)));
    if (hasLineBreak(credentials.apiKeyValue) || hasLineBreak(credentials.apiKeyName))
        return fail(QStringLiteral("the API key has a line break or NUL in it"));
    if (credentials.user.contains(u':'))
        return fail(QStringLiteral("a user name for Basic authentication cannot contain ':' (RFC 7617)"));
    if (body.kind() == RequestBody::Kind::File && body.size() < 0)
        return fail(QStringLiteral("cannot read body file %1").arg(body.filePath()));
    if (options.maxRedirects < 0)
        return fail(QStringLiteral("the redirect limit cannot be negative"));
    if (options.timeoutMs < 0)
        return fail(QStringLiteral("the time limit cannot be negative"));
    return true;
}

void RequestCredentials::wipeSecrets()
{
    for (QByteArray *secret : {&password, &token, &apiKeyValue}) {
        if (!secret->isEmpty() && secret->isDetached())
            secret->fill('\0');
        *secret = QByteArray();
    }
}
