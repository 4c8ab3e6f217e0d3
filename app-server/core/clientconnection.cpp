#include "clientconnection.h"

#include "platform.h"
#include "protocol/messagecodec.h"

#include "devicesender.h"
#if CHATROOM_HAS(linux_api)
#include "directsender.h"
#endif

#include <QBuffer>
#include <QLocalSocket>
#include <QTcpSocket>
#include <QTimerEvent>

#if CHATROOM_HAS(linux_api)
#include "descriptorpoller.h"

#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>
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

ClientConnection::ClientConnection(QAbstractSocket *socket, const ServerConfig &config,
                                   QObject *parent)
    : ClientConnection(PeerSocket(socket), config, parent)
{
    // Chat frames are small and interactive: do not let Nagle hold them back.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
#if CHATROOM_HAS(linux_api)
    if (config.directSend && DirectSender::isAvailableFor(socket))
        m_sender = std::make_unique<DirectSender>(socket, this);
#endif
    connect(socket, &QAbstractSocket::disconnected, this, &ClientConnection::onDisconnected,
            Qt::QueuedConnection);
    watchDevice(config);
}

ClientConnection::ClientConnection(QLocalSocket *socket, const ServerConfig &config,
                                   QObject *parent)
    : ClientConnection(PeerSocket(socket), config, parent)
{
    connect(socket, &QLocalSocket::disconnected, this, &ClientConnection::onDisconnected,
            Qt::QueuedConnection);
    watchDevice(config);
}

