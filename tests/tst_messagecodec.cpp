#include "protocol/historyframebuilder.h"
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
using Protocol::Layout;
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
    Layout layout = Layout::V1_0;
};

// A 1.0 payload of these types decodes the same whatever follows it only if nothing
// does: a 1.1 reader takes the bytes after the 1.0 fields as appended fields.
bool hasAppendedFields(Protocol::MessageType type)
{
    using Protocol::MessageType;
    return type == MessageType::Hello || type == MessageType::Say || type == MessageType::Welcome
        || type == MessageType::Joined || type == MessageType::Chat;
}

// Sixteen bytes for the resume tokens of the vectors.
constexpr char Token16[] = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

constexpr qint64 AtMs = 1700000000000; // 0x0000018bcfe56800, 2023-11-14T22:13:20Z

QList<GoldenVector> goldenVectors()
{
    using namespace Protocol;
    const QByteArray token = QByteArray::fromHex(Token16);
    // The 1.1 payloads inside the History vectors, as their own vectors below spell them.
    const QByteArray chat11 = QByteArray::fromHex("45 0000000000000007 000001a21c04b400"
                                                  " 00000004 5f204e09 00000004 4f60597d"
                                                  " 0000000000000003");
    const QByteArray broadcast =
        QByteArray::fromHex("46 0000000000000002 fffffffffffffffe 00000004 00480069");
    constexpr auto V11 = Layout::V1_1;
    return {
        // Version 1.0
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
        // Writers never send null (0xffffffff): an empty or null string is a length of 0.
        {"Rejected null detail", Rejected {RejectReason::VersionUnsupported, QString()},
         "42 | 04 | 00000000"},
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

        // Version 1.1: appended fields
        {"1.1 Hello 张三 full", Hello {1, u"张三"_s, 1, 100, u"e1"_s, 42, u"pw"_s},
         "01 | 0001 | 00000004 5f20 4e09 | 0001 | 0064 | 00000004 0065 0031"
         " | 000000000000002a | 00000004 0070 0077",
         V11},
        {"1.1 Hello Bob, empty strings", Hello {1, u"Bob"_s, 1},
         "01 | 0001 | 00000006 0042 006f 0062 | 0001 | 0000 | 00000000 | 0000000000000000"
         " | 00000000",
         V11},
        {"1.1 Say 你好 clientId 7", Say {u"你好"_s, 7},
         "02 | 00000004 4f60 597d | 0000000000000007", V11},
        {"1.1 Welcome with resume", Welcome {u"张三"_s, u"大厅"_s, 7, 3, u"e1"_s, token, 60000},
         "41 | 00000004 5f20 4e09 | 00000004 5927 5385 | 0000000000000007 | 00000003"
         " | 00000004 0065 0031 | 00000010 a1b2c3d4e5f60718293a4b5c6d7e8f90 | 0000ea60",
         V11},
        {"1.1 Welcome without resume", Welcome {u"Bob"_s, u"R"_s, 1, 1, u"e1"_s},
         "41 | 00000006 0042 006f 0062 | 00000002 0052 | 0000000000000001 | 00000001"
         " | 00000004 0065 0031 | 00000000 | 00000000",
         V11},
        {"1.1 Joined renamed", Joined {12, AtMs, u"张三丰"_s, u"张三"_s},
         "43 | 000000000000000c | 0000018bcfe56800 | 00000006 5f20 4e09 4e30"
         " | 00000004 5f20 4e09",
         V11},
        {"1.1 Joined plain", Joined {1, AtMs, u"Bob"_s},
         "43 | 0000000000000001 | 0000018bcfe56800 | 00000006 0042 006f 0062 | 00000000", V11},
        {"1.1 Left Renamed", Left {11, AtMs, u"张三"_s, LeaveReason::Renamed},
         "44 | 000000000000000b | 0000018bcfe56800 | 00000004 5f20 4e09 | 07", V11},
        {"1.1 Chat clientId 3", Chat {7, 1795766400000, u"张三"_s, u"你好"_s, 3},
         "45 | 0000000000000007 | 000001a21c04b400 | 00000004 5f20 4e09 | 00000004 4f60 597d"
         " | 0000000000000003",
         V11},
        {"1.1 Chat without clientId", Chat {8, AtMs, u"Bob"_s, u"Hi"_s},
         "45 | 0000000000000008 | 0000018bcfe56800 | 00000006 0042 006f 0062"
         " | 00000004 0048 0069 | 0000000000000000",
         V11},

        // Version 1.1: new types and codes
        {"1.1 Resume", Resume {token, 0x1234},
         "05 | 00000010 a1b2c3d4e5f60718293a4b5c6d7e8f90 | 0000000000001234", V11},
        {"1.1 Resume empty token", Resume {QByteArray(), 0}, "05 | 00000000 | 0000000000000000",
         V11},
        {"1.1 HistoryRequest", HistoryRequest {500, 50}, "06 | 00000000000001f4 | 0032", V11},
        {"1.1 Rename 张三丰", Rename {u"张三丰"_s}, "07 | 00000006 5f20 4e09 4e30", V11},
        {"1.1 History More, two events", History {HistoryMore, {chat11, broadcast}},
         "4b | 01 | 00000002"
         " | 00000029 45 0000000000000007 000001a21c04b400 00000004 5f204e09 00000004 4f60597d"
         " 0000000000000003"
         " | 00000019 46 0000000000000002 fffffffffffffffe 00000004 00480069",
         V11},
        {"1.1 History Truncated Reply", History {HistoryTruncated | HistoryReply, {broadcast}},
         "4b | 06 | 00000001 | 00000019 46 0000000000000002 fffffffffffffffe 00000004 00480069",
         V11},
        {"1.1 History empty", History {}, "4b | 00 | 00000000", V11},
        {"1.1 Resumed", Resumed {u"张三"_s, 41, token, 5},
         "4c | 00000004 5f20 4e09 | 0000000000000029"
         " | 00000010 a1b2c3d4e5f60718293a4b5c6d7e8f90 | 0000000000000005",
         V11},
        {"1.1 Rejected ResumeFailed", Rejected {RejectReason::ResumeFailed, u""_s},
         "42 | 06 | 00000000", V11},
        {"1.1 Rejected PasswordRequired", Rejected {RejectReason::PasswordRequired, u"pw"_s},
         "42 | 07 | 00000004 0070 0077", V11},
        {"1.1 Notice NameTaken", Notice {NoticeCode::NameTaken, u""_s}, "48 | 05 | 00000000", V11},
        {"1.1 Notice HistoryUnavailable", Notice {NoticeCode::HistoryUnavailable, u"h"_s},
         "48 | 08 | 00000002 0068", V11},
        {"1.1 Notice RoomUnavailable", Notice {NoticeCode::RoomUnavailable, u"r"_s},
         "48 | 09 | 00000002 0072", V11},
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
    void appendedFieldsStopAtBoundaries_data();
    void appendedFieldsStopAtBoundaries();
    void layout10LeavesAppendedOut_data();
    void layout10LeavesAppendedOut();
    void historyFrames_data();
    void historyFrames();

private:
    void addGoldenRows();
};

void tst_MessageCodec::addGoldenRows()
{
    QTest::addColumn<Message>("message");
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<Layout>("layout");
    for (const GoldenVector &vector : goldenVectors())
        QTest::newRow(vector.name) << vector.message << QByteArray(vector.hex) << vector.layout;
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
    QFETCH(Layout, layout);
    QVERIFY2(isEvenHex(hex), "odd number of hex digits in the vector");
    const QByteArray payload = QByteArray::fromHex(hex);

    QCOMPARE(MessageCodec::encode(message, layout).toHex(' '), payload.toHex(' '));

    const DecodeResult result = MessageCodec::decode(payload);
    QCOMPARE(result.status, DecodeResult::Status::Ok);
    QCOMPARE(result.type, quint8(payload.front()));
    QCOMPARE(result.message, message);

    const QByteArray frame = MessageCodec::encodeFrame(message, layout);
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

    const QByteArray bigToken(64, '\xab');
    QTest::newRow("Hello 1.1 max") << Message(Hello {1, u"n"_s, 0xffff, 0xffff, QString(40, u'e'),
                                                     0xffffffffffffffff, QString(100, u'密')});
    QTest::newRow("Say clientId max") << Message(Say {u"x"_s, 0xffffffffffffffff});
    QTest::newRow("Resume 64-byte token") << Message(Resume {bigToken, 0xffffffffffffffff});
    QTest::newRow("History 200 events")
        << Message(History {HistoryReply, QList<QByteArray>(200, QByteArray(41, '\x45'))});
    QTest::newRow("Resumed max") << Message(
        Resumed {u"张三"_s, 0xffffffffffffffff, bigToken, 0xffffffffffffffff});

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
    for (quint8 reason = 1; reason <= 7; ++reason)
        QTest::addRow("Rejected reason %d", reason)
            << Message(Rejected {RejectReason(reason), u"why"_s});
    for (quint8 reason = 0; reason <= 7; ++reason)
        QTest::addRow("Left reason %d", reason)
            << Message(Left {5, AtMs, u"李四"_s, LeaveReason(reason)});
    for (quint8 code = 1; code <= 8; ++code)
        QTest::addRow("Notice code %d", code) << Message(Notice {NoticeCode(code), u"n"_s});
    for (quint8 code = 1; code <= 9; ++code)
        QTest::addRow("Error code %d", code) << Message(Error {ErrorCode(code), u"e"_s});
}

void tst_MessageCodec::roundTrip()
{
    QFETCH(Message, message);
    const QByteArray payload = MessageCodec::encode(message, Layout::V1_1);
    QVERIFY(payload.size() <= qsizetype(Protocol::MaxFrameSize));
    const DecodeResult result = MessageCodec::decode(payload);
    QCOMPARE(result.status, DecodeResult::Status::Ok);
    QCOMPARE(result.type, quint8(Protocol::typeOf(message)));
    QCOMPARE(result.message, message);
}

void tst_MessageCodec::truncated_data()
{
    QTest::addColumn<QByteArray>("hex");
    // Bye has no fields, so no strict prefix of it holds a type byte and is short. A 1.1
    // payload may stop at the boundary of an appended field (appendedFieldsStopAt...).
    for (const GoldenVector &vector : goldenVectors()) {
        const bool appended =
            vector.layout == Layout::V1_1 && hasAppendedFields(Protocol::typeOf(vector.message));
        if (QByteArray::fromHex(vector.hex).size() > 1 && !appended)
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
    // Bytes after the fields a reader knows are ignored: after 1.1's for a 1.1 reader, and
    // after 1.0's for one that reads a 1.0 peer (to a 1.1 reader, bytes after a 1.0 Hello,
    // Say, Welcome, Joined or Chat are appended fields).
    QTest::addColumn<Message>("message");
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<Layout>("layout");
    for (const GoldenVector &vector : goldenVectors())
        QTest::newRow(vector.name) << vector.message << QByteArray(vector.hex) << vector.layout;
}

void tst_MessageCodec::trailingBytesIgnored()
{
    QFETCH(Message, message);
    QFETCH(QByteArray, hex);
    QFETCH(Layout, layout);
    for (const char *trailer : {"00", "de ad be ef", "ff ff ff ff 00 00 00 01"}) {
        const DecodeResult result =
            MessageCodec::decode(QByteArray::fromHex(hex + trailer), layout);
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
    // Readers accept null strings and arrays, read as empty.
    QTest::newRow("Rejected null detail")
        << QByteArray("42 | 04 | ffffffff") << Message(Rejected {RejectReason::VersionUnsupported});
    QTest::newRow("Resume null token")
        << QByteArray("05 | ffffffff | 0000000000000009") << Message(Resume {QByteArray(), 9});
    QTest::newRow("History with a null event")
        << QByteArray("4b | 00 | 00000001 | ffffffff") << Message(History {0, {QByteArray()}});
    QTest::newRow("Welcome null epoch and token")
        << QByteArray("41 | 00000002 0041 | 00000000 | 0000000000000001 | 00000001"
                      " | ffffffff | ffffffff | 00000001")
        << Message(Welcome {u"A"_s, u""_s, 1, 1, QString(), QByteArray(), 1});
    // A later minor version's fields after 1.1's are ignored.
    QTest::newRow("Say 1.1 then more")
        << QByteArray("02 | 00000002 0041 | 0000000000000002 | 0000") << Message(Say {u"A"_s, 2});
    // Hello.version other than 1: nothing after it is read, 1.1 fields included.
    QTest::newRow("Hello version 2 with 1.1 fields")
        << QByteArray("01 | 0002 | 00000002 0041 | 0001 | 0064") << Message(Hello {2, QString()});
}

void tst_MessageCodec::decodeOnly()
{
    QFETCH(QByteArray, hex);
    QFETCH(Message, message);
    QVERIFY2(isEvenHex(hex), "odd number of hex digits in the vector");
    const DecodeResult result = MessageCodec::decode(QByteArray::fromHex(hex));
    QCOMPARE(result.status, DecodeResult::Status::Ok);
    QCOMPARE(result.message, message);
    // QString's == takes null and empty as equal: check that a null reads as empty.
    if (const auto *say = std::get_if<Protocol::Say>(&result.message))
        QCOMPARE(say->text.isEmpty(), std::get<Protocol::Say>(message).text.isEmpty());
}

void tst_MessageCodec::unknownType_data()
{
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<quint8>("type");

    QTest::newRow("0x00") << QByteArray("00") << quint8(0x00);
    QTest::newRow("0x08 after Rename") << QByteArray("08") << quint8(0x08);
    QTest::newRow("0x08 with fields") << QByteArray("08 | 00000002 0041") << quint8(0x08);
    QTest::newRow("0x3f") << QByteArray("3f") << quint8(0x3f);
    QTest::newRow("0x40") << QByteArray("40 | 0001") << quint8(0x40);
    QTest::newRow("0x4d after Resumed") << QByteArray("4d | 00000000") << quint8(0x4d);
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
    // 1.1: an appended field cut in its middle, and the new types.
    QTest::newRow("Hello minor cut") << QByteArray("01 | 0001 | 00000000 | 00") << quint8(0x01);
    QTest::newRow("Hello roomEpoch past end")
        << QByteArray("01 | 0001 | 00000000 | 0001 | 0064 | 00000004 0065") << quint8(0x01);
    QTest::newRow("Hello afterSeq cut")
        << QByteArray("01 | 0001 | 00000000 | 0001 | 0064 | 00000000 | 00000000000000")
        << quint8(0x01);
    QTest::newRow("Say clientId cut") << QByteArray("02 | 00000000 | 000000") << quint8(0x02);
    QTest::newRow("Chat clientId cut")
        << QByteArray("45 | 0000000000000001 | 0000018bcfe56800 | 00000000 | 00000000 | 00")
        << quint8(0x45);
    QTest::newRow("Welcome token past end")
        << QByteArray("41 | 00000000 | 00000000 | 0000000000000001 | 00000001 | 00000000"
                      " | 00000010 a1b2")
        << quint8(0x41);
    QTest::newRow("Resume empty") << QByteArray("05") << quint8(0x05);
    QTest::newRow("Resume no lastSeq") << QByteArray("05 | 00000000") << quint8(0x05);
    QTest::newRow("Resume token past end")
        << QByteArray("05 | 00000011 a1b2c3d4e5f60718293a4b5c6d7e8f90 | 0000000000000001")
        << quint8(0x05);
    QTest::newRow("HistoryRequest max cut")
        << QByteArray("06 | 00000000000001f4 | 00") << quint8(0x06);
    QTest::newRow("Rename odd") << QByteArray("07 | 00000001 41") << quint8(0x07);
    QTest::newRow("History no count") << QByteArray("4b | 00") << quint8(0x4b);
    QTest::newRow("History count 0xffffffff")
        << QByteArray("4b | 00 | ffffffff | 00000000") << quint8(0x4b);
    QTest::newRow("History event past end")
        << QByteArray("4b | 00 | 00000001 | 00000005 4546") << quint8(0x4b);
    QTest::newRow("Resumed no lastClientId")
        << QByteArray("4c | 00000000 | 0000000000000001 | 00000000") << quint8(0x4c);
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
    QTest::newRow("History count 0xffffffff") << QByteArray("4b | 00 | ffffffff | 00000000");
    QTest::newRow("History event byte count 0x7ffffffe")
        << QByteArray("4b | 00 | 00000001 | 7ffffffe 45");
    QTest::newRow("Resume token byte count 0xfffffffe") << QByteArray("05 | fffffffe | 00");
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

void tst_MessageCodec::appendedFieldsStopAtBoundaries_data()
{
    using namespace Protocol;
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<Message>("message");
    const QByteArray hello = "01 | 0001 | 00000004 5f20 4e09";
    QTest::newRow("Hello 1.0") << hello << Message(Hello {1, u"张三"_s});
    // A Hello that ends after minor asks for no history.
    QTest::newRow("Hello after minor") << hello + " | 0001" << Message(Hello {1, u"张三"_s, 1});
    QTest::newRow("Hello after historyMax")
        << hello + " | 0001 | 0064" << Message(Hello {1, u"张三"_s, 1, 100});
    QTest::newRow("Hello after roomEpoch") << hello + " | 0001 | 0064 | 00000004 0065 0031"
                                           << Message(Hello {1, u"张三"_s, 1, 100, u"e1"_s});
    QTest::newRow("Hello after afterSeq")
        << hello + " | 0001 | 0064 | 00000004 0065 0031 | 000000000000002a"
        << Message(Hello {1, u"张三"_s, 1, 100, u"e1"_s, 42});
    QTest::newRow("Welcome after roomEpoch")
        << QByteArray("41 | 00000002 0041 | 00000000 | 0000000000000005 | 00000002"
                      " | 00000004 0065 0031")
        << Message(Welcome {u"A"_s, u""_s, 5, 2, u"e1"_s});
    QTest::newRow("Welcome after resumeToken")
        << QByteArray("41 | 00000002 0041 | 00000000 | 0000000000000005 | 00000002"
                      " | 00000004 0065 0031 | 00000002 abcd")
        << Message(Welcome {u"A"_s, u""_s, 5, 2, u"e1"_s, QByteArray::fromHex("abcd")});
}

void tst_MessageCodec::appendedFieldsStopAtBoundaries()
{
    QFETCH(QByteArray, hex);
    QFETCH(Message, message);
    QVERIFY2(isEvenHex(hex), "odd number of hex digits in the vector");
    const DecodeResult result = MessageCodec::decode(QByteArray::fromHex(hex));
    QCOMPARE(result.status, DecodeResult::Status::Ok);
    QCOMPARE(result.message, message);
}

void tst_MessageCodec::layout10LeavesAppendedOut_data()
{
    using namespace Protocol;
    QTest::addColumn<Message>("message");
    QTest::addColumn<QByteArray>("hex");
    // What a 1.0 peer gets from a 1.1 server or client: the 1.0 bytes exactly.
    QTest::newRow("Hello") << Message(Hello {1, u"张三"_s, 1, 100, u"e1"_s, 42, u"pw"_s})
                           << QByteArray("01 | 0001 | 00000004 5f20 4e09");
    QTest::newRow("Say") << Message(Say {u"你好"_s, 7}) << QByteArray("02 | 00000004 4f60 597d");
    QTest::newRow("Welcome")
        << Message(Welcome {u"张三"_s, u"大厅"_s, 7, 3, u"e1"_s, QByteArray(16, 'x'), 60000})
        << QByteArray("41 | 00000004 5f20 4e09 | 00000004 5927 5385 | 0000000000000007"
                      " | 00000003");
    QTest::newRow("Joined renamed")
        << Message(Joined {12, AtMs, u"张三丰"_s, u"张三"_s})
        << QByteArray("43 | 000000000000000c | 0000018bcfe56800 | 00000006 5f20 4e09 4e30");
    // 1.0 has no reason Renamed: a 1.0 member sees a rename as Quit and a plain Joined.
    QTest::newRow("Left Renamed is Quit")
        << Message(Left {11, AtMs, u"张三"_s, LeaveReason::Renamed})
        << QByteArray("44 | 000000000000000b | 0000018bcfe56800 | 00000004 5f20 4e09 | 00");
    QTest::newRow("Chat") << Message(Chat {7, 1795766400000, u"张三"_s, u"你好"_s, 3})
                          << QByteArray("45 | 0000000000000007 | 000001a21c04b400"
                                        " | 00000004 5f20 4e09 | 00000004 4f60 597d");
}

void tst_MessageCodec::layout10LeavesAppendedOut()
{
    QFETCH(Message, message);
    QFETCH(QByteArray, hex);
    QVERIFY2(isEvenHex(hex), "odd number of hex digits in the vector");
    QCOMPARE(MessageCodec::encode(message, Layout::V1_0).toHex(' '),
             QByteArray::fromHex(hex).toHex(' '));
    QCOMPARE(MessageCodec::encode(message).toHex(' '), QByteArray::fromHex(hex).toHex(' '));
}

void tst_MessageCodec::historyFrames_data()
{
    using namespace Protocol;
    QTest::addColumn<QList<QByteArray>>("events");
    QTest::addColumn<quint8>("flags");
    QTest::addColumn<qsizetype>("maxPayload");
    QTest::addColumn<QList<QByteArray>>("frames"); // hex, written by hand

    const QByteArray a = QByteArray::fromHex("46 0000000000000002 fffffffffffffffe 00000000");
    const QByteArray b = QByteArray::fromHex("46 0000000000000003 fffffffffffffffe 00000000");
    // Each event is 21 bytes, 25 with its length; a frame's own header is 6 bytes.
    QTest::newRow("empty batch: one frame, no events")
        << QList<QByteArray>() << quint8(0) << qsizetype(65536)
        << QList<QByteArray> {"00000006 | 4b | 00 | 00000000"};
    QTest::newRow("empty reply, truncated")
        << QList<QByteArray>() << quint8(HistoryReply | HistoryTruncated) << qsizetype(65536)
        << QList<QByteArray> {"00000006 | 4b | 06 | 00000000"};
    QTest::newRow("two events fit")
        << QList<QByteArray> {a, b} << quint8(HistoryTruncated) << qsizetype(56)
        << QList<QByteArray> {"00000038 | 4b | 02 | 00000002"
                              " | 00000015 46 0000000000000002 fffffffffffffffe 00000000"
                              " | 00000015 46 0000000000000003 fffffffffffffffe 00000000"};
    // One byte less than both need: More on the first, Truncated only on the last, Reply
    // on both.
    QTest::newRow("split in two")
        << QList<QByteArray> {a, b} << quint8(HistoryTruncated | HistoryReply) << qsizetype(55)
        << QList<QByteArray> {"0000001f | 4b | 05 | 00000001"
                              " | 00000015 46 0000000000000002 fffffffffffffffe 00000000",
                              "0000001f | 4b | 06 | 00000001"
                              " | 00000015 46 0000000000000003 fffffffffffffffe 00000000"};
    // A limit below one event still sends it, one per frame.
    QTest::newRow("limit below one event")
        << QList<QByteArray> {a} << quint8(0) << qsizetype(10)
        << QList<QByteArray> {"0000001f | 4b | 00 | 00000001"
                              " | 00000015 46 0000000000000002 fffffffffffffffe 00000000"};
    // The caller's More is ignored: the builder decides where a batch ends.
    QTest::newRow("More from the caller ignored")
        << QList<QByteArray> {a} << quint8(HistoryMore) << qsizetype(65536)
        << QList<QByteArray> {"0000001f | 4b | 00 | 00000001"
                              " | 00000015 46 0000000000000002 fffffffffffffffe 00000000"};
}

void tst_MessageCodec::historyFrames()
{
    QFETCH(QList<QByteArray>, events);
    QFETCH(quint8, flags);
    QFETCH(qsizetype, maxPayload);
    QFETCH(QList<QByteArray>, frames);
    const QList<QByteArray> built =
        Protocol::HistoryFrameBuilder::frames(events, flags, maxPayload);
    QCOMPARE(built.size(), frames.size());
    for (qsizetype i = 0; i < frames.size(); ++i) {
        QVERIFY2(isEvenHex(frames.at(i)), "odd number of hex digits in the vector");
        QCOMPARE(built.at(i).toHex(' '), QByteArray::fromHex(frames.at(i)).toHex(' '));
    }
    if (built.size() == 1)
        QCOMPARE(Protocol::HistoryFrameBuilder::payloadSize(events), built.constFirst().size() - 4);
}

QTEST_MAIN(tst_MessageCodec)
#include "tst_messagecodec.moc"
