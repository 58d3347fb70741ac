#pragma once

#include <QObject>

class QSocketNotifier;

// Turns Ctrl-C (SIGINT) into a Qt signal, so a running command can cancel its exchange and still
// print its -v summary and write --har and --json (exit 130). A second Ctrl-C ends the process
// at once, as usual. One instance per process (main() owns it); POSIX only, inert elsewhere.
class InterruptWatcher : public QObject
{
    Q_OBJECT
public:
    explicit InterruptWatcher(QObject *parent = nullptr);
    ~InterruptWatcher() override;

signals:
    void interrupted();

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
};
