#pragma once

#include <QHostAddress>

class QAbstractSocket;
class QLocalSocket;
class QSslSocket;
class QIODevice;

// A member's socket, whichever transport carries it: TCP, TLS (a QSslSocket) or a local
// socket. ClientConnection reads and writes the QIODevice and asks this class the few
// things the transports spell differently. A local peer is on this machine, so it counts
// as loopback for the connection limits and is shown as 127.0.0.1 with port 0.
class PeerSocket
{
public:
    explicit PeerSocket(QAbstractSocket *socket);
    explicit PeerSocket(QLocalSocket *socket);

    QIODevice *device() const { return m_device; }
    // Null unless the transport is TCP or TLS.
    QAbstractSocket *tcp() const { return m_tcp; }
    bool isTls() const { return m_tls != nullptr; }
    bool isLocal() const { return m_local != nullptr; }
    QHostAddress peerAddress() const { return m_peerAddress; }
    quint16 peerPort() const { return m_peerPort; }

    bool isConnected() const;
    // Bytes the socket holds that the peer has not been sent, encrypted or not.
    qint64 bytesToWrite() const;
    void abort();
    // Sends what the socket holds, then closes.
    void disconnectFromPeer();
    // Writes what the socket holds now, as far as the kernel takes it.
    void flush();

private:
    QIODevice *m_device;
    QAbstractSocket *m_tcp = nullptr;
    QLocalSocket *m_local = nullptr;
    QSslSocket *m_tls = nullptr; // m_tcp, when it is a QSslSocket
    QHostAddress m_peerAddress;
    quint16 m_peerPort = 0;
};
