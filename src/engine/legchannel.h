#pragma once

#include "http/httprequest.h"
#include "http/leg.h"

#include <functional>

// Sends legs for a step that is not the engine's own (an OAuth grant, a discovery fetch, a
// revocation): each leg is recorded in the exchange that owns the channel, numbered, timed and
// noted like every other leg, and exported and redacted with it. ExchangeJob is the channel; an
// OAuth call made outside a resource request (signing in, revoking) runs as an exchange of its own.
class LegChannel
{
public:
    virtual ~LegChannel() = default;

    using LegDone = std::function<void(const Leg &leg)>;

    // kind: Leg::Kind::TokenEndpoint (token, device and revocation endpoints) or
    // Leg::Kind::Acquisition (discovery, JWKS). The request goes out as given: none of the
    // exchange's own credentials or cookies are added; the caller puts client authentication on
    // it. Secret body parameters (client_secret, refresh_token, code, code_verifier, password,
    // device_code) are recorded as sent: exports and -v redact them by name.
    // done runs exactly once, from the event loop, with the leg as recorded (leg.status says whether
    // a response came). When the exchange is cancelled or times out, done runs with that status.
    virtual void sendLeg(const HttpRequest &request, Leg::Kind kind, const QString &reason, LegDone done) = 0;

    // Adds a coded note to a recorded leg (token-rotated on the token endpoint's leg, ...).
    virtual void noteLeg(int legIndex, const LegNote &note) = 0;
};
