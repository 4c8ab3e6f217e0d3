#include "chatserver.h"

#include "clientconnection.h"
#include "descriptorlimit.h"
#include "memoryroomlog.h"
#include "nickname.h"
#include "protocol/framewriter.h"
#include "servercertificate.h"
#include "wiredetail.h"

#include <QLocalSocket>
#include <QTcpSocket>
#include <QtEndian>

#include <limits>

#if CHATROOM_HAS(linux_api)
#include <unistd.h>
#endif

using Protocol::ErrorCode;
using Protocol::Layout;
using Protocol::LeaveReason;
using Protocol::MessageCodec;
using Protocol::NoticeCode;
using Protocol::RejectReason;

namespace {

qsizetype maxPayloadOf(const ServerConfig &config)
{
    return qMin<qsizetype>(config.maxFrameSize, Protocol::MaxFrameSize);
}

// Refused connections are summarized once per connection window, and at least once a
// minute.
std::chrono::milliseconds refusedWindowOf(const ServerConfig &config)
{
    const qint64 window = config.newConnectionWindow.count();
    return std::chrono::milliseconds(window > 0 ? qMin<qint64>(window, 60'000) : 10'000);
}

// Constant time in the length of the secret, so a guess learns nothing from the time an
// answer takes.
bool passwordMatches(const QString &given, const QString &expected)
{
    const QByteArray a = given.toUtf8();
    const QByteArray b = expected.toUtf8();
    unsigned char difference = a.size() == b.size() ? 0 : 1;
    for (qsizetype i = 0; i < b.size(); ++i)
        difference |= static_cast<unsigned char>(b.at(i) ^ (i < a.size() ? a.at(i) : 0));
    return difference == 0;
}

} // namespace

ChatServer::ChatServer(const ServerConfig &config, QObject *parent)
    : ChatServer(config, std::make_unique<MemoryRoomLog>(), parent)
{
}

ChatServer::ChatServer(const ServerConfig &config, std::unique_ptr<RoomLog> log, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_log(std::move(log))
    , m_history(*m_log, config.historyMax, maxPayloadOf(config))
    , m_room(config.maxMembers)
    , m_limits(config)
    , m_refused(refusedWindowOf(config))
{
    m_room.setLastSeq(m_log->lastSeq());
    connect(&m_listener, &TcpListener::accepted, this, &ChatServer::onAccepted);
#if CHATROOM_HAS(linux_api)
    // --sender device keeps the QTcpSocket, written through QIODevice.
    m_listener.setAcceptsBare(config.directSend);
    connect(&m_listener, &TcpListener::acceptedDescriptor, this, &ChatServer::onAcceptedDescriptor);
#endif
    connect(&m_tlsListener, &TlsListener::accepted, this, &ChatServer::onAccepted);
    connect(&m_localListener, &LocalListener::accepted, this, &ChatServer::onLocalAccepted);
    connect(&m_listener, &TcpListener::acceptFailed, this, [this](int error) {
        ServerNotice notice;
        notice.kind = ServerNotice::Kind::AcceptPaused;
        notice.code = quint8(error);
        notify(notice);
    });
    connect(&m_notices, &NoticeAggregator::noticeReady, this, &ChatServer::serverNotice);
    connect(&m_bans, &BanList::changed, this, &ChatServer::bansChanged);
    connect(&m_refused, &RefusedConnections::report, this, &ChatServer::serverNotice);
    m_clock.start();
    connect(&m_resume, &ResumeTable::graceExpired, this, &ChatServer::onGraceExpired);
}

QDateTime ChatServer::timeOf(qint64 atMs)
{
    return QDateTime::fromMSecsSinceEpoch(atMs);
}

ChatServer::ChatServer(const ServerConfig &config, std::unique_ptr<RoomLog> cache,
                       SharedRoom *shared, QObject *parent)
    : ChatServer(config, std::move(cache), parent)
{
    Q_ASSERT(shared && shared->epoch() == m_log->epoch());
    m_shared = shared;
    // The room's history from before this server came, into the cache before any event
    // read (those follow it, with no gap and nothing twice): join history, paging back
    // and resume then reach as far back as on a server that read it all. Here, beside
    // the members of the same moment, rather than in ServerStartup: every server on a
    // shared room (the window, chatroom-serverd, the tests) fills its cache one way.
    const QList<RoomLog::Event> backfill = shared->takeBackfill();
    for (const RoomLog::Event &event : backfill)
        m_log->append(event);
    m_log->commit();
    for (const SharedRoom::Member &member : shared->snapshot())
        m_room.addMember({member.name, member.key, member.joinSeq, member.joinedAtMs});
    m_room.setLastSeq(shared->snapshotSeq());
    connect(shared, &SharedRoom::eventsRead, this, &ChatServer::onSharedEvents);
    connect(shared, &SharedRoom::availabilityChanged, this, [this](bool available) {
        if (available)
            onSharedRoomBack();
    });
    connect(shared, &SharedRoom::membersOrphaned, this, &ChatServer::onMembersOrphaned);
    connect(shared, &SharedRoom::epochChanged, this, &ChatServer::onSharedEpochChanged);
}

ChatServer::~ChatServer()
{
    // The connections are children and die in ~QObject, after the containers below;
    // nothing they report on the way may reach this half-destroyed server.
    const auto connections = findChildren<ClientConnection *>(Qt::FindDirectChildrenOnly);
    for (ClientConnection *connection : connections)
        connection->setHandler(nullptr);
    // Now, not in ~QObject: a bare descriptor's connection leaves the listener's poller.
    qDeleteAll(connections);
    m_log->commit();
}

bool ChatServer::listen()
{
    if (m_listener.listen(m_config.listenAddress, m_config.port)) {
        if (!listenTls() || !listenLocal()) {
            m_listener.close();
            m_tlsListener.close();
            return false;
        }
        m_errorString.clear();
        m_descriptorLimit = DescriptorLimit::raiseToHardLimit();
        // Past what the descriptors hold, a Hello gets RoomFull rather than a hang in the
        // kernel's queue.
        const int fit = DescriptorLimit::membersWithin(
            m_descriptorLimit, DescriptorLimit::openCount(), m_config.maxUnjoined);
        m_room.setMaxMembers(qMax(1, qMin(m_config.maxMembers, fit)));
        return true;
    }
    m_errorString = m_listener.errorString();
    m_failedPort = m_config.port;
    return false;
}

bool ChatServer::listenTls()
{
    if (!m_config.tls || m_tlsListener.listen(m_config))
        return true;
    m_errorString = m_tlsListener.errorString();
    m_failedPort = m_config.tlsPort;
    return false;
}

bool ChatServer::listenLocal()
{
    if (m_config.localName.isEmpty() || m_localListener.listen(m_config.localName))
        return true;
    m_errorString = m_localListener.errorString();
    m_failedPort = 0;
    return false;
}

QString ChatServer::tlsFingerprint() const
{
    return ServerCertificate::fingerprint(m_config.tlsCertificate.value_or(QSslCertificate()));
}

QList<MemberInfo> ChatServer::members() const
{
    QList<MemberInfo> infos;
    infos.reserve(m_room.memberCount());
    for (const Room::Member &member : m_room.members()) {
        if (const ClientConnection *connection = m_members.value(member.key)) {
            infos.append(infoFor(connection));
        } else if (const ResumeTable::Seat *seat = m_resume.seat(member.key)) {
            MemberInfo info {member.name, QHostAddress(seat->address), 0,
                             timeOf(seat->member.joinedAtMs), seat->member.messagesSent};
            info.detached = true;
            infos.append(info);
        } else if (m_shared) {
            // Another server's member: the room (and every joining client's member list)
            // has it, so the administrator's view has it too.
            infos.append(infoForRemote(member));
        }
    }
    return infos;
}

std::optional<MemberInfo> ChatServer::member(const QString &name) const
{
    const QString key = Nickname::key(name);
    if (const ClientConnection *connection = m_members.value(key))
        return infoFor(connection);
    if (const ResumeTable::Seat *seat = m_resume.seat(key)) {
        MemberInfo info {seat->member.nickname, QHostAddress(seat->address), 0,
                         timeOf(seat->member.joinedAtMs), seat->member.messagesSent};
        info.detached = true;
        return info;
    }
    if (const Room::Member *remote = m_shared ? m_room.memberByKey(key) : nullptr)
        return infoForRemote(*remote);
    return std::nullopt;
}

bool ChatServer::kick(const QString &name)
{
    const QString key = Nickname::key(name);
    if (ClientConnection *connection = m_members.value(key)) {
        fail(connection, ErrorCode::Kicked, LeaveReason::Kicked);
    } else if (m_resume.isDetached(key)) {
        m_resume.remove(key);
        m_resume.revoke(key);
        removeMemberByKey(key, LeaveReason::Kicked);
    } else if (const Room::Member *remote = m_shared ? m_room.memberByKey(key) : nullptr) {
        // Another server's member: its server closes the connection when it reads the
        // Left (memberRemovedElsewhere).
        leaveShared(key, remote->name, LeaveReason::Kicked, SharedRoom::ReleaseMode::Any);
    } else {
        return false;
    }
    dropSlowMembers();
    return true;
}

std::optional<BanList::Ban> ChatServer::ban(const QString &name, std::chrono::milliseconds duration,
                                            bool withAddress)
{
    QHostAddress address;
    const std::optional<MemberInfo> info = member(name);
    if (info && withAddress)
        address = info->address;
    // The member's own spelling: the list shows the name the administrator clicked on.
    const BanList::Ban added = m_bans.add(info ? info->name : name, address, duration);
    if (added.id == 0)
        return std::nullopt;
    // Banned first: a client that reconnects the moment it is kicked finds the door shut.
    if (info)
        kick(info->name);
    return added;
}

bool ChatServer::unban(quint64 id)
{
    return m_bans.remove(id);
}

bool ChatServer::refuseBannedName(ClientConnection *connection, const QString &requestedName)
{
    // Only a name that passes every other rule: an invalid one is NameInvalid first, as
    // the spec orders the checks, and a reserved one is NameReserved anyway.
    if (Nickname::check(requestedName) != Nickname::Verdict::Ok
        || !m_bans.isKeyBanned(Nickname::key(Nickname::normalized(requestedName))))
        return false;
    // No code of its own on the wire: a banned name is a name reserved in this room.
    answer(connection,
           connection->isJoined()
               ? MessageCodec::encodeFrame(Protocol::Notice {
                   NoticeCode::NameReserved, WireDetail::of(NoticeCode::NameReserved)})
               : MessageCodec::encodeFrame(Protocol::Rejected {
                   RejectReason::NameReserved, WireDetail::of(RejectReason::NameReserved)}));
    ServerNotice notice = noticeFor(connection, ServerNotice::Kind::NameBanned, 0);
    notice.nickname = requestedName;
    notify(notice);
    return true;
}

bool ChatServer::broadcast(const QString &text)
{
    if (m_shuttingDown)
        return false;
    if (m_shared) {
        const std::optional<Protocol::Broadcast> event = m_room.checkBroadcast(text);
        return event && broadcastShared(*event);
    }
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
    // The counts owed go out before the room does: the log's last lines are complete.
    m_notices.flush();
    m_refused.flush();
    m_listener.close();
    m_tlsListener.close();
    m_localListener.close();
    if (m_shared) {
        // The shared room stays: this server's members leave it, attached or detached.
        for (const Room::Member &member : m_room.members()) {
            if (m_members.contains(member.key) || m_resume.isDetached(member.key))
                leaveShared(member.key, member.name, LeaveReason::ConnectionLost);
        }
    }
    const bool hadMembers = m_room.memberCount() > 0;
    // The room goes away as a whole: every connection learns why from the Error, so no
    // Left is sent for anyone.
    m_room.clear();
    m_resume.clear();
    m_membersFramesValid = false;
    m_members.clear();
    m_tooSlow.clear();
    m_log->commit();
    const QByteArray frame = MessageCodec::encodeFrame(
        Protocol::Error {ErrorCode::ServerShutdown, WireDetail::of(ErrorCode::ServerShutdown)});
    const auto connections = m_connections.values();
    for (ClientConnection *connection : connections)
        connection->close(frame);
    if (hadMembers)
        emit memberCountChanged(0);
    if (m_connections.isEmpty()) {
        QMetaObject::invokeMethod(this, &ChatServer::finishShutdownWhenDone, Qt::QueuedConnection);
    }
}

void ChatServer::setClock(Room::Clock clock)
{
    m_room.setClock(std::move(clock));
}

void ChatServer::onAccepted(QTcpSocket *socket)
{
    if (!mayConnect(socket->peerAddress())) {
        // Nothing is read from it and nothing sent: the descriptor goes back at once.
        socket->abort();
        socket->deleteLater();
        return;
    }
    admitConnection(new ClientConnection(socket, m_config, this));
}

void ChatServer::onAcceptedDescriptor(int descriptor)
{
#if CHATROOM_HAS(linux_api)
    const std::optional<PeerSocket::Endpoint> peer = PeerSocket::peerOf(descriptor);
    // Gone already, or banned or over a limit: nothing is read from it and nothing sent,
    // so the descriptor goes back at once.
    if (!peer || !mayConnect(peer->address)) {
        ::close(descriptor);
        return;
    }
    admitConnection(new ClientConnection(descriptor, peer->address, peer->port, m_listener.poller(),
                                         m_config, this));
#else
    Q_UNUSED(descriptor);
#endif
}

void ChatServer::onLocalAccepted(QLocalSocket *socket)
{
    // A peer on this machine: as loopback for the limits and bans (PeerSocket).
    if (!mayConnect(QHostAddress(QHostAddress::LocalHost))) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    admitConnection(new ClientConnection(socket, m_config, this));
}

bool ChatServer::mayConnect(const QHostAddress &address)
{
    // A banned address is shut out before anything is read, and takes no place in the
    // per-address windows of those who may come in.
    if (m_bans.isAddressBanned(address)) {
        m_refused.add(address, ServerNotice::Kind::ConnectionBanned, 0);
        return false;
    }
    const ConnectionLimits::Verdict verdict = m_limits.admit(address, m_clock.elapsed());
    if (verdict != ConnectionLimits::Verdict::Admit) {
        m_refused.add(address, ServerNotice::Kind::ConnectionRefused, quint8(verdict));
        return false;
    }
    return true;
}

void ChatServer::admitConnection(ClientConnection *connection)
{
    watch(connection);
    // A flood of idle connections never keeps a real member out: the oldest one that has
    // not joined makes way.
    if (ClientConnection *oldest = m_limits.addUnjoined(connection, connection->peerAddress())) {
        m_limits.unjoinedEnded(oldest);
        m_refused.add(oldest->peerAddress(), ServerNotice::Kind::ConnectionEvicted, 0);
        oldest->abort();
    }
}

void ChatServer::watch(ClientConnection *connection)
{
    m_connections.insert(connection);
    connection->setHandler(this);
}

void ChatServer::onUnknownType(ClientConnection *connection, quint8 /*type*/)
{
    if (checkControl(connection) == FloodGate::Verdict::Pass)
        refuse(connection, NoticeCode::UnknownType);
    dropSlowMembers();
}

void ChatServer::onProtocolError(ClientConnection *connection, ErrorCode code)
{
    fail(connection, code, LeaveReason::ProtocolError);
    dropSlowMembers();
}

void ChatServer::onHelloTimeout(ClientConnection *connection)
{
    fail(connection, ErrorCode::HelloTimeout, LeaveReason::TimedOut);
    dropSlowMembers();
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
        // At once, not behind a shared room's answers (answer()): a Pong says the server
        // lives, and while Redis is away those answers can wait as long.
        if (checkControl(connection) == FloodGate::Verdict::Pass)
            sendTo(connection, MessageCodec::encodeFrame(Protocol::Pong {ping->token}));
    } else if (const auto *resume = std::get_if<Protocol::Resume>(&message)) {
        handleResume(connection, *resume);
    } else if (const auto *request = std::get_if<Protocol::HistoryRequest>(&message)) {
        handleHistoryRequest(connection, *request);
    } else if (const auto *rename = std::get_if<Protocol::Rename>(&message)) {
        handleRename(connection, *rename);
    }
    dropSlowMembers();
}

bool ChatServer::admit(ClientConnection *connection, const Protocol::Hello &hello)
{
    if (hello.version != Protocol::Version) {
        reject(connection, RejectReason::VersionUnsupported, hello.nickname);
        connection->close();
        return false;
    }
    // A 1.0 Hello carries no password, so it is refused the same way: the one 1.1 code
    // a 1.0 client can receive.
    if (!m_config.password.isEmpty() && !passwordMatches(hello.password, m_config.password)) {
        reject(connection, RejectReason::PasswordRequired, hello.nickname);
        connection->close();
        return false;
    }
    return true;
}

void ChatServer::handleHello(ClientConnection *connection, const Protocol::Hello &hello)
{
    if (connection->state() != ClientConnection::State::AwaitingHello)
        return; // a member's second Hello is ignored
    if (!admit(connection, hello))
        return;
    // Where the spec has the reserved names: after validity, before taken.
    if (refuseBannedName(connection, hello.nickname)) {
        awaitAnotherHello(connection);
        return;
    }
    if (m_shared) {
        joinShared(connection, hello);
        return;
    }
    const Room::JoinResult result = m_room.join(hello.nickname);
    if (!result.accepted()) {
        rejectHello(connection, *result.rejection, hello.nickname);
        return;
    }
    welcome(connection, hello, result.event);
    // The new member's own join is its Welcome, so it gets no Joined.
    publish(result.event, connection);
    emit memberJoined(result.event.nickname, connection->peerAddress(), timeOf(result.event.atMs));
    emit memberCountChanged(m_room.memberCount());
}

void ChatServer::rejectHello(ClientConnection *connection, RejectReason reason,
                             const QString &nickname)
{
    reject(connection, reason, nickname);
    if (reason == RejectReason::RoomFull)
        connection->close();
    else
        awaitAnotherHello(connection);
}

void ChatServer::welcome(ClientConnection *connection, const Protocol::Hello &hello,
                         const Protocol::Joined &joined)
{
    const QString key = Nickname::key(joined.nickname);
    MemberState member;
    member.nickname = joined.nickname;
    member.key = key;
    member.joinedAtMs = joined.atMs;
    member.welcomeSeq = joined.seq;
    member.layout = hello.minor >= 1 ? Layout::V1_1 : Layout::V1_0;
    m_members.insert(key, connection);
    connection->markJoined(member);
    m_limits.unjoinedEnded(connection);

    Protocol::Welcome welcome {joined.nickname, m_config.roomTitle, joined.seq,
                               quint32(m_room.memberCount())};
    if (member.isV11()) {
        welcome.roomEpoch = m_log->epoch();
        if (m_config.resumeGrace.count() > 0) {
            welcome.resumeToken = m_resume.issue(key);
            welcome.resumeGraceMs = quint32(m_config.resumeGrace.count());
            // Kept in the shared room too, so the member can resume on another server.
            if (m_shared)
                m_shared->storeToken(key, joined.seq, welcome.resumeToken);
        }
    }
    sendTo(connection, MessageCodec::encodeFrame(welcome, member.layout));
    for (const QByteArray &frame : membersFrames(joined.nickname))
        sendTo(connection, frame);
    // The past before any live event: the History batch goes out before the Joined below
    // reaches anyone, and this member's live events follow it in its queue.
    for (const QByteArray &frame : m_history.joinFrames(hello, joined.seq))
        sendTo(connection, frame);
}

void ChatServer::handleSay(ClientConnection *connection, const Protocol::Say &say)
{
    if (!connection->isJoined()) {
        fail(connection, ErrorCode::NotJoined, LeaveReason::ProtocolError);
        return;
    }
    MemberState &member = connection->member();
    // A 1.0 Say has no id, whatever bytes a 1.0 client may append to it.
    const quint64 clientId = member.isV11() ? say.clientId : 0;
    if (clientId != 0) {
        // Sent again after a resume, or twice by a confused client: once is enough.
        if (clientId <= member.lastClientId)
            return;
        member.lastClientId = clientId;
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
    const Room::SayResult result =
        m_shared ? m_room.checkSay(member.key, say.text) : m_room.sayByKey(member.key, say.text);
    if (const auto *error = std::get_if<Room::SayError>(&result)) {
        refuse(connection,
               *error == Room::SayError::TextTooLong ? NoticeCode::TextTooLong
                                                     : NoticeCode::TextEmpty);
        return;
    }
    Protocol::Chat chat = std::get<Protocol::Chat>(result);
    chat.clientId = clientId;
    if (m_shared) {
        sayShared(connection, chat);
        return;
    }
    ++m_messagesRelayed;
    const quint64 sent = connection->countMessageSent();
    publish(chat);
    emit chatMessage(chat.from, chat.text, timeOf(chat.atMs));
    emit messagesSentChanged(chat.from, sent);
}

void ChatServer::handleRename(ClientConnection *connection, const Protocol::Rename &rename)
{
    if (!connection->isJoined()) {
        fail(connection, ErrorCode::NotJoined, LeaveReason::ProtocolError);
        return;
    }
    // Each granted rename is two room events: it is rate limited like a Say.
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
    const QString oldName = connection->nickname();
    if (refuseBannedName(connection, rename.nickname))
        return;
    const Room::RenameResult result = m_shared ? m_room.checkRename(oldName, rename.nickname)
                                               : m_room.rename(oldName, rename.nickname);
    if (result.refusal) {
        refuse(connection, *result.refusal);
        return;
    }
    if (result.unchanged)
        return;
    if (m_shared) {
        renameShared(connection, result);
        return;
    }
    const QString oldKey = connection->member().key;
    const QString newKey = Nickname::key(result.joined.nickname);
    m_members.remove(oldKey);
    m_members.insert(newKey, connection);
    m_resume.rekey(oldKey, newKey);
    connection->member().nickname = result.joined.nickname;
    connection->member().key = newKey;
    m_membersFramesValid = false;
    // Everyone sees both events, the renamer included: its own new name arrives as the
    // Joined with formerName.
    publish(result.left);
    publish(result.joined);
    emit memberRenamed(oldName, result.joined.nickname, timeOf(result.joined.atMs));
}

void ChatServer::handleHistoryRequest(ClientConnection *connection,
                                      const Protocol::HistoryRequest &request)
{
    if (!connection->isJoined()) {
        fail(connection, ErrorCode::NotJoined, LeaveReason::ProtocolError);
        return;
    }
    switch (checkControl(connection)) {
    case FloodGate::Verdict::Pass:
        break;
    case FloodGate::Verdict::SlowDown:
        refuse(connection, NoticeCode::SlowDown);
        return;
    case FloodGate::Verdict::Flooding:
        return;
    }
    if (!m_history.isEnabled()) {
        refuse(connection, NoticeCode::HistoryUnavailable);
        return;
    }
    // The answer goes through this member's own queue, so other members' live events
    // published in the same pass may arrive before or after it (the spec allows both);
    // the answers to this member's earlier requests come first.
    for (const QByteArray &frame : m_history.replyFrames(request))
        answer(connection, frame);
}

FloodGate::Verdict ChatServer::checkControl(ClientConnection *connection)
{
    const FloodGate::Verdict verdict = connection->checkControlFlood();
    if (verdict == FloodGate::Verdict::Flooding)
        fail(connection, ErrorCode::Flooding, LeaveReason::Flooding);
    return verdict;
}

void ChatServer::onClosed(ClientConnection *connection)
{
    m_connections.remove(connection);
    m_answerOrders.remove(connection);
    m_limits.unjoinedEnded(connection);
    m_listener.descriptorFreed();
    if (canDetach(connection))
        detach(connection, LeaveReason::ConnectionLost);
    else
        removeMember(connection, LeaveReason::ConnectionLost);
    dropSlowMembers();
    m_joining.remove(connection);
    if (m_shuttingDown && m_connections.isEmpty())
        finishShutdownWhenDone();
}

void ChatServer::refuse(ClientConnection *connection, NoticeCode code)
{
    answer(connection, MessageCodec::encodeFrame(Protocol::Notice {code, WireDetail::of(code)}));
    notify(noticeFor(connection, ServerNotice::Kind::MessageRefused, quint8(code)));
}

void ChatServer::reject(ClientConnection *connection, RejectReason reason, const QString &nickname)
{
    sendTo(connection,
           MessageCodec::encodeFrame(Protocol::Rejected {reason, WireDetail::of(reason)}));
    ServerNotice notice = noticeFor(connection, ServerNotice::Kind::NameRejected, quint8(reason));
    notice.nickname = nickname;
    notify(notice);
}

void ChatServer::fail(ClientConnection *connection, ErrorCode code, LeaveReason reason)
{
    if (connection->state() == ClientConnection::State::Closing)
        return;
    const ServerNotice notice =
        noticeFor(connection, ServerNotice::Kind::ConnectionClosed, quint8(code));
    // Out of the room first, so the others hear Left and the one leaving only its Error.
    removeMember(connection, reason);
    connection->close(MessageCodec::encodeFrame(Protocol::Error {code, WireDetail::of(code)}));
    notify(notice);
}

void ChatServer::removeMember(ClientConnection *connection, LeaveReason reason)
{
    // The map, not the connection's state, says who is in: a member leaves exactly once.
    const QString &key = connection->member().key;
    if (key.isEmpty() || m_members.value(key) != connection)
        return;
    m_members.remove(key);
    m_resume.revoke(key);
    removeMemberByKey(key, reason);
}

void ChatServer::removeMemberByKey(const QString &key, LeaveReason reason)
{
    const Room::Member *member = m_room.memberByKey(key);
    if (!member)
        return;
    if (m_shared) {
        leaveShared(key, member->name, reason);
        return;
    }
    m_membersFramesValid = false;
    const std::optional<Protocol::Left> left = m_room.leave(member->name, reason);
    if (!left)
        return;
    publish(*left);
    emit memberLeft(left->nickname, reason, timeOf(left->atMs));
    emit memberCountChanged(m_room.memberCount());
}

void ChatServer::handleResume(ClientConnection *connection, const Protocol::Resume &resume)
{
    if (connection->state() != ClientConnection::State::AwaitingHello)
        return; // like a second Hello
    const QString key =
        m_config.resumeGrace.count() > 0 ? m_resume.redeem(resume.resumeToken) : QString();
    if (key.isEmpty()) {
        // A wrong token costs like a Say, so guessing is throttled and then cut off.
        if (connection->checkFlood() == FloodGate::Verdict::Flooding) {
            fail(connection, ErrorCode::Flooding, LeaveReason::Flooding);
            return;
        }
        // Perhaps another server's member whose server is gone.
        if (m_shared && m_config.resumeGrace.count() > 0)
            resumeShared(connection, resume);
        else
            resumeFailed(connection);
        return;
    }
    ClientConnection *old = m_members.value(key);
    const ResumeTable::Seat *seat = m_resume.seat(key);
    const MemberState member = old ? old->member() : seat->member;
    // Copied: the seat is gone once removed below.
    const LeaveReason detachedFor = seat ? seat->reason : LeaveReason::ConnectionLost;
    const std::optional<QList<QByteArray>> missed = missedEvents(member, resume.lastSeq);
    // Too old, not kept, or more than the send queue holds: the seat is of no use then,
    // and the client joins afresh under the same name, asking for history.
    if (!missed) {
        if (old) {
            m_members.remove(key);
            old->abort();
        }
        m_resume.remove(key);
        m_resume.revoke(key);
        removeMemberByKey(key, detachedFor);
        resumeFailed(connection);
        return;
    }
    // The older connection, if the server has not noticed it is dead, goes at once and
    // silently: the member never left.
    if (old) {
        m_members.remove(key);
        old->abort();
    }
    m_resume.reattach(key);
    completeResume(connection, member, resume.lastSeq, *missed);
}

std::optional<QList<QByteArray>> ChatServer::missedEvents(const MemberState &member,
                                                          quint64 lastSeq) const
{
    // Every room event is at least a Left's frame: if even that many cannot fit the send
    // queue, nothing is read from the log to find out.
    constexpr qint64 SmallestEvent = Protocol::FrameHeaderSize + 1 + 8 + 8 + 4 + 1;
    const bool plausible = lastSeq >= member.welcomeSeq && lastSeq <= m_room.lastSeq()
        && qint64(qMin<quint64>(m_room.lastSeq() - lastSeq,
                                quint64(std::numeric_limits<qint64>::max())))
            <= m_config.sendQueueLimit / SmallestEvent;
    if (!plausible)
        return std::nullopt;
    std::optional<QList<QByteArray>> missed = m_history.eventsAfter(lastSeq);
    qint64 replayBytes = 0;
    for (const QByteArray &payload : missed.value_or(QList<QByteArray>()))
        replayBytes += Protocol::FrameHeaderSize + payload.size();
    if (replayBytes > m_config.sendQueueLimit)
        return std::nullopt;
    return missed;
}

void ChatServer::completeResume(ClientConnection *connection, const MemberState &member,
                                quint64 lastSeq, const QList<QByteArray> &missed)
{
    const QString &key = member.key;
    m_members.insert(key, connection);
    connection->markJoined(member);
    m_limits.unjoinedEnded(connection);
    const QByteArray token = m_resume.issue(key);
    if (m_shared) {
        if (const Room::Member *inRoom = m_room.memberByKey(key))
            m_shared->storeToken(key, inRoom->joinSeq, token);
    }
    sendTo(connection,
           MessageCodec::encodeFrame(
               Protocol::Resumed {member.nickname, lastSeq, token, member.lastClientId},
               Layout::V1_1));
    // Byte for byte the frames sent live (a resuming member joined with 1.1).
    for (const QByteArray &payload : missed)
        sendTo(connection, Protocol::FrameWriter::frame(payload));
    emit memberResumed(member.nickname, connection->peerAddress());
}

void ChatServer::resumeFailed(ClientConnection *connection)
{
    // The connection stays for a Hello, as after a refused name. Not a notice for the
    // administrator: after a restart every returning client takes this path, and the
    // Hello that follows is what matters (token guessing ends in Error{Flooding}).
    sendTo(connection,
           MessageCodec::encodeFrame(Protocol::Rejected {
               RejectReason::ResumeFailed, WireDetail::of(RejectReason::ResumeFailed)}));
    awaitAnotherHello(connection);
}

void ChatServer::awaitAnotherHello(ClientConnection *connection)
{
    if (m_config.maxRejected > 0 && connection->countRejected() >= m_config.maxRejected)
        connection->close();
    else
        connection->restartHelloTimer();
}

void ChatServer::onIdleTimeout(ClientConnection *connection)
{
    // Silence is what a half-open connection looks like: a 1.1 member keeps its seat.
    if (canDetach(connection)) {
        detach(connection, LeaveReason::TimedOut);
        connection->abort();
    } else {
        fail(connection, ErrorCode::TimedOut, LeaveReason::TimedOut);
    }
    dropSlowMembers();
}

bool ChatServer::canDetach(const ClientConnection *connection) const
{
    if (m_shuttingDown || m_config.resumeGrace.count() <= 0 || !connection->member().isV11())
        return false;
    const QString &key = connection->member().key;
    return !key.isEmpty() && m_members.value(key) == connection;
}

void ChatServer::detach(ClientConnection *connection, LeaveReason reason)
{
    const QString key = connection->member().key;
    m_members.remove(key);
    ResumeTable::Seat seat {connection->member(), reason, connection->peerAddress().toString()};
    const qint64 grace = m_config.resumeGrace.count();
    m_resume.detach(key, seat, int(qMin<qint64>(grace, std::numeric_limits<int>::max())));
    emit memberDetached(seat.member.nickname);
}

void ChatServer::onGraceExpired(const QString &key, LeaveReason reason)
{
    // Stamped now: the room learns of the leave when the grace ends.
    removeMemberByKey(key, reason);
    dropSlowMembers();
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
    const qsizetype maxPayload = maxPayloadOf(m_config);
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
    // The log holds the 1.1 payload; history and resume send exactly these bytes.
    const QByteArray payload = MessageCodec::encode(event, Layout::V1_1);
    m_log->append(RoomLog::eventOf(event, payload));
    m_logDirty = true;
    schedulePassEnd();
    fanOut(event, payload, except);
}

void ChatServer::fanOut(const Protocol::Message &event, const QByteArray &payload,
                        ClientConnection *except)
{
    // One encoding per layout, appended once to that layout's log of this event-loop
    // pass: no per-recipient copy on the hot path. Each member gets a slice of its log,
    // and its slices of one pass merge into one range, sent in one write by
    // flushQueued(). The 1.0 bytes are made only if a 1.0 member is there to read them.
    std::array<std::pair<qsizetype, qsizetype>, 2> ranges {};
    std::array<bool, 2> encoded {false, false};
    for (ClientConnection *connection : std::as_const(m_members)) {
        if (connection == except)
            continue;
        const int index = layoutIndex(connection->layout());
        QByteArray &passLog = m_passLogs[index];
        if (!encoded[index]) {
            encoded[index] = true;
            ranges[index].first = passLog.size();
            passLog.append(index == 1 ? Protocol::FrameWriter::frame(payload)
                                      : MessageCodec::encodeFrame(event, Layout::V1_0));
            ranges[index].second = passLog.size();
        }
        const bool hadShared = connection->hasShared();
        if (!connection->sendShared(&passLog, ranges[index].first, ranges[index].second))
            m_tooSlow.append(connection);
        if (!hadShared && connection->hasShared())
            scheduleFlush(connection);
    }
}

void ChatServer::schedulePassEnd()
{
    // Queued, so that everything this pass publishes (all the Say frames read from every
    // readable socket) is written to the log in one transaction and reaches each member
    // in one write on the next pass.
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        QMetaObject::invokeMethod(this, &ChatServer::flushQueued, Qt::QueuedConnection);
    }
}

void ChatServer::commitLog()
{
    if (!m_logDirty)
        return;
    m_logDirty = false;
    m_log->commit();
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

void ChatServer::answer(ClientConnection *connection, const QByteArray &frame)
{
    const auto order = m_answerOrders.find(connection);
    if (order == m_answerOrders.end() || !order->mustWait()) {
        sendTo(connection, frame);
        return;
    }
    order->queue(frame);
    if (order->heldBytes() > m_config.sendQueueLimit)
        m_tooSlow.append(connection);
}

quint64 ChatServer::expectAnswer(ClientConnection *connection)
{
    return m_answerOrders[connection].expect();
}

void ChatServer::releaseAnswers(ClientConnection *connection)
{
    const auto order = m_answerOrders.find(connection);
    if (order == m_answerOrders.end())
        return;
    const QList<QByteArray> due = order->release(m_log->lastSeq());
    if (order->isEmpty())
        m_answerOrders.erase(order);
    for (const QByteArray &frame : due)
        sendTo(connection, frame);
}

void ChatServer::scheduleFlush(ClientConnection *connection)
{
    m_queued.append(connection);
    schedulePassEnd();
}

void ChatServer::flushQueued()
{
    m_flushScheduled = false;
    // The pass's events are durable before the sockets carry them.
    m_log->commit();
    m_logDirty = false;
    const QList<QPointer<ClientConnection>> queued = std::exchange(m_queued, {});
    for (const QPointer<ClientConnection> &connection : queued) {
        if (connection)
            connection->flush();
    }
    // Every member with a slice of a log was in `queued` (a slice always schedules a
    // flush) and has sent or copied it: the logs can start over, keeping their memory
    // unless one burst made them large.
    for (QByteArray &passLog : m_passLogs) {
        if (passLog.capacity() > 1024 * 1024)
            passLog = QByteArray();
        else
            passLog.resize(0);
    }
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
    return MemberInfo {connection->nickname(),     connection->peerAddress(),
                       connection->peerPort(),     timeOf(connection->joinedAtMs()),
                       connection->messagesSent(), false,
                       connection->isLocal()};
}

MemberInfo ChatServer::infoForRemote(const Room::Member &member)
{
    MemberInfo info;
    info.name = member.name;
    info.joinedAt = timeOf(member.joinedAtMs);
    info.remote = true;
    return info;
}
