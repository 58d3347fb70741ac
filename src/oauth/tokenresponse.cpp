#include "tokenresponse.h"

#include "auth/jwt.h"

#include "core/displaytext.h"
#include "core/httpgrammar.h"
#include "http/leg.h"

#include <QJsonDocument>
#include <QJsonValue>

#include <cmath>

namespace {

// The server's words are shown, not trusted: cut and made safe for a terminal.
constexpr int MaxServerTextChars = 300;

QString serverText(const QString &text)
{
    const QString cut = text.size() > MaxServerTextChars ? text.left(MaxServerTextChars) + QStringLiteral("...") : text;
    return DisplayText::escaped(cut);
}

Status invalid(const QString &message)
{
    return Status(Status::Code::ProtocolError, NoteCode::TokenResponseInvalid, message);
}

// An optional string member; false when present with another type (null counts as absent).
bool optionalString(const QJsonObject &json, const QString &name, QString *out)
{
    const QJsonValue value = json.value(name);
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isString())
        return false;
    *out = value.toString();
    return true;
}

// RFC 6749 §5.1 says a number of seconds; some servers send it as a string of digits.
constexpr qint64 MaxExpiresInSeconds = qint64(100) * 365 * 24 * 3600;

bool readExpiresIn(const QJsonValue &value, qint64 *seconds)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (!std::isfinite(d) || d < 0 || d > double(MaxExpiresInSeconds))
            return false;
        *seconds = qint64(d);
        return true;
    }
    if (value.isString()) {
        const QString text = value.toString();
        bool ok = false;
        const qint64 n = text.toLongLong(&ok);
        if (!ok || n < 0 || n > MaxExpiresInSeconds || text.startsWith(u'+'))
            return false;
        *seconds = n;
        return true;
    }
    return false;
}

// The exp claim of a JWT access token (RFC 7519 §4.1.4), unverified: only a hint of the expiry.
// An opaque token or one without exp: invalid.
// A JWT access token's exp, read by Jwt; only a date in range (after the epoch, before the year
// 5138) counts, since a token is not rejected for a claim we merely use as a hint.
QDateTime jwtExpiry(const QByteArray &token)
{
    const Jwt jwt = Jwt::decode(token);
    const QDateTime exp = jwt.expiresAt();
    if (!jwt.isSigned() || !exp.isValid())
        return QDateTime();
    const qint64 seconds = exp.toSecsSinceEpoch();
    return seconds > 0 && seconds <= qint64(1e11) ? exp : QDateTime();
}

} // namespace

bool TokenResponse::parseError(const QJsonObject &json, QString *error, QString *description, QUrl *uri)
{
    const QJsonValue code = json.value(QStringLiteral("error"));
    if (!code.isString() || code.toString().isEmpty())
        return false;
    *error = code.toString();
    description->clear();
    optionalString(json, QStringLiteral("error_description"), description);
    QString uriText;
    if (optionalString(json, QStringLiteral("error_uri"), &uriText))
        *uri = QUrl(uriText, QUrl::StrictMode);
    return true;
}

QString TokenResponse::errorMessage(const QString &error, const QString &description)
{
    if (description.isEmpty())
        return serverText(error);
    return QStringLiteral("%1: %2").arg(serverText(error), serverText(description));
}

TokenResponse TokenResponse::fromLeg(const Leg &leg, const QDateTime &receivedAtUtc)
{
    if (!leg.hasResponse()) {
        TokenResponse response;
        response.m_status = leg.status.isOk()
            ? Status(Status::Code::ConnectionFailed, QStringLiteral("The token endpoint did not answer"))
            : leg.status;
        return response;
    }
    const qint64 size = leg.responseBody ? leg.responseBody->size() : 0;
    if (size > MaxBodyBytes) {
        TokenResponse response;
        response.m_status = invalid(QStringLiteral("The token endpoint's answer is %1 bytes, more than a token response "
                                                   "can be (%2 bytes at most)").arg(size).arg(MaxBodyBytes));
        return response;
    }
    return parse(leg.statusCode, leg.responseBody ? leg.responseBody->read() : QByteArray(), receivedAtUtc);
}

