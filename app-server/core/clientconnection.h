#pragma once

#include "floodgate.h"
#include "memberstate.h"
#include "protocol/framereader.h"
#include "protocol/messages.h"
#include "serverconfig.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QSocketNotifier>

#include <functional>
#include <memory>

class QTcpSocket;

// One client's session on the server: its socket, its own frame reader, its hello, idle
// and flood limits and its send queue. It reports what arrives and never touches the room;
// ChatServer decides what each message means.
class ClientConnection final : public QObject
{
    Q_OBJECT

public:
    enum class State : quint8 { AwaitingHello, Joined, Closing };

    // Takes the socket over as a child. A QSslSocket is only ever written through
    // QIODevice::write(), never with the direct path.
    ClientConnection(QTcpSocket *socket, const ServerConfig &config, QObject *parent = nullptr);
    ~ClientConnection() override;

    State state() const { return m_state; }
    bool isJoined() const { return m_state == State::Joined; }
    QHostAddress peerAddress() const { return m_peerAddress; }
    quint16 peerPort() const { return m_peerPort; }
    QString nickname() const { return m_member.nickname; }
    qint64 joinedAtMs() const { return m_member.joinedAtMs; }
    quint64 messagesSent() const { return m_member.messagesSent; }
    Protocol::Layout layout() const { return m_member.layout; }
    const MemberState &member() const { return m_member; }
    MemberState &member() { return m_member; }

    // The member's state arrives with a Hello or with a Resume.
    void markJoined(const MemberState &member);
    // After a Rejected that keeps the connection, the client gets a fresh hello timeout.
    void restartHelloTimer();
    // Counts a Rejected that kept the connection open; returns how many so far.
    int countRejected() { return ++m_rejected; }
    FloodGate::Verdict checkFlood();
    // The same limit for the frames that are not room events (Ping, HistoryRequest,
    // unknown types), counted apart so that paging back never costs a member a Say.
    FloodGate::Verdict checkControlFlood();
    quint64 countMessageSent() { return ++m_member.messagesSent; }

    // Queues one whole frame until flush(). Returns false when more than the send-queue
    // limit stays unsent even after handing the kernel all it will take: the peer is not
    // keeping up.
    bool send(const QByteArray &frame);
    // Queues bytes [from, to) of a log that the server shares among all members and
    // keeps until it has called flush() on every member with a slice of it: one event
    // published to a thousand members is one copy, not a thousand. Consecutive slices
    // merge, so a member's share of a whole pass is one range.
    bool sendShared(const QByteArray *log, qsizetype from, qsizetype to);
    bool hasQueued() const { return m_outboxBytes > 0 || hasShared(); }
    bool hasShared() const { return m_sharedTo > m_sharedFrom; }
    // Hands everything queued to the kernel in one write. The server calls this once per
    // event-loop pass for every connection that got frames, so a member gets all the
    // events of a pass in one send() however many there were.
    void flush();
    // Called before any byte goes to the kernel: the server makes the room log durable
    // first, so no event reaches a member before it is in the log, even when a slow
    // member's queue is flushed in the middle of a pass.
    void setBeforeWrite(std::function<void()> hook) { m_beforeWrite = std::move(hook); }
    // Sends the last frame (if any), then closes once it is out, or aborts after the
    // linger time. Nothing that arrives afterwards is reported.
    void close(const QByteArray &lastFrame = {});
    // Drops the connection at once, sending nothing more: a resumed member's older
    // connection, or one whose member is detached after a silence.
    void abort();

signals:
    void messageReceived(const Protocol::Message &message);
    void unknownTypeReceived(quint8 type);
    // The frame or payload broke the protocol; the server answers and closes.
    void protocolError(Protocol::ErrorCode code);
    void helloTimedOut();
    void idleTimedOut();
    // The socket is gone; the connection deletes itself right after.
    void closed();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void readFrames();
    void handlePayload(const QByteArray &payload);
    void onDisconnected();
    qint64 unsentBytes() const;
    bool withinLimit();
    // Copies the pending slice of the shared log into m_outbox, keeping the order.
    void takeShared();
    void clearOutbox();
    void setWaitingForWritable(bool waiting);
    // Gives what the kernel has not taken to QTcpSocket, which sends it and reports errors.
    void handOverToSocket();

    QTcpSocket *m_socket;
    Protocol::FrameReader m_reader;
    FloodGate m_floodGate;
    FloodGate m_controlGate;
    QElapsedTimer m_clock;
    // QBasicTimer, not QTimer: three QObjects and their connections per member were a
    // good part of the server's memory at 5000 members.
    QBasicTimer m_helloTimer;
    QBasicTimer m_idleTimer;
    QBasicTimer m_lingerTimer;
    qint64 m_sendQueueLimit;
    int m_helloTimeoutMs;
    int m_idleTimeoutMs;
    int m_closeLingerMs;
    qint64 m_lastFrameMs = 0; // m_clock time of the last frame from a member
    QHostAddress m_peerAddress;
    quint16 m_peerPort = 0;
    // This member's own frames the kernel has not taken yet, in order, m_outboxSent bytes
    // of the first already sent. The frames are shared, not copied, and go as soon as the
    // kernel has them, so an idle member holds no send buffer.
    QList<QByteArray> m_outbox;
    qsizetype m_outboxSent = 0;
    qint64 m_outboxBytes = 0; // unsent bytes in m_outbox
    // After m_outbox: the pending slice of the server's shared log.
    const QByteArray *m_sharedLog = nullptr;
    qsizetype m_sharedFrom = 0;
    qsizetype m_sharedTo = 0;
    // Once QTcpSocket holds bytes (close, an error), everything goes through it; a TLS
    // connection is handed over from the start and never writes to its descriptor.
    bool m_handedOver = false;
    // Armed only while the kernel refuses bytes: a slow reader.
    std::unique_ptr<QSocketNotifier> m_writable;
    State m_state = State::AwaitingHello;
    quint16 m_rejected = 0;
    MemberState m_member;
    std::function<void()> m_beforeWrite;
};
