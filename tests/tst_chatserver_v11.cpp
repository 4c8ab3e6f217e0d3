#include "chatserver.h"
#include "memoryroomlog.h"
#include "protocol/messagecodec.h"

#include "testclient.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Protocol;
using namespace Qt::StringLiterals;

// Protocol 1.1 on the server over real sockets (docs/protocol.md, "Version 1.1"): history
// on join, paging, resume, exactly-once Says, rename, the room password, and a 1.0 peer
// that keeps getting exactly the 1.0 bytes.
class tst_ChatServerV11 : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void welcomeCarriesEpochAndToken();
    void hello10GetsExactly10Frames();
    void historyOnJoinNewest();
    void historyOnJoinEmptyBatch();
    void historyAfterSeq();
    void historyAfterSeqOfAnotherEpoch();
    void historyBeforeLiveEvents();
    void historyFramesWithinLimit();
    void historyOff();
    void pagingToTheStart();
    void pagingPastWhatTheLogKeeps();
    void resumeDetached();
    void resumeHalfOpen();
    void resumeLastSeqTooOld();
    void resumeWrongToken();
    void wrongTokensFlood();
    void resumeOnlyOnce();
    void graceExpiryLeavesOnce();
    void idleTimeoutDetaches();
    void resumeOff();
    void byeLeavesAtOnce();
    void duplicateSayDropped();
    void lastClientIdCountsRefused();
    void renameGranted();
    void renameRefused_data();
    void renameRefused();
    void renameCaseOnly();
    void renameIdenticalDoesNothing();
    void passwordRequired();
    void newTypesBeforeHello_data();
    void newTypesBeforeHello();
    void newTypesFrom10Member_data();
    void newTypesFrom10Member();
    void trailingBytesFrom10MemberIgnored();
    void kickedWhileDetached();

private:
    ChatServer *startServer(ServerConfig config = {});
    TestClient *newClient();
    // A 1.1 member that asks for `historyMax` events of history.
    TestClient *joined11(const QString &name, quint16 historyMax = 0, const QString &epoch = {},
                         quint64 afterSeq = 0);
    TestClient *joined10(const QString &name);
    void say(TestClient *client, const QString &text, quint64 clientId = 0);
    // Has `client` say `count` lines and waits until `watcher` has them all.
    void chatter(TestClient *client, int count, TestClient *watcher);

    std::unique_ptr<QObject> m_scope; // the clients
    std::unique_ptr<ChatServer> m_server;
    ServerConfig m_config;
};

void tst_ChatServerV11::init()
{
    m_scope = std::make_unique<QObject>();
    ServerConfig config;
    config.floodLimit = 0;
    startServer(config);
}

void tst_ChatServerV11::cleanup()
{
    m_server.reset();
    m_scope.reset();
}

ChatServer *tst_ChatServerV11::startServer(ServerConfig config)
{
    m_server.reset();
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.roomTitle = u"测试房间"_s;
    m_config = config;
    m_server = std::make_unique<ChatServer>(config);
    if (!m_server->listen())
        qFatal("listen: %s", qPrintable(m_server->errorString()));
    return m_server.get();
}

TestClient *tst_ChatServerV11::newClient()
{
    return TestClient::connected(m_scope.get(), m_server->serverPort());
}

TestClient *tst_ChatServerV11::joined11(const QString &name, quint16 historyMax,
                                        const QString &epoch, quint64 afterSeq)
{
    TestClient *client = newClient();
    if (!client->joinWith(Hello {1, name, 1, historyMax, epoch, afterSeq}))
        qWarning("1.1 join as %s failed", qPrintable(name));
    return client;
}

TestClient *tst_ChatServerV11::joined10(const QString &name)
{
    return TestClient::joined(m_scope.get(), m_server->serverPort(), name);
}

void tst_ChatServerV11::say(TestClient *client, const QString &text, quint64 clientId)
{
    client->send(Say {text, clientId});
}

void tst_ChatServerV11::chatter(TestClient *client, int count, TestClient *watcher)
{
    const int before = watcher->countOf<Chat>();
    for (int i = 0; i < count; ++i)
        say(client, u"line %1"_s.arg(i));
    QVERIFY(watcher->waitFor<Chat>(before + count));
}

