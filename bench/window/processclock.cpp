#include "processclock.h"

#include "procstatus.h"

#include <QCoreApplication>

#include <ctime>

namespace ProcessClock {

double cpuSeconds()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

qint64 rssKb()
{
    return ProcStatus::read(QCoreApplication::applicationPid()).rssKb;
}

qint64 peakRssKb()
{
    return ProcStatus::read(QCoreApplication::applicationPid()).peakRssKb;
}

} // namespace ProcessClock