TokenResponse TokenResponse::parse(int httpStatus, const QByteArray &body, const QDateTime &receivedAtUtc)
{
    TokenResponse response;
    if (body.size() > MaxBodyBytes) {
        response.m_status = invalid(QStringLiteral("The token endpoint's answer is %1 bytes, more than a token response "
                                                   "can be (%2 bytes at most)").arg(body.size()).arg(MaxBodyBytes));
        return response;
    }
    QJsonParseError jsonError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &jsonError);
    if (!document.isObject()) {
        const QString what = body.trimmed().isEmpty() ? QStringLiteral("an empty body")
            : document.isNull() ? QStringLiteral("no JSON (%1 at offset %2)").arg(jsonError.errorString()).arg(jsonError.offset)
                                : QStringLiteral("JSON that is not an object");
        response.m_status = invalid(QStringLiteral("The token endpoint answered HTTP %1 with %2; a token response is a "
                                                   "JSON object (RFC 6749 §5.1)").arg(httpStatus).arg(what));
        return response;
    }
    const QJsonObject json = document.object();
    response.m_json = json;

    // RFC 6749 §5.2: an error object, usually with 400 or 401; some servers send it with 200.
    if (parseError(json, &response.m_error, &response.m_errorDescription, &response.m_errorUri)) {
        response.m_status = Status(Status::Code::AuthenticationFailed, NoteCode::TokenEndpointError,
                                   QStringLiteral("The token endpoint refused (HTTP %1): %2")
                                       .arg(httpStatus).arg(errorMessage(response.m_error, response.m_errorDescription)));
        return response;
    }
    if (httpStatus < 200 || httpStatus > 299) {
        response.m_status = invalid(QStringLiteral("The token endpoint answered HTTP %1 with JSON that is not an OAuth "
                                                   "error object (no \"error\")").arg(httpStatus));
        return response;
    }

    const QJsonValue access = json.value(QStringLiteral("access_token"));
    if (!access.isString() || access.toString().isEmpty()) {
        response.m_status = invalid(access.isUndefined()
            ? QStringLiteral("The token response has no access_token")
            : QStringLiteral("The token response's access_token is not a non-empty string"));
        return response;
    }
    const QByteArray accessToken = access.toString().toUtf8();
    // RFC 6750 §2.1: it is sent as "Bearer <b64token>"; anything else would break the request.
    if (!HttpGrammar::isB64Token(accessToken)) {
        response.m_status = invalid(QStringLiteral("The token response's access_token has a character a Bearer token "
                                                   "cannot carry (RFC 6750 §2.1: space, quote or control)"));
        return response;
    }
    const QJsonValue type = json.value(QStringLiteral("token_type"));
    if (!type.isString()) {
        response.m_status = invalid(QStringLiteral("The token response has no token_type (RFC 6749 §5.1 requires it)"));
        return response;
    }
    // RFC 6749 §5.1: case-insensitive; only Bearer is sent (RFC 6750).
    if (type.toString().compare(QStringLiteral("bearer"), Qt::CaseInsensitive) != 0) {
        response.m_status = invalid(QStringLiteral("The token response's token_type is \"%1\"; only Bearer tokens can be "
                                                   "sent (RFC 6750)").arg(serverText(type.toString())));
        return response;
    }

    TokenSet tokens;
    tokens.accessToken = accessToken;
    tokens.tokenType = QByteArrayLiteral("Bearer");
    tokens.obtainedAt = receivedAtUtc.toUTC();
    QString refreshToken;
    QString idToken;
    QString scope;
    if (!optionalString(json, QStringLiteral("refresh_token"), &refreshToken)
        || !optionalString(json, QStringLiteral("id_token"), &idToken)
        || !optionalString(json, QStringLiteral("scope"), &scope)) {
        tokens.wipe();
        response.m_status = invalid(QStringLiteral("The token response's refresh_token, id_token or scope is not a string"));
        return response;
    }
    tokens.refreshToken = refreshToken.toUtf8();
    tokens.idToken = idToken.toUtf8();
    tokens.scope = scope;

    const QJsonValue expiresIn = json.value(QStringLiteral("expires_in"));
    if (!expiresIn.isUndefined() && !expiresIn.isNull()) {
        qint64 seconds = 0;
        if (!readExpiresIn(expiresIn, &seconds)) {
            tokens.wipe();
            response.m_status = invalid(QStringLiteral("The token response's expires_in is not a number of seconds"));
            return response;
        }
        tokens.expiresAt = tokens.obtainedAt.addSecs(seconds);
    } else {
        // No expires_in: the access token's own exp claim, when it is a JWT that has one.
        tokens.expiresAt = jwtExpiry(accessToken);
    }
    response.m_tokens = tokens;
    return response;
}
