// The room's order in a real redis-server (RedisRoomStream): one seq for every server,
// every event read back by every server in that order, and what happens when Redis goes
// away and comes back, with or without its data.
#include "protocol/messagecodec.h"
#include "redisroomstream.h"
#include "redisserver.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using Protocol::MessageCodec;
using namespace std::chrono_literals;

namespace {

QByteArray chatPayload(const QString &from, const QString &text)
{
    // seq 0: the script writes the one it takes.
    return MessageCodec::encode(Protocol::Chat {0, 1'700'000'000'000, from, text, 0},
                                Protocol::Layout::V1_1);
}

// Everything one stream has read, in the order it was read.
class Reader final
{
public:
    explicit Reader(RedisRoomStream *stream)
    {
        QObject::connect(stream, &RedisRoomStream::eventsRead, stream,
                         [this](const QList<SharedRoom::ReadEvent> &read) {
                             for (const SharedRoom::ReadEvent &event : read) {
                                 events.append(event.record);
                                 own.append(event.own);
                             }
                         });
        QObject::connect(stream, &RedisRoomStream::gap, stream,
                         [this](quint64 after, quint64 next) {
                             gaps.append({after, next});
                         });
    }
    QList<quint64> seqs() const
    {
        QList<quint64> result;
        for (const RoomLog::Event &event : events)
            result.append(event.seq);
        return result;
    }
    QStringList texts() const
    {
        QStringList result;
        for (const RoomLog::Event &event : events)
            result.append(event.text);
        return result;
    }
    QList<RoomLog::Event> events;
    QList<bool> own; // added by the stream that read it
    QList<std::pair<quint64, quint64>> gaps;
};

QList<quint64> range(quint64 first, quint64 last)
{
    QList<quint64> result;
    for (quint64 seq = first; seq <= last; ++seq)
        result.append(seq);
    return result;
}

} // namespace

class tst_RedisRoomStream : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void appendedEventsAreReadBackInOrder();
    void twoServersShareOneOrder();
    void aLateServerReadsFromWhereItIsTold();
    void refusedWhileRedisIsDownAndCarriesOnAfter();
    void aRedisThatLostItsDataIsAnotherEpoch();
    void anotherEpochIsRefused();
    void aNameClaimedOnOneServerIsTakenOnTheOther();
    void aRenameIsTwoEventsWithNothingBetween();
    void aLateServerSeesWhoIsInTheRoom();
    void aLateServerBackfillsTheNewestEvents_data();
    void aLateServerBackfillsTheNewestEvents();
    void theBackfillSkipsWhatIsNotARoomEventAndWhatIsTrimmed();
    void aReaderThatReconnectsAloneReadsOn();

private:
    struct Result
    {
        quint64 seq = 0;
        RedisRoomStream::AppendError error = RedisRoomStream::AppendError::None;
    };
    static Result appendAll(RedisRoomStream *stream, const QList<RedisRoomStream::Append> &events);
    std::unique_ptr<RedisRoomStream> startStream(quint64 afterSeq = 0,
                                                 const RedisRoomStream::Options &options = {});
    // A command on a connection of its own, as an administrator would type it; its
    // reply, or nullopt when it failed.
    std::optional<RedisReply> redisCommand(const QByteArrayList &args);
    // Appends and waits for the seq (0 when refused).
    quint64 append(RedisRoomStream *stream, const QString &text, QString *error = nullptr);

    std::unique_ptr<RedisServer> m_redis;
};

void tst_RedisRoomStream::init()
{
    m_redis = std::make_unique<RedisServer>();
    QVERIFY2(m_redis->start(), qPrintable(m_redis->errorString()));
}

void tst_RedisRoomStream::cleanup()
{
    m_redis.reset();
}

