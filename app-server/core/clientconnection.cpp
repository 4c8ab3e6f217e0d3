#include "clientconnection.h"

#include "protocol/messagecodec.h"

#include <QBuffer>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimerEvent>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <sys/socket.h>
#include <sys/uio.h>
#endif

namespace {

// Whether the server knows this type from a connection in this state: the types that
// 1.1 added are unknown to a member that joined with a 1.0 Hello (docs/protocol.md,
// "Appended fields"), but a connection that has not joined may be a 1.1 client resuming.
bool isKnownFromClient(quint8 type, bool joinedAs10)
{
    switch (Protocol::MessageType(type)) {
    case Protocol::MessageType::Hello:
    case Protocol::MessageType::Say:
    case Protocol::MessageType::Bye:
    case Protocol::MessageType::Ping:
        return true;
    case Protocol::MessageType::Resume:
    case Protocol::MessageType::HistoryRequest:
    case Protocol::MessageType::Rename:
        return !joinedAs10;
    default:
        return false;
    }
}

} // namespace

ClientConnection::ClientConnection(QTcpSocket *socket, const ServerConfig &config, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_reader(config.maxFrameSize)
    , m_floodGate(config.floodLimit, config.floodWindow.count())
    , m_controlGate(config.floodLimit, config.floodWindow.count())
    , m_sendQueueLimit(config.sendQueueLimit)
    , m_helloTimeoutMs(int(config.helloTimeout.count()))
    , m_idleTimeoutMs(int(config.idleTimeout.count()))
    , m_closeLingerMs(int(config.closeLinger.count()))
    , m_peerAddress(socket->peerAddress())
    , m_peerPort(socket->peerPort())
    // The descriptor of a QSslSocket carries ciphertext that only QSslSocket can make:
    // the direct sendmsg() path would put the frames on the wire in clear and break the
    // TLS stream. Every byte of such a connection goes through QSslSocket::write().
    , m_handedOver(qobject_cast<QSslSocket *>(socket) != nullptr)
{
    m_socket->setParent(this);
    // Chat frames are small and interactive: do not let Nagle hold them back.
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // Bounded like the frame reader, so a peer that sends faster than we read is held
    // back by TCP instead of growing our memory.
    m_socket->setReadBufferSize(
        qMax<qint64>(config.maxFrameSize + Protocol::FrameHeaderSize, 16 * 1024));
    m_clock.start();

    connect(m_socket, &QIODevice::readyRead, this, &ClientConnection::readFrames);
    // Queued: abort() and a failed flush emit disconnected synchronously, possibly while
    // the server is in the middle of a fan-out; the room must only change between events.
    connect(m_socket, &QAbstractSocket::disconnected, this, &ClientConnection::onDisconnected,
            Qt::QueuedConnection);
    m_helloTimer.start(m_helloTimeoutMs, this);

    // Bytes may have arrived before the connection was set up.
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &ClientConnection::readFrames, Qt::QueuedConnection);
}

ClientConnection::~ClientConnection()
{
    // The socket is a child and would outlive this object's members while ~QObject
    // deletes it; its last signals must not reach a half-destroyed connection.
    m_socket->disconnect(this);
    m_socket->abort();
}

void ClientConnection::markJoined(const MemberState &member)
{
    m_state = State::Joined;
    m_member = member;
    m_helloTimer.stop();
    m_lastFrameMs = m_clock.elapsed();
    m_idleTimer.start(m_idleTimeoutMs, this);
}

void ClientConnection::restartHelloTimer()
{
    if (m_state == State::AwaitingHello)
        m_helloTimer.start(m_helloTimeoutMs, this);
}

FloodGate::Verdict ClientConnection::checkFlood()
{
    return m_floodGate.check(m_clock.elapsed());
}

FloodGate::Verdict ClientConnection::checkControlFlood()
{
    return m_controlGate.check(m_clock.elapsed());
}

bool ClientConnection::send(const QByteArray &frame)
{
    if (m_state == State::Closing || m_socket->state() != QAbstractSocket::ConnectedState)
        return true;
    // What was shared with this member before goes out before this frame.
    takeShared();
    // Kept as it is, not copied: a Members frame is the server's own, shared by every
    // joiner that is still waiting for the kernel to take it.
    m_outbox.append(frame);
    m_outboxBytes += frame.size();
    return withinLimit();
}

bool ClientConnection::sendShared(const QByteArray *log, qsizetype from, qsizetype to)
{
    // Per delivery on the hot path: no socket call here, only arithmetic.
    if (m_state == State::Closing)
        return true;
    if (m_sharedTo == m_sharedFrom) {
        m_sharedLog = log;
        m_sharedFrom = from;
    } else if (m_sharedTo != from || m_sharedLog != log) {
        takeShared(); // not contiguous (never seen in practice): keep the order by copying
        m_sharedLog = log;
        m_sharedFrom = from;
    }
    m_sharedTo = to;
    return withinLimit();
}

