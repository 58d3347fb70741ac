#include "cli/sendoptions.h"

#include <QTemporaryDir>
#include <QTest>

// Parsing "authscope-cli send ..." arguments into a request and output options: every option,
// and every kind of bad input with its one-line message and exit status 2.
class TestSendOptions : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void parsesOption_data();
    void parsesOption();
    void rejectsBadInput_data();
    void rejectsBadInput();
    void helpSkipsTheOtherChecks();

private:
    QStringList withPaths(QStringList arguments) const;
    QString withPaths(QString text) const;

    QTemporaryDir m_dir;
};

namespace {

// Every field a row may check, by name; rows list only what they care about.
QVariantMap describe(const SendOptions &o)
{
    QStringList headers;
    for (const HeaderField &f : o.request.headers)
        headers.append(QString::fromUtf8(f.name + ": " + f.value));
    return {
        {QStringLiteral("method"), o.request.method},
        {QStringLiteral("url"), o.request.url.toString(QUrl::FullyEncoded)},
        {QStringLiteral("headers"), headers},
        {QStringLiteral("bodyKind"), RequestBody::kindName(o.request.body.kind())},
        {QStringLiteral("body"), o.request.body.data()},
        {QStringLiteral("bodyType"), o.request.body.contentType()},
        {QStringLiteral("bodyFile"), o.request.body.filePath()},
        {QStringLiteral("user"), o.request.credentials.user},
        {QStringLiteral("password"), o.request.credentials.password},
        {QStringLiteral("promptUser"), o.promptUser},
        {QStringLiteral("noPrompt"), o.noPrompt},
        {QStringLiteral("authScheme"), AuthPreferences::name(o.request.options.authScheme)},
        {QStringLiteral("token"), o.request.credentials.token},
        {QStringLiteral("apiKeyName"), o.request.credentials.apiKeyName},
        {QStringLiteral("apiKeyValue"), o.request.credentials.apiKeyValue},
        {QStringLiteral("apiKeyInQuery"), o.request.credentials.apiKeyInQuery},
        {QStringLiteral("maxAuthAttempts"), o.request.options.maxAuthAttempts},
        {QStringLiteral("follow"), o.request.options.followRedirects},
        {QStringLiteral("maxRedirects"), o.request.options.maxRedirects},
        {QStringLiteral("insecure"), o.request.options.insecureTls},
        {QStringLiteral("timeoutMs"), o.request.options.timeoutMs},
        {QStringLiteral("useProxy"), o.useProxy},
        {QStringLiteral("proxyType"), int(o.proxy.type())},
        {QStringLiteral("proxyHost"), o.proxy.hostName()},
        {QStringLiteral("proxyPort"), int(o.proxy.port())},
        {QStringLiteral("proxyUser"), o.proxy.user()},
        {QStringLiteral("proxyPassword"), o.proxy.password()},
        {QStringLiteral("output"), o.outputPath},
        {QStringLiteral("include"), o.includeHeaders},
        {QStringLiteral("verbose"), o.verbose},
        {QStringLiteral("fail"), o.failOnHttpError},
        {QStringLiteral("json"), o.json},
        {QStringLiteral("har"), o.harPath},
        {QStringLiteral("includeSecrets"), o.includeSecrets},
        {QStringLiteral("help"), o.help},
        {QStringLiteral("oauthProfile"), o.request.credentials.oauthProfile},
        {QStringLiteral("adHocTokenUrl"), o.adHocProfile.tokenUrl.toString()},
        {QStringLiteral("adHocClientId"), o.adHocProfile.clientId},
        {QStringLiteral("adHocClientAuth"), OAuthProfile::clientAuthName(o.adHocProfile.clientAuth)},
        {QStringLiteral("adHocGrant"), OAuthProfile::grantName(o.adHocProfile.grant)},
        {QStringLiteral("adHocClientSecret"), o.adHocClientSecret},
        {QStringLiteral("adHocAccessToken"), o.adHocTokens.accessToken},
        {QStringLiteral("adHocRefreshToken"), o.adHocTokens.refreshToken},
        {QStringLiteral("adHocExpiresAt"), o.adHocTokens.expiresAt},
    };
}

QStringList args(std::initializer_list<const char *> list)
{
    QStringList result;
    for (const char *s : list)
        result.append(QString::fromUtf8(s));
    return result;
}

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QByteArray b(const char *text)
{
    return QByteArray(text);
}

} // namespace

