#include "latencystats.h"

#include <algorithm>
#include <cmath>

qint64 LatencyStats::percentile(double p)
{
    if (m_samples.empty())
        return 0;
    if (!m_sorted) {
        std::sort(m_samples.begin(), m_samples.end());
        m_sorted = true;
    }
    const double rank = std::ceil(p / 100.0 * double(m_samples.size()));
    const size_t index = size_t(qBound(1.0, rank, double(m_samples.size()))) - 1;
    return m_samples[index];
}

qint64 LatencyStats::max()
{
    return percentile(100);
}
