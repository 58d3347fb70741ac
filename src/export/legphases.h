#pragma once

#include <QString>

struct LegTiming;

// How long each phase of a leg took, derived from the moments LegTiming recorded, in the shape
// of HAR 1.2 timings. Whole microseconds; -1 where a phase did not happen or cannot be measured.
//
// Mapping (Q queued, C connecting, E encrypted, S request sent, F first byte, X finished):
//   blocked = Q→C                       (-1 when a kept-alive connection was reused)
//   dns     = -1                        Qt does not report name resolution
//   connect = C→E with TLS              (the handshake is inside, as HAR wants)
//           = C→S on plain http         Qt reports no moment between the TCP connection and the
//                                       request leaving, so sending is counted here; send is 0
//   ssl     = -1                        Qt reports the end of the handshake, not its start
//   send    = E→S with TLS, Q→S on a reused connection
//   wait    = S→F
//   receive = F→X
// A leg that ended early (refused, timed out) gives the time up to X to the phase in progress:
// blocked before C, connect before E/S, send before S, wait before F.
// A moment out of order gives 0, never a negative duration. note says what was approximated.
struct LegPhases
{
    qint64 blockedUs = -1;
    qint64 dnsUs = -1;
    qint64 connectUs = -1;
    qint64 sslUs = -1;
    qint64 sendUs = 0;
    qint64 waitUs = 0;
    qint64 receiveUs = 0;
    QString note;

    // The sum of the phases that happened: HAR's entry "time".
    qint64 totalUs() const;

    static LegPhases fromTiming(const LegTiming &timing);
    // Microseconds as fractional milliseconds (exact to the microsecond), -1 stays -1.
    static double toMs(qint64 us);
};
