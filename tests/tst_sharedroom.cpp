// Several ChatServers serving one room through a real redis-server (SharedRoom,
// RedisRoomStream): one order, one member list and one set of names for every member of
// every server, and Redis going away without anything said being lost or doubled.
#include "chatserver.h"
#include "chatsession.h"
#include "memoryroomlog.h"
#include "redisroomstream.h"
#include "redisserver.h"
#include "serverlist.h"
#include "sharednode.h"
#include "testclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Protocol;

namespace {

using Node = SharedNode;

QList<quint64> seqsOf(const QList<Chat> &chats)
{
    QList<quint64> seqs;
    for (const Chat &chat : chats)
        seqs.append(chat.seq);
    return seqs;
}

QStringList textsOf(const QList<Chat> &chats)
{
    QStringList texts;
    for (const Chat &chat : chats)
        texts.append(chat.from + u": "_s + chat.text);
    return texts;
}

// The Chats among the events of a client's History frames.
QList<Chat> chatsOf(const QList<Message> &events)
{
    QList<Chat> chats;
    for (const Message &event : events) {
        if (const auto *chat = std::get_if<Chat>(&event))
            chats.append(*chat);
    }
    return chats;
}

// Where the Chat saying `text` is among what the client received; -1 when it is not.
qsizetype indexOfChat(const TestClient &client, const QString &text)
{
    const QList<Message> &messages = client.messages();
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const auto *chat = std::get_if<Chat>(&messages.at(i));
        if (chat && chat->text == text)
            return i;
    }
    return -1;
}

// Where the first message of type T is among what the client received; -1 when none is.
template<typename T>
qsizetype indexOfFirst(const TestClient &client)
{
    const QList<Message> &messages = client.messages();
    for (qsizetype i = 0; i < messages.size(); ++i) {
        if (std::holds_alternative<T>(messages.at(i)))
            return i;
    }
    return -1;
}

} // namespace

class tst_SharedRoom : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void membersOnBothServersSeeOneOrder();
    void aNameTakenOnOneServerIsTakenOnTheOther();
    void aBroadcastReachesEveryServer();
    void aLeaveReachesTheOtherServer();
    void aRenameReachesTheOtherServer();
    void aServerStartedLaterKnowsWhoIsIn();
    void theAdministratorSeesTheWholeRoom();
    void aServerStartedLaterServesTheHistoryBefore();
    void aSmallerCacheBackfillsOnlyTheNewest();
    void aServerOnAnEmptyRoomHasNoHistory();
    void aServerProcessStartedLaterServesTheHistory();
    void withoutRedisSaysAreRefusedAndNothingIsLost();
    void twoServerProcessesShareTheRoom();
    void anUnreachableRedisStopsTheServer();
    void aKickOnOneServerReachesAMemberOnTheOther();
    void aMemberResumesOnAnotherServerWhenItsServerDies();
    void aDeadServersMembersLeaveOnce();
    void aLiveServerKeepsItsMembers();
    void aKilledServerProcessLosesNothing();
    void aSessionResumesOnTheNextServerOfItsList();
    void aRoomRedisLostStartsOver();
    void redisRestartedMidFloodLosesNothing();
    void aSlowDownFollowsTheEarlierSaysChat();
    void aHistoryReplyFollowsTheEarlierSaysChat();
    void aHistoryReplyFollowsTheEarlierRenamesJoined();

private:
    // A server on the shared room; a short lease makes a dead one noticed quickly.
    Node startNode(std::chrono::milliseconds lease = 10s, std::chrono::milliseconds grace = 60s,
                   int floodLimit = ServerConfig().floodLimit);
    TestClient *join(const Node &node, const QString &name);
    // chatroom-serverd on the shared room; its port, or 0 when it did not start listening.
    quint16 startServerd(QProcess &process, const QStringList &extra = {});
    // A 1.1 member asking for `historyMax` messages of history; waits for the batch.
    TestClient *joinWithHistory(quint16 port, const QString &name, quint16 historyMax);
    // Alice and Bob take turns saying `count` lines on `node`; the Chats as Alice got them.
    QList<Chat> chatter(const Node &node, int count);

    std::unique_ptr<RedisServer> m_redis;
    std::unique_ptr<QObject> m_scope; // the clients
    // The events the next startNode()'s cache holds, and backfills from the stream.
    qsizetype m_cache = 1000;
};

void tst_SharedRoom::init()
{
    m_redis = std::make_unique<RedisServer>();
    QVERIFY2(m_redis->start(), qPrintable(m_redis->errorString()));
    m_scope = std::make_unique<QObject>();
    m_cache = 1000;
}

void tst_SharedRoom::cleanup()
{
    m_scope.reset();
    m_redis.reset();
}

Node tst_SharedRoom::startNode(std::chrono::milliseconds lease, std::chrono::milliseconds grace,
                               int floodLimit)
{
    SharedNode::Options options;
    options.lease = lease;
    options.resumeGrace = grace;
    options.floodLimit = floodLimit;
    options.cache = m_cache;
    return SharedNode::start(*m_redis, options);
}

TestClient *tst_SharedRoom::join(const Node &node, const QString &name)
{
    return node.join(m_scope.get(), name);
}

