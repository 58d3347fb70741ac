#include "credential.h"

#include "http/httprequest.h"

void Credential::wipe()
{
    if (!secret.isEmpty() && !secret.isDetached())
        secret = QByteArray(); // another copy still holds the bytes; that owner wipes them
    else
        secret.fill('\0');
    secret.clear();
}

QString Credential::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Password: return QStringLiteral("password");
    case Kind::Token: return QStringLiteral("token");
    case Kind::ApiKey: return QStringLiteral("api-key");
    }
    return QString();
}

QString Credential::secretWord(Kind kind)
{
    return kind == Kind::ApiKey ? QStringLiteral("API key") : kindName(kind);
}

void Credential::applyTo(RequestCredentials *c) const
{
    switch (kind) {
    case Kind::Password:
        c->user = user;
        c->password = secret;
        break;
    case Kind::Token:
        c->token = secret;
        break;
    case Kind::ApiKey:
        c->apiKeyName = apiKeyName;
        c->apiKeyValue = secret;
        c->apiKeyInQuery = placement == Placement::Query || c->apiKeyInQuery;
        break;
    }
}
