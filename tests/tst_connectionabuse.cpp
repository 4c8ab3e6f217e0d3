#include "chatserver.h"
#include "connectionlimits.h"
#include "descriptorlimit.h"

#include "testclient.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <memory>

#include <sys/resource.h>
#include <unistd.h>

using namespace Protocol;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

// What a stranger on the LAN can do before joining (issue "Trust"): idle connections,
// connection storms, endless rejected names, running the server out of descriptors.
class tst_ConnectionAbuse : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void limitsPerAddress();
    void limitsWindowForgets();
    void loopbackExemptUnlessAsked();
    void mappedAddressesCountAsIPv4();
    void oldestUnjoinedMakesWay();
    void membersWithinDescriptors();

    void idleFloodCannotKeepMemberOut();
    void perAddressWaitingCap();
    void refusalsAreSummarized();
    void rejectedAnswersAreBounded();
    void descriptorsExhaustedPauseThenResume();

private:
    ChatServer *startServer(ServerConfig config);
    TestClient *newClient();

    std::unique_ptr<QObject> m_scope;
    std::unique_ptr<ChatServer> m_server;
};

void tst_ConnectionAbuse::init()
{
    m_scope = std::make_unique<QObject>();
}

void tst_ConnectionAbuse::cleanup()
{
    m_server.reset();
    m_scope.reset();
}

ChatServer *tst_ConnectionAbuse::startServer(ServerConfig config)
{
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    m_server = std::make_unique<ChatServer>(config);
    if (!m_server->listen())
        qFatal("listen: %s", qPrintable(m_server->errorString()));
    return m_server.get();
}

TestClient *tst_ConnectionAbuse::newClient()
{
    return TestClient::connected(m_scope.get(), m_server->serverPort());
}

void tst_ConnectionAbuse::limitsPerAddress()
{
    ServerConfig config;
    config.maxUnjoinedPerAddress = 2;
    config.maxNewPerAddress = 100;
    ConnectionLimits limits(config);
    const QHostAddress a(u"192.0.2.1"_s);
    const QHostAddress b(u"192.0.2.2"_s);
    int fake[3];
    auto *one = reinterpret_cast<ClientConnection *>(&fake[0]);
    auto *two = reinterpret_cast<ClientConnection *>(&fake[1]);
    QCOMPARE(limits.admit(a, 0), ConnectionLimits::Verdict::Admit);
    limits.addUnjoined(one, a);
    QCOMPARE(limits.admit(a, 0), ConnectionLimits::Verdict::Admit);
    limits.addUnjoined(two, a);
    QCOMPARE(limits.admit(a, 0), ConnectionLimits::Verdict::TooManyWaiting);
    // Another address is not held back by this one.
    QCOMPARE(limits.admit(b, 0), ConnectionLimits::Verdict::Admit);
    // One joins: a place frees.
    limits.unjoinedEnded(one);
    QCOMPARE(limits.unjoinedFrom(a), 1);
    QCOMPARE(limits.admit(a, 0), ConnectionLimits::Verdict::Admit);
}

