#pragma once

#include "oauthsubcommand.h"

// "authscope-cli oauth delete NAME": removes the profile, its client secret and its tokens
// (keychain first, then the index). The tokens are not revoked: "oauth revoke" does that.
// Exit status: 0, 2 bad input, 9 the index could not be written, 11 keychain unusable, 12 no
// such profile, 130.
class OAuthDeleteCommand : public OAuthSubcommand
{
    Q_OBJECT
public:
    using OAuthSubcommand::OAuthSubcommand;

    void start(const QStringList &arguments) override;
};
