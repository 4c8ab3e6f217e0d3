// TLS beside plain TCP: the certificate the server makes and keeps, members of both
// transports in one room, and a TLS connection never written to past QSslSocket.

#include "chatserver.h"
#include "protocol/framereader.h"
#include "protocol/messagecodec.h"
#include "servercertificate.h"
#include "testclient.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

// A member over TLS: the self-signed certificate is accepted as long as it is the one
// `pinned`, the way a client pins a fingerprint.
class TlsMember final : public QObject
{
    Q_OBJECT

public:
    explicit TlsMember(const QSslCertificate &pinned, QObject *parent = nullptr)
        : QObject(parent)
    {
        connect(&m_socket, &QSslSocket::sslErrors, this, [this, pinned] {
            if (m_socket.peerCertificate() == pinned)
                m_socket.ignoreSslErrors();
        });
        connect(&m_socket, &QIODevice::readyRead, this, [this] {
            while (m_reader.readNext(&m_socket)) {
                const auto result =
                    Protocol::MessageCodec::decode(m_reader.takePayload(), Protocol::Layout::V1_0);
                if (result.isOk())
                    messages.append(result.message);
                else
                    ++undecodable;
            }
            if (m_reader.hasError())
                ++undecodable;
        });
        connect(&m_socket, &QSslSocket::errorOccurred, this,
                [this] { lastError = m_socket.errorString(); });
    }

    bool connectTo(quint16 port)
    {
        // The server runs on this thread: wait on the event loop, not blocking.
        m_socket.connectToHostEncrypted(u"127.0.0.1"_s, port);
        return QTest::qWaitFor([this] { return m_socket.isEncrypted() || !lastError.isEmpty(); },
                               TestClient::Timeout)
            && m_socket.isEncrypted();
    }

    bool join(const QString &name)
    {
        send(Protocol::Hello {Protocol::Version, name});
        return QTest::qWaitFor([this] { return countOf<Protocol::Welcome>() == 1; },
                               TestClient::Timeout);
    }

    void send(const Protocol::Message &message)
    {
        m_socket.write(Protocol::MessageCodec::encodeFrame(message, Protocol::Layout::V1_0));
    }

    template<typename T>
    QList<T> all() const
    {
        QList<T> found;
        for (const Protocol::Message &message : messages) {
            if (const T *m = std::get_if<T>(&message))
                found.append(*m);
        }
        return found;
    }
    template<typename T>
    int countOf() const
    {
        return int(all<T>().size());
    }

    QSslSocket *socket() { return &m_socket; }

    QList<Protocol::Message> messages;
    int undecodable = 0;
    QString lastError;

private:
    QSslSocket m_socket;
    Protocol::FrameReader m_reader;
};

} // namespace

class tst_TlsServer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void certificateMadeOnceAndKept();
    void unusableCertificatePath_data();
    void unusableCertificatePath();
    void tlsAndTcpMembersShareTheRoom();
    void tlsNeverGetsPlaintext();
    void serverPrefersAes128Gcm();
    void headlessLogShowsFingerprint();
    void headlessExitsOnUnusableCertificate();

private:
    std::unique_ptr<ChatServer> startServer(const ServerCertificate &certificate);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QObject> m_scope;
};

void tst_TlsServer::init()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_scope = std::make_unique<QObject>();
}

void tst_TlsServer::cleanup()
{
    m_scope.reset();
    m_dir.reset();
}

std::unique_ptr<ChatServer> tst_TlsServer::startServer(const ServerCertificate &certificate)
{
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.tls = true;
    config.tlsPort = 0;
    config.tlsCertificate = certificate.certificate();
    config.tlsKey = certificate.key();
    config.floodLimit = 0;
    auto server = std::make_unique<ChatServer>(config);
    if (!server->listen())
        qWarning("listen failed: %s", qPrintable(server->errorString()));
    return server;
}

