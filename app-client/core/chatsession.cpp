#include "chatsession.h"

#include "inboundlimits.h"
#include "nickname.h"
#include "protocol/messagecodec.h"
#include "serverconnection.h"

#include <QDateTime>
#include <QIODevice>
#include <QRandomGenerator>

#include <cmath>

using namespace Qt::StringLiterals;

ChatSession::ChatSession(QObject *parent)
    : QObject(parent)
{
    m_connectTimer.setSingleShot(true);
    m_pingTimer.setSingleShot(true);
    m_reconnectTimer.setSingleShot(true);
    m_pongTimer.setSingleShot(true);
    m_joinTimer.setSingleShot(true);
    m_readMore.setSingleShot(true);
    m_readMore.setInterval(0);
    connect(&m_connectTimer, &QTimer::timeout, this, &ChatSession::onConnectTimeout);
    connect(&m_pingTimer, &QTimer::timeout, this, &ChatSession::onPingTimeout);
    connect(&m_pongTimer, &QTimer::timeout, this, &ChatSession::onPongTimeout);
    connect(&m_joinTimer, &QTimer::timeout, this, &ChatSession::onJoinTimeout);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &ChatSession::connectToServer);
    connect(&m_readMore, &QTimer::timeout, this, &ChatSession::onReadyRead);
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

void ChatSession::join(const ServerList &servers, const QString &nickname)
{
    const bool sameServer = servers == m_servers;
    // The user's own choice: what was queued or held for a resume belongs to the last
    // membership. Another room's seqs mean nothing here.
    m_outbox.clear();
    m_resumeToken.clear();
    m_resuming = false;
    forgetSeat();
    if (!sameServer) {
        m_roomEpoch.clear();
        m_lastSeq = 0;
    }
    m_requestedName = nickname;
    m_reconnectTimer.stop();
    m_reconnectAttempt = 0;
    // The user's own attempt: until it succeeds, failures are reported, not retried.
    m_autoReconnect = false;

    // After NameTaken/Invalid/Reserved the server waits for another Hello on this
    // connection (the hello timeout counted afresh), so no new connection is needed.
    if (sameServer && m_state == State::Joining && isConnected() && !m_welcomePending) {
        m_joinTimer.start(m_timing.joinTimeoutMs);
        sendHello();
        return;
    }
    // Still connecting: the Hello sent once connected carries the new name.
    if (sameServer && m_state == State::Connecting && m_connection)
        return;
    // Leaving the room for another name or server: a Bye, so the others see a Quit
    // rather than a lost connection.
    dropSocket(true);
    clearMembers();
    // A join of the user's own starts at the first server of the list.
    const ServerAddress before = address();
    m_servers = servers;
    m_servers.rewind();
    m_connectFailures.clear();
    if (address() != before)
        Q_EMIT serverChanged(address());
    connectToServer();
}

bool ChatSession::say(const QString &text)
{
    const ChatText::Verdict verdict = ChatText::check(text);
    if (verdict != ChatText::Verdict::Ok) {
        Q_EMIT textRefused(verdict);
        return false;
    }
    if (!canSay())
        return false;
    // Sent as typed: the server sanitizes, and every member sees its version.
    const quint64 clientId = m_outbox.add(text);
    Q_EMIT sayQueued(clientId, text);
    if (m_state == State::Joined && m_syncToken == 0)
        sendOutbox();
    return true;
}

bool ChatSession::canSay() const
{
    // Queued while the connection is away, once we have been in the room: it goes out
    // when the session is back, and never twice.
    return m_state == State::Joined || (m_autoReconnect && m_state != State::Disconnected);
}

bool ChatSession::rename(const QString &nickname)
{
    // The server answers the very same spelling with nothing at all, which would leave an
    // answer missing from the order the outbox counts on.
    if (m_state != State::Joined || Nickname::normalized(nickname) == m_nickname)
        return false;
    send(Protocol::Rename {nickname});
    m_outbox.requestSent(Outbox::Request::Rename);
    return true;
}

