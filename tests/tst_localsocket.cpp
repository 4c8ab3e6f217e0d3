#include "chatserver.h"
#include "clientconnection.h"
#include "platform.h"
#include "protocol/messagecodec.h"

#include "testclient.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <cstring>
#include <memory>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#endif

using namespace Protocol;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

// The local socket (--local NAME, docs/protocol.md "Transport: local socket"): the same
// room and protocol as TCP for clients on this machine, and the choice of sender for
// each transport.
class tst_LocalSocket : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void localAndTcpMembersShareTheRoom();
    void localMemberIsShownAsThisMachine();
    void slowLocalReaderDropped();
    void shutdownReachesLocalMembers();
    void staleSocketFileIsTakenOver();
    void nameInUseByARunningServerFails();
    void senderFollowsTransportAndConfig_data();
    void senderFollowsTransportAndConfig();

private:
    ChatServer *startServer(ServerConfig config = {});

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_name; // an absolute path: tests running side by side never meet
    std::unique_ptr<QObject> m_scope;
    std::unique_ptr<ChatServer> m_server;
};

void tst_LocalSocket::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_name = m_dir->filePath(u"chatroom.sock"_s);
    m_scope = std::make_unique<QObject>();
}

void tst_LocalSocket::cleanup()
{
    m_server.reset();
    m_scope.reset();
    m_dir.reset();
}

ChatServer *tst_LocalSocket::startServer(ServerConfig config)
{
    m_server.reset();
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.localName = m_name;
    m_server = std::make_unique<ChatServer>(config);
    if (!m_server->listen())
        qWarning("listen: %s", qPrintable(m_server->errorString()));
    return m_server.get();
}

void tst_LocalSocket::localAndTcpMembersShareTheRoom()
{
    startServer();
    QVERIFY(m_server->isLocalListening());
    QCOMPARE(m_server->localServerName(), m_name);
    TestClient *local = TestClient::joinedLocal(m_scope.get(), m_name, u"本地"_s);
    TestClient *remote = TestClient::joined(m_scope.get(), m_server->serverPort(), u"远程"_s);
    QCOMPARE(m_server->memberCount(), 2);
    QVERIFY(local->waitFor<Joined>());
    QCOMPARE(local->last<Joined>()->nickname, u"远程"_s);

    local->send(Say {u"从本地说"_s});
    remote->send(Say {u"从网络说"_s});
    for (TestClient *client : {local, remote}) {
        QVERIFY(client->waitFor<Chat>(2));
        QStringList texts;
        for (const Chat &chat : client->all<Chat>())
            texts << chat.from + u'：' + chat.text;
        texts.sort();
        QCOMPARE(texts, (QStringList {u"本地：从本地说"_s, u"远程：从网络说"_s}));
    }
    local->send(Bye {});
    QVERIFY(remote->waitFor<Left>());
    QCOMPARE(remote->last<Left>()->nickname, u"本地"_s);
    QCOMPARE(remote->last<Left>()->reason, LeaveReason::Quit);
    QVERIFY(local->waitForDisconnected());
}

