#pragma once

#include "decoderesult.h"
#include "messages.h"

#include <QByteArray>

namespace Protocol {

// Which fields a payload carries: a 1.0 peer gets exactly the 1.0 bytes, a 1.1 peer the
// appended fields as well (docs/protocol.md, "Appended fields").
enum class Layout : quint8 { V1_0, V1_1 };

// Message <-> payload bytes, as docs/protocol.md specifies: QDataStream version Qt_6_0,
// big-endian, one type byte and then the fields of that type in order.
class MessageCodec final
{
public:
    // V1_0 leaves the appended fields out and writes Left{Renamed} as Quit, the reason a
    // 1.0 peer knows. It is the default so that a caller that does not know about 1.1
    // keeps sending 1.0 bytes; 1.1 code says V1_1.
    static QByteArray encode(const Message &message, Layout layout = Layout::V1_0);
    // The payload with its 4-byte length header, ready for a socket.
    static QByteArray encodeFrame(const Message &message, Layout layout = Layout::V1_0);
    // Reads the appended fields that are there: they may stop at any field boundary, and
    // the absent ones keep their defaults. V1_0 reads only the 1.0 fields and ignores the
    // rest, as a 1.0 peer's bytes after them are to be ignored.
    static DecodeResult decode(QByteArrayView payload, Layout layout = Layout::V1_1);
};

} // namespace Protocol
