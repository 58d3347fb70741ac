#include "auth/jwt.h"

#include <QJsonArray>
#include <QTest>

namespace {

QByteArray part(const QByteArray &json)
{
    return json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// RFC 7519 §3.1: the example JWT (HS256; header and claims with CRLF inside).
const QByteArray Rfc7519Example =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

} // namespace

// Jwt::decode: compact JWS read without verifying; everything else is named, never a crash.
class tst_Jwt : public QObject
{
    Q_OBJECT
private slots:
    void decodesTheRfc7519Example();
    void readsNumericDatesAsUtc();
    void namesTokensThatAreNotSignedJwts_data();
    void namesTokensThatAreNotSignedJwts();
    void reportsMalformedTokensWithTheirPosition_data();
    void reportsMalformedTokensWithTheirPosition();
    void neverCrashesOnAnyPrefixOrByteFlip();
};

void tst_Jwt::decodesTheRfc7519Example()
{
    const Jwt jwt = Jwt::decode(Rfc7519Example);
    QCOMPARE(jwt.kind(), Jwt::Kind::Signed);
    QVERIFY(jwt.error().isEmpty());
    QCOMPARE(jwt.errorPosition(), -1);
    QCOMPARE(jwt.algorithm(), QStringLiteral("HS256"));
    QCOMPARE(jwt.header().value(QStringLiteral("typ")).toString(), QStringLiteral("JWT"));
    QVERIFY(jwt.keyId().isEmpty());
    QCOMPARE(jwt.claims().value(QStringLiteral("iss")).toString(), QStringLiteral("joe"));
    QCOMPARE(jwt.claims().value(QStringLiteral("http://example.com/is_root")).toBool(), true);
    QCOMPARE(jwt.expiresAt(), QDateTime(QDate(2011, 3, 22), QTime(18, 43, 0), Qt::UTC));
    QVERIFY(!jwt.issuedAt().isValid());
    QVERIFY(!jwt.notBefore().isValid());
    QCOMPARE(jwt.signingInput(), Rfc7519Example.left(Rfc7519Example.lastIndexOf('.')));
    QCOMPARE(jwt.signature().size(), 32); // HMAC-SHA-256
}

void tst_Jwt::readsNumericDatesAsUtc()
{
    const QByteArray token = part(R"({"alg":"RS256","kid":"k1"})") + '.'
        + part(R"({"exp":1700000000,"iat":1699999999.5,"nbf":0})") + '.' + part("sig");
    const Jwt jwt = Jwt::decode(token);
    QCOMPARE(jwt.kind(), Jwt::Kind::Signed);
    QCOMPARE(jwt.keyId(), QStringLiteral("k1"));
    QCOMPARE(jwt.expiresAt(), QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC));
    QCOMPARE(jwt.expiresAt().timeSpec(), Qt::UTC);
    QCOMPARE(jwt.issuedAt(), QDateTime::fromMSecsSinceEpoch(1699999999500, Qt::UTC));
    QCOMPARE(jwt.notBefore(), QDateTime::fromSecsSinceEpoch(0, Qt::UTC));
    QCOMPARE(jwt.signature(), QByteArray("sig"));
}

void tst_Jwt::namesTokensThatAreNotSignedJwts_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<Jwt::Kind>("kind");
    QTest::newRow("RFC 6749 opaque access token") << QByteArray("2YotnFZFEjr1zCsicMWpAA") << Jwt::Kind::Opaque;
    QTest::newRow("empty") << QByteArray() << Jwt::Kind::Opaque;
    QTest::newRow("binary without dots") << QByteArray("\x00\xff\x80 \n", 5) << Jwt::Kind::Opaque;
    // RFC 7516 §7.1: five parts (header.key.iv.ciphertext.tag) cannot be read without the key.
    QTest::newRow("JWE") << QByteArray("eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d") << Jwt::Kind::Encrypted;
    QTest::newRow("unsecured JWS (alg none, empty signature)")
        << QByteArray(part(R"({"alg":"none"})") + '.' + part("{}") + '.') << Jwt::Kind::Signed;
}

void tst_Jwt::namesTokensThatAreNotSignedJwts()
{
    QFETCH(QByteArray, token);
    QFETCH(Jwt::Kind, kind);
    const Jwt jwt = Jwt::decode(token);
    QCOMPARE(jwt.kind(), kind);
    QVERIFY(jwt.error().isEmpty());
    if (kind != Jwt::Kind::Signed) {
        QVERIFY(jwt.claims().isEmpty());
        QVERIFY(!jwt.expiresAt().isValid());
    }
}

