#pragma once

#include "serverprocess.h"

#include "oauth/tokenset.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

// Settings of one OidcServer run; the test hooks change some of them while it runs.
struct OidcServerOptions
{
    // exp = iat + TTL with iat in whole seconds: a token lives between TTL - 1 and TTL seconds.
    int accessTokenTtlSeconds = 2;
    // RFC 8628: announced in the device authorization response and enforced (slow_down).
    int deviceIntervalSeconds = 1;
    int slowDownIncrementSeconds = 5;
    int deviceCodeTtlSeconds = 600;
    // Replaces the secrets of authscope-cc and authscope-confidential for this run (the secret
    // scan makes one at random, so that no file of the build holds it); empty: the fixed ones.
    QByteArray clientSecret;
};

// A real authorization server for the OAuth tests: the npm package oidc-provider (pinned in
// tests/npm-packages.txt, installed by the test command) under node, tests/support/oidc/server.mjs.
// On 127.0.0.1: the provider (issuer http://127.0.0.1:PORT: discovery, client_credentials,
// authorization_code with PKCE S256, device flow, refresh_token with rotation and reuse detection,
// a password grant, revocation, introspection; access tokens are JWTs, RS256 or ES256) and, on a
// port of its own, a protected resource: GET /api/... answers 200 JSON {sub, client_id, scope, path}
// for a valid token, else 401 with a Bearer challenge (error="invalid_token" when expired, revoked
// or unknown). The process is stopped with the object.
//
// The synchronous helpers (stats, configure, approveDevice) spin the event loop while they wait
// (QSignalSpy::wait), so jobs of the calling test go on meanwhile; each fails on a timeout.
class OidcServer : public ServerProcess
{
public:
    bool start(QString *error, const OidcServerOptions &options = OidcServerOptions());

    QUrl issuer() const;
    QUrl discoveryUrl() const;              // /.well-known/openid-configuration
    QUrl authorizationServerMetadataUrl() const; // /.well-known/oauth-authorization-server (RFC 8414)
    QUrl tokenUrl() const;
    QUrl authorizationUrl() const;
    QUrl deviceAuthorizationUrl() const;
    QUrl verificationUrl() const;           // where the user enters the user code
    QUrl revocationUrl() const;
    QUrl introspectionUrl() const;
    QUrl jwksUrl() const;
    // The protected resource: resourceUrl("/api/me") → http://127.0.0.1:RPORT/api/me.
    QUrl resourceUrl(const QString &path = QStringLiteral("/api/me")) const;
    quint16 resourcePort() const { return m_resourcePort; }
    // RFC 8707 resource indicators: the default one (RS256 tokens) and one whose tokens are ES256.
    QString resourceIndicator() const;
    QString es256ResourceIndicator() const;

    // Fixed clients. client_credentials: basic or post alike.
    static QString clientCredentialsClientId() { return QStringLiteral("authscope-cc"); }
    static QByteArray clientCredentialsClientSecret() { return QByteArrayLiteral("cc-secret-4f9d2a71c83e"); }
    // Confidential native app (client_secret_basic or post): authorization_code + PKCE, refresh_token,
    // device code, password; redirect http://127.0.0.1/callback on any port (RFC 8252 §7.3).
    static QString confidentialClientId() { return QStringLiteral("authscope-confidential"); }
    static QByteArray confidentialClientSecret() { return QByteArrayLiteral("confidential-secret-8c2f6e19d4b0"); }
    // Public native app (token_endpoint_auth_method none): authorization_code + PKCE, refresh_token,
    // device code; same redirect URIs.
    static QString publicClientId() { return QStringLiteral("authscope-public"); }
    static QString redirectUri() { return QStringLiteral("http://127.0.0.1/callback"); }
    // Scopes of the protected resource; /api/write/... needs api:write (else 403 insufficient_scope).
    static QString resourceScope() { return QStringLiteral("api:read api:write"); }
    // Password grant demo user (the login pages take any user and password).
    static QString passwordUser() { return QStringLiteral("alice"); }
    static QByteArray passwordUserPassword() { return QByteArrayLiteral("secret"); }

    // Tokens for passwordUser() with the confidential client through the password grant: a quick
    // way to a real refresh token (no browser). The token response's JSON object, empty on failure.
    QJsonObject passwordGrantTokens(const QString &scope = QStringLiteral("openid api:read"), QString *error = nullptr);
    // A token response (passwordGrantTokens) as a sign-in leaves it: obtained now, expiring
    // expires_in later (no expiry when expiryKnown is false, as for a token that never said).
    static TokenSet tokenSet(const QJsonObject &tokenResponse, bool expiryKnown = true);
    // The protected resource's HTTP status for a GET with "Authorization: Bearer token"; 0 when no
    // answer came within 10 s.
    int resourceStatus(const QByteArray &token, const QString &path = QStringLiteral("/api/me")) const;

    // The secret a confidential client has in this run (OidcServerOptions::clientSecret or the fixed
    // one); empty for the public client.
    QByteArray secretOf(const QString &clientId) const;
    // Every access, refresh and ID token, authorization code and device code the server issued
    // since start, for scans that must not find them anywhere; empty when it could not be asked.
    QList<QByteArray> issuedSecrets();

    static QString deviceCodeGrantType() { return QStringLiteral("urn:ietf:params:oauth:grant-type:device_code"); }

    // Token endpoint calls since start or resetStats(), of one grant type or (empty) all; -1 when
    // the server could not be asked. Errors are counted too; tokenEndpointErrors() counts only them.
    int tokenEndpointCalls(const QString &grantType = QString());
    int tokenEndpointErrors(const QString &grantType = QString());
    // Every counter: {token: {total, byGrant, errorsByGrant}, revocation, deviceAuthorization,
    // devicePolls, slowDowns, resource: {ok, unauthorized, forbidden}}; empty on failure.
    QJsonObject stats();
    bool resetStats();
    // Changes settings for what is issued from now on (access_token_ttl, device_interval,
    // slow_down_next = answer the next N device polls with slow_down, slow_down_increment,
    // device_code_ttl). False when the server refused it.
    bool configure(const QUrlQuery &settings);
    bool setAccessTokenTtl(int seconds);

    // The program to put in BROWSER: walks login and consent and delivers the redirect to the
    // loopback callback, in the background. Its environment chooses the user's answer:
    // AUTHSCOPE_TEST_BROWSER_MODE approve | deny | tamper-state | ignore.
    static QString browserCommand();
    // The user approves (or denies) a device sign-in with userCode on the verification page,
    // over HTTP. False, with *error saying why, when the provider did not confirm it in 15 s.
    bool approveDevice(const QString &userCode, bool approve = true, QString *error = nullptr);

    // The server's output so far (requests by method, path and status; never a secret).
    QString log();

private:
    QJsonObject getTestHook(const QString &pathAndQuery, QString *error = nullptr);

    quint16 m_resourcePort = 0;
    QByteArray m_clientSecret;
    QString m_log;
};
