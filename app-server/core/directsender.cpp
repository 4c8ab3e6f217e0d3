#include "directsender.h"

#include "sendqueue.h"

#include <QSslSocket>
#include <QTcpSocket>

// Linux only (CMakeLists.txt leaves this file out elsewhere): MSG_NOSIGNAL is not on
// every Unix, and ClientConnection keeps the DeviceSender where this is missing.
#include <cerrno>
#include <sys/socket.h>
#include <sys/uio.h>

DirectSender::DirectSender(QAbstractSocket *socket, DescriptorWatcher *watcher)
    : FrameSender(false)
    , m_socket(socket)
    , m_descriptor(int(socket->socketDescriptor()))
    , m_watcher(watcher)
{
}

DirectSender::DirectSender(int descriptor, DescriptorWatcher *watcher)
    : FrameSender(false)
    , m_descriptor(descriptor)
    , m_watcher(watcher)
{
}

DirectSender::~DirectSender() = default;

bool DirectSender::isAvailableFor(const QAbstractSocket *socket)
{
    // The descriptor of a QSslSocket carries ciphertext that only QSslSocket can make:
    // the direct path would put the frames on the wire in clear and break the TLS stream.
    return socket->socketType() == QAbstractSocket::TcpSocket
        && qobject_cast<const QSslSocket *>(socket) == nullptr;
}

void DirectSender::flush(SendQueue &queue)
{
    if (m_buffersInDevice || m_failed) {
        handOver(queue);
        return;
    }
    if (m_notifier && m_notifier->isEnabled()) {
        // The kernel is full; the notifier calls back when it is not.
        queue.detachShared();
        return;
    }
    bool blocked = false;
    if (!sendDirect(queue, &blocked)) {
        // An error: QTcpSocket meets it too and reports it; for a bare descriptor
        // handOver() does.
        handOver(queue);
        return;
    }
    queue.detachShared();
    setWaitingForWritable(blocked);
}

bool DirectSender::sendDirect(SendQueue &queue, bool *blocked)
{
    constexpr int MaxParts = 64;
    const int fd = m_descriptor;
    while (!queue.isEmpty()) {
        iovec parts[MaxParts];
        msghdr message {};
        message.msg_iov = parts;
        message.msg_iovlen = size_t(queue.gather(parts, MaxParts));
        const ssize_t sent = ::sendmsg(fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent <= 0) {
            *blocked = sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
            return *blocked;
        }
        queue.consume(sent);
    }
    return true;
}

void DirectSender::handOver(SendQueue &queue)
{
    setWaitingForWritable(false);
    if (!m_socket) {
        queue.clear();
        if (!m_failed) {
            m_failed = true;
            m_watcher->descriptorFailed();
        }
        return;
    }
    m_buffersInDevice = true;
    queue.writeTo(m_socket);
}

void DirectSender::setWaitingForWritable(bool waiting)
{
    if (!m_notifier) {
        if (!waiting)
            return;
        m_notifier = std::make_unique<QSocketNotifier>(m_descriptor, QSocketNotifier::Write);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, m_notifier.get(), [this] {
            m_notifier->setEnabled(false);
            m_watcher->descriptorWritable();
        });
    }
    m_notifier->setEnabled(waiting);
}
