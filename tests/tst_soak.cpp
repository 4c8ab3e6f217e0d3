#include "chatserver.h"

#include "testclient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <memory>
#include <vector>

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <sys/resource.h>

#if defined(__SANITIZE_ADDRESS__)
#define CHATROOM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHATROOM_ASAN 1
#endif
#endif

using namespace Protocol;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

constexpr int Watchers = 3;
constexpr int DefaultClients = 200;
constexpr int ChatsPerChatter = 5;
// Characters added to every chat, so a slow reader's kernel buffer fills and the server
// holds unsent bytes for it when it drops.
constexpr int ChatPadding = 400;
constexpr int Timeout = 60'000;

// Kilobytes of resident memory, or -1 where /proc is missing.
qint64 residentKiB()
{
#ifdef __GLIBC__
    // Give back what free() kept, so the figure is what is really held.
    malloc_trim(0);
#endif
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// What one crowd member does, by its index in the wave.
enum class Kind : quint8 {
    Chatter, // joins, says a few things, drops
    SlowReader, // joins, stops reading while the room talks, drops with bytes unread
    HalfFrame, // joins, sends a header and part of a payload, drops
    Stranger, // never joins: half a Hello, then drops
};

Kind kindOf(int index)
{
    return Kind(index % 4);
}

// A frame header announcing `length` bytes, followed by only `sent` of them.
QByteArray halfFrame(quint32 length, int sent)
{
    QByteArray bytes(4, '\0');
    for (int i = 0; i < 4; ++i)
        bytes[i] = char(length >> (24 - 8 * i));
    return bytes + QByteArray(sent, '\x02');
}

} // namespace

// The server under a long crowd: waves of clients connect, join, chat and drop abruptly,
// with slow readers and half-sent frames among them, while a few well-behaved members
// watch throughout. Afterwards the server holds nothing of the crowd, memory is back near
// where it started, and every watcher received every event in seq order with no gap.
// CHATROOM_SOAK_CLIENTS sets the crowd (default 200, about a second; docs/soak.md has a
// run of 1000).
class tst_Soak : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void waves();
};

void tst_Soak::initTestCase()
{
    // The process holds both ends of every connection.
    rlimit limit {};
    QVERIFY(getrlimit(RLIMIT_NOFILE, &limit) == 0);
    limit.rlim_cur = limit.rlim_max;
    QVERIFY(setrlimit(RLIMIT_NOFILE, &limit) == 0);
}

