#include "export/jsonbodyredactor.h"
#include "export/secretmatcher.h"
#include "export/secretnames.h"
#include "export/secretredactor.h"
#include "http/exchange.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

using Secrets = QList<QByteArray>;

class TestSecretRedactor : public QObject
{
    Q_OBJECT

private slots:
    void classifiesSecretNames_data();
    void classifiesSecretNames();
    void redactsAuthorizationButKeepsScheme_data();
    void redactsAuthorizationButKeepsScheme();
    void redactsCookieValuesButKeepsNamesAndAttributes_data();
    void redactsCookieValuesButKeepsNamesAndAttributes();
    void redactsOtherHeadersByName_data();
    void redactsOtherHeadersByName();
    void redactsHeaderListKeepingOrderAndSources();
    void redactsCookieObjects();
    void redactsUrlPasswordAndSecretParameters_data();
    void redactsUrlPasswordAndSecretParameters();
    void redactsFormBodies_data();
    void redactsFormBodies();
    void redactsJsonBodiesInPlace_data();
    void redactsJsonBodiesInPlace();
    void redactsEveryPrefixOfACutJsonBody();
    void neverCrashesOnMangledJson();
    void redactsKnownSecretsInText_data();
    void redactsKnownSecretsInText();
    void hidesSecretInsideLongerBase64_data();
    void hidesSecretInsideLongerBase64();
    void redactsSecretCutOffByTheEnd_data();
    void redactsSecretCutOffByTheEnd();
    void findsManySecretsInOnePass();
    void redactsStringsOfJsonTreeButNotBlobs();
    void collectsKnownSecretsOfExchange();
    void masksAndCollectsEveryTableField_data();
    void masksAndCollectsEveryTableField();
    void hidesLinkUrlSecretEchoedInBodyAndError();
    void collectsWhatAJsonEchoOfHeadersMasks();
};

void TestSecretRedactor::classifiesSecretNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("secret");

    const char *secret[] = {
        "access_token", "refresh_token", "id_token", "token", "api_key", "apikey", "api-key", "key",
        "password", "passwd", "client_secret", "code", "secret", "X-API-Key", "X-Auth-Token",
        "Api-Key", "x-apikey", "X-Access-Token", "X-CSRF-Token", "X-Amz-Security-Token",
        "X-Goog-Api-Key", "Ocp-Apim-Subscription-Key", "Private-Token", "X-Vault-Token",
        "accessToken", "refreshToken", "clientSecret", "apiKey", "new_password",
        "password_confirmation", "oauth_token", "oauth_token_secret", "X-Amz-Signature",
        "X-Amz-Credential", "sig", "code_verifier", "device_code", "client_assertion",
        "id_token_hint", "subject_token", "SAMLResponse", "PHPSESSID", "JSESSIONID", "session_id",
        "private_key", "aws_secret_access_key", "X-Functions-Key", "ACCESS_TOKEN", "X-Forwarded-Authorization",
    };
    for (const char *name : secret)
        QTest::addRow("secret %s", name) << QString::fromLatin1(name) << true;

    const char *plain[] = {
        "token_type", "token_type_hint", "token_endpoint", "expires_in", "scope", "state", "nonce",
        "code_challenge", "code_challenge_method", "grant_type", "redirect_uri", "client_id",
        "username", "user", "Content-Type", "Accept", "Sec-WebSocket-Key", "WWW-Authenticate",
        "Idempotency-Key", "Content-Security-Policy", "keep-alive", "country_code", "monkey",
        "id_token_signing_alg_values_supported", "X-Token-Expires-At", "response_type", "",
    };
    for (const char *name : plain)
        QTest::addRow("plain %s", name) << QString::fromLatin1(name) << false;
}

void TestSecretRedactor::classifiesSecretNames()
{
    QFETCH(QString, name);
    QFETCH(bool, secret);
    QCOMPARE(SecretRedactor::isSecretName(name), secret);
    QCOMPARE(SecretRedactor::isSecretName(name.toLatin1()), secret);
}

void TestSecretRedactor::redactsAuthorizationButKeepsScheme_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("basic") << QByteArray("Authorization") << QByteArray("Basic YWxpY2U6czNjcjN0")
                           << QByteArray("Basic [redacted]");
    QTest::newRow("bearer") << QByteArray("Authorization") << QByteArray("Bearer eyJhbGciOi.eyJzdWIi.sig")
                            << QByteArray("Bearer [redacted]");
    QTest::newRow("scheme case kept") << QByteArray("authorization") << QByteArray("bearer abc123")
                                      << QByteArray("bearer [redacted]");
    QTest::newRow("surrounding whitespace") << QByteArray("Authorization") << QByteArray("  Basic   abc  ")
                                            << QByteArray("Basic [redacted]");
    QTest::newRow("proxy basic") << QByteArray("Proxy-Authorization") << QByteArray("Basic cHJveHk6cHc=")
                                 << QByteArray("Basic [redacted]");
    // RFC 7616 §3.9.1 example, SHA-256 variant
    QTest::newRow("digest rfc7616")
        << QByteArray("Authorization")
        << QByteArray("Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", "
                      "algorithm=SHA-256, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", nc=00000001, "
                      "cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth, "
                      "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", "
                      "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"")
        << QByteArray("Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", "
                      "algorithm=SHA-256, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", nc=00000001, "
                      "cnonce=\"[redacted]\", qop=auth, response=\"[redacted]\", "
                      "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
    QTest::newRow("digest unquoted response and unknown parameter")
        << QByteArray("Proxy-Authorization")
        << QByteArray("Digest username=\"bob\",realm=\"r\",nonce=\"n\",uri=\"/\",response=abcdef,extra=\"x\"")
        << QByteArray("Digest username=\"bob\", realm=\"r\", nonce=\"n\", uri=\"/\", response=[redacted], "
                      "extra=\"[redacted]\"");
    QTest::newRow("digest escaped quote in realm")
        << QByteArray("Authorization")
        << QByteArray("Digest username=\"a\", realm=\"say \\\"hi\\\", ok\", response=\"ff\"")
        << QByteArray("Digest username=\"a\", realm=\"say \\\"hi\\\", ok\", response=\"[redacted]\"");
    QTest::newRow("digest userhash and username*")
        << QByteArray("Authorization")
        << QByteArray("Digest username*=UTF-8''J%C3%A4s%C3%B8n, userhash=false, response=\"0a\"")
        << QByteArray("Digest username*=UTF-8''J%C3%A4s%C3%B8n, userhash=false, response=\"[redacted]\"");
    QTest::newRow("digest that does not parse")
        << QByteArray("Authorization") << QByteArray("Digest username=\"unterminated, response=\"abc")
        << QByteArray("Digest [redacted]");
    QTest::newRow("unknown scheme") << QByteArray("Authorization")
                                    << QByteArray("AWS4-HMAC-SHA256 Credential=AKIA/20240101/us/s3, Signature=ab12")
                                    << QByteArray("AWS4-HMAC-SHA256 [redacted]");
    QTest::newRow("negotiate token") << QByteArray("Authorization") << QByteArray("Negotiate YIIGhgYGKwYBBQUCoIIGejCC")
                                     << QByteArray("Negotiate [redacted]");
    QTest::newRow("scheme alone") << QByteArray("Authorization") << QByteArray("Negotiate")
                                  << QByteArray("Negotiate");
    QTest::newRow("raw token without scheme") << QByteArray("Authorization") << QByteArray("ghp_abcdef0123456789")
                                              << QByteArray("[redacted]");
    QTest::newRow("empty") << QByteArray("Authorization") << QByteArray() << QByteArray();
    QTest::newRow("authentication-info")
        << QByteArray("Authentication-Info")
        << QByteArray("rspauth=\"d4a3a4d5a6\", cnonce=\"0a4f113b\", nc=00000001, qop=auth, nextnonce=\"abc\"")
        << QByteArray("rspauth=\"[redacted]\", cnonce=\"[redacted]\", nc=00000001, qop=auth, nextnonce=\"abc\"");
    QTest::newRow("www-authenticate is public")
        << QByteArray("WWW-Authenticate") << QByteArray("Digest realm=\"r\", nonce=\"abc\", qop=\"auth\"")
        << QByteArray("Digest realm=\"r\", nonce=\"abc\", qop=\"auth\"");
}

void TestSecretRedactor::redactsAuthorizationButKeepsScheme()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(SecretRedactor::redactHeaderValue(name, value), expected);
}

