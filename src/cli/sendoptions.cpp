#include "sendoptions.h"

#include "stdinreadjob.h"

#include "core/httpgrammar.h"
#include "http/httpurl.h"
#include "auth/jwt.h"

#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QtMath>

#include <climits>

namespace {

Status invalid(const QString &message)
{
    return Status(Status::Code::InvalidInput, message);
}

// QUrl appends the whole source and its parts to the reason; the user just typed that.
QString urlProblem(const QUrl &url)
{
    const QString text = url.errorString();
    const qsizetype tail = text.indexOf(QLatin1String("; source was"));
    return tail < 0 ? text : text.left(tail);
}

// curl accepts "host/path" without a scheme and means http; so do we.
Status parseUrl(const QString &text, QUrl *url)
{
    const QString withScheme = text.contains(QLatin1String("://")) ? text : QStringLiteral("http://") + text;
    const QUrl parsed(withScheme, QUrl::StrictMode);
    switch (text.isEmpty() ? HttpUrl::Problem::Malformed : HttpUrl::check(parsed)) {
    case HttpUrl::Problem::None: break;
    case HttpUrl::Problem::Malformed:
        return invalid(QStringLiteral("malformed URL \"%1\"%2")
                               .arg(text, text.isEmpty() ? QString() : QStringLiteral(": ") + urlProblem(parsed)));
    case HttpUrl::Problem::UnsupportedScheme:
        return invalid(QStringLiteral("unsupported URL scheme \"%1\" in \"%2\" (use http or https)")
                               .arg(parsed.scheme(), text));
    case HttpUrl::Problem::NoHost:
        return invalid(QStringLiteral("URL \"%1\" has no host").arg(text));
    }
    *url = parsed;
    return Status::ok();
}

// "-d @file": the file must be readable now, so a typo fails before anything is sent.
Status checkReadable(const QString &path)
{
    if (path.isEmpty())
        return invalid(QStringLiteral("\"@\" needs a file name after it"));
    if (path == u"-")
        return invalid(QStringLiteral("reading the body from standard input (@-) is not supported; save it to a file"));
    const QFileInfo info(path);
    if (info.isDir())
        return invalid(QStringLiteral("cannot read \"%1\": it is a directory").arg(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return invalid(QStringLiteral("cannot read \"%1\": %2").arg(path, file.errorString()));
    return Status::ok();
}

Status parseProxy(const QString &text, QNetworkProxy *proxy)
{
    const QString withScheme = text.contains(QLatin1String("://")) ? text : QStringLiteral("http://") + text;
    const QUrl url(withScheme, QUrl::StrictMode);
    if (text.isEmpty() || !url.isValid() || url.host().isEmpty())
        return invalid(QStringLiteral("malformed proxy URL \"%1\" (use http://HOST:PORT or socks5://HOST:PORT)")
                               .arg(text));
    const QString scheme = url.scheme().toLower();
    if (scheme == u"http")
        proxy->setType(QNetworkProxy::HttpProxy);
    else if (scheme == u"socks5" || scheme == u"socks5h")
        proxy->setType(QNetworkProxy::Socks5Proxy); // Qt's SOCKS5 always lets the proxy resolve names
    else
        return invalid(QStringLiteral("unsupported proxy scheme \"%1\" (use http or socks5)").arg(url.scheme()));
    proxy->setHostName(url.host());
    proxy->setPort(quint16(url.port(1080))); // curl's default proxy port
    if (!url.userName().isEmpty()) {
        proxy->setUser(url.userName());
        proxy->setPassword(url.password());
    }
    return Status::ok();
}

// A header name must be a token (RFC 9110 §5.1); a value or query parameter must not break the
// request (CR, LF, NUL).
Status checkApiKey(const RequestCredentials &credentials)
{
    const QString name = QString::fromUtf8(credentials.apiKeyName);
    if (HttpGrammar::hasLineBreak(credentials.apiKeyValue))
        return invalid(QStringLiteral("--api-key %1: the value contains a line break or NUL").arg(name));
    if (credentials.apiKeyInQuery)
        return Status::ok();
    if (!HttpGrammar::isToken(credentials.apiKeyName))
        return invalid(QStringLiteral("--api-key: \"%1\" is not a header field name (use --api-key-in query "
                                      "for a query parameter)").arg(name));
    return Status::ok();
}

} // namespace

namespace {

// -u @FILE, --oauth2-bearer @FILE: the secret need not be typed where other processes can see it.
// The file's contents without the trailing line break.
Status readSecretFile(const QString &option, const QString &path, QString *secret)
{
    constexpr qint64 MaxSize = 64 * 1024; // far above any password or token
    if (path.isEmpty())
        return invalid(QStringLiteral("%1: \"@\" needs a file name after it").arg(option));
    QFile file(path);
    if (QFileInfo(path).isDir())
        return invalid(QStringLiteral("%1: cannot read \"%2\": it is a directory").arg(option, path));
    if (!file.open(QIODevice::ReadOnly))
        return invalid(QStringLiteral("%1: cannot read \"%2\": %3").arg(option, path, file.errorString()));
    QByteArray bytes = file.read(MaxSize + 1);
    if (bytes.size() > MaxSize) {
        bytes.fill('\0');
        return invalid(QStringLiteral("%1: \"%2\" is longer than %3 bytes").arg(option, path).arg(MaxSize));
    }
    StdinReadJob::dropFinalLineBreak(&bytes);
    *secret = QString::fromUtf8(bytes);
    bytes.fill('\0');
    if (secret->isEmpty())
        return invalid(QStringLiteral("%1: \"%2\" is empty").arg(option, path));
    return Status::ok();
}

// "NAME[:SECRET]" (-u USER[:PASSWORD], --oauth2-client ID[:SECRET]), split at the first colon.
struct NameAndSecret
{
    QString name;
    QByteArray secret;  // null without a colon, empty after a trailing one
    bool hasSecret = false;
};

NameAndSecret splitNameAndSecret(const QString &given)
{
    const qsizetype colon = given.indexOf(u':');
    if (colon < 0)
        return {given, QByteArray(), false};
    return {given.left(colon), given.mid(colon + 1).toUtf8(), true};
}

// The option's value, or for @FILE the file's contents.
Status secretArgument(const ParsedOption &option, QString *value)
{
    if (!option.value.startsWith(u'@')) {
        *value = option.value;
        return Status::ok();
    }
    return readSecretFile(option.spelling, option.value.mid(1), value);
}

} // namespace

Status SendOptions::takeUserFromStdin(QByteArray input)
{
    auto wipe = qScopeGuard([&input] { input.fill('\0'); });
    StdinReadJob::dropFinalLineBreak(&input);
    RequestCredentials &credentials = request.credentials;
    if (!promptUser.isEmpty()) {
        if (input.isEmpty())
            return invalid(QStringLiteral("--user-stdin: standard input is empty (it should hold the password)"));
        credentials.user = std::exchange(promptUser, QString());
        credentials.password = input;
        return Status::ok();
    }
    const qsizetype colon = input.indexOf(':');
    if (colon <= 0)
        return invalid(QStringLiteral("--user-stdin: standard input holds no USER:PASSWORD (or give -u USER "
                                      "and only the password)"));
    credentials.user = QString::fromUtf8(input.left(colon));
    credentials.password = input.mid(colon + 1);
    return Status::ok();
}

QString SendOptions::adHocProfileName(const QUrl &tokenUrl, const QString &clientId)
{
    QString name = QStringLiteral("adhoc-%1-%2").arg(tokenUrl.host(), clientId);
    for (QChar &c : name) {
        const bool allowed = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
                || c == u'.' || c == u'-' || c == u'_';
        if (!allowed)
            c = u'-';
    }
    return name.left(64);
}

// What goes together and what excludes what; the ad-hoc options become adHocProfile and adHocTokens.
Status SendOptions::takeOAuthOptions(SendOptions *options)
{
    RequestCredentials &credentials = options->request.credentials;
    OAuthProfile &profile = options->adHocProfile;
    TokenSet &tokens = options->adHocTokens;
    const bool adHoc = tokens.hasRefreshToken() || !profile.tokenUrl.isEmpty() || !profile.clientId.isEmpty();
    if (!credentials.oauthProfile.isEmpty()) {
        if (credentials.hasToken() || adHoc || !credentials.storedId.isEmpty())
            return invalid(QStringLiteral("--oauth cannot be combined with --oauth2-bearer, the other --oauth2-* "
                                          "options or --credential"));
        if (options->noKeychain)
            return invalid(QStringLiteral("--oauth reads a stored OAuth profile and cannot be combined with "
                                          "--no-keychain (the --oauth2-* options give tokens for this run only)"));
    }
    if (!adHoc)
        return Status::ok();
    // Without a refresh token a confidential client gets its own token (client_credentials, RFC 6749 §4.4).
    const bool clientCredentials = !tokens.hasRefreshToken() && !options->adHocClientSecret.isEmpty()
            && credentials.token.isEmpty();
    QStringList missing;
    if (!tokens.hasRefreshToken() && !clientCredentials)
        missing.append(QStringLiteral("--oauth2-refresh-token"));
    if (profile.tokenUrl.isEmpty())
        missing.append(QStringLiteral("--oauth2-token-url"));
    if (profile.clientId.isEmpty())
        missing.append(QStringLiteral("--oauth2-client"));
    if (!missing.isEmpty())
        return invalid(QStringLiteral("--oauth2-refresh-token, --oauth2-token-url and --oauth2-client go together "
                                      "(missing: %1); for client_credentials give --oauth2-token-url and "
                                      "--oauth2-client ID:SECRET alone").arg(missing.join(QStringLiteral(", "))));
    if (!credentials.storedId.isEmpty())
        return invalid(QStringLiteral("--credential cannot be combined with the --oauth2-* options"));
    profile.name = adHocProfileName(profile.tokenUrl, profile.clientId);
    profile.adHoc = true;
    // Most refresh tokens come from the code grant; such a profile is only refreshed here.
    profile.grant = clientCredentials ? OAuthProfile::Grant::ClientCredentials : OAuthProfile::Grant::AuthorizationCode;
    profile.clientAuth = options->adHocClientSecret.isEmpty() ? OAuthProfile::ClientAuth::None
                                                              : OAuthProfile::ClientAuth::Basic;
    QString error;
    if (!profile.validate(&error))
        return invalid(QStringLiteral("--oauth2-*: %1").arg(error));
    // The access token moves into the profile's tokens: the broker sends it, and knows its expiry
    // when it is a JWT with exp (RFC 7519 §4.1.4), unverified: a hint for refreshing early.
    tokens.accessToken = std::exchange(credentials.token, QByteArray());
    const Jwt jwt = Jwt::decode(tokens.accessToken);
    tokens.expiresAt = jwt.expiresAt();
    tokens.obtainedAt = jwt.issuedAt();
    credentials.oauthProfile = profile.name;
    return Status::ok();
}

QList<OptionSpec> SendOptions::optionTable()
{
    auto text = [](const char *s) { return QString::fromUtf8(s); };
    return {
        {Request, u'X', text("request"), text("METHOD"),
         text("Request method (default GET, or POST with a body). Sent as typed.")},
        {Header, u'H', text("header"), text("\"NAME: VALUE\""),
         text("Add a request header field. Repeat for more fields; a field you set replaces "
              "AuthScope's default (User-Agent, Accept, Content-Type).")},
        {Data, u'd', text("data"), text("DATA"),
         text("Send DATA as the body (method POST unless -X; Content-Type "
              "application/x-www-form-urlencoded unless -H sets one). Repeated -d are joined with '&'. "
              "@FILE streams the file byte for byte (like curl's --data-binary) and cannot be combined "
              "with another -d.")},
        {DataJson, QChar(), text("data-json"), text("DATA"),
         text("Send DATA (or @FILE) as a JSON body with Content-Type application/json.")},
        {User, u'u', text("user"), text("USER[:PASSWORD]"),
         text("Credentials for the URL's origin, given when the server asks (401) with the strongest "
              "scheme it offers (Digest before Basic); never sent to another origin. Without "
              ":PASSWORD the password is asked for on the terminal when a server asks for it. "
              "@FILE reads USER:PASSWORD from FILE. The password is blanked in the process's "
              "argument list once read, but others may see it before: prefer @FILE, --user-stdin "
              "or the prompt.")},
        {UserStdin, QChar(), text("user-stdin"), QString(),
         text("Read USER:PASSWORD for -u from standard input (a pipe or a file; one trailing line "
              "break is dropped); with -u USER, only the password.")},
        {Auth, QChar(), text("auth"), text("SCHEME"),
         text("Answer only this scheme: basic, digest, bearer or any (the default: the strongest "
              "offered). basic also sends -u up front with the first leg, as curl --basic does.")},
        {OAuth2Bearer, QChar(), text("oauth2-bearer"), text("TOKEN"),
         text("Send TOKEN as \"Authorization: Bearer TOKEN\" (RFC 6750) to the URL's origin, "
              "from the first leg on. @FILE reads the token from FILE; a token typed here is "
              "blanked in the process's argument list once read.")},
        {OAuth, QChar(), text("oauth"), text("NAME"),
         text("Send the access token of the OAuth profile NAME (see \"authscope-cli oauth\") as Bearer: "
              "refreshed first when it is known to have expired, and once more if the server refuses it "
              "(401), then the request is sent again once.")},
        {OAuth2RefreshToken, QChar(), text("oauth2-refresh-token"), text("TOKEN"),
         text("With --oauth2-token-url and --oauth2-client (and usually --oauth2-bearer): refresh the "
              "access token with TOKEN when it has expired or the server refuses it. A rotated refresh "
              "token is stored as an OAuth profile (a note names it); with --no-keychain it is lost when "
              "the run ends. @FILE reads it from FILE.")},
        {OAuth2TokenUrl, QChar(), text("oauth2-token-url"), text("URL"),
         text("The token endpoint --oauth2-refresh-token is sent to. With --oauth2-client ID:SECRET and "
              "neither --oauth2-refresh-token nor --oauth2-bearer: the client gets its own token there "
              "(client_credentials) before the request.")},
        {OAuth2Client, QChar(), text("oauth2-client"), text("ID[:SECRET]"),
         text("The client --oauth2-refresh-token was issued to: with SECRET it authenticates with "
              "client_secret_basic, without it as a public client. @FILE reads ID[:SECRET] from FILE.")},
        {ApiKey, QChar(), text("api-key"), text("NAME=VALUE"),
         text("Send an API key to the URL's origin: header field NAME, or query parameter NAME with "
              "--api-key-in query.")},
        {ApiKeyIn, QChar(), text("api-key-in"), text("WHERE"),
         text("Where --api-key goes: header (the default) or query.")},
        {StoredCredential, QChar(), text("credential"), text("ID"),
         text("Send the stored credential ID (see \"credentials list\"; a unique prefix is enough): a "
              "password answers the server's challenge, a token goes as Bearer, an API key as its "
              "header (or query parameter with --api-key-in query). Only to the origin it was stored for.")},
        {Save, QChar(), text("save"), QString(),
         text("Store credentials the server accepted (given with -u or typed at the prompt) in the "
              "OS keychain, replacing the stored ones for the same realm and user.")},
        {NoKeychain, QChar(), text("no-keychain"), QString(),
         text("Neither use nor save stored credentials: only what is given here, or typed.")},
                {MaxAuthAttempts, QChar(), text("max-auth-attempts"), text("N"),
         text("Give up (exit 10) once a realm has rejected credentials N times (default 3).")},
        {NoPrompt, QChar(), text("no-prompt"), QString(),
         text("Never ask on the terminal: a server asking for credentials that were not given (or "
              "rejecting them) ends the exchange with exit 10.")},
        {Location, u'L', text("location"), QString(),
         text("Follow redirects; every hop is its own leg.")},
        {MaxRedirs, QChar(), text("max-redirs"), text("N"),
         text("Follow at most N redirects (default 20); one more is an error (exit 7).")},
        {Insecure, u'k', text("insecure"), QString(),
         text("Do not verify the server's TLS certificate. The errors found are still shown.")},
        {MaxTime, QChar(), text("max-time"), text("SECONDS"),
         text("Give up when the whole exchange takes longer (fractions allowed, e.g. 0.5; exit 6).")},
        {Proxy, QChar(), text("proxy"), text("URL"),
         text("Use a proxy: http://HOST:PORT or socks5://HOST:PORT (port 1080 when omitted). "
              "Without it no proxy is used, whatever the environment says.")},
        {ProxyUser, QChar(), text("proxy-user"), text("USER:PASSWORD"),
         text("Credentials for the proxy.")},
        {Output, u'o', text("output"), text("FILE"),
         text("Write the final response's body to FILE instead of stdout (replaced only once the "
              "whole body is written; \"-\" means stdout).")},
        {Include, u'i', text("include"), QString(),
         text("Put the final response's status line and header fields before its body.")},
        {Verbose, u'v', text("verbose"), QString(),
         text("Describe every leg on stderr (see VERBOSE OUTPUT below).")},
        {Fail, u'f', text("fail"), QString(),
         text("Exit 22 when the final status is 400 or above, writing no body.")},
        {Json, QChar(), text("json"), QString(),
         text("Print the whole exchange (every leg) as JSON on stdout instead of the body.")},
        {Har, QChar(), text("har"), text("FILE"),
         text("Write the exchange as a HAR 1.2 file.")},
        {Markdown, QChar(), text("markdown"), text("FILE"),
         text("Write the exchange as Markdown for a ticket or slides: outcome, diagnosis, the sequence as a "
              "Mermaid diagram, every leg's request and response heads, notes, challenges, Digest steps and "
              "timing.")},
        {Diagram, QChar(), text("diagram"), text("FILE"),
         text("Draw the exchange's sequence diagram to FILE, an SVG or PNG image by its suffix (.svg, .png). "
              "Needs no display.")},
        {IncludeSecrets, QChar(), text("include-secrets"), QString(),
         text("Keep passwords, tokens, API keys and cookie values in --json, --har, --markdown and -v output. "
              "Without it they are redacted.")},
        {Help, u'h', text("help"), QString(), text("Show this help.")},
    };
}

ArgumentParser SendOptions::parser()
{
    return ArgumentParser(QStringLiteral("authscope-cli send"), optionTable());
}

Status SendOptions::parse(const QStringList &arguments, SendOptions *options)
{
    *options = SendOptions();
    ArgumentParser parser = SendOptions::parser();
    QString error;
    if (!parser.parse(arguments, &error))
        return invalid(error);
    if (parser.isSet(Help)) {
        options->help = true;
        return Status::ok();
    }

    HttpRequest &request = options->request;
    QStringList data;
    QString dataJson;
    bool methodGiven = false;
    bool proxyUserGiven = false;
    QString proxyUser;
    QString apiKeyIn;

    for (const ParsedOption &option : parser.options()) {
        const QString &value = option.value;
        switch (Option(option.id)) {
        case Request:
            request.method = value.toUtf8();
            methodGiven = true;
            break;
        case Header: {
            const QByteArray line = value.toUtf8();
            // Refused, not sent: a server's log or terminal would get the byte as typed.
            if (const qsizetype at = HttpGrammar::firstControlByte(line); at >= 0)
                return invalid(QStringLiteral("%1: byte %2 is a control byte (0x%3); a header field holds none but "
                                              "tab (RFC 9110 §5.5)")
                                       .arg(option.spelling)
                                       .arg(at + 1)
                                       .arg(uint(uchar(line.at(at))), 2, 16, QChar(u'0')));
            if (!request.headers.appendLine(line, HeaderField::Source::User, &error))
                return invalid(error);
            break;
        }
        case Data:
            data.append(value);
            break;
        case DataJson:
            if (!dataJson.isNull())
                return invalid(QStringLiteral("--data-json given twice; put the whole JSON in one"));
            dataJson = value;
            break;
        case UserStdin:
            options->userFromStdin = true;
            break;
        case User: {
            QString given;
            if (const Status read = secretArgument(option, &given); !read.isOk())
                return read;
            NameAndSecret user = splitNameAndSecret(given);
            if (user.name.isEmpty())
                return invalid(QStringLiteral("%1 needs a user name before the colon").arg(option.spelling));
            // Without a password the engine must not answer with an empty one: it asks instead.
            request.credentials.password.fill('\0');
            request.credentials.user = user.hasSecret ? user.name : QString();
            request.credentials.password = std::move(user.secret);
            options->promptUser = user.hasSecret ? QString() : user.name;
            break;
        }
        case Auth:
            if (!AuthPreferences::parse(value, &request.options.authScheme))
                return invalid(QStringLiteral("%1 needs basic, digest, bearer or any, not \"%2\"")
                                       .arg(option.spelling, value));
            break;
        case OAuth2Bearer: {
            QString given;
            if (const Status read = secretArgument(option, &given); !read.isOk())
                return read;
            const QByteArray token = given.toUtf8();
            if (token.isEmpty())
                return invalid(QStringLiteral("%1 needs a token").arg(option.spelling));
            // Checked here because the token goes out up front, before any challenge (RFC 6750 §2.1).
            if (!HttpGrammar::isB64Token(token))
                return invalid(QStringLiteral("%1: the token has a character RFC 6750 does not allow (only letters, "
                                              "digits and -._~+/ then trailing =)").arg(option.spelling));
            request.credentials.token = token;
            break;
        }
        case OAuth:
            if (value.isEmpty())
                return invalid(QStringLiteral("%1 needs the name of an OAuth profile").arg(option.spelling));
            request.credentials.oauthProfile = value;
            break;
        case OAuth2RefreshToken: {
            QString given;
            if (const Status read = secretArgument(option, &given); !read.isOk())
                return read;
            if (given.isEmpty())
                return invalid(QStringLiteral("%1 needs a refresh token").arg(option.spelling));
            options->adHocTokens.refreshToken = given.toUtf8();
            break;
        }
        case OAuth2TokenUrl:
            if (const Status parsed = parseUrl(value, &options->adHocProfile.tokenUrl); !parsed.isOk())
                return invalid(QStringLiteral("%1: %2").arg(option.spelling, parsed.message()));
            break;
        case OAuth2Client: {
            QString given;
            if (const Status read = secretArgument(option, &given); !read.isOk())
                return read;
            NameAndSecret client = splitNameAndSecret(given);
            if (client.name.isEmpty())
                return invalid(QStringLiteral("%1 needs a client id (ID or ID:SECRET)").arg(option.spelling));
            options->adHocProfile.clientId = client.name;
            options->adHocClientSecret = std::move(client.secret);
            break;
        }
        case ApiKey: {
            const qsizetype equals = value.indexOf(u'=');
            if (equals <= 0 || equals == value.size() - 1)
                // The value is not echoed: it is a secret, perhaps mistyped.
                return invalid(QStringLiteral("%1 needs NAME=VALUE: a name, '=' and the key").arg(option.spelling));
            request.credentials.apiKeyName = value.left(equals).toUtf8();
            request.credentials.apiKeyValue = value.mid(equals + 1).toUtf8();
            break;
        }
        case ApiKeyIn:
            if (value != u"header" && value != u"query")
                return invalid(QStringLiteral("%1 needs header or query, not \"%2\"").arg(option.spelling, value));
            apiKeyIn = value;
            break;
        case MaxAuthAttempts: {
            bool ok = false;
            const int n = value.toInt(&ok);
            if (!ok || n < 1)
                return invalid(QStringLiteral("%1 needs a whole number of 1 or more, not \"%2\"")
                                       .arg(option.spelling, value));
            request.options.maxAuthAttempts = n;
            break;
        }
        case StoredCredential:
            if (value.isEmpty())
                return invalid(QStringLiteral("%1 needs a stored credential's id").arg(option.spelling));
            request.credentials.storedId = value;
            break;
        case Save:
            options->save = true;
            break;
        case NoKeychain:
            options->noKeychain = true;
            break;
        case NoPrompt:
            options->noPrompt = true;
            break;
        case Location:
            request.options.followRedirects = true;
            break;
        case MaxRedirs: {
            bool ok = false;
            const int n = value.toInt(&ok);
            if (!ok || n < 0)
                return invalid(QStringLiteral("%1 needs a whole number of 0 or more, not \"%2\"")
                                       .arg(option.spelling, value));
            request.options.maxRedirects = n;
            break;
        }
        case Insecure:
            request.options.insecureTls = true;
            break;
        case MaxTime: {
            bool ok = false;
            const double seconds = value.toDouble(&ok);
            if (!ok || !qIsFinite(seconds) || seconds <= 0 || seconds > INT_MAX / 1000.0)
                return invalid(QStringLiteral("%1 needs a number of seconds greater than 0, not \"%2\"")
                                       .arg(option.spelling, value));
            request.options.timeoutMs = qMax(1, qCeil(seconds * 1000));
            break;
        }
        case Proxy: {
            const Status status = parseProxy(value, &options->proxy);
            if (!status.isOk())
                return status;
            options->useProxy = true;
            break;
        }
        case ProxyUser:
            proxyUserGiven = true;
            proxyUser = value;
            break;
        case Output:
            if (value.isEmpty())
                return invalid(QStringLiteral("%1 needs a file name").arg(option.spelling));
            options->outputPath = value == u"-" ? QString() : value;
            break;
        case Include:
            options->includeHeaders = true;
            break;
        case Verbose:
            options->verbose = true;
            break;
        case Fail:
            options->failOnHttpError = true;
            break;
        case Json:
            options->json = true;
            break;
        case Har:
            if (value.isEmpty())
                return invalid(QStringLiteral("%1 needs a file name").arg(option.spelling));
            options->harPath = value;
            break;
        case Markdown:
        case Diagram: {
            // Files only: "-" would read as standard output, where the body goes.
            if (value.isEmpty() || value == u"-")
                return invalid(QStringLiteral("%1 needs a file name (for standard output, give /dev/stdout)")
                                       .arg(option.spelling));
            if (option.id == Markdown) {
                options->markdownPath = value;
                break;
            }
            const QString suffix = QFileInfo(value).suffix().toLower();
            if (suffix != u"svg" && suffix != u"png")
                return invalid(QStringLiteral("%1 \"%2\": the file name must end in .svg or .png (the image format)")
                                       .arg(option.spelling, value));
            options->diagramPath = value;
            break;
        }
        case IncludeSecrets:
            options->includeSecrets = true;
            break;
        case Help:
            break;
        }
    }

    const QStringList &urls = parser.positionals();
    if (urls.isEmpty())
        return invalid(QStringLiteral("no URL given (see authscope-cli send --help)"));
    if (urls.size() > 1)
        return invalid(QStringLiteral("one URL per send, but got \"%1\" and \"%2\"").arg(urls.at(0), urls.at(1)));
    const Status urlStatus = parseUrl(urls.constFirst(), &request.url);
    if (!urlStatus.isOk())
        return urlStatus;

    if (proxyUserGiven) {
        if (!options->useProxy)
            return invalid(QStringLiteral("--proxy-user needs --proxy"));
        const qsizetype colon = proxyUser.indexOf(u':');
        options->proxy.setUser(colon < 0 ? proxyUser : proxyUser.left(colon));
        options->proxy.setPassword(colon < 0 ? QString() : proxyUser.mid(colon + 1));
    }

    RequestCredentials &credentials = request.credentials;
    if (!apiKeyIn.isNull() && !credentials.hasApiKey() && credentials.storedId.isEmpty())
        return invalid(QStringLiteral("--api-key-in needs --api-key or --credential"));
    if (!credentials.storedId.isEmpty()) {
        if (options->noKeychain)
            return invalid(QStringLiteral("--credential reads the keychain and cannot be combined with --no-keychain"));
        if (credentials.hasAny() || !options->promptUser.isEmpty())
            return invalid(QStringLiteral("--credential cannot be combined with -u, --oauth2-bearer or --api-key"));
    }
    if (options->userFromStdin) {
        if (!credentials.password.isNull())
            return invalid(QStringLiteral("--user-stdin reads the password, but -u already gave one"));
        if (!credentials.storedId.isEmpty())
            return invalid(QStringLiteral("--credential cannot be combined with --user-stdin"));
    }
    if (const Status oauth = takeOAuthOptions(options); !oauth.isOk())
        return oauth;
    if (options->save && options->noKeychain)
        return invalid(QStringLiteral("--save and --no-keychain contradict each other"));
    credentials.apiKeyInQuery = apiKeyIn == u"query";
    if (credentials.hasApiKey()) {
        const Status status = checkApiKey(credentials);
        if (!status.isOk())
            return status;
    }

    if (!data.isEmpty() && !dataJson.isNull())
        return invalid(QStringLiteral("-d and --data-json cannot be combined"));
    // A Content-Type typed with -H wins; the body carries the same type so exports agree.
    const QByteArray typedType = request.headers.value("Content-Type");
    if (!data.isEmpty()) {
        const QByteArray type = typedType.isNull() ? QByteArrayLiteral("application/x-www-form-urlencoded") : typedType;
        const bool fromFile = data.constFirst().startsWith(u'@');
        if (fromFile && data.size() == 1) {
            const QString path = data.constFirst().mid(1);
            const Status readable = checkReadable(path);
            if (!readable.isOk())
                return readable;
            request.body = RequestBody::file(path, type);
        } else {
            for (const QString &item : std::as_const(data)) {
                if (item.startsWith(u'@'))
                    return invalid(QStringLiteral("-d %1 reads a file and cannot be combined with another -d")
                                           .arg(item));
            }
            request.body = RequestBody::text(data.join(u'&').toUtf8(), type);
        }
    } else if (!dataJson.isNull()) {
        if (dataJson.startsWith(u'@')) {
            const QString path = dataJson.mid(1);
            const Status readable = checkReadable(path);
            if (!readable.isOk())
                return readable;
            request.body = RequestBody::file(path, QByteArrayLiteral("application/json"));
        } else {
            request.body = RequestBody::json(dataJson.toUtf8());
        }
        if (!typedType.isNull())
            request.body.setContentType(typedType);
    }
    if (!methodGiven)
        request.method = request.body.isEmpty() ? QByteArrayLiteral("GET") : QByteArrayLiteral("POST");

    if (options->json && options->includeHeaders)
        return invalid(QStringLiteral("-i and --json cannot be combined: --json already holds the headers"));

    if (!request.validate(&error))
        return invalid(error);
    return Status::ok();
}
