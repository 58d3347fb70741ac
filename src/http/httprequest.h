#pragma once

#include "authpreference.h"
#include "headerlist.h"
#include "requestbody.h"

#include <QUrl>

// Credentials given with this request. They belong to the request's origin: the engine answers
// that origin's challenges with them and never sends them anywhere else. Secrets stay
// QByteArrays so they can be wiped; they are never logged or exported unredacted.
struct RequestCredentials
{
    QString user;              // Basic and Digest (curl's -u)
    QByteArray password;
    QByteArray token;          // Bearer: sent with the first leg, as tokens are
    QByteArray apiKeyName;     // API key: a header or query parameter sent with the first leg
    QByteArray apiKeyValue;
    bool apiKeyInQuery = false;
    // A credential in the credential store, by its id: saved requests reference secrets this way,
    // never by value. StoredCredentialResolver fills the fields above from it just before sending.
    QString storedId;
    // "Ask me": answer challenges with what the user types now, not with what the session or
    // the keychain remember (a second user at a URL the first one logged in to).
    bool askUser = false;
    // An OAuth 2.0 profile by name: its access token is sent as Bearer, refreshed before sending
    // when known expired and once on a 401 (ExchangeJob asks the session's TokenProvider).
    QString oauthProfile;

    // True when no user/password is given (tokens and API keys are checked on their own).
    bool isEmpty() const { return user.isEmpty() && password.isEmpty(); }
    bool hasToken() const { return !token.isEmpty(); }
    bool hasApiKey() const { return !apiKeyName.isEmpty(); }
    // Anything given by value: a user or password, a token or an API key.
    bool hasAny() const { return !isEmpty() || hasToken() || hasApiKey(); }
    // Overwrites password, token and API key value where this is their last copy, then drops
    // them (fill() on a shared QByteArray would only wipe a fresh copy; the other owner wipes).
    void wipeSecrets();
};

struct RequestOptions
{
    bool followRedirects = false;
    int maxRedirects = 20;
    // Skips TLS certificate verification. Shown loudly wherever the exchange is displayed.
    bool insecureTls = false;
    // Whole-exchange limit in milliseconds (curl's --max-time); 0 means none.
    int timeoutMs = 0;
    // Which challenge to answer when several are offered (--auth); Any picks the strongest.
    // Basic also sends the user's Basic credentials with the first leg, as curl --basic does.
    AuthPreference authScheme = AuthPreference::Any;
    // How many times credentials may be rejected for one protection space before giving up.
    int maxAuthAttempts = 3;
};

// One request as the user composed it. The engine turns it into one or more legs.
struct HttpRequest
{
    QByteArray method = QByteArrayLiteral("GET");
    QUrl url;
    HeaderList headers;
    RequestBody body;
    RequestCredentials credentials;
    RequestOptions options;

    // Qt 6.4 adds each field to a request in time proportional to the fields before it
    // (QNetworkRequest::setRawHeader and the HTTP layer each scan for the name), so 40 000 fields
    // took 12 s; servers refuse far fewer anyway (Apache 100, Node 2000 by default).
    static constexpr int MaxHeaderFields = 2000;

    // Checks what the engine would otherwise reject: a URL that is not absolute http(s), a method
    // that is not a token, header names that are not tokens or values with CR/LF; fields the user
    // typed with another control byte (RFC 9110 §5.5), or more than MaxHeaderFields of them.
    bool validate(QString *error) const;
};
