// libFuzzer target: one whole server session. An in-process ChatServer on 127.0.0.1:0, a
// well-behaved member (TestClient: the shared codec) and a hostile connection that sends
// the fuzz input in a few chunks, then drops. The server must not crash or hang, must end
// up holding only the well-behaved member, and that member must have received every room
// event in seq order with no gap, stayed joined, and seen the hostile peer (if it joined
// at all) leave again. Limits are small so a few bytes reach them; the timeouts are long
// so no timer fires at a random point of a run and every input replays the same way.
#include "chatserver.h"
#include "testclient.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTimer>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

void require(bool ok, const char *what)
{
    if (ok)
        return;
    std::fprintf(stderr, "fuzz_server_session: violated: %s\n", what);
    std::abort();
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
    config.floodLimit = 3;
    config.floodWindow = 60s;
    config.sendQueueLimit = 256 * 1024;
    config.maxMembers = 8;
    config.closeLinger = 200ms;
    return config;
}

void checkWatcher(const TestClient &watcher)
{
    require(!watcher.readFailed, "the watcher receives only well-formed frames");
    require(watcher.countOf<Protocol::Error>() == 0, "the watcher is never sent an Error");
    require(watcher.countOf<Protocol::Welcome>() == 1, "the watcher is welcomed once");
    quint64 expected = watcher.welcome.seq + 1;
    for (quint64 seq : watcher.eventSeqs())
        require(seq == expected++, "room events arrive in seq order with no gap");

    // Only the hostile peer can have joined after the watcher, once, and it must be gone.
    const auto joined = watcher.all<Protocol::Joined>();
    const auto left = watcher.all<Protocol::Left>();
    require(joined.size() <= 1, "one connection joins at most once");
    require(left.size() == joined.size(), "a peer that joined has left");
    if (!joined.isEmpty())
        require(left.first().nickname == joined.first().nickname, "the one who joined left");
    for (const Protocol::Chat &chat : watcher.all<Protocol::Chat>())
        require(!joined.isEmpty() && chat.from == joined.first().nickname,
                "chat comes from a member under its own name");
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
        watcher.send(Protocol::Hello {Protocol::Version, u"watcher"_s});
        spinUntil(
            [&] {
                return watcher.countOf<Protocol::Welcome>() == 1
                    && watcher.members.size() >= qsizetype(watcher.welcome.memberCount);
            },
            "the watcher joins");

        auto hostile = std::make_unique<TestClient>();
        require(hostile->connectTo(server.serverPort()), "the hostile peer connects");
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
        require(server.memberCount() == 1, "only the watcher is in the room");
        checkWatcher(watcher);
    }
    // The server's sockets were deleted with it; their deferred deletes run here.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return 0;
}
