#include "legphases.h"

#include "http/leg.h"

#include <QtMath>

namespace {

qint64 spanUs(qint64 fromNs, qint64 toNs)
{
    if (fromNs < 0 || toNs < 0 || toNs < fromNs)
        return 0;
    return (toNs - fromNs + 500) / 1000;
}

} // namespace

qint64 LegPhases::totalUs() const
{
    qint64 total = 0;
    for (const qint64 us : {blockedUs, dnsUs, connectUs, sslUs, sendUs, waitUs, receiveUs})
        total += qMax<qint64>(us, 0);
    return total;
}

double LegPhases::toMs(qint64 us)
{
    return us < 0 ? -1.0 : double(us) / 1000.0;
}

LegPhases LegPhases::fromTiming(const LegTiming &t)
{
    LegPhases p;
    if (t.queuedNs < 0) {
        p.note = QStringLiteral("the leg was not timed");
        return p;
    }
    qint64 previous = t.queuedNs;
    if (t.connectingNs >= 0) {
        p.blockedUs = spanUs(previous, t.connectingNs);
        previous = t.connectingNs;
    }
    if (t.encryptedNs >= 0) {
        p.connectUs = spanUs(previous, t.encryptedNs);
        previous = t.encryptedNs;
    }
    if (t.requestSentNs >= 0) {
        if (t.connectingNs >= 0 && t.encryptedNs < 0) {
            p.connectUs = spanUs(previous, t.requestSentNs);
            p.note = QStringLiteral("connect includes sending the request: Qt reports no moment between "
                                    "the connection and the request leaving");
        } else {
            p.sendUs = spanUs(previous, t.requestSentNs);
        }
        previous = t.requestSentNs;
    }
    if (t.firstByteNs >= 0) {
        p.waitUs = spanUs(previous, t.firstByteNs);
        previous = t.firstByteNs;
    }
    if (t.finishedNs < 0) {
        const QString unfinished = QStringLiteral("the leg had not finished");
        p.note = p.note.isEmpty() ? unfinished : p.note + QStringLiteral("; ") + unfinished;
        return p;
    }
    const qint64 rest = spanUs(previous, t.finishedNs);
    if (t.firstByteNs >= 0) {
        p.receiveUs = rest;
    } else if (t.requestSentNs >= 0) {
        p.waitUs += rest;
    } else if (t.encryptedNs >= 0) {
        p.sendUs += rest;
    } else if (t.connectingNs >= 0) {
        p.connectUs = rest;
    } else {
        p.blockedUs = rest;
    }
    return p;
}