void tst_LocalSocket::localMemberIsShownAsThisMachine()
{
    startServer();
    QSignalSpy joinedSpy(m_server.get(), &ChatServer::memberJoined);
    TestClient::joinedLocal(m_scope.get(), m_name, u"Alice"_s);
    QCOMPARE(joinedSpy.size(), 1);
    QCOMPARE(joinedSpy.at(0).at(1).value<QHostAddress>(), QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(m_server->members().size(), 1);
    QCOMPARE(m_server->members().at(0).port, quint16(0));
}

void tst_LocalSocket::slowLocalReaderDropped()
{
    // The send-queue limit holds for a transport whose bytes wait in Qt's buffer.
    ServerConfig config;
    config.floodLimit = 0;
    config.sendQueueLimit = 64 * 1024;
    config.closeLinger = 60s;
    startServer(config);
    QSignalSpy leftSpy(m_server.get(), &ChatServer::memberLeft);
    TestClient *talker = TestClient::joined(m_scope.get(), m_server->serverPort(), u"talker"_s);
    TestClient *stalled = TestClient::joinedLocal(m_scope.get(), m_name, u"stalled"_s);
    stalled->stopReading();

    const QString text(2000, u'长');
    int sent = 0;
    while (leftSpy.isEmpty() && sent < 20'000) {
        for (int i = 0; i < 40; ++i)
            talker->send(Say {text});
        sent += 40;
        QVERIFY(
            QTest::qWaitFor([&] { return talker->countOf<Chat>() >= sent || !leftSpy.isEmpty(); },
                            TestClient::Timeout));
    }
    QCOMPARE(leftSpy.size(), 1);
    QCOMPARE(leftSpy.at(0).at(0).toString(), u"stalled"_s);
    QCOMPARE(leftSpy.at(0).at(1).value<LeaveReason>(), LeaveReason::TooSlow);
    // What was queued before the verdict still arrives, in order, and then the Error.
    stalled->resumeReading();
    QVERIFY(stalled->waitFor<Error>());
    QCOMPARE(stalled->last<Error>()->code, ErrorCode::TooSlow);
    const QList<quint64> seqs = stalled->eventSeqs();
    for (qsizetype i = 1; i < seqs.size(); ++i)
        QCOMPARE(seqs.at(i), seqs.at(i - 1) + 1);
}

void tst_LocalSocket::shutdownReachesLocalMembers()
{
    startServer();
    TestClient *local = TestClient::joinedLocal(m_scope.get(), m_name, u"Alice"_s);
    QSignalSpy finished(m_server.get(), &ChatServer::shutdownFinished);
    m_server->shutdown();
    QVERIFY(local->waitFor<Error>());
    QCOMPARE(local->last<Error>()->code, ErrorCode::ServerShutdown);
    QVERIFY(local->waitForDisconnected());
    QVERIFY(finished.wait(TestClient::Timeout) || finished.size() == 1);
    QVERIFY(!m_server->isLocalListening());
}

void tst_LocalSocket::staleSocketFileIsTakenOver()
{
#ifdef Q_OS_UNIX
    // A server killed with -9 leaves its socket file behind, and nobody answers on it:
    // a socket bound to the path and closed without unlinking is exactly that.
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    sockaddr_un address {};
    address.sun_family = AF_UNIX;
    const QByteArray path = QFile::encodeName(m_name);
    QVERIFY(size_t(path.size()) < sizeof(address.sun_path));
    memcpy(address.sun_path, path.constData(), size_t(path.size()));
    QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
    ::close(fd);
    QVERIFY(QFileInfo::exists(m_name));

    startServer();
    QVERIFY2(m_server->isLocalListening(), qPrintable(m_server->errorString()));
    TestClient *local = TestClient::joinedLocal(m_scope.get(), m_name, u"Alice"_s);
    QVERIFY(local->isConnected());
    QCOMPARE(m_server->memberCount(), 1);
#else
    QSKIP("socket files are a Unix thing");
#endif
}

void tst_LocalSocket::nameInUseByARunningServerFails()
{
    startServer();
    QVERIFY(m_server->isLocalListening());
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.localName = m_name;
    ChatServer second(config);
    QVERIFY(!second.listen());
    QCOMPARE(second.failedPort(), quint16(0));
    QVERIFY(!second.errorString().isEmpty());
    QVERIFY(!second.isListening()); // all or nothing
    // The first server still has its socket and its members can still come in.
    TestClient *local = TestClient::joinedLocal(m_scope.get(), m_name, u"Alice"_s);
    QCOMPARE(m_server->memberCount(), 1);
    QVERIFY(local->isConnected());
}

void tst_LocalSocket::senderFollowsTransportAndConfig_data()
{
    QTest::addColumn<bool>("directSend");
    QTest::newRow("direct allowed") << true;
    QTest::newRow("device forced") << false;
}

void tst_LocalSocket::senderFollowsTransportAndConfig()
{
    QFETCH(bool, directSend);
    ServerConfig config;
    config.directSend = directSend;
    startServer(config);
    TestClient::joined(m_scope.get(), m_server->serverPort(), u"tcp"_s);
    TestClient::joinedLocal(m_scope.get(), m_name, u"local"_s);
    const auto connections = m_server->findChildren<ClientConnection *>();
    QCOMPARE(connections.size(), 2);
    for (const ClientConnection *connection : connections) {
        if (connection->isLocal()) {
            QVERIFY(!connection->sendsDirect());
        } else {
#if CHATROOM_HAS(linux_api)
            QCOMPARE(connection->sendsDirect(), directSend);
#else
            QVERIFY(!connection->sendsDirect());
#endif
        }
    }
    // Direct on Linux, the TCP member is a bare descriptor: no QTcpSocket per member
    // (docs/benchmarks.md, "Memory per member").
    // (A QLocalSocket has a QTcpSocket of its own inside: count the connections' own.)
    qsizetype tcpSockets = 0;
    for (const QTcpSocket *socket : m_server->findChildren<QTcpSocket *>())
        tcpSockets += qobject_cast<ClientConnection *>(socket->parent()) != nullptr;
#if CHATROOM_HAS(linux_api)
    QCOMPARE(tcpSockets, directSend ? 0 : 1);
#else
    QCOMPARE(tcpSockets, 1);
#endif
}

QTEST_GUILESS_MAIN(tst_LocalSocket)
#include "tst_localsocket.moc"
