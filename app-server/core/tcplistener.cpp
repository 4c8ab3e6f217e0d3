#include "tcplistener.h"

#include <QSocketNotifier>
#include <QTcpSocket>

#include "platform.h"

#include <cerrno>

#if CHATROOM_HAS(linux_api)
#include "descriptorpoller.h"

#include <sys/socket.h>
#include <unistd.h>
#endif

namespace {

// Connections taken per wake-up: a storm of them must not keep the room's own events
// waiting, and the notifier fires again for the rest.
constexpr int MaxAcceptsPerPass = 128;
constexpr int RetryMs = 1000;

} // namespace

TcpListener::TcpListener(QObject *parent)
    : QObject(parent)
{
    // A crowd connecting at once must not overflow the kernel's accept queue.
    m_server.setListenBacklogSize(1024);
    m_retry.setSingleShot(true);
    m_retry.setInterval(RetryMs);
    connect(&m_retry, &QTimer::timeout, this, &TcpListener::resume);
#if !CHATROOM_HAS(linux_api)
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        m_failing = false;
        while (QTcpSocket *socket = m_server.nextPendingConnection())
            emit accepted(socket);
    });
    connect(&m_server, &QTcpServer::acceptError, this, [this] { pause(0); });
#endif
}

TcpListener::~TcpListener() = default;

void TcpListener::setAcceptsBare(bool bare)
{
#if CHATROOM_HAS(linux_api)
    m_bare = bare;
    if (bare && !m_poller)
        m_poller = std::make_unique<DescriptorPoller>();
#else
    Q_UNUSED(bare);
#endif
}

bool TcpListener::listen(const QHostAddress &address, quint16 port)
{
    if (!m_server.listen(address, port))
        return false;
#if CHATROOM_HAS(linux_api)
    m_server.pauseAccepting();
    m_notifier =
        std::make_unique<QSocketNotifier>(m_server.socketDescriptor(), QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &TcpListener::acceptPending);
#endif
    return true;
}

void TcpListener::close()
{
    m_retry.stop();
    m_notifier.reset();
    m_server.close();
}

void TcpListener::acceptPending()
{
#if CHATROOM_HAS(linux_api)
    const int listening = int(m_server.socketDescriptor());
    for (int i = 0; i < MaxAcceptsPerPass; ++i) {
        const int fd = ::accept4(listening, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue; // nothing to do with us: the next one
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return;
            pause(errno);
            return;
        }
        if (m_bare) {
            m_failing = false;
            emit acceptedDescriptor(fd);
            continue;
        }
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(fd)) {
            ::close(fd);
            socket->deleteLater();
            continue;
        }
        m_failing = false;
        emit accepted(socket);
    }
#endif
}

void TcpListener::pause(int error)
{
    m_paused = true;
    if (m_notifier)
        m_notifier->setEnabled(false);
    else
        m_server.pauseAccepting();
    m_retry.start();
    if (m_failing)
        return;
    m_failing = true;
    emit acceptFailed(error);
}

void TcpListener::descriptorFreed()
{
    // Queued: the closing connection gives its descriptor back when it is deleted, right
    // after it reports.
    if (m_paused)
        QMetaObject::invokeMethod(this, &TcpListener::resume, Qt::QueuedConnection);
}

void TcpListener::resume()
{
    if (!m_paused || !m_server.isListening())
        return;
    m_paused = false;
    m_retry.stop();
    if (m_notifier)
        m_notifier->setEnabled(true);
    else
        m_server.resumeAccepting();
}
