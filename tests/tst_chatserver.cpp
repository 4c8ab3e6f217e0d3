#include "chatserver.h"
#include "protocol/messagecodec.h"

#include "testclient.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Protocol;

// The server's room behaviour over real sockets on 127.0.0.1 (docs/protocol.md, "Room
// semantics"); the limits are in tst_chatserver_limits.cpp.
class tst_ChatServer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void join();
    void secondMemberSeesFirst();
    void duplicateNameRetriedOnSameConnection_data();
    void duplicateNameRetriedOnSameConnection();
    void joinAndLeaveReachEveryoneInSeqOrder();
    void chatEchoedWithServersFrom();
    void adminBroadcastReachesAll();
    void byeIsQuit();
    void abruptCloseIsConnectionLost();
    void kick();
    void sayBeforeHello();
    void byeBeforeHelloClosesQuietly();
    void helloAfterJoinIgnored();
    void pingAnyTime();
    void unknownType_data();
    void unknownType();
    void textLimits_data();
    void textLimits();
    void versionUnsupported_data();
    void versionUnsupported();
    void roomFull();
    void membersAccessor();
    void destroyedWithOpenConnections();

private:
    ChatServer *startServer(ServerConfig config = {});
    TestClient *newClient();
    TestClient *joined(const QString &name);

    std::unique_ptr<QObject> m_scope; // the clients
    std::unique_ptr<ChatServer> m_server;
};

void tst_ChatServer::init()
{
    m_scope = std::make_unique<QObject>();
    startServer();
}

void tst_ChatServer::cleanup()
{
    m_server.reset();
    m_scope.reset();
}

ChatServer *tst_ChatServer::startServer(ServerConfig config)
{
    m_server.reset();
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.roomTitle = u"测试房间"_qs;
    m_server = std::make_unique<ChatServer>(config);
    if (!m_server->listen())
        qFatal("listen: %s", qPrintable(m_server->errorString()));
    return m_server.get();
}

TestClient *tst_ChatServer::newClient()
{
    return TestClient::connected(m_scope.get(), m_server->serverPort());
}

TestClient *tst_ChatServer::joined(const QString &name)
{
    return TestClient::joined(m_scope.get(), m_server->serverPort(), name);
}

void tst_ChatServer::join()
{
    QSignalSpy joinedSpy(m_server.get(), &ChatServer::memberJoined);
    QSignalSpy countSpy(m_server.get(), &ChatServer::memberCountChanged);
    TestClient *alice = newClient();
    QVERIFY(alice->join(u"  Alice "_qs));
    QCOMPARE(alice->welcome, (Welcome {u"Alice"_qs, u"测试房间"_qs, 1, 1}));
    QCOMPARE(alice->members, QStringList {u"Alice"_qs});
    QCOMPARE(alice->messages().size(), 2); // Welcome, one Members
    QVERIFY(std::holds_alternative<Members>(alice->messages().at(1)));
    QCOMPARE(joinedSpy.size(), 1);
    QCOMPARE(joinedSpy.at(0).at(0).toString(), u"Alice"_qs);
    QCOMPARE(joinedSpy.at(0).at(1).value<QHostAddress>(), QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(countSpy.at(0).at(0).toInt(), 1);
    QCOMPARE(m_server->memberCount(), 1);
}

void tst_ChatServer::secondMemberSeesFirst()
{
    TestClient *alice = joined(u"Alice"_qs);
    TestClient *bob = joined(u"Bob"_qs);
    QCOMPARE(bob->welcome.seq, 2u);
    QCOMPARE(bob->welcome.memberCount, 2u);
    QCOMPARE(bob->members, (QStringList {u"Alice"_qs, u"Bob"_qs}));
    QVERIFY(alice->waitFor<Joined>());
    QCOMPARE(alice->all<Joined>().first().seq, 2u);
    QCOMPARE(alice->all<Joined>().first().nickname, u"Bob"_qs);
    // No Joined for oneself: everything sent before the Pong has arrived.
    QVERIFY(bob->sync());
    QCOMPARE(bob->countOf<Joined>(), 0);
}

void tst_ChatServer::duplicateNameRetriedOnSameConnection_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<RejectReason>("reason");
    QTest::newRow("same") << u"Alice"_qs << RejectReason::NameTaken;
    QTest::newRow("case") << u"aLiCe"_qs << RejectReason::NameTaken;
    QTest::newRow("full-width") << u"Ａｌｉｃｅ"_qs << RejectReason::NameTaken;
    QTest::newRow("reserved") << u"Admin"_qs << RejectReason::NameReserved;
    QTest::newRow("reserved cjk") << u"管理员"_qs << RejectReason::NameReserved;
    QTest::newRow("invalid") << QString(25, u'a') << RejectReason::NameInvalid;
    QTest::newRow("zero width") << u"Al\u200Bice"_qs << RejectReason::NameInvalid;
}

