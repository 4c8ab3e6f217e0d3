#pragma once

#include "answerorder.h"
#include "banlist.h"
#include "connectionhandler.h"
#include "connectionlimits.h"
#include "floodgate.h"
#include "locallistener.h"
#include "memberinfo.h"
#include "noticeaggregator.h"
#include "protocol/messagecodec.h"
#include "protocol/messages.h"
#include "refusedconnections.h"
#include "resumetable.h"
#include "room.h"
#include "roomhistory.h"
#include "roomlog.h"
#include "serverconfig.h"
#include "servernotice.h"
#include "sharedroom.h"
#include "tcplistener.h"
#include "tlslistener.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <array>
#include <memory>
#include <optional>

class ClientConnection;

// The chat server: a QTcpServer on the event loop, one ClientConnection per socket, the
// room, its log and every limit of docs/protocol.md. No threads and no widgets: a window
// renders it through the signals below and acts through kick(), ban(), broadcast() and
// shutdown().
class ChatServer final : public QObject, private ConnectionHandler
{
    Q_OBJECT

public:
    // With a room log in memory (MemoryRoomLog), for tests and for users who want
    // nothing on disk.
    explicit ChatServer(const ServerConfig &config = {}, QObject *parent = nullptr);
    // With a log the caller has opened; the room continues its seq.
    ChatServer(const ServerConfig &config, std::unique_ptr<RoomLog> log, QObject *parent = nullptr);
    // Serving a room shared with other servers (docs/scaling.md): the order, the members
    // and the names are the shared room's, and `cache` (whose epoch must be the shared
    // room's) keeps what this server has read of it, for history and resume, starting
    // with the shared room's backfill. `shared` must be available or have been: its
    // snapshot is the room this server joins.
    ChatServer(const ServerConfig &config, std::unique_ptr<RoomLog> cache, SharedRoom *shared,
               QObject *parent = nullptr);
    ~ChatServer() override;

    // Starts listening on config().listenAddress and config().port, with config().tls on
    // config().tlsPort too, and with config().localName on that local socket; errorString()
    // says why not, failedPort() on which port (0: the local socket).
    bool listen();
    QString errorString() const { return m_errorString; }
    quint16 failedPort() const { return m_failedPort; }
    bool isLocalListening() const { return m_localListener.isListening(); }
    // Where local clients connect: the socket file's path.
    QString localServerName() const { return m_localListener.fullServerName(); }
    bool isListening() const { return m_listener.isListening(); }
    QHostAddress serverAddress() const { return m_listener.serverAddress(); }
    quint16 serverPort() const { return m_listener.serverPort(); }
    bool isTlsListening() const { return m_tlsListener.isListening(); }
    quint16 tlsPort() const { return m_tlsListener.serverPort(); }
    // The SHA-256 fingerprint of config().tlsCertificate, as members are to compare it.
    QString tlsFingerprint() const;
    const ServerConfig &config() const { return m_config; }
    QString roomTitle() const { return m_config.roomTitle; }

    int memberCount() const { return m_room.memberCount(); }
    // config().maxMembers, or fewer when the process's descriptors cannot hold that many.
    int maxMembers() const { return m_room.maxMembers(); }
    // The process's descriptor limit after listen() raised it (-1: none or unknown).
    qint64 descriptorLimit() const { return m_descriptorLimit; }
    int connectionCount() const { return int(m_connections.size()); }
    // Members whose connection dropped and whose seat is held for a resume.
    int detachedCount() const { return m_resume.detachedCount(); }
    // In join order, detached members included, and in a shared room the other servers'
    // members too (MemberInfo::remote): the whole room, as a joining client sees it.
    QList<MemberInfo> members() const;
    std::optional<MemberInfo> member(const QString &name) const;
    // Chat messages relayed to the room since the start, for a messages-per-second rate.
    quint64 messagesRelayed() const { return m_messagesRelayed; }
    // The transcript, for the admin window's past and its search.
    const RoomLog &roomLog() const { return *m_log; }
    bool isShared() const { return m_shared != nullptr; }

    // The member gets Error{Kicked}, everyone else Left{Kicked}. False if no such member.
    bool kick(const QString &name);
    // Kicks the member called `name` (any spelling with its key), if in the room, after
    // banning its key and, withAddress, the address it is connected from (or was, when
    // detached) for `duration` (BanList::Permanent for good). A name not in the room is
    // banned alone, and so is another server's member, whose address is not known here
    // (the ban holds on this server only). A banned address's new connections are closed before
    // anything is read; a Hello or Rename with a banned key is refused as NameReserved. Returns the
    // ban as listed; nullopt when the name is blank.
    std::optional<BanList::Ban> ban(const QString &name, std::chrono::milliseconds duration,
                                    bool withAddress = true);
    // Lifts the ban with this BanList::Ban::id; false if there is none (or it ran out).
    bool unban(quint64 id);
    // The bans in force, oldest first.
    QList<BanList::Ban> bans() const { return m_bans.bans(); }

