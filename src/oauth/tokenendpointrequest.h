#pragma once

#include "oauthprofile.h"

#include "http/httprequest.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

// The HttpRequest for one call to an authorization server's token-style endpoint (token, device
// authorization, revocation): POST application/x-www-form-urlencoded, Accept: application/json,
// and the client authenticated as the profile says (RFC 6749 §2.3.1):
//   Basic: Authorization: Basic base64(urlencode(id) ":" urlencode(secret));
//   Post:  client_id and client_secret in the body;
//   None:  client_id in the body (a public client).
// The grant's own parameters come first, in the order added; then scope, resource (RFC 8707)
// and audience when the profile has them and the call asks for them. The request carries no
// RequestCredentials: the engine adds nothing to it (LegChannel::sendLeg).
class TokenEndpointRequest
{
public:
    // endpoint empty: the profile's token URL. clientSecret is copied into the request only.
    TokenEndpointRequest(const OAuthProfile &profile, const QByteArray &clientSecret, const QUrl &endpoint = QUrl());

    // A grant parameter: grant_type, refresh_token, code, code_verifier, redirect_uri, device_code,
    // token, token_type_hint, username, password. Order is kept.
    void addParameter(const QString &name, const QString &value);
    void addParameter(const QString &name, const QByteArray &value) { addParameter(name, QString::fromUtf8(value)); }
    // Scope, resource and audience are added unless switched off (revocation takes none of them;
    // an authorization code exchange needs no scope again).
    void setIncludeScope(bool include) { m_includeScope = include; }
    void setIncludeResource(bool include) { m_includeResource = include; }

    HttpRequest build() const;

    // RFC 6749 §2.3.1: both parts form-urlencoded (Appendix B) before they are joined and encoded.
    static QByteArray basicAuthorization(const QString &clientId, const QByteArray &clientSecret);
    // application/x-www-form-urlencoded (RFC 6749 Appendix B): unreserved kept, space as '+'.
    static QByteArray formUrlEncode(const QString &value);

private:
    OAuthProfile m_profile;
    QByteArray m_clientSecret;
    QUrl m_endpoint;
    QList<QPair<QString, QString>> m_parameters;
    bool m_includeScope = true;
    bool m_includeResource = true;
};
