#pragma once

// What DescriptorPoller calls when a descriptor it watches has something to read (bytes,
// an end of file or an error), and DirectSender when the kernel takes bytes again after
// refusing some. An interface, not std::function callbacks: 32 bytes each per member.
// Apart from the poller and the sender, which are Linux only, so that ClientConnection
// can implement it everywhere.
class DescriptorWatcher
{
public:
    virtual void descriptorReadable() = 0;
    virtual void descriptorWritable() = 0;
    // DirectSender: writing a bare descriptor failed (the peer reset it, say); the
    // connection is lost, as a QTcpSocket would report it.
    virtual void descriptorFailed() = 0;

protected:
    ~DescriptorWatcher() = default;
};
