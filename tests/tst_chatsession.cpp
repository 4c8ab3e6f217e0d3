#include "chatsession.h"
#include "fakeserver.h"

#include "chattext.h"
#include "nickname.h"
#include "protocol/messagecodec.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <utility>

using namespace Protocol;
using namespace Qt::StringLiterals;

class tst_ChatSession : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void joinWaitsForAllMembers();
    void rejectedThenRetryOnSameConnection();
    void rejectedRoomFull();
    void chatMarksOwnLines();
    void joinedAndLeftUpdateMembers();
    void broadcastAndNotice();
    void outboxAnswersInOrder();
    void noticeAnswersItsOwnRequest_data();
    void noticeAnswersItsOwnRequest();
    void sameNameRenameSendsNothing();
    void sayRefuses_data();
    void sayRefuses();
    void saySendsAsTyped();
    void unknownTypeIgnored();
    void errorWithoutReconnect_data();
    void errorWithoutReconnect();
    void errorTimedOutReconnects();
    void shutdownComesBackSlowly();
    void droppedConnectionReconnects();
    void serverRestartReconnects();
    void nameTakenWhileReconnecting();
    void resumeRefusedNameTakenRetries();
    void resumeUnansweredThenNameTakenRetries();
    void seatNameTakenPastGraceAsks();
    void reconnectNowSkipsTheWait();
    void idlePing();
    void silentServerIsNoticed();
    void anyFrameKeepsConnectionAlive();
    void joinWhileJoinedSaysBye();
    void leaveSendsBye();
    void destructorSaysBye();
    void connectionRefused();
    void badFrameCloses_data();
    void badFrameCloses();
    void eventsAreBounded();
    void memberListBounded_data();
    void memberListBounded();
    void joinedPastRoomLimit();
    void namesAndTextsBounded_data();
    void namesAndTextsBounded();
    void joinDeadline_data();
    void joinDeadline();
    void joinDeadlineWhileReconnecting();
    void rejectedNameStopsTheDeadline();
    void historyBounded_data();
    void historyBounded();
    void unaskedHistoryDropped();
    void unknownFramesAreNoAnswer();
    void detailsClipped();
    // The local socket: the same session over QLocalSocket.
    void localSocketJoinSayReceive();
    void localSocketReconnectsAfterDrop();
    void localServerMissingFails();

private:
    static ChatSession::Timing fastTiming();
    // Joins m_session as name; check QTest::currentTestFailed() afterwards.
    void joinAs(const QString &name);
    // Joins as Alice over 1.1, then the server sends these frames after Members.
    void joinV11Then(const QByteArray &frames);
    // The session ended the connection over a limit: reported, no retry, nothing held.
    void verifyRefused(const QSignalSpy &disconnectedSpy);

    std::unique_ptr<FakeServer> m_server;
    std::unique_ptr<ChatSession> m_session;
};

ChatSession::Timing tst_ChatSession::fastTiming()
{
    ChatSession::Timing timing;
    timing.pingIdleMs = 60000; // out of the way unless a test wants it
    timing.connectTimeoutMs = 5000;
    timing.reconnectInitialMs = 20;
    timing.reconnectMaxMs = 80;
    return timing;
}

void tst_ChatSession::init()
{
    m_server = std::make_unique<FakeServer>();
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    m_session = std::make_unique<ChatSession>();
    m_session->setTiming(fastTiming());
}

void tst_ChatSession::cleanup()
{
    m_session.reset();
    m_server.reset();
}

void tst_ChatSession::joinAs(const QString &name)
{
    m_session->join(u"127.0.0.1"_s, m_server->port(), name);
    QTRY_COMPARE(m_session->state(), ChatSession::State::Joined);
}

void tst_ChatSession::joinWaitsForAllMembers()
{
    m_server->setHelloHandler([this](const Hello &hello) {
        // Welcome and the first slice in one write, so both are read together.
        m_server->sendRaw(MessageCodec::encodeFrame(Welcome {hello.nickname, u"Lobby"_s, 7, 3})
                          + MessageCodec::encodeFrame(Members {{u"Zed"_s, u"Bob"_s}}));
    });
    QSignalSpy joinedSpy(m_session.get(), &ChatSession::joined);
    QSignalSpy membersSpy(m_session.get(), &ChatSession::membersChanged);
    QSignalSpy resetSpy(m_session.get(), &ChatSession::membersReset);
    QSignalSpy stateSpy(m_session.get(), &ChatSession::stateChanged);
    // What a window reading the session from joined() would see.
    QStringList membersAtJoined;
    ChatSession::State stateAtJoined = ChatSession::State::Disconnected;
    connect(m_session.get(), &ChatSession::joined, this, [&] {
        membersAtJoined = m_session->members();
        stateAtJoined = m_session->state();
    });

    m_session->join(u"127.0.0.1"_s, m_server->port(), u"Alice"_s);
    QTRY_COMPARE(m_session->roomTitle(), u"Lobby"_s);
    QCOMPARE(m_session->state(), ChatSession::State::Joining);
    QCOMPARE(joinedSpy.count(), 0);
    QCOMPARE(membersSpy.count(), 0);
    QVERIFY(m_session->members().isEmpty());
    QCOMPARE(m_server->receivedOf<Hello>().size(), 1);
    QCOMPARE(m_server->receivedOf<Hello>().constFirst().nickname, u"Alice"_s);
    QCOMPARE(m_server->receivedOf<Hello>().constFirst().version, Protocol::Version);

    m_server->send(Members {{u"Alice"_s}});
    QTRY_COMPARE(joinedSpy.count(), 1);
    QCOMPARE(joinedSpy.at(0).at(0).toString(), u"Alice"_s);
    QCOMPARE(joinedSpy.at(0).at(1).toString(), u"Lobby"_s);
    const QStringList all {u"Zed"_s, u"Bob"_s, u"Alice"_s};
    QCOMPARE(membersAtJoined, all);
    QCOMPARE(stateAtJoined, ChatSession::State::Joined);
    QCOMPARE(membersSpy.count(), 1);
    QCOMPARE(membersSpy.at(0).at(0).toStringList(), all);
    QCOMPARE(resetSpy.count(), 1);
    QCOMPARE(resetSpy.at(0).at(0).toStringList(), all);
    QCOMPARE(m_session->nickname(), u"Alice"_s);

    const QList<ChatSession::State> states {
        ChatSession::State::Connecting, ChatSession::State::Joining, ChatSession::State::Joined};
    QCOMPARE(stateSpy.count(), states.size());
    for (int i = 0; i < states.size(); ++i)
        QCOMPARE(stateSpy.at(i).at(0).value<ChatSession::State>(), states.at(i));

    QCOMPARE(m_session->events().size(), 1);
    const RoomEvent own = m_session->events().constFirst();
    QCOMPARE(own.kind, RoomEvent::Kind::Joined);
    QCOMPARE(own.seq, quint64(7));
    QCOMPARE(own.nickname, u"Alice"_s);
    QVERIFY(own.own);
}

void tst_ChatSession::rejectedThenRetryOnSameConnection()
{
    m_server->setHelloHandler([this](const Hello &hello) {
        if (hello.nickname == u"Alice"_s)
            m_server->send(Rejected {RejectReason::NameTaken, u"taken"_s});
        else
            m_server->welcome(hello.nickname);
    });
    QSignalSpy rejectedSpy(m_session.get(), &ChatSession::rejected);
    m_session->join(u"127.0.0.1"_s, m_server->port(), u"Alice"_s);
    QVERIFY(rejectedSpy.wait());
    QCOMPARE(rejectedSpy.at(0).at(0).value<RejectReason>(), RejectReason::NameTaken);
    QCOMPARE(rejectedSpy.at(0).at(1).toString(), u"taken"_s);
    QCOMPARE(m_session->state(), ChatSession::State::Joining);

    m_session->join(u"127.0.0.1"_s, m_server->port(), u"Alice2"_s);
    QTRY_COMPARE(m_session->state(), ChatSession::State::Joined);
    QCOMPARE(m_session->nickname(), u"Alice2"_s);
    QCOMPARE(m_server->connections(), 1);
    const QList<Hello> hellos = m_server->receivedOf<Hello>();
    QCOMPARE(hellos.size(), 2);
    QCOMPARE(hellos.at(1).nickname, u"Alice2"_s);
}

