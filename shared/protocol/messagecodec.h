#pragma once

#include "decoderesult.h"
#include "messages.h"

#include <QByteArray>

namespace Protocol {

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
