#include "tlslistener.h"

#include "serverconfig.h"

#include <QSslConfiguration>
#include <QSslSocket>

TlsListener::TlsListener(QObject *parent)
    : QObject(parent)
{
}

TlsListener::~TlsListener() = default;

void TlsListener::close()
{
    if (m_server)
        m_server->close();
}

bool TlsListener::listen(const ServerConfig &config)
{
    if (!m_server) {
        m_server = std::make_unique<QSslServer>();
        // A crowd connecting at once must not overflow the kernel's accept queue.
        m_server->setListenBacklogSize(1024);
        connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *socket = m_server->nextPendingConnection())
                emit accepted(socket);
        });
    }
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(config.tlsCertificate.value_or(QSslCertificate()));
    tls.setPrivateKey(config.tlsKey.value_or(QSslKey()));
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    // Members check the server by the fingerprint they pinned; the server asks for no
    // client certificate.
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    m_server->setSslConfiguration(tls);
    m_server->setHandshakeTimeout(int(config.helloTimeout.count()));
    // Handshakes in progress count as pending: as many as may wait for a Hello.
    m_server->setMaxPendingConnections(qMax(30, config.maxUnjoined));
    return m_server->listen(config.listenAddress, config.tlsPort);
}
