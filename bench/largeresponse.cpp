// The real MainWindow receives a large JSON response (100 MB by default) from a loopback server and
// shows it in the response's Body tab, pretty-printed, as a user would see it. A timer probe on the
// GUI thread (a 5 ms QTimer) measures the longest gap between its ticks from the send until the
// body is shown, its pretty form complete, and then the Raw view opened: the longest the window
// was frozen. Peak memory is
// VmHWM after the run against the resident size at idle, just before the send (the high-water mark
// is reset there, /proc/self/clear_refs). run.sh prints the figures against the targets
// (docs/benchmarks.md). The server is python3's http.server, in a process of its own so that its
// copy of the body is not counted, serving a JSON file this program writes to a temporary folder.
//
//   authscope-bench-largeresponse [BODY_MEGABYTES]
//
// Prints one "large ..." summary line and a histogram of the gaps; exits 1 when the exchange failed,
// the body was not received whole or the view did not end with it pretty-printed, 2 when it could
// not run.

#include "appsettings.h"
#include "bodyview.h"
#include "mainwindow.h"
#include "responseview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <array>

#include <time.h>

namespace {

// A minified API answer: {"items":[{...},{...},...],"count":N}, about 160 bytes an item.
bool writeJson(const QString &path, qint64 targetBytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write("{\"items\":[");
    qint64 written = 10;
    QByteArray chunk;
    for (qint64 id = 1;; ++id) {
        if (id > 1)
            chunk += ',';
        chunk += "{\"id\":" + QByteArray::number(id) + ",\"name\":\"item " + QByteArray::number(id)
            + "\",\"tags\":[\"alpha\",\"beta\"],\"price\":" + QByteArray::number(double(id % 1000) / 8)
            + ",\"active\":" + (id % 3 ? "true" : "false")
            + ",\"owner\":{\"login\":\"user" + QByteArray::number(id % 977)
            + "\",\"note\":\"caf\\u00e9 \\\"quoted\\\" text\"}}";
        if (chunk.size() >= 1024 * 1024 || written + chunk.size() >= targetBytes) {
            written += file.write(chunk);
            chunk.clear();
            if (written >= targetBytes - 64)
                break;
        }
    }
    file.write("],\"count\":0}\n");
    return file.error() == QFile::NoError;
}

QByteArray statusField(const char *name)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(name))
            return line.mid(qstrlen(name)).trimmed().split(' ').value(0);
    }
    return {};
}

qint64 kib(const char *field) { return statusField(field).toLongLong(); }

// The longest gaps between ticks of a timer that wants to run every 5 ms.
class StallProbe : public QObject
{
public:
    static constexpr std::array<int, 8> Bounds{10, 20, 50, 100, 200, 500, 1000, 1 << 30};

    explicit StallProbe(QObject *parent) : QObject(parent)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
    }
    void start()
    {
        m_clock.start();
        m_last = 0;
        m_lastCpu = threadCpuNs();
        m_timer.start();
    }
    void stop() { tick(); m_timer.stop(); }
    qint64 elapsedMs() const { return m_clock.elapsed(); }
    // The most CPU time the GUI thread used within one gap: tells work on the thread from waiting
    // for a CPU on a loaded machine (a gap of 90 ms with 5 ms of CPU was other processes' turn).
    double maxBusyMs() const { return m_maxBusy / 1e6; }
    double maxBusyAtMs() const { return m_maxBusyAt / 1e6; }
    double maxGapMs() const { return m_max / 1e6; }
    double maxGapAtMs() const { return m_maxAt / 1e6; }
    QString histogram() const
    {
        QString out;
        int lower = 0;
        for (size_t i = 0; i < Bounds.size(); ++i) {
            const QString range = i + 1 < Bounds.size() ? QStringLiteral("%1-%2 ms").arg(lower).arg(Bounds[i])
                                                        : QStringLiteral(">%1 ms").arg(lower);
            out += QStringLiteral("gaps %1: %2\n").arg(range, -12).arg(m_counts[i]);
            lower = Bounds[i];
        }
        return out;
    }