    // The administrator speaking to the room; false if the text is empty or too long.
    bool broadcast(const QString &text);
    // Error{ServerShutdown} to every connection, stop listening, close everything;
    // shutdownFinished() follows (always asynchronously) once every socket is gone.
    void shutdown();
    bool isShuttingDown() const { return m_shuttingDown; }

    // For tests: stamp room events with a known clock.
    void setClock(Room::Clock clock);
    // For tests: the bans' clock (wall time), and the window in which repeated notices
    // are folded into one (NoticeAggregator).
    void setBanClock(BanList::Clock clock) { m_bans.setClock(std::move(clock)); }
    void expireBans() { m_bans.expire(); }
    void setNoticeWindow(std::chrono::milliseconds window) { m_notices.setWindow(window); }

signals:
    void memberJoined(const QString &name, const QHostAddress &address, const QDateTime &joinedAt);
    void memberLeft(const QString &name, Protocol::LeaveReason reason, const QDateTime &at);
    void memberRenamed(const QString &oldName, const QString &newName, const QDateTime &at);
    // The connection dropped; the member stays in the room for the resume grace.
    void memberDetached(const QString &name);
    void memberResumed(const QString &name, const QHostAddress &address);
    void chatMessage(const QString &from, const QString &text, const QDateTime &at);
    void broadcastSent(const QString &text, const QDateTime &at);
    void messagesSentChanged(const QString &name, quint64 messagesSent);
    void memberCountChanged(int count);
    // Server-side events: rejected names, connections closed for an error, refused
    // messages. Data, not wording. Repeats of one notice on one connection are folded
    // into one summary per window (ServerNotice::repeated), so a flood of frames is
    // never a signal per frame.
    void serverNotice(const ServerNotice &notice);
    // A ban was added, lifted or ran out; bans() has the list.
    void bansChanged();
    void shutdownFinished();

private:
    void onAccepted(QTcpSocket *socket);
    // Plain TCP on Linux: a bare descriptor, no QTcpSocket (ClientConnection).
    void onAcceptedDescriptor(int descriptor);
    void onLocalAccepted(QLocalSocket *socket);
    // Whether a connection from `address` may come in; says why not when it may not.
    bool mayConnect(const QHostAddress &address);
    void admitConnection(ClientConnection *connection);
    bool listenTls();
    bool listenLocal();
    // Through the aggregator: a flood of refusals is a line per window.
    void notify(const ServerNotice &notice) { m_notices.add(notice); }
    // A Hello's or a Rename's name with a banned key gets NameReserved (Rejected or
    // Notice); true when it was refused.
    bool refuseBannedName(ClientConnection *connection, const QString &requestedName);
    // After a Rejected that keeps the connection: a fresh hello timeout, but only
    // config().maxRejected times.
    void awaitAnotherHello(ClientConnection *connection);
    void watch(ClientConnection *connection);
    // ConnectionHandler: what every ClientConnection reports.
    void onMessage(ClientConnection *connection, const Protocol::Message &message) override;
    void onUnknownType(ClientConnection *connection, quint8 type) override;
    void onProtocolError(ClientConnection *connection, Protocol::ErrorCode code) override;
    void onHelloTimeout(ClientConnection *connection) override;
    void handleHello(ClientConnection *connection, const Protocol::Hello &hello);
    // Rejected, and the connection closed (room full) or waiting for another Hello.
    void rejectHello(ClientConnection *connection, Protocol::RejectReason reason,
                     const QString &nickname);
    // Welcome, the member list and history: from here on the connection is a member.
    void welcome(ClientConnection *connection, const Protocol::Hello &hello,
                 const Protocol::Joined &joined);
    // The version, the password and the name, in the spec's order; false when refused.
    bool admit(ClientConnection *connection, const Protocol::Hello &hello);
    void handleSay(ClientConnection *connection, const Protocol::Say &say);
    void handleRename(ClientConnection *connection, const Protocol::Rename &rename);
    void handleHistoryRequest(ClientConnection *connection,
                              const Protocol::HistoryRequest &request);
    void handleResume(ClientConnection *connection, const Protocol::Resume &resume);
    // The room's events after lastSeq for a resuming member, or nullopt when they cannot
    // be sent (not kept, implausible, more than the send queue holds).
    std::optional<QList<QByteArray>> missedEvents(const MemberState &member, quint64 lastSeq) const;
    // Resumed, then the missed events: the member is attached to this connection.
    void completeResume(ClientConnection *connection, const MemberState &member, quint64 lastSeq,
                        const QList<QByteArray> &missed);
    // Frames that are not room events (Ping, HistoryRequest, unknown types) have a flood
    // gate of their own: past the limit they go unanswered (a HistoryRequest gets
    // Notice{SlowDown}), past twice the limit the connection is closed with
    // Error{Flooding}. So a burst of them costs no more than as many refused Says, and
    // never a log line or an answer per frame.
    FloodGate::Verdict checkControl(ClientConnection *connection);
    void resumeFailed(ClientConnection *connection);
    void onIdleTimeout(ClientConnection *connection) override;
    void onClosed(ClientConnection *connection) override;
    // Only when this pass has appended events: flushQueued()'s own flushes follow its
    // commit and pay one flag test each.
    void beforeWrite(ClientConnection * /*connection*/) override { commitLog(); }
    // A 1.1 member whose connection ended without Bye, kick or Error keeps its seat.
    bool canDetach(const ClientConnection *connection) const;
    void detach(ClientConnection *connection, Protocol::LeaveReason reason);
    void onGraceExpired(const QString &key, Protocol::LeaveReason reason);

