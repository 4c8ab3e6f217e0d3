#include "chatsession.h"

#include "nickname.h"
#include "protocol/messagecodec.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QTcpSocket>

#include <cmath>

ChatSession::ChatSession(QObject *parent)
    : QObject(parent)
{
    m_connectTimer.setSingleShot(true);
    m_pingTimer.setSingleShot(true);
    m_reconnectTimer.setSingleShot(true);
    m_pongTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, &ChatSession::onConnectTimeout);
    connect(&m_pingTimer, &QTimer::timeout, this, &ChatSession::onPingTimeout);
    connect(&m_pongTimer, &QTimer::timeout, this, &ChatSession::onPongTimeout);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &ChatSession::connectToServer);
}

ChatSession::~ChatSession()
{
    // A Bye lets the others see a Quit rather than a lost connection.
    dropSocket(true);
}

void ChatSession::setTiming(const Timing &timing)
{
    m_timing = timing;
    if (m_pingTimer.isActive())
        m_pingTimer.start(m_timing.pingIdleMs);
    if (m_pongTimer.isActive())
        m_pongTimer.start(m_timing.pongTimeoutMs);
}

void ChatSession::join(const QString &host, quint16 port, const QString &nickname)
{
    const bool sameServer = host == m_host && port == m_port;
    m_host = host;
    m_port = port;
    m_requestedName = nickname;
    m_reconnectTimer.stop();
    m_reconnectAttempt = 0;
    // The user's own attempt: until it succeeds, failures are reported, not retried.
    m_autoReconnect = false;

    // After NameTaken/Invalid/Reserved the server waits for another Hello on this
    // connection (the hello timeout counted afresh), so no new connection is needed.
    if (sameServer && m_state == State::Joining && isConnected() && !m_welcomePending) {
        sendHello();
        return;
    }
    // Still connecting: the Hello sent once connected carries the new name.
    if (sameServer && m_state == State::Connecting && m_socket)
        return;
    // Leaving the room for another name or server: a Bye, so the others see a Quit
    // rather than a lost connection.
    dropSocket(true);
    clearMembers();
    connectToServer();
}

bool ChatSession::say(const QString &text)
{
    const ChatText::Verdict verdict = ChatText::check(text);
    if (verdict != ChatText::Verdict::Ok) {
        Q_EMIT textRefused(verdict);
        return false;
    }
    if (m_state != State::Joined)
        return false;
    // Sent as typed: the server sanitizes, and every member sees its version.
    send(Protocol::Say {text});
    return true;
}

void ChatSession::leave()
{
    m_autoReconnect = false;
    m_reconnectTimer.stop();
    const bool wasActive = m_state != State::Disconnected;
    dropSocket(true);
    clearMembers();
    m_endReason = EndReason::UserQuit;
    setState(State::Disconnected);
    if (wasActive)
        Q_EMIT disconnected(EndReason::UserQuit);
}

void ChatSession::reconnectNow()
{
    if (m_host.isEmpty() || m_requestedName.isEmpty())
        return;
    m_reconnectTimer.stop();
    // The user asked for a fresh connection: leave the old one politely.
    dropSocket(true);
    clearMembers();
    connectToServer();
}

int ChatSession::reconnectInSeconds() const
{
    if (m_state != State::Reconnecting || !m_reconnectTimer.isActive())
        return -1;
    return int(std::ceil(qMax(0, m_reconnectTimer.remainingTime()) / 1000.0));
}

void ChatSession::connectToServer()
{
    m_reconnectTimer.stop();
    dropSocket(false);
    m_socket = new QTcpSocket(this);
    connect(m_socket, &QTcpSocket::connected, this, &ChatSession::onConnected);
    connect(m_socket, &QTcpSocket::readyRead, this, &ChatSession::onReadyRead);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &ChatSession::onSocketError);
    connect(m_socket, &QTcpSocket::disconnected, this, &ChatSession::onSocketDisconnected);
    setState(State::Connecting);
    m_connectTimer.start(m_timing.connectTimeoutMs);
    m_socket->connectToHost(m_host, m_port);
}