private:
    static qint64 threadCpuNs()
    {
        timespec now{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
        return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
    }

    void tick()
    {
        const qint64 now = m_clock.nsecsElapsed();
        const qint64 gap = now - m_last;
        const qint64 cpu = threadCpuNs();
        if (m_lastCpu > 0 && cpu - m_lastCpu > m_maxBusy) {
            m_maxBusy = cpu - m_lastCpu;
            m_maxBusyAt = now - gap;
        }
        m_lastCpu = cpu;
        m_last = now;
        if (gap > m_max) {
            m_max = gap;
            m_maxAt = now - gap;
        }
        for (size_t i = 0; i < Bounds.size(); ++i) {
            if (gap < qint64(Bounds[i]) * 1000000) {
                ++m_counts[i];
                break;
            }
        }
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_max = 0;
    qint64 m_maxAt = 0;
    qint64 m_lastCpu = 0;
    qint64 m_maxBusy = 0;
    qint64 m_maxBusyAt = 0;
    std::array<int, Bounds.size()> m_counts{};
};

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const qint64 megabytes = argc > 1 ? QByteArray(argv[1]).toLongLong() : 100;
    if (megabytes <= 0) {
        QTextStream(stderr) << "usage: authscope-bench-largeresponse [BODY_MEGABYTES]\n";
        return 2;
    }
    QTemporaryDir dir;
    const QString jsonPath = dir.filePath(QStringLiteral("large.json"));
    if (!writeJson(jsonPath, megabytes * 1000 * 1000)) {
        QTextStream(stderr) << "cannot write " << jsonPath << '\n';
        return 2;
    }
    const qint64 bodyBytes = QFile(jsonPath).size();

    QProcess server;
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.start(QStringLiteral("python3"), {QStringLiteral("-u"), QStringLiteral("-m"), QStringLiteral("http.server"),
                                             QStringLiteral("0"), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                                             QStringLiteral("--directory"), dir.path()});
    QByteArray banner;
    const QRegularExpression portPattern(QStringLiteral("port (\\d+)"));
    QRegularExpressionMatch port;
    QElapsedTimer waited;
    waited.start();
    while (!(port = portPattern.match(QString::fromUtf8(banner))).hasMatch() && waited.elapsed() < 10000) {
        server.waitForReadyRead(200);
        banner += server.readAll();
    }
    if (!port.hasMatch()) {
        QTextStream(stderr) << "python3 -m http.server did not start: " << banner << '\n';
        return 2;
    }

    QTemporaryDir settingsDir;
    AppSettings settings(settingsDir.filePath(QStringLiteral("settings.ini")));
    MainWindow window(&settings);
    window.resize(1280, 720);
    window.show();
    window.setUrl(QStringLiteral("http://127.0.0.1:%1/large.json").arg(port.captured(1)));
    BodyView *view = window.responseView()->bodyView();
    view->setPretty(true);

    StallProbe probe(&app);
    qint64 idleKib = 0;
    qint64 finishedAtMs = -1;
    qint64 prettyAtMs = -1;
    int exitCode = 1;
    const auto report = [&] {
        probe.stop();
        const Exchange &exchange = window.lastExchange();
        const Leg *leg = exchange.finalLeg();
        const qint64 received = leg && leg->responseBody ? leg->responseBody->size() : -1;
        const qint64 peakKib = kib("VmHWM:");
        const qint64 overIdleKib = peakKib - idleKib;
        const bool pretty = !view->isFormatting() && view->formatted().kind == FormattedBody::Kind::Json;
        QTextStream out(stdout);
        out << probe.histogram();
        out << "note: " << view->note() << '\n';
        out << "large status=" << exchange.status.codeName() << " body_bytes=" << received
            << " max_stall_ms=" << QString::number(probe.maxGapMs(), 'f', 1)
            << " max_stall_at_ms=" << QString::number(probe.maxGapAtMs(), 'f', 0)
            << " max_busy_ms=" << QString::number(probe.maxBusyMs(), 'f', 1)
            << " max_busy_at_ms=" << QString::number(probe.maxBusyAtMs(), 'f', 0)
            << " received_ms=" << finishedAtMs << " shown_ms=" << prettyAtMs
            << " idle_kib=" << idleKib << " peak_kib=" << peakKib << " over_idle_kib=" << overIdleKib
            << " memory_ratio=" << QString::number(double(overIdleKib) * 1024 / double(bodyBytes), 'f', 2)
            << " pretty=" << (pretty ? "yes" : "no") << " shown_chars=" << view->currentText().size() << '\n';
        exitCode = exchange.status.isOk() && received == bodyBytes && pretty ? 0 : 1;
        app.quit();
    };
    // Whatever the view does after the exchange and after its pretty form is complete (layout,
    // paint) is part of showing it: the probe runs 500 ms longer.
    QObject::connect(&window, &MainWindow::exchangeFinished, &app, [&] {
        finishedAtMs = probe.elapsedMs();
        if (!view->isFormatting())
            QTimer::singleShot(500, &app, report);
    });
    QObject::connect(view, &BodyView::formattingFinished, &app, [&] {
        prettyAtMs = probe.elapsedMs();
        QTimer::singleShot(500, &app, [&] { view->setPretty(false); QTimer::singleShot(300, &app, report); });
    });
    // Idle: the window shown and settled; then the high-water mark starts again from here.
    QTimer::singleShot(500, &app, [&] {
        QFile clear(QStringLiteral("/proc/self/clear_refs"));
        if (clear.open(QIODevice::WriteOnly))
            clear.write("5");
        idleKib = kib("VmRSS:");
        probe.start();
        window.send();
    });
    QTimer::singleShot(300000, &app, [&] {
        QTextStream(stderr) << "no answer within 300 s\n";
        report();
    });
    app.exec();
    server.terminate();
    server.waitForFinished(3000);
    return exitCode;
}
