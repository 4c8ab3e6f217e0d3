#pragma once

#include <chrono>

// How often AdminFeed may hand the window a batch, from what showing the last one cost.
// The window shares the room's event loop: every millisecond it spends laying out and
// painting is a millisecond no member is served. Its cost per update barely depends on
// the batch (one appended line scrolls and repaints every visible row, as fifty do), so
// the only lever is how many updates there are: at most share() of the time, however
// slow the machine, the style or the display. At 20 updates a second a 2 ms paint is 4%
// of a core; paced to 1% it is 5 a second, still a log that moves.
//
// pace() is the least time between two batches: the cost of the last cycle (everything
// the window reported between the two batches before) divided by share(), within
// [minimum(), maximum()]. A room that was quiet for longer than that waits only
// minimum() (delayAfter()), so a lone join is not held back by a flood long over.
// Plain arithmetic, no clock: the caller measures, tests feed in costs.
class FeedPacer final
{
public:
    static constexpr std::chrono::milliseconds DefaultMinimum {50}; // 20 a second at most
    static constexpr std::chrono::milliseconds DefaultMaximum {500}; // 2 a second at least
    static constexpr double DefaultShare = 0.01;

    void setMinimum(std::chrono::milliseconds minimum);
    std::chrono::milliseconds minimum() const { return m_minimum; }
    void setMaximum(std::chrono::milliseconds maximum);
    std::chrono::milliseconds maximum() const { return m_maximum; }
    // The share of the event loop's time the window may take, 0 < share <= 1.
    void setShare(double share);
    double share() const { return m_share; }

    // Time the window spent showing the feed (a batch, a paint) since the last batch.
    void addCost(std::chrono::nanoseconds spent);
    std::chrono::nanoseconds pendingCost() const { return m_cost; }
    // A batch goes out: the cycle's cost sets pace(), and a new cycle starts.
    void batchHandedOut();

    std::chrono::milliseconds pace() const { return m_pace; }
    // How long a batch whose first event arrives `sinceLastBatch` after the previous batch
    // should wait: the rest of pace(), and at least minimum().
    std::chrono::milliseconds delayAfter(std::chrono::milliseconds sinceLastBatch) const;

private:
    std::chrono::milliseconds m_minimum = DefaultMinimum;
    std::chrono::milliseconds m_maximum = DefaultMaximum;
    double m_share = DefaultShare;
    std::chrono::nanoseconds m_cost {0};
    std::chrono::milliseconds m_pace = DefaultMinimum;
};
