#include "tlslistener.h"

#include "serverconfig.h"

#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>

#include <algorithm>

using namespace Qt::StringLiterals;

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

namespace {

// AES-128-GCM first: the suite every TLS 1.3 peer must offer, and with AES-NI about 30%
// cheaper per byte than AES-256-GCM (10 rounds against 14), which OpenSSL lists first.
// Encrypting every member's copy of a message is the TLS server's largest cost
// (docs/benchmarks.md, "TLS beside plain TCP"). The server's order wins: Qt sets
// OpenSSL's server preference unless told otherwise.
QList<QSslCipher> preferredCiphers(QList<QSslCipher> ciphers)
{
    std::stable_partition(ciphers.begin(), ciphers.end(), [](const QSslCipher &cipher) {
        return cipher.name() == u"TLS_AES_128_GCM_SHA256"_s;
    });
    return ciphers;
}

} // namespace

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
    tls.setCiphers(preferredCiphers(tls.ciphers()));
    m_server->setSslConfiguration(tls);
    m_server->setHandshakeTimeout(int(config.helloTimeout.count()));
    // Handshakes in progress count as pending: as many as may wait for a Hello.
    m_server->setMaxPendingConnections(qMax(30, config.maxUnjoined));
    return m_server->listen(config.listenAddress, config.tlsPort);
}
