#pragma once

#include <QtGlobal>

// This process's own figures, finer than /proc/<pid>/stat's 10 ms ticks.
namespace ProcessClock {
// User and system CPU time of the whole process, in seconds.
double cpuSeconds();
// Resident set now and at its peak (VmRSS, VmHWM), in KiB.
qint64 rssKb();
qint64 peakRssKb();
} // namespace ProcessClock
