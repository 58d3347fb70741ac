// TokenResponse (RFC 6749 §5.1 and §5.2) on what token endpoints answer and what they should
// not, and TokenEndpointRequest's client authentication (§2.3.1). Outcomes are asserted as codes.
#include "oauth/tokenendpointrequest.h"
#include "oauth/tokenresponse.h"

#include "core/notecode.h"

#include <QTest>

namespace {

const QDateTime kReceived = QDateTime(QDate(2026, 12, 5), QTime(10, 0, 0), Qt::UTC);

// A JWT with only the claims given (the signature is not checked when reading exp).
QByteArray jwtWithClaims(const QByteArray &claims)
{
    const auto part = [](const QByteArray &json) {
        return json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    return part(R"({"alg":"RS256","typ":"at+jwt"})") + '.' + part(claims) + '.' + part("signature");
}

struct Expected
{
    NoteCode reason = NoteCode::None; // None: a token set
    QByteArray accessToken;
    QByteArray refreshToken;
    QDateTime expiresAt;
    QString error;
    QString errorDescription;
};

} // namespace

Q_DECLARE_METATYPE(Expected)

class tst_TokenResponse : public QObject
{
    Q_OBJECT
private slots:
    void parsesWhatTokenEndpointsAnswer_data();
    void parsesWhatTokenEndpointsAnswer();
    void errorMessageCarriesErrorAndDescriptionMadeSafe();
    void oversizedBodyIsRefusedUnread();
    void neverCrashesOnTruncationsOfAValidAnswer();

