#pragma once

#include "labtesting.h"

#include "cli/sendoptions.h"
#include "oauth/tokenbroker.h"

#include <QNetworkAccessManager>

// A lesson's `try` run as `authscope-cli send` runs it: parsed by SendOptions, on a fresh session
// with the proxy it names and, for the --oauth2-* options, an ad-hoc profile in the broker given
// (the CLI's own: nothing stored). For the tests of the Bearer, OAuth, session and proxy lessons.
namespace LabTryRunning {

// The response body a leg kept (empty when none).
inline QByteArray body(const Leg &leg)
{
    return leg.responseBody ? leg.responseBody->read() : QByteArray();
}

// "[401 http://..., 200 http://...] ok () diagnosis token-expired": what a failed check prints.
inline QString describe(const Exchange &exchange)
{
    QStringList legs;
    for (const Leg &leg : exchange.legs)
        legs.append(QStringLiteral("%1 %2").arg(leg.statusCode).arg(leg.url.toString()));
    return QStringLiteral("[%1] %2 (%3) diagnosis %4")
            .arg(legs.join(QStringLiteral(", ")), exchange.status.codeName(), exchange.status.message(),
                 LabTesting::diagnosisName(exchange));
}

inline Exchange run(const LabServer &lab, const LabScenario &scenario, TokenBroker *broker = nullptr)
{
    const LabScenario bound = scenario.forOrigin(lab.origin());
    SendOptions options;
    const Status parsed = SendOptions::parse(bound.tryArguments + QStringList{lab.urlFor(bound.path).toString(QUrl::FullyEncoded)},
                                             &options);
    [&] { QVERIFY2(parsed.isOk(), qPrintable(scenario.id + QStringLiteral(": ") + parsed.message())); }();
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    session.setProxy(options.useProxy ? options.proxy : QNetworkProxy(QNetworkProxy::NoProxy));
    if (options.hasAdHocOAuth()) {
        [&] { QVERIFY2(broker, qPrintable(scenario.id + QStringLiteral(" needs a token broker"))); }();
        if (broker) {
            broker->addAdHocProfile(options.adHocProfile, options.adHocClientSecret, options.adHocTokens, false);
            session.setTokenProvider(broker);
        }
    }
    return ExchangeRunning::run(session, options.request);
}

} // namespace LabTryRunning
