#include "chatserver.h"

#include "clientconnection.h"
#include "nickname.h"
#include "protocol/messagecodec.h"

#include <QTcpSocket>
#include <QtEndian>

using Protocol::ErrorCode;
using Protocol::LeaveReason;
using Protocol::MessageCodec;
using Protocol::NoticeCode;
using Protocol::RejectReason;

namespace {

// The detail strings travel to clients of any language; clients word the codes
// themselves, so these stay short, technical and untranslated.
QString detailFor(RejectReason reason)
{
    switch (reason) {
    case RejectReason::NameTaken:
        return QStringLiteral("name taken");
    case RejectReason::NameInvalid:
        return QStringLiteral("name invalid");
    case RejectReason::NameReserved:
        return QStringLiteral("name reserved");
    case RejectReason::VersionUnsupported:
        return QStringLiteral("version unsupported");
    case RejectReason::RoomFull:
        return QStringLiteral("room full");
    }
    return {};
}

QString detailFor(NoticeCode code)
{
    switch (code) {
    case NoticeCode::TextTooLong:
        return QStringLiteral("text too long");
    case NoticeCode::TextEmpty:
        return QStringLiteral("text empty");
    case NoticeCode::SlowDown:
        return QStringLiteral("slow down");
    case NoticeCode::UnknownType:
        return QStringLiteral("unknown type");
    }
    return {};
}

QString detailFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Malformed:
        return QStringLiteral("malformed");
    case ErrorCode::FrameTooLarge:
        return QStringLiteral("frame too large");
    case ErrorCode::NotJoined:
        return QStringLiteral("not joined");
    case ErrorCode::Kicked:
        return QStringLiteral("kicked");
    case ErrorCode::ServerShutdown:
        return QStringLiteral("server shutdown");
    case ErrorCode::TimedOut:
        return QStringLiteral("timed out");
    case ErrorCode::TooSlow:
        return QStringLiteral("too slow");
    case ErrorCode::Flooding:
        return QStringLiteral("flooding");
    case ErrorCode::HelloTimeout:
        return QStringLiteral("hello timeout");
    }
    return {};
}

QDateTime timeOf(qint64 atMs)
{
    return QDateTime::fromMSecsSinceEpoch(atMs);
}

} // namespace

ChatServer::ChatServer(const ServerConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_room(config.maxMembers)
{
    // A crowd connecting at once must not overflow the kernel's accept queue.
    m_tcpServer.setListenBacklogSize(1024);
    connect(&m_tcpServer, &QTcpServer::newConnection, this, &ChatServer::acceptConnections);
}

ChatServer::~ChatServer()
{
    // The connections are children and die in ~QObject, after the containers below;
    // nothing they emit on the way may reach this half-destroyed server.
    const auto connections = findChildren<ClientConnection *>(Qt::FindDirectChildrenOnly);
    for (ClientConnection *connection : connections)
        connection->disconnect(this);
}

bool ChatServer::listen()
{
    if (m_tcpServer.listen(m_config.listenAddress, m_config.port)) {
        m_errorString.clear();
        return true;
    }
    m_errorString = m_tcpServer.errorString();
    return false;
}

QList<MemberInfo> ChatServer::members() const
{
    QList<MemberInfo> infos;
    infos.reserve(m_room.memberCount());
    for (const Room::Member &member : m_room.members()) {
        if (const ClientConnection *connection = m_members.value(member.key))
            infos.append(infoFor(connection));
    }
    return infos;
}

std::optional<MemberInfo> ChatServer::member(const QString &name) const
{
    if (const ClientConnection *connection = m_members.value(Nickname::key(name)))
        return infoFor(connection);
    return std::nullopt;
}

bool ChatServer::kick(const QString &name)
{
    ClientConnection *connection = m_members.value(Nickname::key(name));
    if (!connection)
        return false;
    fail(connection, ErrorCode::Kicked, LeaveReason::Kicked);
    dropSlowMembers();
    return true;
}

bool ChatServer::broadcast(const QString &text)
{
    if (m_shuttingDown)
        return false;
    const std::optional<Protocol::Broadcast> event = m_room.broadcast(text);
    if (!event)
        return false;
    publish(*event);
    emit broadcastSent(event->text, timeOf(event->atMs));
    dropSlowMembers();
    return true;
}

void ChatServer::shutdown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    m_tcpServer.close();
    const bool hadMembers = m_room.memberCount() > 0;
    // The room goes away as a whole: every connection learns why from the Error, so no
    // Left is sent for anyone.
    m_room.clear();
    m_membersFramesValid = false;
    m_members.clear();
    m_tooSlow.clear();
    const QByteArray frame = MessageCodec::encodeFrame(
        Protocol::Error {ErrorCode::ServerShutdown, detailFor(ErrorCode::ServerShutdown)});
    const auto connections = m_connections.values();
    for (ClientConnection *connection : connections)
        connection->close(frame);
    if (hadMembers)
        emit memberCountChanged(0);
    if (m_connections.isEmpty()) {
        QMetaObject::invokeMethod(
            this, [this] { emit shutdownFinished(); }, Qt::QueuedConnection);
    }
}