void tst_SharedRoom::membersOnBothServersSeeOneOrder()
{
    Node a = startNode();
    Node b = startNode();
    QVERIFY(a.server && b.server);
    TestClient *alice = join(a, u"Alice"_s);
    TestClient *bob = join(b, u"鲍勃"_s);
    // Bob's member list is the whole room's, and Alice hears of Bob from the other server.
    QCOMPARE(bob->last<Members>()->names, QStringList({u"Alice"_s, u"鲍勃"_s}));
    QVERIFY(alice->waitFor<Joined>());
    QCOMPARE(alice->last<Joined>()->nickname, u"鲍勃"_s);
    QCOMPARE(alice->last<Joined>()->seq, bob->last<Welcome>()->seq);

    for (int i = 0; i < 5; ++i) {
        alice->send(Say {u"a%1"_s.arg(i), quint64(i + 1)});
        bob->send(Say {u"b%1"_s.arg(i), quint64(i + 1)});
    }
    QVERIFY(alice->waitFor<Chat>(10));
    QVERIFY(bob->waitFor<Chat>(10));
    const QList<Chat> seenByAlice = alice->all<Chat>();
    const QList<Chat> seenByBob = bob->all<Chat>();
    QCOMPARE(textsOf(seenByAlice), textsOf(seenByBob));
    QCOMPARE(seqsOf(seenByAlice), seqsOf(seenByBob));
    // No gap and in the order each said them.
    const quint64 first = seenByAlice.first().seq;
    for (qsizetype i = 0; i < seenByAlice.size(); ++i)
        QCOMPARE(seenByAlice.at(i).seq, first + quint64(i));
    QStringList fromAlice;
    for (const Chat &chat : seenByAlice) {
        if (chat.from == u"Alice")
            fromAlice.append(chat.text);
    }
    QCOMPARE(fromAlice, QStringList({u"a0"_s, u"a1"_s, u"a2"_s, u"a3"_s, u"a4"_s}));
    // Each server counts what its own member said.
    QTRY_COMPARE(a.server->member(u"Alice"_s)->messagesSent, 5u);
    QCOMPARE(a.server->memberCount(), 2);
    QCOMPARE(b.server->memberCount(), 2);

    // Joins on either server, each new member's list the whole room's in join order
    // (each server adds the others' joiners to the list it hands out).
    TestClient *carol = join(a, u"Carol"_s);
    QCOMPARE(carol->last<Members>()->names, QStringList({u"Alice"_s, u"鲍勃"_s, u"Carol"_s}));
    QVERIFY(bob->waitFor<Joined>());
    TestClient *dave = join(b, u"Dave"_s);
    QCOMPARE(dave->last<Members>()->names,
             QStringList({u"Alice"_s, u"鲍勃"_s, u"Carol"_s, u"Dave"_s}));
    QVERIFY(alice->waitFor<Joined>(3));
    TestClient *erin = join(a, u"Erin"_s);
    QCOMPARE(erin->last<Members>()->names,
             QStringList({u"Alice"_s, u"鲍勃"_s, u"Carol"_s, u"Dave"_s, u"Erin"_s}));
}

void tst_SharedRoom::aNameTakenOnOneServerIsTakenOnTheOther()
{
    Node a = startNode();
    Node b = startNode();
    QVERIFY(a.server && b.server);
    TestClient *alice = join(a, u"Alice"_s);
    // The other server may not have read Alice's join yet: the claim in Redis decides.
    auto *impostor = TestClient::connected(m_scope.get(), b.port());
    QCOMPARE(impostor->helloRejected(u"ALICE"_s), RejectReason::NameTaken);
    alice->send(Bye {});
    QTRY_COMPARE(b.server->memberCount(), 0);
    QVERIFY(impostor->joinWith(Hello {1, u"ALICE"_s, 1}));
}

void tst_SharedRoom::aBroadcastReachesEveryServer()
{
    Node a = startNode();
    Node b = startNode();
    QVERIFY(a.server && b.server);
    TestClient *alice = join(a, u"Alice"_s);
    TestClient *bob = join(b, u"Bob"_s);
    QSignalSpy sentOnB(b.server.get(), &ChatServer::broadcastSent);
    QVERIFY(a.server->broadcast(u"管理员在此"_s));
    QVERIFY(bob->waitFor<Broadcast>());
    QVERIFY(alice->waitFor<Broadcast>());
    QCOMPARE(bob->last<Broadcast>()->text, u"管理员在此"_s);
    QCOMPARE(bob->last<Broadcast>()->seq, alice->last<Broadcast>()->seq);
    // The other server's window shows it too.
    QTRY_COMPARE(sentOnB.size(), 1);
}

void tst_SharedRoom::aLeaveReachesTheOtherServer()
{
    Node a = startNode();
    Node b = startNode();
    QVERIFY(a.server && b.server);
    TestClient *alice = join(a, u"Alice"_s);
    auto *bob = TestClient::joined(m_scope.get(), b.port(), u"Bob"_s); // 1.0: no seat kept
    QVERIFY(alice->waitFor<Joined>());
    QSignalSpy leftOnA(a.server.get(), &ChatServer::memberLeft);
    bob->socket()->abort();
    QVERIFY(alice->waitFor<Left>());
    QCOMPARE(alice->last<Left>()->nickname, u"Bob"_s);
    QCOMPARE(alice->last<Left>()->reason, LeaveReason::ConnectionLost);
    QTRY_COMPARE(leftOnA.size(), 1);
    QCOMPARE(a.server->memberCount(), 1);
    QCOMPARE(a.server->members().size(), 1);
}

void tst_SharedRoom::aRenameReachesTheOtherServer()
{
    Node a = startNode();
    Node b = startNode();
    QVERIFY(a.server && b.server);
    TestClient *alice = join(a, u"Alice"_s);
    TestClient *bob = join(b, u"Bob"_s);
    QVERIFY(alice->waitFor<Joined>());
    // To a name held on the other server: refused.
    bob->send(Rename {u"alice"_s});
    QVERIFY(bob->waitFor<Notice>());
    QCOMPARE(bob->last<Notice>()->code, NoticeCode::NameTaken);
    bob->send(Rename {u"Robert"_s});
    QVERIFY(alice->waitFor<Joined>(2));
    QCOMPARE(alice->last<Left>()->reason, LeaveReason::Renamed);
    QCOMPARE(alice->last<Joined>()->nickname, u"Robert"_s);
    QCOMPARE(alice->last<Joined>()->formerName, u"Bob"_s);
    // Bob keeps his connection under the new name, and the old one is free.
    QTRY_VERIFY(b.server->member(u"Robert"_s).has_value());
    bob->send(Say {u"still me"_s, 1});
    QVERIFY(alice->waitFor<Chat>());
    QCOMPARE(alice->last<Chat>()->from, u"Robert"_s);
    auto *newBob = TestClient::connected(m_scope.get(), a.port());
    QVERIFY(newBob->joinWith(Hello {1, u"Bob"_s, 1}));
    // The renamed member moved to the end of the list.
    QCOMPARE(newBob->last<Members>()->names, QStringList({u"Alice"_s, u"Robert"_s, u"Bob"_s}));
}

