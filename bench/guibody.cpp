// Sends one GET from the real MainWindow and exits when the response is shown: run.sh measures
// its peak memory with a 1 GB and a 1 MB body (docs/benchmarks.md). The body view must show a
// bounded preview and say so; the program exits 1 otherwise, or when the exchange fails or the
// body is not the expected size.
//
//   authscope-bench-guibody URL EXPECTED_BODY_BYTES

#include "appsettings.h"
#include "bodyview.h"
#include "mainwindow.h"
#include "responseview.h"

#include <QApplication>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    if (argc != 3) {
        QTextStream(stderr) << "usage: authscope-bench-guibody URL EXPECTED_BODY_BYTES\n";
        return 2;
    }
    const QString url = QString::fromLocal8Bit(argv[1]);
    const qint64 expected = QByteArray(argv[2]).toLongLong();
    // A throw-away settings file: the benchmark must not touch the user's settings.
    QTemporaryDir dir;
    AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
    MainWindow window(&settings);
    window.show();
    window.setUrl(url);
    QObject::connect(&window, &MainWindow::exchangeFinished, &app, [&] {
        const Exchange &exchange = window.lastExchange();
        const Leg *leg = exchange.finalLeg();
        const qint64 size = leg && leg->responseBody ? leg->responseBody->size() : -1;
        const BodyView *view = window.responseView()->bodyView();
        const bool bounded = size <= view->formatted().raw.size() || (view->formatted().truncated && !view->note().isEmpty());
        QTextStream(stdout) << "status=" << exchange.status.codeName() << " body_bytes=" << size
                            << " shown_chars=" << view->currentText().size() << " note=\"" << view->note() << "\"\n";
        app.exit(exchange.status.isOk() && size == expected && bounded ? 0 : 1);
    });
    QTimer::singleShot(0, &window, &MainWindow::send);
    return app.exec();
}