void TestSecretRedactor::redactsCookieValuesButKeepsNamesAndAttributes_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("cookie one") << QByteArray("Cookie") << QByteArray("session=31d4d96e407aad42")
                                << QByteArray("session=[redacted]");
    QTest::newRow("cookie several") << QByteArray("Cookie") << QByteArray("a=1; b=two;c=3")
                                    << QByteArray("a=[redacted]; b=[redacted]; c=[redacted]");
    QTest::newRow("cookie nameless") << QByteArray("cookie") << QByteArray("justavalue; x=1")
                                     << QByteArray("[redacted]; x=[redacted]");
    QTest::newRow("cookie empty value stays") << QByteArray("Cookie") << QByteArray("a=; b=2")
                                              << QByteArray("a=; b=[redacted]");
    QTest::newRow("cookie value with equals") << QByteArray("Cookie") << QByteArray("t=abc==")
                                              << QByteArray("t=[redacted]");
    QTest::newRow("set-cookie attributes kept")
        << QByteArray("Set-Cookie") << QByteArray("SID=31d4d96e407aad42; Path=/; Secure; HttpOnly; SameSite=Lax")
        << QByteArray("SID=[redacted]; Path=/; Secure; HttpOnly; SameSite=Lax");
    QTest::newRow("set-cookie bare") << QByteArray("set-cookie") << QByteArray("lang=en-US")
                                     << QByteArray("lang=[redacted]");
    QTest::newRow("set-cookie deletion stays")
        << QByteArray("Set-Cookie") << QByteArray("SID=; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
        << QByteArray("SID=; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    QTest::newRow("set-cookie joined by qt")
        << QByteArray("Set-Cookie") << QByteArray("a=1; Path=/\nb=2; Domain=example.com")
        << QByteArray("a=[redacted]; Path=/\nb=[redacted]; Domain=example.com");
}

void TestSecretRedactor::redactsCookieValuesButKeepsNamesAndAttributes()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(SecretRedactor::redactHeaderValue(name, value), expected);
}

void TestSecretRedactor::redactsOtherHeadersByName_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("expected");

    const char *secret[] = {
        "X-API-Key", "x-api-key", "Api-Key", "X-Auth-Token", "X-Access-Token", "X-CSRF-Token",
        "X-Amz-Security-Token", "X-Goog-Api-Key", "Ocp-Apim-Subscription-Key", "Private-Token",
        "X-Vault-Token", "X-Client-Secret", "X-Functions-Key",
    };
    for (const char *name : secret)
        QTest::addRow("secret %s", name) << QByteArray(name) << QByteArray("k-12345") << QByteArray("[redacted]");
    QTest::newRow("secret but empty") << QByteArray("X-API-Key") << QByteArray() << QByteArray();

    const char *plain[] = {"Content-Type", "Accept", "User-Agent", "Sec-WebSocket-Key", "Idempotency-Key", "Host"};
    for (const char *name : plain)
        QTest::addRow("plain %s", name) << QByteArray(name) << QByteArray("k-12345") << QByteArray("k-12345");

    QTest::newRow("location with code")
        << QByteArray("Location") << QByteArray("https://app.example/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz")
        << QByteArray("https://app.example/cb?code=[redacted]&state=xyz");
    QTest::newRow("location relative with token")
        << QByteArray("location") << QByteArray("/next?token=abc&page=2")
        << QByteArray("/next?token=[redacted]&page=2");
    QTest::newRow("location implicit flow fragment")
        << QByteArray("Location")
        << QByteArray("https://app.example/cb#access_token=2YotnFZFEjr1zCsicMWpAA&token_type=bearer&expires_in=3600")
        << QByteArray("https://app.example/cb#access_token=[redacted]&token_type=bearer&expires_in=3600");
    QTest::newRow("location without secrets kept verbatim")
        << QByteArray("Location") << QByteArray("/a b?x=1") << QByteArray("/a b?x=1");
    QTest::newRow("referer") << QByteArray("Referer") << QByteArray("https://h/p?api_key=zz")
                             << QByteArray("https://h/p?api_key=[redacted]");
    QTest::newRow("link") << QByteArray("Link")
                          << QByteArray("<https://api.example/r?page=2&access_token=abc>; rel=\"next\", <https://api.example/r?page=9>; rel=\"last\"")
                          << QByteArray("<https://api.example/r?page=2&access_token=[redacted]>; rel=\"next\", <https://api.example/r?page=9>; rel=\"last\"");
}