void TestSendOptions::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QFile body(m_dir.filePath(QStringLiteral("body.txt")));
    QVERIFY(body.open(QIODevice::WriteOnly));
    body.write("line one\nline two\n");
}

QString TestSendOptions::withPaths(QString text) const
{
    return text.replace(QStringLiteral("%DIR%"), m_dir.path());
}

QStringList TestSendOptions::withPaths(QStringList arguments) const
{
    for (QString &a : arguments)
        a = withPaths(a);
    return arguments;
}

void TestSendOptions::parsesOption_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QVariantMap>("expected");

    QTest::newRow("plain GET with defaults")
            << args({"http://127.0.0.1:8080/get"})
            << QVariantMap{{s("method"), b("GET")}, {s("url"), s("http://127.0.0.1:8080/get")},
                           {s("bodyKind"), RequestBody::kindName(RequestBody::Kind::None)},
                           {s("follow"), false}, {s("maxRedirects"), 20}, {s("insecure"), false},
                           {s("timeoutMs"), 0}, {s("useProxy"), false}, {s("verbose"), false},
                           {s("output"), QString()}, {s("json"), false}, {s("includeSecrets"), false}};
    QTest::newRow("URL without scheme means http")
            << args({"127.0.0.1:8080/get?a=1"}) << QVariantMap{{s("url"), s("http://127.0.0.1:8080/get?a=1")}};
    QTest::newRow("-X sets the method as typed") << args({"-X", "PATCH", "http://h/"})
                                                  << QVariantMap{{s("method"), b("PATCH")}};
    QTest::newRow("-XPOST attached value") << args({"-XDELETE", "http://h/"}) << QVariantMap{{s("method"), b("DELETE")}};
    QTest::newRow("--request=VALUE") << args({"--request=PUT", "http://h/"}) << QVariantMap{{s("method"), b("PUT")}};
    QTest::newRow("-H repeated keeps order and duplicates")
            << args({"-H", "X-One: 1", "-H", "X-Two:2", "--header", "X-One: again", "http://h/"})
            << QVariantMap{{s("headers"), QStringList{s("X-One: 1"), s("X-Two: 2"), s("X-One: again")}}};
    QTest::newRow("-H with an empty value") << args({"-H", "X-Empty:", "http://h/"})
                                             << QVariantMap{{s("headers"), QStringList{s("X-Empty: ")}}};
    QTest::newRow("-d makes a form POST")
            << args({"-d", "a=1", "http://h/"})
            << QVariantMap{{s("method"), b("POST")}, {s("bodyKind"), RequestBody::kindName(RequestBody::Kind::Text)},
                           {s("body"), b("a=1")}, {s("bodyType"), b("application/x-www-form-urlencoded")}};
    QTest::newRow("repeated -d joined with ampersand")
            << args({"-d", "a=1", "--data", "b=2", "-d", "c", "http://h/"})
            << QVariantMap{{s("body"), b("a=1&b=2&c")}};
    QTest::newRow("-d with -X keeps the method") << args({"-X", "PUT", "-d", "x", "http://h/"})
                                                  << QVariantMap{{s("method"), b("PUT")}};
    QTest::newRow("-d with a Content-Type from -H")
            << args({"-H", "Content-Type: text/csv", "-d", "a,b", "http://h/"})
            << QVariantMap{{s("bodyType"), b("text/csv")}, {s("headers"), QStringList{s("Content-Type: text/csv")}}};
    QTest::newRow("-d @file streams the file")
            << args({"-d", "@%DIR%/body.txt", "http://h/"})
            << QVariantMap{{s("method"), b("POST")}, {s("bodyKind"), RequestBody::kindName(RequestBody::Kind::File)},
                           {s("bodyFile"), s("%DIR%/body.txt")}, {s("bodyType"), b("application/x-www-form-urlencoded")}};
    QTest::newRow("--data-json sets application/json")
            << args({"--data-json", "{\"a\":1}", "http://h/"})
            << QVariantMap{{s("method"), b("POST")}, {s("bodyKind"), RequestBody::kindName(RequestBody::Kind::Json)},
                           {s("body"), b("{\"a\":1}")}, {s("bodyType"), b("application/json")}};
    QTest::newRow("--data-json @file")
            << args({"--data-json", "@%DIR%/body.txt", "http://h/"})
            << QVariantMap{{s("bodyKind"), RequestBody::kindName(RequestBody::Kind::File)},
                           {s("bodyType"), b("application/json")}};
    QTest::newRow("-u user:password")
            << args({"-u", "alice:s3cr:et", "http://h/"})
            << QVariantMap{{s("user"), s("alice")}, {s("password"), b("s3cr:et")}, {s("promptUser"), QString()}};
    // The engine must not answer with an empty password: the user only becomes the prompt's default.
    QTest::newRow("-u user without password asks when challenged")
            << args({"-u", "alice", "http://h/"})
            << QVariantMap{{s("user"), QString()}, {s("password"), QByteArray()}, {s("promptUser"), s("alice")}};
    QTest::newRow("-u user: means an empty password")
            << args({"-u", "alice:", "http://h/"})
            << QVariantMap{{s("user"), s("alice")}, {s("password"), QByteArray()}, {s("promptUser"), QString()}};
    QTest::newRow("last -u wins") << args({"-u", "alice", "-u", "bob:pw", "http://h/"})
                                  << QVariantMap{{s("user"), s("bob")}, {s("promptUser"), QString()}};
    QTest::newRow("--no-prompt") << args({"--no-prompt", "-u", "alice", "http://h/"})
                                  << QVariantMap{{s("noPrompt"), true}, {s("promptUser"), s("alice")}};
    QTest::newRow("auth defaults") << args({"http://h/"})
                                   << QVariantMap{{s("authScheme"), AuthPreferences::name(AuthPreference::Any)},
                                                  {s("maxAuthAttempts"), 3}, {s("noPrompt"), false},
                                                  {s("token"), QByteArray()}, {s("apiKeyName"), QByteArray()}};
    for (const auto &[name, preference] : {std::pair{"basic", AuthPreference::Basic},
                                           std::pair{"Digest", AuthPreference::Digest},
                                           std::pair{"bearer", AuthPreference::Bearer},
                                           std::pair{"any", AuthPreference::Any}}) {
        QTest::addRow("--auth %s", name) << args({"--auth", name, "http://h/"})
                                          << QVariantMap{{s("authScheme"), AuthPreferences::name(preference)}};
    }
    QTest::newRow("--oauth2-bearer") << args({"--oauth2-bearer", "abc.DEF-12_~+/==", "http://h/"})
                                      << QVariantMap{{s("token"), b("abc.DEF-12_~+/==")}};
    QTest::newRow("--api-key in a header by default")
            << args({"--api-key", "X-Api-Key=k=v", "http://h/"})
            << QVariantMap{{s("apiKeyName"), b("X-Api-Key")}, {s("apiKeyValue"), b("k=v")}, {s("apiKeyInQuery"), false}};
    QTest::newRow("--api-key-in query")
            << args({"--api-key-in", "query", "--api-key", "api key=v 1", "http://h/"})
            << QVariantMap{{s("apiKeyName"), b("api key")}, {s("apiKeyValue"), b("v 1")}, {s("apiKeyInQuery"), true}};
    QTest::newRow("--api-key-in header") << args({"--api-key", "K=v", "--api-key-in=header", "http://h/"})
                                          << QVariantMap{{s("apiKeyInQuery"), false}};
    QTest::newRow("--max-auth-attempts") << args({"--max-auth-attempts", "1", "http://h/"})
                                          << QVariantMap{{s("maxAuthAttempts"), 1}};
    QTest::newRow("-L and --max-redirs")
            << args({"-L", "--max-redirs", "3", "http://h/"})
            << QVariantMap{{s("follow"), true}, {s("maxRedirects"), 3}};
    QTest::newRow("--max-redirs 0") << args({"--max-redirs=0", "http://h/"}) << QVariantMap{{s("maxRedirects"), 0}};
    QTest::newRow("-k and --insecure") << args({"-k", "https://h/"}) << QVariantMap{{s("insecure"), true}};
    QTest::newRow("--max-time whole seconds") << args({"--max-time", "2", "http://h/"})
                                               << QVariantMap{{s("timeoutMs"), 2000}};
    QTest::newRow("--max-time fractional") << args({"--max-time", "0.25", "http://h/"})
                                            << QVariantMap{{s("timeoutMs"), 250}};
    QTest::newRow("--max-time tiny still limits") << args({"--max-time", "0.0001", "http://h/"})
                                                   << QVariantMap{{s("timeoutMs"), 1}};
    QTest::newRow("--proxy http")
            << args({"--proxy", "http://127.0.0.1:3128", "http://h/"})
            << QVariantMap{{s("useProxy"), true}, {s("proxyType"), int(QNetworkProxy::HttpProxy)},
                           {s("proxyHost"), s("127.0.0.1")}, {s("proxyPort"), 3128}};
    QTest::newRow("--proxy socks5 with default port")
            << args({"--proxy", "socks5://127.0.0.1", "http://h/"})
            << QVariantMap{{s("proxyType"), int(QNetworkProxy::Socks5Proxy)}, {s("proxyPort"), 1080}};
    QTest::newRow("--proxy without scheme means http")
            << args({"--proxy", "127.0.0.1:8888", "http://h/"})
            << QVariantMap{{s("proxyType"), int(QNetworkProxy::HttpProxy)}, {s("proxyPort"), 8888}};
    QTest::newRow("--proxy-user")
            << args({"--proxy", "http://127.0.0.1:3128", "--proxy-user", "bob:pw:x", "http://h/"})
            << QVariantMap{{s("proxyUser"), s("bob")}, {s("proxyPassword"), s("pw:x")}};
    QTest::newRow("-o file") << args({"-o", "out.bin", "http://h/"}) << QVariantMap{{s("output"), s("out.bin")}};
    QTest::newRow("-o - is stdout") << args({"-o", "-", "http://h/"}) << QVariantMap{{s("output"), QString()}};
    QTest::newRow("bundled flags -Lkiv")
            << args({"-Lkiv", "https://h/"})
            << QVariantMap{{s("follow"), true}, {s("insecure"), true}, {s("include"), true}, {s("verbose"), true}};
    QTest::newRow("bundle ending in a value option")
            << args({"-LXPOST", "http://h/"}) << QVariantMap{{s("follow"), true}, {s("method"), b("POST")}};
    QTest::newRow("--fail and -f") << args({"-f", "http://h/"}) << QVariantMap{{s("fail"), true}};
    QTest::newRow("--json") << args({"--json", "http://h/"}) << QVariantMap{{s("json"), true}};
    QTest::newRow("--har") << args({"--har", "x.har", "http://h/"}) << QVariantMap{{s("har"), s("x.har")}};
    QTest::newRow("--include-secrets") << args({"--include-secrets", "http://h/"})
                                        << QVariantMap{{s("includeSecrets"), true}};
    QTest::newRow("options after the URL") << args({"http://h/", "-v", "-X", "HEAD"})
                                            << QVariantMap{{s("verbose"), true}, {s("method"), b("HEAD")}};
    QTest::newRow("-- ends the options") << args({"-v", "--", "http://h/-x"})
                                          << QVariantMap{{s("url"), s("http://h/-x")}};
    QTest::newRow("--oauth") << args({"--oauth", "api", "http://h/"})
                             << QVariantMap{{s("oauthProfile"), s("api")}, {s("token"), QByteArray()}};
    // The access token moves into the ad-hoc profile's tokens (its JWT exp is its expiry: 2030-01-01).
    QTest::newRow("ad hoc, confidential client")
            << args({"--oauth2-bearer", "eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.sig", "--oauth2-refresh-token",
                     "rt1", "--oauth2-token-url", "http://id.example:8080/token", "--oauth2-client", "app:s3cr:et",
                     "http://h/"})
            << QVariantMap{{s("oauthProfile"), s("adhoc-id.example-app")}, {s("token"), QByteArray()},
                           {s("adHocTokenUrl"), s("http://id.example:8080/token")}, {s("adHocClientId"), s("app")},
                           {s("adHocClientAuth"), s("basic")}, {s("adHocClientSecret"), b("s3cr:et")},
                           {s("adHocAccessToken"), b("eyJhbGciOiJub25lIn0.eyJleHAiOjE4OTM0NTYwMDB9.sig")},
                           {s("adHocRefreshToken"), b("rt1")},
                           {s("adHocExpiresAt"), QDateTime::fromSecsSinceEpoch(1893456000, Qt::UTC)}};
    QTest::newRow("ad hoc, public client, opaque token")
            << args({"--oauth2-refresh-token", "rt1", "--oauth2-token-url", "http://id/t", "--oauth2-client",
                     "my app", "--oauth2-bearer", "opaque", "http://h/"})
            << QVariantMap{{s("oauthProfile"), s("adhoc-id-my-app")}, {s("adHocClientAuth"), s("none")},
                           {s("adHocClientSecret"), QByteArray()}, {s("adHocAccessToken"), b("opaque")},
                           {s("adHocExpiresAt"), QDateTime()}, {s("adHocGrant"), s("authorization_code")}};
    // A confidential client without a refresh token gets its own token first (RFC 6749 §4.4).
    QTest::newRow("ad hoc, client credentials")
            << args({"--oauth2-token-url", "http://id/t", "--oauth2-client", "svc:s3cret", "http://h/"})
            << QVariantMap{{s("oauthProfile"), s("adhoc-id-svc")}, {s("adHocGrant"), s("client_credentials")},
                           {s("adHocClientAuth"), s("basic")}, {s("adHocClientSecret"), b("s3cret")},
                           {s("adHocRefreshToken"), QByteArray()}, {s("adHocAccessToken"), QByteArray()}};
}