void tst_ChatServer::duplicateNameRetriedOnSameConnection()
{
    QFETCH(QString, name);
    QFETCH(RejectReason, reason);
    QSignalSpy noticeSpy(m_server.get(), &ChatServer::serverNotice);
    TestClient *alice = joined(u"Alice"_qs);
    TestClient *other = newClient();
    QCOMPARE(other->helloRejected(name), reason);
    QVERIFY(other->isConnected());
    QCOMPARE(noticeSpy.size(), 1);
    const auto notice = noticeSpy.at(0).at(0).value<ServerNotice>();
    QCOMPARE(notice.kind, ServerNotice::Kind::NameRejected);
    QCOMPARE(notice.rejectReason(), reason);
    QCOMPARE(notice.nickname, name);
    // A rejected name is not claimed and takes no seq.
    QVERIFY(other->join(u"Bob"_qs));
    QCOMPARE(other->welcome.seq, 2u);
    QVERIFY(alice->waitFor<Joined>());
    QCOMPARE(alice->all<Joined>().first().nickname, u"Bob"_qs);
}

void tst_ChatServer::joinAndLeaveReachEveryoneInSeqOrder()
{
    TestClient *a = joined(u"A"_qs);
    TestClient *b = joined(u"B"_qs);
    TestClient *c = joined(u"C"_qs);
    b->send(Bye {});
    TestClient *d = joined(u"D"_qs);
    c->send(Say {u"hi"_qs});
    QVERIFY(a->waitFor<Chat>());
    QVERIFY(c->waitFor<Chat>());
    QVERIFY(d->waitFor<Chat>());
    QCOMPARE(a->eventSeqs(), (QList<quint64> {2, 3, 4, 5, 6}));
    QCOMPARE(c->eventSeqs(), (QList<quint64> {4, 5, 6}));
    QCOMPARE(d->welcome.seq, 5u);
    QCOMPARE(d->members, (QStringList {u"A"_qs, u"C"_qs, u"D"_qs}));
    QCOMPARE(d->eventSeqs(), (QList<quint64> {6}));
    QCOMPARE(a->all<Left>(), (QList<Left> {c->all<Left>().first()}));
    QCOMPARE(a->all<Left>().first().nickname, u"B"_qs);
    QCOMPARE(a->all<Left>().first().reason, LeaveReason::Quit);
}

