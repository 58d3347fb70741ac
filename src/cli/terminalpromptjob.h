#pragma once

#include "promptjob.h"

#include <memory>

class QSocketNotifier;
struct termios;

// Asks on the terminal that is standard input, the prompt on standard error, as curl -u USER
// does. A hidden answer is read with echo off; echo goes off before the prompt shows, so nothing
// typed after it can be echoed, and what was typed ahead is kept. The line is read as the event
// loop reports it readable, so Ctrl-C (InterruptWatcher) and timers keep working while the user
// types; a cancelled job puts the terminal back. POSIX only; elsewhere isAvailable() is false.
class TerminalPromptJob : public PromptJob
{
    Q_OBJECT
public:
    TerminalPromptJob(const QString &prompt, Echo echo, QObject *parent = nullptr);
    ~TerminalPromptJob() override;

    // True when standard input is a terminal.
    static bool isAvailable();

protected:
    void run() override;

private:
    void onReadable();
    void done();
    void restoreTerminal();

    QSocketNotifier *m_notifier = nullptr;
    std::unique_ptr<termios> m_saved; // set while echo is off
    QByteArray m_typed;
    bool m_overlong = false;
};
