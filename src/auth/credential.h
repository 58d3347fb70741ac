#pragma once

#include <QByteArray>
#include <QString>

struct RequestCredentials;

// A secret and what it is for. The secret is a QByteArray so it can be wiped; it is never
// logged, shown unmasked or exported without the user opting in.
struct Credential
{
    enum class Kind { Password, Token, ApiKey };
    enum class Placement { Header, Query }; // for API keys

    Kind kind = Kind::Password;
    QString user;                // Password: the user-id
    QByteArray secret;           // password, bearer token or API key value
    QByteArray apiKeyName;       // ApiKey: header or query parameter name
    Placement placement = Placement::Header;

    bool isEmpty() const { return user.isEmpty() && secret.isEmpty(); }
    // Puts it where a request carries its kind: user and password, token, or API key.
    void applyTo(RequestCredentials *credentials) const;
    // Overwrites the secret's bytes before releasing them.
    void wipe();
    static QString kindName(Kind kind);
    // The secret as messages name it: "password", "token", "API key".
    static QString secretWord(Kind kind);
};
