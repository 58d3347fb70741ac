#pragma once

#include "engine/exchangejob.h"
#include "engine/httpsession.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QTest>

// Runs one exchange to its end, on a session the test holds or on one of its own (a manager, a
// proxy, a provider to ask), as the engine tests of issue 10 do. An exchange that does not finish
// within 15 s fails the test.
namespace ExchangeRunning {

// On a session the test holds (its cookie jar and credential cache carry over between exchanges).
inline Exchange run(HttpSession &session, const HttpRequest &request)
{
    ExchangeJob *job = session.createExchange(request);
    QSignalSpy finished(job, &ExchangeJob::finished);
    job->start();
    // A helper cannot QVERIFY and return a value; the lambda records the failure for the test.
    [&] { QVERIFY2(finished.wait(15000), "the exchange did not finish in time"); }();
    return job->exchange();
}

// Through a manager the test holds (one that records what Qt was asked, say); the other run()
// brings its own.
inline Exchange run(QNetworkAccessManager *manager, const HttpRequest &request,
                    const QNetworkProxy &proxy = QNetworkProxy(QNetworkProxy::NoProxy),
                    CredentialProvider *provider = nullptr)
{
    HttpSession session(manager);
    session.setProxy(proxy);
    session.setCredentialProvider(provider);
    return run(session, request);
}

inline Exchange run(const HttpRequest &request, const QNetworkProxy &proxy = QNetworkProxy(QNetworkProxy::NoProxy),
                    CredentialProvider *provider = nullptr)
{
    QNetworkAccessManager manager;
    return run(&manager, request, proxy, provider);
}

} // namespace ExchangeRunning
