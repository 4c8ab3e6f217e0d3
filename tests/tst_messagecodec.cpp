#include "protocol/messagecodec.h"

#include <QSet>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>

#if defined(__SANITIZE_ADDRESS__)
#define CHATROOM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHATROOM_ASAN 1
#endif
#endif

// A decoder that trusts a hostile length asks for gigabytes, and a release Qt lets a failed
// QList::reserve() pass silently, while overcommit hides one that succeeds. So the test
// watches the requests themselves: this executable's malloc and realloc note the largest
// size asked for while a decode runs, then hand over to glibc's.
#if defined(__GLIBC__) && !defined(CHATROOM_ASAN)
#define CHATROOM_TRACK_ALLOCATIONS 1
extern "C" void *__libc_malloc(size_t size);
extern "C" void *__libc_realloc(void *pointer, size_t size);

namespace {
std::atomic<bool> g_tracking = false;
std::atomic<size_t> g_largestRequest = 0;

void noteRequest(size_t size)
{
    if (!g_tracking.load(std::memory_order_relaxed))
        return;
    size_t largest = g_largestRequest.load(std::memory_order_relaxed);
    while (size > largest && !g_largestRequest.compare_exchange_weak(largest, size)) { }
}
} // namespace

extern "C" void *malloc(size_t size) noexcept
{
    noteRequest(size);
    return __libc_malloc(size);
}

extern "C" void *realloc(void *pointer, size_t size) noexcept
{
    noteRequest(size);
    return __libc_realloc(pointer, size);
}
#endif

using namespace Qt::StringLiterals;
using Protocol::DecodeResult;
using Protocol::Message;
using Protocol::MessageCodec;

namespace Protocol {

// Found by argument-dependent lookup, so QCOMPARE names what differs.
char *toString(const Message &message)
{
    const QByteArray text = QByteArray(typeName(typeOf(message))) + " ["
        + MessageCodec::encode(message).toHex(' ') + ']';
    return qstrdup(text.constData());
}

char *toString(DecodeResult::Status status)
{
    switch (status) {
    case DecodeResult::Status::Ok:
        return qstrdup("Ok");
    case DecodeResult::Status::Malformed:
        return qstrdup("Malformed");
    case DecodeResult::Status::UnknownType:
        return qstrdup("UnknownType");
    }
    return qstrdup("?");
}

} // namespace Protocol

namespace {

struct GoldenVector
{
    const char *name;
    Message message;
    // The payload as docs/protocol.md lays it out, written by hand, never produced by the
    // codec. Only hex digits count: the spaces and bars are there for the reader.
    const char *hex;
};

constexpr qint64 AtMs = 1700000000000; // 0x0000018bcfe56800, 2023-11-14T22:13:20Z

QList<GoldenVector> goldenVectors()
{
    using namespace Protocol;
    return {
        {"Hello Alice", Hello {1, u"Alice"_s}, "01 | 0001 | 0000000a 0041 006c 0069 0063 0065"},
        {"Hello 张三", Hello {1, u"张三"_s}, "01 | 0001 | 00000004 5f20 4e09"},
        {"Say with emoji", Say {u"hi 😀"_s}, "02 | 0000000a 0068 0069 0020 d83d de00"},
        {"Say empty", Say {u""_s}, "02 | 00000000"},
        {"Bye", Bye {}, "03"},
        {"Ping", Ping {0x0102030405060708}, "04 | 0102030405060708"},
        {"Welcome", Welcome {u"张三"_s, u"大厅"_s, 7, 3},
         "41 | 00000004 5f20 4e09 | 00000004 5927 5385 | 0000000000000007 | 00000003"},
        {"Rejected NameTaken", Rejected {RejectReason::NameTaken, u"taken"_s},
         "42 | 01 | 0000000a 0074 0061 006b 0065 006e"},
        // QDataStream writes a null QString as the byte count 0xffffffff.
        {"Rejected null detail", Rejected {RejectReason::VersionUnsupported, QString()},
         "42 | 04 | ffffffff"},
        {"Joined", Joined {1, AtMs, u"Bob"_s},
         "43 | 0000000000000001 | 0000018bcfe56800 | 00000006 0042 006f 0062"},
        {"Left 李四 TimedOut", Left {9, AtMs + 123, u"李四"_s, LeaveReason::TimedOut},
         "44 | 0000000000000009 | 0000018bcfe5687b | 00000004 674e 56db | 03"},
        {"Chat", Chat {0x1122334455667788, AtMs, u"张三"_s, u"你好\nBob"_s},
         "45 | 1122334455667788 | 0000018bcfe56800 | 00000004 5f20 4e09"
         " | 0000000c 4f60 597d 000a 0042 006f 0062"},
        {"Broadcast negative atMs", Broadcast {2, -2, u"Hi"_s},
         "46 | 0000000000000002 | fffffffffffffffe | 00000004 0048 0069"},
        {"Pong", Pong {0xfedcba9876543210}, "47 | fedcba9876543210"},
        {"Notice UnknownType", Notice {NoticeCode::UnknownType, u"0x4B"_s},
         "48 | 04 | 00000008 0030 0078 0034 0042"},
        {"Error ServerShutdown", Error {ErrorCode::ServerShutdown, u"bye"_s},
         "49 | 05 | 00000006 0062 0079 0065"},
        {"Members 张三 Bob", Members {{u"张三"_s, u"Bob"_s}},
         "4a | 00000002 | 00000004 5f20 4e09 | 00000006 0042 006f 0062"},
        {"Members none", Members {}, "4a | 00000000"},
    };
}

// QByteArray::fromHex() skips what is not a hex digit and pairs digits from the end, so
// an odd digit count would shift every byte silently: count them first.
bool isEvenHex(const QByteArray &text)
{
    const auto digits = std::count_if(text.begin(), text.end(),
                                      [](char c) { return std::isxdigit(uchar(c)) != 0; });
    return digits % 2 == 0;
}

QByteArray bigEndian32(quint32 value)
{
    QByteArray bytes;
    for (int shift = 24; shift >= 0; shift -= 8)
        bytes.append(char((value >> shift) & 0xff));
    return bytes;
}

} // namespace

