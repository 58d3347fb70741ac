// Engine overhead benchmark: COUNT sequential GETs of URL through ExchangeJob on one HttpSession
// (one keep-alive connection), each started when the previous finished, every Exchange kept in a
// list as the history does. Prints one line of figures; exits 1 if any exchange went wrong, so
// a fast failure can never pass for a fast engine.

#include "engine/exchangejob.h"
#include "http/httprequest.h"
#include "engine/httpsession.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QTextStream>

#include <functional>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 3 || args.at(2).toInt() <= 0) {
        QTextStream(stderr) << "usage: authscope-bench-engine URL COUNT\n";
        return 2;
    }
    const QUrl url = QUrl::fromUserInput(args.at(1));
    const int count = args.at(2).toInt();

    QNetworkAccessManager manager;
    HttpSession session(&manager);
    HttpRequest request;
    request.url = url;

    QList<Exchange> history;
    QElapsedTimer clock;
    std::function<void()> startNext = [&] {
        ExchangeJob *job = session.createExchange(request);
        QObject::connect(job, &ExchangeJob::finished, &app, [&, job] {
            history.append(job->exchange());
            job->deleteLater();
            if (history.size() < count)
                startNext();
            else
                app.quit();
        });
        job->start();
    };
    clock.start();
    startNext();
    app.exec();
    const qint64 loopNs = clock.nsecsElapsed();

    int ok = 0;
    qint64 bytes = 0;
    int reused = 0;
    for (const Exchange &exchange : std::as_const(history)) {
        const Leg *leg = exchange.finalLeg();
        if (exchange.status.isOk() && exchange.legs.size() == 1 && leg->statusCode == 200
            && leg->responseBody && leg->responseBody->size() > 0) {
            ++ok;
            bytes += leg->responseBody->size();
        }
        if (leg && leg->timing.connectionReused())
            ++reused;
    }
    QTextStream(stdout) << "requests=" << history.size() << " ok=" << ok << " bytes=" << bytes
                        << " reused=" << reused << " loop_ms=" << QString::number(loopNs / 1e6, 'f', 1)
                        << '\n';
    if (ok != count) {
        const Exchange &first = history.constFirst();
        QTextStream(stderr) << "failed: " << (count - ok) << " of " << count
                            << " exchanges not ok; first: " << first.status.codeName() << ' '
                            << first.status.message() << " HTTP " << first.finalStatusCode() << '\n';
        return 1;
    }
    return 0;
}