    void basicAuthenticationFormEncodesBeforeBase64_data();
    void basicAuthenticationFormEncodesBeforeBase64();
    void clientAuthenticationPutsCredentialsWhereTheProfileSays_data();
    void clientAuthenticationPutsCredentialsWhereTheProfileSays();
    void scopeResourceAndAudienceFollowTheProfileAndTheCall();
};

void tst_TokenResponse::parsesWhatTokenEndpointsAnswer_data()
{
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Expected>("expected");

    const QByteArray jwt = jwtWithClaims(R"({"sub":"x","exp":1796479200})");
    const QDateTime jwtExp = QDateTime::fromSecsSinceEpoch(1796479200, Qt::UTC);
    const QDateTime in3600 = kReceived.addSecs(3600);

    QTest::newRow("rfc6749-5.1-example") << 200
        << QByteArray(R"({"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"example","expires_in":3600})")
        << Expected{NoteCode::TokenResponseInvalid, {}, {}, {}, {}, {}};
    QTest::newRow("bearer-with-refresh") << 200
        << QByteArray(R"({"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"Bearer","expires_in":3600,"refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA"})")
        << Expected{NoteCode::None, "2YotnFZFEjr1zCsicMWpAA", "tGzv3JOkF0XG5Qx2TlKWIA", in3600, {}, {}};
    QTest::newRow("bearer-lower-case") << 200
        << QByteArray(R"({"access_token":"a.b-c_d~e+f/g=","token_type":"bearer","expires_in":3600})")
        << Expected{NoteCode::None, "a.b-c_d~e+f/g=", {}, in3600, {}, {}};
    QTest::newRow("bearer-upper-case") << 200
        << QByteArray(R"({"access_token":"abc","token_type":"BEARER","expires_in":60})")
        << Expected{NoteCode::None, "abc", {}, kReceived.addSecs(60), {}, {}};
    QTest::newRow("expires-in-as-string") << 200
        << QByteArray(R"({"access_token":"abc","token_type":"Bearer","expires_in":"120"})")
        << Expected{NoteCode::None, "abc", {}, kReceived.addSecs(120), {}, {}};
    QTest::newRow("no-expires-in-jwt-exp") << 200
        << QByteArray(R"({"access_token":")" + jwt + R"(","token_type":"Bearer"})")
        << Expected{NoteCode::None, jwt, {}, jwtExp, {}, {}};
    QTest::newRow("no-expires-in-opaque") << 200
        << QByteArray(R"({"access_token":"opaque","token_type":"Bearer"})")
        << Expected{NoteCode::None, "opaque", {}, {}, {}, {}};
    QTest::newRow("expires-in-wins-over-jwt-exp") << 200
        << QByteArray(R"({"access_token":")" + jwt + R"(","token_type":"Bearer","expires_in":3600})")
        << Expected{NoteCode::None, jwt, {}, in3600, {}, {}};
    QTest::newRow("null-refresh-token-is-absent") << 200
        << QByteArray(R"({"access_token":"abc","token_type":"Bearer","refresh_token":null})")
        << Expected{NoteCode::None, "abc", {}, {}, {}, {}};
    QTest::newRow("201-created-is-success") << 201
        << QByteArray(R"({"access_token":"abc","token_type":"Bearer"})")
        << Expected{NoteCode::None, "abc", {}, {}, {}, {}};

    QTest::newRow("token-type-mac") << 200
        << QByteArray(R"({"access_token":"abc","token_type":"mac","expires_in":60})")
        << Expected{NoteCode::TokenResponseInvalid, {}, {}, {}, {}, {}};
    QTest::newRow("token-type-dpop") << 200
        << QByteArray(R"({"access_token":"abc","token_type":"DPoP"})")
        << Expected{NoteCode::TokenResponseInvalid, {}, {}, {}, {}, {}};
    QTest::newRow("token-type-missing") << 200 << QByteArray(R"({"access_token":"abc"})")
        << Expected{NoteCode::TokenResponseInvalid, {}, {}, {}, {}, {}};
    QTest::newRow("token-type-number") << 200 << QByteArray(R"({"access_token":"abc","token_type":1})")
        << Expected{NoteCode::TokenResponseInvalid, {}, {}, {}, {}, {}};
    QTest::newRow("access-token-missing") << 200 << QByteArray(R"({"token_type":"Bearer","expires_in":60})")
        << Expected{NoteCode::TokenResponseInvalid, {}, {}, {}, {}, {}};
    QTest::newRow("access-token-empty") << 200 << QByteArray(R"({"access_token":"","token_type":"Bearer"})")
        << Expected{NoteCode::TokenResponseInvalid, {}, {}, {}, {}, {}};
    QTest::newRow("access-token-number") << 200 << QByteArray(R"({"access_token":12345,"token_type":"Bearer"})")
        << Expected{NoteCode::TokenResponseInvalid, {}, {}, {}, {}, {}};
    QTest::newRow("access-token-with-space") << 200 << QByteArray(R"({"access_token":"a b","token_type":"Bearer"})")
        << Expected{NoteCode::TokenResponseInvalid, {}, {}, {}, {}, {}};
    QTest::newRow("access-token-with-crlf") << 200
        << QByteArray(R"({"access_token":"a\r\nX-Evil: 1","token_type":"Bearer"})")
        << Expected{NoteCode::TokenResponseInvalid, {}, {}, {}, {}, {}};
    QTest::newRow("expires-in-negative") << 200
        << QByteArray(R"({"access_token":"abc","token_type":"Bearer","expires_in":-5})")
        << Expected{NoteCode::TokenResponseInvalid, {}, {}, {}, {}, {}};
    QTest::newRow("expires-in-text") << 200
        << QByteArray(R"({"access_token":"abc","token_type":"Bearer","expires_in":"soon"})")
        << Expected{NoteCode::TokenResponseInvalid, {}, {}, {}, {}, {}};
    QTest::newRow("expires-in-huge") << 200
        << QByteArray(R"({"access_token":"abc","token_type":"Bearer","expires_in":1e300})")
        << Expected{NoteCode::TokenResponseInvalid, {}, {}, {}, {}, {}};
    QTest::newRow("refresh-token-object") << 200
        << QByteArray(R"({"access_token":"abc","token_type":"Bearer","refresh_token":{"x":1}})")
        << Expected{NoteCode::TokenResponseInvalid, {}, {}, {}, {}, {}};
    QTest::newRow("broken-json") << 200 << QByteArray(R"({"access_token":"abc","token_type":)")
        << Expected{NoteCode::TokenResponseInvalid, {}, {}, {}, {}, {}};
    QTest::newRow("empty-body") << 200 << QByteArray()
        << Expected{NoteCode::TokenResponseInvalid, {}, {}, {}, {}, {}};
    QTest::newRow("json-array") << 200 << QByteArray(R"([{"access_token":"abc","token_type":"Bearer"}])")
        << Expected{NoteCode::TokenResponseInvalid, {}, {}, {}, {}, {}};
    QTest::newRow("html-error-page") << 502 << QByteArray("<html><body>Bad Gateway</body></html>")
        << Expected{NoteCode::TokenResponseInvalid, {}, {}, {}, {}, {}};
    QTest::newRow("500-json-without-error") << 500 << QByteArray(R"({"message":"oops"})")
        << Expected{NoteCode::TokenResponseInvalid, {}, {}, {}, {}, {}};
    QTest::newRow("form-encoded-answer") << 200 << QByteArray("access_token=abc&token_type=bearer")
        << Expected{NoteCode::TokenResponseInvalid, {}, {}, {}, {}, {}};

    QTest::newRow("rfc6749-5.2-invalid-grant") << 400
        << QByteArray(R"({"error":"invalid_grant","error_description":"grant request is invalid"})")
        << Expected{NoteCode::TokenEndpointError, {}, {}, {}, QStringLiteral("invalid_grant"), QStringLiteral("grant request is invalid")};
    QTest::newRow("invalid-client-401-with-uri") << 401
        << QByteArray(R"({"error":"invalid_client","error_description":"client authentication failed","error_uri":"https://example.com/e"})")
        << Expected{NoteCode::TokenEndpointError, {}, {}, {}, QStringLiteral("invalid_client"), QStringLiteral("client authentication failed")};
    QTest::newRow("error-without-description") << 400 << QByteArray(R"({"error":"unsupported_grant_type"})")
        << Expected{NoteCode::TokenEndpointError, {}, {}, {}, QStringLiteral("unsupported_grant_type"), QString()};
    QTest::newRow("error-with-200") << 200 << QByteArray(R"({"error":"slow_down"})")
        << Expected{NoteCode::TokenEndpointError, {}, {}, {}, QStringLiteral("slow_down"), QString()};
    QTest::newRow("error-beside-a-token-is-an-error") << 200
        << QByteArray(R"({"error":"invalid_scope","access_token":"abc","token_type":"Bearer"})")
        << Expected{NoteCode::TokenEndpointError, {}, {}, {}, QStringLiteral("invalid_scope"), QString()};
    QTest::newRow("error-not-a-string") << 400 << QByteArray(R"({"error":42})")
        << Expected{NoteCode::TokenResponseInvalid, {}, {}, {}, {}, {}};
}