void tst_ChatServer::chatEchoedWithServersFrom()
{
    QSignalSpy chatSpy(m_server.get(), &ChatServer::chatMessage);
    QSignalSpy sentSpy(m_server.get(), &ChatServer::messagesSentChanged);
    TestClient *alice = joined(u" Alice"_qs);
    TestClient *bob = joined(u"Bob"_qs);
    alice->send(Say {u"你好\u200B\r\nworld"_qs});
    QVERIFY(alice->waitFor<Chat>());
    QVERIFY(bob->waitFor<Chat>());
    const Chat chat = *bob->last<Chat>();
    QCOMPARE(chat, *alice->last<Chat>());
    QCOMPARE(chat.seq, 3u);
    QCOMPARE(chat.from, u"Alice"_qs);
    QCOMPARE(chat.text, u"你好\nworld"_qs);
    QVERIFY(qAbs(chat.atMs - QDateTime::currentMSecsSinceEpoch()) < 60'000);
    QCOMPARE(chatSpy.size(), 1);
    QCOMPARE(chatSpy.at(0).at(0).toString(), u"Alice"_qs);
    QCOMPARE(chatSpy.at(0).at(1).toString(), u"你好\nworld"_qs);
    QCOMPARE(sentSpy.at(0).at(1).toULongLong(), 1u);
    QCOMPARE(m_server->messagesRelayed(), 1u);
}

void tst_ChatServer::adminBroadcastReachesAll()
{
    QSignalSpy spy(m_server.get(), &ChatServer::broadcastSent);
    QList<TestClient *> clients;
    for (const QString &name : {u"a"_qs, u"b"_qs, u"c"_qs})
        clients.append(joined(name));
    TestClient *outsider = newClient();
    QVERIFY(m_server->broadcast(u"服务器将在十分钟后维护"_qs));
    QVERIFY(!m_server->broadcast(u"   "_qs));
    for (TestClient *client : clients) {
        QVERIFY(client->waitFor<Broadcast>());
        QCOMPARE(client->last<Broadcast>()->text, u"服务器将在十分钟后维护"_qs);
        QCOMPARE(client->last<Broadcast>()->seq, 4u);
    }
    QVERIFY(outsider->sync());
    QCOMPARE(outsider->countOf<Broadcast>(), 0);
    QCOMPARE(spy.size(), 1);
}

void tst_ChatServer::byeIsQuit()
{
    QSignalSpy leftSpy(m_server.get(), &ChatServer::memberLeft);
    TestClient *alice = joined(u"Alice"_qs);
    TestClient *bob = joined(u"Bob"_qs);
    bob->send(Bye {});
    QVERIFY(bob->waitForDisconnected());
    QVERIFY(alice->waitFor<Left>());
    QCOMPARE(alice->last<Left>()->reason, LeaveReason::Quit);
    QCOMPARE(leftSpy.size(), 1);
    QCOMPARE(leftSpy.at(0).at(1).value<LeaveReason>(), LeaveReason::Quit);
    QCOMPARE(m_server->memberCount(), 1);
    QTRY_COMPARE(m_server->connectionCount(), 1);
    QCOMPARE(alice->countOf<Left>(), 1);
}

void tst_ChatServer::abruptCloseIsConnectionLost()
{
    QSignalSpy leftSpy(m_server.get(), &ChatServer::memberLeft);
    TestClient *alice = joined(u"Alice"_qs);
    TestClient *bob = joined(u"Bob"_qs);
    bob->socket()->abort();
    QVERIFY(alice->waitFor<Left>());
    QCOMPARE(*alice->last<Left>(),
             (Left {3, alice->last<Left>()->atMs, u"Bob"_qs, LeaveReason::ConnectionLost}));
    QVERIFY(alice->sync());
    QCOMPARE(alice->countOf<Left>(), 1);
    QCOMPARE(leftSpy.size(), 1);
}

void tst_ChatServer::kick()
{
    QSignalSpy leftSpy(m_server.get(), &ChatServer::memberLeft);
    TestClient *alice = joined(u"Alice"_qs);
    TestClient *bob = joined(u"Bob"_qs);
    QVERIFY(!m_server->kick(u"nobody"_qs));
    QVERIFY(m_server->kick(u"BOB"_qs));
    QVERIFY(bob->waitForDisconnected());
    QCOMPARE(bob->last<Error>()->code, ErrorCode::Kicked);
    QCOMPARE(bob->countOf<Left>(), 0);
    QVERIFY(alice->waitFor<Left>());
    QCOMPARE(alice->last<Left>()->nickname, u"Bob"_qs);
    QCOMPARE(alice->last<Left>()->reason, LeaveReason::Kicked);
    QCOMPARE(leftSpy.size(), 1);
    QVERIFY(!m_server->kick(u"Bob"_qs));
}

void tst_ChatServer::sayBeforeHello()
{
    QSignalSpy leftSpy(m_server.get(), &ChatServer::memberLeft);
    TestClient *alice = joined(u"Alice"_qs);
    TestClient *stranger = newClient();
    stranger->send(Say {u"psst"_qs});
    QVERIFY(stranger->waitForDisconnected());
    QCOMPARE(stranger->last<Error>()->code, ErrorCode::NotJoined);
    QVERIFY(alice->sync());
    QCOMPARE(alice->eventSeqs(), QList<quint64> {});
    QCOMPARE(leftSpy.size(), 0);
}

void tst_ChatServer::byeBeforeHelloClosesQuietly()
{
    QSignalSpy leftSpy(m_server.get(), &ChatServer::memberLeft);
    TestClient *alice = joined(u"Alice"_qs);
    TestClient *stranger = newClient();
    stranger->send(Bye {});
    QVERIFY(stranger->waitForDisconnected());
    QCOMPARE(stranger->messages().size(), 0);
    QVERIFY(alice->sync());
    QCOMPARE(alice->eventSeqs(), QList<quint64> {});
    QTRY_COMPARE(m_server->connectionCount(), 1);
    QCOMPARE(leftSpy.size(), 0);
}

void tst_ChatServer::helloAfterJoinIgnored()
{
    TestClient *alice = joined(u"Alice"_qs);
    alice->send(Hello {Version, u"Mallory"_qs});
    QVERIFY(alice->sync());
    QCOMPARE(alice->messages().size(), 3); // Welcome, Members, Pong
    QCOMPARE(m_server->members().first().name, u"Alice"_qs);
}

void tst_ChatServer::pingAnyTime()
{
    TestClient *client = newClient();
    client->send(Ping {0xFEEDFACECAFEBEEF});
    QVERIFY(client->waitFor<Pong>());
    QCOMPARE(client->last<Pong>()->token, 0xFEEDFACECAFEBEEFu);
    QVERIFY(client->join(u"Alice"_qs));
    client->send(Ping {7});
    QVERIFY(client->waitFor<Pong>(2));
    QCOMPARE(client->last<Pong>()->token, 7u);
}

void tst_ChatServer::unknownType_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("0x20") << QByteArray("\x20", 1);
    QTest::newRow("0x3F with bytes") << QByteArray("\x3F\x01\x02\x03", 4);
    QTest::newRow("server type Welcome") << QByteArray("\x41", 1);
    QTest::newRow("0xFF") << QByteArray("\xFF", 1);
}