bool ChatSession::requestOlderHistory(int max)
{
    if (m_state != State::Joined || m_historyRequested || m_historyExhausted || m_oldestSeq <= 1)
        return false;
    m_historyRequested = true;
    m_requestedHistoryMax = quint16(qBound(1, max, 65535));
    send(Protocol::HistoryRequest {m_oldestSeq, m_requestedHistoryMax});
    m_outbox.requestSent(Outbox::Request::History);
    return true;
}

void ChatSession::sendOutbox()
{
    for (const Outbox::Entry &entry : m_outbox.unsent()) {
        send(Protocol::Say {entry.text, entry.clientId});
        m_outbox.markSent(entry.clientId);
    }
}

void ChatSession::requestSync()
{
    m_syncToken = ++m_pingToken;
    send(Protocol::Ping {m_syncToken});
}

void ChatSession::onSynced()
{
    if (m_afterResume) {
        // The replay is in: what the server processed but whose Chat did not come back
        // was refused while we were away.
        m_afterResume = false;
        for (const Outbox::Entry &entry : m_outbox.takeLost(m_resumedLastClientId))
            Q_EMIT sayFailed(entry.clientId, entry.text, Protocol::NoticeCode::UnknownType);
    } else {
        // A fresh membership: what the history shows as ours arrived before the drop; the
        // rest is sent again, numbered anew.
        for (const RoomEvent &event : std::as_const(m_joinHistory)) {
            if (event.kind == RoomEvent::Kind::Chat && event.own && event.clientId != 0
                && m_outbox.confirm(event.clientId))
                Q_EMIT sayDelivered(event.clientId);
        }
        // Without the whole gap in view, sending again could say a thing twice: at most
        // once wins, and the user hears that it may not have gone.
        if (!m_joinHistoryComplete) {
            for (const Outbox::Entry &entry : m_outbox.takeSent())
                Q_EMIT sayFailed(entry.clientId, entry.text, Protocol::NoticeCode::UnknownType);
        }
        m_joinHistory.clear();
        m_outbox.renumber();
    }
    sendOutbox();
}

void ChatSession::leave()
{
    m_autoReconnect = false;
    m_outbox.clear();
    m_resumeToken.clear();
    m_resuming = false;
    forgetSeat();
    m_reconnectTimer.stop();
    m_pendingCertificate.reset();
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
    if (address().isEmpty() || m_requestedName.isEmpty())
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
    m_pendingCertificate.reset();
    m_connection = new ServerConnection(address(), m_knownServers, this);
    connect(m_connection, &ServerConnection::connected, this, &ChatSession::onConnected);
    connect(m_connection, &ServerConnection::readyRead, this, &ChatSession::onReadyRead);
    connect(m_connection, &ServerConnection::errorOccurred, this, &ChatSession::onSocketError);
    connect(m_connection, &ServerConnection::disconnected, this,
            &ChatSession::onSocketDisconnected);
    connect(m_connection, &ServerConnection::certificateUntrusted, this,
            &ChatSession::onCertificateUntrusted);
    setState(State::Connecting);
    m_connectTimer.start(m_timing.connectTimeoutMs);
    // Last: a local server that does not exist is reported from inside open().
    m_connection->open();
}

void ChatSession::dropSocket(bool sayBye)
{
    m_connectTimer.stop();
    m_pingTimer.stop();
    m_pongTimer.stop();
    m_joinTimer.stop();
    m_readMore.stop();
    m_reader = Protocol::FrameReader();
    m_welcomePending = false;
    m_pendingMembers.clear();
    m_historyBatch.clear();
    m_historyBatchCount = 0;
    m_joinBatchOpen = false;
    m_historyRequested = false;
    m_syncToken = 0;
    m_afterResume = false;
    m_resumeSent = false;
    m_outbox.connectionEnded();
    ServerConnection *connection = std::exchange(m_connection, nullptr);
    if (!connection)
        return;
    // We may be inside one of this connection's signals: cut it off rather than delete it.
    connection->disconnect(this);
    connection->close(sayBye ? Protocol::MessageCodec::encodeFrame(Protocol::Bye {})
                             : QByteArray());
}

