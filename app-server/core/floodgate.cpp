#include "floodgate.h"

FloodGate::FloodGate(int limit, qint64 windowMs)
    : m_limit(limit)
    , m_windowMs(windowMs)
{
}

void FloodGate::expire(QList<qint64> &times, qint64 nowMs) const
{
    while (!times.isEmpty() && nowMs - times.constFirst() >= m_windowMs)
        times.removeFirst();
}

FloodGate::Verdict FloodGate::check(qint64 nowMs)
{
    if (m_limit <= 0)
        return Verdict::Pass;
    expire(m_passed, nowMs);
    if (qsizetype(m_passed.size()) < m_limit) {
        m_passed.append(nowMs);
        return Verdict::Pass;
    }
    expire(m_dropped, nowMs);
    m_dropped.append(nowMs);
    return qsizetype(m_dropped.size()) > m_limit ? Verdict::Flooding : Verdict::SlowDown;
}
