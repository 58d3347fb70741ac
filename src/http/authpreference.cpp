#include "authpreference.h"

namespace AuthPreferences {

QString name(AuthPreference preference)
{
    switch (preference) {
    case AuthPreference::Any: return QStringLiteral("any");
    case AuthPreference::Basic: return QStringLiteral("Basic");
    case AuthPreference::Digest: return QStringLiteral("Digest");
    case AuthPreference::Bearer: return QStringLiteral("Bearer");
    }
    return QString();
}

bool parse(const QString &text, AuthPreference *preference)
{
    const QString t = text.toLower();
    if (t == u"any")
        *preference = AuthPreference::Any;
    else if (t == u"basic")
        *preference = AuthPreference::Basic;
    else if (t == u"digest")
        *preference = AuthPreference::Digest;
    else if (t == u"bearer")
        *preference = AuthPreference::Bearer;
    else
        return false;
    return true;
}

} // namespace AuthPreferences
