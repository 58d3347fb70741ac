#pragma once

#include "oauthsubcommand.h"

#include <QJsonArray>

// "authscope-cli oauth list [--json]": the profiles with their token state, read from the
// keychain one profile after the other (once the keychain fails, the rest are "unknown": one
// warning, no wait per profile). --json: a JSON array on stdout, one object per profile with
// name, issuer, tokenUrl, authorizationUrl, deviceAuthorizationUrl, revocationUrl, clientId,
// clientAuth, grant, scope, resource, audience, redirectUri, state, expiresAt (UTC, null when
// unknown) and hasRefreshToken; never a secret. Exit status: 0, 9 stdout not writable, 130.
class OAuthListCommand : public OAuthSubcommand
{
    Q_OBJECT
public:
    OAuthListCommand(const CliContext &context, bool json, QObject *parent = nullptr);

    void start(const QStringList &arguments) override;

    // One profile's object of the --json array.
    static QJsonObject toJson(const OAuthProfile &profile, const TokenSummary &tokens);

private:
    void readNext();
    void print();

    bool m_json;
    QList<OAuthProfile> m_profiles;
    QList<TokenSummary> m_states; // per profile, in order
    bool m_keychainFailed = false;
};