void ChatSession::onConnected()
{
    m_connectTimer.stop();
    m_connectFailures.clear();
    setState(State::Joining);
    m_joinTimer.start(m_timing.joinTimeoutMs);
    // Back after a drop: the seat is held for us, so ask for it rather than join.
    if (m_resuming && !m_resumeToken.isEmpty()) {
        m_resumeSent = true;
        send(Protocol::Resume {m_resumeToken, m_lastSeq});
    } else {
        sendHello();
    }
}

void ChatSession::onReadyRead()
{
    if (readFrames(m_timing.maxFramesPerRead))
        m_readMore.start();
}

bool ChatSession::readFrames(int budget)
{
    for (int handled = 0; m_connection; ++handled) {
        if (budget > 0 && handled == budget)
            return true;
        if (!m_reader.readNext(m_connection->device()))
            break;
        const QByteArray payload = m_reader.takePayload();
        const Protocol::DecodeResult result = Protocol::MessageCodec::decode(payload);
        // A type from a later minor version: the protocol says a client ignores it. It is
        // no answer either, so a server sending nothing else is still noticed as silent.
        if (result.status == Protocol::DecodeResult::Status::UnknownType)
            continue;
        // Any frame we can read shows the server is still there.
        m_pongTimer.stop();
        if (!result.isOk()) {
            endConnection(EndReason::ProtocolError);
            return false;
        }
        if (!InboundLimits::fits(result.message)) {
            refuseOverLimit();
            return false;
        }
        handle(result.message);
    }
    // An empty or oversized frame: a client closes (docs/protocol.md, "Frames").
    if (m_connection && m_reader.hasError())
        endConnection(EndReason::ProtocolError);
    return false;
}

void ChatSession::onSocketError(QAbstractSocket::SocketError error)
{
    if (!m_connection)
        return;
    if (m_state == State::Connecting) {
        failConnect(error, m_connection->errorString());
        return;
    }
    // What arrived just before the close may be the Error that explains it.
    if (m_connection->device()->bytesAvailable() > 0)
        readFrames(0);
    if (m_connection)
        endConnection(EndReason::ConnectionLost);
}

void ChatSession::onSocketDisconnected()
{
    if (!m_connection)
        return;
    if (m_state == State::Connecting) {
        failConnect(QAbstractSocket::RemoteHostClosedError, m_connection->errorString());
        return;
    }
    if (m_connection->device()->bytesAvailable() > 0)
        readFrames(0);
    if (m_connection)
        endConnection(EndReason::ConnectionLost);
}

void ChatSession::onConnectTimeout()
{
    if (m_state == State::Connecting)
        failConnect(QAbstractSocket::SocketTimeoutError, tr("The connection timed out."));
}

void ChatSession::onCertificateUntrusted()
{
    const std::optional<CertificatePrompt> prompt = m_connection->untrustedCertificate();
    // The connection is gone already; no timer runs while the user thinks it over, and a
    // session getting back into the room keeps its members and outbox for the answer.
    dropSocket(false);
    m_pendingCertificate = prompt;
    if (prompt)
        Q_EMIT certificateUnknown(*prompt);
}

void ChatSession::acceptCertificate()
{
    const std::optional<CertificatePrompt> prompt = std::exchange(m_pendingCertificate, {});
    if (!prompt)
        return;
    // Pinned before connecting again, so that the next handshake is silent, and only the
    // very certificate the user saw: a different one on the next connection is asked
    // about again.
    m_knownServers.pin(prompt->server, prompt->offered);
    connectToServer();
}

void ChatSession::refuseCertificate()
{
    if (!std::exchange(m_pendingCertificate, {}))
        return;
    // Not a passing trouble: only the user tries this server again.
    m_autoReconnect = false;
    m_resuming = false;
    clearMembers();
    // The user said no: the join ends here rather than asking about the next server.
    failConnect(QAbstractSocket::SslHandshakeFailedError,
                tr("the server's certificate was not accepted"), false);
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
    if (m_connection)
        endConnection(EndReason::ConnectionLost);
}

