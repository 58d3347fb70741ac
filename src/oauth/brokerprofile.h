#pragma once

#include "oauthprofile.h"
#include "tokenbroker.h"
#include "tokenset.h"

#include "core/secretbytes.h"

#include <QPointer>

class OAuthStoreJob;
class RefreshOperation;

// What the broker holds of one profile between questions: the profile and its secrets as last
// read (only a still-valid access token is answered from here without asking the keychain
// again), an ad-hoc profile's everything, and tokens the keychain refused (inMemoryOnly).
struct BrokerProfile
{
    OAuthProfile profile;
    QByteArray clientSecret;
    TokenSet tokens;
    bool loaded = false;        // profile and secrets were read (or given ad hoc)
    bool adHoc = false;
    bool persistAdHoc = false;  // store the ad-hoc profile when its refresh token rotates
    bool inMemoryOnly = false;  // the keychain refused the latest tokens: these are the only copy
    TokenBroker::ProfileState state;
    QPointer<RefreshOperation> refresh; // the refresh running (single flight)
    QPointer<OAuthStoreJob> loading;    // the keychain read running for the profile

    // Replaces what is held (the old secrets wiped) with a profile and its secrets as read.
    void hold(const OAuthProfile &readProfile, const QByteArray &readSecret, const TokenSet &readTokens)
    {
        wipe();
        profile = readProfile;
        clientSecret = readSecret;
        tokens = readTokens;
        loaded = true;
    }

    void wipe()
    {
        SecretBytes::wipe(clientSecret);
        tokens.wipe();
    }
};
