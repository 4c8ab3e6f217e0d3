#pragma once

#include "benchoptions.h"
#include "benchresult.h"
#include "latencystats.h"
#include "loadengine.h"

#include <QDeadlineTimer>

#include <functional>
#include <random>
#include <vector>

// The scenarios of chatroom-bench on one LoadEngine: join, fanout, latency and resume.
// run() blocks until the run is over or its hard timeout has passed; every loop in here
// is bounded by a count and by that deadline. Not a QObject and no event loop: the test
// runs it on a thread of its own next to an in-process server.
class BenchRunner final
{
public:
    explicit BenchRunner(const BenchOptions &options);

    BenchResult run();

private:
    // Every mode starts with all members joined and every Joined delivered.
    bool joinAll();
    bool fanout();
    bool latency();
    // resumerun.cpp
    bool resume();

    // Paced sending (latency, resume): sets m_perSender for R deliveries/s over T seconds
    // and returns the number of messages, 0 when that gives none.
    quint64 planPaced(double *messagesPerSecond);
    // Sends `total` messages round the senders at the rate; betweenPolls runs after every
    // poll of the sockets (a few milliseconds apart at most).
    bool sendPaced(quint64 total, double messagesPerSecond,
                   const std::function<void(qint64)> &betweenPolls);
    void takeLatencyPercentiles();
    // CPU seconds so far of the servers, of the other processes (--other-pid) and of the
    // bench itself; takeCpu() puts what each used since `start` in the result.
    struct CpuMark
    {
        double servers = 0;
        double others = 0;
        double own = 0;
    };
    CpuMark cpuNow() const;
    void takeCpu(const CpuMark &start);

    // Sends a sender's next Say frames until its window is full or it is done.
    void topUp(BenchMember &member);
    // Issues the sender's next Say and puts it on the wire unless the member is resuming.
    void sendOne(BenchMember &member, qint64 nowUs);
    // Writes the Says issued but not yet on the wire, in clientId order.
    void transmit(BenchMember &member, qint64 nowUs);
    void handleChat(BenchMember &member, const BenchWire::ChatView &chat, qint64 nowUs);
    // Resume: resets a random cutPercent of the members; and a member's Resumed.
    void cutSome();
    void handleResumed(BenchMember &member, quint64 lastClientId, qint64 nowUs);
    // Waits for events until done() or no delivery arrived for stallMs or the deadline.
    bool pollUntil(const std::function<bool()> &done, int extraFd = -1, bool *extraReady = nullptr);
    void chooseSenders();
    void finishAccounts();
    bool fail(const QString &why);
    bool irc() const { return m_options.protocol == BenchOptions::Protocol::Irc; }
    // Members that receive each message: all of them, or all but the sender on IRC.
    int receiversPerMessage() const;
    // IRC: the member whose receipt of a sender's message moves that sender's window.
    int witnessOf(int sender) const;

    BenchOptions m_options;
    LoadEngine m_engine;
    BenchResult m_result;
    QDeadlineTimer m_deadline;
    LatencyStats m_latency;
    LatencyStats m_resumeTimes; // microseconds from the RST to the Resumed frame
    std::mt19937 m_random {20261127}; // the same members are cut in every run
    qint64 m_nextCutUs = 0;
    int m_resuming = 0;
    std::vector<int> m_senderMembers; // sender -> member index
    quint32 m_perSender = 0;
    bool m_measureLatency = false;
    quint64 m_deliveries = 0;
    quint64 m_mark10 = 0;
    quint64 m_mark90 = 0;
    qint64 m_startUs = 0;
    qint64 m_at10Us = 0;
    qint64 m_at90Us = 0;
    qint64 m_lastDeliveryUs = 0;
    qint64 m_lastProgressUs = 0;
    int m_welcomed = 0;
    int m_joinCompleted = 0;
    qint64 m_allJoinCompleteUs = 0;
    int m_inFlight = 0;
};
