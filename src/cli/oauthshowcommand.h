#pragma once

#include "oauthsubcommand.h"

class Jwt;

// "authscope-cli oauth show [--reveal] NAME": the profile's fields, its token state, when the
// access token expires (local time and how far from now), whether a client secret and a refresh
// token are stored, the access token masked (--reveal prints it and the refresh token) and, for a
// JWT, its header and claims with exp/iat/nbf as times; the signature is reported as not
// verified (no keys are fetched here). Everything a server sent is escaped (DisplayText).
// Exit status: 0, 2 bad input, 9 stdout not writable, 11 keychain unusable (the profile is still
// shown), 12 no such profile, 130.
class OAuthShowCommand : public OAuthSubcommand
{
    Q_OBJECT
public:
    OAuthShowCommand(const CliContext &context, bool reveal, QObject *parent = nullptr);

    void start(const QStringList &arguments) override;

    // The lines shown for a token that may be a JWT ("  Header: ..."), empty for an opaque token.
    static QString jwtText(const Jwt &jwt, const QDateTime &nowUtc);

private:
    QString profileText(const OAuthProfile &profile) const;

    bool m_reveal;
};
