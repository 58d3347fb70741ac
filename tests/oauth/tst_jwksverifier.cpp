#include "oauth/jwksverifier.h"
#include "auth/jwt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

namespace {

QByteArray b64u(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// RFC 7515 Appendix A.2 (RS256) and A.3 (ES256): the example keys and signed tokens.
const QByteArray Payload = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
const QByteArray Rs256Token = "eyJhbGciOiJSUzI1NiJ9." + Payload
    + ".cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4"
      "BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqv"
      "hJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";
const QJsonObject RsaKey{
    {QStringLiteral("kty"), QStringLiteral("RSA")},
    {QStringLiteral("kid"), QStringLiteral("rsa-a2")},
    {QStringLiteral("n"), QStringLiteral(
         "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMs"
         "D1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdV"
         "MTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ")},
    {QStringLiteral("e"), QStringLiteral("AQAB")},
};
const QByteArray Es256Token = "eyJhbGciOiJFUzI1NiJ9." + Payload
    + ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
const QJsonObject EcKey{
    {QStringLiteral("kty"), QStringLiteral("EC")},
    {QStringLiteral("kid"), QStringLiteral("ec-a3")},
    {QStringLiteral("crv"), QStringLiteral("P-256")},
    {QStringLiteral("x"), QStringLiteral("f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU")},
    {QStringLiteral("y"), QStringLiteral("x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0")},
};

QByteArray jwks(const QList<QJsonObject> &keys)
{
    QJsonArray array;
    for (const QJsonObject &key : keys)
        array.append(key);
    return QJsonDocument(QJsonObject{{QStringLiteral("keys"), array}}).toJson(QJsonDocument::Compact);
}

QByteArray withHeader(const QByteArray &token, const QByteArray &headerJson)
{
    return b64u(headerJson) + token.mid(token.indexOf('.'));
}

// A PS256 token signed here with a fresh RSA key (no RFC example exists for PS256), and its JWK.
struct Ps256Sample
{
    QByteArray token;
    QJsonObject jwk;
};

QByteArray bnParam(EVP_PKEY *key, const char *name)
{
    BIGNUM *bn = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &bn) != 1)
        return QByteArray();
    QByteArray bytes(BN_num_bytes(bn), Qt::Uninitialized);
    BN_bn2bin(bn, reinterpret_cast<unsigned char *>(bytes.data()));
    BN_free(bn);
    return bytes;
}

Ps256Sample signPs256()
{
    Ps256Sample sample;
    EVP_PKEY *key = EVP_RSA_gen(2048);
    if (!key)
        return sample;
    const QByteArray input = b64u(R"({"alg":"PS256","kid":"pss"})") + '.' + b64u(R"({"sub":"ps"})");
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_PKEY_CTX *context = nullptr;
    size_t size = 0;
    QByteArray signature;
    if (EVP_DigestSignInit(md, &context, EVP_sha256(), nullptr, key) == 1
        && EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PSS_PADDING) == 1
        && EVP_PKEY_CTX_set_rsa_pss_saltlen(context, 32) == 1
        && EVP_DigestSign(md, nullptr, &size, reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size())) == 1) {
        signature.resize(qsizetype(size));
        if (EVP_DigestSign(md, reinterpret_cast<unsigned char *>(signature.data()), &size,
                           reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size())) == 1) {
            signature.resize(qsizetype(size));
            sample.token = input + '.' + b64u(signature);
            sample.jwk = QJsonObject{{QStringLiteral("kty"), QStringLiteral("RSA")}, {QStringLiteral("kid"), QStringLiteral("pss")},
                                     {QStringLiteral("n"), QString::fromLatin1(b64u(bnParam(key, OSSL_PKEY_PARAM_RSA_N)))},
                                     {QStringLiteral("e"), QString::fromLatin1(b64u(bnParam(key, OSSL_PKEY_PARAM_RSA_E)))}};
        }
    }
    EVP_MD_CTX_free(md);
    EVP_PKEY_free(key);
    return sample;
}

} // namespace

Q_DECLARE_METATYPE(JwksVerifier::Result)

// JwksVerifier with the RFC 7515 example keys and a PS256 key made here; the real server's
// tokens are verified in tst_interactivegrants.
class tst_JwksVerifier : public QObject
{
    Q_OBJECT
private slots:
    void verifiesAndRefuses_data();
    void verifiesAndRefuses();
    void verifiesPs256AndRefusesItsRs256Twin();
    void refusesSomethingThatIsNotAJwks_data();
    void refusesSomethingThatIsNotAJwks();
    void namesEveryResult();
};