void TestSecretRedactor::redactsOtherHeadersByName()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(SecretRedactor::redactHeaderValue(name, value), expected);
}

void TestSecretRedactor::redactsHeaderListKeepingOrderAndSources()
{
    HeaderList in;
    in.append("Accept", "*/*", HeaderField::Source::Default);
    in.append("Authorization", "Bearer tok", HeaderField::Source::Authentication);
    in.append("Cookie", "s=1", HeaderField::Source::CookieJar);
    in.append("X-Api-Key", "k", HeaderField::Source::User);
    in.append("X-Api-Key", "k2", HeaderField::Source::User);

    const HeaderList out = SecretRedactor::redactHeaders(in);
    QCOMPARE(out.size(), in.size());
    for (int i = 0; i < in.size(); ++i) {
        QCOMPARE(out.at(i).name, in.at(i).name);
        QCOMPARE(out.at(i).source, in.at(i).source);
    }
    QCOMPARE(out.at(0).value, QByteArray("*/*"));
    QCOMPARE(out.at(1).value, QByteArray("Bearer [redacted]"));
    QCOMPARE(out.at(2).value, QByteArray("s=[redacted]"));
    QCOMPARE(out.at(3).value, QByteArray("[redacted]"));
    QCOMPARE(out.at(4).value, QByteArray("[redacted]"));
}

void TestSecretRedactor::redactsCookieObjects()
{
    QNetworkCookie c("SID", "31d4d96e407aad42");
    c.setDomain(QStringLiteral("example.com"));
    c.setPath(QStringLiteral("/"));
    c.setHttpOnly(true);
    const QNetworkCookie r = SecretRedactor::redactCookie(c);
    QCOMPARE(r.name(), QByteArray("SID"));
    QCOMPARE(r.value(), QByteArray("[redacted]"));
    QCOMPARE(r.domain(), QStringLiteral("example.com"));
    QCOMPARE(r.path(), QStringLiteral("/"));
    QVERIFY(r.isHttpOnly());
    QCOMPARE(SecretRedactor::redactCookie(QNetworkCookie("gone", "")).value(), QByteArray());
}

void TestSecretRedactor::redactsUrlPasswordAndSecretParameters_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expected");

    QTest::newRow("userinfo password") << QStringLiteral("https://alice:s3cr3t@example.com/x")
                                       << QStringLiteral("https://alice:[redacted]@example.com/x");
    QTest::newRow("userinfo password only") << QStringLiteral("https://:s3cr3t@example.com/")
                                            << QStringLiteral("https://:[redacted]@example.com/");
    QTest::newRow("userinfo encoded user and port")
        << QStringLiteral("http://al%40ice:p%40ss@127.0.0.1:8080/a%20b")
        << QStringLiteral("http://al%40ice:[redacted]@127.0.0.1:8080/a%20b");
    QTest::newRow("user without password kept") << QStringLiteral("https://alice@example.com/")
                                                << QStringLiteral("https://alice@example.com/");
    QTest::newRow("access_token") << QStringLiteral("https://api.example/me?access_token=abc&fields=id")
                                  << QStringLiteral("https://api.example/me?access_token=[redacted]&fields=id");
    QTest::newRow("several secret parameters")
        << QStringLiteral("https://h/t?client_id=app&client_secret=shh&code=xyz&state=s1&redirect_uri=https%3A%2F%2Fa%2Fcb")
        << QStringLiteral("https://h/t?client_id=app&client_secret=[redacted]&code=[redacted]&state=s1&redirect_uri=https%3A%2F%2Fa%2Fcb");
    QTest::newRow("key and apikey") << QStringLiteral("https://maps.example/api?key=AIza123&apikey=z&q=a+b")
                                    << QStringLiteral("https://maps.example/api?key=[redacted]&apikey=[redacted]&q=a+b");
    QTest::newRow("name case and encoding") << QStringLiteral("https://h/?ACCESS%5FTOKEN=abc&Api-Key=1")
                                            << QStringLiteral("https://h/?ACCESS_TOKEN=[redacted]&Api-Key=[redacted]"); // Qt decodes unreserved %5F
    QTest::newRow("encoded value") << QStringLiteral("https://h/?password=p%40ss%26word")
                                   << QStringLiteral("https://h/?password=[redacted]");
    QTest::newRow("empty value stays") << QStringLiteral("https://h/?token=&x=1")
                                       << QStringLiteral("https://h/?token=&x=1");
    QTest::newRow("name without value stays") << QStringLiteral("https://h/?token&x=1")
                                              << QStringLiteral("https://h/?token&x=1");
    QTest::newRow("empty query kept") << QStringLiteral("https://h/p?") << QStringLiteral("https://h/p?");
    QTest::newRow("fragment parameters")
        << QStringLiteral("https://app/cb#access_token=abc&token_type=bearer&state=9")
        << QStringLiteral("https://app/cb#access_token=[redacted]&token_type=bearer&state=9");
    QTest::newRow("plain fragment kept") << QStringLiteral("https://h/doc#section-2")
                                         << QStringLiteral("https://h/doc#section-2");
    QTest::newRow("nothing secret") << QStringLiteral("http://127.0.0.1:8080/get?a=1&b=2")
                                    << QStringLiteral("http://127.0.0.1:8080/get?a=1&b=2");
    QTest::newRow("aws presigned")
        << QStringLiteral("https://b.s3.example/o?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F2024&X-Amz-Signature=abcd&X-Amz-Security-Token=tok")
        << QStringLiteral("https://b.s3.example/o?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=[redacted]&X-Amz-Signature=[redacted]&X-Amz-Security-Token=[redacted]");
    QTest::newRow("relative") << QStringLiteral("/cb?code=abc") << QStringLiteral("/cb?code=[redacted]");
    QTest::newRow("empty") << QString() << QString();
}

void TestSecretRedactor::redactsUrlPasswordAndSecretParameters()
{
    QFETCH(QString, url);
    QFETCH(QString, expected);
    QCOMPARE(SecretRedactor::redactUrl(QUrl(url)), expected);
}