class tst_MessageCodec : public QObject
{
    Q_OBJECT

private slots:
    void goldenCoversEveryType();
    void golden_data();
    void golden();
    void encodeFrame_data();
    void encodeFrame();
    void roundTrip_data();
    void roundTrip();
    void truncated_data();
    void truncated();
    void trailingBytesIgnored_data();
    void trailingBytesIgnored();
    void decodeOnly_data();
    void decodeOnly();
    void unknownType_data();
    void unknownType();
    void malformed_data();
    void malformed();
    void hostileLengthAllocatesLittle_data();
    void hostileLengthAllocatesLittle();

private:
    void addGoldenRows();
};

void tst_MessageCodec::addGoldenRows()
{
    QTest::addColumn<Message>("message");
    QTest::addColumn<QByteArray>("hex");
    for (const GoldenVector &vector : goldenVectors())
        QTest::newRow(vector.name) << vector.message << QByteArray(vector.hex);
}

void tst_MessageCodec::goldenCoversEveryType()
{
    QSet<Protocol::MessageType> types;
    for (const GoldenVector &vector : goldenVectors())
        types.insert(Protocol::typeOf(vector.message));
    QCOMPARE(types.size(), qsizetype(std::variant_size_v<Message>));
}

void tst_MessageCodec::golden_data()
{
    addGoldenRows();
}

void tst_MessageCodec::golden()
{
    QFETCH(Message, message);
    QFETCH(QByteArray, hex);
    QVERIFY2(isEvenHex(hex), "odd number of hex digits in the vector");
    const QByteArray payload = QByteArray::fromHex(hex);

    QCOMPARE(MessageCodec::encode(message).toHex(' '), payload.toHex(' '));

    const DecodeResult result = MessageCodec::decode(payload);
    QCOMPARE(result.status, DecodeResult::Status::Ok);
    QCOMPARE(result.type, quint8(payload.front()));
    QCOMPARE(result.message, message);

    const QByteArray frame = MessageCodec::encodeFrame(message);
    QCOMPARE(frame.toHex(' '), (bigEndian32(quint32(payload.size())) + payload).toHex(' '));
}

void tst_MessageCodec::encodeFrame_data()
{
    QTest::addColumn<Message>("message");
    QTest::addColumn<QByteArray>("hex");
    QTest::newRow("Bye") << Message(Protocol::Bye {}) << QByteArray("00000001 | 03");
    QTest::newRow("Ping 1") << Message(Protocol::Ping {1})
                            << QByteArray("00000009 | 04 | 0000000000000001");
    QTest::newRow("Say 张") << Message(Protocol::Say {u"张"_s})
                            << QByteArray("00000007 | 02 | 00000002 5f20");
    // docs/protocol.md, "Worked example", byte for byte as the page prints it.
    QTest::newRow("worked example Chat")
        << Message(Protocol::Chat {7, 1795766400000, u"张三"_s, u"你好"_s})
        << QByteArray("00 00 00 21 45 00 00 00 00 00 00 00 07 00 00 01 A2 1C 04 B4 00"
                      " 00 00 00 04 5F 20 4E 09 00 00 00 04 4F 60 59 7D");
    QTest::newRow("worked example Say") << Message(Protocol::Say {u"你好"_s})
                                        << QByteArray("00 00 00 09 02 00 00 00 04 4F 60 59 7D");
}

