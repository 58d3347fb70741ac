#include "jwt.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

#include <cmath>

namespace {

bool isBase64UrlChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// RFC 7515 §2: base64url without padding. Returns the offset (in segment) of the first bad
// character, or -1 with *out filled.
int decodeBase64Url(const QByteArray &segment, QByteArray *out)
{
    for (int i = 0; i < segment.size(); ++i) {
        if (!isBase64UrlChar(segment.at(i)))
            return i;
    }
    if (segment.size() % 4 == 1)
        return segment.size() - 1; // a lone sextet cannot end a base64 encoding
    *out = QByteArray::fromBase64(segment, QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return -1;
}

} // namespace

Jwt Jwt::decode(const QByteArray &token)
{
    Jwt jwt;
    const QList<QByteArray> parts = token.split('.');
    if (token.isEmpty() || parts.size() == 1) {
        jwt.m_kind = Kind::Opaque;
        return jwt;
    }
    if (parts.size() == 5) { // RFC 7516 §7.1: header.key.iv.ciphertext.tag
        jwt.m_kind = Kind::Encrypted;
        return jwt;
    }
    if (parts.size() != 3) {
        jwt.fail(QStringLiteral("a JWS has 3 parts separated by '.', this token has %1").arg(parts.size()),
                 int(token.indexOf('.')));
        return jwt;
    }

    const char *const names[] = {"header", "payload", "signature"};
    QByteArray decoded[3];
    int offset = 0;
    for (int i = 0; i < 3; ++i) {
        const int bad = decodeBase64Url(parts.at(i), &decoded[i]);
        if (bad >= 0) {
            jwt.fail(QStringLiteral("the %1 is not base64url (RFC 7515 §2)").arg(QLatin1String(names[i])), offset + bad);
            return jwt;
        }
        if (i < 2 && parts.at(i).isEmpty()) {
            jwt.fail(QStringLiteral("the %1 is empty").arg(QLatin1String(names[i])), offset);
            return jwt;
        }
        offset += int(parts.at(i).size()) + 1;
    }

    // Both JSON parts must be objects; a parse error's offset is in decoded bytes, so its place
    // in the token is about 4/3 of it from the part's start.
    offset = 0;
    QJsonObject objects[2];
    for (int i = 0; i < 2; ++i) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(decoded[i], &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            jwt.fail(QStringLiteral("the %1 is not JSON: %2 at byte %3 of it")
                         .arg(QLatin1String(names[i]), parseError.errorString())
                         .arg(parseError.offset),
                     offset + int(parseError.offset / 3 * 4));
            return jwt;
        }
        if (!document.isObject()) {
            jwt.fail(QStringLiteral("the %1 is JSON but not an object").arg(QLatin1String(names[i])), offset);
            return jwt;
        }
        objects[i] = document.object();
        offset += int(parts.at(i).size()) + 1;
    }
    jwt.m_header = objects[0];
    jwt.m_claims = objects[1];
    if (!jwt.m_header.value(QStringLiteral("alg")).isString()) {
        jwt.fail(QStringLiteral("the header has no \"alg\" (RFC 7515 §4.1.1)"), 0);
        return jwt;
    }

    // RFC 7519 §2 NumericDate: seconds since the epoch, possibly fractional.
    const int payloadStart = int(parts.at(0).size()) + 1;
    const struct { const char *name; QDateTime *field; } dates[] = {
        {"exp", &jwt.m_expiresAt}, {"iat", &jwt.m_issuedAt}, {"nbf", &jwt.m_notBefore}};
    for (const auto &date : dates) {
        const QJsonValue value = jwt.m_claims.value(QLatin1String(date.name));
        if (value.isUndefined())
            continue;
        const double seconds = value.toDouble(std::nan(""));
        // Year 1 to 9999 (QDateTime's range; anything beyond is not a date a server meant).
        if (!value.isDouble() || !std::isfinite(seconds) || std::fabs(seconds) > 253402300799.0) {
            jwt.fail(QStringLiteral("the claim \"%1\" is not a NumericDate (RFC 7519 §2)").arg(QLatin1String(date.name)),
                     payloadStart);
            return jwt;
        }
        *date.field = QDateTime::fromMSecsSinceEpoch(qint64(std::llround(seconds * 1000.0)), Qt::UTC);
    }

    jwt.m_signingInput = token.left(payloadStart + parts.at(1).size());
    jwt.m_signature = decoded[2];
    jwt.m_kind = Kind::Signed;
    return jwt;
}

QString Jwt::algorithm() const
{
    return m_header.value(QStringLiteral("alg")).toString();
}

QString Jwt::keyId() const
{
    return m_header.value(QStringLiteral("kid")).toString();
}

void Jwt::fail(const QString &message, int position)
{
    *this = Jwt();
    m_kind = Kind::Malformed;
    m_error = message;
    m_errorPosition = position;
}
