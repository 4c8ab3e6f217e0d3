#include "protocol/framereader.h"
#include "protocol/framewriter.h"
#include "protocol/messagecodec.h"

#include <QBuffer>
#include <QTest>

using namespace Qt::StringLiterals;
using Protocol::FrameReader;
using Protocol::FrameWriter;

char *toString(FrameReader::Error error)
{
    switch (error) {
    case FrameReader::Error::None:
        return qstrdup("None");
    case FrameReader::Error::EmptyFrame:
        return qstrdup("EmptyFrame");
    case FrameReader::Error::FrameTooLarge:
        return qstrdup("FrameTooLarge");
    }
    return qstrdup("?");
}

namespace {

// A stream that, like a socket, has only what has been pushed into it so far.
class ChunkDevice final : public QIODevice
{
public:
    ChunkDevice() { open(QIODevice::ReadOnly | QIODevice::Unbuffered); }

    void push(QByteArrayView bytes)
    {
        if (m_read == m_pending.size()) {
            m_pending.clear();
            m_read = 0;
        }
        m_pending.append(bytes);
        emit readyRead();
    }

    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override
    {
        return (m_pending.size() - m_read) + QIODevice::bytesAvailable();
    }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 count = qMin(maxSize, qint64(m_pending.size() - m_read));
        std::copy_n(m_pending.constData() + m_read, count, data);
        m_read += count;
        return count;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_pending;
    qsizetype m_read = 0;
};

// The length header, spelled out here rather than borrowed from FrameWriter.
QByteArray header(quint32 length)
{
    return QByteArray::fromHex(QByteArray::number(length, 16).rightJustified(8, '0'));
}

QByteArray pattern(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char(i * 7 + i / 251);
    return bytes;
}

} // namespace

class tst_FrameReader : public QObject
{
    Q_OBJECT

private slots:
    void chunks_data();
    void chunks();
    void doesNotReadPastFrame();
    void badLength_data();
    void badLength();
    void truncatedPayloadWaits();
    void errorIsSticky();
    void maxFrameSize_data();
    void maxFrameSize();
    void frameWriterBytes_data();
    void frameWriterBytes();
    void writeThenRead();
};

void tst_FrameReader::chunks_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QList<int>>("chunkSizes"); // used in turn, over and over
    QTest::addColumn<QByteArrayList>("payloads");

    const QByteArray abc = QByteArray::fromHex("00000003 616263");
    const QByteArray two = QByteArray::fromHex("00000003 616263 | 00000001 7a");
    const QByteArray three =
        QByteArray::fromHex("00000002 0102 | 00000005 1112131415 | 00000001 ff");
    const QByteArrayList twoPayloads {"abc", "z"};
    const QByteArrayList threePayloads {QByteArray::fromHex("0102"),
                                        QByteArray::fromHex("1112131415"), QByteArray("\xff")};

    QTest::newRow("one frame, one chunk") << abc << QList<int> {7} << QByteArrayList {"abc"};
    QTest::newRow("one byte at a time") << two << QList<int> {1} << twoPayloads;
    QTest::newRow("two frames in one chunk") << two << QList<int> {12} << twoPayloads;
    QTest::newRow("header split") << abc << QList<int> {2, 1, 4} << QByteArrayList {"abc"};
    QTest::newRow("payload split") << abc << QList<int> {5, 1, 1} << QByteArrayList {"abc"};
    QTest::newRow("frame split across chunks") << three << QList<int> {3, 5} << threePayloads;
    QTest::newRow("boundaries mid chunk") << three << QList<int> {7, 9, 4} << threePayloads;
    QTest::newRow("three frames in one chunk") << three << QList<int> {20} << threePayloads;

    const QByteArray largest = pattern(65536);
    const QByteArray largestStream = QByteArray::fromHex("00010000") + largest + abc;
    QTest::newRow("65536 in one chunk")
        << largestStream << QList<int> {65547} << QByteArrayList {largest, "abc"};
    QTest::newRow("65536 in chunks of 1000")
        << largestStream << QList<int> {1000} << QByteArrayList {largest, "abc"};
    QTest::newRow("65536 one byte at a time")
        << largestStream << QList<int> {1} << QByteArrayList {largest, "abc"};
}

