#include "labtokenminter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QList>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

namespace {

constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray encodedJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toBase64(Base64Url);
}

QByteArray signatureOf(const QByteArray &signingInput)
{
    return QMessageAuthenticationCode::hash(signingInput, LabTokenMinter::demoKey(), QCryptographicHash::Sha256)
        .toBase64(Base64Url);
}

QDateTime numericDate(const QJsonObject &claims, const QString &name)
{
    const QJsonValue value = claims.value(name);
    return value.isDouble() ? QDateTime::fromSecsSinceEpoch(qint64(value.toDouble()), Qt::UTC) : QDateTime();
}

// RFC 7519 §4.1.3: aud is a string or an array of strings.
bool hasAudience(const QJsonObject &claims, const QString &audience)
{
    const QJsonValue aud = claims.value(QStringLiteral("aud"));
    if (aud.isString())
        return aud.toString() == audience;
    return aud.isArray() && aud.toArray().contains(audience);
}

} // namespace

QByteArray LabTokenMinter::demoKey()
{
    return QByteArrayLiteral("authscope-lab-demo-key");
}

QString LabTokenMinter::issuer()
{
    return QStringLiteral("authscope-lab");
}

QString LabTokenMinter::audience()
{
    return QStringLiteral("lab-api");
}

QByteArray LabTokenMinter::mint(const QJsonObject &claims)
{
    const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("HS256")}, {QStringLiteral("typ"), QStringLiteral("JWT")}};
    const QByteArray signingInput = encodedJson(header) + '.' + encodedJson(claims);
    return signingInput + '.' + signatureOf(signingInput);
}

QJsonObject LabTokenMinter::claims(const QString &subject, const QString &scope, const QDateTime &issuedAt,
                                   const QDateTime &expiresAt, const QString &audience, const QDateTime &notBefore)
{
    QJsonObject claims{
        {QStringLiteral("iss"), issuer()},
        {QStringLiteral("sub"), subject},
        {QStringLiteral("aud"), audience},
        {QStringLiteral("scope"), scope},
        {QStringLiteral("iat"), double(issuedAt.toSecsSinceEpoch())},
        {QStringLiteral("exp"), double(expiresAt.toSecsSinceEpoch())},
    };
    if (notBefore.isValid())
        claims.insert(QStringLiteral("nbf"), double(notBefore.toSecsSinceEpoch()));
    return claims;
}

QByteArray LabTokenMinter::randomToken(int bytes)
{
    QByteArray random(bytes, Qt::Uninitialized);
    for (char &c : random)
        c = char(QRandomGenerator::system()->bounded(256));
    return random.toBase64(Base64Url);
}

LabTokenMinter::Verdict LabTokenMinter::check(const QByteArray &token, const QString &audience, const QDateTime &now,
                                              QJsonObject *claims)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return Verdict::Malformed;
    const QByteArray signingInput = parts.at(0) + '.' + parts.at(1);
    const QJsonDocument header = QJsonDocument::fromJson(QByteArray::fromBase64(parts.at(0), Base64Url));
    const QJsonDocument payload = QJsonDocument::fromJson(QByteArray::fromBase64(parts.at(1), Base64Url));
    if (!header.isObject() || !payload.isObject())
        return Verdict::Malformed;
    // Only the algorithm the lab signs with: "none" or another algorithm is not a way around the key.
    if (header.object().value(QStringLiteral("alg")).toString() != QLatin1String("HS256") || parts.at(2) != signatureOf(signingInput))
        return Verdict::BadSignature;
    const QJsonObject read = payload.object();
    if (claims)
        *claims = read;
    const QDateTime expiresAt = numericDate(read, QStringLiteral("exp"));
    if (expiresAt.isValid() && expiresAt <= now)
        return Verdict::Expired;
    const QDateTime notBefore = numericDate(read, QStringLiteral("nbf"));
    if (notBefore.isValid() && notBefore > now)
        return Verdict::NotYetValid;
    if (!hasAudience(read, audience))
        return Verdict::WrongAudience;
    return Verdict::Valid;
}
