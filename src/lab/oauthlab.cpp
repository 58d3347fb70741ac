#include "oauthlab.h"

#include "bearerlab.h"
#include "labpage.h"
#include "labtokenminter.h"

#include <QCryptographicHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>

namespace {

const QString kToken = QStringLiteral("/oauth/token");
const QString kDeviceAuthorization = QStringLiteral("/oauth/device_authorization");
const QString kDevice = QStringLiteral("/oauth/device");
const QString kAuthorize = QStringLiteral("/oauth/authorize");
const QString kApi = QStringLiteral("/oauth/api");
const QString kMetadata = QStringLiteral("/.well-known/oauth-authorization-server");
const QString kDeviceGrant = QStringLiteral("urn:ietf:params:oauth:grant-type:device_code");
const QString kDefaultScope = QStringLiteral("read");

// RFC 8628 §6.1: a short code from an alphabet without look-alikes, typed by a person.
QByteArray userCode()
{
    static const char alphabet[] = "BCDFGHJKLMNPQRSTVWXZ";
    QByteArray code;
    for (int i = 0; i < 8; ++i) {
        if (i == 4)
            code += '-';
        code += alphabet[QRandomGenerator::system()->bounded(int(sizeof alphabet - 1))];
    }
    return code;
}

// RFC 6749 §5.2.
LabResponse oauthError(int status, const QString &error, const QString &description)
{
    LabResponse response = LabResponse::json(status, {{QStringLiteral("error"), error},
                                                      {QStringLiteral("error_description"), description}});
    response.setHeader("Cache-Control", "no-store");
    return response;
}

QString field(const QUrlQuery &form, const QString &name)
{
    return form.queryItemValue(name, QUrl::FullyDecoded);
}

// RFC 8252 §7.3: a native app's redirect goes to a loopback address over plain http, any port.
bool isLoopbackRedirect(const QUrl &uri)
{
    if (!uri.isValid() || uri.scheme() != QLatin1String("http") || !uri.fragment().isEmpty())
        return false;
    return uri.host() == QLatin1String("localhost") || QHostAddress(uri.host()).isLoopback();
}

QByteArray s256(const QString &verifier)
{
    return QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// The client the request authenticates as (RFC 6749 §2.3.1: Basic, or client_id and client_secret
// in the body; a public client sends only client_id). Empty with *error set when that fails.
QString authenticatedClient(const LabRequest &request, QString *error, bool *viaBasic)
{
    const QUrlQuery form = request.form();
    QString id = field(form, QStringLiteral("client_id"));
    QByteArray secret = field(form, QStringLiteral("client_secret")).toUtf8();
    const QByteArray authorization = request.header("Authorization");
    *viaBasic = authorization.startsWith("Basic ");
    if (*viaBasic) {
        const QByteArray pair = QByteArray::fromBase64(authorization.mid(6).trimmed());
        const qsizetype colon = pair.indexOf(':');
        auto formDecoded = [](QByteArray text) { return QUrl::fromPercentEncoding(text.replace('+', ' ')); };
        id = formDecoded(pair.left(colon));
        secret = formDecoded(pair.mid(colon + 1)).toUtf8();
    }
    if (id == OAuthLab::serviceClientId()) {
        if (secret == OAuthLab::serviceClientSecret())
            return id;
        *error = secret.isEmpty() ? QStringLiteral("lab-service is a confidential client: authenticate with its secret")
                                  : QStringLiteral("Wrong client secret for lab-service");
        return QString();
    }
    if (id == OAuthLab::appClientId() && secret.isEmpty())
        return id;
    *error = id.isEmpty() ? QStringLiteral("No client authentication (Basic, or client_id in the body)")
                          : QStringLiteral("Unknown client \"%1\" (the lab's clients: lab-service, lab-app)").arg(id);
    return QString();
}

} // namespace

OAuthLab::OAuthLab()
{
    m_refreshTokens.insert(demoRefreshToken(), {QStringLiteral("demo"), appClientId(), kDefaultScope, LabPage::demoUser(), false});
    // Already rotated once: its successor is in the same family, and a second use revokes both.
    m_refreshTokens.insert(replayedRefreshToken(), {QStringLiteral("replayed"), appClientId(), kDefaultScope, LabPage::demoUser(), true});
    m_refreshTokens.insert("lab-replayed-successor", {QStringLiteral("replayed"), appClientId(), kDefaultScope, LabPage::demoUser(), false});
}

OAuthLab::~OAuthLab() = default;

QString OAuthLab::serviceClientId() { return QStringLiteral("lab-service"); }
QByteArray OAuthLab::serviceClientSecret() { return QByteArrayLiteral("lab-service-secret"); }
QString OAuthLab::appClientId() { return QStringLiteral("lab-app"); }
QByteArray OAuthLab::demoRefreshToken() { return QByteArrayLiteral("lab-demo-refresh"); }
QByteArray OAuthLab::replayedRefreshToken() { return QByteArrayLiteral("lab-replayed-refresh"); }

QList<LabScenario> OAuthLab::scenarios() const
{
    const QString group = QStringLiteral("OAuth 2.0");
    const QString tokenUrl = QStringLiteral("{origin}") + kToken;
    const QString clients = QStringLiteral("confidential client lab-service / lab-service-secret; public client lab-app; "
                                           "user alice / wonderland");
    auto text = [](const char *s) { return QString::fromUtf8(s); };
    QList<LabScenario> list;
    list.append({QStringLiteral("oauth-client-credentials"), kApi, group, text("OAuth: client credentials"),
                 text("A service gets its own token (RFC 6749 §4.4): AuthScope posts grant_type=client_credentials to "
                      "/oauth/token, authenticating lab-service with Basic (§2.3.1), then sends the token to /oauth/api. "
                      "Both legs belong to one exchange: look at the token endpoint leg, its Authorization (masked) and "
                      "the JSON it returns (access_token, expires_in)."),
                 clients, QString(),
                 {QStringLiteral("--oauth2-token-url"), tokenUrl, QStringLiteral("--oauth2-client"),
                  QStringLiteral("lab-service:lab-service-secret"), QStringLiteral("--no-keychain")},
                 300});
    list.append({QStringLiteral("oauth-refresh-rotation"), kApi, group, text("OAuth: refresh token rotation"),
                 text("A refresh token (RFC 6749 §6) gets a new access token, and the lab rotates it: the answer carries "
                      "a new refresh token and the old one is spent (OAuth 2.0 Security BCP §4.14). AuthScope keeps the "
                      "new one (with --no-keychain only for this run, and says it will be lost). Each fresh lab holds "
                      "lab-demo-refresh, usable once."),
                 clients, QString(),
                 {QStringLiteral("--oauth2-refresh-token"), QString::fromLatin1(demoRefreshToken()),
                  QStringLiteral("--oauth2-token-url"), tokenUrl, QStringLiteral("--oauth2-client"), appClientId(),
                  QStringLiteral("--no-keychain")},
                 310});
    list.append({QStringLiteral("oauth-refresh-reuse"), kApi, group, text("OAuth: refresh token reuse detected"),
                 text("lab-replayed-refresh was rotated already; presenting it again looks like a stolen copy, so the "
                      "lab answers invalid_grant and revokes the whole family, its successor too (Security BCP §4.14.2). "
                      "The exchange ends at the token endpoint's 400 (AuthScope: token-refresh-failed, exit status of an "
                      "authentication failure) before any resource is asked: the diagnosis reads it as credentials "
                      "rejected, the refresh token being the credential the authorization server refused."),
                 clients, QStringLiteral("credentials-rejected"),
                 {QStringLiteral("--oauth2-refresh-token"), QString::fromLatin1(replayedRefreshToken()),
                  QStringLiteral("--oauth2-token-url"), tokenUrl, QStringLiteral("--oauth2-client"), appClientId(),
                  QStringLiteral("--no-keychain")},
                 320});
    list.append({QStringLiteral("oauth-device-grant"), kDeviceAuthorization, group, text("OAuth: device authorization grant"),
                 text("A device without a browser (RFC 8628) asks /oauth/device_authorization for a user_code and a "
                      "verification_uri; the user opens /oauth/device, types the code and approves; meanwhile the device "
                      "polls /oauth/token and hears authorization_pending, or slow_down when it polls faster than "
                      "half the interval (§3.5). This command makes the first step; `authscope-cli oauth add NAME "
                      "--grant device_code --issuer {origin} --client-id lab-app --client-auth none` then `oauth login "
                      "NAME` runs the whole grant. ?interval=N sets the polling interval."),
                 clients, QString(), {QStringLiteral("-d"), QStringLiteral("client_id=lab-app"), QStringLiteral("-d"), QStringLiteral("scope=read")},
                 330});
    list.append({QStringLiteral("oauth-code-pkce"), QStringLiteral("/oauth/authorize?response_type=code&client_id=lab-app"
                                                                  "&redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2Fcallback"
                                                                  "&scope=read&state=demo&code_challenge="
                                                                  "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                                                                  "&code_challenge_method=S256"),
                 group, text("OAuth: authorization code + PKCE"),
                 text("The login and consent page of the code grant (RFC 6749 §4.1) with PKCE S256 (RFC 7636 §4.3): the "
                      "app sends code_challenge (here RFC 7636 Appendix B's, of the verifier "
                      "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk), the user signs in as alice / wonderland and "
                      "clicks Allow, the lab redirects to the app's loopback redirect_uri (RFC 8252 §7.3) with a one-time code, and the token "
                      "request must bring the code_verifier whose SHA-256 is the challenge. This command fetches the "
                      "page; `authscope-cli oauth add NAME --grant authorization_code --issuer {origin} --client-id "
                      "lab-app --client-auth none` then `oauth login NAME` runs the whole grant in your browser."),
                 clients, QString(), {}, 340});
    return list;
}

bool OAuthLab::respond(const LabRequest &request, LabResponse *response)
{
    if (request.viaProxy)
        return false;
    const QString path = request.path();
    if (path == kMetadata)
        *response = metadata(request);
    else if (path == kToken)
        *response = token(request);
    else if (path == kDeviceAuthorization)
        *response = deviceAuthorization(request);
    else if (path == kDevice)
        *response = devicePage(request);
    else if (path == kAuthorize)
        *response = authorizePage(request);
    else if (path == kApi) {
        if (BearerLab::authorize(request, kDefaultScope, response))
            *response = LabResponse::json(200, {{QStringLiteral("resource"), path},
                                                {QStringLiteral("message"), QStringLiteral("The token was accepted.")}});
    } else
        return false;
    return true;
}

LabResponse OAuthLab::metadata(const LabRequest &request) const
{
    const QString origin = request.origin();
    return LabResponse::json(200, {
        {QStringLiteral("issuer"), origin},
        {QStringLiteral("token_endpoint"), QString(origin + kToken)},
        {QStringLiteral("authorization_endpoint"), QString(origin + kAuthorize)},
        {QStringLiteral("device_authorization_endpoint"), QString(origin + kDeviceAuthorization)},
        {QStringLiteral("grant_types_supported"), QJsonArray{QStringLiteral("client_credentials"), QStringLiteral("refresh_token"),
                                                             QStringLiteral("authorization_code"), kDeviceGrant}},
        {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code")}},
        {QStringLiteral("code_challenge_methods_supported"), QJsonArray{QStringLiteral("S256")}},
        {QStringLiteral("token_endpoint_auth_methods_supported"),
         QJsonArray{QStringLiteral("client_secret_basic"), QStringLiteral("client_secret_post"), QStringLiteral("none")}},
        {QStringLiteral("scopes_supported"), QJsonArray{QStringLiteral("read"), QStringLiteral("admin")}},
    });
}

LabResponse OAuthLab::issue(const LabRequest &request, const QString &clientId, const QString &subject, const QString &scope,
                            const QString &family)
{
    // ?ttl=N on the token endpoint's URL: short-lived access tokens for lessons and tests.
    const int ttl = request.queryNumber(QStringLiteral("ttl"), 3600, 1, 86400);
    const QDateTime now = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC); // as exp holds it
    QJsonObject claims = LabTokenMinter::claims(subject, scope, now, now.addSecs(ttl));
    claims.insert(QStringLiteral("client_id"), clientId);
    claims.insert(QStringLiteral("jti"), QString(QString::fromLatin1(LabTokenMinter::randomToken(9)) + QString::number(++m_serial)));
    QJsonObject answer{{QStringLiteral("access_token"), QString::fromLatin1(LabTokenMinter::mint(claims))},
                       {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                       {QStringLiteral("expires_in"), ttl},
                       {QStringLiteral("scope"), scope}};
    if (!family.isEmpty()) {
        const QByteArray refresh = "lab-rt-" + LabTokenMinter::randomToken(24);
        m_refreshTokens.insert(refresh, {family, clientId, scope, subject, false});
        answer.insert(QStringLiteral("refresh_token"), QString::fromLatin1(refresh));
    }
    LabResponse response = LabResponse::json(200, answer);
    response.setHeader("Cache-Control", "no-store"); // RFC 6749 §5.1
    response.setHeader("Pragma", "no-cache");
    return response;
}

LabResponse OAuthLab::token(const LabRequest &request)
{
    if (request.method != "POST")
        return oauthError(405, QStringLiteral("invalid_request"), QStringLiteral("The token endpoint takes POST (RFC 6749 §3.2)"));
    QString problem;
    bool viaBasic = false;
    const QString client = authenticatedClient(request, &problem, &viaBasic);
    if (client.isEmpty()) {
        // §5.2: 401 with a challenge when the client tried Basic.
        LabResponse refusal = oauthError(viaBasic ? 401 : 400, QStringLiteral("invalid_client"), problem);
        if (viaBasic)
            refusal.setHeader("WWW-Authenticate", "Basic realm=\"lab-oauth\"");
        return refusal;
    }
    const QUrlQuery form = request.form();
    const QString grant = field(form, QStringLiteral("grant_type"));
    const QString requestedScope = field(form, QStringLiteral("scope"));
    const QString scope = requestedScope.isEmpty() ? kDefaultScope : requestedScope;
    const QDateTime now = QDateTime::currentDateTimeUtc();

    if (grant == QLatin1String("client_credentials")) {
        if (client != serviceClientId())
            return oauthError(400, QStringLiteral("unauthorized_client"),
                              QStringLiteral("client_credentials is for confidential clients (RFC 6749 §4.4)"));
        return issue(request, client, client, scope, QString());
    }
    if (grant == QLatin1String("refresh_token")) {
        const QByteArray presented = field(form, QStringLiteral("refresh_token")).toUtf8();
        const auto found = m_refreshTokens.find(presented);
        if (found == m_refreshTokens.end() || found->clientId != client)
            return oauthError(400, QStringLiteral("invalid_grant"), QStringLiteral("Unknown refresh token"));
        if (m_revokedFamilies.contains(found->family))
            return oauthError(400, QStringLiteral("invalid_grant"),
                              QStringLiteral("The refresh token was revoked: its family was replayed"));
        if (found->used) {
            // Security BCP §4.14.2: a spent token presented again means someone holds a copy.
            m_revokedFamilies.insert(found->family);
            return oauthError(400, QStringLiteral("invalid_grant"),
                              QStringLiteral("Refresh token reuse detected: the token was already used, so every token "
                                             "of its family is revoked; sign in again"));
        }
        found->used = true;
        const RefreshRecord record = *found;
        return issue(request, client, record.subject, record.scope, record.family);
    }
    if (grant == QLatin1String("authorization_code")) {
        const QByteArray code = field(form, QStringLiteral("code")).toUtf8();
        const CodeRecord record = m_codes.take(code); // §4.1.2: used once
        if (record.clientId.isEmpty() || record.clientId != client || record.expiresAt < now)
            return oauthError(400, QStringLiteral("invalid_grant"), QStringLiteral("Unknown, used or expired authorization code"));
        if (field(form, QStringLiteral("redirect_uri")) != record.redirectUri)
            return oauthError(400, QStringLiteral("invalid_grant"), QStringLiteral("redirect_uri differs from the authorization request's"));
        // RFC 7636 §4.6.
        if (s256(field(form, QStringLiteral("code_verifier"))) != record.challenge)
            return oauthError(400, QStringLiteral("invalid_grant"), QStringLiteral("code_verifier does not match the code_challenge"));
        return issue(request, client, LabPage::demoUser(), record.scope, QString::fromLatin1(LabTokenMinter::randomToken(9)));
    }
    if (grant == kDeviceGrant) {
        const QByteArray deviceCode = field(form, QStringLiteral("device_code")).toUtf8();
        const auto found = m_devices.find(deviceCode);
        if (found == m_devices.end() || found->clientId != client)
            return oauthError(400, QStringLiteral("invalid_grant"), QStringLiteral("Unknown device_code"));
        if (found->expiresAt < now) {
            m_devices.erase(found);
            return oauthError(400, QStringLiteral("expired_token"), QStringLiteral("The device code expired (RFC 8628 §3.5)"));
        }
        if (found->denied) {
            m_devices.erase(found);
            return oauthError(400, QStringLiteral("access_denied"), QStringLiteral("The user denied the request"));
        }
        if (found->approved) {
            const QString deviceScope = found->scope;
            m_devices.erase(found);
            return issue(request, client, LabPage::demoUser(), deviceScope, QString::fromLatin1(LabTokenMinter::randomToken(9)));
        }
        // §3.5: polling faster than half the interval earns slow_down (and a longer interval).
        const bool tooSoon = found->lastPoll.isValid() && found->lastPoll.msecsTo(now) < found->intervalSeconds * 500;
        found->lastPoll = now;
        if (tooSoon) {
            found->intervalSeconds += 5;
            return oauthError(400, QStringLiteral("slow_down"), QStringLiteral("Polling too fast: wait 5 s longer"));
        }
        return oauthError(400, QStringLiteral("authorization_pending"), QStringLiteral("The user has not approved yet"));
    }
    return oauthError(400, QStringLiteral("unsupported_grant_type"),
                      QStringLiteral("The lab knows client_credentials, refresh_token, authorization_code and device_code"));
}

LabResponse OAuthLab::deviceAuthorization(const LabRequest &request)
{
    if (request.method != "POST")
        return oauthError(405, QStringLiteral("invalid_request"), QStringLiteral("The device authorization endpoint takes POST"));
    QString problem;
    bool viaBasic = false;
    const QString client = authenticatedClient(request, &problem, &viaBasic);
    if (client.isEmpty())
        return oauthError(viaBasic ? 401 : 400, QStringLiteral("invalid_client"), problem);
    const QString requested = field(request.form(), QStringLiteral("scope"));
    DeviceRecord record;
    record.userCode = userCode();
    record.clientId = client;
    record.scope = requested.isEmpty() ? kDefaultScope : requested;
    record.intervalSeconds = request.queryNumber(QStringLiteral("interval"), 5, 1, 60);
    const int expiresIn = 300;
    record.expiresAt = QDateTime::currentDateTimeUtc().addSecs(expiresIn);
    const QByteArray deviceCode = "lab-dc-" + LabTokenMinter::randomToken(24);
    m_devices.insert(deviceCode, record);
    const QString verification = request.origin() + kDevice;
    return LabResponse::json(200, {{QStringLiteral("device_code"), QString::fromLatin1(deviceCode)},
                                   {QStringLiteral("user_code"), QString::fromLatin1(record.userCode)},
                                   {QStringLiteral("verification_uri"), verification},
                                   {QStringLiteral("verification_uri_complete"),
                                    QString(verification + QStringLiteral("?user_code=") + QString::fromLatin1(record.userCode))},
                                   {QStringLiteral("expires_in"), expiresIn},
                                   {QStringLiteral("interval"), record.intervalSeconds}});
}

LabResponse OAuthLab::devicePage(const LabRequest &request)
{
    const bool posted = request.method == "POST";
    const QUrlQuery form = posted ? request.form() : request.query();
    const QByteArray code = field(form, QStringLiteral("user_code")).trimmed().toUpper().toLatin1();
    auto formPage = [&](const QString &problem) {
        const QString codeField = QStringLiteral("<p><label>Code <input name=\"user_code\" value=\"%1\"></label></p>\n")
                                      .arg(QString::fromLatin1(code).toHtmlEscaped());
        return LabResponse::html(200, LabPage::page(QStringLiteral("Connect a device"),
                                                    QStringLiteral("<p>Type the code your device shows, sign in and allow it.</p>\n")
                                                        + LabPage::signInForm(kDevice, codeField, problem, LabPage::allowOrDeny())));
    };
    if (!posted)
        return formPage(QString());
    auto device = m_devices.end();
    for (auto it = m_devices.begin(); it != m_devices.end(); ++it) {
        if (it->userCode == code)
            device = it;
    }
    if (device == m_devices.end())
        return formPage(QStringLiteral("No device is waiting with that code."));
    if (field(form, QStringLiteral("action")) == QLatin1String("deny")) {
        device->denied = true;
        return LabResponse::html(200, LabPage::page(QStringLiteral("Device denied"), QStringLiteral("<p>The device will hear access_denied.</p>")));
    }
    if (!LabPage::isDemoUser(form))
        return formPage(QStringLiteral("Wrong user or password."));
    device->approved = true;
    return LabResponse::html(200, LabPage::page(QStringLiteral("Device connected"),
                                       QStringLiteral("<p>Approved. Return to your device: its next poll gets the tokens.</p>")));
}

LabResponse OAuthLab::authorizePage(const LabRequest &request)
{
    const bool posted = request.method == "POST";
    const QUrlQuery form = posted ? request.form() : request.query();
    const QString clientId = field(form, QStringLiteral("client_id"));
    const QString redirect = field(form, QStringLiteral("redirect_uri"));
    const QString state = field(form, QStringLiteral("state"));
    const QUrl redirectUri(redirect, QUrl::StrictMode);
    // §4.1.2.1: with a bad client or redirect_uri the user is told, never redirected.
    if (clientId != appClientId() && clientId != serviceClientId())
        return LabResponse::html(400, LabPage::page(QStringLiteral("Unknown client"),
                                           QStringLiteral("<p>The lab's clients are lab-app and lab-service.</p>")));
    if (!isLoopbackRedirect(redirectUri))
        return LabResponse::html(400, LabPage::page(QStringLiteral("Redirect URI refused"),
                                           QStringLiteral("<p>The lab redirects only to http://127.0.0.1, [::1] or localhost "
                                                          "(any port), as RFC 8252 §7.3 has native apps do.</p>")));
    auto redirectWith = [&](QUrlQuery parameters) {
        if (!state.isEmpty())
            parameters.addQueryItem(QStringLiteral("state"), QString::fromLatin1(QUrl::toPercentEncoding(state)));
        QUrl target = redirectUri;
        QUrlQuery merged(target);
        for (const auto &item : parameters.queryItems(QUrl::FullyEncoded))
            merged.addQueryItem(item.first, item.second);
        target.setQuery(merged);
        LabResponse response;
        response.status = 303;
        response.setHeader("Location", target.toString(QUrl::FullyEncoded).toUtf8());
        return response;
    };
    auto error = [&](const QString &code, const QString &description) {
        QUrlQuery parameters;
        parameters.addQueryItem(QStringLiteral("error"), code);
        parameters.addQueryItem(QStringLiteral("error_description"), QString::fromLatin1(QUrl::toPercentEncoding(description)));
        return redirectWith(parameters);
    };
    if (field(form, QStringLiteral("response_type")) != QLatin1String("code"))
        return error(QStringLiteral("unsupported_response_type"), QStringLiteral("The lab issues codes only"));
    const QString challenge = field(form, QStringLiteral("code_challenge"));
    if (challenge.isEmpty() || field(form, QStringLiteral("code_challenge_method")) != QLatin1String("S256"))
        return error(QStringLiteral("invalid_request"), QStringLiteral("PKCE with code_challenge_method S256 is required (RFC 7636)"));

    const QString scope = field(form, QStringLiteral("scope")).isEmpty() ? kDefaultScope : field(form, QStringLiteral("scope"));
    auto consentPage = [&](const QString &problem) {
        QString fields;
        for (const char *name : {"response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method"})
            fields += LabPage::hiddenField(QString::fromLatin1(name), field(form, QString::fromLatin1(name)));
        return LabResponse::html(200, LabPage::page(QStringLiteral("Sign in to the AuthScope lab"),
                                                    QStringLiteral("<p><strong>%1</strong> asks to read your lab data (scope %2) "
                                                                   "and will get the answer at %3.</p>\n")
                                                            .arg(clientId.toHtmlEscaped(), scope.toHtmlEscaped(), redirect.toHtmlEscaped())
                                                        + LabPage::signInForm(kAuthorize, fields, problem, LabPage::allowOrDeny())));
    };
    if (!posted)
        return consentPage(QString());
    if (field(form, QStringLiteral("action")) == QLatin1String("deny"))
        return error(QStringLiteral("access_denied"), QStringLiteral("The user denied the request"));
    if (!LabPage::isDemoUser(form))
        return consentPage(QStringLiteral("Wrong user or password."));
    const QByteArray code = "lab-code-" + LabTokenMinter::randomToken(18);
    m_codes.insert(code, {clientId, redirect, challenge.toLatin1(), scope, QDateTime::currentDateTimeUtc().addSecs(60)});
    QUrlQuery parameters;
    parameters.addQueryItem(QStringLiteral("code"), QString::fromLatin1(code));
    return redirectWith(parameters);
}
