#pragma once

struct Exchange;

// A copy of an exchange for a drawing that leaves the process (the sequence diagram as SVG/PNG):
// what a diagram shows of it (the URLs, the legs' reasons, notes and status messages) loses its
// secrets, structurally and by value as in the HAR, so a password in a URL path (httpbin's
// /basic-auth/USER/PASSWORD) or an API key in a query is not drawn. Header fields and bodies stay:
// the diagnosis reads them, and a diagram never shows them. Pure.
class RedactedExchange
{
public:
    static Exchange forDiagram(const Exchange &exchange);
};
