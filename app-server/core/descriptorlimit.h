#pragma once

#include <QtGlobal>

// The process's limit on open descriptors (RLIMIT_NOFILE). Every connection costs one, so
// the usual soft limit of 1024 would leave the room far below its 10,000 members, with
// the member past the limit hanging in the kernel's queue instead of being told RoomFull.
class DescriptorLimit final
{
public:
    // Raises the soft limit to the hard limit; returns the soft limit now in force, or -1
    // where the system has no such limit.
    static qint64 raiseToHardLimit();
    // The descriptors this process has open now, or -1 when it cannot tell.
    static int openCount();
    // How many members fit in `limit` descriptors with `open` in use and `waiting`
    // connections that have not joined yet (each needs one too), keeping a few spare for
    // the log's files.
    static int membersWithin(qint64 limit, int open, int waiting);
};
