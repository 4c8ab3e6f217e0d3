#include "benchrunner.h"
#include "benchwire.h"
#include "chatserver.h"
#include "ircwire.h"
#include "memoryroomlog.h"
#include "receiveraccount.h"
#include "redisroomstream.h"
#include "redisserver.h"
#include "servercertificate.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <array>
#include <atomic>
#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

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
    void wireFrames_data();
    void wireFrames();
    void wireChat_data();
    void wireChat();
    void wireHistory_data();
    void wireHistory();
    void joinAgainstServer();
    void joinWithHistoryAgainstServer();
    void fanoutAgainstServer_data();
    void fanoutAgainstServer();
    void latencyAgainstServer();
    void resumeAgainstServer();
    void resumeRefusedIsReported();
    void serverGoneIsReported();
    void runOverTls_data();
    void runOverTls();
    void tlsAgainstPlainPortIsReported();
    void spreadOverServersSharingARoom_data();
    void spreadOverServersSharingARoom();

private:
    void restartServer(const ServerConfig &config);
    ServerConfig configFor() const;
    BenchOptions optionsFor(BenchOptions::Mode mode) const;
    // The bench blocks in its own loop, so it runs on a thread while this one serves.
    BenchResult runBench(const BenchOptions &options);

    std::unique_ptr<ChatServer> m_server;
};

namespace {

QByteArray hex(const char *spaced)
{
    return QByteArray::fromHex(QByteArray(spaced).replace(' ', ""));
}

// The bench's ASCII text as a QString on the wire: UTF-16BE, a zero high byte each.
QByteArray utf16(const QByteArray &ascii)
{
    QByteArray wide;
    for (const char c : ascii)
        wide.append('\0').append(c);
    return wide;
}

// Sender 3's 43rd message (index 42), sent at 1234567890123456 µs: 32 characters and 8 'x'.
const QByteArray BenchText = "s0003 m0000042 t1234567890123456xxxxxxxx";

// docs/protocol.md, the worked example of 1.1: 张三 says 你好, seq 7, clientId 3.
const char *const ExampleChat11 = "45 0000000000000007 000001A21C04B400"
                                  " 00000004 5F204E09 00000004 4F60597D 0000000000000003";

} // namespace

ServerConfig tst_Bench::configFor() const
{
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.floodLimit = 0;
    return config;
}

void tst_Bench::restartServer(const ServerConfig &config)
{
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
}

void tst_Bench::init()
{
    restartServer(configFor());
}

void tst_Bench::cleanup()
{
    m_server.reset();
}

BenchOptions tst_Bench::optionsFor(BenchOptions::Mode mode) const
{
    BenchOptions options;
    options.mode = mode;
    options.ports = {m_server->serverPort()};
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

void tst_Bench::wireFrames_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QByteArray>("expected");

    // 1.0, the bytes the bench has always sent.
    QTest::newRow("Hello 1.0") << BenchWire::helloFrame(u"b7"_s)
                               << hex("0000000B 01 0001 00000004 00620037");
    QTest::newRow("Say 1.0") << BenchWire::sayFrame(3, 42, 1234567890123456, 40)
                             << hex("00000055 02 00000050") + utf16(BenchText);
    // 1.1: minor 1, historyMax 200, then an empty epoch, afterSeq 0 and an empty password.
    QTest::newRow("Hello 1.1") << BenchWire::helloFrameV11(u"b7"_s, 200)
                               << hex("0000001F 01 0001 00000004 00620037 0001 00C8 00000000"
                                      " 0000000000000000 00000000");
    QTest::newRow("Hello 1.1, no history") << BenchWire::helloFrameV11(u"b7"_s, 0)
                                           << hex("0000001F 01 0001 00000004 00620037 0001 0000"
                                                  " 00000000 0000000000000000 00000000");
    QTest::newRow("Say 1.1") << BenchWire::sayFrameV11(3, 42, 1234567890123456, 40, 43)
                             << hex("0000005D 02 00000050") + utf16(BenchText)
            + hex("000000000000002B");
    QTest::newRow("Resume") << BenchWire::resumeFrame(hex("010203"), 0x1234)
                            << hex("00000010 05 00000003 010203 0000000000001234");
}