#if CHATROOM_HAS(linux_api)
ClientConnection::ClientConnection(int descriptor, const QHostAddress &peerAddress,
                                   quint16 peerPort, DescriptorPoller *poller,
                                   const ServerConfig &config, QObject *parent)
    : ClientConnection(PeerSocket::fromDescriptor(descriptor, peerAddress, peerPort), config,
                       parent)
{
    m_poller = poller;
    // Chat frames are small and interactive: do not let Nagle hold them back.
    const int one = 1;
    ::setsockopt(descriptor, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    m_sender = std::make_unique<DirectSender>(descriptor, this);
    // Bytes that arrived before are there to read: the set is level triggered.
    if (!m_poller->add(descriptor, this))
        abortPeer();
}
#endif

// The disconnected() connections above are queued: abort() and a failed flush emit it
// synchronously, possibly while the server is in the middle of a fan-out; the room must
// only change between events. A bare descriptor reports the same way (abortPeer()).
ClientConnection::ClientConnection(const PeerSocket &peer, const ServerConfig &config,
                                   QObject *parent)
    : QObject(parent)
    , m_peer(peer)
    , m_reader(config.maxFrameSize)
    , m_floodGate(config.floodLimit, config.floodWindow.count())
    , m_controlGate(config.floodLimit, config.floodWindow.count())
    , m_sendQueueLimit(config.sendQueueLimit)
    , m_helloTimeoutMs(int(config.helloTimeout.count()))
    , m_idleTimeoutMs(int(config.idleTimeout.count()))
    , m_closeLingerMs(int(config.closeLinger.count()))
    , m_sender(std::make_unique<DeviceSender>(&m_peer))
{
    m_clock.start();
    m_helloTimer.start(m_helloTimeoutMs, this);
}

void ClientConnection::watchDevice(const ServerConfig &config)
{
    QIODevice *device = m_peer.device();
    device->setParent(this);
    // Bounded like the frame reader, so a peer that sends faster than we read is held
    // back by the transport instead of growing our memory.
    const qint64 readLimit =
        qMax<qint64>(config.maxFrameSize + Protocol::FrameHeaderSize, 16 * 1024);
    if (QAbstractSocket *tcp = m_peer.tcp())
        tcp->setReadBufferSize(readLimit);
    else
        static_cast<QLocalSocket *>(device)->setReadBufferSize(readLimit);

    connect(device, &QIODevice::readyRead, this, &ClientConnection::readFrames);
    // Bytes may have arrived before the connection was set up.
    if (device->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &ClientConnection::readFrames, Qt::QueuedConnection);
}

ClientConnection::~ClientConnection()
{
    m_sender->stop();
    if (m_peer.isBare()) {
#if CHATROOM_HAS(linux_api)
        if (m_peer.isConnected())
            m_poller->remove(m_peer.descriptor(), this);
#endif
        m_peer.closeDescriptor();
        return;
    }
    // The socket is a child and would outlive this object's members while ~QObject
    // deletes it; its last signals must not reach a half-destroyed connection.
    m_peer.device()->disconnect(this);
    m_peer.abort();
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
    if (m_state == State::Closing || !m_peer.isConnected())
        return true;
    // Kept as it is, not copied: a Members frame is the server's own, shared by every
    // joiner that is still waiting for the kernel to take it.
    m_queue.append(frame);
    return withinLimit();
}

bool ClientConnection::sendShared(const QByteArray *log, qsizetype from, qsizetype to)
{
    // Per delivery on the hot path: no socket call here, only arithmetic.
    if (m_state == State::Closing)
        return true;
    m_queue.appendShared(log, from, to);
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
    // The same limit whichever sender: what waits in the socket's own buffer (DeviceSender,
    // or DirectSender after an error) is just as unsent as what waits in the queue. That
    // part is as the last flush left it: asking a QSslSocket for every delivery was 12% of
    // a TLS server's time. It only shrinks between flushes, so this errs high, and
    // withinLimit() flushes, which asks afresh, before it judges.
    return m_queue.size() + m_deviceBytes;
}

void ClientConnection::flush()
{
    if (!m_peer.isConnected()) {
        m_sender->stop();
        m_queue.clear();
        return;
    }
    if (m_queue.isEmpty())
        return;
    if (m_handler)
        m_handler->beforeWrite(this);
    if (m_state == State::Closing && m_peer.isBare()) {
        finishClosing();
        return;
    }
    m_sender->flush(m_queue);
    if (m_sender->buffersInDevice())
        m_deviceBytes = m_peer.bytesToWrite();
}

void ClientConnection::close(const QByteArray &lastFrame)
{
    if (m_state == State::Closing)
        return;
    m_state = State::Closing;
    m_helloTimer.stop();
    m_idleTimer.stop();
    if (!m_peer.isConnected()) {
        abortPeer();
        return;
    }
    if (m_peer.isBare()) {
        // No device to hand the rest to: the sender writes it all, the last frame after
        // what is queued, and the descriptor closes once it is out or the linger ends.
        if (!lastFrame.isEmpty())
            m_queue.append(lastFrame);
        if (m_handler && !m_queue.isEmpty())
            m_handler->beforeWrite(this);
        m_lingerTimer.start(m_closeLingerMs, this);
        finishClosing();
        return;
    }
    // The queued frames first, then the last one, in this order on the wire.
    flush();
    m_sender->handOver(m_queue);
    if (!lastFrame.isEmpty())
        m_peer.device()->write(lastFrame);
    m_peer.flush();
    m_lingerTimer.start(m_closeLingerMs, this);
    m_peer.disconnectFromPeer();
}

void ClientConnection::abort()
{
    if (m_state == State::Closing)
        return;
    m_state = State::Closing;
    m_helloTimer.stop();
    m_idleTimer.stop();
    m_sender->stop();
    m_queue.clear();
    abortPeer();
}

void ClientConnection::abortPeer()
{
    m_sender->stop();
    if (!m_peer.isBare()) {
        m_peer.abort();
        return;
    }
    if (!m_peer.isConnected())
        return;
#if CHATROOM_HAS(linux_api)
    m_poller->remove(m_peer.descriptor(), this);
#endif
    m_peer.closeDescriptor();
    QMetaObject::invokeMethod(this, &ClientConnection::onDisconnected, Qt::QueuedConnection);
}

void ClientConnection::finishClosing()
{
    if (!m_peer.isConnected())
        return;
    m_sender->flush(m_queue);
    if (m_queue.isEmpty())
        abortPeer(); // the kernel sends what it took, then a FIN
}

void ClientConnection::descriptorReadable()
{
#if CHATROOM_HAS(linux_api)
    // One buffer for every member: what a read brings is parsed at once, and the frame
    // reader copies out what it keeps (a partial frame). As much as a QTcpSocket with our
    // read buffer size would have taken in one go.
    static char buffer[Protocol::MaxFrameSize + Protocol::FrameHeaderSize];
    ssize_t got = 0;
    do {
        got = ::read(m_peer.descriptor(), buffer, sizeof buffer);
    } while (got < 0 && errno == EINTR);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return;
    if (got <= 0) {
        // The end of the stream or an error (a reset): the peer is gone either way.
        abortPeer();
        return;
    }
    // A closing connection reads on only to see the end; what it reads means nothing.
    if (m_state == State::Closing)
        return;
    QByteArray bytes = QByteArray::fromRawData(buffer, got);
    QBuffer input(&bytes);
    input.open(QIODevice::ReadOnly);
    readFrom(&input);
#endif
}

void ClientConnection::readFrames()
{
    // A QTcpSocket keeps its 16 KiB read chunk for good once anything has arrived: 80 MB
    // for 5000 members who said nothing but Hello. read() of exactly what is buffered
    // takes a lone chunk over instead of copying it, and it goes with `bytes`.
    QIODevice *device = m_peer.device();
    QByteArray bytes = device->read(device->bytesAvailable());
    QBuffer input(&bytes);
    input.open(QIODevice::ReadOnly);
    readFrom(&input);
}

void ClientConnection::readFrom(QIODevice *input)
{
    while (m_state != State::Closing && m_reader.readNext(input))
        handlePayload(m_reader.takePayload());
    if (m_state == State::Closing || !m_reader.hasError())
        return;
    if (m_handler)
        m_handler->onProtocolError(this,
                                   m_reader.error() == Protocol::FrameReader::Error::EmptyFrame
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
        if (m_handler)
            m_handler->onUnknownType(this, type);
        return;
    }
    // A joined 1.0 member's bytes after the 1.0 fields are to be ignored, not read as
    // 1.1's appended ones.
    const bool joinedAs10 = m_state == State::Joined && !m_member.isV11();
    const Protocol::DecodeResult result = Protocol::MessageCodec::decode(
        payload, joinedAs10 ? Protocol::Layout::V1_0 : Protocol::Layout::V1_1);
    if (!result.isOk()) {
        if (m_handler)
            m_handler->onProtocolError(this, Protocol::ErrorCode::Malformed);
        return;
    }
    if (m_handler)
        m_handler->onMessage(this, result.message);
}

void ClientConnection::timerEvent(QTimerEvent *event)
{
    const int id = event->timerId();
    if (id == m_helloTimer.timerId()) {
        m_helloTimer.stop();
        if (m_handler)
            m_handler->onHelloTimeout(this);
    } else if (id == m_idleTimer.timerId()) {
        // Restarting a timer for every frame costs a timer-list update per Say; instead
        // the timer runs out, looks at the last frame and re-arms for what is left.
        const qint64 silentMs = m_clock.elapsed() - m_lastFrameMs;
        if (silentMs < m_idleTimeoutMs) {
            m_idleTimer.start(int(m_idleTimeoutMs - silentMs), this);
            return;
        }
        m_idleTimer.stop();
        if (m_handler)
            m_handler->onIdleTimeout(this);
    } else if (id == m_lingerTimer.timerId()) {
        m_lingerTimer.stop();
        abortPeer();
    } else {
        QObject::timerEvent(event);
    }
}

void ClientConnection::onDisconnected()
{
    // The descriptor is gone; a notifier left on it would be polled as invalid.
    m_sender->stop();
    m_state = State::Closing;
    m_helloTimer.stop();
    m_idleTimer.stop();
    m_lingerTimer.stop();
    if (m_handler)
        m_handler->onClosed(this);
    deleteLater();
}
