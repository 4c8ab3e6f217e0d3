#include "room.h"

#include "protocol/messagecodec.h"

#include <QTest>

using Protocol::LeaveReason;
using Protocol::RejectReason;

Q_DECLARE_METATYPE(LeaveReason)
Q_DECLARE_METATYPE(RejectReason)

// The room without sockets: docs/protocol.md, "Room semantics" and "Names and text".
class tst_Room : public QObject
{
    Q_OBJECT

private slots:
    void eventsTakeConsecutiveSeq();
    void joinEventIsTheWelcomeSeq();
    void eventsCarryTheClock();
    void acceptedNameIsTrimmed();
    void rejectedNames_data();
    void rejectedNames();
    void rejectionTakesNoSeq();
    void leaveReasons_data();
    void leaveReasons();
    void leaveOfNonMemberIsNothing();
    void kick();
    void nameIsFreeAgainAfterLeaving();
    void roomFull();
    void membersInJoinOrder();
    void appliedRenameKeepsTheJoinTime();
    void sayText_data();
    void sayText();
    void sayFromNonMember();
    void broadcast();
    void memberSlices_data();
    void memberSlices();

private:
    qint64 m_now = 1'700'000'000'000;
    Room::Clock clock()
    {
        return [this] { return m_now; };
    }
};

void tst_Room::eventsTakeConsecutiveSeq()
{
    Room room(10, clock());
    QCOMPARE(room.lastSeq(), 0u);
    QCOMPARE(room.join(u"Alice"_qs).event.seq, 1u);
    QCOMPARE(room.join(u"Bob"_qs).event.seq, 2u);
    const auto chat = room.say(u"Alice"_qs, u"hi"_qs);
    QVERIFY(std::holds_alternative<Protocol::Chat>(chat));
    QCOMPARE(std::get<Protocol::Chat>(chat).seq, 3u);
    QCOMPARE(room.broadcast(u"hello all"_qs)->seq, 4u);
    QCOMPARE(room.leave(u"Bob"_qs, LeaveReason::Quit)->seq, 5u);
    QCOMPARE(room.kick(u"Alice"_qs)->seq, 6u);
    QCOMPARE(room.lastSeq(), 6u);
}

void tst_Room::joinEventIsTheWelcomeSeq()
{
    Room room(10, clock());
    room.join(u"Alice"_qs);
    room.say(u"Alice"_qs, u"one"_qs);
    const Room::JoinResult bob = room.join(u"Bob"_qs);
    QVERIFY(bob.accepted());
    // The seq the server puts in Welcome is the member's own join event.
    QCOMPARE(bob.event.seq, room.lastSeq());
    QCOMPARE(bob.event.seq, 3u);
    QCOMPARE(room.member(u"Bob"_qs)->joinSeq, 3u);
}

void tst_Room::eventsCarryTheClock()
{
    Room room(10, clock());
    m_now = 1000;
    QCOMPARE(room.join(u"Alice"_qs).event.atMs, 1000);
    m_now = 2000;
    QCOMPARE(std::get<Protocol::Chat>(room.say(u"Alice"_qs, u"x"_qs)).atMs, 2000);
    m_now = 3000;
    QCOMPARE(room.broadcast(u"y"_qs)->atMs, 3000);
    m_now = 4000;
    QCOMPARE(room.leave(u"Alice"_qs, LeaveReason::Quit)->atMs, 4000);
    QCOMPARE(room.member(u"Alice"_qs), nullptr);
}

void tst_Room::acceptedNameIsTrimmed()
{
    Room room(10, clock());
    const Room::JoinResult result = room.join(u"  张三 \t"_qs);
    QVERIFY(result.accepted());
    QCOMPARE(result.event.nickname, u"张三"_qs);
    QVERIFY(room.contains(u"张三"_qs));
}