void tst_Bench::wireFrames()
{
    QFETCH(QByteArray, frame);
    QFETCH(QByteArray, expected);
    QCOMPARE(frame.toHex(' '), expected.toHex(' '));
}

void tst_Bench::wireChat_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<quint64>("seq");
    QTest::addColumn<int>("sender");
    QTest::addColumn<quint32>("index");
    QTest::addColumn<quint64>("clientId");

    QTest::newRow("1.0, not ours")
        << hex("45 0000000000000007 000001A21C04B400 00000004 5F204E09 00000004 4F60597D")
        << quint64(7) << -1 << 0u << quint64(0);
    QTest::newRow("1.1, not ours") << hex(ExampleChat11) << quint64(7) << -1 << 0u << quint64(3);
    const QByteArray head = hex("45 0000000000000009 000001A21C04B400 00000004 00620031 00000050");
    QTest::newRow("1.0, ours") << head + utf16(BenchText) << quint64(9) << 3 << 42u << quint64(0);
    QTest::newRow("1.1, ours") << head + utf16(BenchText) + hex("000000000000002B") << quint64(9)
                               << 3 << 42u << quint64(43);
    // A clientId cut short is not read (a malformed frame the server would never send).
    QTest::newRow("1.1, clientId cut")
        << head + utf16(BenchText) + hex("000000") << quint64(9) << 3 << 42u << quint64(0);
}

void tst_Bench::wireChat()
{
    QFETCH(QByteArray, payload);
    QFETCH(quint64, seq);
    QFETCH(int, sender);
    QFETCH(quint32, index);
    QFETCH(quint64, clientId);

    BenchWire::ChatView chat;
    QVERIFY(BenchWire::parseChat(payload.constData(), size_t(payload.size()), &chat));
    QCOMPARE(chat.seq, seq);
    QCOMPARE(chat.sender, sender);
    QCOMPARE(chat.clientId, clientId);
    if (sender >= 0) {
        QCOMPARE(chat.index, index);
        QCOMPARE(chat.sentUs, qint64(1234567890123456));
    }
}

void tst_Bench::wireHistory_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("flags");
    QTest::addColumn<quint32>("events");
    QTest::addColumn<quint64>("firstSeq");
    QTest::addColumn<quint64>("lastSeq");

    const QByteArray chat7 = hex("00000029") + hex(ExampleChat11);
    // Broadcast seq 9, "hi": 1 + 8 + 8 + 8 bytes
    const QByteArray broadcast9 =
        hex("00000019 46 0000000000000009 000001A21C04B400 00000004 00680069");
    const QByteArray joined8 =
        hex("00000019 43 0000000000000008 000001A21C04B400 00000004 00620031");
    QTest::newRow("empty, last frame")
        << hex("4B 00 00000000") << true << 0 << 0u << quint64(0) << quint64(0);
    QTest::newRow("two events, More and Truncated") << hex("4B 03 00000002") + chat7 + broadcast9
                                                    << true << 3 << 2u << quint64(7) << quint64(9);
    QTest::newRow("descending") << hex("4B 00 00000002") + broadcast9 + chat7 << false << 0 << 0u
                                << quint64(0) << quint64(0);
    QTest::newRow("a Joined") << hex("4B 00 00000001") + joined8 << false << 0 << 0u << quint64(0)
                              << quint64(0);
    QTest::newRow("event cut short")
        << hex("4B 00 00000001") + chat7.chopped(1) << false << 0 << 0u << quint64(0) << quint64(0);
    QTest::newRow("count past the end")
        << hex("4B 00 00000002") + chat7 << false << 0 << 0u << quint64(0) << quint64(0);
}