void ChatSession::dropSocket(bool sayBye)
{
    m_connectTimer.stop();
    m_pingTimer.stop();
    m_pongTimer.stop();
    m_reader = Protocol::FrameReader();
    m_welcomePending = false;
    m_pendingMembers.clear();
    QTcpSocket *socket = std::exchange(m_socket, nullptr);
    if (!socket)
        return;
    // We may be inside one of this socket's signals: cut it off rather than delete it.
    socket->disconnect(this);
    if (sayBye && socket->state() == QAbstractSocket::ConnectedState) {
        socket->write(Protocol::MessageCodec::encodeFrame(Protocol::Bye {}));
        socket->flush();
        // Closes once the Bye is written; the socket lives until then.
        socket->disconnectFromHost();
    } else {
        socket->abort();
    }
    if (socket->state() == QAbstractSocket::UnconnectedState)
        socket->deleteLater();
    else
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
}

void ChatSession::onConnected()
{
    m_connectTimer.stop();
    setState(State::Joining);
    sendHello();
}

void ChatSession::onReadyRead()
{
    while (m_socket && m_reader.readNext(m_socket)) {
        // Any frame at all shows the server is still there.
        m_pongTimer.stop();
        const QByteArray payload = m_reader.takePayload();
        const Protocol::DecodeResult result = Protocol::MessageCodec::decode(payload);
        // A type from a later minor version: the protocol says a client ignores it.
        if (result.status == Protocol::DecodeResult::Status::UnknownType)
            continue;
        if (!result.isOk()) {
            endConnection(EndReason::ProtocolError);
            return;
        }
        handle(result.message);
    }
    // An empty or oversized frame: a client closes (docs/protocol.md, "Frames").
    if (m_socket && m_reader.hasError())
        endConnection(EndReason::ProtocolError);
}

void ChatSession::onSocketError(QAbstractSocket::SocketError error)
{
    if (!m_socket)
        return;
    if (m_state == State::Connecting) {
        failConnect(error, m_socket->errorString());
        return;
    }
    // What arrived just before the close may be the Error that explains it.
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
    if (m_socket)
        endConnection(EndReason::ConnectionLost);
}

void ChatSession::onSocketDisconnected()
{
    if (!m_socket)
        return;
    if (m_state == State::Connecting) {
        failConnect(QAbstractSocket::RemoteHostClosedError, m_socket->errorString());
        return;
    }
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
    if (m_socket)
        endConnection(EndReason::ConnectionLost);
}

void ChatSession::onConnectTimeout()
{
    if (m_state == State::Connecting)
        failConnect(QAbstractSocket::SocketTimeoutError, tr("The connection timed out."));
}

void ChatSession::onPingTimeout()
{
    if (isConnected())
        send(Protocol::Ping {++m_pingToken});
}

void ChatSession::onPongTimeout()
{
    // A half-open connection: the server vanished (power cut, cable, NAT timeout)
    // without a FIN or RST, so no socket error will ever arrive. Reconnect instead.
    if (m_socket)
        endConnection(EndReason::ConnectionLost);
}

void ChatSession::failConnect(QAbstractSocket::SocketError error, const QString &message)
{
    dropSocket(false);
    if (m_autoReconnect) {
        // Reconnecting after a lost connection: the server may still be restarting.
        const int seconds = scheduleReconnect();
        Q_EMIT reconnectScheduled(seconds);
        return;
    }
    m_endReason = EndReason::ConnectFailed;
    setState(State::Disconnected);
    Q_EMIT connectionFailed(error, message);
}

void ChatSession::endConnection(EndReason reason)
{
    dropSocket(false);
    clearMembers();
    m_endReason = reason;
    // Kicked, ServerShutdown and UserQuit have already cleared m_autoReconnect.
    const bool retry = m_autoReconnect;
    int seconds = -1;
    if (retry)
        seconds = scheduleReconnect();
    else
        setState(State::Disconnected);
    Q_EMIT disconnected(reason);
    if (retry && m_state == State::Reconnecting)
        Q_EMIT reconnectScheduled(seconds);
}

int ChatSession::scheduleReconnect()
{
    const double base = qMin(double(m_timing.reconnectMaxMs),
                             m_timing.reconnectInitialMs * std::pow(2.0, m_reconnectAttempt));
    // Jitter keeps a room full of clients from all knocking at the same instant when
    // the server comes back.
    const double spread =
        m_timing.reconnectJitter * (2.0 * QRandomGenerator::global()->generateDouble() - 1.0);
    const int delayMs = qMax(0, int(std::lround(base * (1.0 + spread))));
    m_reconnectAttempt = qMin(m_reconnectAttempt + 1, 30);
    m_reconnectTimer.start(delayMs);
    setState(State::Reconnecting);
    return int(std::ceil(delayMs / 1000.0));
}

