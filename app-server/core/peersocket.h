#pragma once

#include <QHostAddress>

#include <optional>

class QAbstractSocket;
class QLocalSocket;
class QSslSocket;
class QIODevice;

// A member's socket, whichever transport carries it: TCP, TLS (a QSslSocket) or a local
// socket. ClientConnection reads and writes the QIODevice and asks this class the few
// things the transports spell differently. A local peer is on this machine, so it counts
// as loopback for the connection limits and is shown as 127.0.0.1 with port 0.
//
// On Linux plain TCP is a bare descriptor instead (fromDescriptor()): no QIODevice,
// ClientConnection reads it when its DescriptorPoller says so and DirectSender writes it.
// A QTcpSocket with its private, socket engine, notifier and connections was 2.5 KB a
// member (docs/benchmarks.md, "Memory per member").
class PeerSocket
{
public:
    explicit PeerSocket(QAbstractSocket *socket);
    explicit PeerSocket(QLocalSocket *socket);
    // Takes over a connected TCP descriptor; the address is the peer's (peerOf()).
    static PeerSocket fromDescriptor(int descriptor, const QHostAddress &address, quint16 port);

    struct Endpoint
    {
        QHostAddress address;
        quint16 port = 0;
    };
    // Whom a connected descriptor is connected to (getpeername()); nothing when the peer
    // is gone already or the platform has no such call.
    static std::optional<Endpoint> peerOf(int descriptor);

    // Null for a bare descriptor.
    QIODevice *device() const { return m_device; }
    // The bare descriptor, or -1 (a QIODevice, or closed).
    int descriptor() const { return m_descriptor; }
    bool isBare() const { return m_device == nullptr; }
    // Null unless the transport is TCP or TLS.
    QAbstractSocket *tcp() const { return m_tcp; }
    bool isTls() const { return m_tls != nullptr; }
    bool isLocal() const { return m_device != nullptr && m_tcp == nullptr; }
    QHostAddress peerAddress() const;
    quint16 peerPort() const { return m_peerPort; }

    // A bare descriptor is connected until closeDescriptor().
    bool isConnected() const;
    // Bytes the socket holds that the peer has not been sent, encrypted or not.
    qint64 bytesToWrite() const;
    // A bare descriptor: closeDescriptor().
    void abort();
    // Closes a bare descriptor (the kernel still sends what it took, then a FIN). Returns
    // false when it was closed already.
    bool closeDescriptor();
    // Sends what the socket holds, then closes.
    void disconnectFromPeer();
    // Writes what the socket holds now, as far as the kernel takes it.
    void flush();

private:
    PeerSocket() = default;
    void setPeerAddress(const QHostAddress &address);
    QLocalSocket *local() const;

    QIODevice *m_device = nullptr;
    QAbstractSocket *m_tcp = nullptr;
    QSslSocket *m_tls = nullptr; // m_tcp, when it is a QSslSocket
    // The address in place, not as a QHostAddress: its private is a heap block of 56
    // bytes per member that only a QTcpSocket would have shared. A link-local IPv6
    // peer's scope is not kept.
    Q_IPV6ADDR m_address {};
    quint8 m_ipVersion = 0; // 4, 6, or 0: none
    quint16 m_peerPort = 0;
    int m_descriptor = -1;
};
