#pragma once

#include <QByteArray>

class QIODevice;

namespace Protocol {

// Puts the 4-byte big-endian length in front of a payload (docs/protocol.md, "Frames").
class FrameWriter final
{
public:
    static QByteArray frame(QByteArrayView payload);
    // Writes one whole frame; false if the device did not take all of it.
    static bool write(QIODevice *device, QByteArrayView payload);
};

} // namespace Protocol