void ChatSession::onJoinTimeout()
{
    if (m_connection && m_state == State::Joining)
        endConnection(EndReason::JoinTimedOut);
}

void ChatSession::refuseOverLimit()
{
    // Asking again would get the same: only the user reconnects to such a server.
    m_autoReconnect = false;
    endConnection(EndReason::LimitExceeded);
}

void ChatSession::failConnect(QAbstractSocket::SocketError error, const QString &message,
                              bool tryNext)
{
    dropSocket(false);
    if (m_autoReconnect) {
        // Reconnecting after a lost connection: the server may still be restarting, or
        // the next one of the list serves the room.
        const int seconds = scheduleReconnect();
        Q_EMIT reconnectScheduled(seconds);
        return;
    }
    m_connectFailures.append({address(), error, message});
    if (tryNext && m_connectFailures.size() < m_servers.size()) {
        // The next server at once, but from the event loop: the failure may be reported
        // from inside the last connection's open().
        moveToNextServer();
        m_reconnectTimer.start(0);
        return;
    }
    m_endReason = EndReason::ConnectFailed;
    setState(State::Disconnected);
    QString text = message;
    if (m_connectFailures.size() > 1) {
        QStringList each;
        for (const ConnectFailure &failure : std::as_const(m_connectFailures))
            each.append(failure.server.display() + u": "_s + failure.message);
        text = each.join(u"; "_s);
    }
    Q_EMIT connectionFailed(error, text);
}

void ChatSession::moveToNextServer()
{
    if (m_servers.size() > 1)
        Q_EMIT serverChanged(m_servers.advance());
}

void ChatSession::endConnection(EndReason reason)
{
    // A lost connection of a member that has a seat held for it resumes: the member list
    // and the room stay as they are, and nobody sees it go.
    const bool wasJoined = m_state == State::Joined || m_resuming;
    // A Resume left unanswered past the join deadline may have reattached us all the same.
    const bool lost = reason == EndReason::ConnectionLost || reason == EndReason::JoinTimedOut;
    m_resuming =
        lost && wasJoined && m_autoReconnect && !m_resumeToken.isEmpty() && m_resumeGraceMs > 0;
    // The server holds the seat for the grace from when it sees the connection go: the
    // joined one, or one our Resume may have reattached us to before it went.
    if (m_resuming && (m_state == State::Joined || m_resumeSent)) {
        m_seatDeadline.setRemainingTime(qint64(m_resumeGraceMs) + qMax(0, m_timing.seatSlackMs));
        m_seatMayHoldName = m_seatMayHoldName || m_resumeSent;
    }
    dropSocket(false);
    if (!m_resuming)
        clearMembers();
    m_endReason = reason;
    // Kicked and UserQuit have already cleared m_autoReconnect.
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
    // Round the list, starting with the server after the one that failed: a server that
    // is gone is not knocked at forever while another one serves the room.
    moveToNextServer();
    // The wait grows with each round of the list, not each attempt, so that a dead server
    // costs the live one after it nothing.
    const int servers = int(qMax<qsizetype>(1, m_servers.size()));
    const int round = m_reconnectAttempt / servers;
    const double growth = std::pow(2.0, round);
    double base = qMin(double(m_timing.reconnectMaxMs), m_timing.reconnectInitialMs * growth);
    // A server that shut down comes back slowly; the others of the list are tried first.
    if (m_shutdownSeen && (round > 0 || servers == 1))
        base = qMin(double(m_timing.shutdownMaxMs), m_timing.shutdownInitialMs * growth);
    else if (m_resuming && round == 0)
        base = m_timing.resumeDelayMs;
    // Jitter keeps a room full of clients from all knocking at the same instant when
    // the server comes back.
    const double spread =
        m_timing.reconnectJitter * (2.0 * QRandomGenerator::global()->generateDouble() - 1.0);
    const int delayMs = qMax(0, int(std::lround(base * (1.0 + spread))));
    m_reconnectAttempt = qMin(m_reconnectAttempt + 1, 30 * servers);
    m_reconnectTimer.start(delayMs);
    setState(State::Reconnecting);
    return int(std::ceil(delayMs / 1000.0));
}