    void refuse(ClientConnection *connection, Protocol::NoticeCode code);
    void reject(ClientConnection *connection, Protocol::RejectReason reason,
                const QString &nickname);
    // Closes the connection with Error{code}; a member leaves first with `reason`.
    void fail(ClientConnection *connection, Protocol::ErrorCode code, Protocol::LeaveReason reason);
    // Takes a member out of the room and tells the others; exactly once per member.
    void removeMember(ClientConnection *connection, Protocol::LeaveReason reason);
    // The same for a member by key, attached or detached.
    void removeMemberByKey(const QString &key, Protocol::LeaveReason reason);

    // Appends the event to the room log and queues it for every member but `except`:
    // encoded once per layout, the same bytes for every member of that layout.
    void publish(const Protocol::Message &event, ClientConnection *except = nullptr);
    // The queueing half of publish(): `payload` is the event's 1.1 payload.
    void fanOut(const Protocol::Message &event, const QByteArray &payload,
                ClientConnection *except);

    // The shared room (chatserversharedroom.cpp): local requests become proposals, and
    // the room changes only as its events are read back, in its one order.
    void joinShared(ClientConnection *connection, const Protocol::Hello &hello);
    void sayShared(ClientConnection *connection, Protocol::Chat chat);
    void renameShared(ClientConnection *connection, const Room::RenameResult &rename);
    // The shared room's answer to the request `ticket`: taken, its last event at
    // `lastSeq`, or refused with `refusal`.
    void answered(ClientConnection *connection, quint64 ticket, std::optional<quint64> lastSeq,
                  Protocol::NoticeCode refusal);
    bool broadcastShared(const Protocol::Broadcast &event);
    void leaveShared(const QString &key, const QString &name, Protocol::LeaveReason reason,
                     SharedRoom::ReleaseMode mode = SharedRoom::ReleaseMode::Own);
    // A token this server did not issue: the member of a server that is gone resumes here.
    void resumeShared(ClientConnection *connection, const Protocol::Resume &resume);
    void adoptMember(ClientConnection *connection, const SharedRoom::Member &member,
                     quint64 lastSeq);
    void retryAdoptions();
    void onMembersOrphaned(const QList<SharedRoom::Member> &orphans);
    // Redis lost the room and another one took its place.
    void onSharedEpochChanged(const QString &oldEpoch, const QString &newEpoch);
    // The room let one of this server's members go (a kick from another server, or a
    // reaping while this server could not renew its lease).
    void memberRemovedElsewhere(const QString &key, Protocol::LeaveReason reason);
    void appendShared(const QList<SharedRoom::Append> &events, SharedRoom::AppendDone done);
    void onSharedEvents(const QList<SharedRoom::ReadEvent> &events);
    void applySharedJoined(const SharedRoom::ReadEvent &read, const Protocol::Joined &joined);
    void applySharedLeft(const SharedRoom::ReadEvent &read, const Protocol::Left &left);
    void applySharedChat(const SharedRoom::ReadEvent &read, const Protocol::Chat &chat);
    void onSharedRoomBack();
    void finishShutdownWhenDone();
    void schedulePassEnd();
    // Makes this pass's events durable now: before a member's bytes leave mid-pass.
    void commitLog();
    static int layoutIndex(Protocol::Layout layout)
    {
        return layout == Protocol::Layout::V1_0 ? 0 : 1;
    }
    void sendTo(ClientConnection *connection, const QByteArray &frame);
    // The answer to one of the member's requests: sent now, or after the answers to its
    // earlier requests that the shared room has not given yet (AnswerOrder). More held
    // than the send queue may hold makes the member too slow, as a full queue would.
    void answer(ClientConnection *connection, const QByteArray &frame);
    // A request of the member's proposed to the shared room; the ticket for m_answerOrders.
    quint64 expectAnswer(ClientConnection *connection);
    // Sends the member's answers that are due now that the server has read up to its log's
    // last seq.
    void releaseAnswers(ClientConnection *connection);
    // The Members frames a new member gets, its own name (the last) included.
    const QList<QByteArray> &membersFrames(const QString &joinedName);
    void appendToMembersFrames(const QString &name);
    void scheduleFlush(ClientConnection *connection);
    // Once per event-loop pass: every connection's queued frames in one write each.
    void flushQueued();
    void dropSlowMembers();

