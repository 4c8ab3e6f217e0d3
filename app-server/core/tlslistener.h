#pragma once

#include <QHostAddress>
#include <QObject>
#include <QSslServer>

#include <memory>

struct ServerConfig;
class QTcpSocket;

// The TLS port beside TcpListener: a QSslServer with the server's certificate that hands
// over a connection only once its handshake is done. A peer that does not finish the
// handshake within the hello timeout is dropped by QSslServer, before it reaches the
// room's limits.
class TlsListener final : public QObject
{
    Q_OBJECT

public:
    explicit TlsListener(QObject *parent = nullptr);
    ~TlsListener() override;

    // With config.tlsCertificate and config.tlsKey, on config.listenAddress.
    bool listen(const ServerConfig &config);
    void close();
    QString errorString() const { return m_server ? m_server->errorString() : QString(); }
    bool isListening() const { return m_server && m_server->isListening(); }
    quint16 serverPort() const { return m_server ? m_server->serverPort() : 0; }

signals:
    // An encrypted connection (a QSslSocket), parented to this listener; the receiver
    // takes it over.
    void accepted(QTcpSocket *socket);

private:
    // Made by the first listen(): a QSslServer loads and initialises the TLS backend
    // (OpenSSL) as it is constructed, which a server without TLS does not need.
    std::unique_ptr<QSslServer> m_server;
};
