#include "bearerlab.h"

#include "labtokenminter.h"

#include <QJsonObject>

namespace {

const QString kApi = QStringLiteral("/bearer/api");
const QString kAdmin = QStringLiteral("/bearer/api/admin");
const QString kToken = QStringLiteral("/bearer/token");

QDateTime at(qint64 secondsSinceEpoch)
{
    return QDateTime::fromSecsSinceEpoch(secondsSinceEpoch, Qt::UTC);
}

constexpr qint64 Year2024 = 1704067200;
constexpr qint64 Year2026 = 1767225600;
constexpr qint64 Year2100 = 4102444800;

// RFC 6750 §3: the realm, then the error and its description when a token came.
QByteArray challenge(const QByteArray &error = QByteArray(), const QByteArray &description = QByteArray(),
                     const QByteArray &scope = QByteArray())
{
    QByteArray value = "Bearer realm=\"lab-api\"";
    if (!error.isEmpty())
        value += ", error=\"" + error + '"';
    if (!description.isEmpty())
        value += ", error_description=\"" + description + '"';
    if (!scope.isEmpty())
        value += ", scope=\"" + scope + '"';
    return value;
}

LabResponse refused(int status, const QByteArray &wwwAuthenticate, const QString &body)
{
    LabResponse response = LabResponse::text(status, body);
    response.setHeader("WWW-Authenticate", wwwAuthenticate);
    return response;
}

QString scenarioLesson(const char *text)
{
    return QString::fromUtf8(text);
}

} // namespace

BearerLab::BearerLab() = default;
BearerLab::~BearerLab() = default;

QByteArray BearerLab::validToken()
{
    return LabTokenMinter::mint(LabTokenMinter::claims(QStringLiteral("alice"), QStringLiteral("read"), at(Year2026), at(Year2100)));
}

QByteArray BearerLab::expiredToken()
{
    return LabTokenMinter::mint(
        LabTokenMinter::claims(QStringLiteral("alice"), QStringLiteral("read"), at(Year2024), at(Year2024 + 3600)));
}

QByteArray BearerLab::otherAudienceToken()
{
    return LabTokenMinter::mint(LabTokenMinter::claims(QStringLiteral("alice"), QStringLiteral("read"), at(Year2026),
                                                       at(Year2100), QStringLiteral("billing-api")));
}

QByteArray BearerLab::notYetValidToken()
{
    return LabTokenMinter::mint(LabTokenMinter::claims(QStringLiteral("alice"), QStringLiteral("read"), at(Year2100),
                                                       at(Year2100 + 3600), LabTokenMinter::audience(), at(Year2100)));
}

