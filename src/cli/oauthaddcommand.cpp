#include "oauthaddcommand.h"

#include "console.h"
#include "core/displaytext.h"
#include "core/httpgrammar.h"
#include "core/status.h"
#include "credentials/credentialstore.h"
#include "http/httpurl.h"
#include "oauth/oauthprofilestore.h"
#include "oauthcommand.h"

#include <QHostAddress>

using Option = OAuthCommand::Option;

namespace {

QString spelling(int option)
{
    for (const OptionSpec &spec : OAuthCommand::optionTable()) {
        if (spec.id == option)
            return QStringLiteral("--") + spec.longName;
    }
    return QString();
}

// RFC 6749 §3.3: scope = scope-token *( SP scope-token ), scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
bool isScope(const QString &scope)
{
    if (scope.isEmpty() || scope.startsWith(u' ') || scope.endsWith(u' ') || scope.contains(QLatin1String("  ")))
        return false;
    for (QChar c : scope) {
        const ushort u = c.unicode();
        if (u != 0x20 && (u < 0x21 || u > 0x7e || u == 0x22 || u == 0x5c))
            return false;
    }
    return true;
}

bool hasControl(const QString &text)
{
    for (QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return true;
    }
    return false;
}

// RFC 8252 §7.3: the loopback redirect the one-shot listener can take: http, a loopback host
// and a port to listen on.
bool isLoopbackRedirect(const QUrl &url)
{
    if (url.scheme() != u"http" || url.port() <= 0 || !url.fragment().isNull())
        return false;
    const QString host = url.host();
    return host == u"localhost" || QHostAddress(host).isLoopback();
}

} // namespace

OAuthAddCommand::OAuthAddCommand(const CliContext &context, const ArgumentParser &parsed, QObject *parent)
    : OAuthSubcommand(context, parent)
    , m_parsed(parsed)
{
}

bool OAuthAddCommand::takeUrl(int option, QUrl *url)
{
    if (!m_parsed.isSet(option))
        return true;
    const QUrl parsed(m_parsed.value(option).trimmed(), QUrl::StrictMode);
    if (!HttpUrl::isHttpUrl(parsed) || !parsed.fragment().isNull()) {
        fail(invalid(QStringLiteral("%1 needs an http:// or https:// URL with a host and no #fragment, not \"%2\"")
                             .arg(spelling(option), DisplayText::escaped(m_parsed.value(option)))));
        return false;
    }
    *url = parsed;
    return true;
}

