// ChatServer serving a room shared with other servers (docs/scaling.md). Kept apart
// from chatserver.cpp because it is one concern with rules of its own: nothing here
// changes the room directly. A local request becomes a proposal to the SharedRoom, and
// the room (members, names, the seq) changes only when its events are read back, in the
// one order every server reads, so every server's members see the same room.
#include "chatserver.h"

#include "clientconnection.h"
#include "nickname.h"
#include "protocol/messagecodec.h"
#include "wiredetail.h"

#include <QTimer>

using Protocol::ErrorCode;
using Protocol::Layout;
using Protocol::LeaveReason;
using Protocol::MessageCodec;
using Protocol::NoticeCode;
using Protocol::RejectReason;
using namespace std::chrono_literals;

namespace {

// How often a resume is tried again while the member's server may be dead with its lease
// not yet run out.
constexpr auto AdoptRetry = 250ms;

} // namespace

void ChatServer::appendShared(const QList<SharedRoom::Append> &events, SharedRoom::AppendDone done)
{
    // Counted, so that a shutdown waits for the Lefts it proposed to be answered.
    ++m_appendsInFlight;
    m_shared->append(events, this,
                     [this, done = std::move(done)](std::optional<quint64> seq,
                                                    SharedRoom::AppendError error,
                                                    const QString &why) {
                         --m_appendsInFlight;
                         done(seq, error, why);
                         dropSlowMembers();
                         if (m_shuttingDown)
                             finishShutdownWhenDone();
                     });
}

void ChatServer::joinShared(ClientConnection *connection, const Protocol::Hello &hello)
{
    if (m_joining.contains(connection))
        return; // its first Hello is with the shared room: like a member's second Hello
    const Room::JoinResult check = m_room.checkJoin(hello.nickname);
    if (!check.accepted()) {
        rejectHello(connection, *check.rejection, hello.nickname);
        return;
    }
    const Protocol::Joined &joined = check.event;
    const QString &key = check.key;
    if (m_pendingJoins.contains(key)) {
        rejectHello(connection, RejectReason::NameTaken, hello.nickname);
        return;
    }
    m_joining.insert(connection);
    if (!m_shared->isAvailable()) {
        // Answered when the room is back (onSharedRoomBack), or closed by the hello timeout.
        m_waitingHellos.append({connection, hello});
        return;
    }
    m_pendingJoins.insert(key, {connection, hello});
    const SharedRoom::Append append {
        MessageCodec::encode(joined, Layout::V1_1), key, joined.nickname, joined.atMs, {}};
    appendShared(
        {append},
        [this, connection = QPointer(connection), hello,
         key](std::optional<quint64> seq, SharedRoom::AppendError error, const QString &) {
            if (seq)
                return; // the member is welcomed when its Joined is read (applySharedJoined)
            m_pendingJoins.remove(key);
            if (!connection || connection->state() != ClientConnection::State::AwaitingHello)
                return;
            m_joining.remove(connection);
            if (error == SharedRoom::AppendError::Taken) {
                rejectHello(connection, RejectReason::NameTaken, hello.nickname);
            } else {
                m_joining.insert(connection);
                m_waitingHellos.append({connection, hello});
            }
        });
}

void ChatServer::sayShared(ClientConnection *connection, Protocol::Chat chat)
{
    if (!m_shared->isAvailable()) {
        refuse(connection, NoticeCode::RoomUnavailable);
        return;
    }
    const quint64 ticket = expectAnswer(connection);
    appendShared({{MessageCodec::encode(chat, Layout::V1_1), {}, {}, 0, {}}},
                 [this, connection = QPointer(connection),
                  ticket](std::optional<quint64> seq, SharedRoom::AppendError, const QString &) {
                     if (!connection || !connection->isJoined())
                         return;
                     // Counted when the room took it: no lookup per message read back.
                     if (seq)
                         emit messagesSentChanged(connection->nickname(),
                                                  connection->countMessageSent());
                     answered(connection, ticket, seq, NoticeCode::RoomUnavailable);
                 });
}

