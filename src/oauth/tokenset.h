#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

// The tokens a profile holds. Secret: kept in the keychain as one entry (serialize()), wiped
// when dropped, never logged.
struct TokenSet
{
    QByteArray accessToken;
    QByteArray refreshToken;
    QByteArray idToken;
    QByteArray tokenType = QByteArrayLiteral("Bearer");
    QString scope;
    QDateTime obtainedAt;   // UTC
    // UTC, from expires_in at obtainedAt, else from the access token's JWT exp; invalid: unknown.
    QDateTime expiresAt;

    // Seconds before expiresAt at which a token counts as expired (clock skew, time in flight);
    // a short-lived token gets a quarter of its lifetime instead when that is less (a token that
    // lives 60 s is refreshed 15 s early, one that lives 2 s half a second early).
    static constexpr int SkewSeconds = 30;

    bool isEmpty() const { return accessToken.isEmpty() && refreshToken.isEmpty(); }
    bool hasRefreshToken() const { return !refreshToken.isEmpty(); }
    // The margin in milliseconds: SkewSeconds, or a quarter of the lifetime when obtainedAt is known.
    qint64 skewMs() const;
    // True only when the expiry is known and now + skewMs() has reached it.
    bool isExpired(const QDateTime &nowUtc) const;

    // Compact JSON for the keychain entry; deserialize() refuses anything else with an error.
    QByteArray serialize() const;
    static std::optional<TokenSet> deserialize(const QByteArray &data, QString *error);

    // Overwrites the secrets' bytes where this is their last copy, then drops them.
    void wipe();
};
