#include "chatserver.h"
#include "chatsession.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

// The real server and real sessions over 127.0.0.1: what the two halves agree on is the
// protocol, and only running them together shows they implement the same one.
class tst_ClientE2e : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void chatReachesTheOther();
    void leaveIsSeenAsQuit();
    void kickedDoesNotReconnect();
    void serverRestartRejoins();
    void shutdownComesBack();

private:
    void startServer(quint16 port = 0);
    std::unique_ptr<ChatSession> newSession();
    // Joins both sessions; check QTest::currentTestFailed() afterwards.
    void joinBoth();

    std::unique_ptr<ChatServer> m_server;
    std::unique_ptr<ChatSession> m_zhang;
    std::unique_ptr<ChatSession> m_li;
};

void tst_ClientE2e::init()
{
    startServer();
    m_zhang = newSession();
    m_li = newSession();
}

void tst_ClientE2e::cleanup()
{
    m_zhang.reset();
    m_li.reset();
    m_server.reset();
}

void tst_ClientE2e::startServer(quint16 port)
{
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = port;
    config.roomTitle = u"测试"_s;
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
}

std::unique_ptr<ChatSession> tst_ClientE2e::newSession()
{
    auto session = std::make_unique<ChatSession>();
    ChatSession::Timing timing;
    timing.reconnectInitialMs = 20;
    timing.reconnectMaxMs = 80;
    timing.resumeDelayMs = 20;
    timing.shutdownInitialMs = 50;
    timing.shutdownMaxMs = 200;
    session->setTiming(timing);
    return session;
}

void tst_ClientE2e::joinBoth()
{
    m_zhang->join(u"127.0.0.1"_s, m_server->serverPort(), u"张三"_s);
    QTRY_COMPARE(m_zhang->state(), ChatSession::State::Joined);
    m_li->join(u"127.0.0.1"_s, m_server->serverPort(), u"李四"_s);
    QTRY_COMPARE(m_li->state(), ChatSession::State::Joined);
    QTRY_COMPARE(m_zhang->members(), (QStringList {u"张三"_s, u"李四"_s}));
    QCOMPARE(m_li->members(), (QStringList {u"张三"_s, u"李四"_s}));
}

void tst_ClientE2e::chatReachesTheOther()
{
    joinBoth();
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(m_li->roomTitle(), u"测试"_s);
    const RoomEvent liJoined = m_zhang->events().constLast();
    QCOMPARE(liJoined.kind, RoomEvent::Kind::Joined);
    QCOMPARE(liJoined.nickname, u"李四"_s);
    QCOMPARE(liJoined.seq, m_li->events().constFirst().seq); // one join, one seq

    QSignalSpy liEvents(m_li.get(), &ChatSession::eventAdded);
    QVERIFY(m_zhang->say(u"你好"_s));
    QVERIFY(liEvents.wait());
    const RoomEvent heard = liEvents.at(0).at(0).value<RoomEvent>();
    QCOMPARE(heard.kind, RoomEvent::Kind::Chat);
    QCOMPARE(heard.nickname, u"张三"_s);
    QCOMPARE(heard.text, u"你好"_s);
    QVERIFY(!heard.own);
    QVERIFY(heard.atMs > 0);

    // The sender gets its own line back, in the same order as everyone else.
    QTRY_COMPARE(m_zhang->events().constLast().kind, RoomEvent::Kind::Chat);
    const RoomEvent echoed = m_zhang->events().constLast();
    QCOMPARE(echoed.seq, heard.seq);
    QVERIFY(echoed.own);
}

void tst_ClientE2e::leaveIsSeenAsQuit()
{
    joinBoth();
    if (QTest::currentTestFailed())
        return;
    m_li->leave();
    QTRY_COMPARE(m_zhang->members(), QStringList {u"张三"_s});
    const RoomEvent left = m_zhang->events().constLast();
    QCOMPARE(left.kind, RoomEvent::Kind::Left);
    QCOMPARE(left.nickname, u"李四"_s);
    QCOMPARE(left.leaveReason, Protocol::LeaveReason::Quit);
    QCOMPARE(m_li->state(), ChatSession::State::Disconnected);
    QTRY_COMPARE(m_server->memberCount(), 1);
}

