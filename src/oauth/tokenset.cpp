#include "tokenset.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace {

void wipeBytes(QByteArray &bytes)
{
    if (!bytes.isDetached()) { // another owner holds these bytes: it wipes them
        bytes.clear();
        return;
    }
    bytes.fill('\0');
    bytes.clear();
}

} // namespace

bool TokenSet::isExpired(const QDateTime &nowUtc) const
{
    return expiresAt.isValid() && nowUtc.addSecs(SkewSeconds) >= expiresAt;
}

QByteArray TokenSet::serialize() const
{
    QJsonObject json;
    json.insert(QStringLiteral("access_token"), QString::fromLatin1(accessToken));
    if (!refreshToken.isEmpty())
        json.insert(QStringLiteral("refresh_token"), QString::fromLatin1(refreshToken));
    if (!idToken.isEmpty())
        json.insert(QStringLiteral("id_token"), QString::fromLatin1(idToken));
    json.insert(QStringLiteral("token_type"), QString::fromLatin1(tokenType));
    if (!scope.isEmpty())
        json.insert(QStringLiteral("scope"), scope);
    if (obtainedAt.isValid())
        json.insert(QStringLiteral("obtained_at"), obtainedAt.toSecsSinceEpoch());
    if (expiresAt.isValid())
        json.insert(QStringLiteral("expires_at"), expiresAt.toSecsSinceEpoch());
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

std::optional<TokenSet> TokenSet::deserialize(const QByteArray &data, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (!document.isObject()) {
        if (error)
            *error = QStringLiteral("The stored tokens are not a JSON object (%1)").arg(parseError.errorString());
        return std::nullopt;
    }
    const QJsonObject json = document.object();
    TokenSet tokens;
    tokens.accessToken = json.value(QStringLiteral("access_token")).toString().toLatin1();
    tokens.refreshToken = json.value(QStringLiteral("refresh_token")).toString().toLatin1();
    tokens.idToken = json.value(QStringLiteral("id_token")).toString().toLatin1();
    tokens.tokenType = json.value(QStringLiteral("token_type")).toString(QStringLiteral("Bearer")).toLatin1();
    tokens.scope = json.value(QStringLiteral("scope")).toString();
    if (json.contains(QStringLiteral("obtained_at")))
        tokens.obtainedAt = QDateTime::fromSecsSinceEpoch(json.value(QStringLiteral("obtained_at")).toInteger(), Qt::UTC);
    if (json.contains(QStringLiteral("expires_at")))
        tokens.expiresAt = QDateTime::fromSecsSinceEpoch(json.value(QStringLiteral("expires_at")).toInteger(), Qt::UTC);
    if (tokens.isEmpty()) {
        if (error)
            *error = QStringLiteral("The stored tokens hold neither an access token nor a refresh token");
        return std::nullopt;
    }
    return tokens;
}

void TokenSet::wipe()
{
    wipeBytes(accessToken);
    wipeBytes(refreshToken);
    wipeBytes(idToken);
}
