#pragma once

#include "benchoptions.h"

#include <QString>
#include <QtGlobal>

// The outcome of one run, printed as one "RESULT key=value ..." line that a script can
// pick apart with nothing more than awk.
struct BenchResult
{
    BenchOptions::Mode mode = BenchOptions::Mode::Join;
    BenchOptions::Protocol protocol = BenchOptions::Protocol::Chatroom;
    int members = 0;
    int protocolMinor = 0; // 1: the members spoke 1.1
    int servers = 1; // ports the members were spread over
    bool completed = false; // every phase finished before its deadline
    QString error; // the first thing that went wrong, if anything

    // Joining (every mode starts with it).
    double allInSeconds = 0; // first connect to last Welcome
    double allNotifiedSeconds = 0; // ... until every member saw every later Joined
    quint64 notifications = 0; // Joined frames received
    quint64 expectedNotifications = 0;
    double joinServerCpuSeconds = 0; // the server's CPU time while joining
    // 1.1: first connect until every member had Welcome, all of Members and, when asked
    // for (--history), its History batch.
    double joinCompleteSeconds = 0;
    quint64 historyFrames = 0;
    quint64 historyEvents = 0;

    // Fan-out and latency.
    int senders = 0;
    quint64 messagesSent = 0;
    quint64 deliveries = 0;
    quint64 expectedDeliveries = 0;
    double seconds = 0; // first Say to last delivery
    double deliveriesPerSecond = 0; // over the steady window, 10% to 90% of deliveries
    double overallDeliveriesPerSecond = 0;
    double rate = 0; // latency: the requested deliveries per second
    // The server's CPU time (user + system) from the first Say to the last delivery, and
    // deliveries per second of it: what the server does per core, however loaded the
    // machine is.
    double serverCpuSeconds = 0;
    double deliveriesPerServerCpuSecond = 0;
    // The bench's own CPU time over the same span: when it nears the wall time, the tool
    // had its core to itself no longer, and the rate is the tool's, not the server's.
    double benchCpuSeconds = 0;
    // --other-pid (e.g. the shared room's redis-server): their CPU time over the same span.
    bool measuresOthers = false;
    double otherCpuSeconds = 0;

    // Latency, milliseconds.
    double p50Ms = 0;
    double p90Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;

    // Resume: connections reset, Resumed frames received, Rejected{ResumeFailed}, Says
    // sent again because the server had not processed them, and the time from the RST
    // to the Resumed frame, milliseconds.
    quint64 cuts = 0;
    quint64 resumes = 0;
    quint64 resumeFailed = 0;
    quint64 resent = 0;
    double resumeP50Ms = 0;
    double resumeP99Ms = 0;
    double resumeMaxMs = 0;

    // Accounting over every receiver.
    quint64 lost = 0;
    quint64 duplicates = 0;
    quint64 outOfOrder = 0;
    quint64 seqGaps = 0;
    quint64 foreign = 0;
    quint64 badClientIds = 0; // 1.1: a Chat whose clientId is not its Say's
    quint64 errors = 0;

    QString tlsCipher; // --tls: the negotiated cipher suite

    qint64 peakRssKb = 0;
    qint64 rssKb = 0;

    bool ok() const;
    QString summaryLine() const;
};
