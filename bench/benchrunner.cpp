#include "benchrunner.h"

#include "ircwire.h"
#include "procstatus.h"

#include <algorithm>
#include <cmath>
#include <sys/timerfd.h>
#include <unistd.h>

namespace {

constexpr int PollMs = 5;

double secondsBetween(qint64 fromUs, qint64 toUs)
{
    return double(toUs - fromUs) / 1e6;
}

BenchOptions normalized(BenchOptions options)
{
    // Resume exists only in 1.1.
    if (options.mode == BenchOptions::Mode::Resume)
        options.protocolMinor = qMax(options.protocolMinor, 1);
    return options;
}

} // namespace

BenchRunner::BenchRunner(const BenchOptions &options)
    : m_options(normalized(options))
    , m_engine(m_options)
{
    m_result.mode = m_options.mode;
    m_result.protocol = m_options.protocol;
    m_result.members = m_options.members;
    m_result.protocolMinor = m_options.protocolMinor;
    m_result.servers = int(m_options.ports.size());
    m_result.measuresOthers = !m_options.otherPids.isEmpty();
}

BenchResult BenchRunner::run()
{
    m_deadline = QDeadlineTimer(m_options.timeoutMs);
    m_engine.onWelcome = [this](BenchMember &) {
        ++m_welcomed;
        --m_inFlight;
        m_lastProgressUs = BenchWire::nowUs();
    };
    m_engine.onFailed = [this](BenchMember &member) {
        if (member.state == BenchMember::State::Failed && member.welcomeSeq == 0)
            --m_inFlight;
    };
    m_engine.onJoinComplete = [this](BenchMember &) {
        if (++m_joinCompleted == m_options.members)
            m_allJoinCompleteUs = BenchWire::nowUs();
    };
    m_engine.onChat = [this](BenchMember &member, const BenchWire::ChatView &chat, qint64 nowUs) {
        handleChat(member, chat, nowUs);
    };
    m_engine.onResumed = [this](BenchMember &member, quint64 lastClientId, qint64 nowUs) {
        handleResumed(member, lastClientId, nowUs);
    };

    // IRC does not echo, so a message needs a second member to be delivered at all.
    const int fewest = irc() && m_options.mode != BenchOptions::Mode::Join ? 2 : 1;
    bool ok = m_options.members >= fewest && m_engine.open();
    if (!ok)
        fail(m_engine.errorString().isEmpty() ? QStringLiteral("nothing to do")
                                              : m_engine.errorString());
    if (ok)
        ok = joinAll();
    if (ok && m_options.mode == BenchOptions::Mode::Fanout)
        ok = fanout();
    if (ok && m_options.mode == BenchOptions::Mode::Latency)
        ok = latency();
    if (ok && m_options.mode == BenchOptions::Mode::Resume)
        ok = resume();
    m_result.completed = ok;

    // Memory first, while every member is still connected.
    const ProcStatus status = ProcStatus::readAll(m_options.serverPids);
    m_result.peakRssKb = status.peakRssKb;
    m_result.rssKb = status.rssKb;
    finishAccounts();
    m_result.historyFrames = m_engine.counters().historyFrames;
    m_result.historyEvents = m_engine.counters().historyEvents;
    m_result.resumes = m_engine.counters().resumed;
    m_result.resumeFailed = m_engine.counters().resumeFailed;
    m_result.errors = m_engine.counters().errors;
    m_result.tlsCipher = m_engine.tlsCipher();
    if (m_result.error.isEmpty())
        m_result.error = m_engine.firstError();
    m_engine.closeAll();
    return m_result;
}

int BenchRunner::receiversPerMessage() const
{
    return irc() ? m_options.members - 1 : m_options.members;
}

int BenchRunner::witnessOf(int sender) const
{
    return (m_senderMembers[size_t(sender)] + 1) % m_options.members;
}

bool BenchRunner::fail(const QString &why)
{
    if (m_result.error.isEmpty())
        m_result.error = why;
    return false;
}

bool BenchRunner::pollUntil(const std::function<bool()> &done, int extraFd, bool *extraReady)
{
    m_lastProgressUs = BenchWire::nowUs();
    while (!done()) {
        if (m_deadline.hasExpired())
            return fail(QStringLiteral("timeout"));
        const bool ready = m_engine.poll(PollMs, extraFd);
        if (extraReady && ready) {
            *extraReady = true;
            return true;
        }
        if (BenchWire::nowUs() - m_lastProgressUs > qint64(m_options.stallMs) * 1000)
            return fail(QStringLiteral("stalled"));
    }
    return true;
}

