#include "oauthprofile.h"

#include <QJsonValue>

#include <algorithm>

namespace {

constexpr int MaxNameLength = 64;

bool isNameChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'.'
        || c == u'-' || c == u'_';
}

bool isHttpUrl(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return url.isValid() && !url.isRelative() && (scheme == u"http" || scheme == u"https") && !url.host().isEmpty();
}

// Empty is fine (not given); given, it must be an absolute http(s) URL.
bool checkUrl(const QUrl &url, const QString &what, QString *error)
{
    if (url.isEmpty() || isHttpUrl(url))
        return true;
    if (error)
        *error = QStringLiteral("The %1 must be an absolute http:// or https:// URL").arg(what);
    return false;
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

struct UrlField
{
    const char *key;
    QUrl OAuthProfile::*member;
    const char *what;
};

const UrlField urlFields[] = {
    {"issuer", &OAuthProfile::issuer, "issuer"},
    {"token_endpoint", &OAuthProfile::tokenUrl, "token endpoint"},
    {"authorization_endpoint", &OAuthProfile::authorizationUrl, "authorization endpoint"},
    {"device_authorization_endpoint", &OAuthProfile::deviceAuthorizationUrl, "device authorization endpoint"},
    {"revocation_endpoint", &OAuthProfile::revocationUrl, "revocation endpoint"},
    {"jwks_uri", &OAuthProfile::jwksUrl, "JWKS URI"},
    {"redirect_uri", &OAuthProfile::redirectUri, "redirect URI"},
};

struct StringField
{
    const char *key;
    QString OAuthProfile::*member;
};

const StringField stringFields[] = {
    {"name", &OAuthProfile::name},
    {"client_id", &OAuthProfile::clientId},
    {"scope", &OAuthProfile::scope},
    {"resource", &OAuthProfile::resource},
    {"audience", &OAuthProfile::audience},
};

} // namespace

bool OAuthProfile::validate(QString *error) const
{
    if (name.isEmpty() || name.size() > MaxNameLength || !std::all_of(name.begin(), name.end(), isNameChar))
        return fail(error, QStringLiteral("A profile name is 1 to %1 letters, digits, '.', '-' or '_'").arg(MaxNameLength));
    for (const UrlField &field : urlFields) {
        if (!checkUrl(this->*field.member, QString::fromLatin1(field.what), error))
            return false;
    }
    if (clientId.isEmpty())
        return fail(error, QStringLiteral("The profile needs a client id"));
    for (const QString *text : {&clientId, &scope, &resource, &audience}) {
        if (std::any_of(text->begin(), text->end(), [](QChar c) { return c.category() == QChar::Other_Control; }))
            return fail(error, QStringLiteral("The client id, scope, resource and audience cannot hold control characters"));
    }
    if (!resource.isEmpty() && !isHttpUrl(QUrl(resource, QUrl::StrictMode)))
        return fail(error, QStringLiteral("The resource must be an absolute URI (RFC 8707 §2)"));
    // Made by send --oauth2-* from a refresh token: the grant that issued it and its other
    // endpoints are not known, and only the token endpoint is used.
    if (adHoc && issuer.isEmpty() && tokenUrl.isEmpty())
        return fail(error, QStringLiteral("The profile needs a token endpoint"));
    if (adHoc)
        return true;
    // RFC 6749 §4.4: client_credentials is for confidential clients only.
    if (grant == Grant::ClientCredentials && clientAuth == ClientAuth::None)
        return fail(error, QStringLiteral("The client_credentials grant needs client authentication (basic or post), "
                                          "not a public client"));
    if (!issuer.isEmpty())
        return true; // the rest is discovered
    if (tokenUrl.isEmpty())
        return fail(error, QStringLiteral("The profile needs an issuer (for discovery) or a token endpoint"));
    if (grant == Grant::AuthorizationCode && authorizationUrl.isEmpty())
        return fail(error, QStringLiteral("The authorization_code grant needs an authorization endpoint (or an issuer)"));
    if (grant == Grant::DeviceCode && deviceAuthorizationUrl.isEmpty())
        return fail(error, QStringLiteral("The device_code grant needs a device authorization endpoint (or an issuer)"));
    return true;
}