bool ClientConnection::withinLimit()
{
    if (unsentBytes() <= m_sendQueueLimit)
        return true;
    // What is queued only for want of an event-loop pass is not "unsent": give the kernel
    // all it will take before judging the peer.
    flush();
    return unsentBytes() <= m_sendQueueLimit;
}

qint64 ClientConnection::unsentBytes() const
{
    if (!m_handedOver)
        return m_outboxBytes + (m_sharedTo - m_sharedFrom);
    qint64 inSocket = m_socket->bytesToWrite();
    // A QSslSocket counts what it has not encrypted yet; what it has, waits in the
    // socket below it and is just as unsent.
    if (const auto *tls = qobject_cast<const QSslSocket *>(m_socket))
        inSocket += tls->encryptedBytesToWrite();
    return m_outboxBytes + (m_sharedTo - m_sharedFrom) + inSocket;
}

void ClientConnection::takeShared()
{
    if (m_sharedTo == m_sharedFrom)
        return;
    m_outbox.append(QByteArray(m_sharedLog->constData() + m_sharedFrom, m_sharedTo - m_sharedFrom));
    m_outboxBytes += m_sharedTo - m_sharedFrom;
    m_sharedFrom = m_sharedTo = 0;
}

void ClientConnection::clearOutbox()
{
    m_outbox.clear();
    m_outboxSent = 0;
    m_outboxBytes = 0;
}

void ClientConnection::flush()
{
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        setWaitingForWritable(false);
        clearOutbox();
        m_sharedFrom = m_sharedTo = 0;
        return;
    }
    if (!hasQueued())
        return;
    if (m_beforeWrite)
        m_beforeWrite();
    // The shared log is reused after this pass: whatever cannot go now is copied.
    if (m_handedOver || (m_writable && m_writable->isEnabled())) {
        takeShared();
        if (m_handedOver)
            handOverToSocket();
        return; // else the kernel is full and the notifier calls flush() again
    }
#ifdef Q_OS_UNIX
    // QTcpSocket::write() copies into a ring buffer per socket, arms the socket's write
    // notifier and sends on a later pass. With thousands of members that is a notifier
    // enabled and disabled per member per pass, and with the glib event dispatcher each
    // of those walks a list of every socket: O(members^2) per pass, most of the server's
    // time in a profile. So the bytes go to the kernel here, this member's own frames and
    // then its slice of the shared log in one sendmsg(), without copying either; only a
    // peer that does not keep up costs a copy and a notifier. QTcpSocket is handed bytes
    // only in close() and after an error, and from then on gets all of them, so the
    // order on the wire holds.
    constexpr int MaxParts = 64;
    const int fd = int(m_socket->socketDescriptor());
    bool blocked = false;
    bool failed = false;
    while (hasQueued()) {
        iovec parts[MaxParts];
        int count = 0;
        for (qsizetype i = 0; i < m_outbox.size() && count < MaxParts - 1; ++i) {
            const qsizetype skip = i == 0 ? m_outboxSent : 0;
            parts[count++] = {const_cast<char *>(m_outbox.at(i).constData()) + skip,
                              size_t(m_outbox.at(i).size() - skip)};
        }
        if (count == m_outbox.size() && m_sharedTo > m_sharedFrom)
            parts[count++] = {const_cast<char *>(m_sharedLog->constData()) + m_sharedFrom,
                              size_t(m_sharedTo - m_sharedFrom)};
        msghdr message {};
        message.msg_iov = parts;
        message.msg_iovlen = size_t(count);
        const ssize_t sent = ::sendmsg(fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent <= 0) {
            blocked = sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
            failed = !blocked;
            break;
        }
        qsizetype left = sent;
        while (left > 0 && !m_outbox.isEmpty()) {
            const qsizetype rest = m_outbox.constFirst().size() - m_outboxSent;
            const qsizetype taken = qMin(rest, left);
            left -= taken;
            m_outboxBytes -= taken;
            if (taken == rest) {
                m_outbox.removeFirst();
                m_outboxSent = 0;
            } else {
                m_outboxSent += taken;
            }
        }
        m_sharedFrom += left;
    }
    if (m_sharedTo == m_sharedFrom)
        m_sharedFrom = m_sharedTo = 0;
    takeShared();
    if (!failed) {
        setWaitingForWritable(blocked);
        return;
    }
#endif
    // An error (QTcpSocket meets it too and reports it), or no direct path on this
    // platform.
    handOverToSocket();
}

