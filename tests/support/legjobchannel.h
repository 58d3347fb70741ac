#pragma once

#include "engine/legchannel.h"

#include <QElapsedTimer>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>

// A real LegChannel for tests that run OAuth jobs (grants, discovery, revocation, JWKS) without an
// exchange around them: each leg is sent by a LegJob over this channel's own QNetworkAccessManager
// and recorded in legs (index = position), notes included. done() runs from the event loop.
// ExchangeJob is the production channel; this one only records.
class LegJobChannel : public QObject, public LegChannel
{
    Q_OBJECT
public:
    explicit LegJobChannel(QObject *parent = nullptr);
    ~LegJobChannel() override;

    void sendLeg(const HttpRequest &request, Leg::Kind kind, const QString &reason, LegDone done) override;
    void noteLeg(int legIndex, const LegNote &note) override;

    const QList<Leg> &legs() const { return m_legs; }
    // Every note on every leg, in order (tests look for codes).
    LegNotes allNotes() const;
    // How many legs are still in flight.
    int pending() const { return m_pending; }

private:
    QNetworkAccessManager m_manager;
    QElapsedTimer m_clock;
    QList<Leg> m_legs;
    int m_pending = 0;
};