void ChatServer::answered(ClientConnection *connection, quint64 ticket,
                          std::optional<quint64> lastSeq, NoticeCode refusal)
{
    const auto order = m_answerOrders.find(connection);
    if (order == m_answerOrders.end())
        return;
    if (lastSeq) {
        // Its answer is its own events, sent to everyone as they are read back.
        order->appended(ticket, *lastSeq);
    } else {
        order->failed(
            ticket, MessageCodec::encodeFrame(Protocol::Notice {refusal, WireDetail::of(refusal)}));
        notify(noticeFor(connection, ServerNotice::Kind::MessageRefused, quint8(refusal)));
    }
    releaseAnswers(connection);
}

void ChatServer::renameShared(ClientConnection *connection, const Room::RenameResult &rename)
{
    if (!m_shared->isAvailable()) {
        refuse(connection, NoticeCode::RoomUnavailable);
        return;
    }
    const MemberState &member = connection->member();
    const QString newKey = Nickname::key(rename.joined.nickname);
    // One step: nobody's event comes between the two, and the new name is claimed
    // before the old one is given up.
    const QList<SharedRoom::Append> events {
        {MessageCodec::encode(rename.left, Layout::V1_1), {}, {}, 0, member.key, {}},
        // The member's own join time in the names hash: a server that starts later (or
        // adopts the member) shows when it joined, not when it renamed.
        {MessageCodec::encode(rename.joined, Layout::V1_1),
         newKey,
         rename.joined.nickname,
         member.joinedAtMs,
         {}},
    };
    const quint64 ticket = expectAnswer(connection);
    appendShared(events,
                 [this, connection = QPointer(connection), ticket](
                     std::optional<quint64> seq, SharedRoom::AppendError error, const QString &) {
                     if (!connection || !connection->isJoined())
                         return;
                     // Answered by its Joined, the second event: a read may end between them.
                     answered(connection, ticket, seq ? std::optional(*seq + 1) : std::nullopt,
                              error == SharedRoom::AppendError::Taken
                                  ? NoticeCode::NameTaken
                                  : NoticeCode::RoomUnavailable);
                 });
}

bool ChatServer::broadcastShared(const Protocol::Broadcast &event)
{
    if (!m_shared->isAvailable())
        return false;
    // broadcastSent follows when it is read, like every server's broadcast.
    appendShared({{MessageCodec::encode(event, Layout::V1_1), {}, {}, 0, {}}},
                 [](std::optional<quint64>, SharedRoom::AppendError, const QString &) {});
    return true;
}

void ChatServer::leaveShared(const QString &key, const QString &name, LeaveReason reason,
                             SharedRoom::ReleaseMode mode)
{
    const Protocol::Left left {0, m_room.now(), name, reason};
    const SharedRoom::Append append {
        MessageCodec::encode(left, Layout::V1_1), {}, {}, 0, key, mode};
    if (!m_shared->isAvailable()) {
        m_unsentLeaves.append(append);
        return;
    }
    appendShared(
        {append},
        [this, append](std::optional<quint64> seq, SharedRoom::AppendError error, const QString &) {
            // Gone: the name was given up already (a Left whose answer was lost). Anything
            // else but success is sent again when the room is back.
            if (!seq && error != SharedRoom::AppendError::Gone)
                m_unsentLeaves.append(append);
        });
}

void ChatServer::onSharedRoomBack()
{
    const QList<SharedRoom::Append> leaves = std::exchange(m_unsentLeaves, {});
    for (const SharedRoom::Append &leave : leaves) {
        appendShared({leave},
                     [this, leave](std::optional<quint64> seq, SharedRoom::AppendError error,
                                   const QString &) {
                         if (!seq && error != SharedRoom::AppendError::Gone)
                             m_unsentLeaves.append(leave);
                     });
    }
    const QList<PendingJoin> waiting = std::exchange(m_waitingHellos, {});
    for (const PendingJoin &pending : waiting) {
        if (!pending.connection
            || pending.connection->state() != ClientConnection::State::AwaitingHello)
            continue;
        m_joining.remove(pending.connection);
        joinShared(pending.connection, pending.hello);
    }
}

