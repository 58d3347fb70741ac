#include "oauthshowcommand.h"

#include "console.h"
#include "core/displaytext.h"
#include "core/status.h"
#include "engine/exchangejob.h"
#include "engine/httpsession.h"
#include "credentials/credentialstore.h"
#include "export/secretredactor.h"
#include "oauth/jwksverifier.h"
#include "auth/jwt.h"
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

QString OAuthShowCommand::jwtText(const Jwt &jwt, const QDateTime &nowUtc, const QString &signature)
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
    QString text = QStringLiteral("  a JWT signed with %1; %2\n")
                           .arg(DisplayText::escaped(jwt.algorithm()),
                                signature.isEmpty() ? QStringLiteral("signature not verified") : signature);
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

OAuthShowCommand::~OAuthShowCommand()
{
    delete m_keysFetch.data(); // before its session
    m_tokens.wipe();
}

void OAuthShowCommand::start(const QStringList &arguments)
{
    const std::optional<QString> name = takeName(arguments, QStringLiteral("show"));
    if (!name)
        return;
    const std::optional<OAuthProfile> found = profileNamed(*name);
    if (!found)
        return;
    m_profile = *found;
    runStoreJob(m_context.oauthProfiles->loadSecrets(m_profile.name), [this](OAuthStoreJob *job) {
        m_readStatus = job->status();
        if (m_readStatus.isOk()) {
            m_tokens = job->tokens();
            QByteArray secret = job->clientSecret();
            m_secretStored = !secret.isEmpty();
            CredentialStore::wipe(secret);
        }
        const bool signedJwt = Jwt::decode(m_tokens.accessToken).isSigned() || Jwt::decode(m_tokens.idToken).isSigned();
        if (signedJwt && m_profile.jwksUrl.isValid() && !m_profile.jwksUrl.isEmpty())
            fetchKeys();
        else
            print();
    });
}

void OAuthShowCommand::cancel()
{
    if (m_keysFetch && m_keysFetch->isRunning()) {
        m_keysFetch->disconnect(this);
        m_keysFetch->cancel();
        m_context.console->error(QStringLiteral("cancelled while fetching the issuer's keys"));
        CliCommand::cancel();
        return;
    }
    OAuthSubcommand::cancel();
}

void OAuthShowCommand::fetchKeys()
{
    // An ordinary GET through the engine: the keys are public, the request carries nothing.
    HttpRequest request;
    request.url = m_profile.jwksUrl;
    request.headers.append(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"),
                           HeaderField::Source::Default);
    m_session = new HttpSession(m_context.manager, this);
    m_keysFetch = m_session->createExchange(request);
    connect(m_keysFetch.data(), &ExchangeJob::finished, this, [this] {
        const Exchange &exchange = m_keysFetch->exchange();
        const Leg *leg = exchange.finalLeg();
        m_verifier = std::make_unique<JwksVerifier>();
        QString error;
        if (!exchange.status.isOk()) {
            m_keysProblem = exchange.status.message();
        } else if (!leg || leg->statusCode != 200 || !leg->responseBody
                   || leg->responseBody->size() > JwksVerifier::MaxJwksBytes) {
            m_keysProblem = QStringLiteral("the JWKS URL answered %1").arg(leg ? leg->statusCode : 0);
        } else if (!m_verifier->setJwks(leg->responseBody->read(), &error)) {
            m_keysProblem = error;
        }
        print();
    });
    m_keysFetch->start();
}

QString OAuthShowCommand::tokenText(const QByteArray &token, const QDateTime &now) const
{
    const Jwt jwt = Jwt::decode(token);
    QString signature;
    if (jwt.isSigned()) {
        if (m_verifier && m_verifier->hasKeys()) {
            const JwksVerifier::Verification verification = m_verifier->verify(jwt);
            signature = QStringLiteral("signature %1").arg(JwksVerifier::resultName(verification.result));
            if (!verification.keyId.isEmpty())
                signature += QStringLiteral(" (key %1)").arg(DisplayText::escaped(verification.keyId));
            if (verification.result != JwksVerifier::Result::Verified && !verification.detail.isEmpty())
                signature += QStringLiteral(": ") + DisplayText::escaped(verification.detail);
        } else if (!m_keysProblem.isEmpty()) {
            signature = QStringLiteral("signature not verified: the issuer's keys could not be read (%1)")
                                .arg(DisplayText::escaped(m_keysProblem));
        } else {
            signature = QStringLiteral("signature not verified: no JWKS URL is known (discovery gives one)");
        }
    }
    return jwtText(jwt, now, signature);
}

void OAuthShowCommand::print()
{
    Console *console = m_context.console;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const bool read = m_readStatus.isOk();
    const TokenSet &tokens = m_tokens;
    QString text = profileText(m_profile);
    if (!read) {
        text += field(QStringLiteral("State"), QStringLiteral("unknown: the keychain could not be used"));
    } else {
        const bool publicClient = m_profile.clientAuth == OAuthProfile::ClientAuth::None;
        text += field(QStringLiteral("Client secret"),
                      publicClient ? QStringLiteral("none (a public client)")
                                   : m_secretStored ? QStringLiteral("stored in the keychain")
                                                    : QStringLiteral("missing from the keychain"));
        const TokenSummary summary = summarize(tokens, now);
        text += field(QStringLiteral("State"), summary.state == TokenState::None
                              ? QStringLiteral("none (sign in with authscope-cli oauth login %1)").arg(m_profile.name)
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
                text += tokenText(tokens.accessToken, now);
            }
            if (!tokens.idToken.isEmpty()) {
                text += field(QStringLiteral("ID token"), QStringLiteral("present"));
                text += tokenText(tokens.idToken, now);
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
    m_tokens.wipe();
    if (!written)
        fail(Status(Status::Code::FileError,
                    QStringLiteral("cannot write to standard output: %1").arg(console->writeError())));
    else if (!read)
        fail(m_readStatus);
    else
        finish(0);
}