void TestSecretRedactor::redactsFormBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<bool>("truncated");
    QTest::addColumn<QByteArray>("expected");

    const QByteArray form("application/x-www-form-urlencoded");
    QTest::newRow("password grant")
        << QByteArray("grant_type=password&username=alice&password=s3cr3t&client_id=app") << form << false
        << QByteArray("grant_type=password&username=alice&password=[redacted]&client_id=app");
    QTest::newRow("code exchange")
        << QByteArray("grant_type=authorization_code&code=SplxlOBeZQQ&redirect_uri=https%3A%2F%2Fa%2Fcb&code_verifier=dBjftJeZ4CVP&client_secret=x")
        << QByteArray("application/x-www-form-urlencoded; charset=utf-8") << false
        << QByteArray("grant_type=authorization_code&code=[redacted]&redirect_uri=https%3A%2F%2Fa%2Fcb&code_verifier=[redacted]&client_secret=[redacted]");
    QTest::newRow("encoded name") << QByteArray("refresh%5Ftoken=r1&scope=a+b") << form << false
                                  << QByteArray("refresh%5Ftoken=[redacted]&scope=a+b");
    QTest::newRow("plus in name") << QByteArray("api+key=1") << form << false << QByteArray("api+key=[redacted]");
    QTest::newRow("empty value") << QByteArray("password=&x=1") << form << false << QByteArray("password=&x=1");
    QTest::newRow("cut in the secret value") << QByteArray("user=a&password=s3c") << form << true
                                             << QByteArray("user=a&password=[redacted]");
    QTest::newRow("type case ignored") << QByteArray("token=t") << QByteArray("Application/X-WWW-Form-Urlencoded")
                                       << false << QByteArray("token=[redacted]");
    QTest::newRow("plain text untouched") << QByteArray("password=s3cr3t") << QByteArray("text/plain") << false
                                          << QByteArray("password=s3cr3t");
    QTest::newRow("no content type untouched") << QByteArray("password=s3cr3t") << QByteArray() << false
                                               << QByteArray("password=s3cr3t");
}

void TestSecretRedactor::redactsFormBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(bool, truncated);
    QFETCH(QByteArray, expected);
    const SecretRedactor::Body r = SecretRedactor::redactBody(body, contentType, truncated);
    QCOMPARE(r.data, expected);
    QVERIFY(r.inspected);
    QCOMPARE(r.changed, expected != body);
}

void TestSecretRedactor::redactsJsonBodiesInPlace_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<bool>("truncated");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<bool>("inspected");

    const QByteArray json("application/json");
    QTest::newRow("token response")
        << QByteArray("{\"access_token\":\"2YotnFZFEjr1zCsicMWpAA\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                      "\"refresh_token\":\"tGzv3JOkF0XG5Qx2TlKWIA\",\"scope\":\"read\"}")
        << QByteArray("application/json;charset=UTF-8") << false
        << QByteArray("{\"access_token\":\"[redacted]\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                      "\"refresh_token\":\"[redacted]\",\"scope\":\"read\"}")
        << true;
    QTest::newRow("formatting and order kept")
        << QByteArray("{\n  \"z\" : 1,\n  \"password\" :   \"pw\" ,\n  \"a\": [ 1, 2 ]\n}\n") << json << false
        << QByteArray("{\n  \"z\" : 1,\n  \"password\" :   \"[redacted]\" ,\n  \"a\": [ 1, 2 ]\n}\n") << true;
    QTest::newRow("nested and in arrays")
        << QByteArray("{\"users\":[{\"name\":\"a\",\"apiKey\":\"k1\"},{\"name\":\"b\",\"apiKey\":\"k2\"}],"
                      "\"meta\":{\"auth\":{\"client_secret\":\"s\"}}}")
        << json << false
        << QByteArray("{\"users\":[{\"name\":\"a\",\"apiKey\":\"[redacted]\"},{\"name\":\"b\",\"apiKey\":\"[redacted]\"}],"
                      "\"meta\":{\"auth\":\"[redacted]\"}}")
        << true;
    QTest::newRow("number and object values")
        << QByteArray("{\"pin\":1,\"otp\":123456,\"credentials\":{\"user\":\"u\",\"pass\":\"p\"},\"token\":[\"a\"]}")
        << json << false
        << QByteArray("{\"pin\":1,\"otp\":\"[redacted]\",\"credentials\":\"[redacted]\",\"token\":\"[redacted]\"}")
        << true;
    QTest::newRow("empty, null and bool kept")
        << QByteArray("{\"password\":\"\",\"token\":null,\"secret\":false,\"key\":{},\"code\":[]}") << json << false
        << QByteArray("{\"password\":\"\",\"token\":null,\"secret\":false,\"key\":{},\"code\":[]}") << true;
    QTest::newRow("escaped key")
        << QByteArray("{\"pass\\u0077ord\":\"x\"}") << json << false
        << QByteArray("{\"pass\\u0077ord\":\"[redacted]\"}") << true;
    QTest::newRow("escapes inside the secret")
        << QByteArray("{\"password\":\"a\\\"b\\\\c\\u00e9\\ud83d\\ude00\",\"n\":\"\xc3\xa9\"}") << json << false
        << QByteArray("{\"password\":\"[redacted]\",\"n\":\"\xc3\xa9\"}") << true;
    QTest::newRow("header echo keeps scheme")
        << QByteArray("{\"headers\":{\"Authorization\":\"Basic YWxpY2U6czNjcjN0\",\"Cookie\":\"s=abc; t=1\","
                      "\"Host\":\"127.0.0.1\"}}")
        << json << false
        << QByteArray("{\"headers\":{\"Authorization\":\"Basic [redacted]\",\"Cookie\":\"s=[redacted]; t=[redacted]\","
                      "\"Host\":\"127.0.0.1\"}}")
        << true;
    QTest::newRow("problem+json") << QByteArray("{\"token\":\"t\"}") << QByteArray("application/problem+json") << false
                                  << QByteArray("{\"token\":\"[redacted]\"}") << true;
    QTest::newRow("text/json") << QByteArray("{\"token\":\"t\"}") << QByteArray("text/json") << false
                               << QByteArray("{\"token\":\"[redacted]\"}") << true;
    QTest::newRow("top-level array")
        << QByteArray("[{\"secret\":\"s\"},2,\"x\",true]") << json << false
        << QByteArray("[{\"secret\":\"[redacted]\"},2,\"x\",true]") << true;
    QTest::newRow("top-level scalar") << QByteArray("42") << json << false << QByteArray("42") << true;
    QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF{\"token\":\"t\"}") << json << false
                                     << QByteArray("\xEF\xBB\xBF{\"token\":\"[redacted]\"}") << true;
    QTest::newRow("whitespace only") << QByteArray("  \n") << json << false << QByteArray("  \n") << true;
    QTest::newRow("cut inside a secret string")
        << QByteArray("{\"a\":1,\"access_token\":\"2YotnF") << json << true
        << QByteArray("{\"a\":1,\"access_token\":\"[redacted]\"") << true;
    QTest::newRow("cut inside a secret object")
        << QByteArray("{\"credentials\":{\"user\":\"u\",\"pa") << json << true
        << QByteArray("{\"credentials\":\"[redacted]\"") << true;
    QTest::newRow("cut after a secret")
        << QByteArray("{\"token\":\"abc\",\"list\":[1,2") << json << true
        << QByteArray("{\"token\":\"[redacted]\",\"list\":[1,2") << true;
    QTest::newRow("cut but not declared truncated")
        << QByteArray("{\"token\":\"abc\",\"list\":[1,2") << json << false
        << QByteArray("{\"token\":\"abc\",\"list\":[1,2") << false;
    QTest::newRow("broken json left unchanged")
        << QByteArray("{\"token\": \"abc\", oops}") << json << false
        << QByteArray("{\"token\": \"abc\", oops}") << false;
    QTest::newRow("trailing garbage") << QByteArray("{\"token\":\"abc\"} x") << json << false
                                      << QByteArray("{\"token\":\"abc\"} x") << false;
    QTest::newRow("single quotes are not json") << QByteArray("{'token':'abc'}") << json << false
                                                << QByteArray("{'token':'abc'}") << false;
    QTest::newRow("leading zero") << QByteArray("{\"token\":012}") << json << false
                                  << QByteArray("{\"token\":012}") << false;
    QTest::newRow("raw control character") << QByteArray("{\"token\":\"a\tb\"}") << json << false
                                           << QByteArray("{\"token\":\"a\tb\"}") << false;
    const QByteArray deep = QByteArray(300, '[') + QByteArray(300, ']');
    QTest::newRow("nested too deep") << deep << json << false << deep << false;
    QTest::newRow("html is not inspected") << QByteArray("<p>token=abc</p>") << QByteArray("text/html") << false
                                           << QByteArray("<p>token=abc</p>") << true;
}