std::unique_ptr<RedisRoomStream>
tst_RedisRoomStream::startStream(quint64 afterSeq, const RedisRoomStream::Options &options)
{
    auto stream = std::make_unique<RedisRoomStream>(m_redis->address(u"test"_s), options);
    stream->setReconnectDelays(10ms, 50ms);
    QSignalSpy ready(stream.get(), &RedisRoomStream::ready);
    stream->start(afterSeq);
    if (!ready.wait(10'000))
        qWarning("not ready: %s", qPrintable(stream->errorString()));
    return stream;
}

quint64 tst_RedisRoomStream::append(RedisRoomStream *stream, const QString &text, QString *error)
{
    std::optional<quint64> result;
    bool answered = false;
    stream->append(
        chatPayload(u"阿明"_s, text), stream,
        [&](std::optional<quint64> seq, RedisRoomStream::AppendError, const QString &why) {
            answered = true;
            result = seq;
            if (error)
                *error = why;
        });
    if (!QTest::qWaitFor([&] { return answered; }, 10'000))
        return 0;
    return result.value_or(0);
}

std::optional<RedisReply> tst_RedisRoomStream::redisCommand(const QByteArrayList &args)
{
    RedisConnection admin(m_redis->address());
    admin.open();
    std::optional<RedisReply> reply;
    admin.command(args, &admin, [&](const RedisReply &answer) { reply = answer; });
    if (!QTest::qWaitFor([&] { return reply.has_value(); }, 10'000) || reply->isError()) {
        qWarning("%s: %s", args.join(' ').constData(),
                 reply ? qPrintable(reply->errorText()) : "no answer");
        return std::nullopt;
    }
    return reply;
}

void tst_RedisRoomStream::appendedEventsAreReadBackInOrder()
{
    auto stream = startStream();
    QVERIFY(stream->isReady());
    QCOMPARE(stream->epoch().size(), 32);
    Reader reader(stream.get());
    QCOMPARE(append(stream.get(), u"一"_s), 1u);
    QCOMPARE(append(stream.get(), u"two"_s), 2u);
    QCOMPARE(append(stream.get(), u"😀 3"_s), 3u);
    QTRY_COMPARE(reader.seqs(), range(1, 3));
    QCOMPARE(reader.texts(), QStringList({u"一"_s, u"two"_s, u"😀 3"_s}));
    // What is read is the event as members get it live: the seq is in the payload.
    const Protocol::DecodeResult decoded =
        MessageCodec::decode(reader.events.at(1).payload, Protocol::Layout::V1_1);
    QVERIFY(decoded.isOk());
    const auto *chat = std::get_if<Protocol::Chat>(&decoded.message);
    QVERIFY(chat);
    QCOMPARE(chat->seq, 2u);
    QCOMPARE(chat->from, u"阿明"_s);
    QCOMPARE(reader.events.at(1).nickname, u"阿明"_s);
    QCOMPARE(reader.events.at(1).type, Protocol::MessageType::Chat);
    QVERIFY(reader.gaps.isEmpty());
    QCOMPARE(stream->lastReadSeq(), 3u);
}

void tst_RedisRoomStream::twoServersShareOneOrder()
{
    auto first = startStream();
    auto second = startStream();
    QCOMPARE(first->epoch(), second->epoch());
    Reader readFirst(first.get());
    Reader readSecond(second.get());
    // Appends from both, interleaved and without waiting: pipelined on each connection.
    int answered = 0;
    QList<quint64> seqsOfFirst;
    for (int i = 0; i < 100; ++i) {
        RedisRoomStream *stream = i % 2 == 0 ? first.get() : second.get();
        stream->append(
            chatPayload(i % 2 == 0 ? u"a"_s : u"b"_s, QString::number(i)), stream,
            [&, i](std::optional<quint64> seq, RedisRoomStream::AppendError, const QString &) {
                ++answered;
                if (seq && i % 2 == 0)
                    seqsOfFirst.append(*seq);
            });
    }
    QTRY_COMPARE_WITH_TIMEOUT(answered, 100, 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(readFirst.events.size(), 100, 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(readSecond.events.size(), 100, 10'000);
    // One order, no gap, the same bytes on both servers.
    QCOMPARE(readFirst.seqs(), range(1, 100));
    QCOMPARE(readFirst.events, readSecond.events);
    // Each knows its own: the events from "a" were the first stream's.
    for (qsizetype i = 0; i < readFirst.events.size(); ++i) {
        QCOMPARE(readFirst.own.at(i), readFirst.events.at(i).nickname == u"a");
        QCOMPARE(readSecond.own.at(i), readFirst.events.at(i).nickname == u"b");
    }
    // Each server's own appends keep the order it sent them in.
    QCOMPARE(seqsOfFirst.size(), 50);
    QVERIFY(std::is_sorted(seqsOfFirst.begin(), seqsOfFirst.end()));
    QStringList fromA;
    for (const RoomLog::Event &event : readFirst.events) {
        if (event.nickname == u"a")
            fromA.append(event.text);
    }
    QStringList expected;
    for (int i = 0; i < 100; i += 2)
        expected.append(QString::number(i));
    QCOMPARE(fromA, expected);
}

void tst_RedisRoomStream::aLateServerReadsFromWhereItIsTold()
{
    auto first = startStream();
    for (int i = 1; i <= 5; ++i)
        QCOMPARE(append(first.get(), QString::number(i)), quint64(i));
    // From the room's end: only what comes next.
    auto fromEnd = startStream(std::numeric_limits<quint64>::max());
    QCOMPARE(fromEnd->lastReadSeq(), 5u);
    // From seq 2: the three after it, then what comes next.
    auto fromTwo = startStream(2);
    Reader readEnd(fromEnd.get());
    Reader readTwo(fromTwo.get());
    QCOMPARE(append(first.get(), u"6"_s), 6u);
    QTRY_COMPARE(readTwo.seqs(), range(3, 6));
    QTRY_COMPARE(readEnd.seqs(), range(6, 6));
    QCOMPARE(fromTwo->epoch(), first->epoch());
}

void tst_RedisRoomStream::refusedWhileRedisIsDownAndCarriesOnAfter()
{
    auto stream = startStream();
    Reader reader(stream.get());
    QCOMPARE(append(stream.get(), u"before"_s), 1u);
    QTRY_COMPARE(reader.seqs(), range(1, 1));
    const QString epoch = stream->epoch();

    QSignalSpy availability(stream.get(), &RedisRoomStream::availabilityChanged);
    m_redis->kill();
    QTRY_VERIFY(!stream->isAvailable());
    QString error;
    QCOMPARE(append(stream.get(), u"while down"_s, &error), 0u);
    QVERIFY2(!error.isEmpty(), "a refused append says why");

    QVERIFY2(m_redis->restart(), qPrintable(m_redis->errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(stream->isAvailable(), 10'000);
    QCOMPARE(availability.first().at(0).toBool(), false);
    QCOMPARE(availability.last().at(0).toBool(), true);
    // The same room (the append-only file kept it), carried on from the last seq read:
    // nothing read twice, nothing skipped, the refused event nowhere.
    QCOMPARE(stream->epoch(), epoch);
    QCOMPARE(append(stream.get(), u"after"_s), 2u);
    QTRY_COMPARE(reader.seqs(), range(1, 2));
    QCOMPARE(reader.texts(), QStringList({u"before"_s, u"after"_s}));
    QVERIFY(reader.gaps.isEmpty());
}

void tst_RedisRoomStream::aRedisThatLostItsDataIsAnotherEpoch()
{
    auto stream = startStream();
    QCOMPARE(append(stream.get(), u"old room"_s), 1u);
    QTRY_COMPARE(stream->lastReadSeq(), 1u);
    const QString oldEpoch = stream->epoch();
    QSignalSpy epochChanged(stream.get(), &RedisRoomStream::epochChanged);
    Reader reader(stream.get());

    m_redis->wipeData();
    QVERIFY2(m_redis->restart(), qPrintable(m_redis->errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(epochChanged.size(), 1, 10'000);
    QCOMPARE(epochChanged.first().at(0).toString(), oldEpoch);
    QVERIFY(stream->epoch() != oldEpoch);
    QTRY_VERIFY(stream->isAvailable());
    // The new room starts at seq 1 and this server reads it from its start.
    QCOMPARE(append(stream.get(), u"new room"_s), 1u);
    QTRY_COMPARE(reader.texts(), QStringList({u"new room"_s}));
}

void tst_RedisRoomStream::anotherEpochIsRefused()
{
    auto stream = startStream();
    QCOMPARE(append(stream.get(), u"one"_s), 1u);
    // Someone resets the room under the running server, which has not noticed yet: its
    // appends must not land in a room whose seqs mean something else.
    auto admin = std::make_unique<RedisConnection>(m_redis->address());
    admin->open();
    bool done = false;
    admin->command({"SET", "chatroom:{test}:epoch", "0123456789abcdef0123456789abcdef"},
                   admin.get(), [&](const RedisReply &) { done = true; });
    QTRY_VERIFY(done);
    QString error;
    QCOMPARE(append(stream.get(), u"two"_s, &error), 0u);
    QVERIFY2(error.startsWith(u"EPOCH"_s), qPrintable(error));
}

tst_RedisRoomStream::Result
tst_RedisRoomStream::appendAll(RedisRoomStream *stream,
                               const QList<RedisRoomStream::Append> &events)
{
    std::optional<Result> result;
    stream->append(
        events, stream,
        [&](std::optional<quint64> seq, RedisRoomStream::AppendError error, const QString &) {
            result = Result {seq.value_or(0), error};
        });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 10'000))
        return {0, RedisRoomStream::AppendError::Unavailable};
    return *result;
}

namespace {

RedisRoomStream::Append joinOf(const QString &name, const QString &key, qint64 at = 1000)
{
    return {MessageCodec::encode(Protocol::Joined {0, at, name, {}}, Protocol::Layout::V1_1),
            key,
            name,
            at,
            {}};
}

RedisRoomStream::Append leaveOf(const QString &name, const QString &key)
{
    return {MessageCodec::encode(Protocol::Left {0, 2000, name, Protocol::LeaveReason::Quit},
                                 Protocol::Layout::V1_1),
            {},
            {},
            0,
            key};
}

} // namespace

void tst_RedisRoomStream::aNameClaimedOnOneServerIsTakenOnTheOther()
{
    auto first = startStream();
    auto second = startStream();
    Reader reader(second.get());
    QCOMPARE(appendAll(first.get(), {joinOf(u"小明"_s, u"xiaoming"_s)}).seq, 1u);
    const Result taken = appendAll(second.get(), {joinOf(u"小明"_s, u"xiaoming"_s)});
    QCOMPARE(taken.error, RedisRoomStream::AppendError::Taken);
    QCOMPARE(taken.seq, 0u);
    // Nothing of a refused claim is in the room.
    QCOMPARE(append(second.get(), u"next"_s), 2u);
    // Once its Left is in, the name is free on every server.
    QCOMPARE(appendAll(first.get(), {leaveOf(u"小明"_s, u"xiaoming"_s)}).seq, 3u);
    QCOMPARE(appendAll(second.get(), {joinOf(u"小明"_s, u"xiaoming"_s)}).seq, 4u);
    QTRY_COMPARE(reader.seqs(), range(1, 4));
    QCOMPARE(reader.events.at(0).type, Protocol::MessageType::Joined);
    QCOMPARE(reader.events.at(2).type, Protocol::MessageType::Left);
}

void tst_RedisRoomStream::aRenameIsTwoEventsWithNothingBetween()
{
    auto first = startStream();
    auto second = startStream();
    QCOMPARE(appendAll(first.get(), {joinOf(u"Ann"_s, u"ann"_s)}).seq, 1u);
    QCOMPARE(appendAll(second.get(), {joinOf(u"Bob"_s, u"bob"_s)}).seq, 2u);
    // To a name someone holds: refused whole, the old name kept.
    QCOMPARE(
        appendAll(first.get(), {leaveOf(u"Ann"_s, u"ann"_s), joinOf(u"Bob"_s, u"bob"_s)}).error,
        RedisRoomStream::AppendError::Taken);
    // To another spelling of one's own name (same key): allowed.
    QCOMPARE(appendAll(first.get(), {leaveOf(u"Ann"_s, u"ann"_s), joinOf(u"ANN"_s, u"ann"_s)}).seq,
             3u);
    auto late = startStream(std::numeric_limits<quint64>::max());
    QCOMPARE(late->snapshotSeq(), 4u);
    QCOMPARE(late->snapshot().size(), 2);
    QCOMPARE(late->snapshot().at(0).name, u"Bob"_s);
    QCOMPARE(late->snapshot().at(1).name, u"ANN"_s);
    QCOMPARE(late->snapshot().at(1).joinSeq, 4u);
}

void tst_RedisRoomStream::aLateServerSeesWhoIsInTheRoom()
{
    auto first = startStream();
    QCOMPARE(appendAll(first.get(), {joinOf(u"阿明"_s, u"k1"_s, 111)}).seq, 1u);
    QCOMPARE(appendAll(first.get(), {joinOf(u"Zoë"_s, u"k2"_s, 222)}).seq, 2u);
    QCOMPARE(appendAll(first.get(), {joinOf(u"x"_s, u"k3"_s, 333)}).seq, 3u);
    QCOMPARE(appendAll(first.get(), {leaveOf(u"Zoë"_s, u"k2"_s)}).seq, 4u);
    auto late = startStream(std::numeric_limits<quint64>::max());
    const QList<RedisRoomStream::Member> expected {
        {u"k1"_s, u"阿明"_s, first->serverId(), 1, 111},
        {u"k3"_s, u"x"_s, first->serverId(), 3, 333},
    };
    QCOMPARE(late->snapshot(), expected);
    QVERIFY(late->serverId() != first->serverId());
}

void tst_RedisRoomStream::aLateServerBackfillsTheNewestEvents_data()
{
    constexpr quint64 End = std::numeric_limits<quint64>::max();
    QTest::addColumn<int>("said"); // events in the room before the late server starts
    QTest::addColumn<qint64>("backfill");
    QTest::addColumn<int>("readBatch");
    QTest::addColumn<quint64>("afterSeq"); // where the late server starts reading
    QTest::addColumn<quint64>("first"); // the first seq backfilled; 0: none

    QTest::newRow("all of them, in batches") << 30 << qint64(100) << 7 << End << quint64(1);
    QTest::newRow("the newest ten") << 30 << qint64(10) << 1000 << End << quint64(21);
    // The last batch is full: one more XRANGE finds the range read.
    QTest::newRow("whole batches") << 30 << qint64(30) << 10 << End << quint64(1);
    QTest::newRow("up to where reading starts")
        << 30 << qint64(10) << 4 << quint64(20) << quint64(11);
    QTest::newRow("none asked") << 30 << qint64(0) << 1000 << End << quint64(0);
    QTest::newRow("an empty room") << 0 << qint64(100) << 1000 << End << quint64(0);
}

void tst_RedisRoomStream::aLateServerBackfillsTheNewestEvents()
{
    QFETCH(int, said);
    QFETCH(qint64, backfill);
    QFETCH(int, readBatch);
    QFETCH(quint64, afterSeq);
    QFETCH(quint64, first);
    auto writer = startStream();
    QStringList texts;
    for (int i = 1; i <= said; ++i) {
        texts.append(u"第 %1 句"_s.arg(i));
        QCOMPARE(append(writer.get(), texts.constLast()), quint64(i));
    }

    RedisRoomStream::Options options;
    options.backfill = backfill;
    options.readBatch = readBatch;
    auto late = std::make_unique<RedisRoomStream>(m_redis->address(u"test"_s), options);
    Reader reader(late.get());
    QSignalSpy ready(late.get(), &RedisRoomStream::ready);
    late->start(afterSeq);
    QVERIFY2(ready.wait(10'000), qPrintable(late->errorString()));
    const quint64 last = std::min(afterSeq, quint64(said));
    // Everything up to where reading starts, in seq order, decoded as reading does.
    const QList<RoomLog::Event> events = late->takeBackfill();
    QList<quint64> seqs;
    QStringList backfilled;
    for (const RoomLog::Event &event : events) {
        seqs.append(event.seq);
        backfilled.append(event.text);
        QCOMPARE(event.type, Protocol::MessageType::Chat);
        QCOMPARE(event.nickname, u"阿明"_s);
    }
    const QList<quint64> expected = first > 0 ? range(first, last) : QList<quint64>();
    QCOMPARE(seqs, expected);
    QStringList expectedTexts;
    for (quint64 seq : expected)
        expectedTexts.append(texts.at(qsizetype(seq) - 1));
    QCOMPARE(backfilled, expectedTexts);
    if (!events.isEmpty()) {
        const Protocol::DecodeResult decoded =
            MessageCodec::decode(events.constLast().payload, Protocol::Layout::V1_1);
        QVERIFY(decoded.isOk());
        QCOMPARE(std::get<Protocol::Chat>(decoded.message).seq, last);
    }
    QVERIFY(late->takeBackfill().isEmpty()); // handed over once

    // Reading carries on right after it: no gap, nothing twice.
    QCOMPARE(append(writer.get(), u"after"_s), quint64(said + 1));
    QTRY_VERIFY(!reader.seqs().isEmpty() && reader.seqs().constLast() == quint64(said + 1));
    QCOMPARE(reader.seqs(), range(last + 1, quint64(said + 1)));
    QVERIFY(reader.gaps.isEmpty());
}

void tst_RedisRoomStream::theBackfillSkipsWhatIsNotARoomEventAndWhatIsTrimmed()
{
    auto writer = startStream();
    for (int i = 1; i <= 10; ++i)
        QCOMPARE(append(writer.get(), QString::number(i)), quint64(i));
    // Something else wrote to the stream (seq 11, and the counter with it) ...
    QVERIFY(redisCommand({"XADD", "chatroom:{test}:events", "11-0", "p", "not a payload"}));
    QVERIFY(redisCommand({"SET", "chatroom:{test}:seq", "11"}));
    QCOMPARE(append(writer.get(), u"12"_s), 12u);
    // ... and retention dropped the oldest (XADD's MAXLEN ~, exact here).
    QVERIFY(redisCommand({"XTRIM", "chatroom:{test}:events", "MAXLEN", "6"}));

    RedisRoomStream::Options options;
    options.backfill = 100;
    options.readBatch = 3;
    auto late = startStream(std::numeric_limits<quint64>::max(), options);
    QVERIFY(late->isReady());
    QList<quint64> seqs;
    for (const RoomLog::Event &event : late->takeBackfill())
        seqs.append(event.seq);
    QCOMPARE(seqs, QList<quint64>({7, 8, 9, 10, 12}));
    QVERIFY(late->errorString().contains(u"11-0"_s));
}

void tst_RedisRoomStream::aReaderThatReconnectsAloneReadsOn()
{
    auto stream = startStream();
    Reader reader(stream.get());
    QCOMPARE(append(stream.get(), u"before"_s), 1u);
    QTRY_COMPARE(reader.seqs(), range(1, 1));
    // Only the reading connection drops (as when its XREAD goes unanswered and the
    // watchdog reconnects it): the other one, and the room's epoch, stay as they were.
    QByteArray readerId;
    QVERIFY(QTest::qWaitFor(
        [&] {
            const std::optional<RedisReply> clients = redisCommand({"CLIENT", "LIST"});
            for (const QByteArray &line :
                 clients ? clients->bytes().split('\n') : QByteArrayList()) {
                if (line.contains(" cmd=xread"))
                    readerId = line.split(' ').constFirst().mid(3); // "id=N"
            }
            return !readerId.isEmpty();
        },
        10'000));
    QSignalSpy availability(stream.get(), &RedisRoomStream::availabilityChanged);
    QVERIFY(redisCommand({"CLIENT", "KILL", "ID", readerId}));
    QTRY_COMPARE(availability.size(), 2);
    QCOMPARE(availability.first().at(0).toBool(), false);
    QVERIFY(stream->isAvailable());
    QCOMPARE(append(stream.get(), u"after"_s), 2u);
    QTRY_COMPARE(reader.seqs(), range(1, 2));
    QVERIFY(reader.gaps.isEmpty());
}

QTEST_GUILESS_MAIN(tst_RedisRoomStream)
#include "tst_redisroomstream.moc"