void ChatSession::send(const Protocol::Message &message)
{
    if (!isConnected())
        return;
    // Always the 1.1 layout: a 1.0 server ignores the appended fields.
    m_connection->device()->write(
        Protocol::MessageCodec::encodeFrame(message, Protocol::Layout::V1_1));
    // The server counts silence from what we send, so every frame restarts the wait.
    m_pingTimer.start(m_timing.pingIdleMs);
    // The server answers every frame we send (Welcome or Rejected, Chat or Notice, Pong);
    // the first unanswered one starts the watchdog, later ones do not extend it.
    if (!m_pongTimer.isActive())
        m_pongTimer.start(m_timing.pongTimeoutMs);
}

void ChatSession::sendHello()
{
    // With the epoch and seq of what we saw last, a rejoin's history fills the gap.
    const quint64 afterSeq = m_roomEpoch.isEmpty() ? 0 : m_lastSeq;
    m_helloEpoch = m_roomEpoch;
    m_helloAfterSeq = afterSeq;
    m_helloHistoryMax = m_historyMax;
    send(Protocol::Hello {Protocol::Version, m_requestedName, Protocol::MinorVersion, m_historyMax,
                          m_roomEpoch, afterSeq, m_password});
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
        handleNotice(*notice);
    } else if (const auto *history = std::get_if<Protocol::History>(&message)) {
        handleHistory(*history);
    } else if (const auto *resumedMessage = std::get_if<Protocol::Resumed>(&message)) {
        handleResumed(*resumedMessage);
    } else if (const auto *pong = std::get_if<Protocol::Pong>(&message)) {
        handlePong(*pong);
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
    // The count decides how many Members frames we take: never more than a room holds.
    if (welcome.memberCount > quint32(m_maxMembers)) {
        refuseOverLimit();
        return;
    }
    m_nickname = welcome.nickname;
    m_roomTitle = welcome.room;
    m_welcomeSeq = welcome.seq;
    m_roomEpoch = welcome.roomEpoch;
    m_resumeToken = welcome.resumeToken;
    m_resumeGraceMs = welcome.resumeGraceMs;
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
    if (quint64(m_pendingMembers.size()) + quint64(members.names.size()) > m_expectedMembers) {
        refuseOverLimit();
        return;
    }
    m_pendingMembers += members.names;
    if (quint32(m_pendingMembers.size()) >= m_expectedMembers)
        finishJoin();
}

void ChatSession::handleRejected(const Protocol::Rejected &message)
{
    if (m_state != State::Joining)
        return;
    const ServerConnection *connection = m_connection;
    const bool answersResume = std::exchange(m_resumeSent, false);
    switch (message.reason) {
    case Protocol::RejectReason::NameTaken:
        if (retryWhileSeatHeld(answersResume))
            return;
        [[fallthrough]];
    case Protocol::RejectReason::NameInvalid:
    case Protocol::RejectReason::NameReserved:
        // The connection stays open for another Hello, but only the user can choose the
        // name, so nothing is retried on our own from here on, and nothing is late: the
        // next Hello starts the join deadline again.
        m_autoReconnect = false;
        m_joinTimer.stop();
        Q_EMIT rejected(message.reason, InboundLimits::clippedDetail(message.detail));
        return;
    case Protocol::RejectReason::ResumeFailed:
        // The seat is gone (the grace ran out, the server restarted), or a Resume of ours
        // that went unanswered spent the token: join afresh on this connection, asking
        // for what we missed.
        m_resuming = false;
        m_resumeToken.clear();
        clearMembers();
        sendHello();
        return;
    case Protocol::RejectReason::VersionUnsupported:
    case Protocol::RejectReason::PasswordRequired:
        m_autoReconnect = false; // asking again cannot help
        break;
    case Protocol::RejectReason::RoomFull:
        break; // a place may free up: a reconnecting session keeps trying
    }
    Q_EMIT rejected(message.reason, InboundLimits::clippedDetail(message.detail));
    // The server closes after these; a slot may already have moved on to a new connection.
    if (m_connection && m_connection == connection)
        endConnection(EndReason::ServerError);
}

