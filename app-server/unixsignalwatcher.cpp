#include "unixsignalwatcher.h"

#include "platform.h"

#if CHATROOM_HAS(unix_api)

#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// One pair per process: a signal handler can reach nothing else.
int g_fds[2] = {-1, -1};

void handler(int signalNumber)
{
    const auto byte = static_cast<unsigned char>(signalNumber);
    // Nothing to do on failure: a full pipe already has a signal waiting to be read.
    [[maybe_unused]] const ssize_t written = ::write(g_fds[0], &byte, 1);
}

} // namespace

UnixSignalWatcher::UnixSignalWatcher(QObject *parent)
    : QObject(parent)
{
    if (g_fds[0] == -1 && ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_fds) != 0)
        return;
    ::fcntl(g_fds[0], F_SETFL, O_NONBLOCK);
    ::fcntl(g_fds[1], F_SETFL, O_NONBLOCK);
    m_notifier = std::make_unique<QSocketNotifier>(g_fds[1], QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &UnixSignalWatcher::readSignal);
}

UnixSignalWatcher::~UnixSignalWatcher() = default;

bool UnixSignalWatcher::watch(int signalNumber)
{
    if (!m_notifier)
        return false;
    struct sigaction action = {};
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return ::sigaction(signalNumber, &action, nullptr) == 0;
}

void UnixSignalWatcher::readSignal()
{
    unsigned char byte = 0;
    while (::read(g_fds[1], &byte, 1) == 1)
        emit unixSignal(byte);
}

#else

// Without POSIX signals and a socketpair there is nothing to watch: Ctrl+C ends the
// process as it always does there, and closing the window still shuts down cleanly.
UnixSignalWatcher::UnixSignalWatcher(QObject *parent)
    : QObject(parent)
{
}

UnixSignalWatcher::~UnixSignalWatcher() = default;

bool UnixSignalWatcher::watch(int)
{
    return false;
}

void UnixSignalWatcher::readSignal() { }

#endif