void ChatServer::setClock(Room::Clock clock)
{
    m_room.setClock(std::move(clock));
}

void ChatServer::acceptConnections()
{
    while (QTcpSocket *socket = m_tcpServer.nextPendingConnection()) {
        auto *connection = new ClientConnection(socket, m_config, this);
        m_connections.insert(connection);
        connect(connection, &ClientConnection::messageReceived, this,
                [this, connection](const Protocol::Message &message) {
                    onMessage(connection, message);
                });
        connect(connection, &ClientConnection::unknownTypeReceived, this, [this, connection] {
            refuse(connection, NoticeCode::UnknownType);
            dropSlowMembers();
        });
        connect(connection, &ClientConnection::protocolError, this,
                [this, connection](ErrorCode code) {
                    fail(connection, code, LeaveReason::ProtocolError);
                    dropSlowMembers();
                });
        connect(connection, &ClientConnection::helloTimedOut, this, [this, connection] {
            fail(connection, ErrorCode::HelloTimeout, LeaveReason::TimedOut);
            dropSlowMembers();
        });
        connect(connection, &ClientConnection::idleTimedOut, this, [this, connection] {
            fail(connection, ErrorCode::TimedOut, LeaveReason::TimedOut);
            dropSlowMembers();
        });
        connect(connection, &ClientConnection::closed, this,
                [this, connection] { onClosed(connection); });
    }
}

void ChatServer::onMessage(ClientConnection *connection, const Protocol::Message &message)
{
    if (const auto *hello = std::get_if<Protocol::Hello>(&message)) {
        handleHello(connection, *hello);
    } else if (const auto *say = std::get_if<Protocol::Say>(&message)) {
        handleSay(connection, *say);
    } else if (std::holds_alternative<Protocol::Bye>(message)) {
        // Before joining, Bye just closes: no room event for someone never in the room.
        removeMember(connection, LeaveReason::Quit);
        connection->close();
    } else if (const auto *ping = std::get_if<Protocol::Ping>(&message)) {
        sendTo(connection, MessageCodec::encodeFrame(Protocol::Pong {ping->token}));
    }
    dropSlowMembers();
}

void ChatServer::handleHello(ClientConnection *connection, const Protocol::Hello &hello)
{
    if (connection->state() != ClientConnection::State::AwaitingHello)
        return; // a member's second Hello is ignored
    if (hello.version != Protocol::Version) {
        reject(connection, RejectReason::VersionUnsupported, hello.nickname);
        connection->close();
        return;
    }
    const Room::JoinResult result = m_room.join(hello.nickname);
    if (!result.accepted()) {
        reject(connection, *result.rejection, hello.nickname);
        if (*result.rejection == RejectReason::RoomFull)
            connection->close();
        else
            connection->restartHelloTimer();
        return;
    }

    const Protocol::Joined &joined = result.event;
    m_members.insert(Nickname::key(joined.nickname), connection);
    connection->markJoined(joined.nickname, joined.atMs);
    sendTo(connection,
           MessageCodec::encodeFrame(Protocol::Welcome {
               joined.nickname, m_config.roomTitle, joined.seq, quint32(m_room.memberCount())}));
    for (const QByteArray &frame : membersFrames(joined.nickname))
        sendTo(connection, frame);
    // The new member's own join is its Welcome, so it gets no Joined.
    publish(joined, connection);
    emit memberJoined(joined.nickname, connection->peerAddress(), timeOf(joined.atMs));
    emit memberCountChanged(m_room.memberCount());
}

