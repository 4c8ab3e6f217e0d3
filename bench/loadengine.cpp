#include "loadengine.h"

#include "ircwire.h"
#include "protocol/messagecodec.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// Large enough that one recv() usually drains a member's whole backlog of small frames.
constexpr size_t ReceiveBufferSize = 256 * 1024;
constexpr int MaxEvents = 512;
// A member's partial frame buffer is given back once it has held something this large
// (a Members frame of a big room): 5000 members must not each keep 64 KiB.
constexpr size_t KeepCapacity = 4096;

QString errnoString(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

} // namespace

LoadEngine::LoadEngine(const BenchOptions &options)
    : m_options(options)
    , m_members(size_t(qMax(options.members, 0)))
    , m_buffer(ReceiveBufferSize)
{
    for (size_t i = 0; i < m_members.size(); ++i)
        m_members[i].index = int(i);
}

LoadEngine::~LoadEngine()
{
    closeAll();
    if (m_epoll >= 0)
        ::close(m_epoll);
    closeTlsContext();
}

bool LoadEngine::open()
{
    sockaddr_in address {};
    address.sin_family = AF_INET;
    const QByteArray host = m_options.host.toLatin1();
    if (inet_pton(AF_INET, host.constData(), &address.sin_addr) != 1) {
        addrinfo hints {};
        hints.ai_family = AF_INET;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo *found = nullptr;
        if (getaddrinfo(host.constData(), nullptr, &hints, &found) != 0 || !found) {
            m_errorString = QStringLiteral("cannot resolve %1").arg(m_options.host);
            return false;
        }
        address.sin_addr = reinterpret_cast<sockaddr_in *>(found->ai_addr)->sin_addr;
        freeaddrinfo(found);
    }
    if (m_options.ports.isEmpty()) {
        m_errorString = QStringLiteral("no server port");
        return false;
    }
    m_addresses.clear();
    for (const quint16 port : m_options.ports) {
        address.sin_port = htons(port);
        m_addresses.push_back(address);
    }
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll < 0) {
        m_errorString = QStringLiteral("epoll_create1: %1").arg(errnoString(errno));
        return false;
    }
    return !m_options.tls || openTls();
}

bool LoadEngine::openSocket(BenchMember &member)
{
    member.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (member.fd < 0) {
        fail(member, QStringLiteral("socket: %1").arg(errnoString(errno)));
        return false;
    }
    // The senders' small Say frames must not wait for Nagle; the latency run measures it.
    const int one = 1;
    setsockopt(member.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    epoll_event event {};
    event.events = EPOLLIN | EPOLLOUT;
    event.data.u32 = quint32(member.index);
    member.wantWrite = true;
    if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, member.fd, &event) != 0) {
        fail(member, QStringLiteral("epoll_ctl: %1").arg(errnoString(errno)));
        return false;
    }
    member.state = BenchMember::State::Connecting;
    // Always the same server for a member: a resume goes back to where its seat is held.
    const sockaddr_in &address = m_addresses[size_t(m_options.serverOf(member.index))];
    const int rc =
        ::connect(member.fd, reinterpret_cast<const sockaddr *>(&address), sizeof address);
    if (rc != 0 && errno != EINPROGRESS) {
        fail(member, QStringLiteral("connect: %1").arg(errnoString(errno)));
        return false;
    }
    return true;
}

bool LoadEngine::startJoin(int index)
{
    BenchMember &member = m_members[size_t(index)];
    if (!openSocket(member))
        return false;
    const QString name = m_options.namePrefix + QString::number(index);
    QByteArray hello;
    if (m_options.protocol == BenchOptions::Protocol::Irc)
        hello = IrcWire::registration(name.toLatin1());
    else if (m_options.v11())
        hello = BenchWire::helloFrameV11(name, quint16(m_options.historyMax));
    else
        hello = BenchWire::helloFrame(name);
    member.outgoing.append(hello.constData(), size_t(hello.size()));
    // Written once the connect completes (EPOLLOUT).
    return true;
}

void LoadEngine::queue(BenchMember &member, const QByteArray &bytes)
{
    if (member.state == BenchMember::State::Failed)
        return;
    member.outgoing.append(bytes.constData(), size_t(bytes.size()));
    if (!member.dirty) {
        member.dirty = true;
        m_dirty.push_back(member.index);
    }
}