void tst_FrameReader::chunks()
{
    QFETCH(QByteArray, stream);
    QFETCH(QList<int>, chunkSizes);
    QFETCH(QByteArrayList, payloads);

    ChunkDevice device;
    FrameReader reader;
    QByteArrayList got;
    qsizetype pos = 0;
    for (int i = 0; pos < stream.size(); ++i) {
        const qsizetype size =
            qMin<qsizetype>(chunkSizes.at(i % chunkSizes.size()), stream.size() - pos);
        device.push(QByteArrayView(stream).sliced(pos, size));
        pos += size;
        while (reader.readNext(&device))
            got.append(reader.takePayload());
        QVERIFY(!reader.hasError());
        QVERIFY(reader.bufferedBytes() <= qsizetype(Protocol::MaxFrameSize) + 4);
    }
    QCOMPARE(got.size(), payloads.size());
    QCOMPARE(got, payloads);
    QCOMPARE(device.bytesAvailable(), qint64(0));
    QCOMPARE(reader.bufferedBytes(), qsizetype(0));
    QVERIFY(reader.takePayload().isEmpty());
}

void tst_FrameReader::doesNotReadPastFrame()
{
    ChunkDevice device;
    FrameReader reader;
    device.push(QByteArray::fromHex("00000003 616263 | 00000001 7a"));

    QVERIFY(reader.readNext(&device));
    QCOMPARE(device.bytesAvailable(), qint64(5));
    // Asking again before taking the payload keeps the frame and reads nothing.
    QVERIFY(reader.readNext(&device));
    QCOMPARE(device.bytesAvailable(), qint64(5));
    QCOMPARE(reader.takePayload(), "abc");
    QVERIFY(reader.takePayload().isEmpty());

    QVERIFY(reader.readNext(&device));
    QCOMPARE(reader.takePayload(), "z");
    QVERIFY(!reader.readNext(&device));
    QVERIFY(!reader.hasError());
}

void tst_FrameReader::badLength_data()
{
    QTest::addColumn<quint32>("maxFrameSize");
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<FrameReader::Error>("error");
    QTest::addColumn<quint32>("length");

    const QByteArray four = QByteArray::fromHex("41424344");
    QTest::newRow("length 0") << Protocol::MaxFrameSize << QByteArray::fromHex("00000000") + four
                              << FrameReader::Error::EmptyFrame << 0u;
    QTest::newRow("65537") << Protocol::MaxFrameSize << QByteArray::fromHex("00010001") + four
                           << FrameReader::Error::FrameTooLarge << 65537u;
    QTest::newRow("65537 with its payload")
        << Protocol::MaxFrameSize << QByteArray::fromHex("00010001") + pattern(65537)
        << FrameReader::Error::FrameTooLarge << 65537u;
    QTest::newRow("0x80000000") << Protocol::MaxFrameSize << QByteArray::fromHex("80000000") + four
                                << FrameReader::Error::FrameTooLarge << 0x80000000u;
    QTest::newRow("0xffffffff") << Protocol::MaxFrameSize << QByteArray::fromHex("ffffffff") + four
                                << FrameReader::Error::FrameTooLarge << 0xffffffffu;
    QTest::newRow("0xffffffff alone") << Protocol::MaxFrameSize << QByteArray::fromHex("ffffffff")
                                      << FrameReader::Error::FrameTooLarge << 0xffffffffu;
    QTest::newRow("max 16, length 17") << 16u << QByteArray::fromHex("00000011") + four
                                       << FrameReader::Error::FrameTooLarge << 17u;
    QTest::newRow("max 16, length 0")
        << 16u << QByteArray::fromHex("00000000") << FrameReader::Error::EmptyFrame << 0u;
}

void tst_FrameReader::badLength()
{
    QFETCH(quint32, maxFrameSize);
    QFETCH(QByteArray, stream);
    QFETCH(FrameReader::Error, error);
    QFETCH(quint32, length);

    ChunkDevice device;
    FrameReader reader(maxFrameSize);
    device.push(stream);

    // Decided on the header alone: no waiting for a payload that may never come.
    QVERIFY(!reader.readNext(&device));
    QVERIFY(reader.hasError());
    QCOMPARE(reader.error(), error);
    QCOMPARE(reader.rejectedLength(), length);
    QVERIFY(reader.bufferedBytes() <= 4);
    QCOMPARE(device.bytesAvailable(), qint64(stream.size() - 4));
    QVERIFY(reader.takePayload().isEmpty());
}