void tst_Room::rejectedNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<RejectReason>("reason");

    QTest::newRow("taken, same") << u"Alice"_qs << RejectReason::NameTaken;
    QTest::newRow("taken, case") << u"alice"_qs << RejectReason::NameTaken;
    QTest::newRow("taken, upper") << u"ALICE"_qs << RejectReason::NameTaken;
    QTest::newRow("taken, full-width") << u"Ａｌｉｃｅ"_qs << RejectReason::NameTaken;
    QTest::newRow("taken, spaces") << u"  Alice "_qs << RejectReason::NameTaken;
    QTest::newRow("taken, cjk") << u"张三"_qs << RejectReason::NameTaken;
    QTest::newRow("taken, look-alike") << u"A1ice"_qs << RejectReason::NameTaken;
    QTest::newRow("taken, Lisu look-alike") << u"\ua4ee\ua4e1ice"_qs << RejectReason::NameTaken;
    QTest::newRow("invisible") << u"\u3164"_qs << RejectReason::NameInvalid;
    QTest::newRow("braille blank") << u"Alice\u2800"_qs << RejectReason::NameInvalid;
    QTest::newRow("mixed script") << u"\u0410lice"_qs << RejectReason::NameInvalid;
    QTest::newRow("line separator") << u"x\u2028y"_qs << RejectReason::NameInvalid;
    QTest::newRow("empty") << QString() << RejectReason::NameInvalid;
    QTest::newRow("blank") << u"   "_qs << RejectReason::NameInvalid;
    QTest::newRow("25 chars") << QString(25, u'x') << RejectReason::NameInvalid;
    QTest::newRow("zero width") << u"a\u200Bb"_qs << RejectReason::NameInvalid;
    QTest::newRow("bidi mark") << u"a\u202Eb"_qs << RejectReason::NameInvalid;
    QTest::newRow("control") << u"a\u0007b"_qs << RejectReason::NameInvalid;
    QTest::newRow("newline") << u"a\nb"_qs << RejectReason::NameInvalid;
    QTest::newRow("admin") << u"admin"_qs << RejectReason::NameReserved;
    QTest::newRow("Admin") << u"Admin"_qs << RejectReason::NameReserved;
    QTest::newRow("ＡＤＭＩＮ") << u"ＡＤＭＩＮ"_qs << RejectReason::NameReserved;
    QTest::newRow("administrator") << u"Administrator"_qs << RejectReason::NameReserved;
    QTest::newRow("server") << u" server "_qs << RejectReason::NameReserved;
    QTest::newRow("system") << u"SYSTEM"_qs << RejectReason::NameReserved;
    QTest::newRow("管理员") << u"管理员"_qs << RejectReason::NameReserved;
    QTest::newRow("系统") << u"系统"_qs << RejectReason::NameReserved;
    QTest::newRow("Admin says") << u"Admin says"_qs << RejectReason::NameReserved;
    QTest::newRow("管理员说") << u"管理员说"_qs << RejectReason::NameReserved;
    QTest::newRow("Lisu ADMIN") << u"\ua4ee\ua4d3\ua4df\ua4f2\ua4e0"_qs
                                << RejectReason::NameReserved;
}

void tst_Room::rejectedNames()
{
    QFETCH(QString, name);
    QFETCH(RejectReason, reason);

    Room room(10, clock());
    QVERIFY(room.join(u"Alice"_qs).accepted());
    QVERIFY(room.join(u"张三"_qs).accepted());
    const Room::JoinResult result = room.join(name);
    QVERIFY(!result.accepted());
    QCOMPARE(*result.rejection, reason);
    QCOMPARE(room.memberCount(), 2);
}

void tst_Room::rejectionTakesNoSeq()
{
    Room room(10, clock());
    room.join(u"Alice"_qs);
    QVERIFY(!room.join(u"alice"_qs).accepted());
    QVERIFY(!room.join(u"admin"_qs).accepted());
    QCOMPARE(room.lastSeq(), 1u);
    QCOMPARE(room.join(u"Bob"_qs).event.seq, 2u);
}

void tst_Room::leaveReasons_data()
{
    QTest::addColumn<LeaveReason>("reason");
    QTest::newRow("Quit") << LeaveReason::Quit;
    QTest::newRow("ConnectionLost") << LeaveReason::ConnectionLost;
    QTest::newRow("Kicked") << LeaveReason::Kicked;
    QTest::newRow("TimedOut") << LeaveReason::TimedOut;
    QTest::newRow("TooSlow") << LeaveReason::TooSlow;
    QTest::newRow("ProtocolError") << LeaveReason::ProtocolError;
    QTest::newRow("Flooding") << LeaveReason::Flooding;
}