bool LoadEngine::poll(int timeoutMs, int extraFd)
{
    epoll_event events[MaxEvents];
    bool extraReady = false;
    if (extraFd >= 0) {
        // Registered lazily; data.u32 can never be a member index this large.
        epoll_event event {};
        event.events = EPOLLIN;
        event.data.u32 = 0xFFFFFFFF;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, extraFd, &event); // EEXIST after the first time
    }
    const int count = epoll_wait(m_epoll, events, MaxEvents, timeoutMs);
    for (int i = 0; i < count; ++i) {
        if (events[i].data.u32 == 0xFFFFFFFF) {
            extraReady = true;
            continue;
        }
        BenchMember &member = m_members[events[i].data.u32];
        if (member.state == BenchMember::State::Failed)
            continue;
        if (member.handshaking) {
            continueHandshake(member);
            continue;
        }
        if (events[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
            handleWritable(member);
        if (member.state != BenchMember::State::Failed
            && events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))
            handleReadable(member);
    }
    flush();
    return extraReady;
}

void LoadEngine::flush()
{
    // Frames queued while handling events go out together, one send() per member.
    for (const int index : m_dirty) {
        BenchMember &member = m_members[size_t(index)];
        member.dirty = false;
        if (member.state != BenchMember::State::Connecting && !member.handshaking)
            writeOut(member);
    }
    m_dirty.clear();
}

void LoadEngine::handleWritable(BenchMember &member)
{
    if (member.state == BenchMember::State::Connecting) {
        int error = 0;
        socklen_t length = sizeof error;
        getsockopt(member.fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0) {
            fail(member, QStringLiteral("connect: %1").arg(errnoString(error)));
            return;
        }
        member.state = BenchMember::State::AwaitingWelcome;
        if (m_options.tls) {
            startTls(member);
            return;
        }
    }
    writeOut(member);
}

void LoadEngine::writeOut(BenchMember &member)
{
    if (member.tls) {
        tlsWriteOut(member);
        return;
    }
    while (!member.outgoing.empty()) {
        const ssize_t sent =
            ::send(member.fd, member.outgoing.data(), member.outgoing.size(), MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            fail(member, QStringLiteral("send: %1").arg(errnoString(errno)));
            return;
        }
        member.outgoing.erase(0, size_t(sent));
    }
    setWantWrite(member, !member.outgoing.empty());
}

void LoadEngine::setWantWrite(BenchMember &member, bool want)
{
    if (member.wantWrite == want)
        return;
    member.wantWrite = want;
    epoll_event event {};
    event.events = want ? quint32(EPOLLIN | EPOLLOUT) : quint32(EPOLLIN);
    event.data.u32 = quint32(member.index);
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, member.fd, &event);
}