void tst_TlsServer::certificateMadeOnceAndKept()
{
    const QString dir = m_dir->filePath(u"tls"_s);
    ServerCertificate first;
    QVERIFY2(first.loadOrCreate(dir), qPrintable(first.errorString()));
    QVERIFY(first.created());
    QVERIFY(!first.certificate().isNull());
    QVERIFY(!first.key().isNull());
    const QString fingerprint = ServerCertificate::fingerprint(first.certificate());
    static const QRegularExpression shape(u"^([0-9A-F]{2}:){31}[0-9A-F]{2}$"_s);
    QVERIFY2(shape.match(fingerprint).hasMatch(), qPrintable(fingerprint));

    // Only its owner may read the key.
    const QFile key(dir + u"/server.key"_s);
    QVERIFY(key.exists());
    QCOMPARE(key.permissions() & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QVERIFY(QFile::exists(dir + u"/server.crt"_s));

    // A second start finds the pair: the fingerprint members pinned holds.
    ServerCertificate second;
    QVERIFY2(second.loadOrCreate(dir), qPrintable(second.errorString()));
    QVERIFY(!second.created());
    QCOMPARE(ServerCertificate::fingerprint(second.certificate()), fingerprint);
    QCOMPARE(second.key().toPem(), first.key().toPem());

    // And it matches what OpenSSL itself says, when the tool is there.
    QProcess openssl;
    openssl.start(u"openssl"_s,
                  {u"x509"_s, u"-noout"_s, u"-fingerprint"_s, u"-sha256"_s, u"-in"_s,
                   dir + u"/server.crt"_s});
    if (openssl.waitForFinished(10'000) && openssl.exitCode() == 0) {
        const QString line = QString::fromLatin1(openssl.readAllStandardOutput()).trimmed();
        QVERIFY2(line.endsWith(u'=' + fingerprint), qPrintable(line));
    }
}

void tst_TlsServer::unusableCertificatePath_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("named");
    QTest::newRow("missing certificate")
        << u"/nonexistent/server.crt"_s << u"KEY"_s << u"/nonexistent/server.crt"_s;
    QTest::newRow("not a certificate") << u"JUNK"_s << u"KEY"_s << u"JUNK"_s;
    QTest::newRow("missing key") << u"CRT"_s << u"/nonexistent/server.key"_s
                                 << u"/nonexistent/server.key"_s;
}

void tst_TlsServer::unusableCertificatePath()
{
    QFETCH(QString, certificate);
    QFETCH(QString, key);
    QFETCH(QString, named);
    ServerCertificate made;
    const QString dir = m_dir->filePath(u"tls"_s);
    QVERIFY(made.loadOrCreate(dir));
    QFile junk(m_dir->filePath(u"junk.pem"_s));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("not a certificate\n");
    junk.close();
    const auto resolve = [&](QString path) {
        return path.replace(u"KEY"_s, dir + u"/server.key"_s)
            .replace(u"CRT"_s, dir + u"/server.crt"_s)
            .replace(u"JUNK"_s, junk.fileName());
    };
    ServerCertificate loaded;
    QVERIFY(!loaded.load(resolve(certificate), resolve(key)));
    QVERIFY2(loaded.errorString().contains(resolve(named)), qPrintable(loaded.errorString()));
    QVERIFY(loaded.certificate().isNull());
}

void tst_TlsServer::tlsAndTcpMembersShareTheRoom()
{
    ServerCertificate certificate;
    QVERIFY(certificate.loadOrCreate(m_dir->filePath(u"tls"_s)));
    const auto server = startServer(certificate);
    QVERIFY(server->isListening());
    QVERIFY(server->isTlsListening());
    QVERIFY(server->tlsPort() != server->serverPort());

    auto *secure = new TlsMember(certificate.certificate(), m_scope.get());
    QVERIFY2(secure->connectTo(server->tlsPort()), qPrintable(secure->lastError));
    // What the client sees is what the server reports.
    QCOMPARE(ServerCertificate::fingerprint(secure->socket()->peerCertificate()),
             server->tlsFingerprint());
    QVERIFY(secure->join(u"张三"_s));
    TestClient *plain = TestClient::joined(m_scope.get(), server->serverPort(), u"Bob"_s);
    QTRY_COMPARE(server->memberCount(), 2);
    QTRY_COMPARE(secure->countOf<Protocol::Joined>(), 1);

    plain->send(Protocol::Say {u"hello over tcp"_s});
    QTRY_COMPARE(secure->countOf<Protocol::Chat>(), 1);
    QCOMPARE(secure->all<Protocol::Chat>().constFirst().from, u"Bob"_s);
    QCOMPARE(secure->all<Protocol::Chat>().constFirst().text, u"hello over tcp"_s);

    secure->send(Protocol::Say {u"你好 over tls"_s});
    QVERIFY(plain->waitFor<Protocol::Chat>(2));
    const auto chats = plain->all<Protocol::Chat>();
    QCOMPARE(chats.constLast().from, u"张三"_s);
    QCOMPARE(chats.constLast().text, u"你好 over tls"_s);
    QCOMPARE(secure->undecodable, 0);
}

void tst_TlsServer::tlsNeverGetsPlaintext()
{
    // Were the direct sendmsg() path used for a TLS connection, the frames would reach
    // the wire in clear, inside what the client reads as TLS records: the stream breaks
    // at the first of them.
    ServerCertificate certificate;
    QVERIFY(certificate.loadOrCreate(m_dir->filePath(u"tls"_s)));
    const auto server = startServer(certificate);
    auto *secure = new TlsMember(certificate.certificate(), m_scope.get());
    QVERIFY2(secure->connectTo(server->tlsPort()), qPrintable(secure->lastError));
    QVERIFY(secure->join(u"Alice"_s));
    TestClient *plain = TestClient::joined(m_scope.get(), server->serverPort(), u"Bob"_s);

    constexpr int Lines = 200;
    for (int i = 0; i < Lines; ++i) {
        plain->send(Protocol::Say {u"line %1 行"_s.arg(i)});
        if (i % 50 == 0)
            QCoreApplication::processEvents();
    }
    QTRY_COMPARE_WITH_TIMEOUT(secure->countOf<Protocol::Chat>(), Lines, TestClient::Timeout);
    const auto chats = secure->all<Protocol::Chat>();
    for (int i = 0; i < Lines; ++i)
        QCOMPARE(chats.at(i).text, u"line %1 行"_s.arg(i));
    QCOMPARE(secure->undecodable, 0);
    QVERIFY2(secure->lastError.isEmpty(), qPrintable(secure->lastError));
    QCOMPARE(secure->socket()->state(), QAbstractSocket::ConnectedState);
    QVERIFY(secure->socket()->isEncrypted());
}

namespace {

QStringList headlessArguments(const QString &dataDir)
{
    return {u"--headless"_s, u"--lang"_s, u"en"_s,     u"--listen"_s,   u"127.0.0.1"_s, u"--port"_s,
            u"0"_s,          u"--log"_s,  u"memory"_s, u"--data-dir"_s, dataDir};
}

} // namespace

void tst_TlsServer::serverPrefersAes128Gcm()
{
    // A client that lists AES-256 first (OpenSSL's own default order, which Qt's client
    // offers) still gets AES-128-GCM: the server's preference decides, and AES-128 is the
    // cheaper of the two per member copy.
    ServerCertificate certificate;
    QVERIFY(certificate.loadOrCreate(m_dir->filePath(u"tls"_s)));
    const auto server = startServer(certificate);
    auto *member = new TlsMember(certificate.certificate(), m_scope.get());
    QSslConfiguration offer = member->socket()->sslConfiguration();
    QList<QSslCipher> ciphers = offer.ciphers();
    std::stable_partition(ciphers.begin(), ciphers.end(), [](const QSslCipher &cipher) {
        return cipher.name() == u"TLS_AES_256_GCM_SHA384"_s;
    });
    QCOMPARE(ciphers.constFirst().name(), u"TLS_AES_256_GCM_SHA384"_s);
    offer.setCiphers(ciphers);
    member->socket()->setSslConfiguration(offer);
    QVERIFY2(member->connectTo(server->tlsPort()), qPrintable(member->lastError));
    QCOMPARE(member->socket()->sessionCipher().name(), u"TLS_AES_128_GCM_SHA256"_s);
    QCOMPARE(member->socket()->sessionProtocol(), QSsl::TlsV1_3);
    QVERIFY(member->join(u"Alice"_s));
}

void tst_TlsServer::headlessLogShowsFingerprint()
{
    QProcess server;
    server.setProgram(QStringLiteral(CHATROOM_SERVER_BINARY));
    server.setArguments(headlessArguments(m_dir->path()) << u"--tls-port"_s << u"0"_s);
    server.start();
    QVERIFY(server.waitForStarted());
    QByteArray output;
    QVERIFY2(QTest::qWaitFor([&] {
                 output += server.readAllStandardOutput();
                 return output.contains("open files limit") || server.state() != QProcess::Running;
             }),
             server.readAllStandardError().constData());
    ServerCertificate made;
    QVERIFY2(made.loadOrCreate(m_dir->filePath(u"tls"_s)), qPrintable(made.errorString()));
    QVERIFY(!made.created());
    const QByteArray fingerprint = ServerCertificate::fingerprint(made.certificate()).toLatin1();
    QVERIFY2(output.contains("certificate SHA-256 fingerprint " + fingerprint), output.constData());
    server.terminate();
    QVERIFY(server.waitForFinished(10'000));
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 0);
}

void tst_TlsServer::headlessExitsOnUnusableCertificate()
{
    QProcess server;
    server.setProgram(QStringLiteral(CHATROOM_SERVER_BINARY));
    server.setArguments(headlessArguments(m_dir->path())
                        << u"--tls-port"_s << u"0"_s << u"--cert"_s << u"/nonexistent/a.crt"_s
                        << u"--key"_s << u"/nonexistent/a.key"_s);
    server.start();
    QVERIFY(server.waitForFinished(10'000));
    QCOMPARE(server.exitCode(), 1);
    const QByteArray error = server.readAllStandardError();
    QVERIFY2(error.contains("/nonexistent/a.crt"), error.constData());
}

QTEST_MAIN(tst_TlsServer)
#include "tst_tlsserver.moc"