void tst_ChatSession::rejectedRoomFull()
{
    m_server->setHelloHandler([this](const Hello &) {
        m_server->send(Rejected {RejectReason::RoomFull, {}});
    });
    QSignalSpy rejectedSpy(m_session.get(), &ChatSession::rejected);
    QSignalSpy disconnectedSpy(m_session.get(), &ChatSession::disconnected);
    m_session->join(u"127.0.0.1"_s, m_server->port(), u"Alice"_s);
    QVERIFY(rejectedSpy.wait());
    QCOMPARE(rejectedSpy.at(0).at(0).value<RejectReason>(), RejectReason::RoomFull);
    QTRY_COMPARE(m_session->state(), ChatSession::State::Disconnected);
    QCOMPARE(disconnectedSpy.count(), 1);
    QTRY_COMPARE(m_server->disconnects(), 1);
    QCOMPARE(m_server->connections(), 1);
}

void tst_ChatSession::chatMarksOwnLines()
{
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy eventSpy(m_session.get(), &ChatSession::eventAdded);
    m_server->send(Chat {6, 1000, u"Zed"_s, u"hi"_s});
    // The server may echo the name in another case or width; the key decides.
    m_server->send(Chat {7, 2000, u"ＡＬＩＣＥ"_s, u"hello"_s});
    QTRY_COMPARE(eventSpy.count(), 2);
    const RoomEvent first = eventSpy.at(0).at(0).value<RoomEvent>();
    QCOMPARE(first.kind, RoomEvent::Kind::Chat);
    QCOMPARE(first.seq, quint64(6));
    QCOMPARE(first.atMs, qint64(1000));
    QCOMPARE(first.nickname, u"Zed"_s);
    QCOMPARE(first.text, u"hi"_s);
    QVERIFY(!first.own);
    const RoomEvent second = eventSpy.at(1).at(0).value<RoomEvent>();
    QCOMPARE(second.text, u"hello"_s);
    QVERIFY(second.own);
    QCOMPARE(m_session->events().size(), 3); // own join + 2
    QCOMPARE(m_session->events().constLast(), second);
}

void tst_ChatSession::joinedAndLeftUpdateMembers()
{
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy membersSpy(m_session.get(), &ChatSession::membersChanged);
    QSignalSpy addedSpy(m_session.get(), &ChatSession::memberAdded);
    QSignalSpy removedSpy(m_session.get(), &ChatSession::memberRemoved);
    QSignalSpy resetSpy(m_session.get(), &ChatSession::membersReset);
    m_server->send(Joined {6, 1000, u"Bob"_s});
    QTRY_COMPARE(m_session->members(), (QStringList {u"Zed"_s, u"Alice"_s, u"Bob"_s}));
    m_server->send(Left {7, 2000, u"Zed"_s, LeaveReason::Kicked});
    QTRY_COMPARE(m_session->members(), (QStringList {u"Alice"_s, u"Bob"_s}));
    QCOMPARE(membersSpy.count(), 2);
    // One row each, for a view that must not rebuild a large list.
    QCOMPARE(addedSpy.count(), 1);
    QCOMPARE(addedSpy.at(0).at(0).toString(), u"Bob"_s);
    QCOMPARE(removedSpy.count(), 1);
    QCOMPARE(removedSpy.at(0).at(0).toInt(), 0);
    QCOMPARE(removedSpy.at(0).at(1).toString(), u"Zed"_s);
    QCOMPARE(resetSpy.count(), 0);

    const QList<RoomEvent> events = m_session->events();
    QCOMPARE(events.size(), 3);
    QCOMPARE(events.at(1).kind, RoomEvent::Kind::Joined);
    QCOMPARE(events.at(1).nickname, u"Bob"_s);
    QVERIFY(!events.at(1).own);
    QCOMPARE(events.at(2).kind, RoomEvent::Kind::Left);
    QCOMPARE(events.at(2).seq, quint64(7));
    QCOMPARE(events.at(2).nickname, u"Zed"_s);
    QCOMPARE(events.at(2).leaveReason, LeaveReason::Kicked);

    // The same name in another case or width is the same member, once only; the row
    // removed is the one shown.
    m_server->send(Joined {8, 3000, u"ＢＯＢ"_s});
    m_server->send(Left {9, 4000, u"bob"_s, LeaveReason::Quit});
    QTRY_COMPARE(m_session->members(), QStringList {u"Alice"_s});
    QCOMPARE(addedSpy.count(), 1);
    QCOMPARE(removedSpy.count(), 2);
    QCOMPARE(removedSpy.at(1).at(0).toInt(), 1);
    QCOMPARE(removedSpy.at(1).at(1).toString(), u"Bob"_s);
    m_server->send(Joined {10, 5000, u"bob"_s});
    QTRY_COMPARE(m_session->members(), (QStringList {u"Alice"_s, u"bob"_s}));

    // The connection ends: the list empties at once.
    m_server->dropClient();
    QTRY_COMPARE(resetSpy.count(), 1);
    QVERIFY(resetSpy.at(0).at(0).toStringList().isEmpty());
    QVERIFY(m_session->members().isEmpty());
}

void tst_ChatSession::broadcastAndNotice()
{
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy noticeSpy(m_session.get(), &ChatSession::noticeReceived);
    m_server->send(Notice {NoticeCode::SlowDown, u"slow"_s});
    m_server->send(Broadcast {6, 3000, u"大家好"_s});
    QTRY_COMPARE(m_session->events().size(), 2);
    QCOMPARE(noticeSpy.count(), 1);
    QCOMPARE(noticeSpy.at(0).at(0).value<NoticeCode>(), NoticeCode::SlowDown);
    QCOMPARE(noticeSpy.at(0).at(1).toString(), u"slow"_s);
    const RoomEvent broadcast = m_session->events().constLast();
    QCOMPARE(broadcast.kind, RoomEvent::Kind::Broadcast);
    QCOMPARE(broadcast.text, u"大家好"_s);
    QVERIFY(broadcast.nickname.isEmpty());
    QCOMPARE(m_session->state(), ChatSession::State::Joined);
}

void tst_ChatSession::outboxAnswersInOrder()
{
    using Request = Outbox::Request;
    Outbox outbox;
    const quint64 first = outbox.add(u"one"_s);
    const quint64 second = outbox.add(u"two"_s);
    const quint64 third = outbox.add(u"three"_s);
    QCOMPARE(outbox.unsent().size(), 3);
    outbox.markSent(first);
    outbox.requestSent(Request::Rename);
    outbox.markSent(second);
    outbox.requestSent(Request::History);
    QVERIFY(outbox.entries().at(0).queued.isValid());

    // No Rename-only code answers a Say, and the Rename is the oldest a NameTaken fits:
    // the Say before it had its answer, the outbox keeps it.
    std::optional<Outbox::Refusal> refusal = outbox.refuse({Request::Rename});
    QVERIFY(refusal);
    QCOMPARE(refusal->request, Request::Rename);
    QVERIFY(!refusal->say);
    QCOMPARE(outbox.entries().size(), 3);
    // A SlowDown now is the second Say's.
    refusal = outbox.refuse({Request::Say, Request::Rename, Request::History});
    QVERIFY(refusal && refusal->say);
    QCOMPARE(refusal->say->clientId, second);
    QCOMPARE(refusal->say->text, u"two"_s);
    // The History reply answers the HistoryRequest; nothing is left waiting.
    outbox.answered(Request::History);
    QVERIFY(!outbox.refuse({Request::Say, Request::Rename, Request::History}));

    // A Chat confirms, and answers everything sent before it.
    outbox.markSent(third);
    outbox.requestSent(Request::Rename);
    QVERIFY(outbox.confirm(first)); // replayed: not waiting on this connection
    QVERIFY(outbox.confirm(third));
    refusal = outbox.refuse({Request::Rename});
    QVERIFY(refusal); // sent after the Say: still waiting
    QVERIFY(outbox.isEmpty());

    // An id-less Chat (a 1.0 server) is the oldest waiting Say's; a lost connection
    // leaves the Says but nothing waiting.
    const quint64 fourth = outbox.add(u"four"_s);
    const quint64 fifth = outbox.add(u"five"_s);
    outbox.markSent(fourth);
    outbox.markSent(fifth);
    QCOMPARE(outbox.confirmOldestWaiting(), std::optional<quint64>(fourth));
    outbox.connectionEnded();
    QVERIFY(!outbox.confirmOldestWaiting());
    QCOMPARE(outbox.entries().size(), 1);
    QVERIFY(outbox.entries().constFirst().sent);
}

