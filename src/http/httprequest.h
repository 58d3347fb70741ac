#pragma once

#include "headerlist.h"
#include "requestbody.h"

#include <QUrl>

// User-name and password typed for this request (curl's -u). The password stays a QByteArray
// so it can be wiped; it is never logged or exported unredacted.
struct RequestCredentials
{
    QString user;
    QByteArray password;
    bool isEmpty() const { return user.isEmpty() && password.isEmpty(); }
};

struct RequestOptions
{
    bool followRedirects = false;
    int maxRedirects = 20;
    // Skips TLS certificate verification. Shown loudly wherever the exchange is displayed.
    bool insecureTls = false;
    // Whole-exchange limit in milliseconds (curl's --max-time); 0 means none.
    int timeoutMs = 0;
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

    // Checks what the engine would otherwise reject: a URL that is not absolute http(s), a method
    // that is not a token, header names that are not tokens or values with CR/LF.
    bool validate(QString *error) const;
};
