#include "benchrunner.h"
#include "chatserver.h"
#include "ircwire.h"
#include "receiveraccount.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <memory>

// chatroom-bench checks its own accounting: against the real ChatServer (in process, on
// 127.0.0.1:0) a clean run must count every delivery and report no loss, repeat or
// disorder; fed a sequence with faults, the accounting must count each of them.
class tst_Bench : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void accountCleanSequence();
    void accountDetectsFaults();
    void accountWithoutEcho();
    void ircParse_data();
    void ircParse();
    void joinAgainstServer();
    void fanoutAgainstServer();
    void latencyAgainstServer();
    void serverGoneIsReported();

private:
    BenchOptions optionsFor(BenchOptions::Mode mode) const;
    // The bench blocks in its own loop, so it runs on a thread while this one serves.
    BenchResult runBench(const BenchOptions &options);

    std::unique_ptr<ChatServer> m_server;
};

void tst_Bench::init()
{
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.floodLimit = 0;
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
}

void tst_Bench::cleanup()
{
    m_server.reset();
}

BenchOptions tst_Bench::optionsFor(BenchOptions::Mode mode) const
{
    BenchOptions options;
    options.mode = mode;
    options.port = m_server->serverPort();
    options.members = 20;
    options.joinBatch = 5;
    options.senders = 3;
    options.messagesPerSender = 50;
    options.window = 4;
    options.timeoutMs = 30'000;
    return options;
}

