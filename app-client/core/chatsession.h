#pragma once

#include "certificateprompt.h"
#include "knownservers.h"
#include "outbox.h"
#include "roomevent.h"
#include "serveraddress.h"
#include "serverlist.h"

#include "chattext.h"
#include "protocol/framereader.h"
#include "protocol/messages.h"

#include <QAbstractSocket>
#include <QDeadlineTimer>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include <memory>
#include <optional>

class ServerConnection;

// The client's side of the protocol (docs/protocol.md): connect, join, say, leave, ping
// when idle, and reconnect with backoff after a lost connection. It holds everything a
// window shows (state, members, the room's events) and is driven by tests without one.
// The bytes travel over TCP, TLS or a local socket (ServerConnection), all alike here.
// A room served by several servers (ServerList) is joined through the first one that
// answers; after a lost connection each attempt goes to the next one in the list, and a
// seat held for us is resumed there with the same token.
class ChatSession final : public QObject
{
    Q_OBJECT

public:
    enum class State : quint8 { Disconnected, Connecting, Joining, Joined, Reconnecting };
    Q_ENUM(State)

    // Why the session is no longer joined; decides whether it reconnects on its own.
    enum class EndReason : quint8 {
        None,
        UserQuit, // leave() was called
        ConnectionLost, // reconnects
        ConnectFailed, // refused, unknown host, timeout at every server of the list: reported,
                       // no automatic retry while joining for the first time
        Kicked, // Error{Kicked}: no reconnect
        ServerShutdown, // Error{ServerShutdown}: comes back, slowly, when the server does
        ServerError, // any other Error{...}: reported; TimedOut/TooSlow/Flooding reconnect
        ProtocolError, // the server sent something we cannot read
        // Joining took longer than Timing::joinTimeoutMs, however busy the server was
        // meanwhile: reported; a session getting back into the room tries again.
        JoinTimedOut,
        // The server sent more than a room can hold: more members than the room limit or
        // than its Welcome announced, more history than asked for, a name or text longer
        // than the protocol allows. A broken or hostile server: no automatic retry.
        LimitExceeded,
    };
    Q_ENUM(EndReason)

    struct Timing
    {
        int pingIdleMs = 30000; // send Ping after this long without sending
        // After sending a frame the server answers (Hello, Say, Ping): with nothing at all
        // from the server for this long, the connection is taken as lost. A server that
        // vanished without a FIN or RST is otherwise never noticed.
        int pongTimeoutMs = 20000;
        int connectTimeoutMs = 10000;
        // From the connection to the last Members frame (or Resumed): a deadline, not a
        // watchdog, so a server that keeps sending frames but never lets us in cannot keep
        // the session waiting. Restarted only by a Hello the user asks for.
        int joinTimeoutMs = 30000;
        int reconnectInitialMs = 1000; // then 2, 4, ... up to reconnectMaxMs
        int reconnectMaxMs = 30000;
        // After a dropped connection that can resume: the first try, soon, so the seat
        // held for us is still there.
        int resumeDelayMs = 300;
        // While the server may still hold our seat under a token we never received (a
        // Resume went unanswered), a rejoin refused with NameTaken is tried again this
        // often until the grace announced in Welcome has passed...
        int resumeRetryMs = 2000;
        // ...and this much more: the server counts the grace from when it notices the
        // connection gone, which may be a little after we do.
        int seatSlackMs = 5000;
        // After Error{ServerShutdown}: 2, 4, ... up to this; a restart takes a while.
        int shutdownInitialMs = 2000;
        int shutdownMaxMs = 60000;
        double reconnectJitter = 0.2; // +- fraction of each delay
        int maxEvents = 5000; // events kept in events()
        // Frames handled before the event loop gets a turn; the rest wait for the next
        // one. A busy room can queue megabytes in the socket, and a window that took them
        // all in one go would neither repaint nor take input until it was done.
        int maxFramesPerRead = 256;
    };

    explicit ChatSession(QObject *parent = nullptr);
    ~ChatSession() override;

    void setTiming(const Timing &timing);
    Timing timing() const { return m_timing; }
    // How many earlier messages to ask for on joining (protocol 1.1); 0 asks for none.
    void setHistoryMax(int count) { m_historyMax = quint16(qBound(0, count, 65535)); }
    int historyMax() const { return m_historyMax; }
    // The room password sent with Hello; empty for none.
    void setPassword(const QString &password) { m_password = password; }
    // The most members a room may have, as far as this client knows (chatroom-server's
    // default --max-members): a Welcome announcing more, or a member list growing past
    // it, ends the connection with LimitExceeded.
    static constexpr int DefaultMaxMembers = 10000;
    void setMaxMembers(int count) { m_maxMembers = qMax(1, count); }
    int maxMembers() const { return m_maxMembers; }

