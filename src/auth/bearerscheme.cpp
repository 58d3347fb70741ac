#include "bearerscheme.h"

#include "core/httpgrammar.h"

int BearerScheme::strength(const Challenge &challenge) const
{
    return matches(challenge) ? 20 : 0;
}

AuthAnswer BearerScheme::answer(const Challenge &challenge, const Credential &credential,
                                const AuthRequest &request, AuthState *state) const
{
    Q_UNUSED(request);
    AuthAnswer result;
    if (credential.secret.isEmpty()) {
        result.error = QStringLiteral("the bearer token is empty");
        return result;
    }
    if (!HttpGrammar::isB64Token(credential.secret)) {
        result.error = QStringLiteral("the bearer token contains a character RFC 6750 does not allow (space, quote or control)");
        return result;
    }
    result.value = "Bearer " + credential.secret;
    result.summary = QStringLiteral("Bearer token (%1 characters)").arg(credential.secret.size());
    if (state)
        state->challenge = challenge;
    return result;
}

QStringList BearerScheme::explain(const Challenge &challenge) const
{
    QStringList notes;
    const QByteArray error = challenge.param("error");
    const QString description = QString::fromUtf8(challenge.param("error_description"));
    const QString scope = QString::fromUtf8(challenge.param("scope"));
    if (error == "invalid_token")
        notes.append(QStringLiteral("invalid_token: the token is expired, revoked or malformed; get a new one (log in again or refresh it)"));
    else if (error == "insufficient_scope")
        notes.append(QStringLiteral("insufficient_scope: the token is valid but lacks the scope this resource needs%1")
                             .arg(scope.isEmpty() ? QString() : QStringLiteral(" (\"%1\")").arg(scope)));
    else if (error == "invalid_request")
        notes.append(QStringLiteral("invalid_request: the request is malformed (a missing or repeated parameter, or the token sent twice)"));
    else if (!error.isEmpty())
        notes.append(QStringLiteral("error \"%1\"").arg(QString::fromUtf8(error)));
    else
        notes.append(QStringLiteral("no error code: the request carried no token, or none the server recognises"));
    if (!description.isEmpty())
        notes.append(QStringLiteral("the server says: %1").arg(description));
    if (!scope.isEmpty() && error != "insufficient_scope")
        notes.append(QStringLiteral("required scope: %1").arg(scope));
    return notes;
}