void tst_MessageCodec::encodeFrame()
{
    QFETCH(Message, message);
    QFETCH(QByteArray, hex);
    QVERIFY2(isEvenHex(hex), "odd number of hex digits in the vector");
    QCOMPARE(MessageCodec::encodeFrame(message).toHex(' '), QByteArray::fromHex(hex).toHex(' '));
}

void tst_MessageCodec::roundTrip_data()
{
    using namespace Protocol;
    QTest::addColumn<Message>("message");

    for (const GoldenVector &vector : goldenVectors())
        QTest::addRow("golden %s", vector.name) << vector.message;

    const QString longText = QString(2000, u'字');
    QStringList manyNames;
    for (int i = 0; i < 1000; ++i)
        manyNames.append(u"成员%1"_s.arg(i));

    QTest::newRow("Hello full-width and emoji") << Message(Hello {1, u"Ａｌｉｃｅ😀"_s});
    QTest::newRow("Say 2000 units") << Message(Say {longText});
    QTest::newRow("Say controls") << Message(Say {u"a\tb\r\nc\u200b\u202e"_s});
    QTest::newRow("Ping 0") << Message(Ping {0});
    QTest::newRow("Ping max") << Message(Ping {std::numeric_limits<quint64>::max()});
    QTest::newRow("Welcome max") << Message(
        Welcome {u"n"_s, QString(), 0xffffffffffffffff, 0xffffffff});
    QTest::newRow("Joined min atMs")
        << Message(Joined {1, std::numeric_limits<qint64>::min(), u"张三"_s});
    QTest::newRow("Chat empty text") << Message(Chat {3, AtMs, u"Bob"_s, QString()});
    QTest::newRow("Broadcast long") << Message(Broadcast {4, AtMs, longText});
    QTest::newRow("Pong max") << Message(Pong {std::numeric_limits<quint64>::max()});
    QTest::newRow("Members 1000") << Message(Members {manyNames});
    QTest::newRow("Members empty name") << Message(Members {{QString(), u"x"_s}});
    for (quint8 reason = 1; reason <= 5; ++reason)
        QTest::addRow("Rejected reason %d", reason)
            << Message(Rejected {RejectReason(reason), u"why"_s});
    for (quint8 reason = 0; reason <= 6; ++reason)
        QTest::addRow("Left reason %d", reason)
            << Message(Left {5, AtMs, u"李四"_s, LeaveReason(reason)});
    for (quint8 code = 1; code <= 4; ++code)
        QTest::addRow("Notice code %d", code) << Message(Notice {NoticeCode(code), u"n"_s});
    for (quint8 code = 1; code <= 9; ++code)
        QTest::addRow("Error code %d", code) << Message(Error {ErrorCode(code), u"e"_s});
}

void tst_MessageCodec::roundTrip()
{
    QFETCH(Message, message);
    const QByteArray payload = MessageCodec::encode(message);
    QVERIFY(payload.size() <= qsizetype(Protocol::MaxFrameSize));
    const DecodeResult result = MessageCodec::decode(payload);
    QCOMPARE(result.status, DecodeResult::Status::Ok);
    QCOMPARE(result.type, quint8(Protocol::typeOf(message)));
    QCOMPARE(result.message, message);
}

void tst_MessageCodec::truncated_data()
{
    QTest::addColumn<QByteArray>("hex");
    // Bye has no fields, so no strict prefix of it holds a type byte and is short.
    for (const GoldenVector &vector : goldenVectors()) {
        if (QByteArray::fromHex(vector.hex).size() > 1)
            QTest::newRow(vector.name) << QByteArray(vector.hex);
    }
}

