#include "descriptorlimit.h"

#include <QDir>

#include <algorithm>
#include <limits>

#include "platform.h"

#if CHATROOM_HAS(unix_api)
#include <sys/resource.h>
#endif

namespace {

// SQLite's database, WAL and shared-memory files, a search index, the admin's files.
constexpr int Spare = 16;

} // namespace

qint64 DescriptorLimit::raiseToHardLimit()
{
#if CHATROOM_HAS(unix_api)
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    if (limit.rlim_cur == RLIM_INFINITY)
        return std::numeric_limits<qint64>::max();
    return qint64(limit.rlim_cur);
#else
    return -1;
#endif
}

int DescriptorLimit::openCount()
{
    const QDir fds(QStringLiteral("/proc/self/fd"));
    if (!fds.exists())
        return -1;
    // The listing's own descriptor is among the entries.
    return qMax(
        0, int(fds.entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System).size()) - 1);
}

int DescriptorLimit::membersWithin(qint64 limit, int open, int waiting)
{
    if (limit < 0)
        return std::numeric_limits<int>::max();
    const qint64 free = limit - qMax(open, 0) - waiting - Spare;
    return int(std::clamp<qint64>(free, 0, std::numeric_limits<int>::max()));
}