bool ChatSession::retryWhileSeatHeld(bool answersResume)
{
    // A Hello of ours refused with no seat of ours in play: the name is someone else's.
    if (!m_autoReconnect || (!answersResume && !m_seatMayHoldName))
        return false;
    if (m_seatDeadline.hasExpired()) {
        if (!answersResume)
            return false; // the grace is over and the name still taken: not our seat
        // The seat answered our Resume with NameTaken until its grace ran out: whatever
        // held it is gone now, so join afresh on this connection.
        m_resuming = false;
        m_resumeToken.clear();
        clearMembers();
        sendHello();
        return true;
    }
    // Our own seat, not yet given up by the server (its connection to us looks alive to
    // it, or it reattached us to a connection that then went): ask again shortly, on a
    // fresh connection, with the token if it is still good and with a Hello otherwise.
    dropSocket(false);
    m_resuming = true;
    m_reconnectTimer.start(qMax(0, m_timing.resumeRetryMs));
    setState(State::Reconnecting);
    Q_EMIT reconnectScheduled(int(std::ceil(m_timing.resumeRetryMs / 1000.0)));
    return true;
}

void ChatSession::forgetSeat()
{
    m_seatMayHoldName = false;
    m_seatDeadline = QDeadlineTimer();
}

void ChatSession::handleError(const Protocol::Error &error)
{
    EndReason reason = EndReason::ServerError;
    if (error.code == Protocol::ErrorCode::Kicked) {
        reason = EndReason::Kicked;
        m_autoReconnect = false;
    } else if (error.code == Protocol::ErrorCode::ServerShutdown) {
        // The room comes back with the server; its log fills the gap when we rejoin. The
        // seat went with the old process.
        reason = EndReason::ServerShutdown;
        m_resumeToken.clear();
        if (m_autoReconnect && !m_shutdownSeen) {
            m_shutdownSeen = true;
            m_reconnectAttempt = 0;
            Q_EMIT serverShutDown();
        }
    }
    const ServerConnection *connection = m_connection;
    Q_EMIT errorReceived(error.code, InboundLimits::clippedDetail(error.detail));
    // The server closes after an Error; there is nothing left to wait for.
    if (m_connection && m_connection == connection)
        endConnection(reason);
}

RoomEvent ChatSession::roomEventOf(const Protocol::Message &message) const
{
    RoomEvent event;
    if (const auto *joined = std::get_if<Protocol::Joined>(&message)) {
        event.kind =
            joined->formerName.isEmpty() ? RoomEvent::Kind::Joined : RoomEvent::Kind::Renamed;
        event.seq = joined->seq;
        event.atMs = joined->atMs;
        event.nickname = joined->nickname;
        event.formerName = joined->formerName;
        event.own = isOwn(joined->formerName);
    } else if (const auto *left = std::get_if<Protocol::Left>(&message)) {
        event.kind = RoomEvent::Kind::Left;
        event.seq = left->seq;
        event.atMs = left->atMs;
        event.nickname = left->nickname;
        event.leaveReason = left->reason;
    } else if (const auto *chat = std::get_if<Protocol::Chat>(&message)) {
        event.kind = RoomEvent::Kind::Chat;
        event.seq = chat->seq;
        event.atMs = chat->atMs;
        event.nickname = chat->from;
        event.text = chat->text;
        event.clientId = chat->clientId;
        event.own = isOwn(chat->from);
    } else if (const auto *broadcast = std::get_if<Protocol::Broadcast>(&message)) {
        event.kind = RoomEvent::Kind::Broadcast;
        event.seq = broadcast->seq;
        event.atMs = broadcast->atMs;
        event.text = broadcast->text;
    }
    return event;
}