void tst_MessageCodec::truncated()
{
    QFETCH(QByteArray, hex);
    const QByteArray payload = QByteArray::fromHex(hex);
    // The vectors carry no trailing bytes, so every strict prefix cuts a known field.
    for (qsizetype length = 1; length < payload.size(); ++length) {
        const DecodeResult result = MessageCodec::decode(payload.first(length));
        QVERIFY2(result.status == DecodeResult::Status::Malformed,
                 qPrintable(u"prefix of %1 bytes decoded as status %2"_s.arg(length).arg(
                     int(result.status))));
        QCOMPARE(result.type, quint8(payload.front()));
    }
}

void tst_MessageCodec::trailingBytesIgnored_data()
{
    addGoldenRows();
}

void tst_MessageCodec::trailingBytesIgnored()
{
    QFETCH(Message, message);
    QFETCH(QByteArray, hex);
    for (const char *trailer : {"00", "de ad be ef", "ff ff ff ff 00 00 00 01"}) {
        const DecodeResult result = MessageCodec::decode(QByteArray::fromHex(hex + trailer));
        QCOMPARE(result.status, DecodeResult::Status::Ok);
        QCOMPARE(result.message, message);
    }
}

void tst_MessageCodec::decodeOnly_data()
{
    using namespace Protocol;
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<Message>("message");

    QTest::newRow("Say null text is empty") << QByteArray("02 | ffffffff") << Message(Say {});
    QTest::newRow("Hello null nickname")
        << QByteArray("01 | 0001 | ffffffff") << Message(Hello {1, QString()});
    // Whether a version is supported is the server's call, not the codec's.
    QTest::newRow("Hello version 2")
        << QByteArray("01 | 0002 | 00000000") << Message(Hello {2, QString()});
    // Another version may lay out what follows its version differently, so nothing after
    // it is read: the server can still answer Rejected{VersionUnsupported}.
    QTest::newRow("Hello version 2, nothing else")
        << QByteArray("01 | 0002") << Message(Hello {2, QString()});
    QTest::newRow("Hello version 2, one odd byte")
        << QByteArray("01 | 0002 | ff") << Message(Hello {2, QString()});
    QTest::newRow("Hello version 0xffff, a string")
        << QByteArray("01 | ffff | 00000002 0041") << Message(Hello {0xffff, QString()});
    QTest::newRow("Hello version 0, a cut string")
        << QByteArray("01 | 0000 | 00000028 0041") << Message(Hello {0, QString()});
    QTest::newRow("Welcome null names")
        << QByteArray("41 | ffffffff | ffffffff | 0000000000000001 | 00000001")
        << Message(Welcome {QString(), QString(), 1, 1});
    QTest::newRow("Members with a null name")
        << QByteArray("4a | 00000002 | ffffffff | 00000002 0041")
        << Message(Members {{QString(), u"A"_s}});
    QTest::newRow("Members none, then bytes")
        << QByteArray("4a | 00000000 | 00000001 00000002 0041") << Message(Members {});
}

void tst_MessageCodec::decodeOnly()
{
    QFETCH(QByteArray, hex);
    QFETCH(Message, message);
    QVERIFY2(isEvenHex(hex), "odd number of hex digits in the vector");
    const DecodeResult result = MessageCodec::decode(QByteArray::fromHex(hex));
    QCOMPARE(result.status, DecodeResult::Status::Ok);
    QCOMPARE(result.message, message);
    if (const auto *say = std::get_if<Protocol::Say>(&result.message))
        QVERIFY(say->text.isEmpty());
}

void tst_MessageCodec::unknownType_data()
{
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<quint8>("type");

    QTest::newRow("0x00") << QByteArray("00") << quint8(0x00);
    QTest::newRow("0x05 after Ping") << QByteArray("05") << quint8(0x05);
    QTest::newRow("0x05 with fields") << QByteArray("05 | 00000002 0041") << quint8(0x05);
    QTest::newRow("0x3f") << QByteArray("3f") << quint8(0x3f);
    QTest::newRow("0x40") << QByteArray("40 | 0001") << quint8(0x40);
    QTest::newRow("0x4b after Members") << QByteArray("4b | 00000000") << quint8(0x4b);
    QTest::newRow("0x7f") << QByteArray("7f") << quint8(0x7f);
    QTest::newRow("0x80") << QByteArray("80") << quint8(0x80);
    QTest::newRow("0xff") << QByteArray("ff | ffffffff") << quint8(0xff);
}

void tst_MessageCodec::unknownType()
{
    QFETCH(QByteArray, hex);
    QFETCH(quint8, type);
    const DecodeResult result = MessageCodec::decode(QByteArray::fromHex(hex));
    QCOMPARE(result.status, DecodeResult::Status::UnknownType);
    QCOMPARE(result.type, type);
    QVERIFY(!result.isOk());
}