void tst_Jwt::reportsMalformedTokensWithTheirPosition_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<int>("position");      // -1: somewhere inside the first part
    QTest::addColumn<QString>("errorHas");

    const QByteArray header = part(R"({"alg":"RS256"})");
    const QByteArray claims = part(R"({"sub":"a"})");
    const int payloadAt = int(header.size()) + 1;
    QTest::newRow("two parts") << QByteArray(header + '.' + claims) << int(header.size()) << QStringLiteral("3 parts");
    QTest::newRow("four parts") << QByteArray("a.b.c.d") << 1 << QStringLiteral("has 4");
    QTest::newRow("bad character in the header") << QByteArray("ey!J." + claims + ".c2ln") << 2 << QStringLiteral("header is not base64url");
    QTest::newRow("padding is not base64url") << QByteArray(header + '.' + claims + ".c2lnbg==") << int(header.size() + claims.size() + 2 + 6)
                                              << QStringLiteral("signature is not base64url");
    QTest::newRow("space in the payload") << QByteArray(header + ". " + claims + ".c2ln") << payloadAt << QStringLiteral("payload is not base64url");
    QTest::newRow("a lone sextet") << QByteArray(header + ".e30AB.c2ln") << payloadAt + 4 << QStringLiteral("payload is not base64url");
    QTest::newRow("empty header") << QByteArray('.' + claims + ".c2ln") << 0 << QStringLiteral("header is empty");
    QTest::newRow("empty payload") << QByteArray(header + "..c2ln") << payloadAt << QStringLiteral("payload is empty");
    QTest::newRow("header is not JSON") << QByteArray(part("not json") + '.' + claims + ".c2ln") << -1 << QStringLiteral("header is not JSON");
    QTest::newRow("header is a JSON array") << QByteArray(part("[1]") + '.' + claims + ".c2ln") << 0 << QStringLiteral("not an object");
    QTest::newRow("payload is truncated JSON") << QByteArray(header + '.' + part(R"({"sub":)") + ".c2ln") << -2 << QStringLiteral("payload is not JSON");
    QTest::newRow("header without alg") << QByteArray(part(R"({"typ":"JWT"})") + '.' + claims + ".c2ln") << 0 << QStringLiteral("alg");
    QTest::newRow("exp as a string") << QByteArray(header + '.' + part(R"({"exp":"tomorrow"})") + ".c2ln") << payloadAt << QStringLiteral("\"exp\"");
    QTest::newRow("iat beyond year 9999") << QByteArray(header + '.' + part(R"({"iat":1e300})") + ".c2ln") << payloadAt << QStringLiteral("\"iat\"");
    QTest::newRow("nbf null") << QByteArray(header + '.' + part(R"({"nbf":null})") + ".c2ln") << payloadAt << QStringLiteral("\"nbf\"");
}

void tst_Jwt::reportsMalformedTokensWithTheirPosition()
{
    QFETCH(QByteArray, token);
    QFETCH(int, position);
    QFETCH(QString, errorHas);
    const Jwt jwt = Jwt::decode(token);
    QCOMPARE(jwt.kind(), Jwt::Kind::Malformed);
    QVERIFY2(jwt.error().contains(errorHas), qPrintable(jwt.error()));
    const int firstDot = int(token.indexOf('.'));
    if (position == -1) // a JSON error: about where the parser stopped, inside the part
        QVERIFY2(jwt.errorPosition() >= 0 && jwt.errorPosition() < firstDot, qPrintable(QString::number(jwt.errorPosition())));
    else if (position == -2)
        QVERIFY2(jwt.errorPosition() > firstDot && jwt.errorPosition() < token.lastIndexOf('.'), qPrintable(QString::number(jwt.errorPosition())));
    else
        QCOMPARE(jwt.errorPosition(), position);
    // Nothing half-decoded is left behind.
    QVERIFY(jwt.claims().isEmpty());
    QVERIFY(jwt.signingInput().isEmpty());
}

void tst_Jwt::neverCrashesOnAnyPrefixOrByteFlip()
{
    int signedCount = 0;
    for (int i = 0; i <= Rfc7519Example.size(); ++i) {
        const Jwt jwt = Jwt::decode(Rfc7519Example.left(i));
        QVERIFY(jwt.kind() != Jwt::Kind::Malformed || jwt.errorPosition() >= 0);
        signedCount += jwt.isSigned();
    }
    // The whole token, and prefixes that cut only the signature at a base64 quantum boundary.
    QVERIFY(signedCount >= 1);
    for (int i = 0; i < Rfc7519Example.size(); ++i) {
        for (const char flip : {'\x00', '.', '=', '\xff', '"'}) {
            QByteArray token = Rfc7519Example;
            token[i] = flip;
            const Jwt jwt = Jwt::decode(token);
            QVERIFY(jwt.kind() != Jwt::Kind::Malformed || (jwt.errorPosition() >= 0 && jwt.errorPosition() <= token.size()));
        }
    }
}

QTEST_GUILESS_MAIN(tst_Jwt)
#include "tst_jwt.moc"