QList<LabScenario> BearerLab::scenarios() const
{
    const QString group = QStringLiteral("Bearer");
    auto bearer = [](const QByteArray &token) { return QStringList{QStringLiteral("--oauth2-bearer"), QString::fromLatin1(token)}; };
    const QString tokens = QStringLiteral("JWTs signed with HS256 under the lab's demo key \"%1\"")
                               .arg(QString::fromLatin1(LabTokenMinter::demoKey()));
    QList<LabScenario> list;
    list.append({QStringLiteral("bearer-valid"), kApi, group, QStringLiteral("Bearer: a valid token"),
                 scenarioLesson("A JWT in the Authorization field as \"Bearer TOKEN\" (RFC 6750 §2.1) opens /bearer/api: one "
                                "leg, 200. Open the token inspector to read its claims (iss, sub, aud lab-api, scope read, "
                                "exp in 2100). The lab signs its tokens with HS256 under the demo key \"%1\" (signed, not "
                                "unsigned: a token edited by hand is refused, as by a real server). Fresh tokens come from "
                                "/bearer/token?ttl=SECONDS.").arg(QString::fromLatin1(LabTokenMinter::demoKey())),
                 tokens, QString(), bearer(validToken()), 200});
    list.append({QStringLiteral("bearer-expired"), kApi, group, QStringLiteral("Bearer: an expired token"),
                 scenarioLesson("The token's exp claim (RFC 7519 §4.1.4) lies in 2024: the resource answers 401 with "
                                "WWW-Authenticate: Bearer error=\"invalid_token\" (RFC 6750 §3.1). AuthScope reads exp "
                                "against the response's Date and says token-expired. To watch a token expire, fetch one "
                                "from /bearer/token?ttl=5 and send it to /bearer/api before and after five seconds."),
                 tokens, QStringLiteral("token-expired"), bearer(expiredToken()), 210});
    list.append({QStringLiteral("bearer-wrong-audience"), kApi, group, QStringLiteral("Bearer: token for another audience"),
                 scenarioLesson("A valid, signed, unexpired token, issued for \"billing-api\": its aud claim (RFC 7519 "
                                "§4.1.3) does not name this resource (lab-api), so the resource refuses it as "
                                "invalid_token. Compare aud in the token inspector with the error_description."),
                 tokens, QStringLiteral("invalid-token"), bearer(otherAudienceToken()), 220});
    list.append({QStringLiteral("bearer-insufficient-scope"), kAdmin, group, QStringLiteral("Bearer: insufficient scope"),
                 scenarioLesson("The token is valid but carries scope \"read\", and /bearer/api/admin needs \"admin\": "
                                "403 with Bearer error=\"insufficient_scope\", scope=\"admin\" (RFC 6750 §3.1). Sending "
                                "the same token again will not help; a token with the scope will."),
                 tokens, QStringLiteral("insufficient-scope"), bearer(validToken()), 230});
    list.append({QStringLiteral("bearer-clock-skew"), kApi, group, QStringLiteral("Bearer: nbf in the future (clock skew)"),
                 scenarioLesson("The token's nbf (not before, RFC 7519 §4.1.5) lies in 2100, far ahead of the server's "
                                "Date: as if the issuer's clock ran ahead of the resource's. AuthScope compares nbf with "
                                "the Date header and says clock-skew. /bearer/token?nbf=120 mints a live one that becomes "
                                "valid in two minutes."),
                 tokens, QStringLiteral("clock-skew"), bearer(notYetValidToken()), 240});
    list.append({QStringLiteral("bearer-token-scheme"), kApi, group, QStringLiteral("Bearer: \"Token\" instead of \"Bearer\""),
                 scenarioLesson("A valid token sent as \"Authorization: Token ...\" (a habit of some APIs): the resource "
                                "asks for Bearer (RFC 6750 §2.1) and reads no token, so its challenge has no error "
                                "(§3.1). AuthScope says wrong-scheme: the scheme sent is not one the server asked for."),
                 tokens, QStringLiteral("wrong-scheme"),
                 {QStringLiteral("-H"), QStringLiteral("Authorization: Token ") + QString::fromLatin1(validToken())}, 250});
    list.append({QStringLiteral("bearer-live-token"), QStringLiteral("/bearer/token?ttl=5"), group,
                 QStringLiteral("Bearer: a token that lives five seconds"),
                 scenarioLesson("The lab mints a token that expires five seconds from now (expires_in 5, RFC 6749 §5.1). "
                                "Send it to /bearer/api at once (200), then again after five seconds: 401 invalid_token, "
                                "token-expired. Query parameters: ttl (seconds), scope, aud, nbf (seconds from now)."),
                 tokens, QString(), {}, -1});
    return list;
}