void tst_MessageCodec::malformed_data()
{
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<quint8>("type");

    QTest::newRow("empty payload") << QByteArray() << quint8(0);
    QTest::newRow("Say odd byte count") << QByteArray("02 | 00000003 0061 00") << quint8(0x02);
    QTest::newRow("Say byte count 1") << QByteArray("02 | 00000001 00") << quint8(0x02);
    QTest::newRow("Say byte count past end")
        << QByteArray("02 | 00000006 0061 0062") << quint8(0x02);
    QTest::newRow("Say byte count 0xfffffffe") << QByteArray("02 | fffffffe 0061") << quint8(0x02);
    QTest::newRow("Say byte count 0x7ffffffe") << QByteArray("02 | 7ffffffe 0061") << quint8(0x02);
    QTest::newRow("Hello version cut") << QByteArray("01 | 00") << quint8(0x01);
    QTest::newRow("Hello version 1, no nickname") << QByteArray("01 | 0001") << quint8(0x01);
    QTest::newRow("Hello nickname past end")
        << QByteArray("01 | 0001 | 00000004 5f20") << quint8(0x01);
    QTest::newRow("Chat text odd")
        << QByteArray("45 | 0000000000000001 | 0000018bcfe56800 | 00000000 | 00000001 41")
        << quint8(0x45);
    // A hostile count must be refused from the bytes left, not reserved first.
    QTest::newRow("Members count 0xffffffff")
        << QByteArray("4a | ffffffff | 00000000") << quint8(0x4a);
    QTest::newRow("Members count 0xffffffff alone") << QByteArray("4a | ffffffff") << quint8(0x4a);
    QTest::newRow("Members count 2^30")
        << QByteArray("4a | 40000000 | ffffffff ffffffff") << quint8(0x4a);
    QTest::newRow("Members count past strings")
        << QByteArray("4a | 00000002 | 00000002 0041") << quint8(0x4a);
    QTest::newRow("Members count past null strings")
        << QByteArray("4a | 00000003 | ffffffff ffffffff") << quint8(0x4a);
    QTest::newRow("Members name odd") << QByteArray("4a | 00000001 | 00000001 41") << quint8(0x4a);
    QTest::newRow("Members name past end")
        << QByteArray("4a | 00000001 | 00000004 0041") << quint8(0x4a);
}

void tst_MessageCodec::malformed()
{
    QFETCH(QByteArray, hex);
    QFETCH(quint8, type);
    QVERIFY2(isEvenHex(hex), "odd number of hex digits in the vector");
    const DecodeResult result = MessageCodec::decode(QByteArray::fromHex(hex));
    QCOMPARE(result.status, DecodeResult::Status::Malformed);
    QCOMPARE(result.type, type);
    QVERIFY(!result.isOk());
}

void tst_MessageCodec::hostileLengthAllocatesLittle_data()
{
    QTest::addColumn<QByteArray>("hex");

    QTest::newRow("Members count 0xffffffff") << QByteArray("4a | ffffffff | 00000000");
    QTest::newRow("Members count 2^30") << QByteArray("4a | 40000000 | ffffffff ffffffff");
    QTest::newRow("Members count 2^24") << QByteArray("4a | 01000000 | ffffffff");
    QTest::newRow("Say byte count 0xfffffffe") << QByteArray("02 | fffffffe | 0061");
    QTest::newRow("Say byte count 0x7ffffffe") << QByteArray("02 | 7ffffffe | 0061");
    QTest::newRow("Members name byte count 0x7ffffffe")
        << QByteArray("4a | 00000001 | 7ffffffe 0061");
}

void tst_MessageCodec::hostileLengthAllocatesLittle()
{
#ifdef CHATROOM_TRACK_ALLOCATIONS
    QFETCH(QByteArray, hex);
    const QByteArray payload = QByteArray::fromHex(hex);
    g_largestRequest = 0;
    g_tracking = true;
    const DecodeResult result = MessageCodec::decode(payload);
    g_tracking = false;
    QCOMPARE(result.status, DecodeResult::Status::Malformed);
    QVERIFY2(g_largestRequest < 4096,
             qPrintable(u"decoding %1 bytes asked for %2 bytes at once"_s.arg(payload.size())
                            .arg(g_largestRequest.load())));
#else
    QSKIP("counts allocations through glibc's malloc, not with AddressSanitizer");
#endif
}

QTEST_MAIN(tst_MessageCodec)
#include "tst_messagecodec.moc"