void tst_ChatSession::noticeAnswersItsOwnRequest_data()
{
    // The session sends Say "one", Rename to Bob, Say "two", back to back; the server
    // answers each in order, one way or another.
    QTest::addColumn<QStringList>("answers");
    QTest::addColumn<QList<quint64>>("delivered");
    QTest::addColumn<QList<quint64>>("failed");
    QTest::addColumn<int>("renameRefusals");
    QTest::addColumn<bool>("renamed");
    QTest::newRow("rename slowed down") << QStringList {u"chat1"_s, u"slow"_s, u"chat2"_s}
                                        << QList<quint64> {1, 2} << QList<quint64> {} << 1 << false;
    QTest::newRow("rename taken") << QStringList {u"chat1"_s, u"taken"_s, u"chat2"_s}
                                  << QList<quint64> {1, 2} << QList<quint64> {} << 1 << false;
    QTest::newRow("first say slowed down") << QStringList {u"slow"_s, u"renamed"_s, u"chat2"_s}
                                           << QList<quint64> {2} << QList<quint64> {1} << 0 << true;
    QTest::newRow("second say slowed down")
        << QStringList {u"chat1"_s, u"renamed"_s, u"slow"_s} << QList<quint64> {1}
        << QList<quint64> {2} << 0 << true;
    QTest::newRow("everything slowed down")
        << QStringList {u"slow"_s, u"slow"_s, u"slow"_s} << QList<quint64> {}
        << QList<quint64> {1, 2} << 1 << false;
}

void tst_ChatSession::noticeAnswersItsOwnRequest()
{
    QFETCH(QStringList, answers);
    QFETCH(QList<quint64>, delivered);
    QFETCH(QList<quint64>, failed);
    QFETCH(int, renameRefusals);
    QFETCH(bool, renamed);
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy deliveredSpy(m_session.get(), &ChatSession::sayDelivered);
    QSignalSpy failedSpy(m_session.get(), &ChatSession::sayFailed);
    QSignalSpy refusedSpy(m_session.get(), &ChatSession::renameRefused);
    QSignalSpy renamedSpy(m_session.get(), &ChatSession::renamed);
    QVERIFY(m_session->say(u"one"_s));
    QVERIFY(m_session->rename(u"Bob"_s));
    QVERIFY(m_session->say(u"two"_s));
    QTRY_COMPARE(m_server->received().size(), 4); // Hello, Say, Rename, Say
    QCOMPARE(m_server->receivedOf<Rename>().size(), 1);
    const QList<Say> says = m_server->receivedOf<Say>();
    QCOMPARE(says.size(), 2);
    QCOMPARE(says.at(0).clientId, quint64(1));
    QCOMPARE(says.at(1).clientId, quint64(2));

    QString name = u"Alice"_s;
    quint64 seq = 6;
    for (const QString &answer : std::as_const(answers)) {
        if (answer == u"slow"_s) {
            m_server->send(Notice {NoticeCode::SlowDown, {}});
        } else if (answer == u"taken"_s) {
            m_server->send(Notice {NoticeCode::NameTaken, {}});
        } else if (answer == u"renamed"_s) {
            m_server->send(Left {seq++, 0, name, LeaveReason::Renamed}, Layout::V1_1);
            m_server->send(Joined {seq++, 0, u"Bob"_s, name}, Layout::V1_1);
            name = u"Bob"_s;
        } else {
            const quint64 clientId = answer == u"chat1"_s ? 1 : 2;
            m_server->send(Chat {seq++, 0, name, says.at(clientId - 1).text, clientId},
                           Layout::V1_1);
        }
    }
    // A marker after the answers: once it is in, so are they.
    m_server->send(Broadcast {seq, 0, u"marker"_s});
    QTRY_COMPARE(m_session->events().constLast().text, u"marker"_s);

    QList<quint64> deliveredIds;
    for (const QList<QVariant> &args : std::as_const(deliveredSpy))
        deliveredIds.append(args.at(0).toULongLong());
    QCOMPARE(deliveredIds, delivered);
    QList<quint64> failedIds;
    for (const QList<QVariant> &args : std::as_const(failedSpy)) {
        failedIds.append(args.at(0).toULongLong());
        QCOMPARE(args.at(2).value<NoticeCode>(), NoticeCode::SlowDown);
    }
    QCOMPARE(failedIds, failed);
    QCOMPARE(refusedSpy.count(), renameRefusals);
    QCOMPARE(renamedSpy.count(), renamed ? 1 : 0);
    QCOMPARE(m_session->nickname(), renamed ? u"Bob"_s : u"Alice"_s);
    // Every Say answered: confirmed or refused, none left waiting.
    QVERIFY(m_session->outbox().isEmpty());
}

void tst_ChatSession::sameNameRenameSendsNothing()
{
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    // The server would answer nothing at all: the session does not ask.
    QVERIFY(!m_session->rename(u"Alice"_s));
    QVERIFY(!m_session->rename(u"  Alice "_s));
    QVERIFY(m_session->rename(u"alice"_s)); // a change of case is a rename
    QTRY_COMPARE(m_server->receivedOf<Rename>().size(), 1);
    QCOMPARE(m_server->receivedOf<Rename>().constFirst().nickname, u"alice"_s);
}

void tst_ChatSession::sayRefuses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<ChatText::Verdict>("verdict");
    QTest::newRow("empty") << QString() << ChatText::Verdict::Empty;
    QTest::newRow("blank") << u" \t\n "_s << ChatText::Verdict::Empty;
    QTest::newRow("2001") << QString(2001, u'x') << ChatText::Verdict::TooLong;
}

void tst_ChatSession::sayRefuses()
{
    QFETCH(QString, text);
    QFETCH(ChatText::Verdict, verdict);
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy refusedSpy(m_session.get(), &ChatSession::textRefused);
    QVERIFY(!m_session->say(text));
    QCOMPARE(refusedSpy.count(), 1);
    QCOMPARE(refusedSpy.at(0).at(0).value<ChatText::Verdict>(), verdict);

    // Frames arrive in order: once this one is in, a refused one would have been too.
    QVERIFY(m_session->say(u"marker"_s));
    QTRY_COMPARE(m_server->receivedOf<Say>().size(), 1);
    QCOMPARE(m_server->receivedOf<Say>().constFirst().text, u"marker"_s);
}

void tst_ChatSession::saySendsAsTyped()
{
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    const QString text = u"  <b>hi</b>\r\n"_s + QString(1980, u'y');
    QVERIFY(m_session->say(text));
    QTRY_COMPARE(m_server->receivedOf<Say>().size(), 1);
    QCOMPARE(m_server->receivedOf<Say>().constFirst().text, text);
}

void tst_ChatSession::unknownTypeIgnored()
{
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy disconnectedSpy(m_session.get(), &ChatSession::disconnected);
    // 0x7E is a server-to-client code version 1 does not use, with some fields after it.
    m_server->sendRaw(QByteArray::fromHex("00000004"
                                          "7e010203"));
    m_server->send(Chat {6, 0, u"Zed"_s, u"still here"_s});
    QTRY_COMPARE(m_session->events().size(), 2);
    QCOMPARE(m_session->events().constLast().text, u"still here"_s);
    QCOMPARE(m_session->state(), ChatSession::State::Joined);
    QCOMPARE(disconnectedSpy.count(), 0);
}

void tst_ChatSession::errorWithoutReconnect_data()
{
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<ChatSession::EndReason>("reason");
    QTest::newRow("kicked") << ErrorCode::Kicked << ChatSession::EndReason::Kicked;
}

void tst_ChatSession::errorWithoutReconnect()
{
    QFETCH(ErrorCode, code);
    QFETCH(ChatSession::EndReason, reason);
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy errorSpy(m_session.get(), &ChatSession::errorReceived);
    QSignalSpy disconnectedSpy(m_session.get(), &ChatSession::disconnected);
    QSignalSpy reconnectSpy(m_session.get(), &ChatSession::reconnectScheduled);
    m_server->send(Error {code, u"bye"_s});
    QVERIFY(disconnectedSpy.wait());
    QCOMPARE(errorSpy.count(), 1);
    QCOMPARE(errorSpy.at(0).at(0).value<ErrorCode>(), code);
    QCOMPARE(errorSpy.at(0).at(1).toString(), u"bye"_s);
    QCOMPARE(disconnectedSpy.at(0).at(0).value<ChatSession::EndReason>(), reason);
    QCOMPARE(m_session->endReason(), reason);
    QCOMPARE(m_session->state(), ChatSession::State::Disconnected);
    QVERIFY(m_session->members().isEmpty());

    // Proving that nothing happens takes waiting: many times the reconnect delay.
    QTest::qWait(300);
    QCOMPARE(reconnectSpy.count(), 0);
    QCOMPARE(m_server->connections(), 1);
    QCOMPARE(m_session->state(), ChatSession::State::Disconnected);
}