void tst_ChatServer::unknownType()
{
    QFETCH(QByteArray, payload);
    QSignalSpy noticeSpy(m_server.get(), &ChatServer::serverNotice);
    TestClient *alice = joined(u"Alice"_qs);
    alice->sendPayload(payload);
    QVERIFY(alice->waitFor<Notice>());
    QCOMPARE(alice->last<Notice>()->code, NoticeCode::UnknownType);
    // Not fatal: the member carries on.
    alice->send(Say {u"still here"_qs});
    QVERIFY(alice->waitFor<Chat>());
    QVERIFY(alice->isConnected());
    QCOMPARE(noticeSpy.at(0).at(0).value<ServerNotice>().kind, ServerNotice::Kind::MessageRefused);
}

void tst_ChatServer::textLimits_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<NoticeCode>("code");
    QTest::newRow("empty") << QString() << NoticeCode::TextEmpty;
    QTest::newRow("blank") << u" \n "_qs << NoticeCode::TextEmpty;
    QTest::newRow("2001") << QString(2001, u'x') << NoticeCode::TextTooLong;
}

void tst_ChatServer::textLimits()
{
    QFETCH(QString, text);
    QFETCH(NoticeCode, code);
    TestClient *alice = joined(u"Alice"_qs);
    TestClient *bob = joined(u"Bob"_qs);
    alice->send(Say {text});
    QVERIFY(alice->waitFor<Notice>());
    QCOMPARE(alice->last<Notice>()->code, code);
    alice->send(Say {QString(2000, u'y')});
    QVERIFY(bob->waitFor<Chat>());
    // The refused message took no seq: the next chat follows Bob's join directly.
    QCOMPARE(bob->all<Chat>().size(), 1);
    QCOMPARE(bob->last<Chat>()->seq, 3u);
    QVERIFY(alice->isConnected());
}

