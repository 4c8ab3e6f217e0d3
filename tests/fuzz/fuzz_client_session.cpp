// libFuzzer target: a hostile server's bytes into ChatSession. One QTcpServer on
// 127.0.0.1:0 lives as long as the process; for each input a fresh session joins it, the
// server's end of the connection writes the input in a few chunks (after, if the input's
// first byte says so, a valid Welcome so that the joined states are reached), the event
// loop runs until the session has read everything, and the server's end resets the
// connection. No real sleep: a run is as fast as the CPU, and every input replays alike.
//
// The first byte of an input:
//   bits 0-1  what comes first: 0 nothing, 1 a 1.0 Welcome and Members, 2 a 1.1 Welcome
//             (with a resume token) and Members, 3 a 1.1 Welcome alone (the input goes on
//             with the member list)
//   bit 2     the session asks for 4 messages of history on joining (else none)
//   bit 3     once joined, the session pages back (3 messages) and says something, so
//             History replies, Notices and its own Chat answer something
//   bits 4-5  the rest arrives in 1, 2, 3 or 5 chunks
//   bit 6     a second connection: the next byte cuts the rest in two; after the first
//             part the server resets, the session (having said something while away when
//             bit 3 is set) reconnects at once, and the second part is what the server
//             answers there, a Resumed or a Welcome, as the input has it
//
// Beyond "no crash, no sanitizer report, no hang" it checks what a hostile server must
// never achieve: more members than the room limit, names or texts longer than the
// protocol allows, more events or history than the session keeps; a valid Welcome gets
// the session in; once the server is gone the session is not in the room; a session that
// refused the server over a limit does not go back on its own.
#include "chatsession.h"
#include "fuzzsupport.h"

#include "chattext.h"
#include "nickname.h"
#include "protocol/messagecodec.h"

#include <QCoreApplication>
#include <QTcpServer>
#include <QTcpSocket>

#include <cstdint>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr const char *Target = "fuzz_client_session";
// Small, so that a few bytes of input reach each bound.
constexpr int MaxMembers = 16;
constexpr int MaxEvents = 32;
constexpr int HistoryMax = 4;

void require(bool ok, const char *what)
{
    if (!ok)
        FuzzSupport::fail(Target, what);
}

QTcpServer &server()
{
    static QTcpServer *listener = [] {
        auto *s = new QTcpServer(QCoreApplication::instance());
        require(s->listen(QHostAddress::LocalHost, 0), "listen on 127.0.0.1:0");
        return s;
    }();
    return *listener;
}

ChatSession::Timing fuzzTiming()
{
    // No timer may fire during a run: what happens must depend on the input alone.
    constexpr int Hour = 3'600'000;
    ChatSession::Timing timing;
    timing.pingIdleMs = Hour;
    timing.pongTimeoutMs = Hour;
    timing.connectTimeoutMs = Hour;
    timing.joinTimeoutMs = Hour;
    timing.reconnectInitialMs = Hour;
    timing.reconnectMaxMs = Hour;
    timing.resumeDelayMs = Hour;
    timing.resumeRetryMs = Hour;
    timing.shutdownInitialMs = Hour;
    timing.shutdownMaxMs = Hour;
    timing.maxEvents = MaxEvents;
    return timing;
}