void tst_ClientE2e::kickedDoesNotReconnect()
{
    joinBoth();
    if (QTest::currentTestFailed())
        return;
    QSignalSpy liDisconnected(m_li.get(), &ChatSession::disconnected);
    QVERIFY(m_server->kick(u"李四"_s));
    QVERIFY(liDisconnected.wait());
    QCOMPARE(liDisconnected.at(0).at(0).value<ChatSession::EndReason>(),
             ChatSession::EndReason::Kicked);
    QTRY_COMPARE(m_zhang->members(), QStringList {u"张三"_s});
    QCOMPARE(m_zhang->events().constLast().leaveReason, Protocol::LeaveReason::Kicked);

    // Proving that nothing happens takes waiting: many times the reconnect delay.
    QTest::qWait(300);
    QCOMPARE(m_li->state(), ChatSession::State::Disconnected);
    QCOMPARE(m_server->memberCount(), 1);
}

void tst_ClientE2e::serverRestartRejoins()
{
    joinBoth();
    if (QTest::currentTestFailed())
        return;
    const quint16 port = m_server->serverPort();
    QSignalSpy zhangDisconnected(m_zhang.get(), &ChatSession::disconnected);
    // Gone without a word, as after a crash.
    m_server.reset();
    QVERIFY(zhangDisconnected.wait());
    QCOMPARE(zhangDisconnected.at(0).at(0).value<ChatSession::EndReason>(),
             ChatSession::EndReason::ConnectionLost);
    QTRY_COMPARE(m_li->state(), ChatSession::State::Reconnecting);

    startServer(port);
    if (QTest::currentTestFailed())
        return;
    QTRY_COMPARE(m_zhang->state(), ChatSession::State::Joined);
    QTRY_COMPARE(m_li->state(), ChatSession::State::Joined);
    QCOMPARE(m_zhang->nickname(), u"张三"_s);
    QCOMPARE(m_li->nickname(), u"李四"_s);
    QTRY_COMPARE(m_server->memberCount(), 2);

    QSignalSpy zhangEvents(m_zhang.get(), &ChatSession::eventAdded);
    QVERIFY(m_li->say(u"回来了"_s));
    QTRY_VERIFY(!zhangEvents.isEmpty() && m_zhang->events().constLast().text == u"回来了"_s);
}

void tst_ClientE2e::shutdownComesBack()
{
    joinBoth();
    if (QTest::currentTestFailed())
        return;
    QSignalSpy zhangDisconnected(m_zhang.get(), &ChatSession::disconnected);
    QSignalSpy liDisconnected(m_li.get(), &ChatSession::disconnected);
    QSignalSpy finished(m_server.get(), &ChatServer::shutdownFinished);
    const quint16 port = m_server->serverPort();
    m_server->shutdown();
    QTRY_COMPARE(zhangDisconnected.count(), 1);
    QTRY_COMPARE(liDisconnected.count(), 1);
    QCOMPARE(zhangDisconnected.at(0).at(0).value<ChatSession::EndReason>(),
             ChatSession::EndReason::ServerShutdown);
    QCOMPARE(liDisconnected.at(0).at(0).value<ChatSession::EndReason>(),
             ChatSession::EndReason::ServerShutdown);
    QTRY_COMPARE(finished.count(), 1);

    // Both wait for the server to come back, and join again once it does.
    QCOMPARE(m_zhang->state(), ChatSession::State::Reconnecting);
    QCOMPARE(m_li->state(), ChatSession::State::Reconnecting);
    startServer(port);
    if (QTest::currentTestFailed())
        return;
    QTRY_COMPARE_WITH_TIMEOUT(m_server->memberCount(), 2, 10'000);
    QCOMPARE(m_zhang->state(), ChatSession::State::Joined);
    QCOMPARE(m_zhang->nickname(), u"张三"_s);
}

QTEST_MAIN(tst_ClientE2e)
#include "tst_client_e2e.moc"
