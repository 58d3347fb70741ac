#include "credentialrecordvalidator.h"

#include "core/httpgrammar.h"
#include "http/httpurl.h"

using Problem = CredentialRecordValidator::Problem;

Problem CredentialRecordValidator::check(const CredentialRecord &record)
{
    if (!HttpUrl::isHttpUrl(QUrl(record.space.origin, QUrl::StrictMode)))
        return Problem::OriginNotHttp;
    return checkAllButOrigin(record);
}

Problem CredentialRecordValidator::checkAllButOrigin(const CredentialRecord &record)
{
    const std::optional<Credential::Kind> answers = CredentialRecord::kindForScheme(record.space.scheme);
    if (!answers)
        return Problem::UnknownScheme;
    // Another kind would sit in the store unused: no challenge of this scheme asks for it.
    if (*answers != record.kind)
        return Problem::SchemeTakesOtherKind;
    if (HttpGrammar::hasLineBreak(record.user.toUtf8()))
        return Problem::UserHasLineBreak;
    if (HttpGrammar::hasLineBreak(record.space.realm.toUtf8()))
        return Problem::RealmHasLineBreak;
    if (HttpGrammar::hasLineBreak(record.label.toUtf8()))
        return Problem::LabelHasLineBreak;
    if (record.kind == Credential::Kind::Password && record.user.trimmed().isEmpty())
        return Problem::PasswordWithoutUser;
    if (record.kind == Credential::Kind::ApiKey && record.user.trimmed().isEmpty())
        return Problem::ApiKeyWithoutName;
    if (record.space.scheme.compare("basic", Qt::CaseInsensitive) == 0 && record.user.contains(u':'))
        return Problem::BasicUserWithColon;
    if (record.kind == Credential::Kind::ApiKey && record.space.proxy)
        return Problem::ApiKeyForProxy;
    return Problem::None;
}

Problem CredentialRecordValidator::checkSecret(Credential::Kind kind, QByteArrayView secret)
{
    if (secret.isEmpty())
        return Problem::SecretEmpty;
    if (HttpGrammar::hasLineBreak(secret))
        return Problem::SecretHasLineBreak;
    if (kind == Credential::Kind::Token && !HttpGrammar::isB64Token(secret))
        return Problem::TokenNotB64Token;
    return Problem::None;
}

Problem CredentialRecordValidator::check(const CredentialRecord &record, QByteArrayView secret)
{
    const Problem problem = check(record);
    return problem != Problem::None ? problem : checkSecret(record.kind, secret);
}

QString CredentialRecordValidator::message(Problem problem, const CredentialRecord &record)
{
    const QString word = Credential::secretWord(record.kind);
    switch (problem) {
    case Problem::None:
        return QString();
    case Problem::OriginNotHttp:
        return QStringLiteral("The origin must be an http:// or https:// URL with a host, e.g. https://api.example.com");
    case Problem::UnknownScheme:
        return QStringLiteral("The scheme must be basic, digest, bearer or apikey, not \"%1\".")
                .arg(QString::fromLatin1(record.space.scheme));
    case Problem::SchemeTakesOtherKind:
        return QStringLiteral("The scheme %1 does not take a %2: use basic or digest for a password, bearer for a "
                              "token, apikey for an API key.").arg(QString::fromLatin1(record.space.scheme), word);
    case Problem::UserHasLineBreak:
        return QStringLiteral("The user has a line break or NUL in it.");
    case Problem::RealmHasLineBreak:
        return QStringLiteral("The realm has a line break or NUL in it.");
    case Problem::LabelHasLineBreak:
        return QStringLiteral("The label has a line break or NUL in it.");
    case Problem::PasswordWithoutUser:
        return QStringLiteral("Enter the user name: a password belongs to a user.");
    case Problem::ApiKeyWithoutName:
        return QStringLiteral("Enter the API key's name as the user: the header or query parameter it is sent in.");
    case Problem::BasicUserWithColon:
        return QStringLiteral("A user name for Basic authentication cannot contain ':' (RFC 7617).");
    case Problem::ApiKeyForProxy:
        return QStringLiteral("An API key is sent to the server, never to a proxy.");
    case Problem::SecretEmpty:
        return QStringLiteral("Enter the %1 to store.").arg(word);
    case Problem::SecretHasLineBreak:
        return QStringLiteral("The %1 has a line break or NUL in it.").arg(word);
    case Problem::TokenNotB64Token:
        return QStringLiteral("The token has a character RFC 6750 does not allow (only letters, digits and -._~+/ "
                              "then trailing =).");
    }
    return QString();
}