void tst_FrameReader::truncatedPayloadWaits()
{
    ChunkDevice device;
    FrameReader reader;
    device.push(QByteArray::fromHex("0000000a | 3031323334"));

    QVERIFY(!reader.readNext(&device));
    QVERIFY(!reader.hasError());
    QCOMPARE(reader.bufferedBytes(), qsizetype(5));
    QVERIFY(!reader.readNext(&device));
    QVERIFY(!reader.hasError());
    QVERIFY(reader.takePayload().isEmpty());

    device.push("5678");
    QVERIFY(!reader.readNext(&device));
    QCOMPARE(reader.bufferedBytes(), qsizetype(9));

    device.push("9");
    QVERIFY(reader.readNext(&device));
    QCOMPARE(reader.takePayload(), "0123456789");
    QCOMPARE(reader.bufferedBytes(), qsizetype(0));
}

void tst_FrameReader::errorIsSticky()
{
    ChunkDevice device;
    FrameReader reader;
    device.push(QByteArray::fromHex("00000001 41 | 00000000"));

    QVERIFY(reader.readNext(&device));
    QCOMPARE(reader.takePayload(), "A");
    QVERIFY(!reader.readNext(&device));
    QCOMPARE(reader.error(), FrameReader::Error::EmptyFrame);

    device.push(QByteArray::fromHex("00000001 42"));
    for (int i = 0; i < 3; ++i) {
        QVERIFY(!reader.readNext(&device));
        QCOMPARE(reader.error(), FrameReader::Error::EmptyFrame);
        QVERIFY(reader.takePayload().isEmpty());
    }
}

void tst_FrameReader::maxFrameSize_data()
{
    QTest::addColumn<quint32>("maxFrameSize");
    QTest::newRow("1") << 1u;
    QTest::newRow("16") << 16u;
    QTest::newRow("1000") << 1000u;
}

void tst_FrameReader::maxFrameSize()
{
    QFETCH(quint32, maxFrameSize);
    QCOMPARE(FrameReader().maxFrameSize(), Protocol::MaxFrameSize);

    FrameReader reader(maxFrameSize);
    QCOMPARE(reader.maxFrameSize(), maxFrameSize);
    ChunkDevice device;
    const QByteArray largest = pattern(maxFrameSize);
    device.push(header(maxFrameSize) + largest);
    QVERIFY(reader.readNext(&device));
    QCOMPARE(reader.takePayload(), largest);

    device.push(header(maxFrameSize + 1) + pattern(maxFrameSize + 1));
    QVERIFY(!reader.readNext(&device));
    QCOMPARE(reader.error(), FrameReader::Error::FrameTooLarge);
    QCOMPARE(reader.rejectedLength(), maxFrameSize + 1);
}

void tst_FrameReader::frameWriterBytes_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QByteArray>("frame");

    QTest::newRow("one byte") << QByteArray("\x03") << QByteArray::fromHex("00000001 03");
    QTest::newRow("abc") << QByteArray("abc") << QByteArray::fromHex("00000003 616263");
    QTest::newRow("256 bytes") << QByteArray(256, 'x')
                               << QByteArray::fromHex("00000100") + QByteArray(256, 'x');
    QTest::newRow("65536 bytes") << QByteArray(65536, '\0')
                                 << QByteArray::fromHex("00010000") + QByteArray(65536, '\0');
}

void tst_FrameReader::frameWriterBytes()
{
    QFETCH(QByteArray, payload);
    QFETCH(QByteArray, frame);
    QCOMPARE(FrameWriter::frame(payload), frame);

    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QVERIFY(FrameWriter::write(&buffer, payload));
    QCOMPARE(buffer.data(), frame);
}

void tst_FrameReader::writeThenRead()
{
    using namespace Protocol;
    const QList<Message> messages {
        Hello {1, u"张三"_s},
        Chat {42, 1700000000000, u"张三"_s, u"你好 😀"_s},
        Members {{u"张三"_s, u"李四"_s}},
        Bye {},
    };

    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    for (const Message &message : messages)
        QVERIFY(FrameWriter::write(&buffer, MessageCodec::encode(message)));
    buffer.close();

    // Read back from a random-access device as well as from a stream.
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    ChunkDevice stream;
    stream.push(buffer.data());

    for (QIODevice *device :
         {static_cast<QIODevice *>(&buffer), static_cast<QIODevice *>(&stream)}) {
        FrameReader reader;
        QList<Message> got;
        while (reader.readNext(device)) {
            const DecodeResult result = MessageCodec::decode(reader.takePayload());
            QVERIFY(result.isOk());
            got.append(result.message);
        }
        QVERIFY(!reader.hasError());
        QCOMPARE(got.size(), messages.size());
        QVERIFY(got == messages);
        QCOMPARE(device->bytesAvailable(), qint64(0));
    }
}

QTEST_MAIN(tst_FrameReader)
#include "tst_framereader.moc"
