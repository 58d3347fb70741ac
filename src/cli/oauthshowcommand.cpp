#include "oauthshowcommand.h"

#include "console.h"
#include "core/displaytext.h"
#include "core/status.h"
#include "credentials/credentialstore.h"
#include "export/secretredactor.h"
#include "oauth/jwt.h"
#include "oauth/oauthprofilestore.h"
#include "timetext.h"

#include <QJsonDocument>

namespace {

// Field names padded so the values line up.
QString field(const QString &name, const QString &value)
{
    return QStringLiteral("%1 %2\n").arg(QString(name + u':').leftJustified(19), value);
}

QString indentedJson(const QJsonObject &object)
{
    QString json = QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)).trimmed();
    json.replace(u'\n', QLatin1String("\n    "));
    // A claim's text came from the server: nothing in it may drive the terminal.
    return QStringLiteral("    ") + DisplayText::escaped(json, DisplayText::LineBreaks::Keep) + u'\n';
}

QString masked(const QByteArray &token)
{
    return QStringLiteral("%1 (%2 bytes; --reveal prints it)").arg(SecretRedactor::marker()).arg(token.size());
}

} // namespace

OAuthShowCommand::OAuthShowCommand(const CliContext &context, bool reveal, QObject *parent)
    : OAuthSubcommand(context, parent)
    , m_reveal(reveal)
{
}

QString OAuthShowCommand::jwtText(const Jwt &jwt, const QDateTime &nowUtc)
{
    switch (jwt.kind()) {
    case Jwt::Kind::Opaque:
        return QString();
    case Jwt::Kind::Encrypted:
        return QStringLiteral("  an encrypted JWT (JWE): only the authorization server can read it\n");
    case Jwt::Kind::Malformed:
        return QStringLiteral("  not a JWT that decodes: %1 (at byte %2)\n")
                .arg(DisplayText::escaped(jwt.error())).arg(jwt.errorPosition());
    case Jwt::Kind::Signed:
        break;
    }
    QString text = QStringLiteral("  a JWT signed with %1; signature not verified\n")
                           .arg(DisplayText::escaped(jwt.algorithm()));
    text += QStringLiteral("  Header:\n") + indentedJson(jwt.header());
    text += QStringLiteral("  Claims:\n") + indentedJson(jwt.claims());
    const struct { const char *claim; QDateTime when; } times[] = {
        {"exp (expires)", jwt.expiresAt()}, {"iat (issued)", jwt.issuedAt()}, {"nbf (not before)", jwt.notBefore()}};
    for (const auto &time : times) {
        if (time.when.isValid())
            text += QStringLiteral("  %1 %2\n").arg(QString::fromLatin1(time.claim).leftJustified(17),
                                                    TimeText::localAndRelative(time.when, nowUtc));
    }
    return text;
}

QString OAuthShowCommand::profileText(const OAuthProfile &profile) const
{
    const QString discovered = profile.endpointsDiscovered ? QStringLiteral(" (discovered)") : QString();
    auto endpoint = [&](const QUrl &url) { return url.isEmpty() ? QStringLiteral("-") : orDash(url) + discovered; };
    QString clientAuth;
    switch (profile.clientAuth) {
    case OAuthProfile::ClientAuth::Basic: clientAuth = QStringLiteral("client_secret_basic"); break;
    case OAuthProfile::ClientAuth::Post: clientAuth = QStringLiteral("client_secret_post"); break;
    case OAuthProfile::ClientAuth::None: clientAuth = QStringLiteral("none (a public client)"); break;
    }
    QString grant = OAuthProfile::grantName(profile.grant);
    if (profile.grant == OAuthProfile::Grant::Password)
        grant += QStringLiteral(" (deprecated)");
    return field(QStringLiteral("Name"), profile.name)
            + field(QStringLiteral("Grant"), grant)
            + field(QStringLiteral("Client id"), orDash(profile.clientId))
            + field(QStringLiteral("Client auth"), clientAuth)
            + field(QStringLiteral("Issuer"), orDash(profile.issuer))
            + field(QStringLiteral("Token URL"), endpoint(profile.tokenUrl))
            + field(QStringLiteral("Authorization URL"), endpoint(profile.authorizationUrl))
            + field(QStringLiteral("Device URL"), endpoint(profile.deviceAuthorizationUrl))
            + field(QStringLiteral("Revocation URL"), endpoint(profile.revocationUrl))
            + (profile.grant != OAuthProfile::Grant::AuthorizationCode
                       ? QString()
                       : field(QStringLiteral("Redirect URI"), profile.redirectUri.isEmpty()
                                                                       ? QStringLiteral("http://127.0.0.1:<free port>/callback")
                                                                       : orDash(profile.redirectUri)))
            + field(QStringLiteral("Scope"), orDash(profile.scope))
            + field(QStringLiteral("Resource"), orDash(profile.resource))
            + field(QStringLiteral("Audience"), orDash(profile.audience));
}

