#include "terminalpasswordreader.h"

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#include <termios.h>
#include <unistd.h>
#endif

#ifdef Q_OS_UNIX
namespace {

struct termios savedTerminal;
struct sigaction savedInterrupt;

// Ctrl-C while echo is off must not leave the user's terminal without echo. Nothing has been
// sent yet, so the process then ends as Ctrl-C always ends it (the shell reports 130).
void restoreTerminalAndInterrupt(int signal)
{
    tcsetattr(STDIN_FILENO, TCSANOW, &savedTerminal);
    ::signal(signal, SIG_DFL);
    raise(signal);
}

} // namespace
#endif

bool TerminalPasswordReader::isAvailable()
{
#ifdef Q_OS_UNIX
    return isatty(STDIN_FILENO) == 1;
#else
    return false;
#endif
}

bool TerminalPasswordReader::read(const QString &prompt, QByteArray *password, QString *error)
{
#ifdef Q_OS_UNIX
    if (!isAvailable()) {
        *error = QStringLiteral("standard input is not a terminal");
        return false;
    }
    if (tcgetattr(STDIN_FILENO, &savedTerminal) != 0) {
        *error = QStringLiteral("cannot read the terminal settings");
        return false;
    }
    struct sigaction onInterrupt = {};
    onInterrupt.sa_handler = restoreTerminalAndInterrupt;
    sigemptyset(&onInterrupt.sa_mask);
    sigaction(SIGINT, &onInterrupt, &savedInterrupt);
    // Echo goes off before the prompt shows, so nothing typed after it can be echoed; TCSANOW
    // keeps what was typed ahead (TCSAFLUSH would drop it and leave the user waiting).
    struct termios silent = savedTerminal;
    silent.c_lflag &= ~tcflag_t(ECHO);
    silent.c_lflag |= ECHONL;
    tcsetattr(STDIN_FILENO, TCSANOW, &silent);
    const QByteArray promptBytes = prompt.toUtf8();
    if (::write(STDERR_FILENO, promptBytes.constData(), size_t(promptBytes.size())) < 0) {
        // Nowhere to show the prompt; typing blind would be worse than failing.
        tcsetattr(STDIN_FILENO, TCSANOW, &savedTerminal);
        sigaction(SIGINT, &savedInterrupt, nullptr);
        *error = QStringLiteral("cannot show the password prompt on standard error");
        return false;
    }

    constexpr qsizetype maxLength = 4096;
    QByteArray typed;
    typed.reserve(maxLength);
    bool ok = true;
    for (;;) {
        char c = 0;
        const ssize_t n = ::read(STDIN_FILENO, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ok = false;
            *error = QStringLiteral("reading the password failed");
            break;
        }
        if (n == 0 || c == '\n')
            break;
        if (typed.size() < maxLength)
            typed.append(c);
    }
    tcsetattr(STDIN_FILENO, TCSANOW, &savedTerminal);
    sigaction(SIGINT, &savedInterrupt, nullptr);
    if (typed.endsWith('\r'))
        typed.chop(1);
    if (ok)
        *password = typed; // shared, not copied: no second copy to wipe
    else
        typed.fill('\0');
    return ok;
#else
    Q_UNUSED(prompt)
    Q_UNUSED(password)
    *error = QStringLiteral("asking for a password is not supported on this system");
    return false;
#endif
}
