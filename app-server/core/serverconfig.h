#pragma once

#include "protocol/messages.h"

#include <QHostAddress>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

#include <chrono>
#include <optional>

// Every limit of the server in one place, with the defaults of docs/protocol.md ("Server
// limits"). Plain data, so main.cpp fills it from the command line and a test injects
// limits of a few milliseconds instead of sleeping for real seconds.
struct ServerConfig
{
    QHostAddress listenAddress = QHostAddress::Any;
    quint16 port = Protocol::DefaultPort; // 0 picks a free port
    QString roomTitle = QStringLiteral("Chatroom");

    // The largest payload accepted from a client, and the size Members frames are cut to.
    quint32 maxFrameSize = Protocol::MaxFrameSize;
    // A connection that has not joined is closed with Error{HelloTimeout}; counted afresh
    // after every Rejected that keeps the connection.
    std::chrono::milliseconds helloTimeout {10'000};
    // A member that sends nothing at all for this long leaves with TimedOut.
    std::chrono::milliseconds idleTimeout {90'000};
    // More than floodLimit Say within floodWindow: Notice{SlowDown}, the message dropped.
    // 0 turns flood control off.
    int floodLimit = 20;
    std::chrono::milliseconds floodWindow {10'000};
    // Bytes queued for one member that the kernel will not take: beyond this the member
    // is dropped with TooSlow, so one stalled reader never holds up the room.
    qint64 sendQueueLimit = 1024 * 1024;
    int maxMembers = 10'000;
    // How long a closing connection may take to flush its last frames before it is
    // aborted; a peer that stopped reading must not keep shutdown waiting.
    std::chrono::milliseconds closeLinger {3'000};

    // Who may connect (docs/protocol.md, "Implementation choices"); 0 turns a cap off.
    // Connections that have not joined: at the cap, a new one closes the oldest of them.
    int maxUnjoined = 256;
    // Per address (loopback exempt unless limitLoopback): connections not joined, and
    // new connections within newConnectionWindow.
    int maxUnjoinedPerAddress = 16;
    int maxNewPerAddress = 20;
    std::chrono::milliseconds newConnectionWindow {10'000};
    bool limitLoopback = false;
    // Rejected answers one connection gets before it is closed, so a client cannot renew
    // its hello timeout for ever.
    int maxRejected = 10;

    // Protocol 1.1 (docs/protocol.md, "Version 1.1").
    // The most History events one batch carries; 0 turns history off.
    int historyMax = 200;
    // How long a dropped 1.1 member's seat is held for a Resume; 0 turns resume off.
    std::chrono::milliseconds resumeGrace {60'000};
    // Empty: no room password. Otherwise a Hello must carry it.
    QString password;

    // A second listener on listenAddress speaking the same protocol inside TLS (docs/
    // protocol.md, "Transport: TLS"); its members share the room with the plain ones.
    bool tls = false;
    quint16 tlsPort = 9528; // 0 picks a free port
    // Unset until TLS is configured: constructing a QSslCertificate or QSslKey, even a null
    // one, loads and initialises the TLS backend (OpenSSL, 4 MiB resident), which a
    // server without TLS never needs (docs/benchmarks.md, "Memory per member").
    std::optional<QSslCertificate> tlsCertificate;
    std::optional<QSslKey> tlsKey;

    // Non-empty: a local socket (QLocalServer) of this name beside the TCP port, for
    // clients on this machine (docs/protocol.md, "Transport: local socket").
    QString localName;

    // Plain TCP members are written with DirectSender's sendmsg() where it exists; false
    // writes every transport through QIODevice (--sender device). CHATROOM_SENDER=device
    // in the environment sets the default, so ctest runs the server tests on both.
    bool directSend = qEnvironmentVariable("CHATROOM_SENDER") != QLatin1String("device");
};
