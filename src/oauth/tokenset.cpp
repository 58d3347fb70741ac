#include "tokenset.h"

#include "core/secretbytes.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

qint64 TokenSet::skewMs() const
{
    const qint64 skew = qint64(SkewSeconds) * 1000;
    if (!obtainedAt.isValid() || !expiresAt.isValid())
        return skew;
    return std::clamp(obtainedAt.msecsTo(expiresAt) / 4, qint64(0), skew);
}

bool TokenSet::isExpired(const QDateTime &nowUtc) const
{
    return expiresAt.isValid() && nowUtc.addMSecs(skewMs()) >= expiresAt;
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
    // Seconds since the epoch with milliseconds, so a short-lived token's margin survives storing.
    if (obtainedAt.isValid())
        json.insert(QStringLiteral("obtained_at"), double(obtainedAt.toMSecsSinceEpoch()) / 1000);
    if (expiresAt.isValid())
        json.insert(QStringLiteral("expires_at"), double(expiresAt.toMSecsSinceEpoch()) / 1000);
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
    const auto readTime = [&json](const QString &name) {
        const QJsonValue value = json.value(name);
        return value.isDouble() ? QDateTime::fromMSecsSinceEpoch(qint64(std::llround(value.toDouble() * 1000)), Qt::UTC)
                                : QDateTime();
    };
    tokens.obtainedAt = readTime(QStringLiteral("obtained_at"));
    tokens.expiresAt = readTime(QStringLiteral("expires_at"));
    if (tokens.isEmpty()) {
        if (error)
            *error = QStringLiteral("The stored tokens hold neither an access token nor a refresh token");
        return std::nullopt;
    }
    return tokens;
}

void TokenSet::wipe()
{
    SecretBytes::wipe(accessToken);
    SecretBytes::wipe(refreshToken);
    SecretBytes::wipe(idToken);
}