void tst_ConnectionAbuse::limitsWindowForgets()
{
    ServerConfig config;
    config.maxNewPerAddress = 3;
    config.newConnectionWindow = 10s;
    ConnectionLimits limits(config);
    const QHostAddress a(u"2001:db8::1"_s);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(limits.admit(a, 1000 + i), ConnectionLimits::Verdict::Admit);
    QCOMPARE(limits.admit(a, 5000), ConnectionLimits::Verdict::TooManyNew);
    // A refused attempt does not count: the window still ends 10 s after the first.
    QCOMPARE(limits.admit(a, 10'999), ConnectionLimits::Verdict::TooManyNew);
    QCOMPARE(limits.admit(a, 11'000), ConnectionLimits::Verdict::Admit);
}

void tst_ConnectionAbuse::loopbackExemptUnlessAsked()
{
    ServerConfig config;
    config.maxNewPerAddress = 1;
    ConnectionLimits exempt(config);
    for (const QHostAddress &local :
         {QHostAddress(QHostAddress::LocalHost), QHostAddress(u"127.8.9.10"_s),
          QHostAddress(QHostAddress::LocalHostIPv6)}) {
        for (int i = 0; i < 5; ++i)
            QCOMPARE(exempt.admit(local, 0), ConnectionLimits::Verdict::Admit);
    }
    config.limitLoopback = true;
    ConnectionLimits strict(config);
    QCOMPARE(strict.admit(QHostAddress::LocalHost, 0), ConnectionLimits::Verdict::Admit);
    QCOMPARE(strict.admit(QHostAddress::LocalHost, 0), ConnectionLimits::Verdict::TooManyNew);
}

void tst_ConnectionAbuse::mappedAddressesCountAsIPv4()
{
    ServerConfig config;
    config.maxNewPerAddress = 1;
    ConnectionLimits limits(config);
    QCOMPARE(limits.admit(QHostAddress(u"192.0.2.7"_s), 0), ConnectionLimits::Verdict::Admit);
    // The same host through a dual-stack socket.
    QCOMPARE(limits.admit(QHostAddress(u"::ffff:192.0.2.7"_s), 0),
             ConnectionLimits::Verdict::TooManyNew);
}

void tst_ConnectionAbuse::oldestUnjoinedMakesWay()
{
    ServerConfig config;
    config.maxUnjoined = 2;
    ConnectionLimits limits(config);
    int fake[3];
    auto *first = reinterpret_cast<ClientConnection *>(&fake[0]);
    auto *second = reinterpret_cast<ClientConnection *>(&fake[1]);
    auto *third = reinterpret_cast<ClientConnection *>(&fake[2]);
    const QHostAddress a(u"192.0.2.1"_s);
    QCOMPARE(limits.addUnjoined(first, a), nullptr);
    QCOMPARE(limits.addUnjoined(second, a), nullptr);
    QCOMPARE(limits.addUnjoined(third, a), first);
    limits.unjoinedEnded(first);
    QCOMPARE(limits.unjoinedCount(), 2);
    QCOMPARE(limits.unjoinedFrom(a), 2);
}

void tst_ConnectionAbuse::membersWithinDescriptors()
{
    QCOMPARE(DescriptorLimit::membersWithin(1024, 10, 256), 1024 - 10 - 256 - 16);
    QCOMPARE(DescriptorLimit::membersWithin(64, 60, 256), 0);
    QVERIFY(DescriptorLimit::membersWithin(-1, 10, 256) > 1'000'000);
    QVERIFY(DescriptorLimit::openCount() > 2); // stdin, stdout, stderr at least
}

void tst_ConnectionAbuse::idleFloodCannotKeepMemberOut()
{
    ServerConfig config;
    config.maxUnjoined = 8;
    startServer(config);
    QList<TestClient *> idle;
    for (int i = 0; i < 8; ++i)
        idle.append(newClient());
    QTRY_COMPARE(m_server->connectionCount(), 8);
    // The ninth makes the oldest idle one go, and the administrator is told.
    QSignalSpy notices(m_server.get(), &ChatServer::serverNotice);
    TestClient *ninth = newClient();
    QVERIFY(idle.first()->waitForDisconnected());
    QCOMPARE(notices.size(), 1);
    QCOMPARE(notices.at(0).at(0).value<ServerNotice>().kind, ServerNotice::Kind::ConnectionEvicted);
    QCOMPARE(notices.at(0).at(0).value<ServerNotice>().address,
             QHostAddress(QHostAddress::LocalHost));
    QTRY_COMPARE(m_server->connectionCount(), 8);
    // A real member gets in however many idle ones keep coming.
    for (int i = 0; i < 20; ++i)
        idle.append(newClient());
    TestClient *alice = newClient();
    QVERIFY(alice->join(u"Alice"_s));
    alice->send(Say {u"我进来了"_s});
    QVERIFY(alice->waitFor<Chat>());
    QTRY_VERIFY(m_server->connectionCount() <= 9);
    Q_UNUSED(ninth);
}

void tst_ConnectionAbuse::perAddressWaitingCap()
{
    ServerConfig config;
    config.limitLoopback = true;
    config.maxUnjoinedPerAddress = 3;
    startServer(config);
    QList<TestClient *> waiting;
    for (int i = 0; i < 3; ++i)
        waiting.append(newClient());
    QTRY_COMPARE(m_server->connectionCount(), 3);
    TestClient *fourth = newClient();
    QVERIFY(fourth->waitForDisconnected());
    QCOMPARE(m_server->connectionCount(), 3);
    // Joining frees the address's place.
    QVERIFY(waiting.first()->join(u"Alice"_s));
    TestClient *fifth = newClient();
    QVERIFY(fifth->join(u"Bob"_s));
}

void tst_ConnectionAbuse::refusalsAreSummarized()
{
    ServerConfig config;
    config.limitLoopback = true;
    config.maxNewPerAddress = 2;
    config.newConnectionWindow = 300ms;
    startServer(config);
    QSignalSpy notices(m_server.get(), &ChatServer::serverNotice);
    QList<TestClient *> clients;
    for (int i = 0; i < 12; ++i)
        clients.append(newClient());
    QTRY_VERIFY(std::count_if(clients.cbegin(), clients.cend(),
                              [](TestClient *c) { return !c->isConnected(); })
                >= 10);
    // The first refusal at once, the rest in one summary: never a line per connection.
    QTRY_COMPARE(notices.size(), 2);
    const auto first = notices.at(0).at(0).value<ServerNotice>();
    const auto summary = notices.at(1).at(0).value<ServerNotice>();
    QCOMPARE(first.kind, ServerNotice::Kind::ConnectionRefused);
    QCOMPARE(first.count, 1);
    QCOMPARE(summary.kind, ServerNotice::Kind::ConnectionRefused);
    QCOMPARE(first.count + summary.count, 10);
    QCOMPARE(first.address, QHostAddress(QHostAddress::LocalHost));
}

void tst_ConnectionAbuse::rejectedAnswersAreBounded()
{
    // Every Rejected renews the hello timeout; without a bound, one connection asking for
    // a reserved name every few seconds would hold its descriptor for ever.
    ServerConfig config;
    config.maxRejected = 3;
    startServer(config);
    TestClient *client = newClient();
    for (int i = 0; i < 3; ++i)
        QCOMPARE(client->helloRejected(u"admin"_s), RejectReason::NameReserved);
    QVERIFY(client->waitForDisconnected());
    // Fewer than that keep the connection, as the protocol says.
    TestClient *retrying = newClient();
    QCOMPARE(retrying->helloRejected(u"admin"_s), RejectReason::NameReserved);
    QCOMPARE(retrying->helloRejected(u"系统"_s), RejectReason::NameReserved);
    QVERIFY(retrying->join(u"Alice"_s));
}

namespace {

// utime + stime of a process, in clock ticks.
qint64 cpuTicks(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    // The command name may hold spaces; the fields after it are fixed.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 12 ? fields.at(11).toLongLong() + fields.at(12).toLongLong() : -1;
}

} // namespace

void tst_ConnectionAbuse::descriptorsExhaustedPauseThenResume()
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_UNDEFINED__)
    // The sanitizers' runtime checks whether memory is readable through a pipe of its own:
    // in a process out of descriptors that check fails and UBSan reports every virtual call
    // as a bad vptr. The plain build runs this test.
    QSKIP("a sanitized server cannot run out of descriptors and stay checkable");
#endif
    // The real server process, held to 64 descriptors (soft and hard, so it cannot raise
    // them), with no cap on idle connections: the flood takes every descriptor.
    QProcess server;
    server.setProgram(QStringLiteral(CHATROOM_SERVER_BINARY));
    server.setArguments({u"--headless"_s, u"--lang"_s, u"en"_s, u"--listen"_s, u"127.0.0.1"_s,
                         u"--port"_s, u"0"_s, u"--log"_s, u"memory"_s, u"--max-unjoined"_s, u"0"_s,
                         u"--hello-timeout"_s, u"600"_s});
    server.setChildProcessModifier([] {
        const rlimit low {64, 64};
        setrlimit(RLIMIT_NOFILE, &low);
    });
    server.start();
    QVERIFY(server.waitForStarted());
    static const QRegularExpression where(u"127\\.0\\.0\\.1:(\\d+)"_s);
    QByteArray output;
    QVERIFY(QTest::qWaitFor([&] {
        output += server.readAllStandardOutput();
        // The line after the address says what the descriptors allow.
        return output.contains("open files limit");
    }));
    const auto port = quint16(where.match(QString::fromUtf8(output)).captured(1).toUInt());
    QVERIFY2(output.contains("open files limit: 64"), output.constData());

    QList<TestClient *> flood;
    for (int i = 0; i < 100; ++i) {
        auto *client = new TestClient(m_scope.get());
        client->socket()->connectToHost(QHostAddress::LocalHost, port);
        flood.append(client);
    }
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     output += server.readAllStandardOutput();
                     return output.contains("Out of file descriptors");
                 },
                 10'000),
             output.constData());
    // Paused, not spinning: over a second the server uses a small part of a core.
    const qint64 before = cpuTicks(server.processId());
    QTest::qWait(1000);
    const qint64 used = cpuTicks(server.processId()) - before;
    const qint64 ticksPerSecond = sysconf(_SC_CLK_TCK);
    QVERIFY2(before >= 0 && used * 5 < ticksPerSecond,
             qPrintable(u"%1 of %2 ticks"_s.arg(used).arg(ticksPerSecond)));
    output += server.readAllStandardOutput();
    QCOMPARE(output.count("Out of file descriptors"), 1);

    // The flood goes; a member is admitted at once.
    for (TestClient *client : std::as_const(flood))
        client->socket()->abort();
    qDeleteAll(flood);
    TestClient *alice = TestClient::connected(m_scope.get(), port);
    QVERIFY(alice->join(u"Alice"_s));
    server.terminate();
    QVERIFY(server.waitForFinished());
}

QTEST_GUILESS_MAIN(tst_ConnectionAbuse)
#include "tst_connectionabuse.moc"
