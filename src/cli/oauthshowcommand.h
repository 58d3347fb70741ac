#pragma once

#include "oauthsubcommand.h"

#include "core/status.h"

#include <memory>

class ExchangeJob;
class HttpSession;
class Jwt;
class JwksVerifier;

// "authscope-cli oauth show [--reveal] NAME": the profile's fields, its token state, when the
// access token expires (local time and how far from now), whether a client secret and a refresh
// token are stored, the access token masked (--reveal prints it and the refresh token) and, for a
// JWT, its header and claims with exp/iat/nbf as times and its signature checked against the
// issuer's keys (JwksVerifier; the JWKS URL discovery found, fetched by an ordinary exchange), or
// "not verified" and why. Everything a server sent is escaped (DisplayText).
// Exit status: 0, 2 bad input, 9 stdout not writable, 11 keychain unusable (the profile is still
// shown), 12 no such profile, 130.
class OAuthShowCommand : public OAuthSubcommand
{
    Q_OBJECT
public:
    OAuthShowCommand(const CliContext &context, bool reveal, QObject *parent = nullptr);

    ~OAuthShowCommand() override;

    void start(const QStringList &arguments) override;
    // Also while the issuer's keys are being fetched.
    void cancel() override;

    // The lines shown for a token that may be a JWT ("  Header: ..."), empty for an opaque token;
    // signature: what is known of its signature (empty: "signature not verified").
    static QString jwtText(const Jwt &jwt, const QDateTime &nowUtc, const QString &signature = QString());

private:
    QString profileText(const OAuthProfile &profile) const;
    void fetchKeys();
    // jwtText() with the signature checked when the keys came.
    QString tokenText(const QByteArray &token, const QDateTime &now) const;
    void print();

    bool m_reveal;
    OAuthProfile m_profile;
    Status m_readStatus;
    TokenSet m_tokens;
    bool m_secretStored = false;
    HttpSession *m_session = nullptr;
    QPointer<ExchangeJob> m_keysFetch;
    std::unique_ptr<JwksVerifier> m_verifier;
    QString m_keysProblem;
};
