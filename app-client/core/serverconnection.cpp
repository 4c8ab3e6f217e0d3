#include "serverconnection.h"

#include <QLocalSocket>
#include <QSslSocket>
#include <QTcpSocket>

namespace {
// What a self-signed certificate, made by the server for itself and reached by an
// address it does not name, draws from a verification against the system's authorities.
// Once the fingerprint matches the pin these say nothing more; any other error (an
// expired certificate, a bad signature) still ends the handshake.
bool expectedOfSelfSigned(QSslError::SslError error)
{
    switch (error) {
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::CertificateUntrusted:
    case QSslError::HostNameMismatch:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
        return true;
    default:
        return false;
    }
}
} // namespace

ServerConnection::ServerConnection(const ServerAddress &address, const KnownServers &knownServers,
                                   QObject *parent)
    : QObject(parent)
    , m_address(address)
    , m_knownServers(knownServers)
{
    switch (address.transport) {
    case ServerAddress::Transport::Tcp:
        setUpTcp(new QTcpSocket(this));
        break;
    case ServerAddress::Transport::Tls:
        setUpTls();
        break;
    case ServerAddress::Transport::Local:
        setUpLocal();
        break;
    }
}

void ServerConnection::setUpTcp(QAbstractSocket *socket)
{
    m_socket = socket;
    m_device = socket;
    connect(socket, &QIODevice::readyRead, this, &ServerConnection::readyRead);
    connect(socket, &QAbstractSocket::errorOccurred, this, &ServerConnection::onError);
    connect(socket, &QAbstractSocket::disconnected, this, &ServerConnection::onDisconnected);
    if (m_address.transport == ServerAddress::Transport::Tls)
        return; // ready once encrypted, not once connected
    connect(socket, &QAbstractSocket::connected, this, [this] {
        m_ready = true;
        Q_EMIT connected();
    });
}

void ServerConnection::setUpTls()
{
    m_tls = new QSslSocket(this);
    setUpTcp(m_tls);
    connect(m_tls, &QSslSocket::sslErrors, this, &ServerConnection::onSslErrors);
    connect(m_tls, &QSslSocket::encrypted, this, &ServerConnection::onEncrypted);
}

void ServerConnection::setUpLocal()
{
    m_local = new QLocalSocket(this);
    m_device = m_local;
    connect(m_local, &QLocalSocket::connected, this, [this] {
        m_ready = true;
        Q_EMIT connected();
    });
    connect(m_local, &QIODevice::readyRead, this, &ServerConnection::readyRead);
    // QLocalSocket's errors are QAbstractSocket's numbers (ServerNotFoundError is
    // HostNotFoundError, and so on), so one set of words serves both.
    connect(m_local, &QLocalSocket::errorOccurred, this,
            [this](QLocalSocket::LocalSocketError error) {
                onError(QAbstractSocket::SocketError(int(error)));
            });
    connect(m_local, &QLocalSocket::disconnected, this, &ServerConnection::onDisconnected);
}

void ServerConnection::open()
{
    if (m_tls)
        m_tls->connectToHostEncrypted(m_address.host, m_address.port);
    else if (m_socket)
        m_socket->connectToHost(m_address.host, m_address.port);
    else
        m_local->connectToServer(m_address.host);
}

bool ServerConnection::isConnected() const
{
    if (!m_ready)
        return false;
    if (m_local)
        return m_local->state() == QLocalSocket::ConnectedState;
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

bool ServerConnection::isEncrypted() const
{
    return m_tls && m_ready && m_tls->isEncrypted();
}

QString ServerConnection::errorString() const
{
    return m_device->errorString();
}

void ServerConnection::close(const QByteArray &lastWords)
{
    if (isConnected() && !lastWords.isEmpty()) {
        m_device->write(lastWords);
        // Closes once the words are written; this object lives until then.
        if (m_local) {
            m_local->flush();
            m_local->disconnectFromServer();
        } else {
            m_socket->flush();
            m_socket->disconnectFromHost();
        }
    } else if (m_local) {
        m_local->abort();
    } else {
        m_socket->abort();
    }
    if (isClosed()) {
        deleteLater();
    } else if (m_local) {
        connect(m_local, &QLocalSocket::disconnected, this, &QObject::deleteLater);
    } else {
        connect(m_socket, &QAbstractSocket::disconnected, this, &QObject::deleteLater);
    }
}

bool ServerConnection::isClosed() const
{
    if (m_local)
        return m_local->state() == QLocalSocket::UnconnectedState;
    return m_socket->state() == QAbstractSocket::UnconnectedState;
}

void ServerConnection::onSslErrors(const QList<QSslError> &errors)
{
    // Not the pinned certificate: the errors stay, so the handshake fails and onError()
    // reports the certificate instead.
    if (!trusts(m_tls->peerCertificate()))
        return;
    QList<QSslError> expected;
    for (const QSslError &error : errors) {
        if (expectedOfSelfSigned(error.error()))
            expected.append(error);
    }
    m_tls->ignoreSslErrors(expected);
}

void ServerConnection::onEncrypted()
{
    // A certificate some authority vouches for draws no sslErrors, but it is still not
    // the one the user accepted for this server.
    if (!trusts(m_tls->peerCertificate())) {
        m_tls->abort();
        reportUntrusted();
        return;
    }
    m_ready = true;
    Q_EMIT connected();
}

void ServerConnection::onError(QAbstractSocket::SocketError error)
{
    // The handshake we let fail: the certificate is the news, not the failure.
    if (m_untrusted)
        reportUntrusted();
    else
        Q_EMIT errorOccurred(error);
}

void ServerConnection::onDisconnected()
{
    if (m_untrusted)
        reportUntrusted();
    else
        Q_EMIT disconnected();
}

void ServerConnection::reportUntrusted()
{
    // Once, however many errors and disconnections the failed handshake brings.
    if (std::exchange(m_untrustedReported, true))
        return;
    Q_EMIT certificateUntrusted();
}

bool ServerConnection::trusts(const QSslCertificate &certificate)
{
    const QString server = m_address.display();
    const QString offered = KnownServers::fingerprint(certificate);
    const QString pinned = m_knownServers.pinned(server);
    if (!offered.isEmpty() && offered == pinned)
        return true;
    if (!offered.isEmpty())
        m_untrusted = CertificatePrompt {server, offered, pinned};
    return false;
}
