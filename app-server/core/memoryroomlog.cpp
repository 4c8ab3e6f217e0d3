#include "memoryroomlog.h"

#include <QRandomGenerator>
#include <QtDebug>

#include <algorithm>
#include <array>

MemoryRoomLog::MemoryRoomLog(qsizetype capacity, const QString &epoch)
    : m_capacity(std::max<qsizetype>(1, capacity))
    , m_epoch(epoch.isEmpty() ? randomEpoch() : epoch)
{
    Q_ASSERT(capacity > 0);
}

QString MemoryRoomLog::randomEpoch()
{
    std::array<quint32, 4> words {};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()), sizeof(words));
    return QString::fromLatin1(bytes.toHex());
}

bool MemoryRoomLog::isMessage(Protocol::MessageType type)
{
    return type == Protocol::MessageType::Chat || type == Protocol::MessageType::Broadcast;
}

quint64 MemoryRoomLog::firstSeq() const
{
    return m_size > 0 ? at(0).seq : m_lastSeq + 1;
}

bool MemoryRoomLog::startOver(const QString &epoch)
{
    m_ring.clear();
    m_head = 0;
    m_size = 0;
    m_lastSeq = 0;
    m_epoch = epoch;
    return true;
}

void MemoryRoomLog::append(const Event &event)
{
    if (event.seq <= m_lastSeq) {
        qWarning("MemoryRoomLog: ignored event %llu, not above the last seq %llu", event.seq,
                 m_lastSeq);
        return;
    }
    m_lastSeq = event.seq;
    if (m_size == m_capacity) {
        m_ring[m_head] = event;
        m_head = (m_head + 1) % m_capacity;
        return;
    }
    const auto used = qsizetype(m_ring.size());
    if (m_size < used) {
        m_ring[(m_head + m_size) % used] = event;
        ++m_size;
        return;
    }
    // Every slot is taken but the ring may still grow: unwrap it so the new slot comes last.
    std::rotate(m_ring.begin(), m_ring.begin() + m_head, m_ring.end());
    m_head = 0;
    m_ring.push_back(event);
    ++m_size;
}

QList<RoomLog::Event> MemoryRoomLog::read(quint64 afterSeq, quint64 beforeSeq, int max,
                                          Filter filter) const
{
    QList<Event> events;
    if (beforeSeq == 0)
        return events;
    const qsizetype begin = indexAbove(afterSeq);
    const qsizetype end = indexAbove(beforeSeq - 1);
    if (begin >= end)
        return events;
    if (filter == Filter::AllEvents) {
        const qsizetype from = max > 0 ? std::max(begin, end - max) : begin;
        events.reserve(end - from);
        for (qsizetype i = from; i < end; ++i)
            events.append(at(i));
        return events;
    }
    // Joined and Left may be most of the range: walk back only until `max` messages.
    for (qsizetype i = end; i-- > begin && (max <= 0 || events.size() < max);) {
        if (isMessage(at(i).type))
            events.append(at(i));
    }
    std::reverse(events.begin(), events.end());
    return events;
}

QList<RoomLog::Event> MemoryRoomLog::search(const QString &query, int max) const
{
    return searchAfter(0, query, max);
}

QList<RoomLog::Event> MemoryRoomLog::searchAfter(quint64 afterSeq, const QString &query,
                                                 int max) const
{
    QList<Event> found;
    if (query.isEmpty())
        return found;
    const qsizetype begin = indexAbove(afterSeq);
    for (qsizetype i = m_size; i-- > begin && (max <= 0 || found.size() < max);) {
        const Event &event = at(i);
        if (isMessage(event.type)
            && (event.text.contains(query, Qt::CaseInsensitive)
                || event.nickname.contains(query, Qt::CaseInsensitive)))
            found.append(event);
    }
    return found;
}

void MemoryRoomLog::dropBefore(quint64 seq)
{
    const qsizetype count = seq > 0 ? indexAbove(seq - 1) : 0;
    for (qsizetype i = 0; i < count; ++i) {
        m_ring[m_head] = Event {}; // the strings and payload go now, not when overwritten
        m_head = (m_head + 1) % qsizetype(m_ring.size());
    }
    m_size -= count;
}

const RoomLog::Event &MemoryRoomLog::at(qsizetype index) const
{
    Q_ASSERT(index >= 0 && index < m_size);
    return m_ring[(m_head + index) % qsizetype(m_ring.size())];
}

qsizetype MemoryRoomLog::indexAbove(quint64 seq) const
{
    qsizetype low = 0;
    qsizetype high = m_size;
    while (low < high) {
        const qsizetype middle = low + (high - low) / 2;
        if (at(middle).seq <= seq)
            low = middle + 1;
        else
            high = middle;
    }
    return low;
}
