#pragma once

#include "authscheme.h"
#include "http/authpreference.h"

#include <QList>
#include <QStringList>

// Every scheme AuthScope can answer, and the choice among the challenges a server offers.
class SchemeRegistry
{
public:
    using Preference = AuthPreference;

    struct Choice
    {
        const AuthScheme *scheme = nullptr; // null when nothing offered can be answered
        Challenge challenge;
        QStringList skipped;                // "Negotiate: not supported", one line per challenge not chosen
    };

    static const QList<const AuthScheme *> &schemes();
    static const AuthScheme *find(const QByteArray &name);
    // The strongest supported challenge, restricted to one scheme when the user picked one.
    // haveToken/havePassword say which credentials exist, so a Bearer challenge is not chosen
    // for a user who only has a password and vice versa (when something else is offered).
    static Choice choose(const QList<Challenge> &challenges, Preference preference,
                         bool haveToken, bool havePassword);
};
