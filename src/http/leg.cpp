#include "leg.h"

bool Leg::isRedirect() const
{
    switch (statusCode) {
    case 301: case 302: case 303: case 307: case 308:
        return true;
    default:
        return false;
    }
}

QString Leg::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Initial: return QStringLiteral("initial");
    case Kind::Redirect: return QStringLiteral("redirect");
    case Kind::AuthRetry: return QStringLiteral("auth-retry");
    case Kind::TokenEndpoint: return QStringLiteral("token-endpoint");
    case Kind::Retry: return QStringLiteral("retry");
    case Kind::Acquisition: return QStringLiteral("acquisition");
    }
    return QString();
}