bool BenchRunner::joinAll()
{
    const int count = m_options.members;
    const double startCpu = ProcStatus::cpuSecondsOfAll(m_options.serverPids);
    const qint64 startUs = BenchWire::nowUs();
    int next = 0;
    m_lastProgressUs = startUs;
    // Connect in bounded batches: a new member starts only when one of the batch is in.
    while (m_welcomed < count) {
        while (next < count && m_inFlight < m_options.joinBatch) {
            ++m_inFlight;
            if (!m_engine.startJoin(next++))
                return fail(m_engine.firstError());
        }
        if (m_engine.counters().errors > 0)
            return fail(m_engine.firstError());
        if (m_deadline.hasExpired())
            return fail(QStringLiteral("timeout while joining"));
        if (BenchWire::nowUs() - m_lastProgressUs > qint64(m_options.stallMs) * 1000)
            return fail(QStringLiteral("joining stalled, %1 of %2 in").arg(m_welcomed).arg(count));
        m_engine.poll(PollMs);
    }
    const qint64 allInUs = BenchWire::nowUs();
    m_result.allInSeconds = secondsBetween(startUs, allInUs);

    // All notified: every member has seen the room up to the last Welcome's seq, which
    // means the Joined of everyone after it (the seq check counts anything skipped).
    quint64 lastSeq = 0;
    for (const BenchMember &member : m_engine.members())
        lastSeq = qMax(lastSeq, member.welcomeSeq);
    std::vector<BenchMember> &members = m_engine.members();
    size_t notified = 0;
    quint64 lastNotifications = 0;
    const quint64 expectedJoins = quint64(count) * quint64(count - 1) / 2;
    const auto allNotified = [&] {
        // IRC has no seq: all notified is every JOIN of a later member seen by everyone
        // before it, N(N-1)/2 in all (a member's own JOIN is not counted).
        if (irc()) {
            if (m_engine.counters().joined != lastNotifications) {
                lastNotifications = m_engine.counters().joined;
                m_lastProgressUs = BenchWire::nowUs();
            }
            return lastNotifications >= expectedJoins || m_engine.counters().errors > 0;
        }
        // Resumes where the last call stopped: a member that is through stays through.
        // A member also needs its whole Members list (and History batch, when asked).
        while (notified < members.size() && members[notified].account.lastSeq() >= lastSeq
               && members[notified].joinComplete)
            ++notified;
        // Frames arriving is progress, even before the slowest member is through.
        if (m_engine.counters().frames != lastNotifications) {
            lastNotifications = m_engine.counters().frames;
            m_lastProgressUs = BenchWire::nowUs();
        }
        return notified == members.size() || m_engine.counters().errors > 0;
    };
    if (!pollUntil(allNotified)) {
        const auto incomplete = std::count_if(members.begin(), members.end(),
                                              [](const BenchMember &m) { return !m.joinComplete; });
        if (!irc() && incomplete > 0 && m_result.error == u"stalled")
            m_result.error = QStringLiteral("stalled, %1 members without their whole Members "
                                            "list%2")
                                 .arg(incomplete)
                                 .arg(m_options.historyMax > 0 ? QStringLiteral(" or History batch")
                                                               : QString());
        return false;
    }
    if (m_engine.counters().errors > 0)
        return fail(m_engine.firstError());
    m_result.allNotifiedSeconds = secondsBetween(startUs, BenchWire::nowUs());
    if (m_allJoinCompleteUs > 0)
        m_result.joinCompleteSeconds = secondsBetween(startUs, m_allJoinCompleteUs);
    m_result.joinServerCpuSeconds = ProcStatus::cpuSecondsOfAll(m_options.serverPids) - startCpu;
    m_result.expectedNotifications = expectedJoins;
    for (const BenchMember &member : members) {
        m_result.notifications += member.joinedReceived;
        if (member.membersListed != member.membersAnnounced)
            return fail(QStringLiteral("member %1: Members listed %2 of %3")
                            .arg(member.index)
                            .arg(member.membersListed)
                            .arg(member.membersAnnounced));
    }
    return true;
}