void ChatSession::send(const Protocol::Message &message)
{
    if (!isConnected())
        return;
    m_socket->write(Protocol::MessageCodec::encodeFrame(message));
    // The server counts silence from what we send, so every frame restarts the wait.
    m_pingTimer.start(m_timing.pingIdleMs);
    // The server answers every frame we send (Welcome or Rejected, Chat or Notice, Pong);
    // the first unanswered one starts the watchdog, later ones do not extend it.
    if (!m_pongTimer.isActive())
        m_pongTimer.start(m_timing.pongTimeoutMs);
}

void ChatSession::sendHello()
{
    send(Protocol::Hello {Protocol::Version, m_requestedName});
}

void ChatSession::handle(const Protocol::Message &message)
{
    if (const auto *welcome = std::get_if<Protocol::Welcome>(&message)) {
        handleWelcome(*welcome);
    } else if (const auto *members = std::get_if<Protocol::Members>(&message)) {
        handleMembers(*members);
    } else if (const auto *rejected = std::get_if<Protocol::Rejected>(&message)) {
        handleRejected(*rejected);
    } else if (const auto *notice = std::get_if<Protocol::Notice>(&message)) {
        Q_EMIT noticeReceived(notice->code, notice->detail);
    } else if (const auto *error = std::get_if<Protocol::Error>(&message)) {
        handleError(*error);
    } else if (std::holds_alternative<Protocol::Joined>(message)
               || std::holds_alternative<Protocol::Left>(message)
               || std::holds_alternative<Protocol::Chat>(message)
               || std::holds_alternative<Protocol::Broadcast>(message)) {
        handleRoomEvent(message);
    }
    // Pong needs nothing: the Ping only keeps the connection alive. Client-to-server
    // types from a confused server are ignored like unknown ones.
}

void ChatSession::handleWelcome(const Protocol::Welcome &welcome)
{
    if (m_state != State::Joining || m_welcomePending)
        return;
    m_nickname = welcome.nickname;
    m_roomTitle = welcome.room;
    m_welcomeSeq = welcome.seq;
    m_expectedMembers = welcome.memberCount;
    m_pendingMembers.clear();
    m_welcomePending = true;
    if (m_expectedMembers == 0) // the count includes us, so this is a server bug; do not hang
        finishJoin();
}

void ChatSession::handleMembers(const Protocol::Members &members)
{
    if (!m_welcomePending)
        return;
    m_pendingMembers += members.names;
    if (quint32(m_pendingMembers.size()) >= m_expectedMembers)
        finishJoin();
}

void ChatSession::handleRejected(const Protocol::Rejected &message)
{
    if (m_state != State::Joining)
        return;
    const QTcpSocket *socket = m_socket;
    switch (message.reason) {
    case Protocol::RejectReason::NameTaken:
    case Protocol::RejectReason::NameInvalid:
    case Protocol::RejectReason::NameReserved:
        // The connection stays open for another Hello, but only the user can choose the
        // name, so nothing is retried on our own from here on.
        m_autoReconnect = false;
        Q_EMIT rejected(message.reason, message.detail);
        return;
    case Protocol::RejectReason::VersionUnsupported:
        m_autoReconnect = false; // asking again cannot help
        break;
    case Protocol::RejectReason::RoomFull:
        break; // a place may free up: a reconnecting session keeps trying
    }
    Q_EMIT rejected(message.reason, message.detail);
    // The server closes after these; a slot may already have moved on to a new connection.
    if (m_socket && m_socket == socket)
        endConnection(EndReason::ServerError);
}

void ChatSession::handleError(const Protocol::Error &error)
{
    EndReason reason = EndReason::ServerError;
    if (error.code == Protocol::ErrorCode::Kicked) {
        reason = EndReason::Kicked;
        m_autoReconnect = false;
    } else if (error.code == Protocol::ErrorCode::ServerShutdown) {
        reason = EndReason::ServerShutdown;
        m_autoReconnect = false;
    }
    const QTcpSocket *socket = m_socket;
    Q_EMIT errorReceived(error.code, error.detail);
    // The server closes after an Error; there is nothing left to wait for.
    if (m_socket && m_socket == socket)
        endConnection(reason);
}

