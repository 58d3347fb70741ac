#include "jwksverifier.h"

#include "auth/jwt.h"

#include "core/displaytext.h"
#include "engine/legchannel.h"
#include "http/leg.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include <memory>

namespace {

template<typename T, void (*Free)(T *)>
struct OpenSslDeleter
{
    void operator()(T *p) const { Free(p); }
};
using PKey = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY, EVP_PKEY_free>>;
using PKeyContext = std::unique_ptr<EVP_PKEY_CTX, OpenSslDeleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using MdContext = std::unique_ptr<EVP_MD_CTX, OpenSslDeleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using Bignum = std::unique_ptr<BIGNUM, OpenSslDeleter<BIGNUM, BN_free>>;
using ParamBuilder = std::unique_ptr<OSSL_PARAM_BLD, OpenSslDeleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, OpenSslDeleter<OSSL_PARAM, OSSL_PARAM_free>>;
using EcdsaSignature = std::unique_ptr<ECDSA_SIG, OpenSslDeleter<ECDSA_SIG, ECDSA_SIG_free>>;

constexpr int P256CoordinateBytes = 32;

QByteArray base64UrlMember(const QJsonObject &jwk, const char *name)
{
    const QByteArray text = jwk.value(QLatin1String(name)).toString().toLatin1();
    return QByteArray::fromBase64(text, QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

Bignum bignum(const QByteArray &bytes)
{
    return Bignum(BN_bin2bn(reinterpret_cast<const unsigned char *>(bytes.constData()), int(bytes.size()), nullptr));
}

PKey keyFromParams(const char *type, OSSL_PARAM_BLD *builder)
{
    Params params(OSSL_PARAM_BLD_to_param(builder));
    PKeyContext context(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY *key = nullptr;
    if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1
        || EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
        return PKey();
    return PKey(key);
}

// RFC 7518 §6.3.1: n and e, unsigned big-endian.
PKey rsaKey(const QJsonObject &jwk)
{
    const Bignum n = bignum(base64UrlMember(jwk, "n"));
    const Bignum e = bignum(base64UrlMember(jwk, "e"));
    ParamBuilder builder(OSSL_PARAM_BLD_new());
    if (!n || !e || BN_is_zero(n.get()) || BN_is_zero(e.get()) || !builder
        || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1
        || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1)
        return PKey();
    return keyFromParams("RSA", builder.get());
}

// RFC 7518 §6.2.1: crv P-256, x and y of 32 bytes each, as an uncompressed point (SEC 1 §2.3.3).
PKey ecP256Key(const QJsonObject &jwk)
{
    const QByteArray x = base64UrlMember(jwk, "x");
    const QByteArray y = base64UrlMember(jwk, "y");
    if (x.size() != P256CoordinateBytes || y.size() != P256CoordinateBytes)
        return PKey();
    const QByteArray point = '\x04' + x + y;
    ParamBuilder builder(OSSL_PARAM_BLD_new());
    if (!builder || OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) != 1
        || OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(), size_t(point.size())) != 1)
        return PKey();
    return keyFromParams("EC", builder.get());
}

// RFC 7518 §3.4: the JWS signature is R || S; libcrypto verifies the DER form.
QByteArray ecdsaDer(const QByteArray &raw)
{
    if (raw.size() != 2 * P256CoordinateBytes)
        return QByteArray();
    EcdsaSignature signature(ECDSA_SIG_new());
    Bignum r = bignum(raw.left(P256CoordinateBytes));
    Bignum s = bignum(raw.mid(P256CoordinateBytes));
    if (!signature || !r || !s || ECDSA_SIG_set0(signature.get(), r.get(), s.get()) != 1)
        return QByteArray();
    r.release(); // owned by signature now
    s.release();
    const int size = i2d_ECDSA_SIG(signature.get(), nullptr);
    if (size <= 0)
        return QByteArray();
    QByteArray der(size, Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(der.data());
    i2d_ECDSA_SIG(signature.get(), &out);
    return der;
}

bool verifySignature(EVP_PKEY *key, const QString &alg, const QByteArray &input, QByteArray signature)
{
    MdContext md(EVP_MD_CTX_new());
    EVP_PKEY_CTX *keyContext = nullptr; // owned by md
    if (!md || EVP_DigestVerifyInit(md.get(), &keyContext, EVP_sha256(), nullptr, key) != 1)
        return false;
    if (alg == QLatin1String("PS256")) { // RFC 7518 §3.5: MGF1 with SHA-256, salt as long as the hash
        if (EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) != 1
            || EVP_PKEY_CTX_set_rsa_mgf1_md(keyContext, EVP_sha256()) != 1
            || EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, 32) != 1)
            return false;
    } else if (alg == QLatin1String("ES256")) {
        signature = ecdsaDer(signature);
        if (signature.isEmpty())
            return false;
    }
    return EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char *>(signature.constData()), size_t(signature.size()),
                            reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size())) == 1;
}

QString keyTypeFor(const QString &alg)
{
    if (alg == QLatin1String("RS256") || alg == QLatin1String("PS256"))
        return QStringLiteral("RSA");
    if (alg == QLatin1String("ES256"))
        return QStringLiteral("EC");
    return QString();
}

} // namespace

JwksVerifier::JwksVerifier(QObject *parent) : QObject(parent) {}

JwksVerifier::~JwksVerifier() = default;