void OAuthShowCommand::start(const QStringList &arguments)
{
    const std::optional<QString> name = takeName(arguments, QStringLiteral("show"));
    if (!name)
        return;
    const std::optional<OAuthProfile> found = profileNamed(*name);
    if (!found)
        return;
    const OAuthProfile profile = *found;
    runStoreJob(m_context.oauthProfiles->loadSecrets(profile.name), [this, profile](OAuthStoreJob *job) {
        Console *console = m_context.console;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QString text = profileText(profile);
        const bool read = job->status().isOk();
        TokenSet tokens = read ? job->tokens() : TokenSet();
        QByteArray secret = read ? job->clientSecret() : QByteArray();
        if (!read) {
            text += field(QStringLiteral("State"), QStringLiteral("unknown: the keychain could not be used"));
        } else {
            const bool publicClient = profile.clientAuth == OAuthProfile::ClientAuth::None;
            text += field(QStringLiteral("Client secret"),
                          publicClient ? QStringLiteral("none (a public client)")
                                       : secret.isEmpty() ? QStringLiteral("missing from the keychain")
                                                          : QStringLiteral("stored in the keychain"));
            const TokenSummary summary = summarize(tokens, now);
            text += field(QStringLiteral("State"), summary.state == TokenState::None
                                  ? QStringLiteral("none (sign in with authscope-cli oauth login %1)").arg(profile.name)
                                  : stateName(summary.state));
            if (summary.state != TokenState::None) {
                text += field(QStringLiteral("Expires"), TimeText::localAndRelative(tokens.expiresAt, now));
                if (tokens.obtainedAt.isValid())
                    text += field(QStringLiteral("Obtained"), TimeText::localAndRelative(tokens.obtainedAt, now));
                text += field(QStringLiteral("Token type"), DisplayText::escaped(QString::fromUtf8(tokens.tokenType)));
                if (!tokens.scope.isEmpty())
                    text += field(QStringLiteral("Granted scope"), DisplayText::escaped(tokens.scope));
                text += field(QStringLiteral("Refresh token"), !tokens.hasRefreshToken() ? QStringLiteral("none")
                                      : m_reveal ? QStringLiteral("stored (below)") : masked(tokens.refreshToken));
                if (!tokens.accessToken.isEmpty()) {
                    text += field(QStringLiteral("Access token"),
                                  m_reveal ? QStringLiteral("(below)") : masked(tokens.accessToken));
                    text += jwtText(Jwt::decode(tokens.accessToken), now);
                }
                if (!tokens.idToken.isEmpty()) {
                    text += field(QStringLiteral("ID token"), QStringLiteral("present"));
                    text += jwtText(Jwt::decode(tokens.idToken), now);
                }
            }
        }
        bool written = console->write(text.toUtf8());
        if (written && m_reveal && read && !tokens.isEmpty()) {
            // Raw, one per line, so a script can take them; the only copies are ones we wipe.
            QByteArray revealed;
            if (!tokens.accessToken.isEmpty())
                revealed.append("Access token:       ").append(tokens.accessToken).append('\n');
            if (tokens.hasRefreshToken())
                revealed.append("Refresh token:      ").append(tokens.refreshToken).append('\n');
            written = console->write(revealed);
            CredentialStore::wipe(revealed);
            if (written)
                console->note(QStringLiteral("the tokens are now on your screen and in the terminal's scrollback; "
                                             "clear them if others can see them"));
        }
        tokens.wipe();
        CredentialStore::wipe(secret);
        if (!written)
            fail(Status(Status::Code::FileError,
                        QStringLiteral("cannot write to standard output: %1").arg(console->writeError())));
        else if (!read)
            fail(job->status());
        else
            finish(0);
    });
}