void ChatSession::handleRoomEvent(const Protocol::Message &message)
{
    // The protocol sends no room event before the last Members frame.
    if (m_state != State::Joined)
        return;
    const RoomEvent event = roomEventOf(message);
    m_lastSeq = qMax(m_lastSeq, event.seq);
    switch (event.kind) {
    case RoomEvent::Kind::Joined:
        if (!addMember(event.nickname))
            return;
        break;
    case RoomEvent::Kind::Left:
        removeMember(event.nickname);
        // The Joined that follows says it in one line.
        if (event.leaveReason == Protocol::LeaveReason::Renamed)
            return;
        break;
    case RoomEvent::Kind::Renamed:
        removeMember(event.formerName);
        if (!addMember(event.nickname))
            return;
        if (event.own) {
            m_outbox.answered(Outbox::Request::Rename);
            m_nickname = event.nickname;
            m_requestedName = event.nickname;
            m_ownKey = Nickname::key(event.nickname);
            Q_EMIT renamed(event.formerName, event.nickname);
        }
        break;
    case RoomEvent::Kind::Chat:
        if (!event.own)
            break;
        if (event.clientId != 0) {
            if (m_outbox.confirm(event.clientId))
                Q_EMIT sayDelivered(event.clientId);
        } else if (const auto clientId = m_outbox.confirmOldestWaiting()) {
            Q_EMIT sayDelivered(*clientId); // a 1.0 server: the answers' order tells
        }
        break;
    case RoomEvent::Kind::Broadcast:
        break;
    }
    addEvent(event);
}

void ChatSession::handleHistory(const Protocol::History &history)
{
    if (m_state != State::Joined)
        return;
    const bool reply = history.flags & Protocol::HistoryReply;
    // Only what we asked for: one batch after joining, one per HistoryRequest, each no
    // larger than asked. A batch nobody asked for is dropped unread.
    if (reply ? !m_historyRequested : !m_joinBatchOpen)
        return;
    m_historyBatchCount += history.events.size();
    if (m_historyBatchCount > (reply ? m_requestedHistoryMax : m_helloHistoryMax)) {
        refuseOverLimit();
        return;
    }
    // The first frame of a reply is the answer to our HistoryRequest.
    if (reply)
        m_outbox.answered(Outbox::Request::History);
    for (const QByteArray &payload : history.events) {
        const Protocol::DecodeResult decoded = Protocol::MessageCodec::decode(payload);
        if (!decoded.isOk())
            continue;
        if (!InboundLimits::fits(decoded.message)) {
            refuseOverLimit();
            return;
        }
        RoomEvent event = roomEventOf(decoded.message);
        if (event.kind != RoomEvent::Kind::Chat && event.kind != RoomEvent::Kind::Broadcast)
            continue; // history holds messages only
        event.history = true;
        m_historyBatch.append(event);
    }
    if (history.flags & Protocol::HistoryMore)
        return;
    m_historyBatchCount = 0;
    if (!reply)
        m_joinBatchOpen = false;
    const bool truncated = history.flags & Protocol::HistoryTruncated;
    const QList<RoomEvent> batch = std::exchange(m_historyBatch, {});
    if (!batch.isEmpty())
        m_oldestSeq = qMin(m_oldestSeq, batch.constFirst().seq);
    // Paging ends at an empty page or when the server says nothing older exists.
    if (!truncated || (reply && batch.isEmpty()))
        m_historyExhausted = true;
    if (reply) {
        m_historyRequested = false;
        m_history = batch + m_history;
    } else {
        m_joinHistory = batch;
        m_joinHistoryComplete = !truncated && m_helloAfterSeq > 0 && m_helloEpoch == m_roomEpoch;
        m_history = batch;
    }
    if (m_history.size() > m_timing.maxEvents)
        m_history.resize(m_timing.maxEvents);
    Q_EMIT historyReceived(batch, reply, truncated);
}

void ChatSession::handleResumed(const Protocol::Resumed &message)
{
    if (m_state != State::Joining || !m_resuming)
        return;
    m_resuming = false;
    m_resumeSent = false;
    m_joinTimer.stop();
    forgetSeat();
    m_resumeToken = message.resumeToken;
    m_reconnectAttempt = 0;
    m_endReason = EndReason::None;
    m_resumedLastClientId = message.lastClientId;
    m_outbox.resumedAt(message.lastClientId);
    setState(State::Joined);
    Q_EMIT resumed();
    // What the server never saw goes now; the rest is judged once the replay is in.
    sendOutbox();
    if (!m_outbox.isEmpty()) {
        m_afterResume = true;
        requestSync();
    }
}

