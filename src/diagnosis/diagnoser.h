#pragma once

#include "diagnosis.h"

#include <QDateTime>
#include <QList>

struct Exchange;

// Explains refusals from what an exchange recorded: the legs' status, challenges, Authorization
// sent, notes and steps, JWT claims of a Bearer token sent, the response's Date. Pure function
// of its inputs (no I/O, no clock read except through Context::now).
class Diagnoser
{
public:
    struct Context
    {
        // The local clock when the exchange ran (compared with the server's Date for clock skew);
        // invalid means the legs' own times (Exchange::startedAt) are used.
        QDateTime now;
        // Earlier exchanges of the same session, oldest first: a cookie sent with a 2xx there and
        // refused now is a session that expired. The CLI has none; the GUI passes its history.
        QList<const Exchange *> earlier;
    };

    // The diagnosis of one leg: for 401, 403, 407 and 429 legs, and for the final leg of an
    // exchange that failed (Exchange::status not Ok). Null for every other leg.
    static Diagnosis forLeg(const Exchange &exchange, int legIndex, const Context &context);
    static Diagnosis forLeg(const Exchange &exchange, int legIndex) { return forLeg(exchange, legIndex, {}); }
    // Of the exchange as a whole: its final leg's diagnosis (a final 401/403/407/429 has one even
    // when the engine ended without an error, e.g. a 401 without a challenge), or, when no leg
    // answered (a credential refused before sending, sign-in required), one made from the
    // exchange's status. Null when the final leg was not refused and the exchange succeeded.
    static Diagnosis forExchange(const Exchange &exchange, const Context &context);
    static Diagnosis forExchange(const Exchange &exchange) { return forExchange(exchange, {}); }
    // forLeg for every leg, index for index.
    static QList<Diagnosis> forLegs(const Exchange &exchange, const Context &context = {});
};