void tst_TokenResponse::parsesWhatTokenEndpointsAnswer()
{
    QFETCH(int, httpStatus);
    QFETCH(QByteArray, body);
    QFETCH(Expected, expected);

    TokenResponse response = TokenResponse::parse(httpStatus, body, kReceived);
    QCOMPARE(NoteCodes::name(response.status().reason()), NoteCodes::name(expected.reason));
    if (expected.reason == NoteCode::None) {
        QVERIFY2(response.isOk(), qPrintable(response.status().message()));
        const TokenSet tokens = response.takeTokens();
        QCOMPARE(tokens.accessToken, expected.accessToken);
        QCOMPARE(tokens.refreshToken, expected.refreshToken);
        QCOMPARE(tokens.tokenType, QByteArrayLiteral("Bearer"));
        QCOMPARE(tokens.obtainedAt, kReceived);
        QCOMPARE(tokens.expiresAt, expected.expiresAt);
        return;
    }
    QVERIFY(!response.isOk());
    QVERIFY(response.tokens().isEmpty());
    QVERIFY(!response.status().message().isEmpty());
    QCOMPARE(response.error(), expected.error);
    QCOMPARE(response.errorDescription(), expected.errorDescription);
    const Status::Code code = expected.reason == NoteCode::TokenEndpointError ? Status::Code::AuthenticationFailed
                                                                             : Status::Code::ProtocolError;
    QCOMPARE(response.status().codeName(), Status::codeName(code));
    // A refused token never shows in the message.
    QVERIFY(!response.status().message().contains(QLatin1String("abc")));
}

