// BenchRunner's resume mode (protocol 1.1, docs/protocol.md "Resume"): messages paced as
// in the latency mode, so that the run lasts -t seconds whatever the machine does (a
// full-speed fanout at N=1000 is over in about a second), while every cutEveryMs a random
// cutPercent of the members, senders included, have their connection reset and resume at
// once. Every receiver keeps one account across its cuts: the events it missed must come
// back after Resumed, once each and in order, and a sender's Says the server never saw are
// sent again above Resumed.lastClientId, so none is lost or doubled.
#include "benchrunner.h"

#include "procstatus.h"

#include <algorithm>
#include <cmath>

bool BenchRunner::resume()
{
    double messagesPerSecond = 0;
    const quint64 total = planPaced(&messagesPerSecond);
    if (total == 0)
        return false;
    const CpuMark startCpu = cpuNow();
    m_startUs = BenchWire::nowUs();
    m_nextCutUs = m_startUs + qint64(m_options.cutEveryMs) * 1000;
    const auto cutWhenDue = [this](qint64 nowUs) {
        if (nowUs < m_nextCutUs)
            return;
        cutSome();
        m_nextCutUs = nowUs + qint64(m_options.cutEveryMs) * 1000;
    };
    bool ok = sendPaced(total, messagesPerSecond, cutWhenDue);
    // Then every delivery, and every member back from its last cut.
    const quint64 expected = m_result.expectedDeliveries;
    if (ok) {
        ok = pollUntil([&] {
            return (m_deliveries >= expected && m_resuming == 0) || m_engine.counters().errors > 0;
        });
    }
    takeCpu(startCpu);
    m_result.seconds = double(m_lastDeliveryUs - m_startUs) / 1e6;
    takeLatencyPercentiles();
    m_result.resumeP50Ms = double(m_resumeTimes.percentile(50)) / 1000;
    m_result.resumeP99Ms = double(m_resumeTimes.percentile(99)) / 1000;
    m_result.resumeMaxMs = double(m_resumeTimes.max()) / 1000;
    if (ok && m_engine.counters().errors > 0)
        return fail(m_engine.firstError());
    return ok;
}

void BenchRunner::cutSome()
{
    std::vector<int> candidates;
    candidates.reserve(m_engine.members().size());
    for (const BenchMember &member : m_engine.members()) {
        if (member.state == BenchMember::State::Joined && !member.resuming)
            candidates.push_back(member.index);
    }
    const size_t wanted =
        size_t(qMax(1.0, std::round(m_options.members * m_options.cutPercent / 100.0)));
    const size_t count = qMin(wanted, candidates.size());
    // The first `count` of a partial Fisher-Yates shuffle.
    for (size_t i = 0; i < count; ++i) {
        std::uniform_int_distribution<size_t> pick(i, candidates.size() - 1);
        std::swap(candidates[i], candidates[pick(m_random)]);
        BenchMember &member = m_engine.members()[size_t(candidates[i])];
        if (m_engine.cutAndResume(member, BenchWire::nowUs())) {
            ++m_result.cuts;
            ++m_resuming;
        }
    }
}

void BenchRunner::handleResumed(BenchMember &member, quint64 lastClientId, qint64 nowUs)
{
    --m_resuming;
    m_resumeTimes.add(nowUs - member.cutAtUs);
    m_lastProgressUs = nowUs;
    if (member.sender < 0)
        return;
    if (lastClientId > member.transmitted) {
        ++m_result.badClientIds; // the server processed a Say that was never sent
        return;
    }
    // The Says on the wire that the server never read died with the connection.
    m_result.resent += member.transmitted - lastClientId;
    member.transmitted = quint32(lastClientId);
    transmit(member, nowUs);
}
