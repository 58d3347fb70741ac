#pragma once

#include "argumentparser.h"
#include "core/status.h"
#include "http/httprequest.h"
#include "oauth/oauthprofile.h"
#include "oauth/tokenset.h"

#include <QNetworkProxy>
#include <QString>

// Everything "authscope-cli send" was told: the request to make and what to do with the outcome.
// parse() only reads arguments and checks that input files are readable; it starts nothing and
// never prompts (-u USER without a password leaves the request without credentials and names the
// user in promptUser: the password is asked for when a server challenges).
struct SendOptions
{
    enum Option {
        Request, Header, Data, DataJson, User, UserStdin, Auth, OAuth2Bearer, OAuth, OAuth2RefreshToken,
        OAuth2TokenUrl, OAuth2Client, ApiKey, ApiKeyIn, StoredCredential, Save,
        NoKeychain, MaxAuthAttempts, NoPrompt,
        Location, MaxRedirs, Insecure, MaxTime, Proxy, ProxyUser, Output, Include, Verbose, Fail, Json, Har,
        Markdown, Diagram, IncludeSecrets, Help,
    };

    HttpRequest request;
    bool useProxy = false;          // --proxy given; otherwise no proxy at all (not the system's)
    QNetworkProxy proxy;
    QString promptUser;             // -u USER without ":PASSWORD": the default user when asking
    bool userFromStdin = false;     // --user-stdin: USER:PASSWORD (or, with -u USER, the password) on stdin
    bool noPrompt = false;          // --no-prompt: a challenge without credentials fails (exit 10)
    bool save = false;              // --save: keep credentials the server accepted in the keychain
    bool noKeychain = false;        // --no-keychain: neither read nor write stored credentials
    QString outputPath;             // -o; empty means stdout
    bool includeHeaders = false;    // -i
    bool verbose = false;           // -v
    bool failOnHttpError = false;   // --fail
    bool json = false;              // --json
    QString harPath;                // --har
    QString markdownPath;           // --markdown
    QString diagramPath;            // --diagram: ends in .svg or .png (checked by parse)
    bool includeSecrets = false;
    bool help = false;              // --help: nothing else is checked
    // --oauth2-refresh-token, --oauth2-token-url and --oauth2-client (with --oauth2-bearer or not), or
    // --oauth2-token-url with --oauth2-client ID:SECRET alone (the client_credentials grant):
    // an OAuth profile of this run only, named by adHocProfileName(); request.credentials.oauthProfile
    // names it and the token broker answers it (TokenBroker::addAdHocProfile). The secrets are the
    // caller's to wipe once handed over.
    OAuthProfile adHocProfile;
    QByteArray adHocClientSecret;
    TokenSet adHocTokens;
    bool hasAdHocOAuth() const { return !adHocProfile.name.isEmpty(); }

    // Parses the arguments after "send". Bad input gives Status::Code::InvalidInput with one line
    // naming the problem (exit status 2); *options is then unspecified.
    static Status parse(const QStringList &arguments, SendOptions *options);

    // --user-stdin's input: "USER:PASSWORD", or only the password when -u USER was given. One
    // trailing line break is dropped. Sets the request's credentials; InvalidInput when it does
    // not fit. The input is wiped.
    Status takeUserFromStdin(QByteArray input);

    // The name an ad-hoc profile is kept under when its refresh token rotates (the same flags
    // name the same profile): "adhoc-HOST-CLIENTID", other characters as '-', at most 64.
    static QString adHocProfileName(const QUrl &tokenUrl, const QString &clientId);

    static QList<OptionSpec> optionTable();
    static ArgumentParser parser();

private:
    // --oauth and the ad-hoc --oauth2-* options once every option is read (see adHocProfile).
    static Status takeOAuthOptions(SendOptions *options);
};
