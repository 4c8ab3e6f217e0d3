#pragma once
// What the socket-driving fuzz targets share: ending connections without TIME_WAIT, and
// running the event loop until it has nothing left to do without sleeping.

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QTcpSocket>

#include <cstdio>
#include <cstdlib>

#include <sys/ioctl.h>
#include <sys/socket.h>

namespace FuzzSupport {

[[noreturn]] inline void fail(const char *target, const char *what)
{
    std::fprintf(stderr, "%s: violated: %s\n", target, what);
    std::abort();
}

// SO_LINGER {1, 0}: whenever this socket is closed (abort(), close(), its destructor, or Qt
// answering the peer's FIN) the kernel sends RST and forgets the connection at once. A FIN
// close leaves a TIME_WAIT entry for 60 s on the side that closed first; at hundreds of
// inputs a second those hold every local port within a minute, and listen() or connect()
// on 127.0.0.1 fails. With every socket on one side of each connection resetting, neither
// side ever enters TIME_WAIT, so a run's speed is bounded by the CPU, not by port reuse.
inline bool resetOnClose(QAbstractSocket *socket)
{
    const qintptr fd = socket->socketDescriptor();
    if (fd < 0)
        return false;
    const linger reset {1, 0};
    return ::setsockopt(int(fd), SOL_SOCKET, SO_LINGER, &reset, sizeof reset) == 0;
}

// Bytes the kernel holds for this socket that Qt has not read yet.
inline int kernelUnread(const QAbstractSocket *socket)
{
    int pending = 0;
    const qintptr fd = socket->socketDescriptor();
    if (fd < 0 || ::ioctl(int(fd), FIONREAD, &pending) != 0)
        return 0;
    return pending;
}

// Runs the event loop without ever waiting until `busy()` is false and a few passes in a
// row have found nothing to do (loopback delivers a write to the peer's receive queue
// before write() returns, so nothing is still on its way when the loop is idle). More
// than `maxPasses` passes is a hang, reported as a finding.
template<typename Busy>
void pumpUntilIdle(const char *target, Busy busy, int maxPasses = 200000)
{
    QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance();
    int quiet = 0;
    for (int pass = 0; quiet < 3; ++pass) {
        if (pass >= maxPasses)
            fail(target, "the event loop settles");
        const bool worked = dispatcher->processEvents(QEventLoop::AllEvents);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        quiet = worked || busy() ? 0 : quiet + 1;
    }
}

} // namespace FuzzSupport