void TestSendOptions::parsesOption()
{
    QFETCH(QStringList, arguments);
    QFETCH(QVariantMap, expected);

    SendOptions options;
    const Status status = SendOptions::parse(withPaths(arguments), &options);
    QVERIFY2(status.isOk(), qPrintable(status.message()));
    const QVariantMap actual = describe(options);
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        QVERIFY2(actual.contains(it.key()), qPrintable(it.key()));
        QVariant want = it.value();
        if (want.typeId() == QMetaType::QString)
            want = withPaths(want.toString());
        QVERIFY2(actual.value(it.key()) == want,
                 qPrintable(QStringLiteral("%1: got %2, want %3")
                                    .arg(it.key(), actual.value(it.key()).toString(), want.toString())));
    }
}

void TestSendOptions::rejectsBadInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");

    QTest::newRow("missing URL") << args({"-v"}) << s("no URL given (see authscope-cli send --help)");
    QTest::newRow("two URLs") << args({"http://a/", "http://b/"})
                              << s("one URL per send, but got \"http://a/\" and \"http://b/\"");
    QTest::newRow("malformed URL") << args({"http://exa mple.org/"})
                                   << s("malformed URL \"http://exa mple.org/\": Invalid hostname (contains invalid characters)");
    QTest::newRow("empty URL") << args({""}) << s("malformed URL \"\"");
    QTest::newRow("URL with another scheme") << args({"ftp://h/x"})
                                             << s("unsupported URL scheme \"ftp\" in \"ftp://h/x\" (use http or https)");
    QTest::newRow("URL without host") << args({"http:///path"}) << s("URL \"http:///path\" has no host");
    QTest::newRow("header without colon") << args({"-H", "Foo", "http://h/"}) << s("header \"Foo\" has no colon");
    QTest::newRow("header name not a token") << args({"-H", "Bad Name: x", "http://h/"})
                                             << s("header name \"Bad Name\" is not a valid token");
    QTest::newRow("unknown long option") << args({"--bogus", "http://h/"})
                                         << s("unknown option \"--bogus\" (see authscope-cli send --help)");
    QTest::newRow("unknown short option") << args({"-Z", "http://h/"})
                                          << s("unknown option \"-Z\" (see authscope-cli send --help)");
    QTest::newRow("unknown option in a bundle") << args({"-LZ", "http://h/"})
                                                << s("unknown option \"-Z\" in \"-LZ\" (see authscope-cli send --help)");
    QTest::newRow("flag given a value") << args({"--verbose=yes", "http://h/"})
                                        << s("option --verbose takes no value (see authscope-cli send --help)");
    QTest::newRow("option without its value") << args({"http://h/", "-H"})
                                              << s("option -H needs a value (\"NAME: VALUE\") (see authscope-cli send --help)");
    QTest::newRow("max-redirs not a number") << args({"--max-redirs", "many", "http://h/"})
                                             << s("--max-redirs needs a whole number of 0 or more, not \"many\"");
    QTest::newRow("max-redirs negative") << args({"--max-redirs", "-1", "http://h/"})
                                         << s("--max-redirs needs a whole number of 0 or more, not \"-1\"");
    QTest::newRow("max-time not a number") << args({"--max-time", "1s", "http://h/"})
                                           << s("--max-time needs a number of seconds greater than 0, not \"1s\"");
    QTest::newRow("max-time zero") << args({"--max-time", "0", "http://h/"})
                                   << s("--max-time needs a number of seconds greater than 0, not \"0\"");
    QTest::newRow("max-time infinite") << args({"--max-time", "inf", "http://h/"})
                                       << s("--max-time needs a number of seconds greater than 0, not \"inf\"");
    QTest::newRow("unreadable @file") << args({"-d", "@%DIR%/missing.txt", "http://h/"})
                                      << s("cannot read \"%DIR%/missing.txt\": No such file or directory");
    QTest::newRow("@file that is a directory") << args({"-d", "@%DIR%", "http://h/"})
                                               << s("cannot read \"%DIR%\": it is a directory");
    QTest::newRow("@ without a file name") << args({"-d", "@", "http://h/"}) << s("\"@\" needs a file name after it");
    QTest::newRow("@- stdin") << args({"-d", "@-", "http://h/"})
                              << s("reading the body from standard input (@-) is not supported; save it to a file");
    QTest::newRow("@file joined with another -d")
            << args({"-d", "a=1", "-d", "@%DIR%/body.txt", "http://h/"})
            << s("-d @%DIR%/body.txt reads a file and cannot be combined with another -d");
    QTest::newRow("-d with --data-json") << args({"-d", "a", "--data-json", "{}", "http://h/"})
                                         << s("-d and --data-json cannot be combined");
    QTest::newRow("--data-json twice") << args({"--data-json", "{}", "--data-json", "[]", "http://h/"})
                                       << s("--data-json given twice; put the whole JSON in one");
    QTest::newRow("-u without a user name") << args({"-u", ":pw", "http://h/"})
                                            << s("-u needs a user name before the colon");
    QTest::newRow("method not a token") << args({"-X", "GE T", "http://h/"})
                                        << s("method \"GE T\" is not a valid token");
    QTest::newRow("proxy with unsupported scheme") << args({"--proxy", "https://127.0.0.1:3128", "http://h/"})
                                                   << s("unsupported proxy scheme \"https\" (use http or socks5)");
    QTest::newRow("malformed proxy") << args({"--proxy", "http://", "http://h/"})
                                     << s("malformed proxy URL \"http://\" (use http://HOST:PORT or socks5://HOST:PORT)");
    QTest::newRow("proxy-user without proxy") << args({"--proxy-user", "a:b", "http://h/"})
                                              << s("--proxy-user needs --proxy");
    QTest::newRow("-i with --json") << args({"-i", "--json", "http://h/"})
                                    << s("-i and --json cannot be combined: --json already holds the headers");
    QTest::newRow("-o with an empty name") << args({"-o", "", "http://h/"}) << s("-o needs a file name");
    QTest::newRow("unknown --auth") << args({"--auth", "ntlm", "http://h/"})
                                    << s("--auth needs basic, digest, bearer or any, not \"ntlm\"");
    QTest::newRow("ad hoc public client without a refresh token")
            << args({"--oauth2-token-url", "http://id/t", "--oauth2-client", "app", "http://h/"})
            << s("--oauth2-refresh-token, --oauth2-token-url and --oauth2-client go together (missing: "
                 "--oauth2-refresh-token); for client_credentials give --oauth2-token-url and --oauth2-client "
                 "ID:SECRET alone");
    QTest::newRow("ad hoc client secret without a token endpoint")
            << args({"--oauth2-client", "svc:s3cret", "http://h/"})
            << s("--oauth2-refresh-token, --oauth2-token-url and --oauth2-client go together (missing: "
                 "--oauth2-token-url); for client_credentials give --oauth2-token-url and --oauth2-client "
                 "ID:SECRET alone");
    QTest::newRow("empty --oauth2-bearer") << args({"--oauth2-bearer", "", "http://h/"})
                                           << s("--oauth2-bearer needs a token");
    QTest::newRow("--oauth2-bearer with a space")
            << args({"--oauth2-bearer", "a b", "http://h/"})
            << s("--oauth2-bearer: the token has a character RFC 6750 does not allow (only letters, digits and "
                 "-._~+/ then trailing =)");
    QTest::newRow("--oauth2-bearer with a line break")
            << args({"--oauth2-bearer", "a\r\nX-Injected: 1", "http://h/"})
            << s("--oauth2-bearer: the token has a character RFC 6750 does not allow (only letters, digits and "
                 "-._~+/ then trailing =)");
    QTest::newRow("--api-key without =") << args({"--api-key", "s3cret-value", "http://h/"})
                                         << s("--api-key needs NAME=VALUE: a name, '=' and the key");
    QTest::newRow("--api-key without a name") << args({"--api-key", "=s3cret-value", "http://h/"})
                                              << s("--api-key needs NAME=VALUE: a name, '=' and the key");
    QTest::newRow("--api-key without a value") << args({"--api-key", "X-Key=", "http://h/"})
                                               << s("--api-key needs NAME=VALUE: a name, '=' and the key");
    QTest::newRow("--api-key header name not a token")
            << args({"--api-key", "X Key=v", "http://h/"})
            << s("--api-key: \"X Key\" is not a header field name (use --api-key-in query for a query parameter)");
    QTest::newRow("--api-key value with a line break")
            << args({"--api-key", "X-Key=a\nb", "http://h/"}) << s("--api-key X-Key: the value contains a line break or NUL");
    QTest::newRow("--api-key-in elsewhere") << args({"--api-key", "K=v", "--api-key-in", "cookie", "http://h/"})
                                            << s("--api-key-in needs header or query, not \"cookie\"");
    QTest::newRow("--api-key-in without --api-key") << args({"--api-key-in", "query", "http://h/"})
                                                    << s("--api-key-in needs --api-key or --credential");
    QTest::newRow("--max-auth-attempts zero") << args({"--max-auth-attempts", "0", "http://h/"})
                                              << s("--max-auth-attempts needs a whole number of 1 or more, not \"0\"");
    QTest::newRow("--max-auth-attempts not a number") << args({"--max-auth-attempts", "x", "http://h/"})
                                                      << s("--max-auth-attempts needs a whole number of 1 or more, not \"x\"");
}

void TestSendOptions::rejectsBadInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);

    SendOptions options;
    const Status status = SendOptions::parse(withPaths(arguments), &options);
    QCOMPARE(status.code(), Status::Code::InvalidInput);
    QCOMPARE(status.exitCode(), 2);
    QCOMPARE(status.message(), withPaths(message));
    QVERIFY(!status.message().contains(u'\n'));
}

void TestSendOptions::helpSkipsTheOtherChecks()
{
    SendOptions options;
    const Status status = SendOptions::parse(args({"--help"}), &options);
    QVERIFY(status.isOk());
    QVERIFY(options.help);
}

QTEST_GUILESS_MAIN(TestSendOptions)
#include "tst_sendoptions.moc"
