#include "ratemeter.h"

RateMeter::RateMeter(Counter counter, QObject *parent)
    : QObject(parent)
    , m_counter(std::move(counter))
{
    m_clock.start();
    sample();
    connect(&m_timer, &QTimer::timeout, this, &RateMeter::sample);
    m_timer.start(DefaultInterval);
}

void RateMeter::setInterval(std::chrono::milliseconds interval)
{
    m_timer.start(interval);
}

void RateMeter::sample()
{
    m_samples.append({m_clock.elapsed(), m_counter()});
    if (m_samples.size() > SampleCount)
        m_samples.removeFirst();
}

double RateMeter::window() const
{
    return double(m_clock.elapsed() - m_samples.constFirst().atMs) / 1000.0;
}

double RateMeter::rate() const
{
    const Sample &oldest = m_samples.constFirst();
    const qint64 elapsedMs = m_clock.elapsed() - oldest.atMs;
    if (elapsedMs <= 0)
        return 0.0;
    return double(m_counter() - oldest.count) * 1000.0 / double(elapsedMs);
}