void TestSecretRedactor::redactsJsonBodiesInPlace()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(bool, truncated);
    QFETCH(QByteArray, expected);
    QFETCH(bool, inspected);

    const SecretRedactor::Body r = SecretRedactor::redactBody(body, contentType, truncated);
    QCOMPARE(r.data, expected);
    QCOMPARE(r.inspected, inspected);
    QCOMPARE(r.changed, expected != body);
    if (!inspected) {
        QVERIFY2(r.note.contains(QLatin1String("not inspected")), qPrintable(r.note));
        QVERIFY2(r.note.contains(QLatin1String("byte")), qPrintable(r.note));
    } else {
        QVERIFY(r.note.isEmpty());
    }
}

void TestSecretRedactor::redactsEveryPrefixOfACutJsonBody()
{
    // Wherever a capped body is cut, what remains of the secret must not show.
    const QByteArray secret("Zx9-SECRET-VALUE-q7");
    const QByteArray body = "{\"list\": [1, -2.5e3, true, null, \"s\\u00e9\"], \"nested\": {\"refresh_token\": \""
            + secret + "\", \"k\": {\"password\": [\"" + secret + "\", 7]}}, \"tail\": \"x\"}";
    QVERIFY(JsonBodyRedactor::redact(body).ok);
    for (qsizetype cut = 1; cut <= body.size(); ++cut) {
        const QByteArray prefix = body.left(cut);
        const JsonBodyRedactor::Result r = JsonBodyRedactor::redact(prefix, true);
        QVERIFY2(r.ok, qPrintable(QStringLiteral("cut at %1: %2").arg(cut).arg(r.error)));
        // Any 4 consecutive bytes of the secret would be a leak (shorter pieces are noise).
        for (qsizetype i = 0; i + 4 <= secret.size(); ++i)
            QVERIFY2(!r.data.contains(secret.mid(i, 4)), qPrintable(QStringLiteral("cut at %1: %2")
                                                                    .arg(cut).arg(QString::fromUtf8(r.data))));
    }
}

void TestSecretRedactor::neverCrashesOnMangledJson()
{
    const QByteArray body("{\"a\": [1, 2, {\"token\": \"abc\\u12\", \"b\": -0.5e+7}], \"password\": \"x\"}");
    QRandomGenerator rng(20240101);
    for (int round = 0; round < 3000; ++round) {
        QByteArray mangled = body;
        const int edits = 1 + int(rng.bounded(4));
        for (int e = 0; e < edits; ++e) {
            const int pos = int(rng.bounded(int(mangled.size())));
            switch (rng.bounded(3)) {
            case 0: mangled[pos] = char(rng.bounded(256)); break;
            case 1: mangled.remove(pos, 1); break;
            default: mangled.insert(pos, "{[\"\\:,"[rng.bounded(6)]); break;
            }
        }
        const bool truncated = rng.bounded(2) == 1;
        const JsonBodyRedactor::Result r = JsonBodyRedactor::redact(mangled, truncated);
        if (!r.ok) {
            QCOMPARE(r.data, mangled);
            QVERIFY(!r.error.isEmpty());
        }
    }
}

