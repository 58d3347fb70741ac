#include "basicscheme.h"

int BasicScheme::strength(const Challenge &challenge) const
{
    return matches(challenge) ? 10 : 0;
}

AuthAnswer BasicScheme::answer(const Challenge &challenge, const Credential &credential,
                               const AuthRequest &request, AuthState *state) const
{
    Q_UNUSED(request);
    AuthAnswer result;
    if (credential.user.contains(u':')) {
        // RFC 7617 §2: the user-id cannot contain a colon; the server would split it wrongly.
        result.error = QStringLiteral("the user name \"%1\" contains ':', which Basic authentication cannot carry")
                               .arg(credential.user);
        return result;
    }
    // RFC 7617 §2.1: charset="UTF-8" asks for UTF-8; without it UTF-8 is still the only sane choice.
    QByteArray pair = credential.user.toUtf8() + ':' + credential.secret;
    result.value = "Basic " + pair.toBase64();
    pair.fill('\0');
    const bool utf8 = challenge.param("charset").compare("UTF-8", Qt::CaseInsensitive) == 0;
    result.summary = QStringLiteral("Basic as %1%2").arg(credential.user,
            utf8 ? QStringLiteral(" (charset UTF-8)") : QString());
    if (state)
        state->challenge = challenge;
    return result;
}
