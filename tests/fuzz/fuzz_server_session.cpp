// libFuzzer target: one whole server session. An in-process ChatServer on 127.0.0.1:0, a
// well-behaved member (TestClient: the shared codec) and a hostile connection that sends
// the fuzz input in a few chunks, then drops. The server must not crash or hang, must end
// up holding only the well-behaved member (and the seat of a 1.1 peer it detached, held for
// a Resume), and that member must have received every room event in seq order with no
// gap, stayed joined, and seen the hostile peer (if it joined at all) rename only in the
// protocol's two steps and leave at most once. Limits are small so a few bytes reach them;
// the timeouts are long so no timer fires at a random point of a run and every input
// replays the same way.
//
// Both connections reset (SO_LINGER {1, 0}) rather than close, so no run leaves a TIME_WAIT
// entry behind: at ~500 inputs a second those used up every local port within a minute,
// and listening or connecting on 127.0.0.1 then failed (fuzzsupport.h).
#include "chatserver.h"
#include "fuzzsupport.h"
#include "testclient.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTimer>

#include <cstdint>
#include <memory>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

void require(bool ok, const char *what)
{
    if (!ok)
        FuzzSupport::fail("fuzz_server_session", what);
}

// QTest::qWaitFor sleeps 10 ms whenever its predicate is false, which would make every
// iteration cost tens of milliseconds; this waits for events instead. A hang is a finding.
template<typename Predicate>
void spinUntil(Predicate predicate, const char *what)
{
    const QDeadlineTimer deadline(5s);
    QTimer wake; // so WaitForMoreEvents returns by the deadline even if nothing happens
    wake.start(100ms);
    while (!predicate()) {
        require(!deadline.hasExpired(), what);
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
}

// A Ping round trip: everything the server queued for the watcher before it has arrived.
void sync(TestClient &client)
{
    static quint64 token = 0;
    const quint64 expected = ++token;
    client.send(Protocol::Ping {expected});
    spinUntil(
        [&] {
            const auto pong = client.last<Protocol::Pong>();
            return (pong && pong->token == expected) || !client.isConnected();
        },
        "the watcher's Ping is answered");
    require(client.isConnected(), "the watcher stays connected");
}

ServerConfig fuzzConfig()
{
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    // Room for a Say of more than 2000 characters (TextTooLong), small enough that
    // FrameTooLarge is any length header above 4.5 KiB.
    config.maxFrameSize = 4608;
    config.helloTimeout = 60s;
    config.idleTimeout = 60s;
    // The watcher's Pings pass the gate for frames that are not room events (7 per input:
    // two round trips after each of three chunks and one at the end); with a limit of 3
    // the gate left its fourth Ping unanswered and every input of two chunks or more
    // "hung". Still small enough that a few dozen bytes of Says reach it.
    config.floodLimit = 8;
    config.floodWindow = 60s;
    config.sendQueueLimit = 256 * 1024;
    config.maxMembers = 8;
    config.closeLinger = 200ms;
    return config;
}

// What the watcher saw of the hostile peer, in order; true when the peer still holds a
// seat at the end (a 1.1 member whose connection dropped is detached, not gone: its seat
// waits the resume grace for a Resume).
bool checkWatcher(const TestClient &watcher)
{
    require(!watcher.readFailed, "the watcher receives only well-formed frames");
    require(watcher.countOf<Protocol::Error>() == 0, "the watcher is never sent an Error");
    require(watcher.countOf<Protocol::Welcome>() == 1, "the watcher is welcomed once");
    quint64 expected = watcher.welcome.seq + 1;
    for (quint64 seq : watcher.eventSeqs())
        require(seq == expected++, "room events arrive in seq order with no gap");

    // Only the hostile peer can join after the watcher: once, then renamed any number of
    // times (Left{Renamed} and, at the next seq, Joined{formerName}), speaking only under
    // the name it has at the time, and leaving at most once.
    bool everJoined = false;
    bool present = false;
    bool gone = false;
    QString name;
    quint64 renameSeq = 0; // the seq of a Left{Renamed} waiting for its Joined
    for (const Protocol::Message &message : watcher.messages()) {
        if (const auto *joined = std::get_if<Protocol::Joined>(&message)) {
            if (joined->formerName.isEmpty()) {
                require(!everJoined, "one connection joins at most once");
            } else {
                require(renameSeq != 0 && joined->seq == renameSeq + 1
                            && joined->formerName == name,
                        "a rename's Joined follows its Left and names the former name");
            }
            everJoined = present = true;
            renameSeq = 0;
            name = joined->nickname;
        } else if (const auto *left = std::get_if<Protocol::Left>(&message)) {
            require(present && left->nickname == name, "only a member leaves, under its name");
            require(renameSeq == 0, "nothing comes between a rename's Left and Joined");
            present = false;
            if (left->reason == Protocol::LeaveReason::Renamed)
                renameSeq = left->seq;
            else
                gone = true;
        } else if (const auto *chat = std::get_if<Protocol::Chat>(&message)) {
            require(present && chat->from == name, "chat comes from a member under its own name");
        }
    }
    require(renameSeq == 0, "a rename is never left half done");
    require(!gone || !present, "a member that left is gone");
    return present;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    {
        ChatServer server(fuzzConfig());
        require(server.listen(), "listen on 127.0.0.1:0");

        TestClient watcher;
        require(watcher.connectTo(server.serverPort()), "the watcher connects");
        require(FuzzSupport::resetOnClose(watcher.socket()), "SO_LINGER on the watcher");
        // A 1.1 member, so that a rename reads as one (a 1.0 member sees Quit and a plain
        // Joined).
        watcher.setLayout(Protocol::Layout::V1_1);
        watcher.send(Protocol::Hello {Protocol::Version, u"watcher"_s, Protocol::MinorVersion});
        spinUntil(
            [&] {
                return watcher.countOf<Protocol::Welcome>() == 1
                    && watcher.members.size() >= qsizetype(watcher.welcome.memberCount);
            },
            "the watcher joins");

        auto hostile = std::make_unique<TestClient>();
        require(hostile->connectTo(server.serverPort()), "the hostile peer connects");
        require(FuzzSupport::resetOnClose(hostile->socket()), "SO_LINGER on the hostile peer");
        hostile->setDiscarding(true);
        // Three chunks, so frames and headers also arrive cut in two.
        const qsizetype cuts[] = {0, input.size() / 3, 2 * input.size() / 3, input.size()};
        for (int i = 0; i < 3; ++i) {
            if (cuts[i + 1] == cuts[i])
                continue;
            hostile->sendRaw(input.sliced(cuts[i], cuts[i + 1] - cuts[i]));
            hostile->socket()->flush();
            // Two round trips: the hostile bytes were in the kernel before the first Ping,
            // so the server has read them by the time the second Pong is out.
            sync(watcher);
            sync(watcher);
        }
        hostile->socket()->abort();
        hostile.reset();
        spinUntil([&] { return server.connectionCount() == 1; },
                  "the hostile session is gone once its peer is");
        sync(watcher);
        const bool seatHeld = checkWatcher(watcher);
        require(server.memberCount() == (seatHeld ? 2 : 1),
                "only the watcher is in the room, and a detached peer's seat");
        // Reset before the server closes its end: nobody is left in TIME_WAIT.
        watcher.socket()->abort();
        spinUntil([&] { return server.connectionCount() == 0; },
                  "the watcher's session is gone once its peer is");
    }
    // The server's sockets were deleted with it; their deferred deletes run here.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return 0;
}
