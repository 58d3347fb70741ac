#pragma once

#include "tokenset.h"

#include "core/status.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QUrl>

struct Leg;

// A token endpoint's answer (RFC 6749 §5.1 success, §5.2 error), parsed from the HTTP status and
// the JSON body. Never crashes on input: anything that is not a token response is an outcome.
//   Ok:                  tokens() holds access_token, token_type Bearer (any case), expires_in as
//                        expiresAt from receivedAt (else the access token's JWT exp), refresh_token,
//                        scope, id_token.
//   token-endpoint-error: an error object (any status): error(), errorDescription(), errorUri();
//                        status() AuthenticationFailed with both in the message.
//   token-response-invalid: not JSON, too large, no access_token, another token_type, a field of
//                        the wrong type; status() ProtocolError saying what was wrong.
// Messages never quote a token; the server's error text is cut and stripped of control bytes.
class TokenResponse
{
public:
    // Larger bodies are refused unread: a token response is a few KiB.
    static constexpr qint64 MaxBodyBytes = 256 * 1024;

    static TokenResponse parse(int httpStatus, const QByteArray &body, const QDateTime &receivedAtUtc);
    // The token endpoint's leg as recorded; a leg without a response is the leg's transport status.
    static TokenResponse fromLeg(const Leg &leg, const QDateTime &receivedAtUtc);

    bool isOk() const { return m_status.isOk(); }
    Status status() const { return m_status; }
    // The caller takes the tokens and wipes them when done.
    TokenSet takeTokens() { return std::exchange(m_tokens, TokenSet()); }
    const TokenSet &tokens() const { return m_tokens; }
    // token-endpoint-error: the OAuth error code ("invalid_grant"), its description and URI.
    QString error() const { return m_error; }
    QString errorDescription() const { return m_errorDescription; }
    QUrl errorUri() const { return m_errorUri; }
    // The JSON object as received (device authorization and other endpoints read their own fields).
    // Empty unless the body was a JSON object.
    const QJsonObject &json() const { return m_json; }

    // Parses an OAuth error object (error, error_description, error_uri) from any endpoint's JSON
    // body; false when it has no string "error".
    static bool parseError(const QJsonObject &json, QString *error, QString *description, QUrl *uri);
    // "invalid_grant: the refresh token was revoked" — the server's words, made safe to show.
    static QString errorMessage(const QString &error, const QString &description);

private:
    Status m_status;
    TokenSet m_tokens;
    QString m_error;
    QString m_errorDescription;
    QUrl m_errorUri;
    QJsonObject m_json;
};
