#pragma once

#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <optional>

// An OAuth 2.0 client configuration: where to get tokens and how. Holds nothing secret (the client
// secret and the tokens live in the keychain, see OAuthProfileStore), so it is stored in plain JSON
// beside the credential index and shown freely.
struct OAuthProfile
{
    enum class Grant { ClientCredentials, AuthorizationCode, DeviceCode, Password };
    enum class ClientAuth { Basic, Post, None }; // client_secret_basic, client_secret_post, public client

    QString name;
    // Metadata is discovered from the issuer (RFC 8414, then OpenID Connect discovery) unless the
    // endpoints are given; discovered endpoints are cached here and shown as such.
    QUrl issuer;
    QUrl tokenUrl;
    QUrl authorizationUrl;
    QUrl deviceAuthorizationUrl;
    QUrl revocationUrl;
    QUrl jwksUrl;
    bool endpointsDiscovered = false;

    QString clientId;
    ClientAuth clientAuth = ClientAuth::Basic;
    QString scope;          // space-separated
    QString resource;       // RFC 8707, optional
    QString audience;       // optional (providers that take "audience")
    Grant grant = Grant::ClientCredentials;
    // A fixed redirect URI for providers that match it exactly; empty: a one-shot loopback
    // listener at http://127.0.0.1:<free port>/callback (RFC 8252 §7.3).
    QUrl redirectUri;
    // Made by `send --oauth2-*` to keep a rotated pair, not by `oauth add`.
    bool adHoc = false;

    // A name: letters, digits, '.', '-', '_' (1-64); endpoints absolute http(s); a client id;
    // an endpoint or an issuer for the grant (an ad-hoc profile: a token endpoint); the store
    // checks that a new basic/post profile comes with a client secret.
    bool validate(QString *error) const;

    QJsonObject toJson() const;
    static std::optional<OAuthProfile> fromJson(const QJsonObject &json, QString *error);

    static QString grantName(Grant grant);            // "client_credentials", "authorization_code", ...
    static std::optional<Grant> grantFromName(const QString &name);
    static QString clientAuthName(ClientAuth auth);   // "basic", "post", "none"
    static std::optional<ClientAuth> clientAuthFromName(const QString &name);
};
