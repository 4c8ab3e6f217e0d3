// LoadEngine's protocol 1.1 side (--v11, docs/protocol.md "Version 1.1"): the appended
// fields of Welcome, History batches on join, and cutting a member off and resuming it.
// All of these are rare next to Chat, so Welcome and Resumed go through the shared codec.
#include "loadengine.h"

#include "protocol/messagecodec.h"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

void LoadEngine::handleWelcome(BenchMember &member, const char *payload, size_t size)
{
    const Protocol::DecodeResult result =
        Protocol::MessageCodec::decode(QByteArrayView(payload, qsizetype(size)));
    const auto *welcome = std::get_if<Protocol::Welcome>(&result.message);
    if (!result.isOk() || !welcome) {
        fail(member, QStringLiteral("malformed Welcome"));
        return;
    }
    member.state = BenchMember::State::Joined;
    member.welcomeSeq = welcome->seq;
    member.membersAnnounced = welcome->memberCount;
    // Empty from a 1.0 server or one with --resume-grace 0; a Resume then fails.
    member.roomEpoch = welcome->roomEpoch;
    member.resumeToken = welcome->resumeToken;
    member.account.start(welcome->seq);
    if (onWelcome)
        onWelcome(member);
    checkJoinComplete(member);
}

void LoadEngine::handleHistory(BenchMember &member, const char *payload, size_t size)
{
    BenchWire::HistoryView history;
    if (!BenchWire::parseHistory(payload, size, &history)) {
        fail(member, QStringLiteral("malformed History"));
        return;
    }
    // Only events from before the member's own join, ascending across the whole batch.
    if (history.events > 0
        && (history.lastSeq >= member.welcomeSeq || history.firstSeq <= member.historySeq)) {
        fail(member,
             QStringLiteral("member %1: History seqs %2-%3 out of place")
                 .arg(member.index)
                 .arg(history.firstSeq)
                 .arg(history.lastSeq));
        return;
    }
    if (history.events > 0)
        member.historySeq = history.lastSeq;
    ++m_counters.historyFrames;
    m_counters.historyEvents += history.events;
    if (!(history.flags & Protocol::HistoryMore)) {
        member.historyDone = true;
        checkJoinComplete(member);
    }
}

void LoadEngine::checkJoinComplete(BenchMember &member)
{
    // A server with --history 0 sends no History frame at all: asking for it then stalls
    // the join, which says so.
    const bool wantsHistory = m_options.v11() && m_options.historyMax > 0;
    if (member.joinComplete || member.state != BenchMember::State::Joined
        || member.membersListed < member.membersAnnounced || (wantsHistory && !member.historyDone))
        return;
    member.joinComplete = true;
    if (onJoinComplete)
        onJoinComplete(member);
}

bool LoadEngine::cutAndResume(BenchMember &member, qint64 nowUs)
{
    if (member.state != BenchMember::State::Joined || member.fd < 0 || member.resuming)
        return false;
    // A zero linger turns close() into an RST and drops what is unsent: the connection
    // ends as a crashed client's or a dropped NAT entry's would, without Bye.
    const linger reset {1, 0};
    setsockopt(member.fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, member.fd, nullptr);
    closeTls(member); // no close_notify: the point is an abrupt end
    ::close(member.fd);
    member.fd = -1;
    member.incoming.clear(); // a frame cut in half is sent again after the Resume
    member.outgoing.clear();
    member.wantWrite = false;
    member.state = BenchMember::State::Idle;
    member.cutAtUs = nowUs;
    if (!openSocket(member))
        return false;
    member.resuming = true;
    const QByteArray resume = BenchWire::resumeFrame(member.resumeToken, member.account.lastSeq());
    member.outgoing.append(resume.constData(), size_t(resume.size()));
    return true;
}

void LoadEngine::handleResumed(BenchMember &member, const char *payload, size_t size, qint64 nowUs)
{
    const Protocol::DecodeResult result =
        Protocol::MessageCodec::decode(QByteArrayView(payload, qsizetype(size)));
    const auto *resumed = std::get_if<Protocol::Resumed>(&result.message);
    if (!result.isOk() || !resumed || !member.resuming) {
        fail(member, QStringLiteral("member %1: unexpected Resumed").arg(member.index));
        return;
    }
    if (resumed->lastSeq != member.account.lastSeq()) {
        fail(member,
             QStringLiteral("member %1: Resumed.lastSeq %2, sent %3")
                 .arg(member.index)
                 .arg(resumed->lastSeq)
                 .arg(member.account.lastSeq()));
        return;
    }
    member.resuming = false;
    member.state = BenchMember::State::Joined;
    member.resumeToken = resumed->resumeToken; // the old one is spent
    ++m_counters.resumed;
    if (onResumed)
        onResumed(member, resumed->lastClientId, nowUs);
}