void tst_ChatSession::shutdownComesBackSlowly()
{
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    ChatSession::Timing timing = m_session->timing();
    timing.shutdownInitialMs = 40'000;
    timing.shutdownMaxMs = 60'000;
    timing.reconnectJitter = 0;
    m_session->setTiming(timing);
    QSignalSpy shutDown(m_session.get(), &ChatSession::serverShutDown);
    QSignalSpy reconnectSpy(m_session.get(), &ChatSession::reconnectScheduled);
    m_server->send(Error {ErrorCode::ServerShutdown, u"bye"_s});
    QVERIFY(reconnectSpy.wait());
    QCOMPARE(m_session->endReason(), ChatSession::EndReason::ServerShutdown);
    QCOMPARE(m_session->state(), ChatSession::State::Reconnecting);
    QCOMPARE(shutDown.count(), 1);
    // The slower backoff of a restart: 40 s here, not the 1 s of a dropped connection.
    QCOMPARE(reconnectSpy.at(0).at(0).toInt(), 40);
    QVERIFY(m_session->members().isEmpty());
}

void tst_ChatSession::errorTimedOutReconnects()
{
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy disconnectedSpy(m_session.get(), &ChatSession::disconnected);
    QSignalSpy reconnectSpy(m_session.get(), &ChatSession::reconnectScheduled);
    m_server->send(Error {ErrorCode::TimedOut, {}});
    QVERIFY(disconnectedSpy.wait());
    QCOMPARE(disconnectedSpy.at(0).at(0).value<ChatSession::EndReason>(),
             ChatSession::EndReason::ServerError);
    QCOMPARE(reconnectSpy.count(), 1);
    QTRY_COMPARE(m_server->connections(), 2);
    QTRY_COMPARE(m_session->state(), ChatSession::State::Joined);
}

void tst_ChatSession::droppedConnectionReconnects()
{
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy disconnectedSpy(m_session.get(), &ChatSession::disconnected);
    QSignalSpy reconnectSpy(m_session.get(), &ChatSession::reconnectScheduled);
    QSignalSpy joinedSpy(m_session.get(), &ChatSession::joined);
    m_server->dropClient();
    QVERIFY(disconnectedSpy.wait());
    QCOMPARE(disconnectedSpy.at(0).at(0).value<ChatSession::EndReason>(),
             ChatSession::EndReason::ConnectionLost);
    QCOMPARE(m_session->endReason(), ChatSession::EndReason::ConnectionLost);
    QCOMPARE(reconnectSpy.count(), 1);
    QCOMPARE(reconnectSpy.at(0).at(0).toInt(), 1); // 20 ms rounds up to a second
    QCOMPARE(m_session->state(), ChatSession::State::Reconnecting);
    QVERIFY(m_session->reconnectInSeconds() >= 0);

    QVERIFY(joinedSpy.wait());
    QCOMPARE(m_server->connections(), 2);
    const QList<Hello> hellos = m_server->receivedOf<Hello>();
    QCOMPARE(hellos.size(), 2);
    QCOMPARE(hellos.at(1).nickname, u"Alice"_s);
    QCOMPARE(m_session->state(), ChatSession::State::Joined);
    QCOMPARE(m_session->reconnectInSeconds(), -1);
    QCOMPARE(m_session->endReason(), ChatSession::EndReason::None);
}

void tst_ChatSession::serverRestartReconnects()
{
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    const quint16 port = m_server->port();
    QSignalSpy reconnectSpy(m_session.get(), &ChatSession::reconnectScheduled);
    QSignalSpy failedSpy(m_session.get(), &ChatSession::connectionFailed);
    m_server->close();
    // Refused attempts while the server is away each schedule the next step.
    QTRY_VERIFY(reconnectSpy.count() >= 3);
    QCOMPARE(failedSpy.count(), 0);
    QVERIFY2(m_server->listen(port), qPrintable(m_server->errorString()));
    QTRY_COMPARE(m_session->state(), ChatSession::State::Joined);
    QCOMPARE(m_server->receivedOf<Hello>().constLast().nickname, u"Alice"_s);
}

void tst_ChatSession::nameTakenWhileReconnecting()
{
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    // Someone else took the name while we were away.
    m_server->setHelloHandler([this](const Hello &hello) {
        if (hello.nickname == u"Alice"_s)
            m_server->send(Rejected {RejectReason::NameTaken, {}});
        else
            m_server->welcome(hello.nickname);
    });
    QSignalSpy rejectedSpy(m_session.get(), &ChatSession::rejected);
    m_server->dropClient();
    QVERIFY(rejectedSpy.wait());
    QCOMPARE(rejectedSpy.at(0).at(0).value<RejectReason>(), RejectReason::NameTaken);
    QCOMPARE(m_session->state(), ChatSession::State::Joining);

    // The window asks the user, who picks another name.
    m_session->join(m_session->host(), m_session->port(), u"Alice_"_s);
    QTRY_COMPARE(m_session->state(), ChatSession::State::Joined);
    QCOMPARE(m_session->nickname(), u"Alice_"_s);
    QCOMPARE(m_server->connections(), 2);
}