void tst_ChatServerV11::welcomeCarriesEpochAndToken()
{
    TestClient *alice = joined11(u"Alice"_s);
    QCOMPARE(alice->welcome.roomEpoch, m_server->roomLog().epoch());
    QVERIFY(alice->welcome.roomEpoch.size() >= 16);
    QVERIFY(alice->welcome.resumeToken.size() >= 16);
    QCOMPARE(alice->welcome.resumeGraceMs, quint32(60'000));
    // Two members, two different tokens.
    TestClient *bob = joined11(u"Bob"_s);
    QVERIFY(bob->welcome.resumeToken != alice->welcome.resumeToken);
}

void tst_ChatServerV11::hello10GetsExactly10Frames()
{
    TestClient *old = joined10(u"Old"_s);
    TestClient *alice = joined11(u"Alice"_s);
    say(alice, u"你好"_s, 1);
    m_server->broadcast(u"hi"_s);
    alice->send(Rename {u"Alicia"_s});
    QVERIFY(old->waitFor<Broadcast>());
    QVERIFY(old->waitFor<Joined>(2));
    QVERIFY(old->sync());

    // The 1.0 member's bytes are exactly what the 1.0 layout makes: no appended field.
    const QByteArray welcome = old->payloads().constFirst();
    QCOMPARE(welcome, MessageCodec::encode(old->welcome, Layout::V1_0));
    for (const QByteArray &payload : old->payloads()) {
        const Message message = MessageCodec::decode(payload).message;
        QCOMPARE(payload.toHex(' '), MessageCodec::encode(message, Layout::V1_0).toHex(' '));
        QVERIFY2(!std::holds_alternative<History>(message), "a 1.0 member got History");
    }
    const Chat chat = *old->last<Chat>();
    QCOMPARE(chat.text, u"你好"_s);
    QCOMPARE(chat.clientId, quint64(0));
    // A rename is a leave and a join to a 1.0 member: reason 0 on the wire.
    const Left left = *old->last<Left>();
    QCOMPARE(left.reason, LeaveReason::Quit);
    QCOMPARE(old->last<Joined>()->formerName, QString());

    // The 1.1 member got the appended fields.
    QVERIFY(alice->waitFor<Joined>());
    QCOMPARE(alice->last<Chat>()->clientId, quint64(1));
    QCOMPARE(alice->last<Left>()->reason, LeaveReason::Renamed);
    QCOMPARE(alice->last<Joined>()->formerName, u"Alice"_s);
}

void tst_ChatServerV11::historyOnJoinNewest()
{
    TestClient *alice = joined11(u"Alice"_s);
    chatter(alice, 12, alice);
    m_server->broadcast(u"公告"_s);
    QVERIFY(alice->waitFor<Broadcast>());

    TestClient *bob = joined11(u"Bob"_s, 5);
    QVERIFY(QTest::qWaitFor([&] { return bob->historyBatchDone(); }));
    const QList<History> frames = bob->histories();
    QCOMPARE(frames.size(), 1);
    // Older ones exist: Truncated, so the client knows it can page back.
    QCOMPARE(frames.first().flags, quint8(HistoryTruncated));
    const QList<Message> events = bob->historyEvents();
    QCOMPARE(events.size(), 5);
    // The newest five, oldest first: lines 8 to 11 and the broadcast, as sent live.
    for (int i = 0; i < 4; ++i)
        QCOMPARE(std::get<Chat>(events.at(i)).text, u"line %1"_s.arg(8 + i));
    QCOMPARE(std::get<Broadcast>(events.at(4)).text, u"公告"_s);
    // Byte for byte what was sent live.
    for (const QByteArray &payload : alice->payloads()) {
        if (std::holds_alternative<Broadcast>(MessageCodec::decode(payload).message))
            QCOMPARE(frames.first().events.at(4).toHex(), payload.toHex());
    }
    quint64 previous = 0;
    for (const Message &event : events) {
        const quint64 seq = std::visit(
            [](const auto &m) -> quint64 {
                if constexpr (requires { m.seq; })
                    return m.seq;
                return 0;
            },
            event);
        QVERIFY(seq > previous);
        QVERIFY(seq < bob->welcome.seq);
        previous = seq;
    }
}

void tst_ChatServerV11::historyOnJoinEmptyBatch()
{
    TestClient *alice = joined11(u"Alice"_s, 100);
    QVERIFY(QTest::qWaitFor([&] { return alice->historyBatchDone(); }));
    QCOMPARE(alice->histories().size(), 1);
    QCOMPARE(alice->histories().first().flags, quint8(0));
    QVERIFY(alice->histories().first().events.isEmpty());
    // Joins and leaves are not history.
    joined10(u"Bob"_s)->send(Bye {});
    QVERIFY(alice->waitFor<Left>());
    TestClient *carol = joined11(u"Carol"_s, 100);
    QVERIFY(QTest::qWaitFor([&] { return carol->historyBatchDone(); }));
    QVERIFY(carol->historyEvents().isEmpty());
    // A Hello that asks for none gets none.
    TestClient *dave = joined11(u"Dave"_s, 0);
    QVERIFY(dave->sync());
    QCOMPARE(dave->countOf<History>(), 0);
}

void tst_ChatServerV11::historyAfterSeq()
{
    TestClient *alice = joined11(u"Alice"_s);
    chatter(alice, 3, alice);
    const quint64 seen = alice->eventSeqs().constLast();
    chatter(alice, 4, alice);
    const QString epoch = alice->welcome.roomEpoch;

    // What a client that was away since `seen` missed: exactly the four later lines.
    TestClient *back = joined11(u"Back"_s, 100, epoch, seen);
    QVERIFY(QTest::qWaitFor([&] { return back->historyBatchDone(); }));
    QCOMPARE(back->histories().constLast().flags, quint8(0));
    QList<Message> events = back->historyEvents();
    QCOMPARE(events.size(), 4);
    QCOMPARE(std::get<Chat>(events.first()).text, u"line 0"_s);
    QVERIFY(std::get<Chat>(events.first()).seq > seen);

    // More missed than asked for: the newest ones, and Truncated.
    TestClient *few = joined11(u"Few"_s, 2, epoch, seen);
    QVERIFY(QTest::qWaitFor([&] { return few->historyBatchDone(); }));
    QCOMPARE(few->histories().constLast().flags, quint8(HistoryTruncated));
    events = few->historyEvents();
    QCOMPARE(events.size(), 2);
    QCOMPARE(std::get<Chat>(events.first()).text, u"line 2"_s);
    QCOMPARE(std::get<Chat>(events.last()).text, u"line 3"_s);
}

void tst_ChatServerV11::historyAfterSeqOfAnotherEpoch()
{
    TestClient *alice = joined11(u"Alice"_s);
    chatter(alice, 3, alice);
    // A seq of another log means nothing here: the newest events instead.
    TestClient *other = joined11(u"Other"_s, 100, u"another-epoch"_s, 2);
    QVERIFY(QTest::qWaitFor([&] { return other->historyBatchDone(); }));
    QCOMPARE(other->historyEvents().size(), 3);
}

void tst_ChatServerV11::historyBeforeLiveEvents()
{
    TestClient *alice = joined11(u"Alice"_s);
    chatter(alice, 3, alice);
    TestClient *bob = newClient();
    bob->setLayout(Layout::V1_1);
    // Alice keeps talking while Bob joins: each line reaches him exactly once, in the
    // History or live, and nothing live comes before his History.
    for (int i = 0; i < 50; ++i)
        say(alice, u"during %1"_s.arg(i));
    bob->send(Hello {1, u"Bob"_s, 1, 200});
    for (int i = 50; i < 100; ++i)
        say(alice, u"during %1"_s.arg(i));
    QVERIFY(alice->waitFor<Chat>(103));
    QVERIFY(QTest::qWaitFor([&] { return bob->historyBatchDone(); }));
    QVERIFY(
        QTest::qWaitFor([&] { return bob->historyEvents().size() + bob->countOf<Chat>() >= 103; }));
    QVERIFY(bob->sync());
    int historyAt = -1;
    int firstLive = int(bob->messages().size());
    for (int i = 0; i < bob->messages().size(); ++i) {
        if (std::holds_alternative<History>(bob->messages().at(i)))
            historyAt = i;
        if (std::holds_alternative<Chat>(bob->messages().at(i))
            && firstLive == bob->messages().size())
            firstLive = i;
    }
    QVERIFY(historyAt >= 0);
    QVERIFY(firstLive > historyAt);
    QList<Chat> seen;
    for (const Message &event : bob->historyEvents())
        seen.append(std::get<Chat>(event));
    seen += bob->all<Chat>();
    QCOMPARE(seen.size(), 103);
    for (int i = 1; i < seen.size(); ++i)
        QVERIFY(seen.at(i).seq > seen.at(i - 1).seq);
}

void tst_ChatServerV11::historyFramesWithinLimit()
{
    TestClient *alice = joined11(u"Alice"_s);
    const QString big(1998, u'长');
    for (int i = 0; i < 40; ++i)
        say(alice, big + QString::number(i).rightJustified(2, u'0'));
    QVERIFY(alice->waitFor<Chat>(40));
    // 40 events of about 4 KB: more than one 64 KiB frame.
    TestClient *bob = joined11(u"Bob"_s, 200);
    QVERIFY(QTest::qWaitFor([&] { return bob->historyBatchDone(); }));
    const QList<History> frames = bob->histories();
    QVERIFY(frames.size() >= 3);
    for (int i = 0; i < frames.size(); ++i)
        QCOMPARE(bool(frames.at(i).flags & HistoryMore), i < frames.size() - 1);
    for (qsizetype size : bob->payloadSizes())
        QVERIFY(size <= qsizetype(MaxFrameSize));
    const QList<Message> events = bob->historyEvents();
    QCOMPARE(events.size(), 40);
    for (int i = 0; i < 40; ++i)
        QVERIFY(
            std::get<Chat>(events.at(i)).text.endsWith(QString::number(i).rightJustified(2, u'0')));
}

void tst_ChatServerV11::historyOff()
{
    ServerConfig config;
    config.floodLimit = 0;
    config.historyMax = 0;
    startServer(config);
    TestClient *alice = joined11(u"Alice"_s, 100);
    chatter(alice, 2, alice);
    TestClient *bob = joined11(u"Bob"_s, 100);
    bob->send(HistoryRequest {1000, 10});
    QVERIFY(bob->waitFor<Notice>());
    QCOMPARE(bob->last<Notice>()->code, NoticeCode::HistoryUnavailable);
    QCOMPARE(bob->countOf<History>(), 0);
    QCOMPARE(alice->countOf<History>(), 0);
}

void tst_ChatServerV11::pagingToTheStart()
{
    ServerConfig config;
    config.floodLimit = 0;
    config.historyMax = 7;
    startServer(config);
    TestClient *alice = joined11(u"Alice"_s);
    chatter(alice, 30, alice);

    TestClient *bob = joined11(u"Bob"_s, 5);
    QVERIFY(QTest::qWaitFor([&] { return bob->historyBatchDone(); }));
    QList<Message> collected = bob->historyEvents();
    quint64 before = std::get<Chat>(collected.first()).seq;
    bool truncated = bob->histories().constLast().flags & HistoryTruncated;
    int batches = 1;
    // Page back as a client scrolled to the top would, until the log ends; the server
    // caps each page at its own limit (7), whatever the request asks.
    while (truncated) {
        bob->clearMessages();
        bob->send(HistoryRequest {before, 50});
        QVERIFY(QTest::qWaitFor([&] { return bob->historyBatchDone(); }));
        const QList<History> frames = bob->histories();
        for (const History &frame : frames)
            QVERIFY(frame.flags & HistoryReply);
        const QList<Message> page = bob->historyEvents();
        QVERIFY(page.size() <= 7);
        QVERIFY(!page.isEmpty());
        collected = page + collected;
        before = std::get<Chat>(page.first()).seq;
        truncated = frames.constLast().flags & HistoryTruncated;
        QVERIFY(++batches < 20);
    }
    QCOMPARE(collected.size(), 30);
    for (int i = 0; i < 30; ++i)
        QCOMPARE(std::get<Chat>(collected.at(i)).text, u"line %1"_s.arg(i));
}

void tst_ChatServerV11::pagingPastWhatTheLogKeeps()
{
    // A ring of 20 events: 10 joins and lines of which the oldest are gone.
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.floodLimit = 0;
    m_server = std::make_unique<ChatServer>(config, std::make_unique<MemoryRoomLog>(20));
    QVERIFY(m_server->listen());
    TestClient *alice = joined11(u"Alice"_s);
    chatter(alice, 30, alice);
    TestClient *bob = joined11(u"Bob"_s);
    bob->send(HistoryRequest {bob->welcome.seq, 200});
    QVERIFY(QTest::qWaitFor([&] { return bob->historyBatchDone(); }));
    // What the ring has, and Truncated: older lines existed.
    QCOMPARE(bob->historyEvents().size(), 19);
    QVERIFY(bob->histories().constLast().flags & HistoryTruncated);
    // Asking before the oldest kept one: an empty page, the end of what is kept.
    const quint64 oldest = std::get<Chat>(bob->historyEvents().first()).seq;
    bob->clearMessages();
    bob->send(HistoryRequest {oldest, 200});
    QVERIFY(QTest::qWaitFor([&] { return bob->historyBatchDone(); }));
    QVERIFY(bob->historyEvents().isEmpty());
}

void tst_ChatServerV11::resumeDetached()
{
    TestClient *alice = joined11(u"Alice"_s);
    TestClient *bob = joined11(u"Bob"_s);
    say(alice, u"before"_s, 1);
    QVERIFY(bob->waitFor<Chat>());
    QVERIFY(alice->waitFor<Chat>());
    const quint64 lastSeq = alice->eventSeqs().constLast();
    const QByteArray token = alice->welcome.resumeToken;

    QSignalSpy detached(m_server.get(), &ChatServer::memberDetached);
    alice->socket()->abort();
    QVERIFY(detached.wait());
    QCOMPARE(m_server->memberCount(), 2);
    QCOMPARE(m_server->detachedCount(), 1);
    QVERIFY(m_server->member(u"Alice"_s)->detached);
    say(bob, u"while away 1"_s);
    say(bob, u"while away 2"_s);
    m_server->broadcast(u"公告"_s);
    QVERIFY(bob->waitFor<Broadcast>());

    TestClient *again = newClient();
    QVERIFY(again->resume(token, lastSeq));
    const Resumed resumed = *again->last<Resumed>();
    QCOMPARE(resumed.nickname, u"Alice"_s);
    QCOMPARE(resumed.lastSeq, lastSeq);
    QCOMPARE(resumed.lastClientId, quint64(1));
    QVERIFY(resumed.resumeToken.size() >= 16);
    QVERIFY(resumed.resumeToken != token);
    QVERIFY(again->waitFor<Broadcast>());
    // Exactly the missed events, in order, and nothing about anyone leaving or joining.
    QCOMPARE(again->countOf<Chat>(), 2);
    QCOMPARE(again->all<Chat>().at(0).text, u"while away 1"_s);
    QCOMPARE(again->eventSeqs().constFirst(), lastSeq + 1);
    QCOMPARE(bob->countOf<Left>(), 0);
    QCOMPARE(bob->countOf<Joined>(), 0);
    QCOMPARE(m_server->detachedCount(), 0);
    // And it carries on live.
    say(bob, u"after"_s);
    QVERIFY(again->waitFor<Chat>(3));
    // The old token is spent.
    TestClient *thief = newClient();
    QVERIFY(!thief->resume(token, lastSeq));
    QCOMPARE(thief->last<Rejected>()->reason, RejectReason::ResumeFailed);
}

void tst_ChatServerV11::resumeHalfOpen()
{
    TestClient *alice = joined11(u"Alice"_s);
    TestClient *bob = joined11(u"Bob"_s);
    say(bob, u"hello"_s);
    QVERIFY(alice->waitFor<Chat>());
    // The server still believes in Alice's first connection when she comes back.
    TestClient *again = newClient();
    QVERIFY(again->resume(alice->welcome.resumeToken, alice->eventSeqs().constLast()));
    // The old connection is closed at once, sending nothing more.
    const qsizetype seenBefore = alice->messages().size();
    QVERIFY(alice->waitForDisconnected());
    QCOMPARE(alice->messages().size(), seenBefore);
    QVERIFY(bob->sync());
    QCOMPARE(bob->countOf<Left>(), 0);
    QCOMPARE(m_server->memberCount(), 2);
    say(bob, u"still here?"_s);
    QVERIFY(again->waitFor<Chat>());
}

void tst_ChatServerV11::resumeLastSeqTooOld()
{
    TestClient *alice = joined11(u"Alice"_s);
    TestClient *bob = joined11(u"Bob"_s);
    alice->socket()->abort();
    QVERIFY(QTest::qWaitFor([&] { return m_server->detachedCount() == 1; }));
    TestClient *again = newClient();
    // Before her own join: not a state any client of hers could be in.
    QVERIFY(!again->resume(alice->welcome.resumeToken, alice->welcome.seq - 1));
    QCOMPARE(again->last<Rejected>()->reason, RejectReason::ResumeFailed);
    // The seat is given up, so the same name can join afresh on the same connection.
    QVERIFY(bob->waitFor<Left>());
    QCOMPARE(bob->last<Left>()->reason, LeaveReason::ConnectionLost);
    QVERIFY(again->isConnected());
    QVERIFY(again->joinWith(Hello {1, u"Alice"_s, 1}));
}

void tst_ChatServerV11::resumeWrongToken()
{
    joined11(u"Alice"_s);
    TestClient *stranger = newClient();
    QVERIFY(!stranger->resume(QByteArray(24, 'x'), 1));
    QCOMPARE(stranger->last<Rejected>()->reason, RejectReason::ResumeFailed);
    QVERIFY(!stranger->resume(QByteArray(), 1));
    // Still open for a Hello.
    QVERIFY(stranger->joinWith(Hello {1, u"Stranger"_s, 1}));
}

void tst_ChatServerV11::wrongTokensFlood()
{
    ServerConfig config;
    config.floodLimit = 3;
    startServer(config);
    TestClient *stranger = newClient();
    stranger->setLayout(Layout::V1_1);
    for (int i = 0; i < 10; ++i)
        stranger->send(Resume {QByteArray(24, char(i)), 1});
    QVERIFY(stranger->waitFor<Error>());
    QCOMPARE(stranger->last<Error>()->code, ErrorCode::Flooding);
    QVERIFY(stranger->waitForDisconnected());
}

void tst_ChatServerV11::resumeOnlyOnce()
{
    TestClient *alice = joined11(u"Alice"_s);
    TestClient *again = newClient();
    QVERIFY(again->resume(alice->welcome.resumeToken, alice->welcome.seq));
    // A Resume from a connection that has joined is ignored, like a second Hello.
    again->send(Resume {again->last<Resumed>()->resumeToken, alice->welcome.seq});
    QVERIFY(again->sync());
    QCOMPARE(again->countOf<Resumed>(), 1);
    QCOMPARE(again->countOf<Rejected>(), 0);
}

void tst_ChatServerV11::graceExpiryLeavesOnce()
{
    ServerConfig config;
    config.resumeGrace = std::chrono::milliseconds(150);
    startServer(config);
    TestClient *alice = joined11(u"Alice"_s);
    TestClient *bob = joined11(u"Bob"_s);
    QCOMPARE(alice->welcome.resumeGraceMs, quint32(150));
    QSignalSpy left(m_server.get(), &ChatServer::memberLeft);
    alice->socket()->abort();
    QVERIFY(left.wait());
    QVERIFY(bob->waitFor<Left>());
    QCOMPARE(bob->last<Left>()->nickname, u"Alice"_s);
    QCOMPARE(bob->last<Left>()->reason, LeaveReason::ConnectionLost);
    QVERIFY(bob->sync());
    QCOMPARE(bob->countOf<Left>(), 1);
    QCOMPARE(m_server->memberCount(), 1);
    // Too late now.
    TestClient *again = newClient();
    QVERIFY(!again->resume(alice->welcome.resumeToken, alice->welcome.seq));
}

void tst_ChatServerV11::idleTimeoutDetaches()
{
    ServerConfig config;
    config.idleTimeout = std::chrono::milliseconds(100);
    config.resumeGrace = std::chrono::milliseconds(200);
    startServer(config);
    TestClient *alice = joined11(u"Alice"_s);
    QSignalSpy detached(m_server.get(), &ChatServer::memberDetached);
    QSignalSpy left(m_server.get(), &ChatServer::memberLeft);
    // Silence: the server lets go of the connection without an Error, keeping the seat.
    QVERIFY(alice->waitForDisconnected());
    QCOMPARE(alice->countOf<Error>(), 0);
    QCOMPARE(detached.size(), 1);
    QVERIFY(left.wait());
    QCOMPARE(left.first().at(1).value<LeaveReason>(), LeaveReason::TimedOut);
}

void tst_ChatServerV11::resumeOff()
{
    ServerConfig config;
    config.resumeGrace = std::chrono::milliseconds(0);
    startServer(config);
    TestClient *alice = joined11(u"Alice"_s);
    TestClient *bob = joined11(u"Bob"_s);
    QVERIFY(alice->welcome.resumeToken.isEmpty());
    QCOMPARE(alice->welcome.resumeGraceMs, quint32(0));
    alice->socket()->abort();
    QVERIFY(bob->waitFor<Left>());
    QCOMPARE(bob->last<Left>()->reason, LeaveReason::ConnectionLost);
}

void tst_ChatServerV11::byeLeavesAtOnce()
{
    TestClient *alice = joined11(u"Alice"_s);
    TestClient *bob = joined11(u"Bob"_s);
    TestClient *old = joined10(u"Old"_s);
    alice->send(Bye {});
    QVERIFY(bob->waitFor<Left>());
    QCOMPARE(bob->last<Left>()->reason, LeaveReason::Quit);
    // A 1.0 member has no seat to hold: it leaves at once.
    old->socket()->abort();
    QVERIFY(bob->waitFor<Left>(2));
    QCOMPARE(bob->last<Left>()->reason, LeaveReason::ConnectionLost);
    // Kicked: no seat either.
    TestClient *carol = joined11(u"Carol"_s);
    QVERIFY(m_server->kick(u"Carol"_s));
    QVERIFY(carol->waitForDisconnected());
    QCOMPARE(m_server->detachedCount(), 0);
    QVERIFY(bob->waitFor<Left>(3));
    QCOMPARE(bob->last<Left>()->reason, LeaveReason::Kicked);
}

void tst_ChatServerV11::duplicateSayDropped()
{
    TestClient *alice = joined11(u"Alice"_s);
    say(alice, u"one"_s, 1);
    say(alice, u"one again"_s, 1); // a resend of 1
    say(alice, u"two"_s, 2);
    say(alice, u"stale"_s, 1);
    say(alice, u"no id"_s, 0);
    say(alice, u"no id again"_s, 0); // 0 is never deduplicated
    QVERIFY(alice->sync());
    const QList<Chat> chats = alice->all<Chat>();
    QCOMPARE(chats.size(), 4);
    QCOMPARE(chats.at(0).text, u"one"_s);
    QCOMPARE(chats.at(0).clientId, quint64(1));
    QCOMPARE(chats.at(1).text, u"two"_s);
    QCOMPARE(chats.at(2).clientId, quint64(0));
    QCOMPARE(chats.at(3).text, u"no id again"_s);
    QCOMPARE(alice->countOf<Notice>(), 0);
}

void tst_ChatServerV11::lastClientIdCountsRefused()
{
    TestClient *alice = joined11(u"Alice"_s);
    say(alice, u"ok"_s, 1);
    say(alice, u"   "_s, 2); // refused: empty
    QVERIFY(alice->waitFor<Notice>());
    alice->socket()->abort();
    QVERIFY(QTest::qWaitFor([&] { return m_server->detachedCount() == 1; }));
    TestClient *again = newClient();
    QVERIFY(again->resume(alice->welcome.resumeToken, alice->welcome.seq));
    // 2 was processed (refused), and its Chat is not among the replayed: not sent.
    QCOMPARE(again->last<Resumed>()->lastClientId, quint64(2));
    QCOMPARE(again->countOf<Chat>(), 1);
}

void tst_ChatServerV11::renameGranted()
{
    TestClient *alice = joined11(u"张三"_s);
    TestClient *bob = joined11(u"Bob"_s);
    QSignalSpy renamed(m_server.get(), &ChatServer::memberRenamed);
    alice->send(Rename {u"  张三丰 "_s});
    QVERIFY(bob->waitFor<Joined>());
    QVERIFY(alice->waitFor<Joined>(2));
    // Both see one Left{Renamed} and one Joined with formerName, the renamer included.
    for (TestClient *client : {alice, bob}) {
        const Left left = *client->last<Left>();
        QCOMPARE(left.nickname, u"张三"_s);
        QCOMPARE(left.reason, LeaveReason::Renamed);
        const Joined joined = *client->last<Joined>();
        QCOMPARE(joined.nickname, u"张三丰"_s);
        QCOMPARE(joined.formerName, u"张三"_s);
        QCOMPARE(joined.seq, left.seq + 1);
    }
    QCOMPARE(renamed.size(), 1);
    QCOMPARE(renamed.first().at(1).toString(), u"张三丰"_s);
    // Speaking under the new name; the old one is free; the list has it last.
    say(alice, u"我改名了"_s);
    QVERIFY(bob->waitFor<Chat>());
    QCOMPARE(bob->last<Chat>()->from, u"张三丰"_s);
    TestClient *carol = joined11(u"Carol"_s);
    QCOMPARE(carol->members, (QStringList {u"Bob"_s, u"张三丰"_s, u"Carol"_s}));
    QVERIFY(joined11(u"张三"_s)->isConnected());
    QCOMPARE(m_server->memberCount(), 4);
    // The resume token follows the member to its new name.
    alice->socket()->abort();
    QVERIFY(QTest::qWaitFor([&] { return m_server->detachedCount() == 1; }));
    TestClient *again = newClient();
    QVERIFY(again->resume(alice->welcome.resumeToken, alice->eventSeqs().constLast()));
    QCOMPARE(again->last<Resumed>()->nickname, u"张三丰"_s);
}

void tst_ChatServerV11::renameRefused_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<NoticeCode>("code");
    QTest::newRow("taken") << u"bob"_s << NoticeCode::NameTaken;
    QTest::newRow("taken, full width") << u"ＢＯＢ"_s << NoticeCode::NameTaken;
    QTest::newRow("invalid: empty") << u"  "_s << NoticeCode::NameInvalid;
    QTest::newRow("invalid: too long") << QString(25, u'x') << NoticeCode::NameInvalid;
    QTest::newRow("invalid: control") << u"a\u0007b"_s << NoticeCode::NameInvalid;
    QTest::newRow("reserved") << u"管理员"_s << NoticeCode::NameReserved;
}

void tst_ChatServerV11::renameRefused()
{
    QFETCH(QString, name);
    QFETCH(NoticeCode, code);
    TestClient *alice = joined11(u"Alice"_s);
    TestClient *bob = joined11(u"Bob"_s);
    alice->send(Rename {name});
    QVERIFY(alice->waitFor<Notice>());
    QCOMPARE(alice->last<Notice>()->code, code);
    // Nothing happened: same name, no event for anyone.
    QVERIFY(bob->sync());
    QCOMPARE(bob->countOf<Left>(), 0);
    QVERIFY(m_server->member(u"Alice"_s).has_value());
    say(alice, u"still Alice"_s);
    QVERIFY(bob->waitFor<Chat>());
    QCOMPARE(bob->last<Chat>()->from, u"Alice"_s);
}

void tst_ChatServerV11::renameCaseOnly()
{
    TestClient *alice = joined11(u"alice"_s);
    alice->send(Rename {u"Alice"_s});
    QVERIFY(alice->waitFor<Joined>());
    QCOMPARE(alice->last<Joined>()->nickname, u"Alice"_s);
    QCOMPARE(alice->last<Joined>()->formerName, u"alice"_s);
}

void tst_ChatServerV11::renameIdenticalDoesNothing()
{
    TestClient *alice = joined11(u"Alice"_s);
    alice->send(Rename {u" Alice "_s});
    QVERIFY(alice->sync());
    QCOMPARE(alice->countOf<Left>(), 0);
    QCOMPARE(alice->countOf<Notice>(), 0);
}

void tst_ChatServerV11::passwordRequired()
{
    ServerConfig config;
    config.password = u"芝麻开门 open"_s;
    startServer(config);
    TestClient *wrong = newClient();
    wrong->setLayout(Layout::V1_1);
    wrong->send(Hello {1, u"Alice"_s, 1, 0, {}, 0, u"guess"_s});
    QVERIFY(wrong->waitFor<Rejected>());
    QCOMPARE(wrong->last<Rejected>()->reason, RejectReason::PasswordRequired);
    QVERIFY(wrong->waitForDisconnected());
    // Judged before the name: even a reserved name hears about the password first.
    TestClient *reserved = newClient();
    reserved->send(Hello {1, u"admin"_s, 1, 0, {}, 0, u"guess"_s});
    QVERIFY(reserved->waitFor<Rejected>());
    QCOMPARE(reserved->last<Rejected>()->reason, RejectReason::PasswordRequired);
    // A 1.0 Hello has none: refused the same way, the one 1.1 code it can receive.
    TestClient *old = newClient();
    QCOMPARE(old->helloRejected(u"Old"_s), RejectReason::PasswordRequired);
    QVERIFY(old->waitForDisconnected());

    TestClient *right = newClient();
    QVERIFY(right->joinWith(Hello {1, u"Alice"_s, 1, 0, {}, 0, u"芝麻开门 open"_s}));
    // Resume needs no password: the token is the proof.
    right->socket()->abort();
    QVERIFY(QTest::qWaitFor([&] { return m_server->detachedCount() == 1; }));
    QVERIFY(newClient()->resume(right->welcome.resumeToken, right->welcome.seq));
}

void tst_ChatServerV11::newTypesBeforeHello_data()
{
    QTest::addColumn<Message>("message");
    QTest::newRow("HistoryRequest") << Message(HistoryRequest {10, 10});
    QTest::newRow("Rename") << Message(Rename {u"X"_s});
}

void tst_ChatServerV11::newTypesBeforeHello()
{
    QFETCH(Message, message);
    TestClient *client = newClient();
    client->setLayout(Layout::V1_1);
    client->send(message);
    QVERIFY(client->waitFor<Error>());
    QCOMPARE(client->last<Error>()->code, ErrorCode::NotJoined);
    QVERIFY(client->waitForDisconnected());
}

void tst_ChatServerV11::newTypesFrom10Member_data()
{
    QTest::addColumn<Message>("message");
    QTest::newRow("Resume") << Message(Resume {QByteArray(24, 'x'), 1});
    QTest::newRow("HistoryRequest") << Message(HistoryRequest {10, 10});
    QTest::newRow("Rename") << Message(Rename {u"X"_s});
}

void tst_ChatServerV11::newTypesFrom10Member()
{
    QFETCH(Message, message);
    TestClient *old = joined10(u"Old"_s);
    old->send(message);
    QVERIFY(old->waitFor<Notice>());
    QCOMPARE(old->last<Notice>()->code, NoticeCode::UnknownType);
    QVERIFY(old->sync());
    QVERIFY(old->isConnected());
    QCOMPARE(m_server->member(u"Old"_s)->name, u"Old"_s);
}

void tst_ChatServerV11::trailingBytesFrom10MemberIgnored()
{
    // 1.0's rule: bytes after the fields a receiver knows are ignored, so three stray
    // bytes after a 1.0 Say's text are not half of a 1.1 clientId.
    TestClient *old = joined10(u"Old"_s);
    old->sendPayload(QByteArray::fromHex("02 00000002 0041 000102"));
    QVERIFY(old->waitFor<Chat>());
    QCOMPARE(old->last<Chat>()->text, u"A"_s);
    QCOMPARE(old->countOf<Error>(), 0);
    QVERIFY(old->isConnected());
}

void tst_ChatServerV11::kickedWhileDetached()
{
    ServerConfig config;
    config.idleTimeout = std::chrono::milliseconds(60'000);
    config.resumeGrace = std::chrono::milliseconds(60'000);
    startServer(config);
    TestClient *alice = joined11(u"Alice"_s);
    TestClient *bob = joined11(u"Bob"_s);
    alice->socket()->abort();
    QVERIFY(QTest::qWaitFor([&] { return m_server->detachedCount() == 1; }));
    QVERIFY(m_server->kick(u"Alice"_s));
    QVERIFY(bob->waitFor<Left>());
    QCOMPARE(bob->last<Left>()->reason, LeaveReason::Kicked);
    QCOMPARE(m_server->detachedCount(), 0);
    QCOMPARE(m_server->memberCount(), 1);
    // The seat and its token are gone.
    TestClient *again = newClient();
    QVERIFY(!again->resume(alice->welcome.resumeToken, alice->welcome.seq));
}

QTEST_MAIN(tst_ChatServerV11)
#include "tst_chatserver_v11.moc"
