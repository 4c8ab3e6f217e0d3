// libFuzzer target: arbitrary bytes as a stream into FrameReader (through a QBuffer that
// grows as the bytes "arrive"), every payload into MessageCodec::decode, and the raw
// input as one payload too. Beyond "no crash, no sanitizer report" it checks what must
// hold for any input:
// - the reader never holds more than one frame, and cutting the stream into other
//   chunks gives the same payloads and the same error: a peer controls how TCP splits
//   its bytes, so the result must not depend on it;
// - a decoded message has the type its first byte named, and decode(encode(m)) == m;
// - re-encoding is canonical: encode(decode(encode(m))) == encode(m), and the frame
//   written for it reads back as that very payload.
#include "protocol/framereader.h"
#include "protocol/framewriter.h"
#include "protocol/messagecodec.h"

#include <QBuffer>
#include <QList>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using Protocol::DecodeResult;
using Protocol::FrameReader;
using Protocol::MessageCodec;

namespace {

void require(bool ok, const char *what)
{
    if (ok)
        return;
    std::fprintf(stderr, "fuzz_codec: violated: %s\n", what);
    std::abort();
}

struct Stream
{
    QList<QByteArray> payloads;
    FrameReader::Error error = FrameReader::Error::None;
};

// Reads `data` as a peer that delivers `chunk` bytes at a time would (0: all at once).
Stream readStream(QByteArrayView data, qsizetype chunk, quint32 maxFrameSize)
{
    QByteArray arrived;
    QBuffer device(&arrived);
    device.open(QIODevice::ReadOnly);
    FrameReader reader(maxFrameSize);
    Stream stream;
    qsizetype fed = 0;
    for (;;) {
        while (reader.readNext(&device)) {
            stream.payloads.append(reader.takePayload());
            require(!stream.payloads.last().isEmpty(), "a payload is never empty");
            require(stream.payloads.last().size() <= qsizetype(maxFrameSize),
                    "a payload fits the maximum frame");
        }
        require(reader.bufferedBytes() <= qsizetype(maxFrameSize) + Protocol::FrameHeaderSize,
                "the reader holds at most one frame");
        if (reader.hasError() || fed == data.size())
            break;
        const qsizetype n = chunk > 0 ? qMin(chunk, data.size() - fed) : data.size();
        arrived.append(data.sliced(fed, n));
        fed += n;
    }
    stream.error = reader.error();
    return stream;
}

bool isKnownType(quint8 type)
{
    // Every type of docs/protocol.md: 1.0's and those 1.1 added (Resume, HistoryRequest,
    // Rename; History, Resumed).
    return (type >= 0x01 && type <= 0x07) || (type >= 0x41 && type <= 0x4C);
}

void checkPayload(QByteArrayView payload)
{
    const DecodeResult result = MessageCodec::decode(payload);
    if (payload.isEmpty()) {
        require(result.status == DecodeResult::Status::Malformed, "empty payload is malformed");
        return;
    }
    const quint8 type = quint8(payload.front());
    require(result.type == type, "the result names the type byte received");
    if (!isKnownType(type)) {
        require(result.status == DecodeResult::Status::UnknownType, "unknown type reported");
        return;
    }
    require(result.status != DecodeResult::Status::UnknownType, "known type not unknown");
    if (!result.isOk())
        return;
    require(quint8(Protocol::typeOf(result.message)) == type, "decoded as the type named");

    // The 1.1 layout carries every field a decoded message can hold.
    constexpr auto Layout = Protocol::Layout::V1_1;
    const QByteArray encoded = MessageCodec::encode(result.message, Layout);
    const DecodeResult again = MessageCodec::decode(encoded);
    require(again.isOk(), "an encoded message decodes");
    require(again.message == result.message, "decode(encode(m)) == m");
    require(MessageCodec::encode(again.message, Layout) == encoded, "encoding is canonical");

    const QByteArray frame = Protocol::FrameWriter::frame(encoded);
    require(frame == MessageCodec::encodeFrame(result.message, Layout),
            "encodeFrame = frame(encode)");
    if (encoded.size() <= qsizetype(Protocol::MaxFrameSize)) {
        const Stream written = readStream(frame, 0, Protocol::MaxFrameSize);
        require(written.error == FrameReader::Error::None && written.payloads.size() == 1
                    && written.payloads.first() == encoded,
                "a written frame reads back as its payload");
    }
}

void requireSame(const Stream &a, const Stream &b)
{
    require(a.error == b.error, "the error does not depend on how the bytes arrive");
    require(a.payloads == b.payloads, "the payloads do not depend on how the bytes arrive");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));

    const Stream whole = readStream(input, 0, Protocol::MaxFrameSize);
    requireSame(whole, readStream(input, 1, Protocol::MaxFrameSize));
    requireSame(whole, readStream(input, 5, Protocol::MaxFrameSize));
    for (const QByteArray &payload : whole.payloads)
        checkPayload(payload);

    // A small maximum, as a server configured with --max-frame would use, so the limit
    // is exercised by inputs of a few bytes.
    const Stream small = readStream(input, 3, 64);
    for (const QByteArray &payload : small.payloads)
        require(payload.size() <= 64, "the configured maximum holds");

    checkPayload(input);
    return 0;
}
