#pragma once

#include <QString>

#include <memory>

class QSettings;
class QSslCertificate;

// The certificate fingerprints pinned per server ("host:port"), trusted instead of any
// certificate authority: the servers make their own self-signed certificates. Kept in the
// application's settings, or in a settings file of its own (tests, portable setups).
class KnownServers final
{
public:
    // The application's QSettings.
    KnownServers() = default;
    // An INI file of its own.
    explicit KnownServers(const QString &filePath)
        : m_filePath(filePath)
    {
    }

    // The fingerprint pinned for server (ServerAddress::display()), or empty.
    QString pinned(const QString &server) const;
    // Pins fingerprint for server, replacing any earlier one; written at once, so a
    // second client started meanwhile does not ask again.
    void pin(const QString &server, const QString &fingerprint);
    void forget(const QString &server);

    // SHA-256 over the DER certificate as "AB:CD:...", as chatroom-server logs it and
    // `openssl x509 -fingerprint -sha256` prints it.
    static QString fingerprint(const QSslCertificate &certificate);

private:
    std::unique_ptr<QSettings> settings() const;

    QString m_filePath; // empty: the application's settings
};
