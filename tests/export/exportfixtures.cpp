#include "exportfixtures.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QSslCertificate>

#include <cctype>

namespace {

constexpr qint64 Ms = 1000000; // nanoseconds

QDateTime fixedStart()
{
    return QDateTime(QDate(2024, 3, 1), QTime(12, 0, 0, 250), Qt::UTC);
}

LegTiming timing(double queued, double connecting, double encrypted, double sent, double firstByte, double finished)
{
    auto ns = [](double ms) { return ms < 0 ? qint64(-1) : qint64(ms * Ms + 0.5); };
    LegTiming t;
    t.queuedNs = ns(queued);
    t.connectingNs = ns(connecting);
    t.encryptedNs = ns(encrypted);
    t.requestSentNs = ns(sent);
    t.firstByteNs = ns(firstByte);
    t.finishedNs = ns(finished);
    return t;
}

void addDefaultHeaders(Leg *leg, const QByteArray &host)
{
    leg->requestHeaders.append("User-Agent", "AuthScope/0.1.0", HeaderField::Source::Default);
    leg->requestHeaders.append("Accept", "*/*", HeaderField::Source::Default);
    leg->requestHeaders.append("Host", host, HeaderField::Source::Transport);
    leg->requestHeaders.append("Connection", "Keep-Alive", HeaderField::Source::Transport);
}

void serverHeaders(Leg *leg, const QByteArray &contentType, qint64 length, const QByteArray &server)
{
    leg->responseHeaders.append("Server", server, HeaderField::Source::Server);
    leg->responseHeaders.append("Date", "Fri, 01 Mar 2024 12:00:00 GMT", HeaderField::Source::Server);
    leg->responseHeaders.append("Connection", "keep-alive", HeaderField::Source::Server);
    if (!contentType.isEmpty())
        leg->responseHeaders.append("Content-Type", contentType, HeaderField::Source::Server);
    leg->responseHeaders.append("Content-Length", QByteArray::number(length), HeaderField::Source::Server);
}

void respond(Leg *leg, int status, const QByteArray &reason, const QByteArray &contentType, const QByteArray &bytes,
             const QByteArray &server = "gunicorn")
{
    leg->httpVersion = "HTTP/1.1";
    leg->statusCode = status;
    leg->reasonPhrase = reason;
    serverHeaders(leg, contentType, bytes.size(), server);
    leg->responseBody = ExportFixtures::body(bytes);
}

// A challenge as ChallengeParser records it (values unquoted); the tests check the two agree.
Challenge challenge(const QByteArray &scheme, const QList<QPair<QByteArray, QByteArray>> &params,
                    const QByteArray &token68 = QByteArray())
{
    Challenge c;
    c.scheme = scheme;
    c.params = params;
    c.token68 = token68;
    return c;
}

QSslCertificate testCertificate()
{
    QFile file(QStringLiteral(AUTHSCOPE_SOURCE_DIR "/tests/export/data/selfsigned.pem"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read tests/export/data/selfsigned.pem");
    return QSslCertificate(file.readAll(), QSsl::Pem);
}

Exchange basicAuthRetry()
{
    Exchange e;
    e.startedAt = fixedStart();
    e.request.url = QUrl(QStringLiteral("http://127.0.0.1:8080/basic-auth/alice/s3cret-Pass"));
    e.request.credentials.user = QStringLiteral("alice");
    e.request.credentials.password = "s3cret-Pass";

    Leg first = ExportFixtures::leg(0, Leg::Kind::Initial, "GET", e.request.url.toString());
    first.reason = QStringLiteral("the request as composed");
    respond(&first, 401, "UNAUTHORIZED", QByteArray(), QByteArray());
    first.responseHeaders.append("WWW-Authenticate", "Basic realm=\"Fake Realm\"", HeaderField::Source::Server);
    first.challenges = {challenge("Basic", {{"realm", "Fake Realm"}})};
    first.timing = timing(0.1, 0.3, -1, 1.2, 4.5, 4.8);

    Leg retry = ExportFixtures::leg(1, Leg::Kind::AuthRetry, "GET", e.request.url.toString());
    retry.reason = QStringLiteral("401 answered: Answering with the credentials given with the request");
    retry.requestHeaders.append("Authorization", "Basic " + QByteArray("alice:s3cret-Pass").toBase64(),
                                HeaderField::Source::Authentication);
    retry.authentication = QStringLiteral("Basic as alice");
    respond(&retry, 200, "OK", "application/json", "{\n  \"authenticated\": true, \n  \"user\": \"alice\"\n}\n");
    retry.timing = timing(5.0, -1, -1, 5.4, 7.9, 8.1);
    retry.note(NoteCode::PlainHttpWarning, QStringLiteral("credentials sent over plain http can be read by anyone on the path"));

    e.legs = {first, retry};
    e.durationNs = 8200000;
    return e;
}

Exchange digestAuth()
{
    Exchange e;
    e.startedAt = fixedStart();
    e.request.url = QUrl(QStringLiteral("http://127.0.0.1:8080/digest-auth/auth/bob/pw-digest-9"));
    e.request.credentials.user = QStringLiteral("bob");
    e.request.credentials.password = "pw-digest-9";

    Leg first = ExportFixtures::leg(0, Leg::Kind::Initial, "GET", e.request.url.toString());
    respond(&first, 401, "UNAUTHORIZED", "text/html; charset=utf-8", QByteArray());
    first.responseHeaders.append("WWW-Authenticate",
                                 "Digest realm=\"me@kennethreitz.com\", nonce=\"6f5a0c3e2b1d4e8f9a7b6c5d4e3f2a1b\", "
                                 "qop=\"auth\", opaque=\"0f1e2d3c4b5a69788796a5b4c3d2e1f0\", algorithm=MD5, stale=FALSE",
                                 HeaderField::Source::Server);
    first.challenges = {challenge("Digest", {{"realm", "me@kennethreitz.com"},
                                             {"nonce", "6f5a0c3e2b1d4e8f9a7b6c5d4e3f2a1b"},
                                             {"qop", "auth"},
                                             {"opaque", "0f1e2d3c4b5a69788796a5b4c3d2e1f0"},
                                             {"algorithm", "MD5"},
                                             {"stale", "FALSE"}})};
    first.responseHeaders.append("Set-Cookie", "stale_after=never; Path=/", HeaderField::Source::Server);
    first.responseHeaders.append("Set-Cookie", "fake=fake_value; Path=/", HeaderField::Source::Server);
    QNetworkCookie stale("stale_after", "never");
    stale.setPath(QStringLiteral("/"));
    stale.setDomain(QStringLiteral("127.0.0.1"));
    QNetworkCookie fake("fake", "fake_value");
    fake.setPath(QStringLiteral("/"));
    fake.setDomain(QStringLiteral("127.0.0.1"));
    first.cookiesSet = {stale, fake};
    first.timing = timing(0.1, 0.2, -1, 0.9, 2.0, 2.1);

    Leg retry = ExportFixtures::leg(1, Leg::Kind::AuthRetry, "GET", e.request.url.toString());
    retry.reason = QStringLiteral("401 answered: Answering with the credentials given with the request");
    retry.authentication = QStringLiteral("Digest MD5, qop=auth, nc=00000001 as bob");
    retry.requestHeaders.append("Cookie", "stale_after=never; fake=fake_value", HeaderField::Source::CookieJar);
    retry.requestHeaders.append("Authorization",
                                "Digest username=\"bob\", realm=\"me@kennethreitz.com\", "
                                "nonce=\"6f5a0c3e2b1d4e8f9a7b6c5d4e3f2a1b\", uri=\"/digest-auth/auth/bob/pw-digest-9\", "
                                "algorithm=MD5, response=\"6629fae49393a05397450978507c4ef1\", "
                                "opaque=\"0f1e2d3c4b5a69788796a5b4c3d2e1f0\", qop=auth, nc=00000001, cnonce=\"0a4f113b\"",
                                HeaderField::Source::Authentication);
    retry.cookiesSent = {stale, fake};
    respond(&retry, 200, "OK", "application/json", "{\"authenticated\": true, \"user\": \"bob\"}\n");
    retry.timing = timing(2.3, -1, -1, 2.5, 3.6, 3.7);

    e.legs = {first, retry};
    e.durationNs = 3800000;
    return e;
}

Exchange redirectWithToken()
{
    Exchange e;
    e.startedAt = fixedStart();
    e.request.url = QUrl(QStringLiteral("http://127.0.0.1:8080/redirect-to?url=%2Fget%3Fpage%3D2&access_token=tok-in-query-77"));
    e.request.options.followRedirects = true;

    Leg first = ExportFixtures::leg(0, Leg::Kind::Initial, "GET", e.request.url.toString());
    respond(&first, 302, "FOUND", "text/html; charset=utf-8", QByteArray());
    first.responseHeaders.append("Location", "/get?page=2", HeaderField::Source::Server);
    first.responseHeaders.append("Set-Cookie", "session=sess-7f3a9c1e5b; Path=/; HttpOnly; SameSite=Lax",
                                 HeaderField::Source::Server);
    QNetworkCookie session("session", "sess-7f3a9c1e5b");
    session.setPath(QStringLiteral("/"));
    session.setDomain(QStringLiteral("127.0.0.1"));
    session.setHttpOnly(true);
    session.setSameSitePolicy(QNetworkCookie::SameSite::Lax);
    first.cookiesSet = {session};
    first.timing = timing(0.2, 0.4, -1, 1.0, 2.2, 2.4);
    first.note(NoteCode::RedirectFollowed, QStringLiteral("Following 302 redirect to http://127.0.0.1:8080/get?page=2"));

    Leg second = ExportFixtures::leg(1, Leg::Kind::Redirect, "GET", QStringLiteral("http://127.0.0.1:8080/get?page=2"));
    second.reason = QStringLiteral("302 Location: /get?page=2");
    second.requestHeaders.append("Cookie", "session=sess-7f3a9c1e5b", HeaderField::Source::CookieJar);
    second.cookiesSent = {session};
    respond(&second, 200, "OK", "application/json",
            "{\"args\": {\"page\": \"2\"}, \"headers\": {\"Cookie\": \"session=sess-7f3a9c1e5b\", "
            "\"Host\": \"127.0.0.1:8080\"}, \"url\": \"http://127.0.0.1:8080/get?page=2\"}\n");
    second.timing = timing(2.6, -1, -1, 2.9, 4.0, 4.2);

    e.legs = {first, second};
    e.durationNs = 4300000;
    return e;
}

Exchange tokenEndpointForm()
{
    Exchange e;
    e.startedAt = fixedStart();
    e.request.method = "POST";
    e.request.url = QUrl(QStringLiteral("http://127.0.0.1:8080/token"));
    e.request.body = RequestBody::form({{QStringLiteral("grant_type"), QStringLiteral("password")},
                                        {QStringLiteral("username"), QStringLiteral("alice")},
                                        {QStringLiteral("password"), QStringLiteral("hunter22-Pw!")},
                                        {QStringLiteral("client_id"), QStringLiteral("cli")},
                                        {QStringLiteral("client_secret"), QStringLiteral("cs-5566")}});

    Leg leg = ExportFixtures::leg(0, Leg::Kind::TokenEndpoint, "POST", e.request.url.toString());
    leg.reason = QStringLiteral("resource owner password grant");
    leg.requestHeaders.append("Content-Type", "application/x-www-form-urlencoded", HeaderField::Source::Body);
    leg.requestBody = "grant_type=password&username=alice&password=hunter22-Pw%21&client_id=cli&client_secret=cs-5566";
    leg.requestBodySize = leg.requestBody.size();
    leg.requestBodySource = QStringLiteral("form");
    respond(&leg, 200, "OK", "application/json;charset=UTF-8",
            "{\"access_token\":\"at-0011-secret\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
            "\"refresh_token\":\"rt-2233-secret\",\"scope\":\"read\"}");
    leg.responseHeaders.append("Cache-Control", "no-store", HeaderField::Source::Server);
    leg.timing = timing(0.1, 0.2, -1, 0.8, 12.5, 12.6);

    e.legs = {leg};
    e.durationNs = 12700000;
    return e;
}

Exchange binaryDownload()
{
    Exchange e;
    e.startedAt = fixedStart();
    e.request.url = QUrl(QStringLiteral("http://127.0.0.1:8080/image/png"));
    Leg leg = ExportFixtures::leg(0, Leg::Kind::Initial, "GET", e.request.url.toString());
    QByteArray png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89", 33);
    respond(&leg, 200, "OK", "image/png", png);
    leg.timing = timing(0.1, 0.3, -1, 0.9, 1.5, 1.7);
    e.legs = {leg};
    e.durationNs = 1800000;
    return e;
}

Exchange connectionRefused()
{
    Exchange e;
    e.startedAt = fixedStart();
    e.request.url = QUrl(QStringLiteral("http://127.0.0.1:9/"));
    Leg leg = ExportFixtures::leg(0, Leg::Kind::Initial, "GET", e.request.url.toString());
    leg.status = Status(Status::Code::ConnectionRefused,
                        QStringLiteral("Connection refused by 127.0.0.1:9. Is the server running?"));
    leg.timing = timing(0.05, 0.2, -1, -1, -1, 0.9);
    e.legs = {leg};
    e.status = leg.status;
    e.durationNs = 1000000;
    return e;
}

Exchange insecureTls()
{
    Exchange e;
    e.startedAt = fixedStart();
    e.request.url = QUrl(QStringLiteral("https://127.0.0.1:8443/hello.txt"));
    e.request.options.insecureTls = true;
    Leg leg = ExportFixtures::leg(0, Leg::Kind::Initial, "GET", e.request.url.toString());
    leg.requestHeaders.append("Accept-Encoding", "gzip, deflate", HeaderField::Source::Transport);
    const QSslCertificate cert = testCertificate();
    leg.tls.encrypted = true;
    leg.tls.verificationDisabled = true;
    leg.tls.protocol = QStringLiteral("TLSv1.3");
    leg.tls.cipher = QStringLiteral("TLS_AES_256_GCM_SHA384");
    leg.tls.peerChain = {cert};
    leg.tls.errors = {QSslError(QSslError::SelfSignedCertificate, cert)};
    leg.note(NoteCode::TlsVerificationOff, QStringLiteral("TLS verification is OFF: 1 certificate error(s) ignored"));
    respond(&leg, 200, "OK", "text/plain", "hello over tls\n");
    leg.httpVersion = "HTTP/2";
    leg.responseHeaders.append("Content-Encoding", "gzip", HeaderField::Source::Server);
    leg.timing = timing(0.1, 0.2, 3.0, 3.2, 4.0, 4.1);
    e.legs = {leg};
    e.durationNs = 4200000;
    return e;
}

Exchange brokenJson()
{
    Exchange e;
    e.startedAt = fixedStart();
    e.request.url = QUrl(QStringLiteral("http://127.0.0.1:8080/broken"));
    Leg leg = ExportFixtures::leg(0, Leg::Kind::Initial, "GET", e.request.url.toString());
    respond(&leg, 200, "OK", "application/json", "{\"token\": \"tok-broken-1234\", oops");
    leg.timing = timing(0.1, 0.2, -1, 0.6, 1.0, 1.1);
    e.legs = {leg};
    e.durationNs = 1200000;
    return e;
}

// Apache mod_auth_digest: a 401, then the answer, accepted with an Authentication-Info whose
// rspauth proves the server knows the password (values computed for alice / Zebra-Digest-417).
Exchange digestAuthenticationInfo()
{
    const QByteArray nonce = "Fq3m6W0GBgA=5b8f0e4c2d9a7b1e3f6a8c0d2e4f6a8b1c3d5e7f";
    Exchange e;
    e.startedAt = fixedStart();
    e.request.url = QUrl(QStringLiteral("http://127.0.0.1:8081/private/index.html"));
    e.request.credentials.user = QStringLiteral("alice");
    e.request.credentials.password = "Zebra-Digest-417";
    const QByteArray apache = "Apache/2.4.62 (Debian)";

    Leg first = ExportFixtures::leg(0, Leg::Kind::Initial, "GET", e.request.url.toString());
    respond(&first, 401, "Unauthorized", "text/html; charset=iso-8859-1",
            "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>401 Unauthorized</title>\n"
            "</head><body>\n<h1>Unauthorized</h1>\n</body></html>\n", apache);
    first.responseHeaders.append("WWW-Authenticate",
                                 "Digest realm=\"private area\", nonce=\"" + nonce + "\", algorithm=MD5, qop=\"auth\"",
                                 HeaderField::Source::Server);
    first.challenges = {challenge("Digest", {{"realm", "private area"}, {"nonce", nonce},
                                             {"algorithm", "MD5"}, {"qop", "auth"}})};
    first.timing = timing(0.1, 0.2, -1, 0.7, 1.9, 2.0);

    Leg retry = ExportFixtures::leg(1, Leg::Kind::AuthRetry, "GET", e.request.url.toString());
    retry.reason = QStringLiteral("401 answered: Answering with the credentials given with the request");
    retry.requestHeaders.append("Authorization",
                                "Digest username=\"alice\", realm=\"private area\", uri=\"/private/index.html\", "
                                "algorithm=MD5, nonce=\"" + nonce + "\", nc=00000001, cnonce=\"7d3b9e0f1a2c4e6b\", "
                                "qop=auth, response=\"0ba06c70aeb3bfe719c37e7609815d37\"",
                                HeaderField::Source::Authentication);
    retry.authentication = QStringLiteral("Digest MD5, qop=auth, nc=00000001 as alice");
    respond(&retry, 200, "OK", "text/html", "<html><body>private</body></html>\n", apache);
    retry.responseHeaders.append("Authentication-Info",
                                 "rspauth=\"adc90047048a7a31b3e9170d75439cfa\", cnonce=\"7d3b9e0f1a2c4e6b\", "
                                 "nc=00000001, qop=auth",
                                 HeaderField::Source::Server);
    retry.timing = timing(2.2, -1, -1, 2.4, 3.3, 3.4);
    retry.notes = {
        LegNote(NoteCode::RspauthVerified, QStringLiteral("Authentication-Info verified: rspauth proves the server knows the password")),
        LegNote(NoteCode::CredentialsAccepted, QStringLiteral("Accepted by the server digest realm \"private area\" at http://127.0.0.1:8081; "
                                                              "later requests in this session answer it up front")),
    };

    e.legs = {first, retry};
    e.durationNs = 3500000;
    return e;
}

// A bearer token the server no longer accepts (RFC 6750 §3.1 invalid_token), with a second,
// broken challenge field beside it; nobody to ask for other credentials, so the exchange fails.
Exchange bearerInvalidToken()
{
    Exchange e;
    e.startedAt = fixedStart();
    e.request.url = QUrl(QStringLiteral("http://127.0.0.1:8082/api/me"));
    e.request.credentials.token = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3MDkyOTQ0MDB9.ZXhwaXJlZA";

    Leg leg = ExportFixtures::leg(0, Leg::Kind::Initial, "GET", e.request.url.toString());
    leg.requestHeaders.append("Authorization", "Bearer " + e.request.credentials.token,
                              HeaderField::Source::Authentication);
    leg.authentication = QStringLiteral("Bearer token (%1 characters), given with the request")
                             .arg(e.request.credentials.token.size());
    respond(&leg, 401, "Unauthorized", "application/json",
            "{\"error\":\"invalid_token\",\"error_description\":\"The access token expired\"}", "nginx/1.22.1");
    leg.responseHeaders.append("WWW-Authenticate",
                               "Bearer realm=\"api\", error=\"invalid_token\", "
                               "error_description=\"The access token expired\"",
                               HeaderField::Source::Server);
    leg.responseHeaders.append("WWW-Authenticate", "Basic realm=\"legacy", HeaderField::Source::Server);
    // The parser keeps what it can of the broken field: the scheme.
    leg.challenges = {challenge("Bearer", {{"realm", "api"}, {"error", "invalid_token"},
                                           {"error_description", "The access token expired"}}),
                      challenge("Basic", {})};
    leg.challengeProblems = {QStringLiteral("WWW-Authenticate offset 12: unterminated quoted string in parameter \"realm\"")};
    leg.notes = {
        LegNote(NoteCode::BearerInvalidToken, QStringLiteral("Bearer: invalid_token: the token is expired, revoked or malformed; get a new one "
                                                             "(log in again or refresh it).")),
        LegNote(NoteCode::ServerErrorDescription, QStringLiteral("Bearer: the server says: The access token expired")),
        LegNote(NoteCode::ChallengeSkipped, QStringLiteral("Not answered: Basic: a stronger or more fitting challenge was chosen")),
        LegNote(NoteCode::CredentialsRejected, QStringLiteral("Rejected: server bearer realm \"api\" at http://127.0.0.1:8082 refused the credentials "
                                                              "sent with this leg")),
    };
    leg.timing = timing(0.1, 0.2, -1, 0.6, 1.4, 1.5);

    e.legs = {leg};
    e.status = Status(Status::Code::AuthenticationFailed,
                      QStringLiteral("The server bearer realm \"api\" at http://127.0.0.1:8082 needs credentials and "
                                     "none were given (give them with the request, e.g. -u USER:PASSWORD)"));
    e.durationNs = 1600000;
    return e;
}

// Carries each secret in many places: credentials, Basic and Bearer fields, cookies (header, jar,
// Set-Cookie), a query API key, bodies that echo them (JSON, text, binary), an error message
// and an annotation.
Exchange echoingExchange(const QList<QByteArray> &s, const QByteArray &user)
{
    const QByteArray password = s.at(0), bearer = s.at(1), cookie = s.at(2), apiKey = s.at(3), customKey = s.at(4);
    const QByteArray basic = "Basic " + QByteArray(user + ':' + password).toBase64();
    const QString query = QStringLiteral("?key=") + QString::fromLatin1(QUrl::toPercentEncoding(QString::fromLatin1(apiKey)));

    Exchange e;
    e.startedAt = fixedStart();
    e.request.method = "POST";
    e.request.url = QUrl(QStringLiteral("http://127.0.0.1:8080/anything") + query);
    e.request.credentials.user = QString::fromLatin1(user);
    e.request.credentials.password = password;
    e.request.credentials.token = bearer;
    // an API key under a name that says nothing: only the known-secret hunt can find it
    e.request.credentials.apiKeyName = "X-Client";
    e.request.credentials.apiKeyValue = customKey;
    e.request.headers.append("Cookie", "sid=" + cookie, HeaderField::Source::User);
    e.request.body = RequestBody::json("{\"password\": \"" + password + "\", \"note\": \"hi\"}");

    Leg first = ExportFixtures::leg(0, Leg::Kind::Initial, "POST", e.request.url.toString());
    first.requestHeaders.append("Cookie", "sid=" + cookie, HeaderField::Source::User);
    first.requestHeaders.append("Authorization", basic, HeaderField::Source::Authentication);
    first.requestHeaders.append("Content-Type", "application/json", HeaderField::Source::Body);
    first.requestHeaders.append("X-Client", customKey, HeaderField::Source::Authentication);
    first.requestBody = "{\"password\": \"" + password + "\", \"note\": \"hi\"}";
    first.requestBodySize = first.requestBody.size();
    QNetworkCookie sid("sid", cookie);
    first.cookiesSent = {sid};
    // httpbin's /anything echoes everything, in JSON that names none of it as secret
    respond(&first, 200, "OK", "application/json",
            "{\"args\": {\"key\": \"" + apiKey + "\"}, \"data\": \"{\\\"password\\\": \\\"" + password
            + "\\\"}\", \"headers\": {\"Authorization\": \"" + basic + "\", \"Cookie\": \"sid=" + cookie
            + "\", \"X-Client\": \"" + customKey + "\"}, \"origin\": \"127.0.0.1\", \"echo\": [\"" + password + "\", \"" + cookie + "\"]}");
    first.responseHeaders.append("Set-Cookie", "sid=" + cookie + "; Path=/; HttpOnly", HeaderField::Source::Server);
    first.cookiesSet = {sid};
    first.timing = timing(0.1, 0.2, -1, 0.5, 1.0, 1.2);

    Leg second = ExportFixtures::leg(1, Leg::Kind::Retry, "GET",
                     QStringLiteral("http://alice:") + QString::fromLatin1(QUrl::toPercentEncoding(QString::fromLatin1(password)))
                     + QStringLiteral("@127.0.0.1:8080/bearer") + query);
    second.reason = QStringLiteral("retrying with token ") + QString::fromLatin1(bearer);
    second.requestHeaders.append("Authorization", "Bearer " + bearer, HeaderField::Source::User);
    second.requestHeaders.append("X-Api-Key", apiKey, HeaderField::Source::User);
    // binary body holding the token bytes, and a plain-text body that prints the cookie
    respond(&second, 200, "OK", "application/octet-stream", QByteArray("\xff\xfe\x00", 3) + bearer + QByteArray("\x00\x01", 2));
    second.timing = timing(1.5, -1, -1, 1.7, 2.0, 2.1);
    second.note(NoteCode::ApiKeySent, QStringLiteral("sent key ") + QString::fromLatin1(apiKey) + QStringLiteral(" and cookie ")
                                          + QString::fromLatin1(cookie));
    second.status = Status(Status::Code::HttpError, QStringLiteral("password ") + QString::fromLatin1(password)
                                                      + QStringLiteral(" was rejected"));

    Leg third = ExportFixtures::leg(2, Leg::Kind::Retry, "GET", QStringLiteral("http://127.0.0.1:8080/cookies"));
    respond(&third, 200, "OK", "text/plain", "your cookie is " + cookie + " and url-encoded password "
                                                 + QUrl::toPercentEncoding(QString::fromLatin1(password)) + "\n");
    third.timing = timing(2.2, -1, -1, 2.3, 2.5, 2.6);

    e.legs = {first, second, third};
    e.status = second.status;
    e.durationNs = 2700000;
    return e;
}

// The engine's own auth path: a Bearer token sent up front and refused, the Digest answer that
// follows (response, cnonce, and rspauth in Authentication-Info), Basic credentials for the proxy
// on every leg, and an API key in a query parameter whose name says nothing. The server echoes
// some of it back in text that names none of it as secret.
Exchange authPathExchange(const QList<QByteArray> &s, const QByteArray &user, const QByteArray &proxyUser)
{
    const QByteArray password = s.at(0), bearer = s.at(1), proxyPassword = s.at(2), apiKey = s.at(3),
                     response = s.at(4), cnonce = s.at(5), rspauth = s.at(6);
    const QByteArray nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
    const QByteArray proxyBasic = "Basic " + QByteArray(proxyUser + ':' + proxyPassword).toBase64();
    const QString url = QStringLiteral("http://127.0.0.1:8081/reports/q1?subscription=")
            + QString::fromLatin1(QUrl::toPercentEncoding(QString::fromLatin1(apiKey)));

    Exchange e;
    e.startedAt = fixedStart();
    e.request.url = QUrl(QStringLiteral("http://127.0.0.1:8081/reports/q1"));
    e.request.credentials.user = QString::fromLatin1(user);
    e.request.credentials.password = password;
    e.request.credentials.token = bearer;
    e.request.credentials.apiKeyName = "subscription";
    e.request.credentials.apiKeyValue = apiKey;
    e.request.credentials.apiKeyInQuery = true;

    Leg first = ExportFixtures::leg(0, Leg::Kind::Initial, "GET", url);
    first.requestHeaders.append("Proxy-Authorization", proxyBasic, HeaderField::Source::Authentication);
    first.requestHeaders.append("Authorization", "Bearer " + bearer, HeaderField::Source::Authentication);
    first.authentication = QStringLiteral("Bearer token (%1 characters), given with the request").arg(bearer.size());
    first.notes = {
        LegNote(NoteCode::ProxyCredentialsPreemptive, QStringLiteral("Proxy credentials sent up front (Basic) for ") + QString::fromLatin1(proxyUser)),
        LegNote(NoteCode::ApiKeySent, QStringLiteral("API key sent as query parameter \"subscription\"")),
    };
    respond(&first, 401, "Unauthorized", "text/plain", "token " + bearer + " is not valid here\n");
    first.responseHeaders.append("WWW-Authenticate", "Bearer realm=\"reports\", error=\"invalid_token\"",
                                 HeaderField::Source::Server);
    first.responseHeaders.append("WWW-Authenticate",
                                 "Digest realm=\"reports\", nonce=\"" + nonce + "\", qop=\"auth\", algorithm=MD5",
                                 HeaderField::Source::Server);
    first.challenges = {
        challenge("Bearer", {{"realm", "reports"}, {"error", "invalid_token"}}),
        challenge("Digest", {{"realm", "reports"}, {"nonce", nonce}, {"qop", "auth"}, {"algorithm", "MD5"}}),
    };
    first.timing = timing(0.1, 0.2, -1, 0.5, 1.0, 1.1);

    Leg retry = ExportFixtures::leg(1, Leg::Kind::AuthRetry, "GET", url);
    retry.reason = QStringLiteral("401 answered: Answering with the credentials given with the request");
    retry.requestHeaders.append("Proxy-Authorization", proxyBasic, HeaderField::Source::Authentication);
    retry.requestHeaders.append("Authorization",
                                "Digest username=\"" + user + "\", realm=\"reports\", uri=\"/reports/q1?subscription="
                                + QUrl::toPercentEncoding(QString::fromLatin1(apiKey)) + "\", algorithm=MD5, nonce=\""
                                + nonce + "\", nc=00000001, cnonce=\"" + cnonce + "\", qop=auth, response=\""
                                + response + "\"",
                                HeaderField::Source::Authentication);
    retry.authentication = QStringLiteral("Digest MD5, qop=auth, nc=00000001 as ") + QString::fromLatin1(user);
    // a debug endpoint that says too much, in fields that are not named as secrets
    respond(&retry, 200, "OK", "application/json",
            "{\"user\": \"" + user + "\", \"via\": \"" + proxyBasic + "\", \"note\": \"checked " + password
            + " against " + response + "\", \"query\": \"subscription=" + apiKey + "\"}");
    retry.responseHeaders.append("Authentication-Info",
                                 "rspauth=\"" + rspauth + "\", cnonce=\"" + cnonce + "\", nc=00000001, qop=auth",
                                 HeaderField::Source::Server);
    retry.notes = {
        LegNote(NoteCode::RspauthVerified, QStringLiteral("Authentication-Info verified: rspauth proves the server knows the password")),
    };
    retry.timing = timing(1.2, -1, -1, 1.4, 2.0, 2.1);

    e.legs = {first, retry};
    e.durationNs = 2200000;
    return e;
}

} // namespace

namespace ExportFixtures {

QStringList caseNames()
{
    return {
        QStringLiteral("basic-auth-retry"), QStringLiteral("digest-auth"), QStringLiteral("redirect-with-token"),
        QStringLiteral("token-endpoint-form"), QStringLiteral("binary-download"),
        QStringLiteral("connection-refused"), QStringLiteral("insecure-tls"), QStringLiteral("broken-json"),
        QStringLiteral("digest-authentication-info"), QStringLiteral("bearer-invalid-token"),
    };
}

Exchange exchange(const QString &name)
{
    Exchange e;
    if (name == u"basic-auth-retry")
        e = basicAuthRetry();
    else if (name == u"digest-auth")
        e = digestAuth();
    else if (name == u"redirect-with-token")
        e = redirectWithToken();
    else if (name == u"token-endpoint-form")
        e = tokenEndpointForm();
    else if (name == u"binary-download")
        e = binaryDownload();
    else if (name == u"connection-refused")
        e = connectionRefused();
    else if (name == u"insecure-tls")
        e = insecureTls();
    else if (name == u"broken-json")
        e = brokenJson();
    else if (name == u"digest-authentication-info")
        e = digestAuthenticationInfo();
    else if (name == u"bearer-invalid-token")
        e = bearerInvalidToken();
    else
        qFatal("unknown export fixture %s", qPrintable(name));
    e.request.method = e.legs.constFirst().method;
    return e;
}

QList<LeakCase> leakCases()
{
    LeakCase echoes;
    echoes.name = QStringLiteral("echoed everywhere");
    echoes.secrets = {"hunter22-Pw!", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl", "sess-7f3a9c1e5b4d",
                      "AIzaSyD-query-key-42", "custom-client-key-9911"};
    echoes.users = {"alice"};
    echoes.exchange = echoingExchange(echoes.secrets, echoes.users.at(0));

    LeakCase auth;
    auth.name = QStringLiteral("digest bearer proxy query");
    auth.secrets = {"Tr0ub4dor&3-digest", "bearer.tok-5551.expired", "proxy-Pa55/word", "qk/Plus+Slash=42",
                    "9c1e0ac6f2a4b8d7e3f5a1c9b2d4e6f8", "0a4f113b7c29", "5e1d9f3b7a2c4e6d8f0a1b3c5d7e9f21"};
    auth.users = {"carol", "proxyuser"};
    auth.exchange = authPathExchange(auth.secrets, auth.users.at(0), auth.users.at(1));
    return {echoes, auth};
}

QList<QByteArray> leakForms(const QByteArray &secret, const QList<QByteArray> &users)
{
    const QString text = QString::fromUtf8(secret);
    const QByteArray percent = QUrl::toPercentEncoding(text);
    QByteArray lowerHex = percent;
    for (qsizetype i = lowerHex.indexOf('%'); i >= 0 && i + 2 < lowerHex.size(); i = lowerHex.indexOf('%', i + 3)) {
        lowerHex[i + 1] = char(std::tolower(uchar(lowerHex.at(i + 1))));
        lowerHex[i + 2] = char(std::tolower(uchar(lowerHex.at(i + 2))));
    }
    QByteArray form = QUrl::toPercentEncoding(text, " ");
    form.replace(' ', '+');
    QList<QByteArray> forms = {
        secret,
        secret.toBase64(),
        secret.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals),
        percent,
        lowerHex,
        form,
    };
    for (const QByteArray &user : users)
        forms.append(QByteArray(user + ':' + secret).toBase64());
    QList<QByteArray> unique;
    for (const QByteArray &f : std::as_const(forms)) {
        if (!unique.contains(f))
            unique.append(f);
    }
    return unique;
}

Leg leg(int index, Leg::Kind kind, const QByteArray &method, const QString &url)
{
    Leg l;
    l.index = index;
    l.kind = kind;
    l.method = method;
    l.url = QUrl(url);
    l.httpVersion = "HTTP/1.1";
    addDefaultHeaders(&l, l.url.authority(QUrl::FullyEncoded).section(u'@', -1).toLatin1());
    return l;
}

std::shared_ptr<BodyBuffer> body(const QByteArray &bytes)
{
    auto buffer = std::make_shared<BodyBuffer>();
    buffer->append(bytes);
    return buffer;
}

QJsonDocument normalized(const QByteArray &json)
{
    QJsonDocument doc = QJsonDocument::fromJson(json);
    QJsonObject root = doc.object();
    if (root.contains(QLatin1String("log"))) {
        QJsonObject log = root.value(QLatin1String("log")).toObject();
        QJsonObject creator = log.value(QLatin1String("creator")).toObject();
        creator.insert(QStringLiteral("version"), QStringLiteral("<version>"));
        log.insert(QStringLiteral("creator"), creator);
        root.insert(QStringLiteral("log"), log);
        doc.setObject(root);
    }
    return doc;
}

bool matchesGolden(const QString &caseName, const QString &fileName, const QByteArray &actual, QString *message)
{
    const QString goldenPath = QStringLiteral(AUTHSCOPE_SOURCE_DIR "/tests/export/golden/") + caseName + u'/' + fileName;
    const QByteArray normalizedActual = normalized(actual).toJson(QJsonDocument::Indented);

    if (qEnvironmentVariableIntValue("AUTHSCOPE_UPDATE_GOLDEN") == 1) {
        QDir().mkpath(QFileInfo(goldenPath).absolutePath());
        QFile out(goldenPath);
        if (!out.open(QIODevice::WriteOnly) || out.write(normalizedActual) != normalizedActual.size()) {
            *message = QStringLiteral("cannot update %1").arg(goldenPath);
            return false;
        }
        return true;
    }

    QFile golden(goldenPath);
    if (!golden.open(QIODevice::ReadOnly)) {
        *message = QStringLiteral("missing golden file %1 (run with AUTHSCOPE_UPDATE_GOLDEN=1 to create it)")
                       .arg(goldenPath);
        return false;
    }
    const QJsonDocument expected = normalized(golden.readAll());
    if (expected.isNull()) {
        *message = QStringLiteral("golden file %1 is not JSON").arg(goldenPath);
        return false;
    }
    if (expected == normalized(actual))
        return true;

    const QString actualPath = QStringLiteral(AUTHSCOPE_BINARY_DIR "/tests/golden-actual/") + caseName + u'/' + fileName;
    QDir().mkpath(QFileInfo(actualPath).absolutePath());
    QFile out(actualPath);
    if (out.open(QIODevice::WriteOnly))
        out.write(normalizedActual);
    *message = QStringLiteral("output differs from the golden file; compare with\n  diff -u %1 %2")
                   .arg(goldenPath, actualPath);
    return false;
}

} // namespace ExportFixtures
