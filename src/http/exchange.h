#pragma once

#include "core/status.h"
#include "exchangestep.h"
#include "httprequest.h"
#include "leg.h"

#include <QDateTime>
#include <QList>

// One user request and every leg it took. Legs are appended as they start; a leg is complete
// once its timing.finishedNs is set.
struct Exchange
{
    HttpRequest request;          // as composed (credentials are the caller's to wipe)
    QList<Leg> legs;
    ExchangeSteps steps;          // what ran, in order: legs sent and credentials acquired
    Status status;                // outcome of the whole exchange
    QDateTime startedAt;          // wall clock, for HAR
    // Earlier exchanges' 2xx legs of the same session that sent or set a cookie, oldest first, cut
    // down to their URL, status and cookies: a later 401 to the same cookie reads as a session
    // that expired (the diagnosis). In memory only: exports leave it out (it holds cookie values).
    QList<Leg> cookiesThatWorked;
    qint64 durationNs = -1;

    bool insecure() const { return request.options.insecureTls; }
    const Leg *finalLeg() const { return legs.isEmpty() ? nullptr : &legs.constLast(); }
    int finalStatusCode() const { return legs.isEmpty() ? 0 : legs.constLast().statusCode; }
};