void BenchRunner::chooseSenders()
{
    const int senders = qBound(1, m_options.senders, m_options.members);
    m_result.senders = senders;
    m_senderMembers.clear();
    // Spread over the join order so senders are not all at one end of the server's map,
    // and round the servers when there are several: sender s on server s mod their number,
    // evenly over that server's members (with one server: member s * N / S).
    const int servers = qMax(1, int(m_options.ports.size()));
    for (int s = 0; s < senders; ++s) {
        const int server = s % servers;
        const int onServer = (m_options.members - server + servers - 1) / servers;
        const int sendersOnServer = (senders - server + servers - 1) / servers;
        const int index = server + servers * int(qint64(s / servers) * onServer / sendersOnServer);
        m_senderMembers.push_back(index);
        m_engine.members()[size_t(index)].sender = s;
    }
    for (BenchMember &member : m_engine.members())
        member.account.expectChats(senders, m_perSender, irc() ? member.sender : -1);
    m_result.expectedDeliveries = quint64(receiversPerMessage()) * quint64(senders) * m_perSender;
    m_mark10 = qMax<quint64>(1, m_result.expectedDeliveries / 10);
    m_mark90 = qMax<quint64>(1, m_result.expectedDeliveries * 9 / 10);
}

void BenchRunner::sendOne(BenchMember &member, qint64 nowUs)
{
    if (m_options.mode == BenchOptions::Mode::Resume)
        member.issuedUs.push_back(nowUs);
    ++member.sent;
    ++m_result.messagesSent;
    transmit(member, nowUs);
}

void BenchRunner::transmit(BenchMember &member, qint64 nowUs)
{
    // A resuming sender waits for its Resumed: the Says the server missed go first, since
    // it drops a clientId that is not above the last one it processed.
    if (member.resuming)
        return;
    while (member.transmitted < member.sent) {
        const quint32 index = member.transmitted++;
        // A Say sent again keeps the time it was issued, so its latency counts the cut.
        const qint64 sentUs = index < member.issuedUs.size() ? member.issuedUs[index] : nowUs;
        const int length = m_options.textLength;
        if (irc())
            m_engine.queue(member, IrcWire::privmsgLine(member.sender, index, sentUs, length));
        else if (m_options.v11())
            m_engine.queue(member,
                           BenchWire::sayFrameV11(member.sender, index, sentUs, length, index + 1));
        else
            m_engine.queue(member, BenchWire::sayFrame(member.sender, index, sentUs, length));
    }
}

void BenchRunner::topUp(BenchMember &member)
{
    const qint64 nowUs = BenchWire::nowUs();
    while (member.sent < m_perSender && member.sent - member.echoed < quint32(m_options.window))
        sendOne(member, nowUs);
}

void BenchRunner::handleChat(BenchMember &member, const BenchWire::ChatView &chat, qint64 nowUs)
{
    member.account.onChat(chat.seq, chat.sender, chat.index);
    ++m_deliveries;
    m_lastDeliveryUs = nowUs;
    m_lastProgressUs = nowUs;
    if (m_deliveries == m_mark10)
        m_at10Us = nowUs;
    if (m_deliveries == m_mark90)
        m_at90Us = nowUs;
    if (m_measureLatency && chat.sender >= 0)
        m_latency.add(nowUs - chat.sentUs);
    if (chat.sender < 0 || size_t(chat.sender) >= m_senderMembers.size())
        return;
    // Every sender numbers its Says 1, 2, ... in one membership: index + 1.
    if (m_options.v11() && chat.clientId != quint64(chat.index) + 1)
        ++m_result.badClientIds;
    if (!irc() && chat.sender == member.sender) {
        ++member.echoed;
        if (!m_measureLatency)
            topUp(member);
    } else if (irc() && member.index == witnessOf(chat.sender)) {
        // No echo on IRC: the member after the sender stands in for it.
        BenchMember &sender = m_engine.members()[size_t(m_senderMembers[size_t(chat.sender)])];
        ++sender.echoed;
        if (!m_measureLatency)
            topUp(sender);
    }
}

bool BenchRunner::fanout()
{
    m_perSender = quint32(qMax(m_options.messagesPerSender, 1));
    chooseSenders();
    const CpuMark startCpu = cpuNow();
    m_startUs = BenchWire::nowUs();
    for (const int index : m_senderMembers)
        topUp(m_engine.members()[size_t(index)]);
    m_engine.flush();
    const quint64 expected = m_result.expectedDeliveries;
    const bool ok = pollUntil([&] { return m_deliveries >= expected; });
    takeCpu(startCpu);
    if (m_result.serverCpuSeconds > 0)
        m_result.deliveriesPerServerCpuSecond = double(m_deliveries) / m_result.serverCpuSeconds;
    m_result.seconds = secondsBetween(m_startUs, m_lastDeliveryUs);
    if (m_at90Us > m_at10Us)
        m_result.deliveriesPerSecond =
            double(m_mark90 - m_mark10) / secondsBetween(m_at10Us, m_at90Us);
    if (m_result.seconds > 0)
        m_result.overallDeliveriesPerSecond = double(m_deliveries) / m_result.seconds;
    return ok;
}