QJsonObject OAuthProfile::toJson() const
{
    QJsonObject json;
    for (const StringField &field : stringFields) {
        if (!(this->*field.member).isEmpty())
            json.insert(QString::fromLatin1(field.key), this->*field.member);
    }
    for (const UrlField &field : urlFields) {
        if (!(this->*field.member).isEmpty())
            json.insert(QString::fromLatin1(field.key), (this->*field.member).toString(QUrl::FullyEncoded));
    }
    json.insert(QStringLiteral("client_auth"), clientAuthName(clientAuth));
    json.insert(QStringLiteral("grant"), grantName(grant));
    if (endpointsDiscovered)
        json.insert(QStringLiteral("endpoints_discovered"), true);
    if (adHoc)
        json.insert(QStringLiteral("ad_hoc"), true);
    return json;
}

std::optional<OAuthProfile> OAuthProfile::fromJson(const QJsonObject &json, QString *error)
{
    OAuthProfile profile;
    for (const StringField &field : stringFields) {
        const QJsonValue value = json.value(QString::fromLatin1(field.key));
        if (!value.isUndefined() && !value.isString()) {
            fail(error, QStringLiteral("The profile's \"%1\" is not a string").arg(QString::fromLatin1(field.key)));
            return std::nullopt;
        }
        profile.*field.member = value.toString();
    }
    for (const UrlField &field : urlFields) {
        const QJsonValue value = json.value(QString::fromLatin1(field.key));
        if (!value.isUndefined() && !value.isString()) {
            fail(error, QStringLiteral("The profile's \"%1\" is not a string").arg(QString::fromLatin1(field.key)));
            return std::nullopt;
        }
        profile.*field.member = QUrl(value.toString(), QUrl::StrictMode);
    }
    const auto auth = clientAuthFromName(json.value(QStringLiteral("client_auth")).toString(QStringLiteral("basic")));
    const auto grant = grantFromName(json.value(QStringLiteral("grant")).toString(QStringLiteral("client_credentials")));
    if (!auth || !grant) {
        fail(error, QStringLiteral("The profile \"%1\" has an unknown client_auth or grant").arg(profile.name));
        return std::nullopt;
    }
    profile.clientAuth = *auth;
    profile.grant = *grant;
    profile.endpointsDiscovered = json.value(QStringLiteral("endpoints_discovered")).toBool();
    profile.adHoc = json.value(QStringLiteral("ad_hoc")).toBool();
    if (!profile.validate(error))
        return std::nullopt;
    return profile;
}

QString OAuthProfile::grantName(Grant grant)
{
    switch (grant) {
    case Grant::ClientCredentials: return QStringLiteral("client_credentials");
    case Grant::AuthorizationCode: return QStringLiteral("authorization_code");
    case Grant::DeviceCode: return QStringLiteral("device_code");
    case Grant::Password: return QStringLiteral("password");
    }
    return QString();
}

std::optional<OAuthProfile::Grant> OAuthProfile::grantFromName(const QString &name)
{
    for (Grant grant : {Grant::ClientCredentials, Grant::AuthorizationCode, Grant::DeviceCode, Grant::Password}) {
        if (grantName(grant) == name)
            return grant;
    }
    return std::nullopt;
}

QString OAuthProfile::clientAuthName(ClientAuth auth)
{
    switch (auth) {
    case ClientAuth::Basic: return QStringLiteral("basic");
    case ClientAuth::Post: return QStringLiteral("post");
    case ClientAuth::None: return QStringLiteral("none");
    }
    return QString();
}

std::optional<OAuthProfile::ClientAuth> OAuthProfile::clientAuthFromName(const QString &name)
{
    for (ClientAuth auth : {ClientAuth::Basic, ClientAuth::Post, ClientAuth::None}) {
        if (clientAuthName(auth) == name)
            return auth;
    }
    return std::nullopt;
}
