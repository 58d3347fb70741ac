// Baseline for the engine benchmark: COUNT sequential GETs of URL with a bare
// QNetworkAccessManager (get(), on finished readAll(), next). Nothing recorded beyond a byte
// count. Prints the same line as authscope-bench-engine; exits 1 if any request went wrong.

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTextStream>

#include <functional>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 3 || args.at(2).toInt() <= 0) {
        QTextStream(stderr) << "usage: authscope-bench-qnam URL COUNT\n";
        return 2;
    }
    const QUrl url = QUrl::fromUserInput(args.at(1));
    const int count = args.at(2).toInt();

    QNetworkAccessManager manager;
    int done = 0;
    int ok = 0;
    qint64 bytes = 0;
    QElapsedTimer clock;
    std::function<void()> getNext = [&] {
        QNetworkReply *reply = manager.get(QNetworkRequest(url));
        QObject::connect(reply, &QNetworkReply::finished, &app, [&, reply] {
            const QByteArray body = reply->readAll();
            if (reply->error() == QNetworkReply::NoError && !body.isEmpty()) {
                ++ok;
                bytes += body.size();
            }
            reply->deleteLater();
            if (++done < count)
                getNext();
            else
                app.quit();
        });
    };
    clock.start();
    getNext();
    app.exec();
    const qint64 loopNs = clock.nsecsElapsed();

    QTextStream(stdout) << "requests=" << done << " ok=" << ok << " bytes=" << bytes
                        << " loop_ms=" << QString::number(loopNs / 1e6, 'f', 1) << '\n';
    if (ok != count) {
        QTextStream(stderr) << "failed: " << (count - ok) << " of " << count << " requests not ok\n";
        return 1;
    }
    return 0;
}