void tst_Room::leaveReasons()
{
    QFETCH(LeaveReason, reason);
    Room room(10, clock());
    room.join(u"Alice"_qs);
    room.join(u"Bob"_qs);
    m_now += 5;
    // Any spelling of the name finds the member; the event carries the accepted one.
    const std::optional<Protocol::Left> left = room.leave(u"ＢＯＢ"_qs, reason);
    QVERIFY(left);
    QCOMPARE(*left, (Protocol::Left {3, m_now, u"Bob"_qs, reason}));
    QCOMPARE(room.memberNames(), QStringList {u"Alice"_qs});
    // Exactly one Left: a second leave finds nobody.
    QVERIFY(!room.leave(u"Bob"_qs, reason));
    QCOMPARE(room.lastSeq(), 3u);
}

void tst_Room::leaveOfNonMemberIsNothing()
{
    Room room(10, clock());
    QVERIFY(!room.leave(u"ghost"_qs, LeaveReason::Quit));
    QVERIFY(!room.kick(u"ghost"_qs));
    QCOMPARE(room.lastSeq(), 0u);
}

void tst_Room::kick()
{
    Room room(10, clock());
    room.join(u"Alice"_qs);
    room.join(u"Bob"_qs);
    const std::optional<Protocol::Left> left = room.kick(u"alice"_qs);
    QVERIFY(left);
    QCOMPARE(left->nickname, u"Alice"_qs);
    QCOMPARE(left->reason, LeaveReason::Kicked);
    QCOMPARE(room.memberCount(), 1);
}

void tst_Room::nameIsFreeAgainAfterLeaving()
{
    Room room(10, clock());
    room.join(u"Alice"_qs);
    room.leave(u"Alice"_qs, LeaveReason::Quit);
    const Room::JoinResult again = room.join(u"ALICE"_qs);
    QVERIFY(again.accepted());
    QCOMPARE(again.event.nickname, u"ALICE"_qs);
}

void tst_Room::roomFull()
{
    Room room(2, clock());
    QVERIFY(room.join(u"a"_qs).accepted());
    QVERIFY(room.join(u"b"_qs).accepted());
    const Room::JoinResult full = room.join(u"c"_qs);
    QVERIFY(!full.accepted());
    QCOMPARE(*full.rejection, RejectReason::RoomFull);
    // A bad name is told as such even in a full room.
    QCOMPARE(*room.join(u"A"_qs).rejection, RejectReason::NameTaken);
    room.leave(u"a"_qs, LeaveReason::Quit);
    QVERIFY(room.join(u"c"_qs).accepted());
}

void tst_Room::membersInJoinOrder()
{
    Room room(10, clock());
    for (const QString &name : {u"d"_qs, u"b"_qs, u"c"_qs, u"a"_qs})
        room.join(name);
    room.leave(u"b"_qs, LeaveReason::Quit);
    room.join(u"b"_qs);
    QCOMPARE(room.memberNames(), (QStringList {u"d"_qs, u"c"_qs, u"a"_qs, u"b"_qs}));
    const QList<Room::Member> members = room.members();
    QCOMPARE(members.size(), 4);
    QCOMPARE(members.last().name, u"b"_qs);
    QCOMPARE(members.last().joinSeq, 6u);
}

void tst_Room::appliedRenameKeepsTheJoinTime()
{
    // A shared room's rename is read as two events: the member moves to the end of the
    // list under its new name, with the time it joined, not the time it renamed.
    Room room(10);
    room.applyJoined({1, 1000, u"Bob"_qs, {}});
    room.applyJoined({2, 2000, u"Alice"_qs, {}});
    room.applyLeft({3, 5000, u"Bob"_qs, LeaveReason::Renamed});
    room.applyJoined({4, 5000, u"Robert"_qs, u"Bob"_qs});
    QCOMPARE(room.memberNames(), (QStringList {u"Alice"_qs, u"Robert"_qs}));
    QCOMPARE(room.member(u"Robert"_qs)->joinedAtMs, 1000);
    QCOMPARE(room.member(u"Robert"_qs)->joinSeq, 4u);
    // A plain leave and join is a new member: its own join time.
    room.applyLeft({5, 6000, u"Alice"_qs, LeaveReason::Quit});
    room.applyJoined({6, 7000, u"Alice"_qs, {}});
    QCOMPARE(room.member(u"Alice"_qs)->joinedAtMs, 7000);
    // A Joined that is no rename takes nothing from a rename's Left before it.
    room.applyLeft({7, 8000, u"Robert"_qs, LeaveReason::Renamed});
    room.applyJoined({8, 9000, u"Carol"_qs, {}});
    QCOMPARE(room.member(u"Carol"_qs)->joinedAtMs, 9000);
}