bool JwksVerifier::setJwks(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    const QJsonValue keys = document.object().value(QStringLiteral("keys"));
    if (!document.isObject() || !keys.isArray()) {
        if (error)
            *error = parseError.error != QJsonParseError::NoError
                ? QStringLiteral("The JWKS is not JSON (%1 at offset %2)").arg(parseError.errorString()).arg(parseError.offset)
                : QStringLiteral("The JWKS is not an object with a \"keys\" array (RFC 7517 §5)");
        return false;
    }
    m_keys = keys.toArray();
    return true;
}

void JwksVerifier::fetch(const QUrl &jwksUri, LegChannel *channel)
{
    if (m_fetching)
        return;
    m_fetching = true;
    QPointer<JwksVerifier> self(this);
    const auto done = [self](const Status &status) {
        if (!self)
            return;
        self->m_fetching = false;
        self->m_fetchStatus = status;
        emit self->finished();
    };
    if (!channel || !jwksUri.isValid() || jwksUri.isRelative()) {
        QTimer::singleShot(0, this, [done] {
            done(Status(Status::Code::InvalidInput, QStringLiteral("No JWKS URL to fetch the issuer's keys from")));
        });
        return;
    }
    HttpRequest request;
    request.method = QByteArrayLiteral("GET");
    request.url = jwksUri;
    request.headers.append(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"), HeaderField::Source::Default);
    channel->sendLeg(request, Leg::Kind::Acquisition, QStringLiteral("the issuer's signing keys (jwks_uri)"),
                     [self, done](const Leg &leg) {
        if (!self)
            return;
        if (!leg.hasResponse()) {
            done(leg.status);
        } else if (leg.statusCode != 200 || !leg.responseBody || leg.responseBody->size() > MaxJwksBytes) {
            done(Status(Status::Code::ProtocolError, QStringLiteral("The JWKS URL answered HTTP %1%2").arg(leg.statusCode)
                            .arg(leg.statusCode == 200 ? QStringLiteral(" with no body or one too large") : QString())));
        } else {
            QString error;
            done(self->setJwks(leg.responseBody->read(), &error) ? Status::ok() : Status(Status::Code::ProtocolError, error));
        }
    });
}

JwksVerifier::Verification JwksVerifier::verify(const Jwt &jwt) const
{
    Verification verification;
    if (!jwt.isSigned()) {
        verification.detail = QStringLiteral("Not a signed JWT");
        return verification;
    }
    const QString alg = jwt.algorithm();
    verification.keyId = jwt.keyId();
    const QString keyType = keyTypeFor(alg);
    if (keyType.isEmpty()) {
        verification.result = Result::UnsupportedAlgorithm;
        verification.detail = QStringLiteral("Signatures with alg \"%1\" are not verified (RS256, PS256 and ES256 are)").arg(DisplayText::escaped(alg.left(20)));
        return verification;
    }
    if (m_keys.isEmpty()) {
        verification.detail = QStringLiteral("No JWKS: the issuer's keys are unknown");
        return verification;
    }

    int tried = 0;
    for (const QJsonValue &value : m_keys) {
        const QJsonObject jwk = value.toObject();
        const QString kid = jwk.value(QStringLiteral("kid")).toString();
        // RFC 7517 §4: a key for another type, use or algorithm is not this token's key.
        if (jwk.value(QStringLiteral("kty")).toString() != keyType
            || (!jwt.keyId().isEmpty() && kid != jwt.keyId())
            || (jwk.contains(QStringLiteral("use")) && jwk.value(QStringLiteral("use")).toString() != QLatin1String("sig"))
            || (jwk.contains(QStringLiteral("alg")) && jwk.value(QStringLiteral("alg")).toString() != alg))
            continue;
        if (keyType == QLatin1String("EC") && jwk.value(QStringLiteral("crv")).toString() != QLatin1String("P-256"))
            continue;
        const PKey key = keyType == QLatin1String("RSA") ? rsaKey(jwk) : ecP256Key(jwk);
        if (!key)
            continue;
        ++tried;
        if (verifySignature(key.get(), alg, jwt.signingInput(), jwt.signature())) {
            verification.result = Result::Verified;
            verification.keyId = kid;
            verification.detail = QStringLiteral("%1 signature verified with key %2").arg(alg, kid.isEmpty() ? QStringLiteral("(no kid)") : DisplayText::escaped(kid.left(80)));
            return verification;
        }
    }
    if (tried == 0) {
        verification.result = Result::KeyNotFound;
        verification.detail = jwt.keyId().isEmpty()
            ? QStringLiteral("The JWKS has no usable %1 key for %2").arg(keyType, alg)
            : QStringLiteral("The JWKS has no usable key with kid \"%1\" for %2").arg(DisplayText::escaped(jwt.keyId().left(80)), alg);
        return verification;
    }
    verification.result = Result::SignatureInvalid;
    verification.detail = QStringLiteral("The %1 signature does not match the issuer's key: the token was altered or not "
                                         "signed by this issuer").arg(alg);
    return verification;
}

QString JwksVerifier::resultName(Result result)
{
    switch (result) {
    case Result::NotVerified: return QStringLiteral("not-verified");
    case Result::Verified: return QStringLiteral("verified");
    case Result::SignatureInvalid: return QStringLiteral("signature-invalid");
    case Result::KeyNotFound: return QStringLiteral("key-not-found");
    case Result::UnsupportedAlgorithm: return QStringLiteral("unsupported-alg");
    }
    return QString();
}
