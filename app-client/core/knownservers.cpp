#include "knownservers.h"

#include <QCryptographicHash>
#include <QSettings>
#include <QSslCertificate>

using namespace Qt::StringLiterals;

namespace {
// QSettings takes a slash as a group separator; "host:port" never holds one, but a key
// must not be able to reach outside the group either way.
QString keyOf(const QString &server)
{
    return u"knownServers/"_s + QString(server).replace(u'/', u'_');
}
} // namespace

QString KnownServers::pinned(const QString &server) const
{
    return settings()->value(keyOf(server)).toString();
}

void KnownServers::pin(const QString &server, const QString &fingerprint)
{
    const auto store = settings();
    store->setValue(keyOf(server), fingerprint);
    store->sync();
}

void KnownServers::forget(const QString &server)
{
    const auto store = settings();
    store->remove(keyOf(server));
    store->sync();
}

QString KnownServers::fingerprint(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

std::unique_ptr<QSettings> KnownServers::settings() const
{
    if (m_filePath.isEmpty())
        return std::make_unique<QSettings>();
    return std::make_unique<QSettings>(m_filePath, QSettings::IniFormat);
}