    // An event's atMs as the signals carry it.
    static QDateTime timeOf(qint64 atMs);
    ServerNotice noticeFor(const ClientConnection *connection, ServerNotice::Kind kind,
                           quint8 code) const;
    MemberInfo infoFor(const ClientConnection *connection) const;
    // A member of the shared room that another server serves.
    static MemberInfo infoForRemote(const Room::Member &member);

    ServerConfig m_config;
    std::unique_ptr<RoomLog> m_log;
    QPointer<SharedRoom> m_shared; // not owned; null when the room is this server's alone
    struct PendingJoin
    {
        QPointer<ClientConnection> connection;
        Protocol::Hello hello;
    };
    // Joins proposed to the shared room and not yet read back, by Nickname::key.
    QHash<QString, PendingJoin> m_pendingJoins;
    // Hellos that arrived while the shared room was out of reach.
    QList<PendingJoin> m_waitingHellos;
    // Leaves the shared room could not take yet: sent again when it is back.
    QList<SharedRoom::Append> m_unsentLeaves;
    int m_appendsInFlight = 0;
    QSet<ClientConnection *> m_joining; // their Hello or Resume is with the shared room
    // Members with a request proposed to the shared room and not answered yet.
    QHash<ClientConnection *, AnswerOrder> m_answerOrders;
    struct Adoption
    {
        QPointer<ClientConnection> connection;
        SharedRoom::Member member;
        quint64 lastSeq = 0;
    };
    // Members adopted from a dead server whose resume waits for this server to have
    // read as far as the client had.
    QList<Adoption> m_adoptions;
    // Members of dead servers, by key, with when this server first saw them orphaned
    // (m_clock): they leave once that is the resume grace ago.
    QHash<QString, qint64> m_orphanedSince;
    RoomHistory m_history;
    Room m_room;
    ResumeTable m_resume;
    ConnectionLimits m_limits;
    BanList m_bans;
    NoticeAggregator m_notices;
    QElapsedTimer m_clock; // for the per-address windows
    TcpListener m_listener;
    TlsListener m_tlsListener; // listening only with config().tls
    LocalListener m_localListener; // listening only with config().localName
    quint16 m_failedPort = 0;
    qint64 m_descriptorLimit = -1;
    RefusedConnections m_refused; // closed before a Hello, summarized once per window
    QString m_errorString;
    QSet<ClientConnection *> m_connections;
    QHash<QString, ClientConnection *> m_members; // attached members by Nickname::key
    QList<QPointer<ClientConnection>> m_tooSlow;
    QList<QPointer<ClientConnection>> m_queued; // have frames waiting for flushQueued()
    // Every frame published since the last flushQueued(), one log per layout, so each
    // member's share of a pass stays one contiguous range.
    std::array<QByteArray, 2> m_passLogs;
    QList<QByteArray> m_membersFrames; // the member list, encoded and sliced
    bool m_membersFramesValid = false; // false after a leave: rebuilt on the next join
    bool m_flushScheduled = false;
    bool m_logDirty = false; // events appended since the last commit
    int m_publishDepth = 0;
    quint64 m_messagesRelayed = 0;
    bool m_shuttingDown = false;
    bool m_shutdownFinished = false;
};