void ChatServer::onSharedEvents(const QList<SharedRoom::ReadEvent> &events)
{
    for (const SharedRoom::ReadEvent &read : events) {
        m_log->append(read.record);
        m_logDirty = true;
        schedulePassEnd();
        if (const auto *joined = std::get_if<Protocol::Joined>(&read.message)) {
            applySharedJoined(read, *joined);
        } else if (const auto *left = std::get_if<Protocol::Left>(&read.message)) {
            applySharedLeft(read, *left);
        } else if (const auto *chat = std::get_if<Protocol::Chat>(&read.message)) {
            applySharedChat(read, *chat);
        } else if (const auto *broadcast = std::get_if<Protocol::Broadcast>(&read.message)) {
            m_room.setLastSeq(broadcast->seq);
            fanOut(read.message, read.record.payload, nullptr);
            emit broadcastSent(broadcast->text, timeOf(broadcast->atMs));
        }
    }
    if (!m_adoptions.isEmpty())
        retryAdoptions();
    // What waited for these events to go out first.
    if (!m_answerOrders.isEmpty()) {
        const QList<ClientConnection *> owed = m_answerOrders.keys();
        for (ClientConnection *connection : owed)
            releaseAnswers(connection);
    }
    dropSlowMembers();
}

void ChatServer::applySharedJoined(const SharedRoom::ReadEvent &read,
                                   const Protocol::Joined &joined)
{
    m_room.applyJoined(joined);
    // A rename moves the member to the end of the list: the Members frames are made
    // again. A join only adds a name at the end, as welcome() does for this server's own
    // joiner; rebuilding them for every join cost O(members) each, and O(members^2)
    // for a room filling up.
    if (!joined.formerName.isEmpty())
        m_membersFramesValid = false;
    const QString key = Nickname::key(joined.nickname);
    const PendingJoin pending = read.own ? m_pendingJoins.take(key) : PendingJoin {};
    ClientConnection *connection = pending.connection;
    if (connection && connection->state() == ClientConnection::State::AwaitingHello) {
        m_joining.remove(connection);
        welcome(connection, pending.hello, joined);
        fanOut(read.message, read.record.payload, connection);
        emit memberJoined(joined.nickname, connection->peerAddress(), timeOf(joined.atMs));
        emit memberCountChanged(m_room.memberCount());
        return;
    }
    fanOut(read.message, read.record.payload, nullptr);
    if (joined.formerName.isEmpty() && m_membersFramesValid)
        appendToMembersFrames(joined.nickname);
    const QString formerKey =
        joined.formerName.isEmpty() ? QString() : Nickname::key(joined.formerName);
    if (ClientConnection *renamed = read.own ? m_members.value(formerKey) : nullptr) {
        // This server's member renamed: it keeps its connection, seat and counts.
        m_members.remove(formerKey);
        m_members.insert(key, renamed);
        m_resume.rekey(formerKey, key);
        renamed->member().nickname = joined.nickname;
        renamed->member().key = key;
        // The token stays the member's; the room keeps it under the new name.
        const QByteArray token = m_resume.token(key);
        if (!token.isEmpty())
            m_shared->storeToken(key, joined.seq, token);
    }
    if (!joined.formerName.isEmpty()) {
        emit memberRenamed(joined.formerName, joined.nickname, timeOf(joined.atMs));
        return;
    }
    emit memberJoined(joined.nickname, QHostAddress(), timeOf(joined.atMs));
    emit memberCountChanged(m_room.memberCount());
    // Ours, but nobody is waiting for it: the connection went while the Joined was on
    // its way, or the answer was lost and the join given up. The room must not keep it.
    if (read.own && !m_members.contains(key) && !m_resume.isDetached(key))
        leaveShared(key, joined.nickname, LeaveReason::ConnectionLost);
}