void tst_TokenResponse::errorMessageCarriesErrorAndDescriptionMadeSafe()
{
    const TokenResponse response = TokenResponse::parse(
        400, QByteArray(R"({"error":"invalid_grant","error_description":"refresh token \u001b[31mreused\u202e"})"), kReceived);
    QCOMPARE(response.status().reason(), NoteCode::TokenEndpointError);
    const QString message = response.status().message();
    QVERIFY2(message.contains(QLatin1String("invalid_grant")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("reused")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("HTTP 400")), qPrintable(message));
    QVERIFY2(!message.contains(QChar(0x1b)) && !message.contains(QChar(0x202e)), qPrintable(message));
    // The raw description stays available as it came, for --json.
    QVERIFY(response.errorDescription().contains(QChar(0x1b)));
}

void tst_TokenResponse::oversizedBodyIsRefusedUnread()
{
    QByteArray body = R"({"access_token":"abc","token_type":"Bearer","pad":")";
    body += QByteArray(TokenResponse::MaxBodyBytes, 'x');
    body += R"("})";
    const TokenResponse response = TokenResponse::parse(200, body, kReceived);
    QCOMPARE(response.status().reason(), NoteCode::TokenResponseInvalid);
    QVERIFY(response.status().message().contains(QString::number(body.size())));
}

void tst_TokenResponse::neverCrashesOnTruncationsOfAValidAnswer()
{
    const QByteArray whole = R"({"access_token":"abc","token_type":"Bearer","expires_in":60,"refresh_token":"r","scope":"a b"})";
    int invalid = 0;
    for (int cut = 0; cut < whole.size(); ++cut) {
        const TokenResponse response = TokenResponse::parse(200, whole.left(cut), kReceived);
        QVERIFY2(!response.isOk(), whole.left(cut).constData());
        invalid += response.status().reason() == NoteCode::TokenResponseInvalid;
    }
    QCOMPARE(invalid, int(whole.size()));
    QVERIFY(TokenResponse::parse(200, whole, kReceived).isOk());
}

void tst_TokenResponse::basicAuthenticationFormEncodesBeforeBase64_data()
{
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QByteArray>("joinedBeforeBase64");

    QTest::newRow("plain") << QStringLiteral("s6BhdRkqt3") << QByteArray("7Fjfp0ZBr1KtDRbnfVdmIw")
                           << QByteArray("s6BhdRkqt3:7Fjfp0ZBr1KtDRbnfVdmIw");
    // RFC 6749 §2.3.1: a ':' in the id would otherwise split it; '+' and space are form-encoded.
    QTest::newRow("colon-in-id") << QStringLiteral("urn:client:1") << QByteArray("s") << QByteArray("urn%3Aclient%3A1:s");
    QTest::newRow("space-and-plus-in-secret") << QStringLiteral("id") << QByteArray("a b+c")
                                              << QByteArray("id:a+b%2Bc");
    QTest::newRow("utf8-secret") << QStringLiteral("id") << QByteArray("p\xc3\xa4ss") << QByteArray("id:p%C3%A4ss");
    QTest::newRow("unreserved-kept") << QStringLiteral("a-b.c_d~e") << QByteArray("x") << QByteArray("a-b.c_d~e:x");
}

void tst_TokenResponse::basicAuthenticationFormEncodesBeforeBase64()
{
    QFETCH(QString, clientId);
    QFETCH(QByteArray, secret);
    QFETCH(QByteArray, joinedBeforeBase64);
    QCOMPARE(TokenEndpointRequest::basicAuthorization(clientId, secret), "Basic " + joinedBeforeBase64.toBase64());
}

