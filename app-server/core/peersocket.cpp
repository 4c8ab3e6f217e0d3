#include "peersocket.h"

#include "platform.h"

#include <QLocalSocket>
#include <QSslSocket>

#include <cstring>

#if CHATROOM_HAS(unix_api)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

PeerSocket::PeerSocket(QAbstractSocket *socket)
    : m_device(socket)
    , m_tcp(socket)
    , m_tls(qobject_cast<QSslSocket *>(socket))
    , m_peerPort(socket->peerPort())
{
    setPeerAddress(socket->peerAddress());
}

PeerSocket::PeerSocket(QLocalSocket *socket)
    : m_device(socket)
{
    setPeerAddress(QHostAddress(QHostAddress::LocalHost));
}

PeerSocket PeerSocket::fromDescriptor(int descriptor, const QHostAddress &address, quint16 port)
{
    PeerSocket peer;
    peer.m_descriptor = descriptor;
    peer.setPeerAddress(address);
    peer.m_peerPort = port;
    return peer;
}

std::optional<PeerSocket::Endpoint> PeerSocket::peerOf(int descriptor)
{
#if CHATROOM_HAS(unix_api)
    sockaddr_storage peer {};
    socklen_t length = sizeof peer;
    if (::getpeername(descriptor, reinterpret_cast<sockaddr *>(&peer), &length) != 0)
        return std::nullopt;
    // QHostAddress reads the address out of a sockaddr but not the port.
    Endpoint endpoint;
    endpoint.address = QHostAddress(reinterpret_cast<const sockaddr *>(&peer));
    if (peer.ss_family == AF_INET6)
        endpoint.port = ntohs(reinterpret_cast<const sockaddr_in6 *>(&peer)->sin6_port);
    else if (peer.ss_family == AF_INET)
        endpoint.port = ntohs(reinterpret_cast<const sockaddr_in *>(&peer)->sin_port);
    return endpoint;
#else
    Q_UNUSED(descriptor);
    return std::nullopt;
#endif
}

void PeerSocket::setPeerAddress(const QHostAddress &address)
{
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        m_ipVersion = 4;
        const quint32 ipv4 = address.toIPv4Address();
        memcpy(&m_address, &ipv4, sizeof ipv4);
    } else if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        m_ipVersion = 6;
        m_address = address.toIPv6Address();
    }
}

QHostAddress PeerSocket::peerAddress() const
{
    if (m_ipVersion == 4) {
        quint32 ipv4 = 0;
        memcpy(&ipv4, &m_address, sizeof ipv4);
        return QHostAddress(ipv4);
    }
    if (m_ipVersion == 6)
        return QHostAddress(m_address);
    return {};
}

QLocalSocket *PeerSocket::local() const
{
    return m_tcp ? nullptr : static_cast<QLocalSocket *>(m_device);
}

bool PeerSocket::isConnected() const
{
    if (isBare())
        return m_descriptor >= 0;
    return m_tcp ? m_tcp->state() == QAbstractSocket::ConnectedState
                 : local()->state() == QLocalSocket::ConnectedState;
}

qint64 PeerSocket::bytesToWrite() const
{
    if (isBare())
        return 0; // DirectSender keeps nothing of its own
    qint64 bytes = m_device->bytesToWrite();
    // A QSslSocket counts what it has not encrypted yet; what it has, waits in the
    // socket below it and is just as unsent.
    if (m_tls)
        bytes += m_tls->encryptedBytesToWrite();
    return bytes;
}

void PeerSocket::abort()
{
    if (isBare())
        closeDescriptor();
    else if (m_tcp)
        m_tcp->abort();
    else
        local()->abort();
}

bool PeerSocket::closeDescriptor()
{
    if (m_descriptor < 0)
        return false;
#if CHATROOM_HAS(unix_api)
    ::close(m_descriptor);
#endif
    m_descriptor = -1;
    return true;
}

void PeerSocket::disconnectFromPeer()
{
    if (isBare())
        closeDescriptor();
    else if (m_tcp)
        m_tcp->disconnectFromHost();
    else
        local()->disconnectFromServer();
}

void PeerSocket::flush()
{
    if (isBare())
        return;
    if (m_tcp)
        m_tcp->flush();
    else
        local()->flush();
}
