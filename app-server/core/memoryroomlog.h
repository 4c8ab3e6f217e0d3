#pragma once

#include "roomlog.h"

#include <vector>

// The room log in memory: the newest `capacity` events in a ring, nothing on disk. It is
// the log when no file is configured, and SqliteRoomLog's tail cache; for the latter it can
// also drop a prefix (the file's retention reaching the tail) and tell which ranges it
// holds in full.
class MemoryRoomLog final : public RoomLog
{
public:
    static constexpr qsizetype DefaultCapacity = 10'000;

    // An empty epoch makes a random one.
    explicit MemoryRoomLog(qsizetype capacity = DefaultCapacity, const QString &epoch = {});

    // 16 bytes from the system's random source as 32 lowercase hex digits: two logs never
    // share an epoch, so a client never mistakes one room's seq for another's.
    static QString randomEpoch();
    // Chat and Broadcast: the events that history, paging and search return.
    static bool isMessage(Protocol::MessageType type);

    bool open() override { return true; }
    QString errorString() const override { return {}; }
    QString epoch() const override { return m_epoch; }
    quint64 lastSeq() const override { return m_lastSeq; }
    quint64 firstSeq() const override;

    void append(const Event &event) override;
    bool startOver(const QString &epoch) override;
    QList<Event> read(quint64 afterSeq, quint64 beforeSeq, int max, Filter filter) const override;
    // max <= 0: every match. An empty query matches nothing.
    QList<Event> search(const QString &query, int max) const override;

    qint64 eventCount() const override { return m_size; }

    qsizetype capacity() const { return m_capacity; }
    qsizetype size() const { return m_size; }
    // True when every event with seq > afterSeq, kept now or appended later, is here:
    // nothing after afterSeq has been dropped.
    bool covers(quint64 afterSeq) const { return afterSeq >= firstSeq() - 1; }
    // Drops the events with a seq below `seq`.
    void dropBefore(quint64 seq);
    // search() over the events with seq > afterSeq only.
    QList<Event> searchAfter(quint64 afterSeq, const QString &query, int max) const;

private:
    const Event &at(qsizetype index) const;
    // The index of the oldest kept event with a seq above `seq` (size() when none):
    // the events are in seq order, so a binary search.
    qsizetype indexAbove(quint64 seq) const;

    // Grows up to m_capacity, then wraps; m_ring[m_head] is the oldest kept event.
    std::vector<Event> m_ring;
    qsizetype m_capacity = DefaultCapacity;
    qsizetype m_head = 0;
    qsizetype m_size = 0;
    quint64 m_lastSeq = 0;
    QString m_epoch;
};
