#pragma once

#include "messages.h"

#include <QByteArray>

class QIODevice;

namespace Protocol {

// Cuts the byte stream of any QIODevice into payloads (docs/protocol.md, "Frames").
// It reads the 4-byte header on its own and judges the length before it takes a single
// payload byte, so a hostile length costs nothing, and it never holds more than one
// frame of at most maxFrameSize bytes.
class FrameReader final
{
public:
    enum class Error : quint8 {
        None,
        EmptyFrame, // length 0
        FrameTooLarge, // length above the maximum
    };

    explicit FrameReader(quint32 maxFrameSize = MaxFrameSize);

    // Takes bytes from the device until one payload is whole. Returns true when
    // takePayload() has one; false when the device has nothing more for now, or on error.
    bool readNext(QIODevice *device);
    QByteArray takePayload();

    Error error() const { return m_error; }
    bool hasError() const { return m_error != Error::None; }
    // The length the failed header announced.
    quint32 rejectedLength() const { return m_length; }
    quint32 maxFrameSize() const { return m_maxFrameSize; }
    // Bytes held for a frame not yet whole: at most maxFrameSize + 4.
    qsizetype bufferedBytes() const { return m_header.size() + m_payload.size(); }

private:
    quint32 m_maxFrameSize;
    QByteArray m_header;
    QByteArray m_payload;
    quint32 m_length = 0;
    bool m_haveLength = false;
    bool m_ready = false;
    Error m_error = Error::None;
};

} // namespace Protocol
