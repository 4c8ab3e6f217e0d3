#pragma once

#include "framesender.h"

class PeerSocket;

// Writes to the socket's QIODevice and has it hand the kernel at once all it takes, the
// rest kept in the device's buffer for a later pass: QSslSocket encrypts there,
// QLocalSocket and QTcpSocket copy there. What the device holds counts toward the
// send-queue limit, so the limit means what it means for DirectSender: bytes the peer
// has not taken, not bytes waiting for an event-loop pass.
class DeviceSender final : public FrameSender
{
public:
    explicit DeviceSender(PeerSocket *socket);

    void flush(SendQueue &queue) override;
    void handOver(SendQueue &queue) override;
    void stop() override { }

private:
    PeerSocket *m_socket;
};