void TestSecretRedactor::redactsKnownSecretsInText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Secrets>("secrets");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << QStringLiteral("login failed for s3cr3t-pw!") << Secrets{"s3cr3t-pw"}
                           << QStringLiteral("login failed for [redacted]!");
    QTest::newRow("every occurrence") << QStringLiteral("tok tok tok") << Secrets{"tok tok"}
                                      << QStringLiteral("[redacted] tok");
    QTest::newRow("base64") << QStringLiteral("x=") + QString::fromLatin1(QByteArray("s3cr3t-pw").toBase64())
                            << Secrets{"s3cr3t-pw"} << QStringLiteral("x=[redacted]");
    QTest::newRow("base64url")
        << QString::fromLatin1(QByteArray("\xfb\xff secret?>").toBase64(QByteArray::Base64UrlEncoding))
        << Secrets{"\xfb\xff secret?>"} << QStringLiteral("[redacted]");
    QTest::newRow("basic credentials of user:password")
        << QStringLiteral("sent Basic ") + QString::fromLatin1(QByteArray("alice:s3cr3t").toBase64())
        << Secrets{"alice:s3cr3t"} << QStringLiteral("sent Basic [redacted]");
    QTest::newRow("percent-encoded") << QStringLiteral("GET /x?p=p%40ss%20w%2Frd%21 failed")
                                     << Secrets{"p@ss w/rd!"} << QStringLiteral("GET /x?p=[redacted] failed");
    QTest::newRow("percent-encoded lower hex") << QStringLiteral("p=p%40ss%20w%2frd%21")
                                               << Secrets{"p@ss w/rd!"} << QStringLiteral("p=[redacted]");
    QTest::newRow("form-encoded") << QStringLiteral("p=p%40ss+w%2Frd%21&x=1") << Secrets{"p@ss w/rd!"}
                                  << QStringLiteral("p=[redacted]&x=1");
    QTest::newRow("json-escaped") << QStringLiteral("{\"x\":\"pa\\\"ss\\\\word\"}") << Secrets{"pa\"ss\\word"}
                                  << QStringLiteral("{\"x\":\"[redacted]\"}");
    QTest::newRow("longer secret first") << QStringLiteral("abcdefgh and abcd") << Secrets{"abcd", "abcdefgh"}
                                         << QStringLiteral("[redacted] and [redacted]");
    QTest::newRow("unicode secret") << QStringLiteral("pw: gr\u00fc\u00dfe-42") << Secrets{"gr\xc3\xbc\xc3\x9f" "e-42"}
                                    << QStringLiteral("pw: [redacted]");
    QTest::newRow("short secret skipped") << QStringLiteral("abc is short") << Secrets{"abc"}
                                          << QStringLiteral("abc is short");
    QTest::newRow("empty secret ignored") << QStringLiteral("text") << Secrets{QByteArray()}
                                          << QStringLiteral("text");
    QTest::newRow("no secrets") << QStringLiteral("text") << Secrets{} << QStringLiteral("text");
    QTest::newRow("case matters") << QStringLiteral("TOKEN-VALUE") << Secrets{"token-value"}
                                  << QStringLiteral("TOKEN-VALUE");
}

void TestSecretRedactor::redactsKnownSecretsInText()
{
    QFETCH(QString, text);
    QFETCH(Secrets, secrets);
    QFETCH(QString, expected);
    QCOMPARE(SecretRedactor::redactText(text, secrets), expected);
    QCOMPARE(SecretRedactor::redactText(text.toUtf8(), secrets), expected.toUtf8());
}

void TestSecretRedactor::hidesSecretInsideLongerBase64_data()
{
    QTest::addColumn<QByteArray>("prefix");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QByteArray>("suffix");

    const QByteArray secrets[] = {"s3cr3t", "correct horse battery staple", "p@ss"};
    const QByteArray prefixes[] = {"", "a:", "al:", "ali:", "alice:"};
    for (const QByteArray &secret : secrets) {
        for (const QByteArray &prefix : prefixes) {
            QTest::addRow("%s|%s", prefix.constData(), secret.constData()) << prefix << secret << QByteArray();
            QTest::addRow("%s|%s|x", prefix.constData(), secret.constData()) << prefix << secret << QByteArray("x");
        }
    }
}

void TestSecretRedactor::hidesSecretInsideLongerBase64()
{
    QFETCH(QByteArray, prefix);
    QFETCH(QByteArray, secret);
    QFETCH(QByteArray, suffix);

    const QByteArray blob = QByteArray(prefix + secret + suffix).toBase64();
    const QString out = SecretRedactor::redactText(QStringLiteral("Basic ") + QString::fromLatin1(blob), {secret});
    QVERIFY(out.contains(SecretRedactor::marker()));
    // Decoding whatever base64 is left over, at any alignment, must not give the secret back.
    const QRegularExpression run(QStringLiteral("[A-Za-z0-9+/=]+"));
    auto it = run.globalMatch(out);
    while (it.hasNext()) {
        const QByteArray rest = it.next().captured().toLatin1();
        for (int shift = 0; shift < 4; ++shift) {
            const QByteArray decoded = QByteArray::fromBase64(rest.mid(shift));
            QVERIFY2(!decoded.contains(secret.left(qMin<qsizetype>(secret.size(), 4))),
                     qPrintable(out));
        }
    }
}

void TestSecretRedactor::redactsSecretCutOffByTheEnd_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("first bytes of the secret") << QByteArray("password is hunt") << QByteArray("password is [redacted]");
    QTest::newRow("all but the last byte") << QByteArray("x hunter2") << QByteArray("x [redacted]");
    QTest::newRow("too little of it") << QByteArray("x hun") << QByteArray("x hun");
    QTest::newRow("not at the end") << QByteArray("hunt x") << QByteArray("hunt x");
    QTest::newRow("base64 cut") << QByteArray("Basic ") + QByteArray("hunter22").toBase64().left(6)
                                << QByteArray("Basic [redacted]");
    QTest::newRow("percent-encoded cut") << QByteArray("q=p%40ss") << QByteArray("q=[redacted]");
}

void TestSecretRedactor::redactsSecretCutOffByTheEnd()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, expected);
    const SecretMatcher matcher({"hunter22", "p@ss word"});
    QCOMPARE(matcher.redactCutEnd(text), expected);
}

void TestSecretRedactor::findsManySecretsInOnePass()
{
    QList<QByteArray> secrets;
    for (int i = 0; i < 2000; ++i)
        secrets.append("secret-" + QByteArray::number(i).rightJustified(4, '0'));
    QByteArray text(512 * 1024, 'x');
    text.replace(1000, 11, "secret-0042");
    text.replace(200000, 16, QByteArray("secret-1999").toBase64());
    text.append(" secret-0007");

    QElapsedTimer timer;
    timer.start();
    const SecretMatcher matcher(secrets);
    const QByteArray out = matcher.redact(text);
    QVERIFY2(timer.elapsed() < 10000, "one pass over the text, not one per secret form");
    QCOMPARE(out.count("[redacted]"), 3);
    QVERIFY(!out.contains("secret-"));
    QCOMPARE(matcher.redact(QString::fromLatin1(text)), QString::fromLatin1(out));
}

