#pragma once

#include <QList>
#include <QtGlobal>

// Counts one member's Say messages over a sliding window (docs/protocol.md, "Server
// limits"). Beyond the limit a message is dropped with Notice{SlowDown}; a member that
// keeps going after as many drops again in one window is flooding and is let go.
class FloodGate final
{
public:
    enum class Verdict : quint8 { Pass, SlowDown, Flooding };

    // limit 0 turns the gate off: everything passes.
    FloodGate(int limit, qint64 windowMs);

    Verdict check(qint64 nowMs);

private:
    void expire(QList<qint64> &times, qint64 nowMs) const;

    int m_limit;
    qint64 m_windowMs;
    // QList, not std::deque: an empty std::deque allocates ~600 bytes up front, 6 MB for
    // 5000 members who never speak (or a server run with --flood-limit 0). QList takes
    // nothing until used, and removeFirst() is O(1).
    QList<qint64> m_passed; // at most m_limit entries
    QList<qint64> m_dropped; // at most m_limit + 1 entries
};
