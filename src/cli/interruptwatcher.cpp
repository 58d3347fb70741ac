#include "interruptwatcher.h"

#include <QSocketNotifier>

#ifdef Q_OS_UNIX
#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int wakeFds[2] = {-1, -1};
volatile sig_atomic_t firstSignal = 0;

constexpr int Watched[] = {SIGINT, SIGTERM, SIGHUP};

// Only async-signal-safe calls here: the event loop does the rest (the self-pipe pattern).
void onSignal(int signalNumber)
{
    if (!firstSignal)
        firstSignal = signalNumber;
    const char byte = char(signalNumber);
    [[maybe_unused]] const ssize_t n = ::write(wakeFds[0], &byte, 1);
    // A second signal ends the process even if the loop is stuck.
    for (int watched : Watched)
        ::signal(watched, SIG_DFL);
}

} // namespace
#endif

InterruptWatcher::InterruptWatcher(QObject *parent) : QObject(parent)
{
#ifdef Q_OS_UNIX
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, wakeFds) != 0)
        return;
    ::fcntl(wakeFds[0], F_SETFD, FD_CLOEXEC);
    ::fcntl(wakeFds[1], F_SETFD, FD_CLOEXEC);
    m_notifier = new QSocketNotifier(wakeFds[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &InterruptWatcher::onReadable);
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    for (int watched : Watched)
        sigaddset(&action.sa_mask, watched); // one handler at a time
    action.sa_flags = SA_RESTART;
    for (int watched : Watched)
        ::sigaction(watched, &action, nullptr);
#endif
}

InterruptWatcher::~InterruptWatcher()
{
#ifdef Q_OS_UNIX
    if (!m_notifier)
        return;
    for (int watched : Watched)
        ::signal(watched, SIG_DFL);
    delete m_notifier;
    ::close(wakeFds[0]);
    ::close(wakeFds[1]);
    wakeFds[0] = wakeFds[1] = -1;
    firstSignal = 0;
#endif
}

int InterruptWatcher::caughtSignal()
{
#ifdef Q_OS_UNIX
    return firstSignal;
#else
    return 0;
#endif
}

QString InterruptWatcher::signalName(int signalNumber)
{
#ifdef Q_OS_UNIX
    switch (signalNumber) {
    case SIGINT: return QStringLiteral("SIGINT");
    case SIGTERM: return QStringLiteral("SIGTERM");
    case SIGHUP: return QStringLiteral("SIGHUP");
    default: break;
    }
#endif
    return QStringLiteral("signal %1").arg(signalNumber);
}

void InterruptWatcher::onReadable()
{
    char byte = 0;
#ifdef Q_OS_UNIX
    if (::read(wakeFds[1], &byte, 1) != 1)
        return;
#endif
    emit interrupted(int(byte));
}
