#pragma once

#include <QtGlobal>

class SendQueue;

// How a member's bytes leave: the one object that owns the write side of its socket.
// ClientConnection decides what goes into the SendQueue and when to flush; a sender
// decides how the bytes reach the kernel. DeviceSender writes to any QIODevice (TLS, a
// local socket, TCP anywhere); DirectSender hands a TCP socket's descriptor the queue in
// one sendmsg() without copying, on Linux.
class FrameSender
{
public:
    virtual ~FrameSender() = default;

    // Gives the transport what it takes of `queue` now. Whatever stays in the queue no
    // longer points into the shared log, which is reused after the pass.
    virtual void flush(SendQueue &queue) = 0;
    // From now on every byte goes through the QIODevice, after all that went before:
    // close() writes its last frame there and lets the socket linger on it.
    virtual void handOver(SendQueue &queue) = 0;
    // The socket is closing or gone: stop watching it.
    virtual void stop() = 0;

    // Whether the socket's own buffer may hold bytes this sender gave it, which then count
    // toward the send-queue limit. Not virtual: it is read for every delivery.
    bool buffersInDevice() const { return m_buffersInDevice; }

protected:
    explicit FrameSender(bool buffersInDevice)
        : m_buffersInDevice(buffersInDevice)
    {
    }
    bool m_buffersInDevice;
};
