#include "clientconnection.h"

#include "protocol/messagecodec.h"

#include <QTcpSocket>

namespace {

bool isClientToServer(quint8 type)
{
    switch (Protocol::MessageType(type)) {
    case Protocol::MessageType::Hello:
    case Protocol::MessageType::Say:
    case Protocol::MessageType::Bye:
    case Protocol::MessageType::Ping:
        return true;
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
    , m_sendQueueLimit(config.sendQueueLimit)
    , m_peerAddress(socket->peerAddress())
    , m_peerPort(socket->peerPort())
{
    m_socket->setParent(this);
    // Chat frames are small and interactive: do not let Nagle hold them back.
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // Bounded like the frame reader, so a peer that sends faster than we read is held
    // back by TCP instead of growing our memory.
    m_socket->setReadBufferSize(
        qMax<qint64>(config.maxFrameSize + Protocol::FrameHeaderSize, 16 * 1024));
    m_clock.start();

    m_helloTimer.setSingleShot(true);
    m_helloTimer.setInterval(config.helloTimeout);
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(config.idleTimeout);
    m_lingerTimer.setSingleShot(true);
    m_lingerTimer.setInterval(config.closeLinger);
    connect(&m_helloTimer, &QTimer::timeout, this, &ClientConnection::helloTimedOut);
    connect(&m_idleTimer, &QTimer::timeout, this, &ClientConnection::idleTimedOut);
    connect(&m_lingerTimer, &QTimer::timeout, m_socket, &QAbstractSocket::abort);

    connect(m_socket, &QIODevice::readyRead, this, &ClientConnection::readFrames);
    // Queued: abort() and a failed flush emit disconnected synchronously, possibly while
    // the server is in the middle of a fan-out; the room must only change between events.
    connect(m_socket, &QAbstractSocket::disconnected, this, &ClientConnection::onDisconnected,
            Qt::QueuedConnection);
    m_helloTimer.start();

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

void ClientConnection::markJoined(const QString &nickname, qint64 joinedAtMs)
{
    m_state = State::Joined;
    m_nickname = nickname;
    m_joinedAtMs = joinedAtMs;
    m_helloTimer.stop();
    m_idleTimer.start();
}

void ClientConnection::restartHelloTimer()
{
    if (m_state == State::AwaitingHello)
        m_helloTimer.start();
}

FloodGate::Verdict ClientConnection::checkFlood()
{
    return m_floodGate.check(m_clock.elapsed());
}

bool ClientConnection::send(const QByteArray &frame)
{
    if (m_state == State::Closing || m_socket->state() != QAbstractSocket::ConnectedState)
        return true;
    m_socket->write(frame);
    if (m_socket->bytesToWrite() <= m_sendQueueLimit)
        return true;
    // What sits in Qt's buffer only for want of an event-loop turn is not "unsent": give
    // the kernel all it will take before judging the peer.
    m_socket->flush();
    return m_socket->bytesToWrite() <= m_sendQueueLimit;
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
    if (!lastFrame.isEmpty())
        m_socket->write(lastFrame);
    m_socket->flush();
    m_lingerTimer.start();
    m_socket->disconnectFromHost();
}

void ClientConnection::readFrames()
{
    while (m_state != State::Closing && m_reader.readNext(m_socket))
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
        m_idleTimer.start();
    const quint8 type = payload.isEmpty() ? 0 : quint8(payload.front());
    // The server knows only the client's types; a server type coming back is as unknown
    // to it as a type from a later version.
    if (!isClientToServer(type)) {
        emit unknownTypeReceived(type);
        return;
    }
    const Protocol::DecodeResult result = Protocol::MessageCodec::decode(payload);
    if (!result.isOk()) {
        emit protocolError(Protocol::ErrorCode::Malformed);
        return;
    }
    emit messageReceived(result.message);
}

void ClientConnection::onDisconnected()
{
    m_state = State::Closing;
    m_helloTimer.stop();
    m_idleTimer.stop();
    m_lingerTimer.stop();
    emit closed();
    deleteLater();
}