void LoadEngine::handleReadable(BenchMember &member)
{
    if (member.tls) {
        if (member.handshaking)
            continueHandshake(member);
        else
            tlsReadable(member);
        return;
    }
    // Bounded: a member that never stops sending cannot starve the others.
    for (int round = 0; round < 8; ++round) {
        const ssize_t got = ::recv(member.fd, m_buffer.data(), m_buffer.size(), 0);
        if (got > 0) {
            m_counters.bytes += quint64(got);
            consume(member, m_buffer.data(), size_t(got), BenchWire::nowUs());
            if (member.state == BenchMember::State::Failed || size_t(got) < m_buffer.size())
                return;
            continue;
        }
        if (got == 0) {
            fail(member,
                 QStringLiteral("member %1: the server closed the connection").arg(member.index));
            return;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            fail(member, QStringLiteral("recv: %1").arg(errnoString(errno)));
        return;
    }
}

void LoadEngine::consume(BenchMember &member, const char *data, size_t size, qint64 nowUs)
{
    if (m_options.protocol == BenchOptions::Protocol::Irc) {
        consumeIrc(member, data, size, nowUs);
        return;
    }
    std::string &partial = member.incoming;
    if (!partial.empty()) {
        // Finish the frame that straddles two reads, taking no more than it needs.
        if (partial.size() < 4) {
            const size_t take = qMin(4 - partial.size(), size);
            partial.append(data, take);
            data += take;
            size -= take;
            if (partial.size() < 4)
                return;
        }
        const size_t frameSize = 4 + BenchWire::readU32(partial.data());
        if (frameSize == 4 || frameSize > 4 + Protocol::MaxFrameSize) {
            fail(member, QStringLiteral("bad frame length %1").arg(frameSize - 4));
            return;
        }
        const size_t take = qMin(frameSize - partial.size(), size);
        partial.append(data, take);
        data += take;
        size -= take;
        if (partial.size() < frameSize)
            return;
        handleFrame(member, partial.data() + 4, frameSize - 4, nowUs);
        if (partial.capacity() > KeepCapacity)
            std::string().swap(partial);
        else
            partial.clear();
    }
    while (size >= 4 && member.state != BenchMember::State::Failed) {
        const size_t length = BenchWire::readU32(data);
        if (length == 0 || length > Protocol::MaxFrameSize) {
            fail(member, QStringLiteral("bad frame length %1").arg(length));
            return;
        }
        if (size < 4 + length)
            break;
        handleFrame(member, data + 4, length, nowUs);
        data += 4 + length;
        size -= 4 + length;
    }
    if (size > 0 && member.state != BenchMember::State::Failed)
        partial.assign(data, size);
}

void LoadEngine::handleFrame(BenchMember &member, const char *payload, size_t size, qint64 nowUs)
{
    ++m_counters.frames;
    quint64 seq = 0;
    switch (Protocol::MessageType(BenchWire::type(payload))) {
    case Protocol::MessageType::Chat: {
        BenchWire::ChatView chat;
        if (!BenchWire::parseChat(payload, size, &chat)) {
            fail(member, QStringLiteral("malformed Chat"));
            return;
        }
        ++m_counters.chats;
        if (onChat)
            onChat(member, chat, nowUs);
        else
            member.account.onEvent(chat.seq);
        return;
    }
    case Protocol::MessageType::Joined:
        if (BenchWire::eventSeq(payload, size, &seq)) {
            ++m_counters.joined;
            ++member.joinedReceived;
            member.account.onEvent(seq);
        }
        return;
    case Protocol::MessageType::Left:
        if (BenchWire::eventSeq(payload, size, &seq)) {
            ++m_counters.left;
            member.account.onEvent(seq);
        }
        return;
    case Protocol::MessageType::Broadcast:
        if (BenchWire::eventSeq(payload, size, &seq))
            member.account.onEvent(seq);
        return;
    case Protocol::MessageType::Members: {
        quint32 count = 0;
        if (BenchWire::membersCount(payload, size, &count))
            member.membersListed += count;
        checkJoinComplete(member);
        return;
    }
    case Protocol::MessageType::Welcome:
        handleWelcome(member, payload, size);
        return;
    case Protocol::MessageType::History:
        handleHistory(member, payload, size);
        return;
    case Protocol::MessageType::Resumed:
        handleResumed(member, payload, size, nowUs);
        return;
    case Protocol::MessageType::Notice:
        ++m_counters.notices;
        if (m_firstError.isEmpty())
            m_firstError = QStringLiteral("Notice code %1 (flood limit on?)")
                               .arg(size > 1 ? quint8(payload[1]) : 0);
        return;
    case Protocol::MessageType::Rejected:
        ++m_counters.rejected;
        if (member.resuming && size > 1
            && quint8(payload[1]) == quint8(Protocol::RejectReason::ResumeFailed))
            ++m_counters.resumeFailed;
        fail(member, QStringLiteral("Rejected reason %1").arg(size > 1 ? quint8(payload[1]) : 0));
        return;
    case Protocol::MessageType::Error:
        fail(member, QStringLiteral("Error code %1").arg(size > 1 ? quint8(payload[1]) : 0));
        return;
    default:
        return; // Pong, and types of later versions
    }
}

void LoadEngine::fail(BenchMember &member, const QString &why)
{
    ++m_counters.errors;
    if (m_firstError.isEmpty())
        m_firstError = why;
    member.state = BenchMember::State::Failed;
    closeTls(member);
    if (member.fd >= 0) {
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, member.fd, nullptr);
        ::close(member.fd);
        member.fd = -1;
    }
    member.outgoing.clear();
    member.incoming.clear();
    if (onFailed)
        onFailed(member);
}

void LoadEngine::closeAll()
{
    for (BenchMember &member : m_members) {
        closeTls(member);
        if (member.fd >= 0) {
            ::close(member.fd);
            member.fd = -1;
        }
    }
}