    // Connects if needed and sends Hello. After a Rejected (NameTaken/Invalid/Reserved)
    // on a still-open connection it only sends the new Hello; if the server has closed
    // meanwhile it connects again. Over TLS, a certificate not pinned for the server stops
    // it before the Hello: certificateUnknown() asks the user first.
    // The servers are tried in their order, from the first: one that cannot be reached
    // (refused, unknown, timed out) moves on to the next, and only when none could be is
    // connectionFailed() emitted, with connectFailures() saying why for each.
    void join(const ServerList &servers, const QString &nickname);
    void join(const ServerAddress &address, const QString &nickname)
    {
        join(ServerList(address), nickname);
    }
    // Over plain TCP.
    void join(const QString &host, quint16 port, const QString &nickname)
    {
        join(ServerAddress {ServerAddress::Transport::Tcp, host, port}, nickname);
    }
    // Where TLS servers' fingerprints are pinned; the application's settings by default.
    void setKnownServers(const KnownServers &knownServers) { m_knownServers = knownServers; }
    // The certificate certificateUnknown() asked about: pinned (replacing an earlier pin)
    // and the connection made again, to go on as if it had been known all along.
    void acceptCertificate();
    // Not trusted: nothing is pinned, and the attempt ends with connectionFailed().
    void refuseCertificate();
    // What certificateUnknown() asked about, until it is answered or the session moves on.
    std::optional<CertificatePrompt> pendingCertificate() const { return m_pendingCertificate; }
    // Validates with ChatText first: false (and textRefused) when it is not taken. A
    // valid text is queued with a clientId and sent at once when joined, or when the
    // connection is back (sayQueued, then sayDelivered or sayFailed).
    bool say(const QString &text);
    // Whether say() takes a valid text now: joined, or away from a room it is getting back
    // into on its own (the Say waits in the outbox).
    bool canSay() const;
    // Asks for the server's name change; renamed() or renameRefused() answers.
    bool rename(const QString &nickname);
    // Pages back: the next older page of messages (historyReceived with reply set).
    // False when there is nothing older or a page is on its way.
    bool requestOlderHistory(int max = 50);
    bool hasOlderHistory() const { return !m_historyExhausted; }
    // Bye, then close; no reconnect.
    void leave();
    // Drops any wait and connects again at once with the last host, port and name.
    void reconnectNow();

