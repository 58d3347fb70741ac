#include "legjobchannel.h"

#include "engine/legjob.h"

#include <QIODevice>
#include <QPointer>

LegJobChannel::LegJobChannel(QObject *parent) : QObject(parent)
{
    m_clock.start();
}

LegJobChannel::~LegJobChannel() = default;

void LegJobChannel::sendLeg(const HttpRequest &request, Leg::Kind kind, const QString &reason, LegDone done)
{
    Leg leg;
    leg.index = int(m_legs.size());
    leg.kind = kind;
    leg.reason = reason;
    leg.method = request.method;
    leg.url = request.url;
    leg.requestHeaders = request.headers;
    std::unique_ptr<QIODevice> body;
    if (!request.body.isEmpty()) {
        if (!leg.requestHeaders.contains("Content-Type"))
            leg.requestHeaders.append("Content-Type", request.body.contentType(), HeaderField::Source::Body);
        QString error;
        body = request.body.open(&error);
        leg.requestBody = request.body.preview(Leg::RequestBodyPreviewLimit);
        leg.requestBodySize = request.body.size();
    }
    m_legs.append(leg);
    ++m_pending;
    auto *job = new LegJob(&m_manager, std::move(leg), std::move(body), m_clock, this);
    connect(job, &LegJob::finished, this, [this, job, done = std::move(done)] {
        const Leg finished = job->takeLeg();
        m_legs[finished.index] = finished;
        --m_pending;
        job->deleteLater();
        done(finished); // a copy: done() may send the next leg, and m_legs grows
    });
    job->start();
}

void LegJobChannel::noteLeg(int legIndex, const LegNote &note)
{
    if (legIndex >= 0 && legIndex < m_legs.size())
        m_legs[legIndex].notes.append(note);
}

LegNotes LegJobChannel::allNotes() const
{
    LegNotes notes;
    for (const Leg &leg : m_legs)
        notes.append(leg.notes);
    return notes;
}