void tst_Soak::waves()
{
    bool ok = false;
    int clients = qEnvironmentVariableIntValue("CHATROOM_SOAK_CLIENTS", &ok);
    if (!ok || clients <= 0)
        clients = DefaultClients;
    const int waveSize = qMin(clients, qMax(20, clients / 10));
    const int waves = (clients + waveSize - 1) / waveSize;

    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.floodLimit = 0;
    config.closeLinger = 500ms;
    ChatServer server(config);
    QVERIFY2(server.listen(), qPrintable(server.errorString()));

    std::vector<std::unique_ptr<TestClient>> watchers;
    for (int i = 0; i < Watchers; ++i) {
        watchers.push_back(std::make_unique<TestClient>());
        QVERIFY(watchers.back()->connectTo(server.serverPort()));
        QVERIFY(watchers.back()->join(u"watcher%1"_s.arg(i)));
    }
    const qint64 rssBefore = residentKiB();
    QElapsedTimer elapsed;
    elapsed.start();

    // Each watcher's next expected seq. Checked and forgotten after every wave, so what the
    // watchers keep does not grow with the run and blur the memory figures.
    std::vector<quint64> nextSeq;
    for (const auto &watcher : watchers)
        nextSeq.push_back(watcher->welcome.seq + 1);
    quint64 events = 0; // room events each watcher received and checked
    quint64 chats = 0;
    quint64 joinedTotal = 0;
    int tooSlow = 0; // slow readers the server let go (send queue limit) before they dropped
    int started = 0;
    for (int wave = 0; wave < waves; ++wave) {
        const int size = qMin(waveSize, clients - started);
        std::vector<std::unique_ptr<TestClient>> crowd;
        int joining = 0;
        for (int i = 0; i < size; ++i) {
            auto client = std::make_unique<TestClient>();
            QVERIFY(client->connectTo(server.serverPort()));
            if (kindOf(i) == Kind::Stranger) {
                client->sendRaw(halfFrame(40, 7));
            } else {
                client->setDiscarding(true);
                client->send(Hello {Version, u"w%1c%2"_s.arg(wave).arg(i)});
                ++joining;
            }
            crowd.push_back(std::move(client));
        }
        started += size;
        joinedTotal += quint64(joining);
        QTRY_COMPARE_WITH_TIMEOUT(server.memberCount(), Watchers + joining, Timeout);

        for (int i = 0; i < size; ++i) {
            TestClient &client = *crowd[i];
            switch (kindOf(i)) {
            case Kind::Chatter:
                for (int n = 0; n < ChatsPerChatter; ++n)
                    client.send(Say {u"%1 大家好 %2 "_s.arg(n).arg(client.socket()->localPort())
                                     + QString(ChatPadding, u'x')});
                chats += ChatsPerChatter;
                break;
            case Kind::SlowReader:
                client.stopReading();
                // A small kernel buffer too, so the server's queue for it is what grows.
                client.socket()->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption,
                                                 4096);
                break;
            case Kind::HalfFrame:
                client.sendRaw(halfFrame(300, 3 + i % 5));
                break;
            case Kind::Stranger:
                break;
            }
        }
        QTRY_COMPARE_WITH_TIMEOUT(server.messagesRelayed(), chats, Timeout);

        // Abruptly: no Bye, a reset rather than a close where bytes are still unread.
        for (auto &client : crowd)
            client->socket()->abort();
        crowd.clear();
        QTRY_COMPARE_WITH_TIMEOUT(server.connectionCount(), Watchers, Timeout);
        QCOMPARE(server.memberCount(), Watchers);

        for (int w = 0; w < Watchers; ++w) {
            TestClient &watcher = *watchers[w];
            QVERIFY(watcher.sync());
            QVERIFY(watcher.isConnected());
            QVERIFY(!watcher.readFailed);
            QCOMPARE(watcher.countOf<Error>(), 0);
            for (quint64 seq : watcher.eventSeqs())
                QCOMPARE(seq, nextSeq[w]++);
            if (w == 0) {
                events += quint64(watcher.eventSeqs().size());
                for (const Left &left : watcher.all<Left>())
                    tooSlow += left.reason == LeaveReason::TooSlow ? 1 : 0;
            }
            watcher.clearMessages();
        }
        // Everyone who joined left again, and everything said reached every watcher.
        QCOMPARE(nextSeq[0], nextSeq[Watchers - 1]);
    }
    const qint64 ms = elapsed.elapsed();
    // Joined and Left for each of the crowd that joined, and every chat: no event lost.
    QCOMPARE(events, quint64(Watchers - 1) + 2 * joinedTotal + chats);

    // The crowd's clients are gone too, so their deferred deletes have to run before the
    // process's memory says anything about the server's.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    const qint64 rssAfter = residentKiB();
    qInfo("soak: %d clients in %d waves, %llu room events and %llu chats to each of %d "
          "watchers in %lld ms, %d slow readers dropped as TooSlow; VmRSS %lld KiB before, "
          "%lld KiB after",
          clients, waves, events, chats, Watchers, ms, tooSlow, rssBefore, rssAfter);
#ifndef CHATROOM_ASAN
    // Generous: the allocator keeps some of what it once had, and the test's own clients
    // share the process. A leaked session per client would be far above this at 1000.
    if (rssBefore > 0)
        QVERIFY2(rssAfter - rssBefore < 32 * 1024 + clients * 8,
                 qPrintable(u"VmRSS grew from %1 to %2 KiB"_s.arg(rssBefore).arg(rssAfter)));
#endif
}

QTEST_MAIN(tst_Soak)
#include "tst_soak.moc"
