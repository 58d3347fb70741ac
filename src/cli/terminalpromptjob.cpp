#include "terminalpromptjob.h"

#include <QSocketNotifier>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <termios.h>
#include <unistd.h>
#endif

namespace {

constexpr qsizetype MaxLineLength = 4096;

// Not optimised away like a memset before a buffer dies: the bytes typed may be a password.
void wipe(char *data, size_t size)
{
    volatile char *p = data;
    while (size--)
        *p++ = 0;
}

} // namespace

TerminalPromptJob::TerminalPromptJob(const QString &prompt, Echo echo, QObject *parent)
    : PromptJob(prompt, echo, parent)
{
}

TerminalPromptJob::~TerminalPromptJob()
{
    if (m_notifier) {
        // Cancelled while asking (Ctrl-C): the terminal gets its echo back and a fresh line.
        restoreTerminal();
#ifdef Q_OS_UNIX
        [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, "\n", 1);
#endif
    }
    m_typed.fill('\0');
}

bool TerminalPromptJob::isAvailable()
{
#ifdef Q_OS_UNIX
    return isatty(STDIN_FILENO) == 1;
#else
    return false;
#endif
}

void TerminalPromptJob::run()
{
#ifdef Q_OS_UNIX
    if (!isAvailable()) {
        finishWithError(QStringLiteral("standard input is not a terminal"));
        return;
    }
    if (echo() == Echo::Hidden) {
        auto saved = std::make_unique<termios>();
        if (tcgetattr(STDIN_FILENO, saved.get()) != 0) {
            finishWithError(QStringLiteral("cannot read the terminal settings"));
            return;
        }
        // TCSANOW keeps what was typed ahead (TCSAFLUSH would drop it and leave the user
        // waiting); ECHONL still shows the line end, so the next output starts on a new line.
        termios silent = *saved;
        silent.c_lflag &= ~tcflag_t(ECHO);
        silent.c_lflag |= ECHONL;
        tcsetattr(STDIN_FILENO, TCSANOW, &silent);
        m_saved = std::move(saved);
    }
    const QByteArray promptBytes = prompt().toUtf8();
    if (::write(STDERR_FILENO, promptBytes.constData(), size_t(promptBytes.size())) < 0) {
        // Nowhere to show the prompt; typing blind would be worse than failing.
        restoreTerminal();
        finishWithError(QStringLiteral("cannot show the prompt on standard error"));
        return;
    }
    m_notifier = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &TerminalPromptJob::onReadable);
#else
    finishWithError(QStringLiteral("asking on the terminal is not supported on this system"));
#endif
}

void TerminalPromptJob::onReadable()
{
#ifdef Q_OS_UNIX
    // A terminal in canonical mode reports readable once a whole line (or end of input) is there.
    char buffer[512];
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n < 0) {
        done();
        finishWithError(QStringLiteral("reading from the terminal failed"));
        return;
    }
    if (n == 0) {
        const bool any = !m_typed.isEmpty();
        done();
        if (any)
            finishWith(std::exchange(m_typed, QByteArray()));
        else
            finishWithError(QStringLiteral("the input ended (Ctrl-D)"));
        return;
    }
    const qsizetype length = qsizetype(n);
    const char *end = static_cast<const char *>(memchr(buffer, '\n', size_t(length)));
    const qsizetype take = end ? qsizetype(end - buffer) : length;
    if (m_typed.size() + take > MaxLineLength)
        m_overlong = true;
    else
        m_typed.append(buffer, take);
    wipe(buffer, sizeof buffer);
    if (!end)
        return;
    if (m_typed.endsWith('\r'))
        m_typed.chop(1);
    done();
    if (m_overlong) {
        m_typed.fill('\0');
        finishWithError(QStringLiteral("the line is longer than %1 bytes").arg(MaxLineLength));
        return;
    }
    // Handed over, not copied: no second copy to wipe.
    finishWith(std::exchange(m_typed, QByteArray()));
#endif
}

void TerminalPromptJob::done()
{
    delete m_notifier;
    m_notifier = nullptr;
    restoreTerminal();
}

void TerminalPromptJob::restoreTerminal()
{
#ifdef Q_OS_UNIX
    if (m_saved) {
        tcsetattr(STDIN_FILENO, TCSANOW, m_saved.get());
        m_saved.reset();
    }
#endif
}
