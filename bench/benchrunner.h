#pragma once

#include "benchoptions.h"
#include "benchresult.h"
#include "latencystats.h"
#include "loadengine.h"

#include <QDeadlineTimer>

#include <vector>

// The three scenarios of chatroom-bench on one LoadEngine: join, fanout and latency.
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

    // Sends a sender's next Say frames until its window is full or it is done.
    void topUp(BenchMember &member);
    void sendOne(BenchMember &member, qint64 nowUs);
    void handleChat(BenchMember &member, const BenchWire::ChatView &chat, qint64 nowUs);
    // Waits for events until done() or no delivery arrived for stallMs or the deadline.
    template<typename Done>
    bool pollUntil(Done done, int extraFd = -1, bool *extraReady = nullptr);
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
    int m_inFlight = 0;
};