std::optional<OAuthProfile> OAuthAddCommand::profileFromOptions(const QString &name)
{
    OAuthProfile profile;
    profile.name = name;
    const bool withIssuer = m_parsed.isSet(Option::Issuer);
    if (!withIssuer && !m_parsed.isSet(Option::TokenUrl)) {
        fail(invalid(QStringLiteral("add needs --issuer URL (endpoints discovered) or --token-url URL")));
        return std::nullopt;
    }
    for (int endpoint : {Option::TokenUrl, Option::AuthUrl, Option::DeviceUrl}) {
        if (withIssuer && m_parsed.isSet(endpoint)) {
            fail(invalid(QStringLiteral("%1 goes with --token-url; with --issuer the endpoints are discovered")
                                 .arg(spelling(endpoint))));
            return std::nullopt;
        }
    }
    if (!takeUrl(Option::Issuer, &profile.issuer) || !takeUrl(Option::TokenUrl, &profile.tokenUrl)
        || !takeUrl(Option::AuthUrl, &profile.authorizationUrl)
        || !takeUrl(Option::DeviceUrl, &profile.deviceAuthorizationUrl)
        || !takeUrl(Option::RevocationUrl, &profile.revocationUrl))
        return std::nullopt;

    profile.clientId = m_parsed.value(Option::ClientId).trimmed();
    if (!m_parsed.isSet(Option::ClientId) || profile.clientId.isEmpty()) {
        fail(invalid(QStringLiteral("add needs --client-id ID: the client id the authorization server knows")));
        return std::nullopt;
    }
    if (hasControl(profile.clientId)) {
        fail(invalid(QStringLiteral("--client-id has a control character (a line break, NUL, ...) in it")));
        return std::nullopt;
    }

    const bool withSecret = m_parsed.isSet(Option::ClientSecretStdin);
    if (m_parsed.isSet(Option::ClientAuth)) {
        QString how = m_parsed.value(Option::ClientAuth).toLower();
        how.remove(QLatin1String("client_secret_"));
        const std::optional<OAuthProfile::ClientAuth> auth = OAuthProfile::clientAuthFromName(how);
        if (!auth) {
            fail(invalid(QStringLiteral("--client-auth needs basic, post or none, not \"%1\"")
                                 .arg(DisplayText::escaped(m_parsed.value(Option::ClientAuth)))));
            return std::nullopt;
        }
        profile.clientAuth = *auth;
    } else {
        profile.clientAuth = withSecret ? OAuthProfile::ClientAuth::Basic : OAuthProfile::ClientAuth::None;
    }
    const bool publicClient = profile.clientAuth == OAuthProfile::ClientAuth::None;
    if (publicClient && withSecret) {
        fail(invalid(QStringLiteral("--client-auth none is a public client, which has no secret: leave out "
                                    "--client-secret-stdin, or use --client-auth basic or post")));
        return std::nullopt;
    }
    // A replaced profile keeps its stored secret; a new one must bring it.
    if (!publicClient && !withSecret && !m_parsed.isSet(Option::Replace)) {
        fail(invalid(QStringLiteral("--client-auth %1 sends a client secret: pipe it in with --client-secret-stdin")
                             .arg(OAuthProfile::clientAuthName(profile.clientAuth))));
        return std::nullopt;
    }

    if (m_parsed.isSet(Option::Grant)) {
        const std::optional<OAuthProfile::Grant> grant = OAuthProfile::grantFromName(m_parsed.value(Option::Grant));
        if (!grant) {
            fail(invalid(QStringLiteral("--grant needs client_credentials, authorization_code, device_code or "
                                        "password, not \"%1\"").arg(DisplayText::escaped(m_parsed.value(Option::Grant)))));
            return std::nullopt;
        }
        profile.grant = *grant;
    } else {
        profile.grant = publicClient ? OAuthProfile::Grant::AuthorizationCode : OAuthProfile::Grant::ClientCredentials;
    }
    using Grant = OAuthProfile::Grant;
    if (profile.grant == Grant::ClientCredentials && publicClient) {
        fail(invalid(QStringLiteral("--grant client_credentials needs a confidential client: give its secret with "
                                    "--client-secret-stdin (RFC 6749 §4.4)")));
        return std::nullopt;
    }
    if (profile.grant == Grant::AuthorizationCode && !withIssuer && !m_parsed.isSet(Option::AuthUrl)) {
        fail(invalid(QStringLiteral("--grant authorization_code needs --auth-url URL (or --issuer URL)")));
        return std::nullopt;
    }
    if (profile.grant == Grant::DeviceCode && !withIssuer && !m_parsed.isSet(Option::DeviceUrl)) {
        fail(invalid(QStringLiteral("--grant device_code needs --device-url URL (or --issuer URL)")));
        return std::nullopt;
    }
    if (m_parsed.isSet(Option::RedirectUri)) {
        if (profile.grant != Grant::AuthorizationCode) {
            fail(invalid(QStringLiteral("--redirect-uri is for --grant authorization_code only")));
            return std::nullopt;
        }
        profile.redirectUri = QUrl(m_parsed.value(Option::RedirectUri).trimmed(), QUrl::StrictMode);
        if (!isLoopbackRedirect(profile.redirectUri)) {
            fail(invalid(QStringLiteral("--redirect-uri needs a loopback http URL with a port, e.g. "
                                        "http://127.0.0.1:8400/callback, not \"%1\"")
                                 .arg(DisplayText::escaped(m_parsed.value(Option::RedirectUri)))));
            return std::nullopt;
        }
    }

    profile.scope = m_parsed.value(Option::Scope).simplified();
    if (m_parsed.isSet(Option::Scope) && !isScope(profile.scope)) {
        fail(invalid(QStringLiteral("--scope needs scopes separated by spaces, each of printable ASCII without "
                                    "'\"' or '\\' (RFC 6749 §3.3)")));
        return std::nullopt;
    }
    if (m_parsed.isSet(Option::Resource)) {
        profile.resource = m_parsed.value(Option::Resource).trimmed();
        const QUrl resource(profile.resource, QUrl::StrictMode);
        if (!resource.isValid() || resource.isRelative() || !resource.fragment().isNull()) {
            fail(invalid(QStringLiteral("--resource needs an absolute URI without a #fragment (RFC 8707), not \"%1\"")
                                 .arg(DisplayText::escaped(profile.resource))));
            return std::nullopt;
        }
    }
    profile.audience = m_parsed.value(Option::Audience).trimmed();
    if (hasControl(profile.audience)) {
        fail(invalid(QStringLiteral("--audience has a control character (a line break, NUL, ...) in it")));
        return std::nullopt;
    }

    QString problem;
    if (!profile.validate(&problem)) {
        fail(invalid(problem));
        return std::nullopt;
    }
    return profile;
}