void ChatSession::handleRoomEvent(const Protocol::Message &message)
{
    // The protocol sends no room event before the last Members frame.
    if (m_state != State::Joined)
        return;
    RoomEvent event;
    if (const auto *joined = std::get_if<Protocol::Joined>(&message)) {
        event.kind = RoomEvent::Kind::Joined;
        event.seq = joined->seq;
        event.atMs = joined->atMs;
        event.nickname = joined->nickname;
        addMember(joined->nickname);
    } else if (const auto *left = std::get_if<Protocol::Left>(&message)) {
        event.kind = RoomEvent::Kind::Left;
        event.seq = left->seq;
        event.atMs = left->atMs;
        event.nickname = left->nickname;
        event.leaveReason = left->reason;
        removeMember(left->nickname);
    } else if (const auto *chat = std::get_if<Protocol::Chat>(&message)) {
        event.kind = RoomEvent::Kind::Chat;
        event.seq = chat->seq;
        event.atMs = chat->atMs;
        event.nickname = chat->from;
        event.text = chat->text;
        event.own = isOwn(chat->from);
    } else if (const auto *broadcast = std::get_if<Protocol::Broadcast>(&message)) {
        event.kind = RoomEvent::Kind::Broadcast;
        event.seq = broadcast->seq;
        event.atMs = broadcast->atMs;
        event.text = broadcast->text;
    }
    addEvent(event);
}

void ChatSession::finishJoin()
{
    m_welcomePending = false;
    m_members = std::exchange(m_pendingMembers, {});
    m_memberKeys.clear();
    m_memberKeys.reserve(m_members.size());
    for (const QString &name : std::as_const(m_members))
        m_memberKeys.insert(Nickname::key(name));
    m_ownKey = Nickname::key(m_nickname);
    // A reconnect asks for the name the server accepted, not the one typed.
    m_requestedName = m_nickname;
    m_autoReconnect = true;
    m_reconnectAttempt = 0;
    m_endReason = EndReason::None;

    RoomEvent own;
    own.kind = RoomEvent::Kind::Joined;
    own.seq = m_welcomeSeq;
    own.atMs = QDateTime::currentMSecsSinceEpoch(); // Welcome carries no time
    own.nickname = m_nickname;
    own.own = true;
    setState(State::Joined);
    Q_EMIT membersReset(m_members);
    Q_EMIT membersChanged(m_members);
    addEvent(own);
    Q_EMIT joined(m_nickname, m_roomTitle);
}

void ChatSession::addEvent(const RoomEvent &event)
{
    m_events.append(event);
    const qsizetype excess = m_events.size() - qMax(1, m_timing.maxEvents);
    if (excess > 0)
        m_events.remove(0, excess);
    Q_EMIT eventAdded(event);
}

void ChatSession::addMember(const QString &name)
{
    // The set rather than a scan of the list: a room of 10000 rejoining after a restart
    // is 10000 Joined events, and each must not cost a pass over everyone.
    const QString key = Nickname::key(name);
    if (m_memberKeys.contains(key))
        return;
    m_memberKeys.insert(key);
    m_members.append(name);
    Q_EMIT memberAdded(name);
    Q_EMIT membersChanged(m_members);
}

void ChatSession::removeMember(const QString &name)
{
    const QString key = Nickname::key(name);
    if (!m_memberKeys.remove(key))
        return;
    // The server echoes names as it accepted them, so the exact match is the usual one.
    qsizetype index = m_members.indexOf(name);
    for (qsizetype i = 0; index < 0 && i < m_members.size(); ++i) {
        if (Nickname::key(m_members.at(i)) == key)
            index = i;
    }
    if (index < 0)
        return;
    const QString stored = m_members.takeAt(index);
    Q_EMIT memberRemoved(int(index), stored);
    Q_EMIT membersChanged(m_members);
}

void ChatSession::clearMembers()
{
    m_memberKeys.clear();
    if (m_members.isEmpty())
        return;
    m_members.clear();
    Q_EMIT membersReset(m_members);
    Q_EMIT membersChanged(m_members);
}

void ChatSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

bool ChatSession::isOwn(const QString &name) const
{
    return !m_ownKey.isEmpty() && Nickname::key(name) == m_ownKey;
}

bool ChatSession::isConnected() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}
