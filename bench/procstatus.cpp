#include "procstatus.h"

#include <QFile>

#include <unistd.h>

ProcStatus ProcStatus::read(qint64 pid)
{
    ProcStatus status;
    if (pid <= 0)
        return status;
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return status;
    // /proc files report size 0, so QFile::atEnd() is true at once: take everything.
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        const auto valueOf = [&line](qsizetype prefix) {
            return line.mid(prefix).trimmed().split(' ').value(0).toLongLong();
        };
        if (line.startsWith("VmHWM:"))
            status.peakRssKb = valueOf(6);
        else if (line.startsWith("VmRSS:"))
            status.rssKb = valueOf(6);
    }
    status.cpuSeconds = cpuSecondsOf(pid);
    return status;
}

double ProcStatus::cpuSecondsOf(qint64 pid)
{
    if (pid <= 0)
        return 0;
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray line = file.readAll();
    // The command name (field 2) is in parentheses and may hold spaces: count from ')'.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 (utime, stime) are the 12th and 13th after the name.
    const double ticks = fields.value(11).toDouble() + fields.value(12).toDouble();
    return ticks / double(sysconf(_SC_CLK_TCK));
}

ProcStatus ProcStatus::readAll(const QList<qint64> &pids)
{
    ProcStatus all;
    for (const qint64 pid : pids) {
        const ProcStatus one = read(pid);
        all.peakRssKb = qMax(all.peakRssKb, one.peakRssKb);
        all.rssKb = qMax(all.rssKb, one.rssKb);
        all.cpuSeconds += one.cpuSeconds;
    }
    return all;
}

double ProcStatus::cpuSecondsOfAll(const QList<qint64> &pids)
{
    double seconds = 0;
    for (const qint64 pid : pids)
        seconds += cpuSecondsOf(pid);
    return seconds;
}