bool BearerLab::authorize(const LabRequest &request, const QString &requiredScope, LabResponse *refusal, const QDateTime &now)
{
    const QByteArray authorization = request.header("Authorization");
    const qsizetype space = authorization.indexOf(' ');
    const QByteArray scheme = authorization.left(space);
    // §3.1: a request without a token gets the challenge without an error code.
    if (authorization.isEmpty() || space < 0 || scheme.compare("Bearer", Qt::CaseInsensitive) != 0) {
        *refusal = refused(401, challenge(),
                           authorization.isEmpty() ? QStringLiteral("No token: send Authorization: Bearer TOKEN.\n")
                                                   : QStringLiteral("No Bearer token: this resource reads only Authorization: Bearer TOKEN.\n"));
        return false;
    }
    QJsonObject claims;
    switch (LabTokenMinter::check(authorization.mid(space + 1).trimmed(), LabTokenMinter::audience(), now, &claims)) {
    case LabTokenMinter::Verdict::Valid: break;
    case LabTokenMinter::Verdict::Malformed:
        *refusal = refused(401, challenge("invalid_token", "The token is not a JWT"), QStringLiteral("The token is not a JWT.\n"));
        return false;
    case LabTokenMinter::Verdict::BadSignature:
        *refusal = refused(401, challenge("invalid_token", "The signature does not verify"),
                           QStringLiteral("The token's signature does not verify with the lab's key.\n"));
        return false;
    case LabTokenMinter::Verdict::Expired:
        *refusal = refused(401, challenge("invalid_token", "The access token expired"), QStringLiteral("The token expired.\n"));
        return false;
    case LabTokenMinter::Verdict::NotYetValid:
        *refusal = refused(401, challenge("invalid_token", "The access token is not valid yet (nbf)"),
                           QStringLiteral("The token is not valid yet (nbf).\n"));
        return false;
    case LabTokenMinter::Verdict::WrongAudience:
        *refusal = refused(401, challenge("invalid_token", "The access token is meant for another audience"),
                           QStringLiteral("The token's aud does not name lab-api.\n"));
        return false;
    }
    const QStringList scopes = claims.value(QStringLiteral("scope")).toString().split(u' ', Qt::SkipEmptyParts);
    if (!requiredScope.isEmpty() && !scopes.contains(requiredScope)) {
        *refusal = refused(403, challenge("insufficient_scope", "This resource needs scope " + requiredScope.toUtf8(), requiredScope.toUtf8()),
                           QStringLiteral("The token lacks scope %1.\n").arg(requiredScope));
        return false;
    }
    return true;
}

bool BearerLab::respond(const LabRequest &request, LabResponse *response)
{
    if (request.viaProxy)
        return false;
    const QString path = request.path();
    // Whole seconds, as JWT claims hold them: a token of ttl N lives N seconds, not N minus a fraction.
    const QDateTime now = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC);
    if (path == kToken) {
        const QUrlQuery query = request.query();
        const int ttl = request.queryNumber(QStringLiteral("ttl"), 300, 1, 86400);
        const int notBefore = request.queryNumber(QStringLiteral("nbf"), 0, -86400, 86400);
        const QString scope = query.hasQueryItem(QStringLiteral("scope")) ? query.queryItemValue(QStringLiteral("scope"), QUrl::FullyDecoded)
                                                                          : QStringLiteral("read");
        const QString audience = query.hasQueryItem(QStringLiteral("aud")) ? query.queryItemValue(QStringLiteral("aud"), QUrl::FullyDecoded)
                                                                           : LabTokenMinter::audience();
        const QByteArray token = LabTokenMinter::mint(LabTokenMinter::claims(
            QStringLiteral("alice"), scope, now, now.addSecs(ttl), audience, notBefore != 0 ? now.addSecs(notBefore) : QDateTime()));
        *response = LabResponse::json(200, {{QStringLiteral("access_token"), QString::fromLatin1(token)},
                                            {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                                            {QStringLiteral("expires_in"), ttl},
                                            {QStringLiteral("scope"), scope}});
        response->setHeader("Cache-Control", "no-store"); // RFC 6749 §5.1
        return true;
    }
    if (path != kApi && path != kAdmin)
        return false;
    if (!authorize(request, path == kAdmin ? QStringLiteral("admin") : QStringLiteral("read"), response, now))
        return true;
    *response = LabResponse::json(200, {{QStringLiteral("resource"), path},
                                        {QStringLiteral("message"), QStringLiteral("The token was accepted.")}});
    return true;
}