    State state() const { return m_state; }
    EndReason endReason() const { return m_endReason; }
    // The servers joined through, the one in use current().
    ServerList servers() const { return m_servers; }
    // The server connected to, or being tried.
    ServerAddress address() const { return m_servers.current(); }
    QString host() const { return address().host; }
    quint16 port() const { return address().port; }
    // One server a join could not reach, and why.
    struct ConnectFailure
    {
        ServerAddress server;
        QAbstractSocket::SocketError error = QAbstractSocket::UnknownSocketError;
        QString message; // Qt's words, in English
    };
    // Every server the last join tried, in order, when connectionFailed() was emitted.
    QList<ConnectFailure> connectFailures() const { return m_connectFailures; }
    // Over TLS, with the pinned certificate.
    bool isEncrypted() const;
    QString nickname() const { return m_nickname; } // as accepted by the server once joined
    QString roomTitle() const { return m_roomTitle; }
    QStringList members() const { return m_members; } // in join order
    QList<RoomEvent> events() const { return m_events; } // in seq order, bounded
    // The earlier messages received on joining and paging back, oldest first, bounded: a
    // window opened after the join shows them too.
    QList<RoomEvent> history() const { return m_history; }
    const Outbox &outbox() const { return m_outbox; }
    // Reconnecting to a seat the server holds: the room does not see us gone.
    bool isResuming() const { return m_resuming; }
    QString roomEpoch() const { return m_roomEpoch; }
    quint64 lastSeq() const { return m_lastSeq; } // the last room event received
    // Seconds until the next reconnect attempt while Reconnecting, else -1.
    int reconnectInSeconds() const;

Q_SIGNALS:
    void stateChanged(ChatSession::State state);
    void joined(const QString &nickname, const QString &roomTitle);
    // The whole list after any change, for simple users. A view of a large room follows
    // the three fine-grained signals instead: one Joined or Left is then one row.
    void membersChanged(const QStringList &members);
    // A new member, appended at the end (join order).
    void memberAdded(const QString &name);
    // The member at index (in members() before the removal) left.
    void memberRemoved(int index, const QString &name);
    // A new list at once: on joining, and emptied when the connection ends.
    void membersReset(const QStringList &members);
    void eventAdded(const RoomEvent &event);
    // A batch of earlier messages, oldest first: on joining (reply false) or paging back
    // (reply true). truncated: older ones exist (or existed) on the server.
    void historyReceived(const QList<RoomEvent> &events, bool reply, bool truncated);
    // The dropped connection is back and nothing was missed.
    void resumed();
    void sayQueued(quint64 clientId, const QString &text);
    void sayDelivered(quint64 clientId);
    // The server refused it (code), or it was lost while away (code UnknownType stands
    // for "not sent").
    void sayFailed(quint64 clientId, const QString &text, Protocol::NoticeCode code);
    void renamed(const QString &oldName, const QString &newName);
    void renameRefused(Protocol::NoticeCode code);
    // Error{ServerShutdown}: the session comes back on its own once the server does.
    void serverShutDown();
    // The server refused the name (or version, or the room is full).
    void rejected(Protocol::RejectReason reason, const QString &detail);
    void noticeReceived(Protocol::NoticeCode code, const QString &detail);
    // The server's Error{...} just before it closes.
    void errorReceived(Protocol::ErrorCode code, const QString &detail);
    // Over TLS, the server's certificate is not the one pinned for it (prompt.changed())
    // or none is pinned yet. The session waits, sending nothing, for acceptCertificate()
    // or refuseCertificate(); it asks again on every connection until one is given.
    void certificateUnknown(const CertificatePrompt &prompt);
    // A join could not reach any of its servers (refused, unknown host, timeout): error and
    // message are the last server's; connectFailures() lists them all.
    void connectionFailed(QAbstractSocket::SocketError error, const QString &message);
    // address() is another server of the list now: the next one a join tries, or the one
    // a reconnect goes to.
    void serverChanged(const ServerAddress &address);
    // The connection is gone; reason says why and whether a reconnect follows.
    void disconnected(ChatSession::EndReason reason);
    void reconnectScheduled(int seconds);
    // say() did not send: the text was empty or too long.
    void textRefused(ChatText::Verdict verdict);

private:
    void connectToServer();
    void dropSocket(bool sayBye);
    void onConnected();
    void onReadyRead();
    // Handles at most budget whole frames (0: all there are); true when it stopped at the
    // budget, so that more may be waiting.
    bool readFrames(int budget);
    void onSocketError(QAbstractSocket::SocketError error);
    void onSocketDisconnected();
    void onConnectTimeout();
    void onCertificateUntrusted();
    void onPingTimeout();
    void onPongTimeout();
    void onJoinTimeout();
    // The server sent more than it may (docs/fuzzing.md, "What a server can make the
    // client hold"): the connection ends with LimitExceeded.
    void refuseOverLimit();
    // tryNext: a join moves on to the next server it has not tried yet, if there is one.
    void failConnect(QAbstractSocket::SocketError error, const QString &message,
                     bool tryNext = true);
    // To the next server of the list, for the next connection.
    void moveToNextServer();
    void endConnection(EndReason reason);
    int scheduleReconnect(); // seconds until the attempt
    void send(const Protocol::Message &message);
    void sendHello();
    void handle(const Protocol::Message &message);
    void handleWelcome(const Protocol::Welcome &welcome);
    void handleMembers(const Protocol::Members &members);
    void handleRejected(const Protocol::Rejected &message);
    // NameTaken while getting back into the room (answersResume: to the Resume itself):
    // true when the name may be our own seat, held by the server for the grace, and the
    // session has tried again rather than asking for another name.
    bool retryWhileSeatHeld(bool answersResume);
    void forgetSeat();
    void handleError(const Protocol::Error &error);
    void handleRoomEvent(const Protocol::Message &message);
    void handleHistory(const Protocol::History &history);
    void handleResumed(const Protocol::Resumed &resumed);
    void handleNotice(const Protocol::Notice &notice);
    void handlePong(const Protocol::Pong &pong);
    // Everything the server sent before now has arrived (a Ping's Pong): the outbox can
    // tell what was lost and send what is waiting.
    void requestSync();
    void onSynced();
    void sendOutbox();
    RoomEvent roomEventOf(const Protocol::Message &message) const;
    void finishJoin();
    void addEvent(const RoomEvent &event);
    // False (and the connection ended) when the room would grow past maxMembers().
    bool addMember(const QString &name);
    void removeMember(const QString &name);
    void clearMembers();
    void setState(State state);
    bool isOwn(const QString &name) const;
    bool isConnected() const;

