#include "chatserver.h"
#include "chatsession.h"
#include "clientconnection.h"

#include <QSignalSpy>
#include <QTcpSocket>
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
    void abortedMidFloodResumesExactlyOnce();
    void lateJoinerSeesHistoryAndPagesBack();
    void renameKeepsYouInTheRoom();
    void resumedLostWaitsForTheSeat();
    void slowDownForARenameRefusesTheRename();
    void lostServerGivesWayToTheNext_data();
    void lostServerGivesWayToTheNext();

private:
    static ServerConfig serverConfig(quint16 port = 0);
    void startServer(const ServerConfig &config);
    void startServer(quint16 port = 0) { startServer(serverConfig(port)); }
    std::unique_ptr<ChatSession> newSession();
    // Joins both sessions; check QTest::currentTestFailed() afterwards.
    void joinBoth();
    // Drops the server's connection from the client port `port` at once, as a lost
    // connection: on Linux the server's TCP members have no QTcpSocket to abort.
    void abortServerSide(quint16 port);

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

ServerConfig tst_ClientE2e::serverConfig(quint16 port)
{
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = port;
    config.roomTitle = u"测试"_s;
    config.floodLimit = 0; // the floods below are tests, not abuse
    return config;
}

void tst_ClientE2e::startServer(const ServerConfig &config)
{
    m_server.reset();
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

void tst_ClientE2e::abortServerSide(quint16 port)
{
    int found = 0;
    for (ClientConnection *connection : m_server->findChildren<ClientConnection *>()) {
        if (connection->peerPort() == port) {
            connection->abort();
            ++found;
        }
    }
    QCOMPARE(found, 1);
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

void tst_ClientE2e::abortedMidFloodResumesExactlyOnce()
{
    joinBoth();
    if (QTest::currentTestFailed())
        return;
    constexpr int Flood = 300;
    QSignalSpy resumed(m_zhang.get(), &ChatSession::resumed);
    QSignalSpy delivered(m_zhang.get(), &ChatSession::sayDelivered);
    for (int i = 0; i < Flood; ++i)
        QVERIFY(m_li->say(u"flood %1"_s.arg(i)));
    QTRY_VERIFY(m_zhang->events().size() > 20);
    // The server cuts 张三's connection in the middle of it (abort: an RST).
    const quint16 zhangPort = m_zhang->findChild<QTcpSocket *>()->localPort();
    abortServerSide(zhangPort);
    QTRY_COMPARE(m_zhang->state(), ChatSession::State::Reconnecting);
    // Typed while the connection is away: queued, then sent once it is back.
    QVERIFY(m_zhang->say(u"while away"_s));
    QVERIFY(m_zhang->say(u"still away"_s));
    QTRY_VERIFY(resumed.count() == 1);
    QTRY_COMPARE(delivered.count(), 2);
    QTRY_VERIFY(m_li->events().size() >= Flood + 2 + 1);

    // 张三 has every line of the flood once, in seq order, and nobody saw him leave.
    QList<quint64> seqs;
    int floodLines = 0;
    for (const RoomEvent &event : m_zhang->events()) {
        seqs.append(event.seq);
        QVERIFY(event.kind != RoomEvent::Kind::Left);
        if (event.kind == RoomEvent::Kind::Chat && event.nickname == u"李四"_s)
            QCOMPARE(event.text, u"flood %1"_s.arg(floodLines++));
    }
    QCOMPARE(floodLines, Flood);
    for (int i = 1; i < seqs.size(); ++i)
        QCOMPARE(seqs.at(i), seqs.at(i - 1) + 1);
    int awayLines = 0;
    for (const RoomEvent &event : m_li->events()) {
        QVERIFY((event.kind != RoomEvent::Kind::Left && event.kind != RoomEvent::Kind::Joined)
                || event.seq <= m_li->events().constFirst().seq);
        if (event.text == u"while away"_s || event.text == u"still away"_s)
            ++awayLines;
    }
    QCOMPARE(awayLines, 2);
    QCOMPARE(m_server->memberCount(), 2);
    QVERIFY(m_zhang->outbox().isEmpty());
}

void tst_ClientE2e::lateJoinerSeesHistoryAndPagesBack()
{
    m_zhang->join(u"127.0.0.1"_s, m_server->serverPort(), u"张三"_s);
    QTRY_COMPARE(m_zhang->state(), ChatSession::State::Joined);
    for (int i = 0; i < 30; ++i)
        QVERIFY(m_zhang->say(u"早先 %1"_s.arg(i)));
    QTRY_COMPARE(m_zhang->events().size(), 31);

    QSignalSpy history(m_li.get(), &ChatSession::historyReceived);
    m_li->setHistoryMax(10);
    m_li->join(u"127.0.0.1"_s, m_server->serverPort(), u"李四"_s);
    QVERIFY(history.wait());
    QList<RoomEvent> seen = history.at(0).at(0).value<QList<RoomEvent>>();
    QCOMPARE(seen.size(), 10);
    QCOMPARE(seen.constFirst().text, u"早先 20"_s);
    QVERIFY(seen.constFirst().history);
    QCOMPARE(history.at(0).at(1).toBool(), false); // not a reply
    QCOMPARE(history.at(0).at(2).toBool(), true); // older ones exist
    // Scrolled to the top: page back until the log ends.
    while (m_li->hasOlderHistory()) {
        const qsizetype pages = history.size();
        QVERIFY(m_li->requestOlderHistory(8));
        QTRY_COMPARE(history.size(), pages + 1);
        seen = history.constLast().at(0).value<QList<RoomEvent>>() + seen;
        QCOMPARE(history.constLast().at(1).toBool(), true);
    }
    QVERIFY(!m_li->requestOlderHistory());
    QCOMPARE(seen.size(), 30);
    for (int i = 0; i < 30; ++i)
        QCOMPARE(seen.at(i).text, u"早先 %1"_s.arg(i));
}

void tst_ClientE2e::renameKeepsYouInTheRoom()
{
    joinBoth();
    if (QTest::currentTestFailed())
        return;
    QSignalSpy renamed(m_zhang.get(), &ChatSession::renamed);
    QSignalSpy refused(m_zhang.get(), &ChatSession::renameRefused);
    QVERIFY(m_zhang->rename(u"李四"_s));
    QVERIFY(refused.wait());
    QCOMPARE(refused.at(0).at(0).value<Protocol::NoticeCode>(), Protocol::NoticeCode::NameTaken);
    QCOMPARE(m_zhang->nickname(), u"张三"_s);

    QVERIFY(m_zhang->rename(u"张三丰"_s));
    QVERIFY(renamed.wait());
    QCOMPARE(m_zhang->nickname(), u"张三丰"_s);
    QTRY_COMPARE(m_li->members(), (QStringList {u"李四"_s, u"张三丰"_s}));
    const RoomEvent line = m_li->events().constLast();
    QCOMPARE(line.kind, RoomEvent::Kind::Renamed);
    QCOMPARE(line.formerName, u"张三"_s);
    QCOMPARE(line.nickname, u"张三丰"_s);
    QCOMPARE(m_server->memberCount(), 2);
    // Own lines are still recognised under the new name.
    QVERIFY(m_zhang->say(u"新名字"_s));
    QTRY_VERIFY(m_zhang->events().constLast().text == u"新名字"_s);
    QVERIFY(m_zhang->events().constLast().own);
}

void tst_ClientE2e::resumedLostWaitsForTheSeat()
{
    ServerConfig config = serverConfig();
    config.resumeGrace = std::chrono::milliseconds(400);
    startServer(config);
    if (QTest::currentTestFailed())
        return;
    ChatSession::Timing timing = m_zhang->timing();
    timing.resumeRetryMs = 30;
    timing.seatSlackMs = 1000;
    m_zhang->setTiming(timing);
    joinBoth();
    if (QTest::currentTestFailed())
        return;
    QSignalSpy rejected(m_zhang.get(), &ChatSession::rejected);
    QSignalSpy joined(m_zhang.get(), &ChatSession::joined);
    QSignalSpy resumed(m_zhang.get(), &ChatSession::resumed);
    // The server seats 张三 again and spends his token, but his connection goes before
    // the Resumed reaches him: his token is dead and his seat holds his name until its
    // grace ends. A Say typed meanwhile waits.
    bool cut = false;
    connect(m_server.get(), &ChatServer::memberResumed, this, [&] {
        if (std::exchange(cut, true))
            return;
        for (QTcpSocket *socket : m_zhang->findChildren<QTcpSocket *>()) {
            if (socket->state() == QAbstractSocket::ConnectedState)
                socket->abort();
        }
        QVERIFY(m_zhang->say(u"等座位"_s));
    });
    const quint16 zhangPort = m_zhang->findChild<QTcpSocket *>()->localPort();
    abortServerSide(zhangPort);
    QTRY_VERIFY(cut);

    // Back once the seat is free: a fresh join under his own name, never the dialog.
    QVERIFY(joined.wait(5000));
    QCOMPARE(rejected.count(), 0);
    QCOMPARE(resumed.count(), 0);
    QCOMPARE(m_zhang->state(), ChatSession::State::Joined);
    QCOMPARE(m_zhang->nickname(), u"张三"_s);
    QTRY_VERIFY(m_zhang->outbox().isEmpty());
    // 李四 saw the seat go when its grace ended, 张三 come back, and the Say once.
    QTRY_COMPARE(m_li->events().constLast().text, u"等座位"_s);
    QStringList seen;
    for (const RoomEvent &event : m_li->events()) {
        if (event.kind == RoomEvent::Kind::Left)
            seen.append(u"left "_s + event.nickname);
        else if (event.kind == RoomEvent::Kind::Joined && !event.own)
            seen.append(u"joined "_s + event.nickname);
        else if (event.kind == RoomEvent::Kind::Chat)
            seen.append(event.text);
    }
    QCOMPARE(seen, (QStringList {u"left 张三"_s, u"joined 张三"_s, u"等座位"_s}));
    QCOMPARE(m_server->memberCount(), 2);
}

void tst_ClientE2e::slowDownForARenameRefusesTheRename()
{
    ServerConfig config = serverConfig();
    config.floodLimit = 2; // two Says pass, the Rename after them is one too many
    startServer(config);
    if (QTest::currentTestFailed())
        return;
    joinBoth();
    if (QTest::currentTestFailed())
        return;
    QSignalSpy delivered(m_zhang.get(), &ChatSession::sayDelivered);
    QSignalSpy failed(m_zhang.get(), &ChatSession::sayFailed);
    QSignalSpy refused(m_zhang.get(), &ChatSession::renameRefused);
    QSignalSpy renamed(m_zhang.get(), &ChatSession::renamed);
    QVERIFY(m_zhang->say(u"一"_s));
    QVERIFY(m_zhang->say(u"二"_s));
    QVERIFY(m_zhang->rename(u"张三丰"_s));
    QVERIFY(refused.wait());
    QCOMPARE(refused.count(), 1);
    QCOMPARE(refused.at(0).at(0).value<Protocol::NoticeCode>(), Protocol::NoticeCode::SlowDown);
    QCOMPARE(delivered.count(), 2);
    QCOMPARE(failed.count(), 0);
    QVERIFY(m_zhang->outbox().isEmpty());
    QCOMPARE(renamed.count(), 0);
    QCOMPARE(m_zhang->nickname(), u"张三"_s);
    QTRY_COMPARE(m_li->events().constLast().text, u"二"_s);
}

void tst_ClientE2e::lostServerGivesWayToTheNext_data()
{
    QTest::addColumn<bool>("shutdown");
    QTest::newRow("crash") << false;
    QTest::newRow("shutdown") << true;
}

void tst_ClientE2e::lostServerGivesWayToTheNext()
{
    QFETCH(bool, shutdown);
    // Two real servers of a list (not sharing a room here, so the second cannot honour
    // the first one's token): the session resumes there if it can and joins if not.
    ChatServer second(serverConfig(0));
    QVERIFY2(second.listen(), qPrintable(second.errorString()));
    const ServerAddress firstAddress {ServerAddress::Transport::Tcp, u"127.0.0.1"_s,
                                      m_server->serverPort()};
    const ServerAddress secondAddress {ServerAddress::Transport::Tcp, u"127.0.0.1"_s,
                                       second.serverPort()};
    m_zhang->join(ServerList(QList<ServerAddress> {firstAddress, secondAddress}), u"张三"_s);
    QTRY_COMPARE(m_zhang->state(), ChatSession::State::Joined);
    QCOMPARE(m_zhang->address(), firstAddress);

    QSignalSpy joined(m_zhang.get(), &ChatSession::joined);
    if (shutdown)
        m_server->shutdown();
    else
        m_server.reset();
    QVERIFY(joined.wait());
    QCOMPARE(m_zhang->state(), ChatSession::State::Joined);
    QCOMPARE(m_zhang->address(), secondAddress);
    QCOMPARE(m_zhang->nickname(), u"张三"_s);
    QCOMPARE(second.memberCount(), 1);
}

QTEST_MAIN(tst_ClientE2e)
#include "tst_client_e2e.moc"
