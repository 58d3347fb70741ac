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

LegNotes BearerScheme::explain(const Challenge &challenge) const
{
    LegNotes notes;
    const QByteArray error = challenge.param("error");
    const QString description = QString::fromUtf8(challenge.param("error_description"));
    const QString scope = QString::fromUtf8(challenge.param("scope"));
    // RFC 6750 §3.1; the meaning of each code is written once, in the NoteCode table.
    if (error == "invalid_token") {
        notes.append(LegNote(NoteCode::BearerInvalidToken, NoteCodes::meaning(NoteCode::BearerInvalidToken)));
    } else if (error == "insufficient_scope") {
        QString text = NoteCodes::meaning(NoteCode::BearerInsufficientScope);
        if (!scope.isEmpty())
            text.insert(text.size() - 1, QStringLiteral(" (\"%1\")").arg(scope));
        notes.append(LegNote(NoteCode::BearerInsufficientScope, text));
    } else if (error == "invalid_request") {
        notes.append(LegNote(NoteCode::BearerInvalidRequest, NoteCodes::meaning(NoteCode::BearerInvalidRequest)));
    } else if (!error.isEmpty()) {
        notes.append(LegNote(NoteCode::BearerOtherError, QStringLiteral("error \"%1\"").arg(QString::fromUtf8(error))));
    } else {
        notes.append(LegNote(NoteCode::BearerNoError, NoteCodes::meaning(NoteCode::BearerNoError)));
    }
    if (!scope.isEmpty() && error != "insufficient_scope")
        notes.last().text += QStringLiteral(" Required scope: %1").arg(scope);
    if (!description.isEmpty())
        notes.append(LegNote(NoteCode::ServerErrorDescription, QStringLiteral("the server says: %1").arg(description)));
    return notes;
}