quint64 BenchRunner::planPaced(double *messagesPerSecond)
{
    const int members = m_options.members;
    *messagesPerSecond = m_options.rate / members;
    const int senders = qBound(1, m_options.senders, members);
    // Every sender sends the same number, so each receiver knows exactly what to expect.
    m_perSender =
        quint32(std::ceil(*messagesPerSecond * m_options.seconds / double(senders) - 1e-9));
    const quint64 total = quint64(m_perSender) * quint64(senders);
    if (*messagesPerSecond <= 0 || total == 0) {
        fail(QStringLiteral("rate and time give no message"));
        return 0;
    }
    chooseSenders();
    m_result.rate = m_options.rate;
    m_result.expectedDeliveries = total * quint64(receiversPerMessage());
    m_latency.reserve(size_t(m_result.expectedDeliveries));
    m_measureLatency = true;
    return total;
}

bool BenchRunner::sendPaced(quint64 total, double messagesPerSecond,
                            const std::function<void(qint64)> &betweenPolls)
{
    // A timerfd ticks at the message interval; ticks missed while busy are caught up.
    const int timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (timer < 0)
        return fail(QStringLiteral("timerfd_create failed"));
    const qint64 intervalNs = qMax<qint64>(1, qint64(1e9 / messagesPerSecond));
    itimerspec spec {};
    spec.it_interval.tv_sec = intervalNs / 1'000'000'000;
    spec.it_interval.tv_nsec = intervalNs % 1'000'000'000;
    spec.it_value = spec.it_interval;
    timerfd_settime(timer, 0, &spec, nullptr);

    const int senders = int(m_senderMembers.size());
    quint64 sent = 0;
    bool ok = true;
    while (ok && sent < total) {
        bool tick = false;
        const auto notDone = [&] {
            if (betweenPolls)
                betweenPolls(BenchWire::nowUs());
            return false;
        };
        ok = pollUntil(notDone, timer, &tick);
        quint64 expirations = 0;
        if (!ok || ::read(timer, &expirations, sizeof expirations) != sizeof expirations)
            continue;
        const qint64 nowUs = BenchWire::nowUs();
        for (quint64 i = 0; i < expirations && sent < total; ++i, ++sent) {
            BenchMember &sender = m_engine.members()[size_t(m_senderMembers[sent % senders])];
            sendOne(sender, nowUs);
        }
        m_engine.flush();
    }
    ::close(timer);
    m_result.expectedDeliveries = sent * quint64(receiversPerMessage());
    return ok;
}

void BenchRunner::takeLatencyPercentiles()
{
    m_result.p50Ms = double(m_latency.percentile(50)) / 1000;
    m_result.p90Ms = double(m_latency.percentile(90)) / 1000;
    m_result.p99Ms = double(m_latency.percentile(99)) / 1000;
    m_result.maxMs = double(m_latency.max()) / 1000;
}

bool BenchRunner::latency()
{
    double messagesPerSecond = 0;
    const quint64 total = planPaced(&messagesPerSecond);
    if (total == 0)
        return false;
    const CpuMark startCpu = cpuNow();
    m_startUs = BenchWire::nowUs();
    if (!sendPaced(total, messagesPerSecond, {}))
        return false;
    const quint64 expected = m_result.expectedDeliveries;
    const bool ok = pollUntil([&] { return m_deliveries >= expected; });
    takeCpu(startCpu);
    m_result.seconds = secondsBetween(m_startUs, m_lastDeliveryUs);
    takeLatencyPercentiles();
    return ok;
}

BenchRunner::CpuMark BenchRunner::cpuNow() const
{
    return {ProcStatus::cpuSecondsOfAll(m_options.serverPids),
            ProcStatus::cpuSecondsOfAll(m_options.otherPids), ProcStatus::cpuSecondsOf(::getpid())};
}

void BenchRunner::takeCpu(const CpuMark &start)
{
    const CpuMark now = cpuNow();
    m_result.serverCpuSeconds = now.servers - start.servers;
    m_result.otherCpuSeconds = now.others - start.others;
    m_result.benchCpuSeconds = now.own - start.own;
}

void BenchRunner::finishAccounts()
{
    m_result.deliveries = m_deliveries;
    for (BenchMember &member : m_engine.members()) {
        member.account.finish();
        m_result.lost += member.account.lost();
        m_result.duplicates += member.account.duplicates();
        m_result.outOfOrder += member.account.outOfOrder();
        m_result.seqGaps += member.account.seqGaps();
        m_result.foreign += member.account.foreign();
    }
}