void TestSecretRedactor::redactsStringsOfJsonTreeButNotBlobs()
{
    const QJsonObject in{
        {QStringLiteral("message"), QStringLiteral("bad password hunter22")},
        {QStringLiteral("list"), QJsonArray{QStringLiteral("hunter22"), 5}},
        {QStringLiteral("pem"), QStringLiteral("hunter22")},
        {QStringLiteral("base64"), QStringLiteral("hunter22")},
        {QStringLiteral("content"), QJsonObject{{QStringLiteral("encoding"), QStringLiteral("base64")},
                                                {QStringLiteral("text"), QStringLiteral("hunter22")}}},
        {QStringLiteral("hunter22"), true},
    };
    const QJsonObject out = SecretRedactor::redactJsonStrings(in, {"hunter22"}).toObject();
    QCOMPARE(out.value(QLatin1String("message")).toString(), QStringLiteral("bad password [redacted]"));
    QCOMPARE(out.value(QLatin1String("list")).toArray().at(0).toString(), QStringLiteral("[redacted]"));
    QCOMPARE(out.value(QLatin1String("list")).toArray().at(1).toInt(), 5);
    QCOMPARE(out.value(QLatin1String("pem")).toString(), QStringLiteral("hunter22"));
    QCOMPARE(out.value(QLatin1String("base64")).toString(), QStringLiteral("hunter22"));
    QCOMPARE(out.value(QLatin1String("content")).toObject().value(QLatin1String("text")).toString(),
             QStringLiteral("hunter22"));
    QVERIFY(out.contains(QLatin1String("hunter22"))); // keys are names, not secrets
}

void TestSecretRedactor::collectsKnownSecretsOfExchange()
{
    Exchange e;
    e.request.url = QUrl(QStringLiteral("https://alice:urlpass1@h/?access_token=querytok1&x=plain"));
    e.request.credentials.user = QStringLiteral("alice");
    e.request.credentials.password = "hunter22";
    e.request.credentials.token = "credtoken-1";
    e.request.credentials.apiKeyName = "X-Anything";
    e.request.credentials.apiKeyValue = "credkey-1";
    e.request.headers.append("X-Api-Key", "apikey-1");
    e.request.body = RequestBody::form({{QStringLiteral("client_secret"), QStringLiteral("formsecret1")},
                                        {QStringLiteral("scope"), QStringLiteral("read")}});
    Leg leg;
    leg.url = e.request.url;
    leg.requestHeaders.append("Authorization", "Basic " + QByteArray("bob:basicpass1").toBase64());
    leg.requestHeaders.append("Authorization", "Digest username=\"bob\", response=\"digestresp1\"");
    leg.requestHeaders.append("Cookie", "sid=cookievalue-1; lang=en");
    leg.responseHeaders.append("Set-Cookie", "next=setcookie-1; Path=/");
    leg.responseHeaders.append("Location", "/cb?code=authcode-1");
    leg.responseHeaders.append("Link", "<https://h/r?page=2&access_token=linktok-1>; rel=\"next\"");
    leg.responseHeaders.append("Refresh", "0; url=/cb?code=refreshcode-1");
    leg.responseHeaders.append("Authentication-Info", "rspauth=\"rspauth-1\", cnonce=\"cnonce-1\", nc=00000001, qop=auth");
    leg.responseHeaders.append("Content-Type", "application/json");
    leg.responseBody = std::make_shared<BodyBuffer>();
    leg.responseBody->append("{\"refresh_token\":\"refresh-1\",\"token_type\":\"Bearer\"}");
    leg.cookiesSent.append(QNetworkCookie("jar", "jarcookie-1"));
    e.legs.append(leg);

    const Secrets secrets = SecretRedactor::knownSecrets(e);
    const Secrets expected = {
        "urlpass1", "querytok1", "hunter22", "alice:hunter22", "apikey-1", "formsecret1",
        "bob:basicpass1", "basicpass1", "digestresp1", "cookievalue-1", "setcookie-1", "authcode-1",
        "jarcookie-1", "credtoken-1", "credkey-1", "rspauth-1", "cnonce-1", "linktok-1", "refreshcode-1",
    };
    for (const QByteArray &s : expected)
        QVERIFY2(secrets.contains(s), s.constData());
    // Response bodies are redacted in place but not searched for secrets to hunt elsewhere.
    const Secrets notSecret = {"alice", "plain", "read", "en", "Bearer", "bob", "[redacted]", "refresh-1",
                               "00000001", "auth"};
    for (const QByteArray &s : notSecret)
        QVERIFY2(!secrets.contains(s), s.constData());
}

namespace {

// A header value carrying a secret the way its form does: `carried` is what stands in the header,
// `echoed` what a server may repeat elsewhere (for Basic, the password inside the base64).
struct FieldSample
{
    QByteArray value;
    QByteArray carried;
    QByteArray echoed;
};

QList<FieldSample> samplesFor(SecretNames::Form form, const QByteArray &s)
{
    using Form = SecretNames::Form;
    switch (form) {
    case Form::Public:
        return {{"Digest realm=\"r\", nonce=\"" + s + "\"", s, s}, {"Negotiate " + s, s, s}};
    case Form::Credentials: {
        const QByteArray basic = QByteArray("bob:" + s).toBase64();
        return {{"Bearer " + s, s, s}, {"Basic " + basic, basic, s},
                {"Digest username=\"bob\", realm=\"r\", nonce=\"n\", response=\"" + s + "\"", s, s},
                {"Digest username=\"bob\", cnonce=" + s, s, s},
                {"AWS4-HMAC-SHA256 Credential=AKIA/20240101/us/s3, Signature=" + s, s, s}, {s, s, s}};
    }
    case Form::AuthParams:
        return {{"rspauth=\"" + s + "\", qop=auth, nc=00000001", s, s}, {"nextnonce=\"n\", cnonce=" + s, s, s}};
    case Form::CookiePairs:
        return {{"lang=en; sid=" + s, s, s}, {s, s, s}};
    case Form::SetCookie:
        return {{"sid=" + s + "; Path=/; HttpOnly", s, s}, {"a=1; Path=/\nsid=" + s + "; Secure", s, s}};
    case Form::Url:
        return {{"https://app.example/cb?code=" + s + "&state=1", s, s}, {"https://bob:" + s + "@h/p", s, s},
                {"/cb#access_token=" + s + "&token_type=bearer", s, s}};
    case Form::LinkUrls:
        return {{"<https://api.example/r?page=2&access_token=" + s + ">; rel=\"next\", <https://api.example/r?page=9>; rel=\"last\"", s, s}};
    case Form::RefreshUrl:
        return {{"0; url=https://app.example/cb?code=" + s, s, s}, {"5;URL='/p?token=" + s + "'", s, s}};
    case Form::Whole:
        return {{s, s, s}};
    }
    return {};
}

} // namespace

