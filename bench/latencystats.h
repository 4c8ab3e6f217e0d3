#pragma once

#include <QtGlobal>

#include <vector>

// Delivery latencies in microseconds, one per delivery, and their percentiles.
class LatencyStats final
{
public:
    void reserve(size_t count) { m_samples.reserve(count); }
    void add(qint64 micros) { m_samples.push_back(micros < 0 ? 0 : micros); }
    size_t count() const { return m_samples.size(); }

    // Nearest-rank percentile, p in [0, 100]; 0 when there are no samples. Sorts once.
    qint64 percentile(double p);
    qint64 max();

private:
    std::vector<qint64> m_samples;
    bool m_sorted = false;
};