BenchResult tst_Bench::runBench(const BenchOptions &options)
{
    BenchResult result;
    std::atomic<bool> done = false;
    std::unique_ptr<QThread> thread(QThread::create([&] {
        result = BenchRunner(options).run();
        done = true;
    }));
    thread->start();
    // Long enough for a loaded machine, bounded by the bench's own hard timeout anyway.
    [&] { QTRY_VERIFY_WITH_TIMEOUT(done.load(), options.timeoutMs + 5'000); }();
    thread->wait();
    return result;
}

void tst_Bench::accountCleanSequence()
{
    ReceiverAccount account;
    account.start(10);
    account.expectChats(2, 3);
    account.onEvent(11); // someone else joined
    quint64 seq = 12;
    for (quint32 index = 0; index < 3; ++index) {
        account.onChat(seq++, 0, index);
        account.onChat(seq++, 1, index);
    }
    account.finish();
    QCOMPARE(account.chatsReceived(), 6u);
    QCOMPARE(account.uniqueChats(), 6u);
    QCOMPARE(account.lost(), 0u);
    QCOMPARE(account.duplicates(), 0u);
    QCOMPARE(account.outOfOrder(), 0u);
    QCOMPARE(account.seqGaps(), 0u);
    QCOMPARE(account.lastSeq(), 17u);
}

void tst_Bench::accountDetectsFaults()
{
    ReceiverAccount account;
    account.start(10);
    account.expectChats(2, 3);
    account.onChat(11, 0, 0);
    account.onChat(12, 1, 0);
    account.onChat(14, 0, 2); // seq 13 (sender 0, index 1) never comes: a gap and a loss
    account.onChat(14, 0, 2); // the same frame again: a repeat, and the seq stood still
    account.onChat(15, 1, 2);
    account.onChat(16, 1, 1); // sender 1 overtaken by its own later message
    account.onChat(17, 7, 0); // no such sender
    account.onEvent(16); // a room event from the past
    account.finish();
    QCOMPARE(account.chatsReceived(), 7u);
    QCOMPARE(account.uniqueChats(), 5u);
    QCOMPARE(account.lost(), 1u);
    QCOMPARE(account.duplicates(), 1u);
    QCOMPARE(account.outOfOrder(), 3u);
    QCOMPARE(account.seqGaps(), 1u);
    QCOMPARE(account.foreign(), 1u);
}

void tst_Bench::accountWithoutEcho()
{
    // On IRC a sender never gets its own messages: they are neither expected nor lost.
    ReceiverAccount account;
    account.expectChats(3, 2, 1);
    for (quint32 index = 0; index < 2; ++index) {
        account.onChat(2 * index + 1, 0, index);
        account.onChat(2 * index + 2, 2, index);
    }
    account.finish();
    QCOMPARE(account.expectedChats(), 4u);
    QCOMPARE(account.lost(), 0u);
    QCOMPARE(account.foreign(), 0u);
}

void tst_Bench::ircParse_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("sender");
    QTest::addColumn<quint32>("index");
    QTest::addColumn<qint64>("sentUs");
    QTest::addColumn<quint32>("count");
    QTest::addColumn<QByteArray>("argument");

    using Kind = IrcWire::Line::Kind;
    const QByteArray ours = IrcWire::privmsgLine(3, 42, 1234567890123456, 40).chopped(2);
    QTest::newRow("privmsg, ours") << (":b17!~b17@127.0.0.1 " + ours) << int(Kind::Privmsg) << 3
                                   << 42u << qint64(1234567890123456) << 0u << QByteArray();
    QTest::newRow("privmsg, no prefix")
        << ours << int(Kind::Privmsg) << 3 << 42u << qint64(1234567890123456) << 0u << QByteArray();
    QTest::newRow("privmsg, someone else's text")
        << QByteArray(":x!y@z PRIVMSG #bench :s0003 hello there, not a bench text")
        << int(Kind::Privmsg) << -1 << 0u << qint64(0) << 0u << QByteArray();
    QTest::newRow("privmsg, bad digits")
        << QByteArray(":x!y@z PRIVMSG #bench :s00a3 m0000042 t1234567890123456xxxxxxxx")
        << int(Kind::Privmsg) << -1 << 0u << qint64(0) << 0u << QByteArray();
    QTest::newRow("ping") << QByteArray("PING :bench.irc.local") << int(Kind::Ping) << -1 << 0u
                          << qint64(0) << 0u << QByteArray("bench.irc.local");
    QTest::newRow("welcome") << QByteArray(":srv 001 b1 :Welcome to the network")
                             << int(Kind::Welcome) << -1 << 0u << qint64(0) << 0u << QByteArray();
    QTest::newRow("names") << QByteArray(":srv 353 b1 = #bench :b1 @b0 b2 ") << int(Kind::Names)
                           << -1 << 0u << qint64(0) << 3u << QByteArray();
    QTest::newRow("end of names") << QByteArray(":srv 366 b1 #bench :End of NAMES list")
                                  << int(Kind::EndOfNames) << -1 << 0u << qint64(0) << 0u
                                  << QByteArray();
    QTest::newRow("join") << QByteArray(":b2!~b2@127.0.0.1 JOIN :#bench") << int(Kind::Join) << -1
                          << 0u << qint64(0) << 0u << QByteArray();
    QTest::newRow("no motd is fine")
        << QByteArray(":srv 422 b1 :MOTD file is missing") << int(Kind::Other) << -1 << 0u
        << qint64(0) << 0u << QByteArray();
    QTest::newRow("nick in use") << QByteArray(":srv 433 * b1 :Nickname already in use")
                                 << int(Kind::Error) << -1 << 0u << qint64(0) << 0u
                                 << QByteArray(":srv 433 * b1 :Nickname already in use");
    QTest::newRow("error") << QByteArray("ERROR :Closing connection") << int(Kind::Error) << -1
                           << 0u << qint64(0) << 0u << QByteArray("Closing connection");
}

void tst_Bench::ircParse()
{
    QFETCH(QByteArray, line);
    QFETCH(int, kind);
    QFETCH(int, sender);
    QFETCH(quint32, index);
    QFETCH(qint64, sentUs);
    QFETCH(quint32, count);
    QFETCH(QByteArray, argument);

    IrcWire::Line parsed;
    QVERIFY(IrcWire::parse(line, &parsed));
    QCOMPARE(int(parsed.kind), kind);
    QCOMPARE(parsed.chat.sender, sender);
    if (sender >= 0) {
        QCOMPARE(parsed.chat.index, index);
        QCOMPARE(parsed.chat.sentUs, sentUs);
    }
    QCOMPARE(parsed.count, count);
    QCOMPARE(parsed.argument.toByteArray(), argument);
}

void tst_Bench::joinAgainstServer()
{
    BenchOptions options = optionsFor(BenchOptions::Mode::Join);
    options.members = 30;
    QSignalSpy joined(m_server.get(), &ChatServer::memberJoined);
    const BenchResult result = runBench(options);
    QVERIFY2(result.ok(), qPrintable(result.summaryLine()));
    QCOMPARE(result.notifications, 30u * 29u / 2u);
    QCOMPARE(joined.count(), 30);
    QVERIFY(result.allNotifiedSeconds >= result.allInSeconds);
}

void tst_Bench::fanoutAgainstServer()
{
    const BenchOptions options = optionsFor(BenchOptions::Mode::Fanout);
    const BenchResult result = runBench(options);
    QVERIFY2(result.ok(), qPrintable(result.summaryLine()));
    QCOMPARE(result.messagesSent, 3u * 50u);
    QCOMPARE(result.deliveries, 20u * 3u * 50u);
    QCOMPARE(result.expectedDeliveries, result.deliveries);
    QCOMPARE(result.lost, 0u);
    QCOMPARE(result.duplicates, 0u);
    QCOMPARE(result.outOfOrder, 0u);
    QCOMPARE(result.seqGaps, 0u);
    QCOMPARE(m_server->messagesRelayed(), 150u);
    QVERIFY(result.deliveriesPerSecond > 0);
    QVERIFY(result.summaryLine().contains(u" lost=0 dup=0 order=0 "_qs));
}

void tst_Bench::latencyAgainstServer()
{
    BenchOptions options = optionsFor(BenchOptions::Mode::Latency);
    options.members = 10;
    options.senders = 2;
    options.rate = 2'000; // deliveries/s: 200 messages/s
    options.seconds = 0.25;
    const BenchResult result = runBench(options);
    QVERIFY2(result.ok(), qPrintable(result.summaryLine()));
    QCOMPARE(result.messagesSent, 50u);
    QCOMPARE(result.deliveries, 500u);
    QVERIFY(result.p50Ms <= result.p99Ms);
    QVERIFY(result.p99Ms <= result.maxMs);
    QVERIFY(result.maxMs > 0);
}

void tst_Bench::serverGoneIsReported()
{
    // A server that closes connections must not yield a clean result: the run fails and
    // says why instead of waiting out its timeout.
    BenchOptions options = optionsFor(BenchOptions::Mode::Fanout);
    options.stallMs = 2'000;
    options.timeoutMs = 10'000;
    QTimer::singleShot(0, m_server.get(), [this] { m_server->shutdown(); });
    const BenchResult result = runBench(options);
    QVERIFY(!result.ok());
    QVERIFY(!result.completed);
    QVERIFY(!result.error.isEmpty());
}

QTEST_MAIN(tst_Bench)
#include "tst_bench.moc"
