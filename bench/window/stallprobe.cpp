#include "stallprobe.h"

#include <algorithm>

#include <ctime>

namespace {

qint64 threadCpuNs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

} // namespace

StallProbe::StallProbe(int intervalMs, QObject *parent)
    : QObject(parent)
{
    // Precise: a coarse timer may be moved by up to 5% on purpose, which would read as a
    // stall that never was.
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &StallProbe::tick);
}

void StallProbe::restart()
{
    m_clock.start();
    m_lastNs = 0;
    m_longestNs = 0;
    m_lastCpuNs = threadCpuNs();
    m_longestBusyNs = 0;
    m_over20 = 0;
    m_over50 = 0;
    m_ticks = 0;
    m_timer.start();
}

void StallProbe::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    const qint64 gap = now - m_lastNs;
    m_lastNs = now;
    ++m_ticks;
    m_longestNs = std::max(m_longestNs, gap);
    const qint64 cpu = threadCpuNs();
    m_longestBusyNs = std::max(m_longestBusyNs, cpu - m_lastCpuNs);
    m_lastCpuNs = cpu;
    m_over20 += gap > 20'000'000 ? 1 : 0;
    m_over50 += gap > 50'000'000 ? 1 : 0;
}
