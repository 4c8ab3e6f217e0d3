#pragma once

#include "floodgate.h"
#include "protocol/framereader.h"
#include "protocol/messages.h"
#include "serverconfig.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QTimer>

class QTcpSocket;

// One client's session on the server: its socket, its own frame reader, its hello, idle
// and flood limits and its send queue. It reports what arrives and never touches the room;
// ChatServer decides what each message means.
class ClientConnection final : public QObject
{
    Q_OBJECT

public:
    enum class State : quint8 { AwaitingHello, Joined, Closing };

    // Takes the socket over as a child.
    ClientConnection(QTcpSocket *socket, const ServerConfig &config, QObject *parent = nullptr);
    ~ClientConnection() override;

    State state() const { return m_state; }
    bool isJoined() const { return m_state == State::Joined; }
    QHostAddress peerAddress() const { return m_peerAddress; }
    quint16 peerPort() const { return m_peerPort; }
    QString nickname() const { return m_nickname; }
    qint64 joinedAtMs() const { return m_joinedAtMs; }
    quint64 messagesSent() const { return m_messagesSent; }

    void markJoined(const QString &nickname, qint64 joinedAtMs);
    // After a Rejected that keeps the connection, the client gets a fresh hello timeout.
    void restartHelloTimer();
    FloodGate::Verdict checkFlood();
    quint64 countMessageSent() { return ++m_messagesSent; }

    // Queues one whole frame; Qt sends what piles up in one event-loop turn in few
    // writes. Returns false when more than the send-queue limit stays unsent even after
    // handing the kernel all it will take: the peer is not keeping up.
    bool send(const QByteArray &frame);
    // Sends the last frame (if any), then closes once it is out, or aborts after the
    // linger time. Nothing that arrives afterwards is reported.
    void close(const QByteArray &lastFrame = {});

signals:
    void messageReceived(const Protocol::Message &message);
    void unknownTypeReceived(quint8 type);
    // The frame or payload broke the protocol; the server answers and closes.
    void protocolError(Protocol::ErrorCode code);
    void helloTimedOut();
    void idleTimedOut();
    // The socket is gone; the connection deletes itself right after.
    void closed();

private:
    void readFrames();
    void handlePayload(const QByteArray &payload);
    void onDisconnected();

    QTcpSocket *m_socket;
    Protocol::FrameReader m_reader;
    FloodGate m_floodGate;
    QElapsedTimer m_clock;
    QTimer m_helloTimer;
    QTimer m_idleTimer;
    QTimer m_lingerTimer;
    qint64 m_sendQueueLimit;
    QHostAddress m_peerAddress;
    quint16 m_peerPort = 0;
    State m_state = State::AwaitingHello;
    QString m_nickname;
    qint64 m_joinedAtMs = 0;
    quint64 m_messagesSent = 0;
};
