#include "feedpacer.h"

#include <algorithm>
#include <cmath>

using std::chrono::milliseconds;

void FeedPacer::setMinimum(milliseconds minimum)
{
    m_minimum = std::max(milliseconds(0), minimum);
    m_maximum = std::max(m_maximum, m_minimum);
    m_pace = std::clamp(m_pace, m_minimum, m_maximum);
}

void FeedPacer::setMaximum(milliseconds maximum)
{
    m_maximum = std::max(maximum, m_minimum);
    m_pace = std::clamp(m_pace, m_minimum, m_maximum);
}

void FeedPacer::setShare(double share)
{
    m_share = std::clamp(share, 1e-6, 1.0);
}

void FeedPacer::addCost(std::chrono::nanoseconds spent)
{
    if (spent.count() > 0)
        m_cost += spent;
}

void FeedPacer::batchHandedOut()
{
    // Rounded up: a cost that needs 200.4 ms to stay within the share gets 201.
    const double ms = double(m_cost.count()) / 1e6 / m_share;
    const double bounded = std::clamp(ms, double(m_minimum.count()), double(m_maximum.count()));
    m_pace = milliseconds(static_cast<milliseconds::rep>(bounded + 0.999));
    m_pace = std::clamp(m_pace, m_minimum, m_maximum);
    m_cost = {};
}

milliseconds FeedPacer::delayAfter(milliseconds sinceLastBatch) const
{
    return std::max(m_minimum, m_pace - sinceLastBatch);
}
