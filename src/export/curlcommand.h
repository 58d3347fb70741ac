#pragma once

#include <QString>

struct Leg;

// A leg as a curl command line that sends the same request: method, URL, every field as sent
// (fields Qt adds itself left out), the body (--data-binary, or @file for a body that was not
// recorded whole). Secrets (Authorization, Proxy-Authorization, Cookie, API keys) become shell
// variables defined in comment lines above the command ("# export AUTHSCOPE_AUTHORIZATION='...'"
// with the value left for the user to fill) unless revealSecrets; everything is single-quoted
// for POSIX shells, so a value from a server cannot run anything.
class CurlCommand
{
public:
    static QString forLeg(const Leg &leg, bool revealSecrets = false);
};