QByteArray welcomePrefix(int mode)
{
    using namespace Protocol;
    const QStringList members {u"Zed"_s, u"Alice"_s};
    if (mode == 1)
        return MessageCodec::encodeFrame(Welcome {u"Alice"_s, u"Lobby"_s, 5, 2})
            + MessageCodec::encodeFrame(Members {members});
    const QByteArray welcome = MessageCodec::encodeFrame(
        Welcome {u"Alice"_s, u"Lobby"_s, 5, 2, u"0123456789abcdef0123456789abcdef"_s,
                 QByteArray(24, 'k'), 60'000},
        Layout::V1_1);
    if (mode == 3)
        return welcome;
    return welcome + MessageCodec::encodeFrame(Members {members}, Layout::V1_1);
}

// The session's sockets: everything it has not read yet, in Qt or in the kernel.
bool sessionHasUnread(const ChatSession &session)
{
    const auto sockets = session.findChildren<QTcpSocket *>();
    for (const QTcpSocket *socket : sockets) {
        if (socket->state() == QAbstractSocket::ConnectedState
            && (socket->bytesAvailable() > 0 || FuzzSupport::kernelUnread(socket) > 0))
            return true;
    }
    return false;
}

void checkBounds(const ChatSession &session)
{
    const QStringList members = session.members();
    require(members.size() <= MaxMembers, "no more members than the room limit");
    for (const QString &name : members)
        require(name.size() <= Nickname::MaxLength, "member names within the protocol's length");
    const auto checkEvents = [](const QList<RoomEvent> &events) {
        require(events.size() <= MaxEvents, "no more events than the session keeps");
        for (const RoomEvent &event : events) {
            require(event.nickname.size() <= Nickname::MaxLength
                        && event.formerName.size() <= Nickname::MaxLength,
                    "event names within the protocol's length");
            require(event.text.size() <= ChatText::MaxLength, "texts within the protocol's length");
        }
    };
    checkEvents(session.events());
    checkEvents(session.history());
    require(session.nickname().size() <= Nickname::MaxLength, "own name within the length");
}

// One connection of the session: the server's end accepts it, writes the prefix of `mode`
// and then `bytes` in `chunks`, lets the session read all of it after each write, and
// resets; the session must then have left the room.
void serve(ChatSession &session, int mode, QByteArrayView bytes, int chunks, bool pageAndSay)
{
    FuzzSupport::pumpUntilIdle(Target, [&] {
        return !server().hasPendingConnections() || session.state() != ChatSession::State::Joining;
    });
    std::unique_ptr<QTcpSocket> peer(server().nextPendingConnection());
    require(peer != nullptr, "the session connects");
    peer->setParent(nullptr);
    require(FuzzSupport::resetOnClose(peer.get()), "SO_LINGER on the server's end");
    // What the session sends is read and thrown away: this server answers nothing.
    QObject::connect(peer.get(), &QIODevice::readyRead, peer.get(),
                     [socket = peer.get()] { socket->readAll(); });

    const auto write = [&](QByteArrayView chunk) {
        if (chunk.isEmpty() || peer->state() != QAbstractSocket::ConnectedState)
            return;
        peer->write(chunk.toByteArray());
        peer->flush();
        FuzzSupport::pumpUntilIdle(Target, [&] {
            return sessionHasUnread(session)
                || (peer->state() == QAbstractSocket::ConnectedState && peer->bytesToWrite() > 0);
        });
        checkBounds(session);
    };

    if (mode != 0) {
        write(welcomePrefix(mode));
        if (mode != 3)
            require(session.state() == ChatSession::State::Joined,
                    "a valid Welcome and Members let the session in");
    }
    if (pageAndSay && session.state() == ChatSession::State::Joined) {
        session.requestOlderHistory(3);
        session.say(u"hi"_s);
    }
    for (int i = 0; i < chunks; ++i) {
        const qsizetype from = bytes.size() * i / chunks;
        const qsizetype to = bytes.size() * (i + 1) / chunks;
        write(bytes.sliced(from, to - from));
    }

    // The server goes away (RST): the session must notice and leave the room.
    const bool refused = session.endReason() == ChatSession::EndReason::LimitExceeded;
    peer->abort();
    peer.reset();
    FuzzSupport::pumpUntilIdle(Target, [&] {
        return session.state() == ChatSession::State::Joined
            || session.state() == ChatSession::State::Joining
            || session.state() == ChatSession::State::Connecting;
    });
    checkBounds(session);
    require(session.state() == ChatSession::State::Disconnected
                || session.state() == ChatSession::State::Reconnecting,
            "a session whose server is gone is not in the room");
    if (refused)
        require(session.state() == ChatSession::State::Disconnected,
                "a server refused over a limit is not reconnected to");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    server();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const quint8 options = data[0];
    QByteArrayView input(data + 1, qsizetype(size - 1));
    const int mode = options & 0x03;
    const bool pageAndSay = options & 0x08;
    constexpr int ChunkCounts[] = {1, 2, 3, 5};
    const int chunks = ChunkCounts[(options >> 4) & 0x03];
    // Bit 6: a second connection. The next byte says where the rest is cut (n/256 of it).
    QByteArrayView second;
    const bool reconnect = (options & 0x40) && !input.isEmpty();
    if (reconnect) {
        const qsizetype cut = (input.size() - 1) * quint8(input.front()) / 256;
        second = input.sliced(1 + cut);
        input = input.sliced(1, cut);
    }

    {
        ChatSession session;
        session.setTiming(fuzzTiming());
        session.setMaxMembers(MaxMembers);
        session.setHistoryMax((options & 0x04) ? HistoryMax : 0);
        session.join(u"127.0.0.1"_s, server().serverPort(), u"Alice"_s);
        serve(session, mode, input, chunks, pageAndSay);
        if (reconnect) {
            // Back, as the user asks for it: a session that was in the room resumes (with
            // what it said while away in its outbox), any other joins afresh.
            if (pageAndSay)
                session.say(u"while away"_s);
            session.reconnectNow();
            serve(session, 0, second, chunks, false);
        }
        // Its sockets are aborted and unreachable from here; they go with it.
    }
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return 0;
}