void ChatSession::handleNotice(const Protocol::Notice &notice)
{
    using Request = Outbox::Request;
    using Code = Protocol::NoticeCode;
    // The server answers our requests in the order sent: the refusal belongs to the oldest
    // one waiting that this code can answer. SlowDown answers a Say, a Rename (counted
    // like a Say) or a HistoryRequest; UnknownType a request a 1.0 server does not know.
    std::optional<Outbox::Refusal> refusal;
    switch (notice.code) {
    case Code::TextTooLong:
    case Code::TextEmpty:
        refusal = m_outbox.refuse({Request::Say});
        break;
    case Code::SlowDown:
        refusal = m_outbox.refuse({Request::Say, Request::Rename, Request::History});
        break;
    case Code::NameTaken:
    case Code::NameInvalid:
    case Code::NameReserved:
        refusal = m_outbox.refuse({Request::Rename});
        break;
    case Code::HistoryUnavailable:
        refusal = m_outbox.refuse({Request::History});
        break;
    case Code::RoomUnavailable:
        refusal = m_outbox.refuse({Request::Say, Request::Rename});
        break;
    case Code::UnknownType:
        refusal = m_outbox.refuse({Request::Rename, Request::History});
        break;
    }
    if (refusal) {
        switch (refusal->request) {
        case Request::Say:
            if (refusal->say)
                Q_EMIT sayFailed(refusal->say->clientId, refusal->say->text, notice.code);
            break;
        case Request::Rename:
            Q_EMIT renameRefused(notice.code);
            break;
        case Request::History:
            m_historyRequested = false;
            // Slowed down, it may page again later; otherwise this server cannot page.
            if (notice.code != Code::SlowDown)
                m_historyExhausted = true;
            break;
        }
    }
    Q_EMIT noticeReceived(notice.code, InboundLimits::clippedDetail(notice.detail));
}

void ChatSession::handlePong(const Protocol::Pong &pong)
{
    if (m_syncToken != 0 && pong.token == m_syncToken) {
        m_syncToken = 0;
        onSynced();
    }
}

void ChatSession::finishJoin()
{
    m_welcomePending = false;
    m_joinTimer.stop();
    // A 1.1 server sends the join batch only when the Hello asked for history.
    m_joinBatchOpen = m_helloHistoryMax > 0;
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
    m_resuming = false;
    forgetSeat();
    m_shutdownSeen = false;
    m_lastSeq = m_welcomeSeq;
    m_oldestSeq = m_welcomeSeq;
    m_historyExhausted = false;
    m_joinHistory.clear();
    m_joinHistoryComplete = false;
    m_afterResume = false;

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
    // Says queued across a drop wait until the join's History (if any) is in: it tells
    // which of them arrived before the drop.
    if (!m_outbox.isEmpty())
        requestSync();
}

void ChatSession::addEvent(const RoomEvent &event)
{
    m_events.append(event);
    const qsizetype excess = m_events.size() - qMax(1, m_timing.maxEvents);
    if (excess > 0)
        m_events.remove(0, excess);
    Q_EMIT eventAdded(event);
}

bool ChatSession::addMember(const QString &name)
{
    // The set rather than a scan of the list: a room of 10000 rejoining after a restart
    // is 10000 Joined events, and each must not cost a pass over everyone.
    const QString key = Nickname::key(name);
    if (m_memberKeys.contains(key))
        return true;
    if (m_members.size() >= m_maxMembers) {
        refuseOverLimit();
        return false;
    }
    m_memberKeys.insert(key);
    m_members.append(name);
    Q_EMIT memberAdded(name);
    Q_EMIT membersChanged(m_members);
    return true;
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
    return m_connection && m_connection->isConnected();
}

bool ChatSession::isEncrypted() const
{
    return m_connection && m_connection->isEncrypted();
}
