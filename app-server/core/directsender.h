#pragma once

#include "descriptorwatcher.h"
#include "framesender.h"

#include <QSocketNotifier>

#include <memory>

class QAbstractSocket;

// The fast path for plain TCP on Linux. QTcpSocket::write() copies into a ring buffer per
// socket, arms the socket's write notifier and sends on a later pass. With thousands of
// members that is a notifier enabled and disabled per member per pass, and with the glib
// event dispatcher each of those walks a list of every socket: O(members^2) per pass,
// most of the server's time in a profile. So this sender hands the kernel the member's
// own frames and its slice of the shared log in one sendmsg(), without copying either;
// only a peer that does not keep up costs a copy and a notifier.
//
// It owns the descriptor's write side: QTcpSocket is never handed a byte until
// handOver() (close, or an error the socket then meets and reports), and from then on
// gets all of them, so the order on the wire holds. A bare descriptor (no QTcpSocket,
// PeerSocket::fromDescriptor()) has nothing to hand over to: this sender writes all of
// it, close() included, and after an error drops what is queued and tells the watcher
// (descriptorFailed()), which reports the connection lost.
class DirectSender final : public FrameSender
{
public:
    // `watcher` hears descriptorWritable() when the kernel takes bytes again after
    // refusing some; the connection flushes then.
    DirectSender(QAbstractSocket *socket, DescriptorWatcher *watcher);
    // A bare descriptor.
    DirectSender(int descriptor, DescriptorWatcher *watcher);
    ~DirectSender() override;

    // Where the direct path exists: plain TCP (not TLS).
    static bool isAvailableFor(const QAbstractSocket *socket);

    void flush(SendQueue &queue) override;
    // For a bare descriptor: drops the queue (there is no device to take it) and reports
    // the failure.
    void handOver(SendQueue &queue) override;
    void stop() override { setWaitingForWritable(false); }

private:
    // Returns false when the descriptor failed (not merely full).
    bool sendDirect(SendQueue &queue, bool *blocked);
    void setWaitingForWritable(bool waiting);

    QAbstractSocket *m_socket = nullptr; // null for a bare descriptor
    int m_descriptor;
    bool m_failed = false; // a bare descriptor failed: what is queued is dropped
    DescriptorWatcher *m_watcher;
    // Armed only while the kernel refuses bytes: a slow reader.
    std::unique_ptr<QSocketNotifier> m_notifier;
};