void tst_TokenResponse::clientAuthenticationPutsCredentialsWhereTheProfileSays_data()
{
    QTest::addColumn<int>("auth");
    QTest::addColumn<bool>("authorizationHeader");
    QTest::addColumn<QByteArray>("body");

    QTest::newRow("basic") << int(OAuthProfile::ClientAuth::Basic) << true
                           << QByteArray("grant_type=refresh_token&refresh_token=r%2Bt");
    QTest::newRow("post") << int(OAuthProfile::ClientAuth::Post) << false
                          << QByteArray("grant_type=refresh_token&refresh_token=r%2Bt&client_id=my+app&client_secret=s%26cret");
    QTest::newRow("none") << int(OAuthProfile::ClientAuth::None) << false
                          << QByteArray("grant_type=refresh_token&refresh_token=r%2Bt&client_id=my+app");
}

void tst_TokenResponse::clientAuthenticationPutsCredentialsWhereTheProfileSays()
{
    QFETCH(int, auth);
    QFETCH(bool, authorizationHeader);
    QFETCH(QByteArray, body);

    OAuthProfile profile;
    profile.clientId = QStringLiteral("my app");
    profile.clientAuth = OAuthProfile::ClientAuth(auth);
    profile.tokenUrl = QUrl(QStringLiteral("http://127.0.0.1:9/token"));
    TokenEndpointRequest builder(profile, QByteArrayLiteral("s&cret"));
    builder.addParameter(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
    builder.addParameter(QStringLiteral("refresh_token"), QByteArrayLiteral("r+t"));
    const HttpRequest request = builder.build();

    QCOMPARE(request.method, QByteArrayLiteral("POST"));
    QCOMPARE(request.url, profile.tokenUrl);
    QCOMPARE(request.headers.value("Accept"), QByteArrayLiteral("application/json"));
    QCOMPARE(request.body.contentType(), QByteArrayLiteral("application/x-www-form-urlencoded"));
    QCOMPARE(request.body.data(), body);
    QCOMPARE(request.headers.contains("Authorization"), authorizationHeader);
    QVERIFY(!request.credentials.hasAny());
    QVERIFY(request.credentials.oauthProfile.isEmpty());
    QString error;
    QVERIFY2(request.validate(&error), qPrintable(error));
}

void tst_TokenResponse::scopeResourceAndAudienceFollowTheProfileAndTheCall()
{
    OAuthProfile profile;
    profile.clientId = QStringLiteral("c");
    profile.clientAuth = OAuthProfile::ClientAuth::None;
    profile.tokenUrl = QUrl(QStringLiteral("http://127.0.0.1:9/token"));
    profile.scope = QStringLiteral("api:read api:write");
    profile.resource = QStringLiteral("http://127.0.0.1:9/api");
    profile.audience = QStringLiteral("aud");

    TokenEndpointRequest all(profile, QByteArray());
    all.addParameter(QStringLiteral("grant_type"), QStringLiteral("client_credentials"));
    QCOMPARE(all.build().body.data(),
             QByteArray("grant_type=client_credentials&scope=api%3Aread+api%3Awrite&resource=http%3A%2F%2F127.0.0.1%3A9%2Fapi"
                        "&audience=aud&client_id=c"));

    const QUrl revocation(QStringLiteral("http://127.0.0.1:9/revoke"));
    TokenEndpointRequest none(profile, QByteArray(), revocation);
    none.setIncludeScope(false);
    none.setIncludeResource(false);
    none.addParameter(QStringLiteral("token"), QStringLiteral("t"));
    const HttpRequest request = none.build();
    QCOMPARE(request.url, revocation);
    QCOMPARE(request.body.data(), QByteArray("token=t&client_id=c"));
}

QTEST_GUILESS_MAIN(tst_TokenResponse)
#include "tst_tokenresponse.moc"
