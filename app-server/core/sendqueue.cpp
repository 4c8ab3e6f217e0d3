#include "sendqueue.h"

#include <QIODevice>

#if CHATROOM_HAS(linux_api)
#include <sys/uio.h>
#endif

void SendQueue::append(const QByteArray &frame)
{
    // What was shared with this member before goes out before this frame.
    detachShared();
    m_frames.append(frame);
    m_frameBytes += frame.size();
}

void SendQueue::appendShared(const QByteArray *log, qsizetype from, qsizetype to)
{
    // Per delivery on the hot path: only arithmetic.
    if (m_sharedTo == m_sharedFrom) {
        m_sharedLog = log;
        m_sharedFrom = from;
    } else if (m_sharedTo != from || m_sharedLog != log) {
        detachShared(); // not contiguous (never seen in practice): keep the order by copying
        m_sharedLog = log;
        m_sharedFrom = from;
    }
    m_sharedTo = to;
}

void SendQueue::detachShared()
{
    if (m_sharedTo == m_sharedFrom) {
        m_sharedFrom = m_sharedTo = 0;
        return;
    }
    m_frames.append(QByteArray(m_sharedLog->constData() + m_sharedFrom, m_sharedTo - m_sharedFrom));
    m_frameBytes += m_sharedTo - m_sharedFrom;
    m_sharedFrom = m_sharedTo = 0;
}

void SendQueue::clear()
{
    // Not clear(): a QList keeps its capacity, 64 bytes for every member that was ever
    // sent a frame of its own (a Welcome), 0.3 MB at 5000 members.
    m_frames = {};
    m_firstSent = 0;
    m_frameBytes = 0;
    m_sharedFrom = m_sharedTo = 0;
}

#if CHATROOM_HAS(linux_api)
int SendQueue::gather(iovec *parts, int max) const
{
    int count = 0;
    for (qsizetype i = 0; i < m_frames.size() && count < max - 1; ++i) {
        const qsizetype skip = i == 0 ? m_firstSent : 0;
        parts[count++] = {const_cast<char *>(m_frames.at(i).constData()) + skip,
                          size_t(m_frames.at(i).size() - skip)};
    }
    // The shared slice comes after every frame, so only once they all have a part.
    if (count == m_frames.size() && hasShared())
        parts[count++] = {const_cast<char *>(m_sharedLog->constData()) + m_sharedFrom,
                          size_t(m_sharedTo - m_sharedFrom)};
    return count;
}
#endif

void SendQueue::consume(qsizetype count)
{
    while (count > 0 && !m_frames.isEmpty()) {
        const qsizetype rest = m_frames.constFirst().size() - m_firstSent;
        const qsizetype taken = qMin(rest, count);
        count -= taken;
        m_frameBytes -= taken;
        if (taken == rest) {
            m_frames.removeFirst();
            m_firstSent = 0;
            if (m_frames.isEmpty())
                m_frames = {}; // see clear()
        } else {
            m_firstSent += taken;
        }
    }
    m_sharedFrom += count;
    if (m_sharedFrom == m_sharedTo)
        m_sharedFrom = m_sharedTo = 0;
}

void SendQueue::writeTo(QIODevice *device)
{
    for (qsizetype i = 0; i < m_frames.size(); ++i) {
        const qsizetype skip = i == 0 ? m_firstSent : 0;
        device->write(m_frames.at(i).constData() + skip, m_frames.at(i).size() - skip);
    }
    if (hasShared())
        device->write(m_sharedLog->constData() + m_sharedFrom, m_sharedTo - m_sharedFrom);
    clear();
}
