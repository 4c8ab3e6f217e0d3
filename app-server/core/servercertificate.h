#pragma once

#include <QCoreApplication>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

// The server's TLS identity: a certificate and key the administrator gives (--cert,
// --key), or a self-signed pair made on first start in the data directory and reused on
// later starts, so the fingerprint members pin stays the same. Qt cannot make a
// certificate, so the pair is made with OpenSSL's library API.
class ServerCertificate final
{
    Q_DECLARE_TR_FUNCTIONS(ServerCertificate)

public:
    // Reads a PEM certificate and a PEM private key (EC or RSA); false with errorString().
    bool load(const QString &certificatePath, const QString &keyPath);
    // <directory>/server.crt and server.key (mode 0600), made the first time.
    bool loadOrCreate(const QString &directory);
    // Whether the last loadOrCreate() made a new pair.
    bool created() const { return m_created; }

    QSslCertificate certificate() const { return m_certificate; }
    QSslKey key() const { return m_key; }
    QString errorString() const { return m_errorString; }

    // SHA-256 over the DER certificate as "AB:CD:...", as `openssl x509 -fingerprint
    // -sha256` prints it: what a member compares with the one its client shows.
    static QString fingerprint(const QSslCertificate &certificate);

    static constexpr auto CertificateFile = "server.crt";
    static constexpr auto KeyFile = "server.key";

private:
    bool create(const QString &certificatePath, const QString &keyPath);
    bool fail(const QString &error);

    QSslCertificate m_certificate;
    QSslKey m_key;
    QString m_errorString;
    bool m_created = false;
};
