#include "tlslistener.h"

#include "serverconfig.h"

#include <QSslConfiguration>
#include <QSslSocket>

TlsListener::TlsListener(QObject *parent)
    : QObject(parent)
{
    // A crowd connecting at once must not overflow the kernel's accept queue.
    m_server.setListenBacklogSize(1024);
    connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection())
            emit accepted(socket);
    });
}

bool TlsListener::listen(const ServerConfig &config)
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(config.tlsCertificate);
    tls.setPrivateKey(config.tlsKey);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    // Members check the server by the fingerprint they pinned; the server asks for no
    // client certificate.
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    m_server.setSslConfiguration(tls);
    m_server.setHandshakeTimeout(int(config.helloTimeout.count()));
    // Handshakes in progress count as pending: as many as may wait for a Hello.
    m_server.setMaxPendingConnections(qMax(30, config.maxUnjoined));
    return m_server.listen(config.listenAddress, config.tlsPort);
}