    Timing m_timing;
    State m_state = State::Disconnected;
    EndReason m_endReason = EndReason::None;
    ServerList m_servers; // current(): the server connected to
    QList<ConnectFailure> m_connectFailures; // this join's servers that could not be reached
    KnownServers m_knownServers;
    std::optional<CertificatePrompt> m_pendingCertificate;
    QString m_nickname;
    QString m_roomTitle;
    QStringList m_members;
    QSet<QString> m_memberKeys; // Nickname::key of each member, so a Joined is O(1)
    QList<RoomEvent> m_events;
    Outbox m_outbox;
    quint16 m_historyMax = 100;
    int m_maxMembers = DefaultMaxMembers;
    QString m_password;
    // Protocol 1.1: the log our seqs belong to, the last event we have, the resume token.
    QString m_roomEpoch;
    quint64 m_lastSeq = 0;
    QByteArray m_resumeToken;
    quint32 m_resumeGraceMs = 0;
    bool m_resuming = false; // the next connection sends Resume instead of Hello
    bool m_resumeSent = false; // this connection sent Resume and has no answer yet
    // A Resume went unanswered on a lost connection: the server may have seated us there
    // and spent our token, so a seat we cannot redeem may hold our name until its grace
    // ends, m_seatDeadline (counted from when we lost the connection it may be held for).
    bool m_seatMayHoldName = false;
    QDeadlineTimer m_seatDeadline;
    quint64 m_resumedLastClientId = 0;
    bool m_afterResume = false; // the pending sync ends a resume's replay
    quint64 m_syncToken = 0; // the Ping whose Pong is the sync point; 0: none
    bool m_shutdownSeen = false; // Error{ServerShutdown} since the last join
    // History batches: the one being received, and paging state.
    QList<RoomEvent> m_historyBatch;
    QList<RoomEvent> m_joinHistory; // this membership's join batch, for the outbox
    // The join batch holds every message since the Hello's afterSeq: what it does not show
    // as ours did not arrive. Otherwise a Say sent before the drop may or may not have.
    bool m_joinHistoryComplete = false;
    QString m_helloEpoch; // what the last Hello sent, to judge the join batch
    quint64 m_helloAfterSeq = 0;
    QList<RoomEvent> m_history;
    bool m_historyRequested = false;
    // What the server may send back: the join batch holds at most the Hello's historyMax
    // events, a reply at most the request's max; m_historyBatchCount counts the batch in
    // progress (every element, kept or not). History nobody asked for is dropped.
    quint16 m_helloHistoryMax = 0;
    quint16 m_requestedHistoryMax = 0;
    bool m_joinBatchOpen = false;
    qsizetype m_historyBatchCount = 0;
    bool m_historyExhausted = false;
    quint64 m_oldestSeq = 0; // the oldest event we have, for paging back
    // A fresh connection per attempt, parented to the session; an old one is cut off
    // from our slots and closes and deletes itself, so a stale signal never reaches us.
    ServerConnection *m_connection = nullptr;
    Protocol::FrameReader m_reader;
    QTimer m_connectTimer;
    QTimer m_pingTimer;
    QTimer m_pongTimer; // armed by a sent frame, stopped by any received one it knows
    QTimer m_joinTimer; // from connected until joined; frames do not extend it
    QTimer m_reconnectTimer;
    QTimer m_readMore; // zero-time: the frames left over by the last onReadyRead()
    QString m_requestedName; // what the next Hello asks for
    QString m_ownKey; // Nickname::key of the accepted name, for the own flag
    // Set once joined: a lost connection is then worth reconnecting for. Cleared by the
    // user's own choices (leave, a fresh join) and by ends that must not repeat (kick,
    // shutdown, a name the window has to ask about).
    bool m_autoReconnect = false;
    int m_reconnectAttempt = 0;
    quint64 m_pingToken = 0;
    // Between Welcome and the last Members frame.
    bool m_welcomePending = false;
    quint64 m_welcomeSeq = 0;
    quint32 m_expectedMembers = 0;
    QStringList m_pendingMembers;
};
