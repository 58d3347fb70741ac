#pragma once

#include <QObject>

class QSocketNotifier;

// Turns SIGINT (Ctrl-C), SIGTERM and SIGHUP into a Qt signal, so a running command can cancel its
// exchange and unwind normally: the terminal gets its echo back, temporary files (a spilled body,
// an unfinished -o) are removed, the -v summary, --har and --json are still written, and the exit
// status is 128 + the signal's number, as a shell reports it. A second signal of any of the three
// ends the process at once, as usual. One instance per process (main() owns it); POSIX only,
// inert elsewhere.
class InterruptWatcher : public QObject
{
    Q_OBJECT
public:
    explicit InterruptWatcher(QObject *parent = nullptr);
    ~InterruptWatcher() override;

    // The first signal caught since the watcher was made (0: none). Set by the handler itself, so
    // a long synchronous copy can check it between blocks before the event loop hears of it.
    static int caughtSignal();
    // "SIGINT", "SIGTERM", "SIGHUP" (else "signal N").
    static QString signalName(int signalNumber);

signals:
    // signalNumber: SIGINT, SIGTERM or SIGHUP.
    void interrupted(int signalNumber);

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
};
