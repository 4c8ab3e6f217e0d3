#pragma once

#include "platform.h"

#include <QByteArray>
#include <QList>

class QIODevice;
struct iovec;

// What one member has been given and the kernel has not taken yet, in order: its own
// frames (shared, not copied), then its slice of the log the server shares among all
// members for one event-loop pass. The queue means the same whichever FrameSender takes
// its bytes, so the send-queue limit does too.
class SendQueue
{
public:
    void append(const QByteArray &frame);
    // Bytes [from, to) of a log the server keeps until it has flushed every member with a
    // slice of it. Consecutive slices merge, so a member's share of a whole pass is one
    // range; a slice that does not continue the last one is copied to keep the order.
    void appendShared(const QByteArray *log, qsizetype from, qsizetype to);

    qint64 size() const { return m_frameBytes + (m_sharedTo - m_sharedFrom); }
    bool isEmpty() const { return size() == 0; }
    bool hasShared() const { return m_sharedTo > m_sharedFrom; }

    // Copies the pending slice of the shared log into the frames: the log is reused after
    // the pass, so whatever cannot go now must own its bytes.
    void detachShared();
    void clear();

#if CHATROOM_HAS(linux_api)
    // Points up to `max` parts at the queued bytes, in order, for DirectSender's sendmsg().
    int gather(iovec *parts, int max) const;
#endif
    // Drops the first `count` bytes, which the kernel has taken.
    void consume(qsizetype count);
    // Writes everything to `device` (which buffers what it cannot send) and empties.
    void writeTo(QIODevice *device);

private:
    QList<QByteArray> m_frames;
    qsizetype m_firstSent = 0; // bytes of m_frames.first() already taken
    qint64 m_frameBytes = 0; // unsent bytes in m_frames
    const QByteArray *m_sharedLog = nullptr;
    qsizetype m_sharedFrom = 0;
    qsizetype m_sharedTo = 0;
};
