#include "peersocket.h"

#include <QLocalSocket>
#include <QSslSocket>

PeerSocket::PeerSocket(QAbstractSocket *socket)
    : m_device(socket)
    , m_tcp(socket)
    , m_tls(qobject_cast<QSslSocket *>(socket))
    , m_peerAddress(socket->peerAddress())
    , m_peerPort(socket->peerPort())
{
}

PeerSocket::PeerSocket(QLocalSocket *socket)
    : m_device(socket)
    , m_local(socket)
    , m_peerAddress(QHostAddress::LocalHost)
{
}

bool PeerSocket::isConnected() const
{
    return m_tcp ? m_tcp->state() == QAbstractSocket::ConnectedState
                 : m_local->state() == QLocalSocket::ConnectedState;
}

qint64 PeerSocket::bytesToWrite() const
{
    qint64 bytes = m_device->bytesToWrite();
    // A QSslSocket counts what it has not encrypted yet; what it has, waits in the
    // socket below it and is just as unsent.
    if (m_tls)
        bytes += m_tls->encryptedBytesToWrite();
    return bytes;
}

void PeerSocket::abort()
{
    if (m_tcp)
        m_tcp->abort();
    else
        m_local->abort();
}

void PeerSocket::disconnectFromPeer()
{
    if (m_tcp)
        m_tcp->disconnectFromHost();
    else
        m_local->disconnectFromServer();
}

void PeerSocket::flush()
{
    if (m_tcp)
        m_tcp->flush();
    else
        m_local->flush();
}