void OAuthAddCommand::start(const QStringList &arguments)
{
    // Not echoed: a stray argument may be the secret, typed where it does not belong.
    if (arguments.size() != 1) {
        fail(invalid(arguments.isEmpty()
                             ? QStringLiteral("add needs the NAME of the new profile")
                             : QStringLiteral("add takes one NAME and options; the client secret is never an "
                                              "argument: pipe it in with --client-secret-stdin")));
        return;
    }
    const std::optional<OAuthProfile> profile = profileFromOptions(arguments.first());
    if (!profile)
        return;
    m_context.oauthProfiles->reload();
    m_replacing = m_context.oauthProfiles->profile(profile->name).has_value();
    if (m_replacing && !m_parsed.isSet(Option::Replace)) {
        fail(invalid(QStringLiteral("a profile named \"%1\" exists already: give --replace to replace it")
                             .arg(profile->name)));
        return;
    }
    m_adding = *profile;
    if (m_adding.grant == OAuthProfile::Grant::Password) {
        m_context.console->warning(QStringLiteral("[%1] the password grant is deprecated (RFC 9700 §2.4): it hands "
                                                  "the user's password to this client; prefer authorization_code "
                                                  "or device_code")
                                           .arg(NoteCodes::name(NoteCode::PasswordGrantDeprecated)));
    }
    if (m_parsed.isSet(Option::ClientSecretStdin))
        readSecretFromStdin(QStringLiteral("--client-secret-stdin"),
                            QStringLiteral("pipe it in, e.g. pass show client | authscope-cli oauth add ..."),
                            [this](QByteArray secret) { onSecret(std::move(secret)); });
    else
        save(QByteArray());
}

void OAuthAddCommand::cancel()
{
    if (!cancelSecretFromStdin())
        OAuthSubcommand::cancel();
}

void OAuthAddCommand::onSecret(QByteArray secret)
{
    if (secret.isEmpty() || HttpGrammar::hasLineBreak(secret)) {
        CredentialStore::wipe(secret);
        fail(invalid(QStringLiteral("--client-secret-stdin: the client secret is empty or has a line break or NUL in "
                                    "it (only one line end at the end is dropped); nothing was saved")));
        return;
    }
    save(std::move(secret));
}

void OAuthAddCommand::save(QByteArray secret)
{
    OAuthStoreJob *job = m_context.oauthProfiles->saveProfile(m_adding, secret);
    CredentialStore::wipe(secret); // the job holds the last copy
    runStoreJob(job, [this](OAuthStoreJob *done) {
        if (!done->status().isOk()) {
            fail(done->status());
            return;
        }
        if (m_replacing) {
            // The old tokens were issued to the old client, scope and endpoints: they go.
            m_replacing = false;
            runStoreJob(m_context.oauthProfiles->clearTokens(m_adding.name), [this](OAuthStoreJob *cleared) {
                if (!cleared->status().isOk())
                    fail(cleared->status());
                else
                    reportSaved();
            });
            return;
        }
        reportSaved();
    });
}

void OAuthAddCommand::reportSaved()
{
    Console *console = m_context.console;
    const QString where = m_adding.issuer.isEmpty() ? m_adding.tokenUrl.toString(QUrl::FullyEncoded)
                                                    : m_adding.issuer.toString(QUrl::FullyEncoded);
    if (!console->write(QStringLiteral("saved OAuth profile %1 (%2, client %3 at %4)\n")
                                .arg(m_adding.name, OAuthProfile::grantName(m_adding.grant),
                                     DisplayText::escaped(m_adding.clientId), DisplayText::escaped(where))
                                .toUtf8())) {
        fail(Status(Status::Code::FileError,
                    QStringLiteral("the profile was saved, but standard output could not be written: %1")
                            .arg(console->writeError())));
        return;
    }
    console->note(QStringLiteral("sign in with: authscope-cli oauth login %1").arg(m_adding.name));
    finish(0);
}