void tst_SharedRoom::aServerStartedLaterKnowsWhoIsIn()
{
    Node a = startNode();
    QVERIFY(a.server);
    join(a, u"Alice"_s);
    join(a, u"Bob"_s);
    Node c = startNode();
    QVERIFY(c.server);
    QCOMPARE(c.server->memberCount(), 2);
    TestClient *carol = join(c, u"Carol"_s);
    QCOMPARE(carol->last<Members>()->names, QStringList({u"Alice"_s, u"Bob"_s, u"Carol"_s}));
}

void tst_SharedRoom::theAdministratorSeesTheWholeRoom()
{
    // What the admin window and chatroomctl list (ChatServer::members(), member()): every
    // member of the room, the other servers' marked remote, with what is known of them.
    Node a = startNode();
    Node b = startNode();
    QVERIFY(a.server && b.server);
    TestClient *alice = join(a, u"Alice"_s);
    TestClient *bob = join(b, u"Bob"_s);
    QVERIFY(alice->waitFor<Joined>());
    alice->send(Say {u"hi"_s, 1});
    QVERIFY(bob->waitFor<Chat>());
    QTRY_COMPARE(a.server->member(u"Alice"_s)->messagesSent, 1u);
    const QDateTime bobJoined = b.server->member(u"Bob"_s)->joinedAt;
    QVERIFY(bobJoined.isValid());

    QList<MemberInfo> onA = a.server->members();
    QCOMPARE(onA.size(), 2);
    QCOMPARE(onA.at(0).name, u"Alice"_s);
    QVERIFY(!onA.at(0).remote);
    QCOMPARE(onA.at(0).address, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(onA.at(1).name, u"Bob"_s);
    QVERIFY(onA.at(1).remote);
    QVERIFY(onA.at(1).address.isNull());
    QCOMPARE(onA.at(1).port, 0);
    QCOMPARE(onA.at(1).joinedAt, bobJoined);
    QVERIFY(!onA.at(1).detached);
    // Found by its key, as the administrator types it; and the other way round on B.
    QVERIFY(a.server->member(u"bob"_s)->remote);
    QVERIFY(b.server->member(u"Alice"_s)->remote);
    QCOMPARE(b.server->member(u"Alice"_s)->messagesSent, 0u); // counted on A only
    QVERIFY(!b.server->member(u"Bob"_s)->remote);

    // A rename is the same member: remote under its new name, joined when it joined,
    // on this server and on a server that starts later.
    bob->send(Rename {u"Robert"_s});
    QTRY_VERIFY(a.server->member(u"Robert"_s).has_value());
    QVERIFY(!a.server->member(u"Bob"_s).has_value());
    QVERIFY(a.server->member(u"Robert"_s)->remote);
    QCOMPARE(a.server->member(u"Robert"_s)->joinedAt, bobJoined);
    Node c = startNode();
    QVERIFY(c.server);
    QCOMPARE(c.server->member(u"Robert"_s)->joinedAt, bobJoined);

    // A ban from A on B's member bans the name (no address is known here) and kicks it.
    const std::optional<BanList::Ban> ban = a.server->ban(u"robert"_s, 1h);
    QVERIFY(ban.has_value());
    QCOMPARE(ban->name, u"Robert"_s);
    QVERIFY(ban->address.isNull());
    QVERIFY(bob->waitFor<Error>());
    QCOMPARE(bob->last<Error>()->code, ErrorCode::Kicked);
    QTRY_COMPARE(a.server->members().size(), 1);
    QTRY_COMPARE(b.server->memberCount(), 1);
    QVERIFY(!a.server->member(u"Robert"_s).has_value());
}

void tst_SharedRoom::aServerStartedLaterServesTheHistoryBefore()
{
    Node a = startNode();
    QVERIFY(a.server);
    const QList<Chat> said = chatter(a, 30);
    QCOMPARE(said.size(), 30);

    // B never read any of it: it backfilled the room's history from the stream before it
    // listened, so a member joining there gets what one joining on A gets.
    Node b = startNode();
    QVERIFY(b.server);
    TestClient *carol = joinWithHistory(b.port(), u"Carol"_s, 100);
    TestClient *dave = joinWithHistory(a.port(), u"Dave"_s, 100);
    const QList<Chat> onB = chatsOf(carol->historyEvents());
    const QList<Chat> onA = chatsOf(dave->historyEvents());
    QCOMPARE(seqsOf(onB), seqsOf(said));
    QCOMPARE(textsOf(onB), textsOf(said));
    QCOMPARE(seqsOf(onB), seqsOf(onA));
    QCOMPARE(textsOf(onB), textsOf(onA));
    // Byte for byte as sent live.
    QCOMPARE(carol->histories().constLast().events, dave->histories().constLast().events);

    // Paging back on B finds the earlier ones: ten on join, then the twenty before them.
    TestClient *erin = joinWithHistory(b.port(), u"Erin"_s, 10);
    QCOMPARE(seqsOf(chatsOf(erin->historyEvents())), seqsOf(said.mid(20)));
    QVERIFY(erin->histories().constLast().flags & HistoryTruncated);
    erin->send(HistoryRequest {said.at(20).seq, 100});
    QVERIFY(QTest::qWaitFor([&] { return erin->historyBatchDone(2); }, TestClient::Timeout));
    QVERIFY(erin->histories().constLast().flags & HistoryReply);
    QCOMPARE(chatsOf(erin->historyEvents()).size(), 30);
    QCOMPARE(seqsOf(chatsOf(erin->historyEvents()).mid(10)), seqsOf(said.first(20)));
    QCOMPARE(textsOf(chatsOf(erin->historyEvents()).mid(10)), textsOf(said.first(20)));

    // And what is said now follows it on B, once.
    dave->send(Say {u"后来的话"_s, 1});
    QVERIFY(erin->waitFor<Chat>());
    QVERIFY(dave->waitFor<Chat>());
    QVERIFY(erin->sync());
    QCOMPARE(erin->countOf<Chat>(), 1);
    QCOMPARE(erin->last<Chat>()->text, u"后来的话"_s);
    QCOMPARE(erin->last<Chat>()->seq, dave->last<Chat>()->seq);
}

void tst_SharedRoom::aSmallerCacheBackfillsOnlyTheNewest()
{
    Node a = startNode();
    QVERIFY(a.server);
    const QList<Chat> said = chatter(a, 30);
    QCOMPARE(said.size(), 30);
    m_cache = 10;
    Node b = startNode();
    QVERIFY(b.server);
    // The newest ten events of the room, as many as its cache holds.
    const quint64 last = said.constLast().seq;
    QCOMPARE(b.server->roomLog().eventCount(), 10);
    QCOMPARE(b.server->roomLog().firstSeq(), last - 9);
    QCOMPARE(b.server->roomLog().lastSeq(), last);
    // Carol's own Joined pushes the oldest of them out before her history is read.
    TestClient *carol = joinWithHistory(b.port(), u"Carol"_s, 100);
    QCOMPARE(seqsOf(chatsOf(carol->historyEvents())), seqsOf(said.mid(30 - 9)));
    QVERIFY(carol->histories().constLast().flags & HistoryTruncated);
    // Nothing older on B to page back to.
    carol->send(HistoryRequest {said.at(30 - 9).seq, 100});
    QVERIFY(QTest::qWaitFor([&] { return carol->historyBatchDone(2); }, TestClient::Timeout));
    QCOMPARE(carol->histories().constLast().events, QList<QByteArray>());
}

void tst_SharedRoom::aServerOnAnEmptyRoomHasNoHistory()
{
    Node a = startNode();
    QVERIFY(a.server);
    QCOMPARE(a.server->roomLog().eventCount(), 0);
    TestClient *carol = joinWithHistory(a.port(), u"Carol"_s, 100);
    QCOMPARE(carol->histories().size(), 1);
    QVERIFY(carol->histories().constFirst().events.isEmpty());
    carol->send(Say {u"第一句"_s, 1});
    QVERIFY(carol->waitFor<Chat>());
    QCOMPARE(carol->last<Chat>()->seq, carol->welcome.seq + 1);
}

void tst_SharedRoom::aServerProcessStartedLaterServesTheHistory()
{
    Node a = startNode();
    QVERIFY(a.server);
    const QList<Chat> said = chatter(a, 12);
    QCOMPARE(said.size(), 12);
    QProcess later;
    const quint16 port = startServerd(later);
    QVERIFY2(port, later.readAllStandardError().constData());
    TestClient *carol = joinWithHistory(port, u"Carol"_s, 100);
    QCOMPARE(seqsOf(chatsOf(carol->historyEvents())), seqsOf(said));
    QCOMPARE(textsOf(chatsOf(carol->historyEvents())), textsOf(said));
    ::kill(pid_t(later.processId()), SIGTERM);
    QVERIFY(later.state() == QProcess::NotRunning || later.waitForFinished(TestClient::Timeout));
    QCOMPARE(later.exitCode(), 0);
}

void tst_SharedRoom::withoutRedisSaysAreRefusedAndNothingIsLost()
{
    Node a = startNode();
    Node b = startNode();
    QVERIFY(a.server && b.server);
    TestClient *alice = join(a, u"Alice"_s);
    TestClient *bob = join(b, u"Bob"_s);
    alice->send(Say {u"before"_s, 1});
    QVERIFY(bob->waitFor<Chat>());

    m_redis->kill();
    QTRY_VERIFY(!a.stream->isAvailable());
    alice->send(Say {u"lost?"_s, 2});
    QVERIFY(alice->waitFor<Notice>());
    QCOMPARE(alice->last<Notice>()->code, NoticeCode::RoomUnavailable);
    // The connections stay.
    QCOMPARE(alice->socket()->state(), QAbstractSocket::ConnectedState);

    QVERIFY2(m_redis->restart(), qPrintable(m_redis->errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(a.stream->isAvailable() && b.stream->isAvailable(), 10'000);
    alice->send(Say {u"after"_s, 3});
    QVERIFY(bob->waitFor<Chat>(2));
    QVERIFY(alice->waitFor<Chat>(2));
    QCOMPARE(textsOf(bob->all<Chat>()), QStringList({u"Alice: before"_s, u"Alice: after"_s}));
    QCOMPARE(seqsOf(bob->all<Chat>()), seqsOf(alice->all<Chat>()));
    QCOMPARE(bob->all<Chat>().at(1).seq, bob->all<Chat>().at(0).seq + 1);
}

quint16 tst_SharedRoom::startServerd(QProcess &process, const QStringList &extra)
{
    static QTemporaryDir dataDir;
    process.start(QStringLiteral(CHATROOM_SERVERD_BINARY),
                  QStringList {u"--lang"_s, u"en"_s, u"--listen"_s, u"127.0.0.1"_s, u"--port"_s,
                               u"0"_s, u"--log-format"_s, u"json"_s, u"--admin-socket"_s, u"none"_s,
                               u"--data-dir"_s, dataDir.path(), u"--log"_s,
                               u"redis://127.0.0.1:%1/room"_s.arg(m_redis->port())}
                      + extra);
    if (!process.waitForStarted(TestClient::Timeout))
        return 0;
    quint16 port = 0;
    QByteArray output;
    // The result is the port: a server that stopped or never listened leaves it 0.
    (void)QTest::qWaitFor(
        [&] {
            output += process.readAllStandardOutput();
            for (const QByteArray &line : output.split('\n')) {
                const QJsonObject record = QJsonDocument::fromJson(line).object();
                if (record.value(u"event"_s).toString() == u"listening")
                    port = quint16(record.value(u"port"_s).toInt());
            }
            return port != 0 || process.state() == QProcess::NotRunning;
        },
        TestClient::Timeout);
    return port;
}

TestClient *tst_SharedRoom::joinWithHistory(quint16 port, const QString &name, quint16 historyMax)
{
    auto *client = TestClient::connected(m_scope.get(), port);
    if (!client || !client->joinWith(Hello {1, name, 1, historyMax})
        || !QTest::qWaitFor([&] { return client->historyBatchDone(); }, TestClient::Timeout))
        qWarning("%s got no history", qPrintable(name));
    return client;
}

QList<Chat> tst_SharedRoom::chatter(const Node &node, int count)
{
    TestClient *alice = join(node, u"Alice"_s);
    TestClient *bob = join(node, u"Bob"_s);
    for (int i = 0; i < count; ++i)
        (i % 2 == 0 ? alice : bob)->send(Say {u"第 %1 句"_s.arg(i + 1), quint64(i + 1)});
    if (!alice->waitFor<Chat>(count))
        qWarning("only %d of %d lines were said", alice->countOf<Chat>(), count);
    return alice->all<Chat>();
}

void tst_SharedRoom::twoServerProcessesShareTheRoom()
{
    QProcess first;
    QProcess second;
    const quint16 firstPort = startServerd(first);
    const quint16 secondPort = startServerd(second);
    QVERIFY2(firstPort && secondPort,
             (first.readAllStandardError() + second.readAllStandardError()).constData());
    auto *alice = TestClient::connected(m_scope.get(), firstPort);
    QVERIFY(alice->joinWith(Hello {1, u"Alice"_s, 1}));
    auto *bob = TestClient::connected(m_scope.get(), secondPort);
    QVERIFY(bob->joinWith(Hello {1, u"Bob"_s, 1}));
    QCOMPARE(bob->last<Members>()->names, QStringList({u"Alice"_s, u"Bob"_s}));
    bob->send(Say {u"你好，Alice"_s, 1});
    QVERIFY(alice->waitFor<Chat>());
    QCOMPARE(alice->last<Chat>()->from, u"Bob"_s);

    // A server stopping cleanly takes its members out of the shared room before it goes.
    ::kill(pid_t(first.processId()), SIGTERM);
    QVERIFY(first.state() == QProcess::NotRunning || first.waitForFinished(TestClient::Timeout));
    QCOMPARE(first.exitCode(), 0);
    QVERIFY(bob->waitFor<Left>());
    QCOMPARE(bob->last<Left>()->nickname, u"Alice"_s);
    // And the name is free again, on the server that is left.
    auto *again = TestClient::connected(m_scope.get(), secondPort);
    QVERIFY(again->joinWith(Hello {1, u"Alice"_s, 1}));
    ::kill(pid_t(second.processId()), SIGTERM);
    QVERIFY(second.state() == QProcess::NotRunning || second.waitForFinished(TestClient::Timeout));
}

void tst_SharedRoom::anUnreachableRedisStopsTheServer()
{
    m_redis->kill();
    QProcess server;
    QCOMPARE(startServerd(server), quint16(0));
    QVERIFY(server.state() == QProcess::NotRunning || server.waitForFinished(TestClient::Timeout));
    QCOMPARE(server.exitCode(), 1);
    const QString error = QString::fromUtf8(server.readAllStandardError());
    QVERIFY2(error.contains(u"Cannot reach the shared room at redis://127.0.0.1:"_s),
             qPrintable(error));
}

void tst_SharedRoom::aKickOnOneServerReachesAMemberOnTheOther()
{
    Node a = startNode();
    Node b = startNode();
    QVERIFY(a.server && b.server);
    TestClient *alice = join(a, u"Alice"_s);
    TestClient *bob = join(b, u"Bob"_s);
    QVERIFY(alice->waitFor<Joined>());
    QTRY_COMPARE(a.server->memberCount(), 2);

    QVERIFY(a.server->kick(u"bob"_s)); // found by its key, as the admin types it
    QVERIFY(bob->waitFor<Error>());
    QCOMPARE(bob->last<Error>()->code, ErrorCode::Kicked);
    QVERIFY(bob->waitForDisconnected());
    QVERIFY(alice->waitFor<Left>());
    QCOMPARE(alice->last<Left>()->nickname, u"Bob"_s);
    QCOMPARE(alice->last<Left>()->reason, LeaveReason::Kicked);
    QTRY_COMPARE(b.server->memberCount(), 1);
    QVERIFY(!b.server->member(u"Bob"_s).has_value());
    // Left once, and the name is free on either server.
    QVERIFY(alice->sync());
    QCOMPARE(alice->countOf<Left>(), 1);
    auto *again = TestClient::connected(m_scope.get(), a.port());
    QVERIFY(again->joinWith(Hello {1, u"Bob"_s, 1}));
    // A name nobody has is no kick.
    QVERIFY(!b.server->kick(u"Nobody"_s));
}

void tst_SharedRoom::aMemberResumesOnAnotherServerWhenItsServerDies()
{
    Node a = startNode(300ms);
    Node b = startNode(300ms);
    QVERIFY(a.server && b.server);
    TestClient *alice = join(a, u"Alice"_s);
    TestClient *bob = join(b, u"Bob"_s);
    QVERIFY(alice->waitFor<Joined>());
    alice->send(Say {u"one"_s, 1});
    QVERIFY(alice->waitFor<Chat>());
    QVERIFY(bob->waitFor<Chat>());
    const QByteArray token = alice->welcome.resumeToken;
    const quint64 lastSeq = alice->eventSeqs().constLast();

    // Server A dies without a word to the room: its lease runs out in Redis.
    a.server.reset();
    a.stream.reset();
    QVERIFY(alice->waitForDisconnected());
    bob->send(Say {u"while you were away"_s, 1});
    QVERIFY(bob->waitFor<Chat>(2));

    auto *back = TestClient::connected(m_scope.get(), b.port());
    back->setLayout(Layout::V1_1);
    QVERIFY(back->resume(token, lastSeq));
    const Resumed resumed = *back->last<Resumed>();
    QCOMPARE(resumed.nickname, u"Alice"_s);
    QCOMPARE(resumed.lastSeq, lastSeq);
    QCOMPARE(resumed.lastClientId, quint64(0)); // "one" was seen: nothing to send again
    QVERIFY(!resumed.resumeToken.isEmpty() && resumed.resumeToken != token);
    // What was said meanwhile, and nothing twice.
    QVERIFY(back->waitFor<Chat>());
    QCOMPARE(textsOf(back->all<Chat>()), QStringList({u"Bob: while you were away"_s}));
    QCOMPARE(back->all<Chat>().constFirst().seq, lastSeq + 1);
    back->send(Say {u"two"_s, 2});
    QVERIFY(bob->waitFor<Chat>(3));
    QCOMPARE(bob->last<Chat>()->from, u"Alice"_s);
    // She never left, and her old token is spent.
    QVERIFY(bob->sync());
    QCOMPARE(bob->countOf<Left>(), 0);
    QCOMPARE(b.server->memberCount(), 2);
    QVERIFY(b.server->member(u"Alice"_s).has_value());
    auto *thief = TestClient::connected(m_scope.get(), b.port());
    thief->setLayout(Layout::V1_1);
    QVERIFY(!thief->resume(token, lastSeq));
    QCOMPARE(thief->last<Rejected>()->reason, RejectReason::ResumeFailed);
}

void tst_SharedRoom::aDeadServersMembersLeaveOnce()
{
    Node a = startNode(300ms);
    Node b = startNode(300ms, 200ms);
    Node c = startNode(300ms, 200ms);
    QVERIFY(a.server && b.server && c.server);
    join(a, u"Carol"_s);
    TestClient *bob = join(b, u"Bob"_s);
    TestClient *dave = join(c, u"Dave"_s);
    QVERIFY(bob->waitFor<Joined>());
    QSignalSpy orphanedOnB(b.stream.get(), &SharedRoom::membersOrphaned);

    a.server.reset();
    a.stream.reset();
    // Two survivors reap; the room takes one Left.
    QVERIFY(bob->waitFor<Left>());
    QCOMPARE(bob->last<Left>()->nickname, u"Carol"_s);
    QCOMPARE(bob->last<Left>()->reason, LeaveReason::ConnectionLost);
    QVERIFY(dave->waitFor<Left>());
    // Two more heartbeats find nobody orphaned, and nobody left twice.
    orphanedOnB.clear();
    QTRY_VERIFY(orphanedOnB.size() >= 2);
    QVERIFY(orphanedOnB.constLast().constFirst().value<QList<SharedRoom::Member>>().isEmpty());
    QVERIFY(bob->sync() && dave->sync());
    QCOMPARE(bob->countOf<Left>(), 1);
    QCOMPARE(dave->countOf<Left>(), 1);
    QCOMPARE(b.server->memberCount(), 2);
    QCOMPARE(c.server->memberCount(), 2);
    auto *carol = TestClient::connected(m_scope.get(), b.port());
    QVERIFY(carol->joinWith(Hello {1, u"Carol"_s, 1}));
}

void tst_SharedRoom::aLiveServerKeepsItsMembers()
{
    Node a = startNode(300ms);
    Node b = startNode(300ms);
    QVERIFY(a.server && b.server);
    TestClient *alice = join(a, u"Alice"_s);
    QVERIFY(alice->sync());
    QSignalSpy orphanedOnB(b.stream.get(), &SharedRoom::membersOrphaned);
    QTRY_VERIFY(orphanedOnB.size() >= 2);
    for (const QList<QVariant> &found : orphanedOnB)
        QVERIFY(found.constFirst().value<QList<SharedRoom::Member>>().isEmpty());
    // Alice's token, handed to the other server while hers lives: refused, and Alice is
    // still Alice on A.
    std::optional<SharedRoom::AdoptError> answer;
    b.stream->adopt(alice->welcome.resumeToken, this,
                    [&](std::optional<SharedRoom::Member> member, SharedRoom::AdoptError error) {
                        QVERIFY(!member);
                        answer = error;
                    });
    QTRY_VERIFY(answer.has_value());
    QCOMPARE(*answer, SharedRoom::AdoptError::Alive);
    // A token nobody has.
    answer.reset();
    b.stream->adopt(
        QByteArray(48, 'x'), this,
        [&](std::optional<SharedRoom::Member>, SharedRoom::AdoptError error) { answer = error; });
    QTRY_VERIFY(answer.has_value());
    QCOMPARE(*answer, SharedRoom::AdoptError::NoToken);
    alice->send(Say {u"still here"_s, 1});
    QVERIFY(alice->waitFor<Chat>());
    QCOMPARE(a.server->memberCount(), 1);
    QVERIFY(a.server->member(u"Alice"_s).has_value());
}

void tst_SharedRoom::aKilledServerProcessLosesNothing()
{
    QProcess first;
    QProcess second;
    const QStringList quick {u"--shared-lease"_s, u"0.5"_s, u"--resume-grace"_s, u"1"_s};
    const quint16 firstPort = startServerd(first, quick);
    const quint16 secondPort = startServerd(second, quick);
    QVERIFY2(firstPort && secondPort,
             (first.readAllStandardError() + second.readAllStandardError()).constData());
    auto *alice = TestClient::connected(m_scope.get(), firstPort);
    QVERIFY(alice->joinWith(Hello {1, u"Alice"_s, 1}));
    auto *carol = TestClient::connected(m_scope.get(), firstPort);
    QVERIFY(carol->joinWith(Hello {1, u"Carol"_s, 1}));
    auto *bob = TestClient::connected(m_scope.get(), secondPort);
    QVERIFY(bob->joinWith(Hello {1, u"Bob"_s, 1}));
    QVERIFY(alice->waitFor<Joined>(2));
    const quint64 lastSeq = alice->eventSeqs().constLast();

    ::kill(pid_t(first.processId()), SIGKILL);
    QVERIFY(first.state() == QProcess::NotRunning || first.waitForFinished(TestClient::Timeout));
    QVERIFY(alice->waitForDisconnected());
    for (int i = 1; i <= 5; ++i)
        bob->send(Say {u"消息 %1"_s.arg(i), quint64(i)});

    auto *back = TestClient::connected(m_scope.get(), secondPort);
    back->setLayout(Layout::V1_1);
    QVERIFY(back->resume(alice->welcome.resumeToken, lastSeq));
    QVERIFY(back->waitFor<Chat>(5));
    // Every event after the last one seen, in order, none twice.
    QList<quint64> expected;
    for (quint64 seq = lastSeq + 1; seq <= lastSeq + 5; ++seq)
        expected.append(seq);
    QCOMPARE(seqsOf(back->all<Chat>()).mid(0, 5), expected);
    // Carol does not come back: she leaves once, after the lease and the grace.
    QVERIFY(bob->waitFor<Left>());
    QCOMPARE(bob->last<Left>()->nickname, u"Carol"_s);
    QVERIFY(back->waitFor<Left>());
    back->send(Say {u"我回来了"_s, 1});
    QVERIFY(bob->waitFor<Chat>(6));
    QCOMPARE(bob->last<Chat>()->from, u"Alice"_s);
    QVERIFY(bob->sync());
    QCOMPARE(bob->countOf<Left>(), 1);
    ::kill(pid_t(second.processId()), SIGTERM);
    QVERIFY(second.state() == QProcess::NotRunning || second.waitForFinished(TestClient::Timeout));
}

void tst_SharedRoom::aSessionResumesOnTheNextServerOfItsList()
{
    // The client as people use it (chatroom-client --host a,b): its server dies, and it
    // carries on on the other one without anyone seeing it leave or anything missed.
    Node a = startNode(300ms);
    Node b = startNode(300ms);
    QVERIFY(a.server && b.server);
    const ServerAddress first {ServerAddress::Transport::Tcp, u"127.0.0.1"_s, a.port()};
    const ServerAddress second {ServerAddress::Transport::Tcp, u"127.0.0.1"_s, b.port()};
    ChatSession session;
    QList<RoomEvent> events;
    connect(&session, &ChatSession::eventAdded, this,
            [&](const RoomEvent &event) { events.append(event); });
    session.join(ServerList(QList<ServerAddress> {first, second}), u"张三"_s);
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), ChatSession::State::Joined, TestClient::Timeout);
    QCOMPARE(session.address(), first);
    TestClient *bob = join(b, u"Bob"_s);
    QVERIFY(session.say(u"大家好"_s));
    QVERIFY(bob->waitFor<Chat>());

    QSignalSpy resumed(&session, &ChatSession::resumed);
    a.server.reset();
    a.stream.reset();
    bob->send(Say {u"你掉线的时候我说了这句"_s, 1});
    QVERIFY(bob->waitFor<Chat>(2));
    QVERIFY(resumed.wait(TestClient::Timeout));
    QCOMPARE(session.address(), second);
    QCOMPARE(session.nickname(), u"张三"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!events.isEmpty()
                                 && events.constLast().text == u"你掉线的时候我说了这句",
                             TestClient::Timeout);
    QCOMPARE(events.constLast().nickname, u"Bob"_s);
    QCOMPARE(session.lastSeq(), bob->eventSeqs().constLast());
    QVERIFY(session.say(u"我回来了"_s));
    QVERIFY(bob->waitFor<Chat>(3));
    QCOMPARE(bob->last<Chat>()->from, u"张三"_s);
    QVERIFY(bob->sync());
    QCOMPARE(bob->countOf<Left>(), 0);
    QCOMPARE(bob->countOf<Joined>(), 0);
}

void tst_SharedRoom::aRoomRedisLostStartsOver()
{
    Node a = startNode();
    QVERIFY(a.server);
    TestClient *alice = join(a, u"Alice"_s);
    alice->send(Say {u"in the old room"_s, 1});
    QVERIFY(alice->waitFor<Chat>());
    const QString oldEpoch = alice->welcome.roomEpoch;
    QSignalSpy left(a.server.get(), &ChatServer::memberLeft);

    // Redis comes back without the room: another room, with its seq starting over.
    m_redis->wipeData();
    QVERIFY2(m_redis->restart(), qPrintable(m_redis->errorString()));
    QVERIFY(alice->waitFor<Error>());
    QCOMPARE(alice->last<Error>()->code, ErrorCode::ServerShutdown);
    QVERIFY(alice->waitForDisconnected());
    QCOMPARE(left.size(), 1);
    QCOMPARE(a.server->memberCount(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(a.stream->isAvailable(), TestClient::Timeout);

    // Her client comes back and joins the new room under the same name, seq 1, and the
    // old room's history is not the new one's.
    auto *again = TestClient::connected(m_scope.get(), a.port());
    QVERIFY(again->joinWith(Hello {1, u"Alice"_s, 1}));
    QVERIFY(again->welcome.roomEpoch != oldEpoch);
    QCOMPARE(again->welcome.roomEpoch, a.stream->epoch());
    QCOMPARE(again->welcome.seq, 1u);
    QVERIFY(again->historyEvents().isEmpty());
    again->send(Say {u"in the new room"_s, 1});
    QVERIFY(again->waitFor<Chat>());
    QCOMPARE(again->last<Chat>()->seq, 2u);
}

void tst_SharedRoom::redisRestartedMidFloodLosesNothing()
{
    Node a = startNode(10s, 60s, 0);
    Node b = startNode(10s, 60s, 0);
    QVERIFY(a.server && b.server);
    TestClient *alice = join(a, u"Alice"_s);
    TestClient *bob = join(b, u"Bob"_s);
    QVERIFY(alice->waitFor<Joined>());

    // Alice says things, one every event-loop turn. Redis is killed once Bob has heard
    // some of them, with appends still on their way, comes back 100 Says later, and the
    // flood goes on for 100 more.
    int sent = 0;
    int killedAt = 0;
    QTimer flood;
    flood.setInterval(0);
    connect(&flood, &QTimer::timeout, this, [&] {
        ++sent;
        alice->send(Say {u"m%1"_s.arg(sent), quint64(sent)});
        if (killedAt == 0 && bob->countOf<Chat>() >= 10) {
            killedAt = sent;
            m_redis->kill();
        } else if (killedAt > 0 && sent == killedAt + 100 && !m_redis->restart()) {
            qWarning("redis did not restart: %s", qPrintable(m_redis->errorString()));
        } else if (killedAt > 0 && sent == killedAt + 200) {
            flood.stop();
        }
    });
    flood.start();
    QTRY_VERIFY_WITH_TIMEOUT(!flood.isActive(), TestClient::Timeout);
    const int total = sent;
    QTRY_VERIFY_WITH_TIMEOUT(a.stream->isAvailable() && b.stream->isAvailable(),
                             TestClient::Timeout);
    // Everything the room took has reached both, once and in order; a Say is refused only
    // when it was not taken, unless its answer was lost with Redis (then both).
    alice->send(Say {u"end"_s, quint64(total + 1)});
    QTRY_VERIFY_WITH_TIMEOUT(!bob->all<Chat>().isEmpty() && bob->last<Chat>()->text == u"end",
                             TestClient::Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!alice->all<Chat>().isEmpty() && alice->last<Chat>()->text == u"end",
                             TestClient::Timeout);
    const QList<Chat> seen = bob->all<Chat>();
    QCOMPARE(seqsOf(alice->all<Chat>()), seqsOf(seen));
    QCOMPARE(textsOf(alice->all<Chat>()), textsOf(seen));
    QSet<quint64> taken;
    quint64 previousId = 0;
    for (qsizetype i = 0; i < seen.size(); ++i) {
        if (i > 0)
            QCOMPARE(seen.at(i).seq, seen.at(i - 1).seq + 1);
        QVERIFY2(seen.at(i).clientId > previousId, "repeated or out of the order said");
        previousId = seen.at(i).clientId;
        taken.insert(seen.at(i).clientId);
    }
    for (const Notice &notice : alice->all<Notice>())
        QCOMPARE(notice.code, NoticeCode::RoomUnavailable);
    // Taken before the kill and after the restart; every Say taken or refused.
    QVERIFY(taken.contains(1) && taken.contains(quint64(total + 1)));
    QVERIFY2(taken.size() + alice->countOf<Notice>() >= total + 1,
             qPrintable(u"%1 taken, %2 refused"_s.arg(taken.size()).arg(alice->countOf<Notice>())));
    QVERIFY(alice->countOf<Notice>() > 0); // Redis was away for a hundred of them
}

void tst_SharedRoom::aSlowDownFollowsTheEarlierSaysChat()
{
    // The first Say goes to Redis and back before its Chat is sent; the second is refused
    // at once by the flood gate. The member must still hear them in the order it asked,
    // or its client takes the SlowDown for the first (delivered) Say.
    Node a = startNode(10s, 60s, 1);
    QVERIFY(a.server);
    TestClient *alice = join(a, u"Alice"_s);
    alice->send(Say {u"first"_s, 1});
    alice->send(Say {u"second"_s, 2});
    QVERIFY(alice->waitFor<Notice>());
    QCOMPARE(alice->last<Notice>()->code, NoticeCode::SlowDown);
    const qsizetype chat = indexOfChat(*alice, u"first"_s);
    QVERIFY2(chat >= 0, "the Notice came before the first Say's Chat");
    QVERIFY(chat < indexOfFirst<Notice>(*alice));
    QVERIFY(alice->sync());
    QCOMPARE(alice->countOf<Chat>(), 1);
    QCOMPARE(alice->countOf<Notice>(), 1);
}

void tst_SharedRoom::aHistoryReplyFollowsTheEarlierSaysChat()
{
    Node a = startNode();
    QVERIFY(a.server);
    TestClient *alice = join(a, u"Alice"_s);
    alice->send(Say {u"earlier"_s, 1});
    QVERIFY(alice->waitFor<Chat>());
    const quint64 earlier = alice->last<Chat>()->seq;
    // A Say, and paging back at once: the reply is ready before the Say's Chat is.
    alice->send(Say {u"now"_s, 2});
    alice->send(HistoryRequest {earlier + 1, 10});
    QVERIFY(QTest::qWaitFor([&] { return alice->historyBatchDone(); }, TestClient::Timeout));
    QVERIFY(alice->histories().constLast().flags & HistoryReply);
    const qsizetype chat = indexOfChat(*alice, u"now"_s);
    QVERIFY2(chat >= 0, "the History reply came before the Say's Chat");
    QVERIFY(chat < indexOfFirst<History>(*alice));
    QCOMPARE(chatsOf(alice->historyEvents()).size(), 1);
    QCOMPARE(chatsOf(alice->historyEvents()).constFirst().seq, earlier);
    QVERIFY(alice->sync());
    QCOMPARE(alice->countOf<Chat>(), 2);
}

void tst_SharedRoom::aHistoryReplyFollowsTheEarlierRenamesJoined()
{
    // A Rename is two events, answered by the second (the Joined with formerName); read
    // one at a time, the reply must not slip in between them.
    SharedNode::Options options;
    options.readBatch = 1;
    Node a = SharedNode::start(*m_redis, options);
    QVERIFY(a.server);
    TestClient *alice = join(a, u"Alice"_s);
    alice->send(Say {u"earlier"_s, 1});
    QVERIFY(alice->waitFor<Chat>());
    const quint64 earlier = alice->last<Chat>()->seq;
    alice->send(Rename {u"Alicia"_s});
    alice->send(HistoryRequest {earlier + 1, 10});
    QVERIFY(QTest::qWaitFor([&] { return alice->historyBatchDone(); }, TestClient::Timeout));
    const qsizetype joined = indexOfFirst<Joined>(*alice);
    QVERIFY2(joined >= 0, "the History reply came before the Rename's Joined");
    QCOMPARE(std::get<Joined>(alice->messages().at(joined)).formerName, u"Alice"_s);
    QVERIFY(joined < indexOfFirst<History>(*alice));
}

QTEST_MAIN(tst_SharedRoom)
#include "tst_sharedroom.moc"