void ChatServer::applySharedLeft(const SharedRoom::ReadEvent &read, const Protocol::Left &left)
{
    m_room.applyLeft(left);
    m_membersFramesValid = false;
    fanOut(read.message, read.record.payload, nullptr);
    if (left.reason == LeaveReason::Renamed)
        return; // memberRenamed follows with the Joined
    // This server's own Lefts come after the member is gone here; any other Left of one
    // of its members is the room's word, and the member goes.
    if (!read.own)
        memberRemovedElsewhere(Nickname::key(left.nickname), left.reason);
    emit memberLeft(left.nickname, left.reason, timeOf(left.atMs));
    emit memberCountChanged(m_room.memberCount());
}

void ChatServer::applySharedChat(const SharedRoom::ReadEvent &read, const Protocol::Chat &chat)
{
    m_room.setLastSeq(chat.seq);
    ++m_messagesRelayed;
    fanOut(read.message, read.record.payload, nullptr);
    emit chatMessage(chat.from, chat.text, timeOf(chat.atMs));
}

void ChatServer::memberRemovedElsewhere(const QString &key, LeaveReason reason)
{
    if (m_resume.isDetached(key)) {
        m_resume.remove(key);
        m_resume.revoke(key);
        return;
    }
    ClientConnection *connection = m_members.value(key);
    if (!connection)
        return;
    if (reason == LeaveReason::Kicked) {
        // Out of the room already, so fail() adds no Left of its own.
        fail(connection, ErrorCode::Kicked, LeaveReason::Kicked);
        return;
    }
    // Reaped while this server could not renew its lease: the client finds its seat gone
    // when it reconnects, and joins afresh.
    m_members.remove(key);
    m_resume.revoke(key);
    connection->abort();
}

void ChatServer::resumeShared(ClientConnection *connection, const Protocol::Resume &resume)
{
    if (m_joining.contains(connection))
        return; // its first Resume is with the shared room
    m_joining.insert(connection);
    m_shared->adopt(
        resume.resumeToken, this,
        [this, connection = QPointer(connection), resume](std::optional<SharedRoom::Member> member,
                                                          SharedRoom::AdoptError error) {
            if (connection)
                m_joining.remove(connection);
            const bool waiting =
                connection && connection->state() == ClientConnection::State::AwaitingHello;
            if (!member && waiting && error == SharedRoom::AdoptError::Alive) {
                // Its server may be dead with its lease not yet run out: asked again
                // until the lease says so, or the hello timeout ends the wait.
                QTimer::singleShot(AdoptRetry, this, [this, connection, resume] {
                    if (connection && connection->state() == ClientConnection::State::AwaitingHello)
                        resumeShared(connection, resume);
                });
                return;
            }
            if (!member) {
                if (waiting)
                    resumeFailed(connection);
                return;
            }
            if (!waiting) {
                // Ours now, and nobody to serve: the room must not keep it.
                leaveShared(member->key, member->name, LeaveReason::ConnectionLost);
                return;
            }
            m_adoptions.append({connection, *member, resume.lastSeq});
            retryAdoptions();
        });
}

void ChatServer::retryAdoptions()
{
    // The client may have read further than this server has yet: its resume completes
    // once this server has read as far.
    const QList<Adoption> adoptions = std::exchange(m_adoptions, {});
    for (const Adoption &adoption : adoptions) {
        const SharedRoom::Member &member = adoption.member;
        if (!adoption.connection
            || adoption.connection->state() != ClientConnection::State::AwaitingHello) {
            leaveShared(member.key, member.name, LeaveReason::ConnectionLost);
        } else if (adoption.lastSeq > m_room.lastSeq() || !m_room.memberByKey(member.key)) {
            m_adoptions.append(adoption);
        } else {
            adoptMember(adoption.connection, member, adoption.lastSeq);
        }
    }
}

