#include "servercertificate.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

template<auto Free>
struct Deleter
{
    template<typename T>
    void operator()(T *p) const
    {
        Free(p);
    }
};
using PKey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using Certificate = std::unique_ptr<X509, Deleter<X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO_free>>;

// Ten years: a certificate that members pin by hand should not expire under them.
constexpr long ValiditySeconds = 10L * 365 * 24 * 3600;

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return size > 0 ? QByteArray(data, size) : QByteArray();
}

QSslKey keyFromPem(const QByteArray &pem)
{
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa, QSsl::Dsa}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return {};
}

// Written next to the target and renamed over it, so a crash never leaves half a file.
bool writeFile(const QString &path, const QByteArray &bytes, QFileDevice::Permissions permissions,
               QString *error)
{
    const QString temporary = path + u".new"_s;
    QFile::remove(temporary);
    QFile file(temporary);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, permissions)
        || file.write(bytes) != bytes.size() || !file.flush()) {
        *error = file.errorString();
        file.remove();
        return false;
    }
    file.close();
    QFile::remove(path);
    if (!QFile::rename(temporary, path)) {
        *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace

QString ServerCertificate::fingerprint(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

bool ServerCertificate::fail(const QString &error)
{
    m_errorString = error;
    return false;
}

bool ServerCertificate::load(const QString &certificatePath, const QString &keyPath)
{
    QFile certificateFile(certificatePath);
    if (!certificateFile.open(QIODevice::ReadOnly)) {
        return fail(tr("Cannot read the TLS certificate %1: %2")
                        .arg(certificatePath, certificateFile.errorString()));
    }
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certificateFile.readAll());
    if (chain.isEmpty() || chain.constFirst().isNull())
        return fail(tr("%1 holds no PEM certificate.").arg(certificatePath));
    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::ReadOnly))
        return fail(tr("Cannot read the TLS key %1: %2").arg(keyPath, keyFile.errorString()));
    const QSslKey key = keyFromPem(keyFile.readAll());
    if (key.isNull())
        return fail(tr("%1 holds no unencrypted PEM private key.").arg(keyPath));
    m_certificate = chain.constFirst();
    m_key = key;
    m_errorString.clear();
    return true;
}

bool ServerCertificate::loadOrCreate(const QString &directory)
{
    m_created = false;
    const QDir dir(directory);
    const QString certificatePath = dir.filePath(QString::fromLatin1(CertificateFile));
    const QString keyPath = dir.filePath(QString::fromLatin1(KeyFile));
    // A key without its certificate is what an interrupted first start leaves: nobody can
    // have pinned it, so a new pair replaces it.
    if (QFileInfo::exists(certificatePath))
        return load(certificatePath, keyPath);
    if (!QDir().mkpath(directory))
        return fail(tr("Cannot create the folder %1 for the TLS certificate.").arg(directory));
    QFile::setPermissions(directory,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    if (!create(certificatePath, keyPath))
        return false;
    m_created = true;
    return load(certificatePath, keyPath);
}

bool ServerCertificate::create(const QString &certificatePath, const QString &keyPath)
{
    const PKey key(EVP_EC_gen("P-256"));
    const Certificate certificate(X509_new());
    if (!key || !certificate)
        return fail(tr("Cannot make a TLS key: OpenSSL failed."));

    X509_set_version(certificate.get(), 2); // v3
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f; // positive
    BIGNUM *number = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(number, X509_get_serialNumber(certificate.get()));
    BN_free(number);
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600); // a clock a little behind
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), ValiditySeconds);
    X509_set_pubkey(certificate.get(), key.get());
    X509_NAME *name = X509_get_subject_name(certificate.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>("Chatroom server"), -1, -1,
                               0);
    X509_set_issuer_name(certificate.get(), name);
    if (X509_sign(certificate.get(), key.get(), EVP_sha256()) <= 0)
        return fail(tr("Cannot sign the TLS certificate: OpenSSL failed."));

    const Bio keyPem(BIO_new(BIO_s_mem()));
    const Bio certificatePem(BIO_new(BIO_s_mem()));
    if (!keyPem || !certificatePem
        || !PEM_write_bio_PrivateKey(keyPem.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)
        || !PEM_write_bio_X509(certificatePem.get(), certificate.get())) {
        return fail(tr("Cannot encode the TLS certificate: OpenSSL failed."));
    }

    QString error;
    // The key first: the certificate's presence says the pair is complete.
    if (!writeFile(keyPath, bioBytes(keyPem.get()),
                   QFileDevice::ReadOwner | QFileDevice::WriteOwner, &error)) {
        return fail(tr("Cannot write the TLS key %1: %2").arg(keyPath, error));
    }
    if (!writeFile(certificatePath, bioBytes(certificatePem.get()),
                   QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                       | QFileDevice::ReadOther,
                   &error)) {
        return fail(tr("Cannot write the TLS certificate %1: %2").arg(certificatePath, error));
    }
    return true;
}