void tst_ChatSession::resumeRefusedNameTakenRetries()
{
    ChatSession::Timing timing = fastTiming();
    timing.resumeDelayMs = 20;
    timing.resumeRetryMs = 30;
    m_session->setTiming(timing);
    const QByteArray token(24, 'k');
    m_server->setHelloHandler(
        [&](const Hello &hello) { m_server->welcomeV11(hello.nickname, token, 60'000); });
    // A server that still holds the seat as attached (the old connection half-open to it)
    // refuses the first Resume with NameTaken; by the second it has let the old one go.
    int resumes = 0;
    m_server->setResumeHandler([&](const Resume &resume) {
        if (++resumes == 1)
            m_server->send(Rejected {RejectReason::NameTaken, {}});
        else
            m_server->send(Resumed {u"Alice"_s, resume.lastSeq, QByteArray(24, 'n'), 0},
                           Layout::V1_1);
    });
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy rejectedSpy(m_session.get(), &ChatSession::rejected);
    QSignalSpy resumedSpy(m_session.get(), &ChatSession::resumed);
    QSignalSpy resetSpy(m_session.get(), &ChatSession::membersReset);
    QSignalSpy joinedSpy(m_session.get(), &ChatSession::joined);
    m_server->dropClient();
    QVERIFY(resumedSpy.wait());

    // Back in the same seat: no name to choose, no fresh join, the member list kept.
    QCOMPARE(m_session->state(), ChatSession::State::Joined);
    QCOMPARE(rejectedSpy.count(), 0);
    QCOMPARE(joinedSpy.count(), 0);
    QCOMPARE(resetSpy.count(), 0);
    QCOMPARE(m_session->members(), (QStringList {u"Zed"_s, u"Alice"_s}));
    const QList<Resume> sent = m_server->receivedOf<Resume>();
    QCOMPARE(sent.size(), 2);
    QCOMPARE(sent.at(0).resumeToken, token);
    QCOMPARE(sent.at(1).resumeToken, token); // still good: nobody answered it with Resumed
    QCOMPARE(m_server->receivedOf<Hello>().size(), 1);
    QCOMPARE(m_server->connections(), 3); // the retry comes on a fresh connection
}

void tst_ChatSession::resumeUnansweredThenNameTakenRetries()
{
    ChatSession::Timing timing = fastTiming();
    timing.resumeDelayMs = 20;
    timing.resumeRetryMs = 30;
    m_session->setTiming(timing);
    // The real server's way: the first Resume seats us and spends the token, but the
    // connection goes before its Resumed arrives. The old token then gets ResumeFailed,
    // and the name stays taken by that seat until its grace ends.
    bool seatHeld = false;
    int hellos = 0;
    m_server->setHelloHandler([&](const Hello &hello) {
        ++hellos;
        if (seatHeld)
            m_server->send(Rejected {RejectReason::NameTaken, {}});
        else
            m_server->welcomeV11(hello.nickname, QByteArray(24, 'k'), 60'000);
    });
    m_server->setResumeHandler([&](const Resume &) {
        if (!seatHeld) {
            seatHeld = true;
            m_server->dropClient();
        } else {
            m_server->send(Rejected {RejectReason::ResumeFailed, {}});
        }
    });
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy rejectedSpy(m_session.get(), &ChatSession::rejected);
    QSignalSpy joinedSpy(m_session.get(), &ChatSession::joined);
    QVERIFY(m_session->say(u"while away"_s));
    QTRY_COMPARE(m_server->receivedOf<Say>().size(), 1);
    m_server->dropClient();

    // Refused a few times while the seat holds the name, and not given up on.
    QTRY_VERIFY(hellos >= 4);
    QCOMPARE(rejectedSpy.count(), 0);
    QVERIFY(m_session->state() != ChatSession::State::Disconnected);
    QVERIFY(m_session->isResuming());
    // The spent token is tried once; after its ResumeFailed each retry is a Hello.
    QCOMPARE(m_server->receivedOf<Resume>().size(), 2);

    // The grace ends on the server: the name is free, and a fresh join gets it.
    seatHeld = false;
    QVERIFY(joinedSpy.wait());
    QCOMPARE(m_session->state(), ChatSession::State::Joined);
    QCOMPARE(m_session->nickname(), u"Alice"_s);
    QCOMPARE(rejectedSpy.count(), 0);
    QCOMPARE(m_server->receivedOf<Hello>().constLast().nickname, u"Alice"_s);
    QCOMPARE(m_server->receivedOf<Hello>().constLast().afterSeq, quint64(5));
}

void tst_ChatSession::seatNameTakenPastGraceAsks()
{
    ChatSession::Timing timing = fastTiming();
    timing.resumeDelayMs = 20;
    timing.resumeRetryMs = 30;
    timing.seatSlackMs = 50;
    m_session->setTiming(timing);
    int hellos = 0;
    m_server->setHelloHandler([&](const Hello &hello) {
        if (++hellos == 1)
            m_server->welcomeV11(hello.nickname, QByteArray(24, 'k'), 200);
        else
            m_server->send(Rejected {RejectReason::NameTaken, {}});
    });
    // Every Resume refused with NameTaken: after the grace the seat cannot be ours.
    m_server->setResumeHandler([&](const Resume &) {
        m_server->send(Rejected {RejectReason::NameTaken, {}});
    });
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy rejectedSpy(m_session.get(), &ChatSession::rejected);
    QElapsedTimer clock;
    clock.start();
    m_server->dropClient();
    QVERIFY(rejectedSpy.wait());

    // Retried through the grace, then a fresh join on the same connection, whose
    // refusal is the user's to answer.
    QVERIFY2(clock.elapsed() >= 250, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(rejectedSpy.count(), 1);
    QCOMPARE(rejectedSpy.at(0).at(0).value<RejectReason>(), RejectReason::NameTaken);
    QCOMPARE(m_session->state(), ChatSession::State::Joining);
    QVERIFY(!m_session->isResuming());
    QVERIFY(m_server->receivedOf<Resume>().size() >= 2);
    QCOMPARE(hellos, 2);
    QCOMPARE(m_server->received().constLast().index(), Message(Hello {}).index());
    const int connections = m_server->connections();
    QTest::qWait(150); // many retry delays: nothing more on its own
    QCOMPARE(m_server->connections(), connections);
    QCOMPARE(rejectedSpy.count(), 1);
}

void tst_ChatSession::reconnectNowSkipsTheWait()
{
    ChatSession::Timing timing = fastTiming();
    timing.reconnectInitialMs = 1000;
    timing.reconnectJitter = 0;
    m_session->setTiming(timing);
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy reconnectSpy(m_session.get(), &ChatSession::reconnectScheduled);
    m_server->dropClient();
    QVERIFY(reconnectSpy.wait());
    QCOMPARE(reconnectSpy.at(0).at(0).toInt(), 1);
    QCOMPARE(m_session->reconnectInSeconds(), 1);
    m_session->reconnectNow();
    QCOMPARE(m_session->reconnectInSeconds(), -1);
    QCOMPARE(m_session->state(), ChatSession::State::Connecting);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), ChatSession::State::Joined, 900);
}

void tst_ChatSession::idlePing()
{
    ChatSession::Timing timing = fastTiming();
    timing.pingIdleMs = 50;
    m_session->setTiming(timing);
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    QTRY_VERIFY(m_server->receivedOf<Ping>().size() >= 2);
    const QList<Ping> pings = m_server->receivedOf<Ping>();
    QVERIFY(pings.at(0).token != pings.at(1).token);
    m_server->send(Pong {pings.at(0).token});
    QTRY_VERIFY(m_server->receivedOf<Ping>().size() >= 3);
    QCOMPARE(m_session->state(), ChatSession::State::Joined);
}

void tst_ChatSession::silentServerIsNoticed()
{
    ChatSession::Timing timing = fastTiming();
    timing.pingIdleMs = 50;
    timing.pongTimeoutMs = 200;
    // Long enough that the state can be read before the next attempt.
    timing.reconnectInitialMs = 60000;
    timing.reconnectMaxMs = 60000;
    m_session->setTiming(timing);
    QElapsedTimer clock;
    clock.start();
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy disconnectedSpy(m_session.get(), &ChatSession::disconnected);

    // The server keeps the connection open but answers nothing, as one that vanished
    // without a FIN would: the Ping goes unanswered and the session gives up on it.
    QTRY_COMPARE(m_session->state(), ChatSession::State::Reconnecting);
    QVERIFY2(clock.elapsed() >= 250, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(!m_server->receivedOf<Ping>().isEmpty());
    QCOMPARE(disconnectedSpy.count(), 1);
    QCOMPARE(disconnectedSpy.at(0).at(0).value<ChatSession::EndReason>(),
             ChatSession::EndReason::ConnectionLost);
    QCOMPARE(m_session->endReason(), ChatSession::EndReason::ConnectionLost);
    QVERIFY(m_session->members().isEmpty());
    QVERIFY(m_session->reconnectInSeconds() > 0);
    QTRY_COMPARE(m_server->disconnects(), 1); // the client let go of the old connection
}

void tst_ChatSession::anyFrameKeepsConnectionAlive()
{
    ChatSession::Timing timing = fastTiming();
    timing.pingIdleMs = 30;
    timing.pongTimeoutMs = 500;
    timing.reconnectInitialMs = 60000; // one end to count, no second connection
    timing.reconnectMaxMs = 60000;
    m_session->setTiming(timing);
    m_server->setAnswersPings(true);
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy disconnectedSpy(m_session.get(), &ChatSession::disconnected);

    // Every Ping answered: many timeouts' worth of pings, still joined.
    QTest::qWait(1200);
    QVERIFY(m_server->receivedOf<Ping>().size() >= 5);
    QCOMPARE(m_session->state(), ChatSession::State::Joined);

    // No Pong any more, but the room is busy: any frame shows the server is there.
    m_server->setAnswersPings(false);
    QTimer chatter;
    quint64 seq = 6;
    connect(&chatter, &QTimer::timeout, this, [&] {
        m_server->send(Chat {seq++, 1000, u"Zed"_s, u"hi"_s});
    });
    chatter.start(20);
    QTest::qWait(1200);
    QCOMPARE(m_session->state(), ChatSession::State::Joined);

    // Silence: now it is noticed.
    chatter.stop();
    QTRY_COMPARE(m_session->state(), ChatSession::State::Reconnecting);
    QCOMPARE(disconnectedSpy.count(), 1);
    QCOMPARE(m_server->connections(), 1);
}

void tst_ChatSession::joinWhileJoinedSaysBye()
{
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy disconnectedSpy(m_session.get(), &ChatSession::disconnected);
    // Another name on the same server: the old member leaves politely, so the others
    // see a Quit and not a lost connection.
    m_session->join(m_session->host(), m_session->port(), u"Alice_"_s);
    QTRY_COMPARE(m_session->state(), ChatSession::State::Joined);
    QCOMPARE(m_session->nickname(), u"Alice_"_s);
    QTRY_COMPARE(m_server->receivedOf<Bye>().size(), 1);
    QTRY_COMPARE(m_server->disconnects(), 1);
    QCOMPARE(m_server->connections(), 2);
    QCOMPARE(m_server->receivedOf<Hello>().size(), 2);
    QCOMPARE(m_session->members(), (QStringList {u"Zed"_s, u"Alice_"_s}));
    QCOMPARE(disconnectedSpy.count(), 0);
}

void tst_ChatSession::leaveSendsBye()
{
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy disconnectedSpy(m_session.get(), &ChatSession::disconnected);
    m_session->leave();
    QCOMPARE(m_session->state(), ChatSession::State::Disconnected);
    QCOMPARE(m_session->endReason(), ChatSession::EndReason::UserQuit);
    QCOMPARE(disconnectedSpy.count(), 1);
    QCOMPARE(disconnectedSpy.at(0).at(0).value<ChatSession::EndReason>(),
             ChatSession::EndReason::UserQuit);
    QTRY_COMPARE(m_server->receivedOf<Bye>().size(), 1);
    QTRY_COMPARE(m_server->disconnects(), 1);
    QVERIFY(m_server->received().constLast().index() == Message(Bye {}).index());

    QTest::qWait(200); // many reconnect delays: no reconnect after a quit
    QCOMPARE(m_server->connections(), 1);
}

void tst_ChatSession::destructorSaysBye()
{
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    m_session.reset();
    QTRY_COMPARE(m_server->receivedOf<Bye>().size(), 1);
    QTRY_COMPARE(m_server->disconnects(), 1);
}

void tst_ChatSession::connectionRefused()
{
    const quint16 port = m_server->port();
    m_server->close(); // nothing listens there now
    QSignalSpy failedSpy(m_session.get(), &ChatSession::connectionFailed);
    QSignalSpy reconnectSpy(m_session.get(), &ChatSession::reconnectScheduled);
    m_session->join(u"127.0.0.1"_s, port, u"Alice"_s);
    QCOMPARE(m_session->state(), ChatSession::State::Connecting);
    QVERIFY(failedSpy.wait());
    QCOMPARE(failedSpy.at(0).at(0).value<QAbstractSocket::SocketError>(),
             QAbstractSocket::ConnectionRefusedError);
    QVERIFY(!failedSpy.at(0).at(1).toString().isEmpty());
    QCOMPARE(m_session->state(), ChatSession::State::Disconnected);
    QCOMPARE(m_session->endReason(), ChatSession::EndReason::ConnectFailed);
    QCOMPARE(reconnectSpy.count(), 0);
}

void tst_ChatSession::badFrameCloses_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("zero length") << QByteArray::fromHex("00000000");
    QTest::newRow("too large") << QByteArray::fromHex("00010001");
    // A Chat whose text length runs past the end of the payload.
    QTest::newRow("malformed") << QByteArray::fromHex("0000000b"
                                                      "45"
                                                      "0000000000000001"
                                                      "00ff");
}

void tst_ChatSession::badFrameCloses()
{
    QFETCH(QByteArray, bytes);
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy disconnectedSpy(m_session.get(), &ChatSession::disconnected);
    m_server->sendRaw(bytes);
    QVERIFY(disconnectedSpy.wait());
    QCOMPARE(disconnectedSpy.at(0).at(0).value<ChatSession::EndReason>(),
             ChatSession::EndReason::ProtocolError);
    QTRY_COMPARE(m_server->disconnects(), 1); // the client closed
    // Then it comes back as after a lost connection.
    QTRY_COMPARE(m_session->state(), ChatSession::State::Joined);
    QCOMPARE(m_server->connections(), 2);
}

void tst_ChatSession::eventsAreBounded()
{
    ChatSession::Timing timing = fastTiming();
    timing.maxEvents = 3;
    m_session->setTiming(timing);
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    for (quint64 seq = 6; seq < 11; ++seq)
        m_server->send(Chat {seq, 0, u"Zed"_s, QString::number(seq)});
    QTRY_COMPARE(m_session->events().constLast().seq, quint64(10));
    const QList<RoomEvent> events = m_session->events();
    QCOMPARE(events.size(), 3);
    QCOMPARE(events.at(0).seq, quint64(8));
    QCOMPARE(events.at(1).seq, quint64(9));
}

namespace {

QByteArray frame(const Message &message)
{
    return MessageCodec::encodeFrame(message, Layout::V1_1);
}

// History events are whole 1.1 payloads.
QList<QByteArray> chats(quint64 firstSeq, int count)
{
    QList<QByteArray> events;
    for (int i = 0; i < count; ++i)
        events.append(MessageCodec::encode(
            Chat {firstSeq + quint64(i), 1000, u"Zed"_s, u"earlier"_s}, Layout::V1_1));
    return events;
}

QStringList names(int count, int first = 0)
{
    QStringList result;
    for (int i = first; i < first + count; ++i)
        result.append(u"m%1"_s.arg(i));
    return result;
}

} // namespace

void tst_ChatSession::joinV11Then(const QByteArray &frames)
{
    m_server->setHelloHandler([this, frames](const Hello &hello) {
        m_server->welcomeV11(hello.nickname, QByteArray(24, 'k'), 60'000, 100);
        m_server->sendRaw(frames);
    });
    joinAs(u"Alice"_s);
}

void tst_ChatSession::verifyRefused(const QSignalSpy &disconnectedSpy)
{
    QCOMPARE(disconnectedSpy.count(), 1);
    QCOMPARE(disconnectedSpy.at(0).at(0).value<ChatSession::EndReason>(),
             ChatSession::EndReason::LimitExceeded);
    QCOMPARE(m_session->endReason(), ChatSession::EndReason::LimitExceeded);
    // Asking again would get the same: no reconnect, even after having been joined.
    QCOMPARE(m_session->state(), ChatSession::State::Disconnected);
    QVERIFY(m_session->members().isEmpty());
    QTRY_COMPARE(m_server->disconnects(), 1);
    QCOMPARE(m_server->connections(), 1);
}

void tst_ChatSession::memberListBounded_data()
{
    QTest::addColumn<int>("maxMembers"); // 0: the default
    QTest::addColumn<quint32>("memberCount");
    QTest::addColumn<int>("namesPerFrame");

    // A hostile server's Welcome and a Members stream that never ends: the client took
    // them all, 3 GB in 20 s. Nobody's room is that large: refused at the Welcome.
    QTest::newRow("four billion announced") << 0 << 0xFFFFFFFFu << 1000;
    QTest::newRow("one more than the room limit") << 50 << 51u << 10;
    // The Members frames list memberCount names in all; the names beyond are refused.
    QTest::newRow("the room limit, then more") << 50 << 50u << 20;
    QTest::newRow("more names than announced") << 0 << 10u << 3;
}

void tst_ChatSession::memberListBounded()
{
    QFETCH(int, maxMembers);
    QFETCH(quint32, memberCount);
    QFETCH(int, namesPerFrame);
    if (maxMembers > 0)
        m_session->setMaxMembers(maxMembers);
    m_server->setHelloHandler([&](const Hello &hello) {
        m_server->send(Welcome {hello.nickname, u"Lobby"_s, 5, memberCount});
        m_server->flood(frame(Members {names(namesPerFrame)}));
    });
    QSignalSpy joinedSpy(m_session.get(), &ChatSession::joined);
    QSignalSpy disconnectedSpy(m_session.get(), &ChatSession::disconnected);
    m_session->join(u"127.0.0.1"_s, m_server->port(), u"Alice"_s);
    QTRY_COMPARE(disconnectedSpy.count(), 1);
    m_server->stopFlood();
    verifyRefused(disconnectedSpy);
    // The stream would have gone on for ever: the session stopped taking it.
    QCOMPARE(joinedSpy.count(), 0);
}

void tst_ChatSession::joinedPastRoomLimit()
{
    m_session->setMaxMembers(3);
    joinAs(u"Alice"_s); // Zed and Alice
    if (QTest::currentTestFailed())
        return;
    QSignalSpy disconnectedSpy(m_session.get(), &ChatSession::disconnected);
    m_server->send(Joined {6, 1000, u"Bob"_s});
    m_server->send(Joined {7, 1000, u"bob"_s}); // the same member: no growth
    m_server->send(Chat {8, 1000, u"Bob"_s, u"hi"_s});
    QTRY_COMPARE(m_session->events().size(), 4);
    QCOMPARE(m_session->members(), (QStringList {u"Zed"_s, u"Alice"_s, u"Bob"_s}));
    QCOMPARE(disconnectedSpy.count(), 0);
    // A rename makes no room larger.
    m_server->send(Left {9, 1000, u"Bob"_s, LeaveReason::Renamed}, Layout::V1_1);
    m_server->send(Joined {10, 1000, u"Bobby"_s, u"Bob"_s}, Layout::V1_1);
    QTRY_COMPARE(m_session->members(), (QStringList {u"Zed"_s, u"Alice"_s, u"Bobby"_s}));

    m_server->send(Joined {11, 1000, u"Carl"_s});
    QTRY_COMPARE(disconnectedSpy.count(), 1);
    verifyRefused(disconnectedSpy);
    QCOMPARE(m_session->events().constLast().nickname, u"Bobby"_s); // Carl never shown
}

void tst_ChatSession::namesAndTextsBounded_data()
{
    QTest::addColumn<QByteArray>("frames");
    QTest::addColumn<bool>("refused");

    const QString longName(Nickname::MaxLength + 1, u'n');
    const QString longText(ChatText::MaxLength + 1, u't');
    const QString name(Nickname::MaxLength, u'n');
    const QString text(ChatText::MaxLength, u't');
    QTest::newRow("longest name and text") << frame(Joined {101, 0, name})
            + frame(Chat {102, 0, name, text}) + frame(Broadcast {103, 0, text})
                                           << false;
    QTest::newRow("Chat text") << frame(Chat {101, 0, u"Zed"_s, longText}) << true;
    QTest::newRow("Chat from") << frame(Chat {101, 0, longName, u"hi"_s}) << true;
    QTest::newRow("Broadcast text") << frame(Broadcast {101, 0, longText}) << true;
    QTest::newRow("Joined name") << frame(Joined {101, 0, longName}) << true;
    QTest::newRow("Joined former name") << frame(Joined {101, 0, u"Bob"_s, longName}) << true;
    QTest::newRow("Left name") << frame(Left {101, 0, longName}) << true;
    QTest::newRow("history text") << frame(
        History {Protocol::HistoryReply,
                 {MessageCodec::encode(Chat {99, 0, u"Zed"_s, longText}, Layout::V1_1)}})
                                  << true;
}

void tst_ChatSession::namesAndTextsBounded()
{
    QFETCH(QByteArray, frames);
    QFETCH(bool, refused);
    m_session->setHistoryMax(0);
    joinV11Then({});
    if (QTest::currentTestFailed())
        return;
    QSignalSpy disconnectedSpy(m_session.get(), &ChatSession::disconnected);
    QVERIFY(m_session->requestOlderHistory(5)); // so a History reply is one we asked for
    m_server->sendRaw(frames);
    m_server->send(Chat {200, 0, u"Zed"_s, u"after"_s});
    if (!refused) {
        QTRY_COMPARE(m_session->events().constLast().text, u"after"_s);
        QCOMPARE(m_session->events().size(), 5);
        QCOMPARE(disconnectedSpy.count(), 0);
        return;
    }
    QTRY_COMPARE(disconnectedSpy.count(), 1);
    verifyRefused(disconnectedSpy);
    QCOMPARE(m_session->events().size(), 1); // only our own join
    QVERIFY(m_session->history().isEmpty());
}

void tst_ChatSession::joinDeadline_data()
{
    QTest::addColumn<QByteArray>("frames");
    // A server that keeps talking but never lets us in: each frame used to restart the
    // wait, so the session waited for ever.
    QTest::newRow("notices") << frame(Notice {NoticeCode::SlowDown, u"busy"_s});
    QTest::newRow("pongs") << frame(Pong {7});
    QTest::newRow("unknown types") << QByteArray::fromHex("000000027e00");
    QTest::newRow("Members without Welcome") << frame(Members {{u"Zed"_s}});
    QTest::newRow("empty Members after Welcome") << frame(Welcome {u"Alice"_s, u"Lobby"_s, 5, 2})
            + frame(Members {}) + frame(Members {}) + frame(Members {});
}

void tst_ChatSession::joinDeadline()
{
    QFETCH(QByteArray, frames);
    ChatSession::Timing timing = fastTiming();
    timing.joinTimeoutMs = 300;
    timing.pongTimeoutMs = 60000; // not the watchdog that ends it
    m_session->setTiming(timing);
    m_server->setHelloHandler([&](const Hello &) {
        // Welcome once, then the rest for ever.
        if (frames.startsWith(frame(Welcome {u"Alice"_s, u"Lobby"_s, 5, 2}))) {
            m_server->sendRaw(frame(Welcome {u"Alice"_s, u"Lobby"_s, 5, 2}));
            m_server->flood(frame(Members {}));
        } else {
            m_server->flood(frames);
        }
    });
    QSignalSpy disconnectedSpy(m_session.get(), &ChatSession::disconnected);
    QSignalSpy joinedSpy(m_session.get(), &ChatSession::joined);
    QElapsedTimer clock;
    clock.start();
    m_session->join(u"127.0.0.1"_s, m_server->port(), u"Alice"_s);
    QTRY_COMPARE(disconnectedSpy.count(), 1);
    const qint64 elapsed = clock.elapsed();
    m_server->stopFlood();
    QVERIFY2(elapsed >= 300, qPrintable(QString::number(elapsed)));
    QCOMPARE(disconnectedSpy.at(0).at(0).value<ChatSession::EndReason>(),
             ChatSession::EndReason::JoinTimedOut);
    QCOMPARE(m_session->endReason(), ChatSession::EndReason::JoinTimedOut);
    // A first join is the user's: reported, not retried.
    QCOMPARE(m_session->state(), ChatSession::State::Disconnected);
    QCOMPARE(joinedSpy.count(), 0);
    QVERIFY(m_server->floodCount() > 1); // the server kept talking all along
    QTRY_COMPARE(m_server->disconnects(), 1);
}

void tst_ChatSession::joinDeadlineWhileReconnecting()
{
    ChatSession::Timing timing = fastTiming();
    timing.joinTimeoutMs = 300;
    timing.pongTimeoutMs = 60000;
    m_session->setTiming(timing);
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    // The first Hello after the drop gets talk but no Welcome; the next one gets in.
    bool stalled = false;
    m_server->setHelloHandler([&](const Hello &hello) {
        if (std::exchange(stalled, true))
            m_server->welcome(hello.nickname);
        else
            m_server->flood(frame(Notice {NoticeCode::SlowDown, {}}));
    });
    QSignalSpy disconnectedSpy(m_session.get(), &ChatSession::disconnected);
    m_server->dropClient();
    QTRY_COMPARE(disconnectedSpy.count(), 2);
    QCOMPARE(disconnectedSpy.at(0).at(0).value<ChatSession::EndReason>(),
             ChatSession::EndReason::ConnectionLost);
    QCOMPARE(disconnectedSpy.at(1).at(0).value<ChatSession::EndReason>(),
             ChatSession::EndReason::JoinTimedOut);
    // Getting back into the room it was in: it keeps trying, as after a lost connection.
    QTRY_COMPARE(m_session->state(), ChatSession::State::Joined);
    m_server->stopFlood();
    QCOMPARE(m_server->connections(), 3);
    QCOMPARE(disconnectedSpy.count(), 2);
}

void tst_ChatSession::rejectedNameStopsTheDeadline()
{
    ChatSession::Timing timing = fastTiming();
    timing.joinTimeoutMs = 100;
    m_session->setTiming(timing);
    m_server->setHelloHandler([this](const Hello &hello) {
        if (hello.nickname == u"Alice"_s)
            m_server->send(Rejected {RejectReason::NameTaken, {}});
        else
            m_server->welcome(hello.nickname);
    });
    QSignalSpy rejectedSpy(m_session.get(), &ChatSession::rejected);
    QSignalSpy disconnectedSpy(m_session.get(), &ChatSession::disconnected);
    m_session->join(u"127.0.0.1"_s, m_server->port(), u"Alice"_s);
    QVERIFY(rejectedSpy.wait());
    // The user is choosing another name: that is nobody's deadline.
    QTest::qWait(300);
    QCOMPARE(m_session->state(), ChatSession::State::Joining);
    QCOMPARE(disconnectedSpy.count(), 0);
    m_session->join(u"127.0.0.1"_s, m_server->port(), u"Alice2"_s);
    QTRY_COMPARE(m_session->state(), ChatSession::State::Joined);
    QCOMPARE(m_server->connections(), 1);
}

void tst_ChatSession::historyBounded_data()
{
    QTest::addColumn<int>("historyMax");
    QTest::addColumn<int>("pageMax"); // 0: the frames answer the join, else a page of this
    QTest::addColumn<QByteArray>("frames");
    QTest::addColumn<bool>("flood"); // sent for ever rather than once
    QTest::addColumn<bool>("refused");

    constexpr quint8 Reply = Protocol::HistoryReply;
    constexpr quint8 More = Protocol::HistoryMore;
    QTest::newRow("join batch of historyMax")
        << 5 << 0 << frame(History {0, chats(1, 5)}) << false << false;
    QTest::newRow("join batch over historyMax")
        << 5 << 0 << frame(History {0, chats(1, 6)}) << false << true;
    QTest::newRow("join batch that never ends")
        << 5 << 0 << frame(History {More, chats(1, 2)}) << true << true;
    QTest::newRow("reply of the request")
        << 0 << 3 << frame(History {Reply, chats(1, 3)}) << false << false;
    QTest::newRow("reply over the request")
        << 0 << 3 << frame(History {Reply, chats(1, 4)}) << false << true;
    QTest::newRow("reply that never ends")
        << 0 << 3 << frame(History {Reply | More, chats(1, 1)}) << true << true;
}

void tst_ChatSession::historyBounded()
{
    QFETCH(int, historyMax);
    QFETCH(int, pageMax);
    QFETCH(QByteArray, frames);
    QFETCH(bool, flood);
    QFETCH(bool, refused);
    m_session->setHistoryMax(historyMax);
    QSignalSpy historySpy(m_session.get(), &ChatSession::historyReceived);
    QSignalSpy disconnectedSpy(m_session.get(), &ChatSession::disconnected);
    const auto send = [&] { flood ? m_server->flood(frames) : m_server->sendRaw(frames); };
    if (pageMax == 0) {
        m_server->setHelloHandler([&](const Hello &hello) {
            m_server->welcomeV11(hello.nickname, QByteArray(24, 'k'), 60'000, 100);
            send();
        });
        m_session->join(u"127.0.0.1"_s, m_server->port(), u"Alice"_s);
        QTRY_COMPARE(m_server->receivedOf<Hello>().size(), 1);
        QCOMPARE(m_server->receivedOf<Hello>().constFirst().historyMax, quint16(historyMax));
    } else {
        joinV11Then({});
        if (QTest::currentTestFailed())
            return;
        QVERIFY(m_session->requestOlderHistory(pageMax));
        send();
    }
    if (!refused) {
        QTRY_COMPARE(historySpy.count(), 1);
        QCOMPARE(disconnectedSpy.count(), 0);
        QCOMPARE(m_session->history().size(), historyMax + pageMax);
        QCOMPARE(m_session->state(), ChatSession::State::Joined);
        return;
    }
    QTRY_COMPARE(disconnectedSpy.count(), 1);
    m_server->stopFlood();
    verifyRefused(disconnectedSpy);
    QCOMPARE(historySpy.count(), 0);
    QVERIFY(m_session->history().isEmpty());
}

void tst_ChatSession::unaskedHistoryDropped()
{
    // No history asked for on joining, no page asked for: History frames are nobody's.
    m_session->setHistoryMax(0);
    joinV11Then(frame(History {0, chats(1, 3)})
                + frame(History {Protocol::HistoryReply, chats(1, 3)}));
    if (QTest::currentTestFailed())
        return;
    QSignalSpy historySpy(m_session.get(), &ChatSession::historyReceived);
    m_server->send(History {0, chats(1, 3)}, Layout::V1_1);
    m_server->send(Chat {101, 0, u"Zed"_s, u"live"_s});
    QTRY_COMPARE(m_session->events().constLast().text, u"live"_s);
    QVERIFY(m_session->history().isEmpty());
    QCOMPARE(historySpy.count(), 0);

    // The one join batch asked for is taken; a second one is not.
    m_server.reset(new FakeServer);
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    m_session = std::make_unique<ChatSession>();
    m_session->setTiming(fastTiming());
    m_session->setHistoryMax(5);
    joinV11Then(frame(History {0, chats(1, 2)}) + frame(History {0, chats(3, 2)}));
    if (QTest::currentTestFailed())
        return;
    m_server->send(Chat {101, 0, u"Zed"_s, u"live"_s});
    QTRY_COMPARE(m_session->events().constLast().text, u"live"_s);
    QCOMPARE(m_session->history().size(), 2);
    QCOMPARE(m_session->history().constFirst().seq, quint64(1));
    QCOMPARE(m_session->state(), ChatSession::State::Joined);
}

void tst_ChatSession::unknownFramesAreNoAnswer()
{
    ChatSession::Timing timing = fastTiming();
    timing.pingIdleMs = 50;
    timing.pongTimeoutMs = 200;
    timing.reconnectInitialMs = 60000; // one end to count
    timing.reconnectMaxMs = 60000;
    m_session->setTiming(timing);
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy disconnectedSpy(m_session.get(), &ChatSession::disconnected);
    // A later minor version's types are ignored, and a server sending nothing else never
    // answers the Ping: it is as silent as one that sends nothing at all.
    QTimer chatter;
    connect(&chatter, &QTimer::timeout, this,
            [this] { m_server->sendRaw(QByteArray::fromHex("000000027e00")); });
    chatter.start(20);
    QTRY_COMPARE(disconnectedSpy.count(), 1);
    chatter.stop();
    QCOMPARE(disconnectedSpy.at(0).at(0).value<ChatSession::EndReason>(),
             ChatSession::EndReason::ConnectionLost);
    QCOMPARE(m_session->state(), ChatSession::State::Reconnecting);
}

void tst_ChatSession::detailsClipped()
{
    joinAs(u"Alice"_s);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy noticeSpy(m_session.get(), &ChatSession::noticeReceived);
    // A window logs every Notice: 5000 lines of 30000 characters would be 300 MB.
    m_server->send(Notice {NoticeCode::SlowDown, QString(30000, u'd')});
    m_server->send(Notice {NoticeCode::SlowDown, u"short"_s});
    QTRY_COMPARE(noticeSpy.count(), 2);
    const QString clipped = noticeSpy.at(0).at(1).toString();
    QCOMPARE(clipped.size(), 500);
    QVERIFY(clipped.endsWith(QChar(0x2026)));
    QCOMPARE(noticeSpy.at(1).at(1).toString(), u"short"_s);
    QCOMPARE(m_session->state(), ChatSession::State::Joined);
}

namespace {
// Unique per test run, so parallel runs and a stale socket file never meet.
QString localName()
{
    return u"chatroom-tst-chatsession-%1"_s.arg(QCoreApplication::applicationPid());
}
} // namespace

void tst_ChatSession::localSocketJoinSayReceive()
{
    FakeServer local;
    QVERIFY2(local.listenLocal(localName()), qPrintable(local.errorString()));
    QSignalSpy eventSpy(m_session.get(), &ChatSession::eventAdded);
    QSignalSpy deliveredSpy(m_session.get(), &ChatSession::sayDelivered);
    m_session->join(ServerAddress {ServerAddress::Transport::Local, localName(), 0}, u"Ann"_s);
    QTRY_COMPARE(m_session->state(), ChatSession::State::Joined);
    QCOMPARE(m_session->members(), (QStringList {u"Zed"_s, u"Ann"_s}));
    QCOMPARE(m_session->address().display(), u"local:"_s + localName());
    QVERIFY(!m_session->isEncrypted());
    QCOMPARE(m_server->connections(), 0); // nothing went over TCP

    QVERIFY(m_session->say(u"你好, local"_s));
    QTRY_COMPARE(local.receivedOf<Say>().size(), 1);
    const Say said = local.receivedOf<Say>().constFirst();
    QCOMPARE(said.text, u"你好, local"_s);
    local.send(Chat {6, 1000, u"Ann"_s, said.text, said.clientId}, Layout::V1_1);
    local.send(Chat {7, 1001, u"Zed"_s, u"hi Ann"_s});
    QTRY_COMPARE(deliveredSpy.size(), 1);
    QTRY_VERIFY(!eventSpy.isEmpty() && eventSpy.constLast().at(0).value<RoomEvent>().seq == 7);
    const RoomEvent heard = eventSpy.constLast().at(0).value<RoomEvent>();
    QCOMPARE(heard.nickname, u"Zed"_s);
    QCOMPARE(heard.text, u"hi Ann"_s);

    // Leaving says Bye over the same socket.
    m_session->leave();
    QTRY_COMPARE(local.receivedOf<Bye>().size(), 1);
}

void tst_ChatSession::localSocketReconnectsAfterDrop()
{
    FakeServer local;
    QVERIFY2(local.listenLocal(localName()), qPrintable(local.errorString()));
    m_session->join(ServerAddress {ServerAddress::Transport::Local, localName(), 0}, u"Ann"_s);
    QTRY_COMPARE(m_session->state(), ChatSession::State::Joined);
    QSignalSpy disconnectedSpy(m_session.get(), &ChatSession::disconnected);
    QSignalSpy joinedSpy(m_session.get(), &ChatSession::joined);
    local.dropClient();
    QVERIFY(disconnectedSpy.wait());
    QCOMPARE(disconnectedSpy.at(0).at(0).value<ChatSession::EndReason>(),
             ChatSession::EndReason::ConnectionLost);
    QCOMPARE(m_session->state(), ChatSession::State::Reconnecting);
    QVERIFY(joinedSpy.wait());
    QCOMPARE(local.connections(), 2);
    QCOMPARE(local.receivedOf<Hello>().size(), 2);
    QCOMPARE(m_session->state(), ChatSession::State::Joined);
}

void tst_ChatSession::localServerMissingFails()
{
    QSignalSpy failedSpy(m_session.get(), &ChatSession::connectionFailed);
    m_session->join(ServerAddress {ServerAddress::Transport::Local, localName() + u"-none"_s, 0},
                    u"Ann"_s);
    QTRY_COMPARE(failedSpy.size(), 1);
    QCOMPARE(m_session->state(), ChatSession::State::Disconnected);
    QCOMPARE(m_session->endReason(), ChatSession::EndReason::ConnectFailed);
}

QTEST_MAIN(tst_ChatSession)
#include "tst_chatsession.moc"