void tst_Room::sayText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("sent");
    QTest::addColumn<int>("error");

    QTest::newRow("plain") << u"你好"_qs << true << u"你好"_qs << 0;
    QTest::newRow("line breaks kept") << u"a\nb\tc"_qs << true << u"a\nb\tc"_qs << 0;
    QTest::newRow("controls removed") << u"a\u0007b\u200Bc"_qs << true << u"abc"_qs << 0;
    QTest::newRow("2000") << QString(2000, u'x') << true << QString(2000, u'x') << 0;
    QTest::newRow("empty") << QString() << false << QString() << int(Room::SayError::TextEmpty);
    QTest::newRow("blank") << u" \n\t "_qs << false << QString() << int(Room::SayError::TextEmpty);
    QTest::newRow("only controls")
        << u"\u200B\u0007"_qs << false << QString() << int(Room::SayError::TextEmpty);
    QTest::newRow("2001") << QString(2001, u'x') << false << QString()
                          << int(Room::SayError::TextTooLong);
}

void tst_Room::sayText()
{
    QFETCH(QString, text);
    QFETCH(bool, accepted);
    QFETCH(QString, sent);
    QFETCH(int, error);

    Room room(10, clock());
    room.join(u"Alice"_qs);
    const Room::SayResult result = room.say(u"alice"_qs, text);
    if (accepted) {
        const auto *chat = std::get_if<Protocol::Chat>(&result);
        QVERIFY(chat);
        QCOMPARE(chat->from, u"Alice"_qs); // the room's spelling, not the caller's
        QCOMPARE(chat->text, sent);
        QCOMPARE(room.lastSeq(), 2u);
    } else {
        QCOMPARE(int(std::get<Room::SayError>(result)), error);
        QCOMPARE(room.lastSeq(), 1u);
    }
}

void tst_Room::sayFromNonMember()
{
    Room room(10, clock());
    const Room::SayResult result = room.say(u"ghost"_qs, u"boo"_qs);
    QCOMPARE(std::get<Room::SayError>(result), Room::SayError::NotMember);
    QCOMPARE(room.lastSeq(), 0u);
}

void tst_Room::broadcast()
{
    Room room(10, clock());
    const auto event = room.broadcast(u"maintenance at 10\u200B"_qs);
    QVERIFY(event);
    QCOMPARE(event->text, u"maintenance at 10"_qs);
    QCOMPARE(event->seq, 1u);
    QVERIFY(!room.broadcast(u"  "_qs));
    QVERIFY(!room.broadcast(QString(2001, u'x')));
    QCOMPARE(room.lastSeq(), 1u);
}

void tst_Room::memberSlices_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("nameLength");
    QTest::addColumn<int>("maxFrame");
    QTest::addColumn<int>("minSlices");

    QTest::newRow("one") << 1 << 5 << 65536 << 1;
    QTest::newRow("1500 x 24") << 1500 << 24 << 65536 << 2;
    QTest::newRow("10000 x 24") << 10000 << 24 << 65536 << 8;
    QTest::newRow("exact fit") << 1260 << 24 << 1 + 4 + 1260 * 52 << 1;
    QTest::newRow("one over") << 1261 << 24 << 1 + 4 + 1260 * 52 << 2;
    QTest::newRow("small frames") << 300 << 24 << 1000 << 16;
}

void tst_Room::memberSlices()
{
    QFETCH(int, count);
    QFETCH(int, nameLength);
    QFETCH(int, maxFrame);
    QFETCH(int, minSlices);

    Room room(20'000, clock());
    for (int i = 0; i < count; ++i) {
        QString name = QString::number(i).rightJustified(nameLength, u'n');
        QVERIFY(room.join(name).accepted());
    }
    const QList<QStringList> slices = room.memberSlices(quint32(maxFrame));
    QCOMPARE(slices.size(), minSlices);
    QStringList all;
    for (const QStringList &slice : slices) {
        QVERIFY(!slice.isEmpty());
        const QByteArray payload = Protocol::MessageCodec::encode(Protocol::Members {slice});
        QCOMPARE(payload.size(), Room::membersPayloadSize(slice));
        QVERIFY2(payload.size() <= maxFrame, QByteArray::number(payload.size()));
        all += slice;
    }
    QCOMPARE(all, room.memberNames());
}

QTEST_MAIN(tst_Room)
#include "tst_room.moc"