void ChatServer::handleSay(ClientConnection *connection, const Protocol::Say &say)
{
    if (!connection->isJoined()) {
        fail(connection, ErrorCode::NotJoined, LeaveReason::ProtocolError);
        return;
    }
    switch (connection->checkFlood()) {
    case FloodGate::Verdict::Pass:
        break;
    case FloodGate::Verdict::SlowDown:
        refuse(connection, NoticeCode::SlowDown);
        return;
    case FloodGate::Verdict::Flooding:
        fail(connection, ErrorCode::Flooding, LeaveReason::Flooding);
        return;
    }
    const Room::SayResult result = m_room.say(connection->nickname(), say.text);
    if (const auto *error = std::get_if<Room::SayError>(&result)) {
        refuse(connection,
               *error == Room::SayError::TextTooLong ? NoticeCode::TextTooLong
                                                     : NoticeCode::TextEmpty);
        return;
    }
    const auto &chat = std::get<Protocol::Chat>(result);
    ++m_messagesRelayed;
    const quint64 sent = connection->countMessageSent();
    publish(chat);
    emit chatMessage(chat.from, chat.text, timeOf(chat.atMs));
    emit messagesSentChanged(chat.from, sent);
}

void ChatServer::onClosed(ClientConnection *connection)
{
    m_connections.remove(connection);
    removeMember(connection, LeaveReason::ConnectionLost);
    dropSlowMembers();
    if (m_shuttingDown && m_connections.isEmpty())
        emit shutdownFinished();
}

void ChatServer::refuse(ClientConnection *connection, NoticeCode code)
{
    sendTo(connection, MessageCodec::encodeFrame(Protocol::Notice {code, detailFor(code)}));
    emit serverNotice(noticeFor(connection, ServerNotice::Kind::MessageRefused, quint8(code)));
}

void ChatServer::reject(ClientConnection *connection, RejectReason reason, const QString &nickname)
{
    sendTo(connection, MessageCodec::encodeFrame(Protocol::Rejected {reason, detailFor(reason)}));
    ServerNotice notice = noticeFor(connection, ServerNotice::Kind::NameRejected, quint8(reason));
    notice.nickname = nickname;
    emit serverNotice(notice);
}

void ChatServer::fail(ClientConnection *connection, ErrorCode code, LeaveReason reason)
{
    if (connection->state() == ClientConnection::State::Closing)
        return;
    const ServerNotice notice =
        noticeFor(connection, ServerNotice::Kind::ConnectionClosed, quint8(code));
    // Out of the room first, so the others hear Left and the one leaving only its Error.
    removeMember(connection, reason);
    connection->close(MessageCodec::encodeFrame(Protocol::Error {code, detailFor(code)}));
    emit serverNotice(notice);
}

void ChatServer::removeMember(ClientConnection *connection, LeaveReason reason)
{
    // The map, not the connection's state, says who is in: a member leaves exactly once.
    const QString key = Nickname::key(connection->nickname());
    if (connection->nickname().isEmpty() || m_members.value(key) != connection)
        return;
    m_members.remove(key);
    m_membersFramesValid = false;
    const std::optional<Protocol::Left> left = m_room.leave(connection->nickname(), reason);
    if (!left)
        return;
    publish(*left);
    emit memberLeft(left->nickname, reason, timeOf(left->atMs));
    emit memberCountChanged(m_room.memberCount());
}

const QList<QByteArray> &ChatServer::membersFrames(const QString &joinedName)
{
    // Encoding the whole member list for every joiner was a third of the server's time
    // when 5000 members joined (Room::memberSlices walking the list, QDataStream writing
    // every name): O(members^2) in all. The frames are kept instead, and a join appends
    // one name; a leave rebuilds them on the next join. The slices are cut exactly as
    // Room::memberSlices() cuts them.
    if (m_membersFramesValid) {
        appendToMembersFrames(joinedName);
        return m_membersFrames;
    }
    m_membersFrames.clear();
    const QStringList names = m_room.memberNames();
    for (const QString &name : names)
        appendToMembersFrames(name);
    if (m_membersFrames.isEmpty()) // never for a join; kept for the spec's "at least one"
        m_membersFrames.append(MessageCodec::encodeFrame(Protocol::Members {}));
    m_membersFramesValid = true;
    return m_membersFrames;
}

