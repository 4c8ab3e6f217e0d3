#pragma once

#include "connectionhandler.h"
#include "descriptorwatcher.h"
#include "floodgate.h"
#include "framesender.h"
#include "memberstate.h"
#include "peersocket.h"
#include "platform.h"
#include "protocol/framereader.h"
#include "protocol/messages.h"
#include "sendqueue.h"
#include "serverconfig.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>

#include <memory>

class DescriptorPoller;
class QAbstractSocket;
class QIODevice;
class QLocalSocket;

// One client's session on the server, whatever transport carries it: its own frame
// reader, its hello, idle and flood limits and its send queue. It reports what arrives
// and never touches the room; ChatServer decides what each message means. How the queued
// bytes leave is its FrameSender's business.
class ClientConnection final : public QObject, public DescriptorWatcher
{
    Q_OBJECT

public:
    enum class State : quint8 { AwaitingHello, Joined, Closing };

    // Takes the socket over as a child. Plain TCP uses DirectSender where it exists and
    // config.directSend allows; TLS and local sockets are written through QIODevice.
    ClientConnection(QAbstractSocket *socket, const ServerConfig &config,
                     QObject *parent = nullptr);
    ClientConnection(QLocalSocket *socket, const ServerConfig &config, QObject *parent = nullptr);
#if CHATROOM_HAS(linux_api)
    // Plain TCP on Linux without a QTcpSocket: takes over the connected descriptor, reads
    // it when `poller` says so and writes it with DirectSender. `poller` must outlive this.
    ClientConnection(int descriptor, const QHostAddress &peerAddress, quint16 peerPort,
                     DescriptorPoller *poller, const ServerConfig &config,
                     QObject *parent = nullptr);
#endif
    ~ClientConnection() override;

    State state() const { return m_state; }
    bool isJoined() const { return m_state == State::Joined; }
    QHostAddress peerAddress() const { return m_peer.peerAddress(); }
    quint16 peerPort() const { return m_peer.peerPort(); }
    bool isLocal() const { return m_peer.isLocal(); }
    bool isTls() const { return m_peer.isTls(); }
    // Whether the bytes leave through DirectSender's sendmsg().
    bool sendsDirect() const { return !m_sender->buffersInDevice(); }
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
    bool hasQueued() const { return !m_queue.isEmpty(); }
    bool hasShared() const { return m_queue.hasShared(); }
    // Hands everything queued to the sender in one go. The server calls this once per
    // event-loop pass for every connection that got frames, so a member gets all the
    // events of a pass in one send() however many there were.
    void flush();
    // Who hears what arrives, the timeouts and the end, and is asked beforeWrite();
    // nullptr: nobody (the handler is going away).
    void setHandler(ConnectionHandler *handler) { m_handler = handler; }
    // Sends the last frame (if any), then closes once it is out, or aborts after the
    // linger time. Nothing that arrives afterwards is reported.
    void close(const QByteArray &lastFrame = {});
    // Drops the connection at once, sending nothing more: a resumed member's older
    // connection, or one whose member is detached after a silence.
    void abort();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    ClientConnection(const PeerSocket &peer, const ServerConfig &config, QObject *parent);
    void watchDevice(const ServerConfig &config);
    void readFrames();
    // A bare descriptor: one read() per pass of the event loop, like QTcpSocket's.
    void descriptorReadable() override;
    // DirectSender: the kernel takes bytes again.
    void descriptorWritable() override { flush(); }
    void descriptorFailed() override { abortPeer(); }
    void readFrom(QIODevice *input);
    // Closes the socket at once and, for a bare descriptor (a QIODevice says so itself),
    // reports the connection gone on the next pass.
    void abortPeer();
    // Gives the sender what close() left for a bare descriptor; closes it once all is out.
    void finishClosing();
    void handlePayload(const QByteArray &payload);
    void onDisconnected();
    qint64 unsentBytes() const;
    bool withinLimit();

    PeerSocket m_peer;
    Protocol::FrameReader m_reader;
    FloodGate m_floodGate;
    FloodGate m_controlGate;
    QElapsedTimer m_clock;
    // QBasicTimer, not QTimer: three QObjects and their connections per member were a
    // good part of the server's memory at 5000 members.
    QBasicTimer m_helloTimer;
    QBasicTimer m_idleTimer;
    QBasicTimer m_lingerTimer;
    State m_state = State::AwaitingHello; // here, in what would be padding
    quint16 m_rejected = 0;
    qint64 m_sendQueueLimit;
    int m_helloTimeoutMs;
    int m_idleTimeoutMs;
    int m_closeLingerMs;
    qint64 m_lastFrameMs = 0; // m_clock time of the last frame from a member
    // What the sender has not taken yet. An idle member holds no send buffer.
    SendQueue m_queue;
    qint64 m_deviceBytes = 0; // what the socket's own buffer held after the last flush
    std::unique_ptr<FrameSender> m_sender;
    MemberState m_member;
    ConnectionHandler *m_handler = nullptr;
    DescriptorPoller *m_poller = nullptr; // a bare descriptor's
};
