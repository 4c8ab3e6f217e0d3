#pragma once

#include "certificateprompt.h"
#include "knownservers.h"
#include "serveraddress.h"

#include <QAbstractSocket>
#include <QObject>

#include <optional>

class QIODevice;
class QLocalSocket;
class QSslCertificate;
class QSslError;
class QSslSocket;

// One connection to a server, over TCP, TLS or a local socket: the session reads and
// writes device() and never needs to know which. Over TLS the certificate is trusted only
// when its fingerprint is the one pinned for the server (KnownServers); any other
// certificate ends the handshake and leaves untrustedCertificate() for the user to judge,
// so not a byte of ours, a room password included, reaches a server nobody vouched for.
class ServerConnection final : public QObject
{
    Q_OBJECT

public:
    ServerConnection(const ServerAddress &address, const KnownServers &knownServers,
                     QObject *parent = nullptr);

    // Starts connecting. An error may be reported before this returns (a local server
    // that does not exist): nothing of this object may be used after it but through
    // signals.
    void open();
    ServerAddress address() const { return m_address; }
    QIODevice *device() const { return m_device; }
    // Connected and, over TLS, encrypted with a pinned certificate: frames may flow.
    bool isConnected() const;
    bool isEncrypted() const;
    QString errorString() const;
    // Set once certificateUntrusted() was emitted.
    std::optional<CertificatePrompt> untrustedCertificate() const { return m_untrusted; }
    // Writes lastWords when connected, then closes; the object deletes itself once the
    // device is closed. The caller disconnects from it first.
    void close(const QByteArray &lastWords = {});

signals:
    // Frames may flow (over TLS: after a handshake with the pinned certificate).
    void connected();
    void readyRead();
    void errorOccurred(QAbstractSocket::SocketError error);
    void disconnected();
    // The TLS server presented a certificate other than the pinned one, or there is no
    // pin yet: the connection is closed, untrustedCertificate() says what was offered.
    void certificateUntrusted();

private:
    void setUpTcp(QAbstractSocket *socket);
    void setUpTls();
    void setUpLocal();
    void onSslErrors(const QList<QSslError> &errors);
    void onEncrypted();
    void onError(QAbstractSocket::SocketError error);
    void onDisconnected();
    void reportUntrusted();
    // Whether certificate is the pinned one; if not, remembers what to ask about.
    bool trusts(const QSslCertificate &certificate);
    bool isClosed() const;

    ServerAddress m_address;
    KnownServers m_knownServers;
    // A child of this object: a QTcpSocket, a QSslSocket or a QLocalSocket, the same
    // object as one of the two below.
    QIODevice *m_device = nullptr;
    QAbstractSocket *m_socket = nullptr; // TCP and TLS
    QLocalSocket *m_local = nullptr;
    QSslSocket *m_tls = nullptr;
    std::optional<CertificatePrompt> m_untrusted;
    bool m_untrustedReported = false;
    bool m_ready = false; // connected() was emitted
};