void tst_ChatServer::versionUnsupported_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("version 2, laid out as 1") << MessageCodec::encode(Hello {2, u"Alice"_qs});
    // Whatever follows another version is its business: never Error{Malformed}.
    QTest::newRow("version 2 alone") << QByteArray::fromHex("010002");
    QTest::newRow("version 2, one byte") << QByteArray::fromHex("010002ff");
    QTest::newRow("version 0, a cut string") << QByteArray::fromHex("01000000000028");
    QTest::newRow("version 0xffff") << QByteArray::fromHex("01ffff");
}

void tst_ChatServer::versionUnsupported()
{
    QFETCH(QByteArray, payload);
    TestClient *client = newClient();
    client->sendPayload(payload);
    QVERIFY(client->waitForDisconnected());
    QVERIFY(client->last<Rejected>());
    QCOMPARE(client->last<Rejected>()->reason, RejectReason::VersionUnsupported);
    QCOMPARE(client->countOf<Error>(), 0);
    QCOMPARE(m_server->memberCount(), 0);
}

void tst_ChatServer::roomFull()
{
    ServerConfig config;
    config.maxMembers = 2;
    startServer(config);
    joined(u"a"_qs);
    joined(u"b"_qs);
    TestClient *third = newClient();
    QCOMPARE(third->helloRejected(u"c"_qs), RejectReason::RoomFull);
    QVERIFY(third->waitForDisconnected());
    QCOMPARE(m_server->memberCount(), 2);
}

void tst_ChatServer::membersAccessor()
{
    TestClient *alice = joined(u"Alice"_qs);
    joined(u"Bob"_qs);
    alice->send(Say {u"1"_qs});
    alice->send(Say {u"2"_qs});
    QVERIFY(alice->waitFor<Chat>(2));
    const QList<MemberInfo> members = m_server->members();
    QCOMPARE(members.size(), 2);
    QCOMPARE(members.at(0).name, u"Alice"_qs);
    QCOMPARE(members.at(0).messagesSent, 2u);
    QCOMPARE(members.at(0).address, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(members.at(0).port, alice->socket()->localPort());
    QVERIFY(members.at(0).joinedAt.isValid());
    QCOMPARE(members.at(1).name, u"Bob"_qs);
    QCOMPARE(members.at(1).messagesSent, 0u);
    QCOMPARE(m_server->member(u"bob"_qs)->name, u"Bob"_qs);
    QVERIFY(!m_server->member(u"carol"_qs));
}

void tst_ChatServer::destroyedWithOpenConnections()
{
    // The sockets must not call back into a half-destroyed server (toolchain.md).
    TestClient *alice = joined(u"Alice"_qs);
    TestClient *bob = joined(u"Bob"_qs);
    TestClient *stranger = newClient();
    bob->socket()->abort(); // a disconnect still queued while the server dies
    QVERIFY(stranger->sync());
    m_server.reset();
    QVERIFY(alice->waitForDisconnected());
    QVERIFY(stranger->waitForDisconnected());
}

QTEST_MAIN(tst_ChatServer)
#include "tst_chatserver.moc"