void tst_Bench::wireHistory()
{
    QFETCH(QByteArray, payload);
    QFETCH(bool, valid);
    QFETCH(int, flags);
    QFETCH(quint32, events);
    QFETCH(quint64, firstSeq);
    QFETCH(quint64, lastSeq);

    BenchWire::HistoryView history;
    QCOMPARE(BenchWire::parseHistory(payload.constData(), size_t(payload.size()), &history), valid);
    if (!valid)
        return;
    QCOMPARE(int(history.flags), flags);
    QCOMPARE(history.events, events);
    QCOMPARE(history.firstSeq, firstSeq);
    QCOMPARE(history.lastSeq, lastSeq);
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

void tst_Bench::joinWithHistoryAgainstServer()
{
    // 150 messages first, from members who then leave (1.0: they leave at once).
    BenchOptions talk = optionsFor(BenchOptions::Mode::Fanout);
    talk.members = 5;
    talk.namePrefix = u"talk"_s;
    QVERIFY2(runBench(talk).ok(), "the room's first messages");
    QTRY_COMPARE(m_server->memberCount(), 0);

    BenchOptions options = optionsFor(BenchOptions::Mode::Join);
    options.protocolMinor = 1;
    options.historyMax = 100;
    const BenchResult result = runBench(options);
    QVERIFY2(result.ok(), qPrintable(result.summaryLine()));
    // Every member's batch: the newest 100 of the 150, in one frame each.
    QCOMPARE(result.historyEvents, 20u * 100u);
    QCOMPARE(result.historyFrames, 20u);
    QVERIFY(result.joinCompleteSeconds > 0);
    QVERIFY(result.joinCompleteSeconds <= result.allNotifiedSeconds);
    QVERIFY(result.summaryLine().contains(u" minor=1 "_s));
    QVERIFY(result.summaryLine().contains(u" history_events=2000 "_s));
}

void tst_Bench::fanoutAgainstServer_data()
{
    QTest::addColumn<int>("minor");
    QTest::newRow("1.0") << 0;
    QTest::newRow("1.1") << 1;
}

void tst_Bench::fanoutAgainstServer()
{
    QFETCH(int, minor);
    BenchOptions options = optionsFor(BenchOptions::Mode::Fanout);
    options.protocolMinor = minor;
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
    QVERIFY(result.summaryLine().contains(u" lost=0 dup=0 order=0 "_s));
    // A 1.0 run prints the line it always printed; 1.1 checks every clientId.
    QCOMPARE(result.summaryLine().contains(u" minor=1 "_s), minor == 1);
    QCOMPARE(result.badClientIds, 0u);
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

void tst_Bench::resumeAgainstServer()
{
    BenchOptions options = optionsFor(BenchOptions::Mode::Resume);
    options.senders = 3;
    options.rate = 4'000; // 200 messages/s to 20 members
    options.seconds = 1.0;
    options.cutEveryMs = 100;
    options.cutPercent = 20; // 4 members, senders included, about 9 times
    const BenchResult result = runBench(options);
    QVERIFY2(result.ok(), qPrintable(result.summaryLine()));
    QCOMPARE(result.protocolMinor, 1); // resume speaks 1.1 without being told
    QVERIFY2(result.cuts >= 12, qPrintable(result.summaryLine()));
    QCOMPARE(result.resumes, result.cuts);
    QCOMPARE(result.resumeFailed, 0u);
    QCOMPARE(result.messagesSent, 3u * 67u);
    QCOMPARE(result.deliveries, 20u * result.messagesSent);
    QCOMPARE(result.lost + result.duplicates + result.outOfOrder + result.seqGaps, 0u);
    QCOMPARE(result.badClientIds, 0u);
    // Exactly once: a Say sent again after a cut was relayed only if it had been lost.
    QCOMPARE(m_server->messagesRelayed(), result.messagesSent);
    QVERIFY(result.resumeP50Ms > 0);
    QVERIFY(result.resumeP50Ms <= result.resumeP99Ms);
    QVERIFY(result.resumeP99Ms <= result.resumeMaxMs);
    QVERIFY(result.summaryLine().contains(u" resume_failed=0 "_s));
}

void tst_Bench::resumeRefusedIsReported()
{
    // Without resume on the server the Welcome has no token, and every Resume is refused.
    ServerConfig config = configFor();
    config.resumeGrace = std::chrono::milliseconds(0);
    restartServer(config);
    BenchOptions options = optionsFor(BenchOptions::Mode::Resume);
    options.rate = 2'000;
    options.seconds = 0.3;
    options.cutEveryMs = 100;
    options.stallMs = 2'000;
    const BenchResult result = runBench(options);
    QVERIFY(!result.ok());
    QVERIFY2(result.resumeFailed > 0, qPrintable(result.summaryLine()));
    QVERIFY(result.resumes < result.cuts);
    QVERIFY(result.summaryLine().contains(u" error="_s));
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

void tst_Bench::runOverTls_data()
{
    QTest::addColumn<int>("modeNumber");
    QTest::newRow("fanout") << int(BenchOptions::Mode::Fanout);
    QTest::newRow("latency") << int(BenchOptions::Mode::Latency);
    QTest::newRow("resume") << int(BenchOptions::Mode::Resume);
}

void tst_Bench::runOverTls()
{
    // --tls against the server's TLS port, with the self-signed certificate it makes:
    // every delivery decrypted and counted as over plain TCP.
    QFETCH(int, modeNumber);
    const auto mode = BenchOptions::Mode(modeNumber);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ServerCertificate certificate;
    QVERIFY2(certificate.loadOrCreate(dir.path()), qPrintable(certificate.errorString()));
    ServerConfig config = configFor();
    config.tls = true;
    config.tlsPort = 0;
    config.tlsCertificate = certificate.certificate();
    config.tlsKey = certificate.key();
    restartServer(config);
    QVERIFY(m_server->isTlsListening());

    BenchOptions options = optionsFor(mode);
    options.ports = {m_server->tlsPort()};
    options.tls = true;
    options.rate = 4'000; // latency and resume: 200 messages/s to 20 members
    options.seconds = 0.5;
    options.cutEveryMs = 100;
    const BenchResult result = runBench(options);
    QVERIFY2(result.ok(), qPrintable(result.summaryLine()));
    QVERIFY(result.deliveries > 0);
    QCOMPARE(result.deliveries, 20u * result.messagesSent);
    QCOMPARE(m_server->messagesRelayed(), result.messagesSent);
    if (mode == BenchOptions::Mode::Resume)
        QVERIFY2(result.resumes > 0 && result.resumes == result.cuts,
                 qPrintable(result.summaryLine()));
    QVERIFY2(result.summaryLine().contains(u" tls=TLS_"_s), qPrintable(result.summaryLine()));
}

void tst_Bench::tlsAgainstPlainPortIsReported()
{
    // A ClientHello to a plain port is no chatroom frame: the run fails and says why.
    BenchOptions options = optionsFor(BenchOptions::Mode::Join);
    options.tls = true;
    options.stallMs = 2'000;
    options.timeoutMs = 10'000;
    const BenchResult result = runBench(options);
    QVERIFY(!result.ok());
    QVERIFY(!result.error.isEmpty());
    QVERIFY(!result.summaryLine().contains(u" tls="_s));
}

void tst_Bench::spreadOverServersSharingARoom_data()
{
    QTest::addColumn<int>("modeNumber");
    QTest::newRow("fanout") << int(BenchOptions::Mode::Fanout);
    QTest::newRow("latency") << int(BenchOptions::Mode::Latency);
}

void tst_Bench::spreadOverServersSharingARoom()
{
    // Two servers on one room through a real redis-server (docs/scaling.md), the bench
    // given both ports: every other member, and the senders too, on each, and every
    // message sent through one server counted at every member of both.
    QFETCH(int, modeNumber);
    RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    struct Node
    {
        std::unique_ptr<RedisRoomStream> stream;
        std::unique_ptr<ChatServer> server;
        QStringList localJoins;
        QStringList localSenders;
    };
    std::array<Node, 2> nodes;
    for (Node &node : nodes) {
        node.stream = std::make_unique<RedisRoomStream>(redis.address(u"bench"_s));
        node.stream->setReconnectDelays(10ms, 50ms);
        QSignalSpy ready(node.stream.get(), &RedisRoomStream::ready);
        node.stream->start();
        QVERIFY2(ready.wait(10'000), qPrintable(node.stream->errorString()));
        node.server = std::make_unique<ChatServer>(
            configFor(), std::make_unique<MemoryRoomLog>(1000, node.stream->epoch()),
            node.stream.get());
        QVERIFY2(node.server->listen(), qPrintable(node.server->errorString()));
        // Only this server's own members come with an address, and only its own senders
        // are counted here.
        connect(node.server.get(), &ChatServer::memberJoined, this,
                [&node](const QString &name, const QHostAddress &address) {
                    if (!address.isNull())
                        node.localJoins.append(name);
                });
        connect(node.server.get(), &ChatServer::messagesSentChanged, this,
                [&node](const QString &name) {
                    if (!node.localSenders.contains(name))
                        node.localSenders.append(name);
                });
    }

    BenchOptions options = optionsFor(BenchOptions::Mode(modeNumber));
    options.ports = {nodes[0].server->serverPort(), nodes[1].server->serverPort()};
    options.senders = 4;
    options.rate = 2'000; // latency: 100 messages/s to 20 members
    options.seconds = 0.5;
    const BenchResult result = runBench(options);
    QVERIFY2(result.ok(), qPrintable(result.summaryLine()));
    QCOMPARE(result.servers, 2);
    QVERIFY(result.summaryLine().contains(u" servers=2 "_s));

    // Member i on server i mod 2, senders round the servers: 0 and 10 on the first, 1 and
    // 11 on the second.
    QStringList even;
    QStringList odd;
    for (int i = 0; i < options.members; ++i)
        (i % 2 ? odd : even).append(u"b%1"_s.arg(i));
    nodes[0].localJoins.sort();
    nodes[1].localJoins.sort();
    even.sort();
    odd.sort();
    QCOMPARE(nodes[0].localJoins, even);
    QCOMPARE(nodes[1].localJoins, odd);
    nodes[0].localSenders.sort();
    nodes[1].localSenders.sort();
    QCOMPARE(nodes[0].localSenders, QStringList({u"b0"_s, u"b10"_s}));
    QCOMPARE(nodes[1].localSenders, QStringList({u"b1"_s, u"b11"_s}));

    // Every message at every member of the room, whichever server it was sent through.
    QVERIFY(result.messagesSent > 0);
    QCOMPARE(result.deliveries, quint64(options.members) * result.messagesSent);
    QCOMPARE(result.expectedDeliveries, result.deliveries);
    QCOMPARE(result.lost + result.duplicates + result.outOfOrder + result.seqGaps, 0u);
    QCOMPARE(result.foreign, 0u);
    for (const Node &node : nodes)
        QCOMPARE(node.server->messagesRelayed(), result.messagesSent);
    if (BenchOptions::Mode(modeNumber) == BenchOptions::Mode::Latency) {
        QCOMPARE(result.messagesSent, 4u * 13u);
        QVERIFY(result.p50Ms <= result.p99Ms);
        QVERIFY(result.maxMs > 0);
    } else {
        QCOMPARE(result.messagesSent, 4u * 50u);
    }
}

QTEST_MAIN(tst_Bench)
#include "tst_bench.moc"
