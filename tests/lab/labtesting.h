#pragma once

#include "diagnosis/diagnoser.h"
#include "diagnosis/diagnosiscode.h"
#include "exchangerunning.h"
#include "lab/labserver.h"

#include <QTest>

#include <memory>

// What the lab tests share: a lab of the test's own on a free loopback port, and the few readings
// of an exchange every lesson is checked by (the statuses of its legs, its diagnosis code's name).
namespace LabTesting {

// Listening before it is returned; a lab that cannot listen fails the test (and returns null).
inline std::unique_ptr<LabServer> startLab()
{
    auto lab = std::make_unique<LabServer>();
    const Status listening = lab->listen(QHostAddress::LocalHost, 0);
    [&] { QVERIFY2(listening.isOk(), qPrintable(listening.message())); }();
    return listening.isOk() ? std::move(lab) : nullptr;
}

inline HttpRequest request(const LabServer &lab, const QString &path, const QByteArray &method = "GET")
{
    HttpRequest request;
    request.method = method;
    request.url = lab.urlFor(path);
    return request;
}

inline QList<int> statuses(const Exchange &exchange)
{
    QList<int> codes;
    for (const Leg &leg : exchange.legs)
        codes.append(leg.statusCode);
    return codes;
}

// "" when the exchange needs no diagnosis (it ended in success).
inline QString diagnosisName(const Exchange &exchange)
{
    return DiagnosisCodes::name(Diagnoser::forExchange(exchange).code);
}

} // namespace LabTesting
