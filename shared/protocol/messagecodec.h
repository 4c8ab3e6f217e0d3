#pragma once

#include "messages.h"

#include <QByteArray>

namespace Protocol {

// What decoding one payload gave: a message, or why there is none. Malformed and
// UnknownType are told apart because the server answers them differently.
struct DecodeResult
{
    enum class Status : quint8 { Ok, Malformed, UnknownType };
    Status status = Status::Malformed;
    quint8 type = 0; // the type byte as received; 0 when the payload is empty
    Message message;

    bool isOk() const { return status == Status::Ok; }
};

// Message <-> payload bytes, as docs/protocol.md specifies: QDataStream version Qt_6_0,
// big-endian, one type byte and then the fields of that type in order.
class MessageCodec final
{
public:
    static QByteArray encode(const Message &message);
    // The payload with its 4-byte length header, ready for a socket.
    static QByteArray encodeFrame(const Message &message);
    static DecodeResult decode(QByteArrayView payload);
};

} // namespace Protocol
