// LoadEngine's IRC side (--protocol irc): the same sockets and epoll loop as for our
// protocol, with CR LF lines instead of length-prefixed frames.
#include "ircwire.h"
#include "loadengine.h"

#include <cstring>

namespace {

// RFC 2812 allows 512 bytes a line; anything far beyond that is not an IRC server.
constexpr size_t MaxLine = 8192;

} // namespace

void LoadEngine::consumeIrc(BenchMember &member, const char *data, size_t size, qint64 nowUs)
{
    std::string &partial = member.incoming;
    const char *end = data + size;
    while (data < end && member.state != BenchMember::State::Failed) {
        const char *newline =
            static_cast<const char *>(std::memchr(data, '\n', size_t(end - data)));
        if (!newline) {
            partial.append(data, size_t(end - data));
            if (partial.size() > MaxLine)
                fail(member, QStringLiteral("IRC line longer than %1 bytes").arg(MaxLine));
            return;
        }
        QByteArrayView line;
        if (partial.empty()) {
            line = QByteArrayView(data, newline - data);
        } else {
            partial.append(data, size_t(newline - data));
            line = QByteArrayView(partial.data(), qsizetype(partial.size()));
        }
        if (line.endsWith('\r'))
            line.chop(1);
        handleIrcLine(member, line, nowUs);
        partial.clear();
        data = newline + 1;
    }
}

void LoadEngine::handleIrcLine(BenchMember &member, QByteArrayView text, qint64 nowUs)
{
    ++m_counters.frames;
    IrcWire::Line line;
    if (!IrcWire::parse(text, &line)) {
        if (!text.isEmpty())
            fail(member, QStringLiteral("not an IRC line: %1").arg(QLatin1StringView(text)));
        return;
    }
    using Kind = IrcWire::Line::Kind;
    switch (line.kind) {
    case Kind::Privmsg:
        // IRC has no room seq: each receiver numbers what it gets, so only the per-sender
        // order, loss and repeats are checked.
        line.chat.seq = member.account.lastSeq() + 1;
        ++m_counters.chats;
        if (onChat)
            onChat(member, line.chat, nowUs);
        else
            member.account.onEvent(line.chat.seq);
        return;
    case Kind::Join:
        // Our own JOIN comes back before the names list; every later one is someone else.
        if (member.state == BenchMember::State::Joined) {
            ++m_counters.joined;
            ++member.joinedReceived;
        }
        return;
    case Kind::Ping:
        queue(member, IrcWire::pongLine(line.argument));
        return;
    case Kind::Welcome:
        queue(member, IrcWire::joinLine());
        return;
    case Kind::Names:
        member.membersListed += line.count;
        return;
    case Kind::EndOfNames:
        if (member.state == BenchMember::State::Joined)
            return;
        member.state = BenchMember::State::Joined;
        member.membersAnnounced = member.membersListed;
        member.account.start(0);
        if (onWelcome)
            onWelcome(member);
        return;
    case Kind::Error:
        fail(member,
             QStringLiteral("member %1: IRC error: %2")
                 .arg(member.index)
                 .arg(QLatin1StringView(line.argument)));
        return;
    case Kind::Other:
        return;
    }
}