void ClientConnection::setWaitingForWritable(bool waiting)
{
    Q_ASSERT(!waiting || !m_handedOver); // the notifier belongs to the direct path only
    if (!m_writable) {
        if (!waiting)
            return;
        m_writable =
            std::make_unique<QSocketNotifier>(m_socket->socketDescriptor(), QSocketNotifier::Write);
        connect(m_writable.get(), &QSocketNotifier::activated, this, [this] {
            m_writable->setEnabled(false);
            flush();
        });
    }
    m_writable->setEnabled(waiting);
}

void ClientConnection::handOverToSocket()
{
    setWaitingForWritable(false);
    takeShared();
    m_handedOver = true;
    for (qsizetype i = 0; i < m_outbox.size(); ++i) {
        const qsizetype skip = i == 0 ? m_outboxSent : 0;
        m_socket->write(m_outbox.at(i).constData() + skip, m_outbox.at(i).size() - skip);
    }
    clearOutbox();
}

void ClientConnection::close(const QByteArray &lastFrame)
{
    if (m_state == State::Closing)
        return;
    m_state = State::Closing;
    m_helloTimer.stop();
    m_idleTimer.stop();
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        m_socket->abort();
        return;
    }
    // The queued frames first, then the last one, in this order on the wire.
    flush();
    handOverToSocket();
    if (!lastFrame.isEmpty())
        m_socket->write(lastFrame);
    m_socket->flush();
    m_lingerTimer.start(m_closeLingerMs, this);
    m_socket->disconnectFromHost();
}

void ClientConnection::abort()
{
    if (m_state == State::Closing)
        return;
    m_state = State::Closing;
    m_helloTimer.stop();
    m_idleTimer.stop();
    setWaitingForWritable(false);
    clearOutbox();
    m_sharedFrom = m_sharedTo = 0;
    m_socket->abort();
}

void ClientConnection::readFrames()
{
    // A QTcpSocket keeps its 16 KiB read chunk for good once anything has arrived: 80 MB
    // for 5000 members who said nothing but Hello. read() of exactly what is buffered
    // takes a lone chunk over instead of copying it, and it goes with `bytes`.
    QByteArray bytes = m_socket->read(m_socket->bytesAvailable());
    QBuffer input(&bytes);
    input.open(QIODevice::ReadOnly);
    while (m_state != State::Closing && m_reader.readNext(&input))
        handlePayload(m_reader.takePayload());
    if (m_state == State::Closing || !m_reader.hasError())
        return;
    emit protocolError(m_reader.error() == Protocol::FrameReader::Error::EmptyFrame
                           ? Protocol::ErrorCode::Malformed
                           : Protocol::ErrorCode::FrameTooLarge);
}

void ClientConnection::handlePayload(const QByteArray &payload)
{
    // Any frame at all shows the member is alive; pings exist for exactly this.
    if (m_state == State::Joined)
        m_lastFrameMs = m_clock.elapsed(); // timerEvent() re-arms from here
    const quint8 type = payload.isEmpty() ? 0 : quint8(payload.front());
    // The server knows only the client's types; a server type coming back is as unknown
    // to it as a type from a later version.
    if (!isKnownFromClient(type, m_state == State::Joined && !m_member.isV11())) {
        emit unknownTypeReceived(type);
        return;
    }
    // A joined 1.0 member's bytes after the 1.0 fields are to be ignored, not read as
    // 1.1's appended ones.
    const bool joinedAs10 = m_state == State::Joined && !m_member.isV11();
    const Protocol::DecodeResult result = Protocol::MessageCodec::decode(
        payload, joinedAs10 ? Protocol::Layout::V1_0 : Protocol::Layout::V1_1);
    if (!result.isOk()) {
        emit protocolError(Protocol::ErrorCode::Malformed);
        return;
    }
    emit messageReceived(result.message);
}

void ClientConnection::timerEvent(QTimerEvent *event)
{
    const int id = event->timerId();
    if (id == m_helloTimer.timerId()) {
        m_helloTimer.stop();
        emit helloTimedOut();
    } else if (id == m_idleTimer.timerId()) {
        // Restarting a timer for every frame costs a timer-list update per Say; instead
        // the timer runs out, looks at the last frame and re-arms for what is left.
        const qint64 silentMs = m_clock.elapsed() - m_lastFrameMs;
        if (silentMs < m_idleTimeoutMs) {
            m_idleTimer.start(int(m_idleTimeoutMs - silentMs), this);
            return;
        }
        m_idleTimer.stop();
        emit idleTimedOut();
    } else if (id == m_lingerTimer.timerId()) {
        m_lingerTimer.stop();
        m_socket->abort();
    } else {
        QObject::timerEvent(event);
    }
}

void ClientConnection::onDisconnected()
{
    // The descriptor is gone; a notifier left on it would be polled as invalid.
    setWaitingForWritable(false);
    m_state = State::Closing;
    m_helloTimer.stop();
    m_idleTimer.stop();
    m_lingerTimer.stop();
    emit closed();
    deleteLater();
}