void tst_JwksVerifier::verifiesAndRefuses_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QByteArray>("keys");
    QTest::addColumn<JwksVerifier::Result>("result");
    QTest::addColumn<QString>("keyId");
    using R = JwksVerifier::Result;
    const QByteArray both = jwks({RsaKey, EcKey});

    QTest::newRow("RS256, RFC 7515 A.2") << Rs256Token << both << R::Verified << QStringLiteral("rsa-a2");
    QTest::newRow("ES256, RFC 7515 A.3") << Es256Token << both << R::Verified << QStringLiteral("ec-a3");
    QTest::newRow("RS256 with its kid") << withHeader(Rs256Token, R"({"alg":"RS256","kid":"rsa-a2"})")
                                        << both << R::SignatureInvalid << QStringLiteral("rsa-a2"); // the header is signed too
    QByteArray claimsChanged = Rs256Token;
    claimsChanged.replace(Payload, b64u(R"({"iss":"joe","exp":1300819380,"http://example.com/is_root":false})"));
    QTest::newRow("RS256 claims altered") << claimsChanged << both << R::SignatureInvalid << QString();
    QByteArray signatureFlipped = Es256Token;
    signatureFlipped[signatureFlipped.size() - 3] = signatureFlipped.at(signatureFlipped.size() - 3) == 'A' ? 'B' : 'A';
    QTest::newRow("ES256 signature altered") << signatureFlipped << both << R::SignatureInvalid << QString();
    QTest::newRow("ES256 signature cut") << Es256Token.left(Es256Token.size() - 4) << both << R::SignatureInvalid << QString();
    QTest::newRow("RS256 against an EC-only set") << Rs256Token << jwks({EcKey}) << R::KeyNotFound << QString();
    QTest::newRow("a kid the set lacks") << withHeader(Rs256Token, R"({"alg":"RS256","kid":"rotated-away"})")
                                         << both << R::KeyNotFound << QStringLiteral("rotated-away");
    QJsonObject encryptionKey = RsaKey;
    encryptionKey.insert(QStringLiteral("use"), QStringLiteral("enc"));
    QTest::newRow("a key for encryption only") << Rs256Token << jwks({encryptionKey}) << R::KeyNotFound << QString();
    QJsonObject ps256Only = RsaKey;
    ps256Only.insert(QStringLiteral("alg"), QStringLiteral("PS256"));
    QTest::newRow("a key bound to another alg") << Rs256Token << jwks({ps256Only}) << R::KeyNotFound << QString();
    QJsonObject brokenKey = RsaKey;
    brokenKey.insert(QStringLiteral("n"), QStringLiteral("!!"));
    QTest::newRow("a key that does not decode") << Rs256Token << jwks({brokenKey}) << R::KeyNotFound << QString();
    QTest::newRow("HS256 (RFC 7519 example)") << QByteArray("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9." + Payload + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
                                              << both << R::UnsupportedAlgorithm << QString();
    QTest::newRow("alg none") << QByteArray(b64u(R"({"alg":"none"})") + '.' + Payload + '.') << both << R::UnsupportedAlgorithm << QString();
    QTest::newRow("no JWKS") << Rs256Token << QByteArray() << R::NotVerified << QString();
    QTest::newRow("an opaque token") << QByteArray("2YotnFZFEjr1zCsicMWpAA") << both << R::NotVerified << QString();
}

void tst_JwksVerifier::verifiesAndRefuses()
{
    QFETCH(QByteArray, token);
    QFETCH(QByteArray, keys);
    QFETCH(JwksVerifier::Result, result);
    QFETCH(QString, keyId);
    JwksVerifier verifier;
    if (!keys.isEmpty()) {
        QString error;
        QVERIFY2(verifier.setJwks(keys, &error), qPrintable(error));
        QVERIFY(verifier.hasKeys());
    }
    const JwksVerifier::Verification verification = verifier.verify(Jwt::decode(token));
    QCOMPARE(JwksVerifier::resultName(verification.result), JwksVerifier::resultName(result));
    QCOMPARE(verification.keyId, keyId);
    QVERIFY(!verification.detail.isEmpty());
    QVERIFY(!verification.detail.contains(QString::fromLatin1(token.left(20))));
}

void tst_JwksVerifier::verifiesPs256AndRefusesItsRs256Twin()
{
    const Ps256Sample sample = signPs256();
    QVERIFY(!sample.token.isEmpty());
    JwksVerifier verifier;
    QVERIFY(verifier.setJwks(jwks({RsaKey, EcKey, sample.jwk}), nullptr));
    const JwksVerifier::Verification verification = verifier.verify(Jwt::decode(sample.token));
    QCOMPARE(JwksVerifier::resultName(verification.result), QStringLiteral("verified"));
    QCOMPARE(verification.keyId, QStringLiteral("pss"));
    // The same signature claimed as RS256 (PKCS #1 v1.5) must not verify: the padding is part of the check.
    const QByteArray asRs256 = withHeader(sample.token, R"({"alg":"RS256","kid":"pss"})");
    QCOMPARE(JwksVerifier::resultName(verifier.verify(Jwt::decode(asRs256)).result), QStringLiteral("signature-invalid"));
}

void tst_JwksVerifier::refusesSomethingThatIsNotAJwks_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("not JSON") << QByteArray("<html>");
    QTest::newRow("an array") << QByteArray("[]");
    QTest::newRow("a single JWK") << QJsonDocument(RsaKey).toJson();
    QTest::newRow("keys not an array") << QByteArray(R"({"keys":{}})");
}

void tst_JwksVerifier::refusesSomethingThatIsNotAJwks()
{
    QFETCH(QByteArray, json);
    JwksVerifier verifier;
    QString error;
    QVERIFY(!verifier.setJwks(json, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!verifier.hasKeys());
    QCOMPARE(JwksVerifier::resultName(verifier.verify(Jwt::decode(Rs256Token)).result), QStringLiteral("not-verified"));
}

void tst_JwksVerifier::namesEveryResult()
{
    using R = JwksVerifier::Result;
    const QStringList names{JwksVerifier::resultName(R::NotVerified), JwksVerifier::resultName(R::Verified),
                            JwksVerifier::resultName(R::SignatureInvalid), JwksVerifier::resultName(R::KeyNotFound),
                            JwksVerifier::resultName(R::UnsupportedAlgorithm)};
    QCOMPARE(names, (QStringList{QStringLiteral("not-verified"), QStringLiteral("verified"), QStringLiteral("signature-invalid"),
                                 QStringLiteral("key-not-found"), QStringLiteral("unsupported-alg")}));
}

QTEST_GUILESS_MAIN(tst_JwksVerifier)
#include "tst_jwksverifier.moc"