void ChatServer::adoptMember(ClientConnection *connection, const SharedRoom::Member &member,
                             quint64 lastSeq)
{
    MemberState state;
    state.nickname = member.name;
    state.key = member.key;
    state.joinedAtMs = member.joinedAtMs;
    state.welcomeSeq = member.joinSeq;
    state.layout = Layout::V1_1; // only a 1.1 member has a token
    const std::optional<QList<QByteArray>> missed = missedEvents(state, lastSeq);
    if (!missed) {
        leaveShared(member.key, member.name, LeaveReason::ConnectionLost);
        resumeFailed(connection);
        return;
    }
    // The member's last Say its old server processed is unknown here; its last one in
    // the room is what the client has not seen yet among the missed events, so the
    // client sends again exactly the Says the room never took.
    for (const QByteArray &payload : *missed) {
        const Protocol::DecodeResult decoded = MessageCodec::decode(payload, Layout::V1_1);
        const auto *chat = std::get_if<Protocol::Chat>(&decoded.message);
        if (decoded.isOk() && chat && chat->from == member.name)
            state.lastClientId = chat->clientId;
    }
    completeResume(connection, state, lastSeq, *missed);
}

void ChatServer::onMembersOrphaned(const QList<SharedRoom::Member> &orphans)
{
    QHash<QString, qint64> stillOrphaned;
    const qint64 now = m_clock.elapsed();
    for (const SharedRoom::Member &orphan : orphans) {
        const qint64 since = m_orphanedSince.value(orphan.key, now);
        if (now - since < m_config.resumeGrace.count()) {
            stillOrphaned.insert(orphan.key, since);
            continue;
        }
        // Every survivor may try; the room takes the first Left and refuses the others.
        leaveShared(orphan.key, orphan.name, LeaveReason::ConnectionLost,
                    SharedRoom::ReleaseMode::Orphan);
    }
    m_orphanedSince = std::move(stillOrphaned);
}

void ChatServer::onSharedEpochChanged(const QString &, const QString &newEpoch)
{
    // The room this server served is gone (Redis came back without its data, or the
    // room's keys were deleted): nothing of it can be resumed, its seqs mean nothing in
    // the new one. As after a server restart that kept nothing, every connection hears
    // Error{ServerShutdown}; the clients come back on their own and join the new room,
    // whose Welcome carries the new epoch, so they do not take its seqs for the old ones.
    // The new room's events are read from its first, and rebuild who is in it.
    const bool cleared = m_log->startOver(newEpoch);
    Q_ASSERT_X(cleared, "ChatServer", "a shared room's cache can start over");
    const bool hadMembers = m_room.memberCount() > 0;
    // The window's table and log: everyone of the old room is gone from this one.
    const qint64 now = m_room.now();
    for (const Room::Member &member : m_room.members())
        emit memberLeft(member.name, LeaveReason::ConnectionLost, timeOf(now));
    m_room.clear();
    m_room.setLastSeq(0);
    m_resume.clear();
    m_members.clear();
    m_pendingJoins.clear();
    m_waitingHellos.clear();
    m_unsentLeaves.clear();
    m_adoptions.clear();
    m_orphanedSince.clear();
    m_joining.clear();
    m_answerOrders.clear();
    m_membersFramesValid = false;
    m_tooSlow.clear();
    const QByteArray frame = MessageCodec::encodeFrame(
        Protocol::Error {ErrorCode::ServerShutdown, WireDetail::of(ErrorCode::ServerShutdown)});
    const auto connections = m_connections.values();
    for (ClientConnection *connection : connections)
        connection->close(frame);
    if (hadMembers)
        emit memberCountChanged(0);
}

void ChatServer::finishShutdownWhenDone()
{
    if (m_shutdownFinished || !m_connections.isEmpty() || m_appendsInFlight > 0)
        return;
    m_shutdownFinished = true;
    emit shutdownFinished();
}
