#pragma once

#include "core/notecode.h"
#include "legnote.h"

#include <QList>
#include <QString>

// One step of an exchange, in the order it ran: sending a leg, or acquiring a credential (from
// the request, the session, the keychain or the user). A credential step has no leg of its own
// (a token fetch will add legs of kind Acquisition/TokenEndpoint), but its time is its own phase:
// the time a dialog waited for the user is here, not in the next leg's queue.
struct ExchangeStep
{
    enum class Kind { SendLeg, AcquireCredential };

    Kind kind = Kind::SendLeg;
    int leg = -1;               // SendLeg: the leg it sent
    int forLeg = -1;            // AcquireCredential: the challenged leg it answers (-1: before the first)
    NoteCode source = NoteCode::None;  // AcquireCredential: CredentialFrom... on success
    NoteCode outcome = NoteCode::None; // AcquireCredential without a credential: why (missing-credentials, ...)
    QString detail;             // "Basic realm \\"x\\" at http://h:1", "stored credential 3f2a...", "OAuth profile api"
    LegNotes notes;             // AcquireCredential of an OAuth token: what the provider reported (token-rotated, ...)
    qint64 startedNs = -1;      // since the exchange started
    qint64 finishedNs = -1;

    bool succeeded() const { return source != NoteCode::None; }
    static QString kindName(Kind kind)
    {
        return kind == Kind::SendLeg ? QStringLiteral("send-leg") : QStringLiteral("acquire-credential");
    }
};

using ExchangeSteps = QList<ExchangeStep>;