void ChatServer::appendToMembersFrames(const QString &name)
{
    // The codec's own bytes for this one name: a Members payload of one name, less its
    // type byte and count.
    constexpr qsizetype Header = Protocol::FrameHeaderSize + 1 + 4; // length, type, count
    const QByteArray encoded =
        MessageCodec::encode(Protocol::Members {QStringList {name}}).sliced(1 + 4);
    const qsizetype maxPayload = qMin(m_config.maxFrameSize, Protocol::MaxFrameSize);
    const bool full = !m_membersFrames.isEmpty() && m_membersFrames.last().size() > Header
        && m_membersFrames.last().size() - Protocol::FrameHeaderSize + encoded.size() > maxPayload;
    if (m_membersFrames.isEmpty() || full)
        m_membersFrames.append(MessageCodec::encodeFrame(Protocol::Members {}));
    QByteArray &frame = m_membersFrames.last();
    frame.append(encoded);
    const quint32 count = qFromBigEndian<quint32>(frame.constData() + Header - 4) + 1;
    qToBigEndian<quint32>(quint32(frame.size() - Protocol::FrameHeaderSize), frame.data());
    qToBigEndian<quint32>(count, frame.data() + Header - 4);
}

void ChatServer::publish(const Protocol::Message &event, ClientConnection *except)
{
    // One encoding, appended once to the log of this event-loop pass: no per-recipient
    // copy on the hot path. Each member gets a slice of the log, and its slices of one
    // pass merge into one range, sent in one write by flushQueued().
    const QByteArray frame = MessageCodec::encodeFrame(event);
    const qsizetype from = m_passLog.size();
    m_passLog.append(frame);
    const qsizetype to = m_passLog.size();
    for (ClientConnection *connection : std::as_const(m_members)) {
        if (connection == except)
            continue;
        const bool hadShared = connection->hasShared();
        if (!connection->sendShared(&m_passLog, from, to))
            m_tooSlow.append(connection);
        if (!hadShared && connection->hasShared())
            scheduleFlush(connection);
    }
}

void ChatServer::sendTo(ClientConnection *connection, const QByteArray &frame)
{
    // Never dropped right here: that would publish a Left in the middle of another
    // event's fan-out. Every entry point calls dropSlowMembers() once it is done.
    if (!connection->send(frame))
        m_tooSlow.append(connection);
    if (connection->hasQueued())
        scheduleFlush(connection);
}

void ChatServer::scheduleFlush(ClientConnection *connection)
{
    m_queued.append(connection);
    // Queued, so that everything this pass publishes (all the Say frames read from every
    // readable socket) reaches each member in one write on the next pass.
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        QMetaObject::invokeMethod(this, &ChatServer::flushQueued, Qt::QueuedConnection);
    }
}

void ChatServer::flushQueued()
{
    m_flushScheduled = false;
    const QList<QPointer<ClientConnection>> queued = std::exchange(m_queued, {});
    for (const QPointer<ClientConnection> &connection : queued) {
        if (connection)
            connection->flush();
    }
    // Every member with a slice of the log was in `queued` (a slice always schedules a
    // flush) and has sent or copied it: the log can start over, keeping its memory
    // unless one burst made it large.
    if (m_passLog.capacity() > 1024 * 1024)
        m_passLog = QByteArray();
    else
        m_passLog.resize(0);
}

void ChatServer::dropSlowMembers()
{
    // fail() publishes a Left, which can find more slow members; the loop takes them too.
    while (!m_tooSlow.isEmpty()) {
        const QPointer<ClientConnection> connection = m_tooSlow.takeFirst();
        if (connection && connection->state() != ClientConnection::State::Closing)
            fail(connection, ErrorCode::TooSlow, LeaveReason::TooSlow);
    }
}

ServerNotice ChatServer::noticeFor(const ClientConnection *connection, ServerNotice::Kind kind,
                                   quint8 code) const
{
    return ServerNotice {kind, code, connection->nickname(), connection->peerAddress(),
                         connection->peerPort()};
}

MemberInfo ChatServer::infoFor(const ClientConnection *connection) const
{
    return MemberInfo {connection->nickname(), connection->peerAddress(), connection->peerPort(),
                       timeOf(connection->joinedAtMs()), connection->messagesSent()};
}