// Rows come from SecretNames' table, so a field added there is tested here: whatever its
// masking hides must also be collected, and so hidden where a body or an error repeats it.
void TestSecretRedactor::masksAndCollectsEveryTableField_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<bool>("secret");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("carried");
    QTest::addColumn<QByteArray>("echoed");

    QList<SecretNames::Field> fields = SecretNames::fields();
    // Fields outside the table are Whole when their name is a secret name.
    for (const char *name : {"x-api-key", "x-custom-token", "private-token", "x-client-secret"})
        fields.append({name, SecretNames::Form::Whole});
    int n = 0;
    for (const SecretNames::Field &f : std::as_const(fields)) {
        QCOMPARE(SecretNames::formOf(f.name), f.form);
        const QByteArray secret = "Zq9-s3cr3t-" + QByteArray::number(++n) + "-x";
        const QList<FieldSample> samples = samplesFor(f.form, secret);
        if (samples.isEmpty())
            QTest::addRow("%s has no sample", f.name) << QByteArray(f.name) << true << QByteArray() << QByteArray() << QByteArray();
        for (int i = 0; i < samples.size(); ++i) {
            QTest::addRow("%s %d", f.name, i) << QByteArray(f.name) << (f.form != SecretNames::Form::Public)
                                              << samples.at(i).value << samples.at(i).carried << samples.at(i).echoed;
        }
    }
}

void TestSecretRedactor::masksAndCollectsEveryTableField()
{
    QFETCH(QByteArray, field);
    QFETCH(bool, secret);
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, carried);
    QFETCH(QByteArray, echoed);
    QVERIFY2(!value.isEmpty(), "samplesFor() has no sample for this form: add one");
    QVERIFY(value.contains(carried));

    const QByteArray masked = SecretRedactor::redactHeaderValue(field, value);
    Exchange e;
    Leg leg;
    leg.responseHeaders.append(field, value);
    e.legs.append(leg);
    const Secrets secrets = SecretRedactor::knownSecrets(e);
    const QString body = QStringLiteral("{\"echo\": \"%1\"}").arg(QString::fromLatin1(echoed));
    const QString error = QStringLiteral("the server refused '%1'").arg(QString::fromLatin1(echoed));
    // The echo is there to be found: without the collected secrets nothing hides it.
    QVERIFY(SecretRedactor::redactText(body, Secrets{}).contains(QString::fromLatin1(echoed)));

    if (!secret) {
        QCOMPARE(masked, value);
        QVERIFY(!secrets.contains(echoed));
        return;
    }
    QVERIFY2(!masked.contains(carried), masked.constData());
    QVERIFY2(masked.contains(SecretRedactor::markerBytes()), masked.constData());
    QVERIFY2(secrets.contains(echoed), "masked in the header but not collected");
    QVERIFY(!SecretRedactor::redactText(body, secrets).contains(QString::fromLatin1(echoed)));
    QVERIFY(!SecretRedactor::redactText(error, secrets).contains(QString::fromLatin1(echoed)));
}

void TestSecretRedactor::hidesLinkUrlSecretEchoedInBodyAndError()
{
    const QByteArray token = "gho_16C7e42F292c6912E7710c838347Ae178B4a";
    Exchange e;
    Leg leg;
    leg.url = QUrl(QStringLiteral("https://api.example/repos?page=1"));
    leg.responseHeaders.append("Link", "<https://api.example/repos?page=2&access_token=" + token + ">; rel=\"next\"");
    leg.responseHeaders.append("Content-Type", "text/plain");
    e.legs.append(leg);
    const QString body = QStringLiteral("next page: access_token=") + QString::fromLatin1(token);
    const QString error = QStringLiteral("token ") + QString::fromLatin1(token) + QStringLiteral(" has expired");

    QVERIFY(!SecretRedactor::redactHeaderValue("Link", leg.responseHeaders.value("Link")).contains(token));
    const SecretMatcher matcher(SecretRedactor::knownSecrets(e));
    QVERIFY(SecretMatcher(Secrets{}).redact(body).contains(QString::fromLatin1(token)));
    QCOMPARE(matcher.redact(body), QStringLiteral("next page: access_token=[redacted]"));
    QCOMPARE(matcher.redact(error), QStringLiteral("token [redacted] has expired"));
    // and in the JSON tree of an export
    const QJsonValue tree = SecretRedactor::redactJsonStrings(QJsonObject{{QStringLiteral("error"), error}}, matcher);
    QCOMPARE(tree.toObject().value(QLatin1String("error")).toString(), QStringLiteral("token [redacted] has expired"));
}

void TestSecretRedactor::collectsWhatAJsonEchoOfHeadersMasks()
{
    // A request body that carries headers (a webhook test, a proxy API) keeps the header rules,
    // and what they hide is collected like a header's.
    const QByteArray basic = QByteArray("bob:json-basic-pw1").toBase64();
    const QByteArray body = "{\"headers\": {\"Authorization\": \"Basic " + basic
            + "\", \"Link\": \"</r?access_token=json-link-tok1>; rel=next\", \"Cookie\": \"sid=json-cookie-1; l=en\"}}";
    const SecretRedactor::Body redacted = SecretRedactor::redactBody(body, "application/json");
    QVERIFY(body.contains(basic) && body.contains("json-link-tok1") && body.contains("json-cookie-1"));
    QCOMPARE(redacted.data, QByteArray("{\"headers\": {\"Authorization\": \"Basic [redacted]\", "
                                       "\"Link\": \"</r?access_token=[redacted]>; rel=next\", "
                                       "\"Cookie\": \"sid=[redacted]; l=[redacted]\"}}"));
    Exchange e;
    e.request.body = RequestBody::json(body);
    const Secrets secrets = SecretRedactor::knownSecrets(e);
    for (const QByteArray &s : {QByteArray("json-basic-pw1"), QByteArray("bob:json-basic-pw1"), basic,
                                QByteArray("json-link-tok1"), QByteArray("json-cookie-1")})
        QVERIFY2(secrets.contains(s), s.constData());
    QVERIFY(!secrets.contains("en")); // a cookie value that short would blank out text everywhere
}

QTEST_GUILESS_MAIN(TestSecretRedactor)
#include "tst_secretredactor.moc"
