#pragma once

#include <QList>
#include <QtGlobal>

// What /proc says about the server: its peak (VmHWM) and current (VmRSS) resident set
// in KiB from /proc/<pid>/status, and the CPU time it has used (user + system) from
// /proc/<pid>/stat. CPU time per delivery does not depend on what else the machine is
// running, which wall-clock rates on a shared 2-core box do. All 0 when unreadable.
struct ProcStatus
{
    qint64 peakRssKb = 0;
    qint64 rssKb = 0;
    double cpuSeconds = 0;

    static ProcStatus read(qint64 pid);
    static double cpuSecondsOf(qint64 pid);
    // Several servers of one room: CPU time summed, peak and current memory the largest
    // single process's (what one machine of the deployment needs).
    static ProcStatus readAll(const QList<qint64> &pids);
    static double cpuSecondsOfAll(const QList<qint64> &pids);
};
