#include "adminfeed.h"
#include "chatserver.h"

#include "testclient.h"

#include <QSignalSpy>
#include <QTest>

using namespace Protocol;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

// The window's batching, without a window: events in, batches out, at most one per
// interval, bounded, counts coalesced. Most of it without sockets or a clock (flush()),
// then once over a real server.
class tst_AdminFeed : public QObject
{
    Q_OBJECT

private slots:
    void burstIsOneBatch_data();
    void burstIsOneBatch();
    void timerHandsOutTheBatch();
    void displayCostPacesBatches();
    void nothingPendingNoBatch();
    void batchIsBounded();
    void boundedBetweenBatches();
    void countsCoalesce();
    void leaveForgetsPendingCount_data();
    void leaveForgetsPendingCount();
    void flushFromReceiverIsSafe();
    void followsTheServer();

private:
    static AdminFeed::Event chat(const QString &from, const QString &text)
    {
        AdminFeed::Event event;
        event.kind = AdminFeed::Kind::Chat;
        event.at = QDateTime::currentDateTime();
        event.name = from;
        event.text = text;
        return event;
    }
    static AdminFeed::Event left(const QString &name)
    {
        AdminFeed::Event event;
        event.kind = AdminFeed::Kind::Left;
        event.name = name;
        return event;
    }
};

void tst_AdminFeed::burstIsOneBatch_data()
{
    QTest::addColumn<int>("events");
    QTest::newRow("one") << 1;
    QTest::newRow("a thousand") << 1000;
    QTest::newRow("a hundred thousand") << 100'000;
}

void tst_AdminFeed::burstIsOneBatch()
{
    QFETCH(int, events);
    AdminFeed feed;
    feed.setMaximumEvents(events);
    QSignalSpy batches(&feed, &AdminFeed::batchReady);
    for (int i = 0; i < events; ++i) {
        feed.addEvent(chat(u"张三"_s, QString::number(i)));
        feed.setMessagesSent(u"张三"_s, quint64(i + 1));
    }
    // All within one pass of the event loop: nothing handed out yet...
    QCOMPARE(batches.size(), 0);
    QVERIFY(feed.hasPending());
    feed.flush();
    // ...then one batch, in order, with the latest count.
    QCOMPARE(batches.size(), 1);
    QCOMPARE(feed.batchCount(), quint64(1));
    const auto batch = batches.first().first().value<AdminFeed::Batch>();
    QCOMPARE(batch.events.size(), events);
    QCOMPARE(batch.dropped, 0);
    QCOMPARE(batch.events.first().text, u"0"_s);
    QCOMPARE(batch.events.last().text, QString::number(events - 1));
    QCOMPARE(batch.messagesSent, (QHash<QString, quint64> {{u"张三"_s, quint64(events)}}));
    QVERIFY(!feed.hasPending());
}

void tst_AdminFeed::timerHandsOutTheBatch()
{
    AdminFeed feed;
    QCOMPARE(feed.interval(), AdminFeed::DefaultInterval);
    QVERIFY(AdminFeed::DefaultInterval <= 50ms); // at most 20 batches a second
    feed.setInterval(1ms);
    QSignalSpy batches(&feed, &AdminFeed::batchReady);
    for (int i = 0; i < 500; ++i)
        feed.addEvent(chat(u"张三"_s, QString::number(i)));
    QVERIFY(batches.wait());
    QCOMPARE(batches.size(), 1);
    QCOMPARE(batches.first().first().value<AdminFeed::Batch>().events.size(), 500);
    // The timer is single shot: an idle feed hands out nothing more.
    QTest::qWait(20);
    QCOMPARE(batches.size(), 1);
    feed.setMemberCount(3);
    QVERIFY(batches.wait());
    const auto second = batches.last().first().value<AdminFeed::Batch>();
    QVERIFY(second.events.isEmpty());
    QCOMPARE(second.memberCount, std::optional<int>(3));
}

void tst_AdminFeed::displayCostPacesBatches()
{
    AdminFeed feed;
    feed.setMaximumInterval(24h);
    QSignalSpy batches(&feed, &AdminFeed::batchReady);
    // A cheap window: the first event of a batch waits the interval.
    feed.addEvent(chat(u"张三"_s, u"一"_s));
    QCOMPARE(feed.pendingDelay(), AdminFeed::DefaultInterval);
    // The window reports that showing it took 36 s (painting included): at 1% of the
    // room's time that is one batch an hour.
    feed.addDisplayCost(36s);
    feed.flush();
    QCOMPARE(batches.size(), 1);
    QCOMPARE(feed.pacer().pace(), 1h);
    feed.addEvent(chat(u"张三"_s, u"二"_s));
    QVERIFY2(feed.pendingDelay() > 30min, qPrintable(QString::number(feed.pendingDelay().count())));
    // flush() still hands it out at once (the window's own lines, tests).
    feed.flush();
    QCOMPARE(batches.size(), 2);
    // That cycle cost nothing: the next batch comes after the interval again.
    QCOMPARE(feed.pacer().pace(), AdminFeed::DefaultInterval);
    feed.addEvent(chat(u"张三"_s, u"三"_s));
    QCOMPARE(feed.pendingDelay(), AdminFeed::DefaultInterval);
}

void tst_AdminFeed::nothingPendingNoBatch()
{
    AdminFeed feed;
    QSignalSpy batches(&feed, &AdminFeed::batchReady);
    feed.flush();
    QCOMPARE(batches.size(), 0);
    QCOMPARE(feed.batchCount(), quint64(0));
}

void tst_AdminFeed::batchIsBounded()
{
    AdminFeed feed;
    feed.setMaximumEvents(100);
    QSignalSpy batches(&feed, &AdminFeed::batchReady);
    for (int i = 0; i < 150; ++i)
        feed.addEvent(chat(u"张三"_s, QString::number(i)));
    feed.flush();
    const auto batch = batches.first().first().value<AdminFeed::Batch>();
    // The newest 100; the 50 before them would have scrolled out of a 100-line log.
    QCOMPARE(batch.events.size(), 100);
    QCOMPARE(batch.dropped, 50);
    QCOMPARE(batch.events.first().text, u"50"_s);
    QCOMPARE(batch.events.last().text, u"149"_s);
}

void tst_AdminFeed::boundedBetweenBatches()
{
    AdminFeed feed;
    feed.setMaximumEvents(10);
    QSignalSpy batches(&feed, &AdminFeed::batchReady);
    // No event loop, no batch: what is held stays below twice the bound all along.
    for (int i = 0; i < 10'005; ++i)
        feed.addEvent(chat(u"张三"_s, QString::number(i)));
    feed.flush();
    const auto batch = batches.first().first().value<AdminFeed::Batch>();
    QCOMPARE(batch.events.size(), 10);
    QCOMPARE(batch.dropped, 9995);
    QCOMPARE(batch.events.last().text, u"10004"_s);
}

void tst_AdminFeed::countsCoalesce()
{
    AdminFeed feed;
    QSignalSpy batches(&feed, &AdminFeed::batchReady);
    feed.setMessagesSent(u"张三"_s, 1);
    feed.setMessagesSent(u"李四"_s, 1);
    feed.setMessagesSent(u"张三"_s, 2);
    feed.setMemberCount(2);
    feed.setMemberCount(3);
    feed.flush();
    const auto batch = batches.first().first().value<AdminFeed::Batch>();
    QCOMPARE(batch.messagesSent,
             (QHash<QString, quint64> {{u"张三"_s, quint64(2)}, {u"李四"_s, quint64(1)}}));
    QCOMPARE(batch.memberCount, std::optional<int>(3));
    // The next batch carries only what changed since.
    feed.setMessagesSent(u"李四"_s, 2);
    feed.flush();
    const auto next = batches.last().first().value<AdminFeed::Batch>();
    QCOMPARE(next.messagesSent, (QHash<QString, quint64> {{u"李四"_s, quint64(2)}}));
    QVERIFY(!next.memberCount);
}

void tst_AdminFeed::leaveForgetsPendingCount_data()
{
    QTest::addColumn<AdminFeed::Kind>("kind");
    QTest::newRow("left") << AdminFeed::Kind::Left;
    QTest::newRow("renamed") << AdminFeed::Kind::Renamed;
}

void tst_AdminFeed::leaveForgetsPendingCount()
{
    QFETCH(AdminFeed::Kind, kind);
    AdminFeed feed;
    QSignalSpy batches(&feed, &AdminFeed::batchReady);
    feed.setMessagesSent(u"张三"_s, 7);
    AdminFeed::Event gone = left(u"张三"_s);
    gone.kind = kind;
    gone.text = u"张三丰"_s;
    feed.addEvent(gone);
    // Someone else joins under the name within the same batch: not with 7 messages.
    feed.flush();
    const auto batch = batches.first().first().value<AdminFeed::Batch>();
    QVERIFY(batch.messagesSent.isEmpty());
    QCOMPARE(batch.events.size(), 1);
}

void tst_AdminFeed::flushFromReceiverIsSafe()
{
    AdminFeed feed;
    int received = 0;
    connect(&feed, &AdminFeed::batchReady, this, [&](const AdminFeed::Batch &batch) {
        ++received;
        QCOMPARE(batch.events.size(), 2);
        feed.flush(); // as the window does before a line of its own
    });
    feed.addEvent(chat(u"张三"_s, u"一"_s));
    feed.addEvent(chat(u"张三"_s, u"二"_s));
    feed.flush();
    QCOMPARE(received, 1);
}

void tst_AdminFeed::followsTheServer()
{
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.floodLimit = 0;
    ChatServer server(config);
    QVERIFY2(server.listen(), qPrintable(server.errorString()));
    AdminFeed feed;
    feed.setInterval(1h); // only flush() hands anything out
    feed.watch(&server);
    QSignalSpy batches(&feed, &AdminFeed::batchReady);

    QObject clients;
    auto *zhang = TestClient::connected(&clients, server.serverPort());
    QVERIFY(zhang->join(u"张三"_s));
    constexpr int Messages = 300;
    for (int i = 0; i < Messages; ++i)
        zhang->send(Say {u"第%1条"_s.arg(i)});
    QVERIFY(zhang->waitFor<Chat>(Messages));
    QVERIFY(server.broadcast(u"<b>维护</b>"_s));
    zhang->send(Bye {});
    QTRY_COMPARE(server.memberCount(), 0);
    QCOMPARE(batches.size(), 0);

    feed.flush();
    QCOMPARE(batches.size(), 1);
    const auto batch = batches.first().first().value<AdminFeed::Batch>();
    // Joined, the messages, the broadcast, Left: in the room's order, as sent.
    QCOMPARE(batch.events.size(), Messages + 3);
    QCOMPARE(batch.events.first().kind, AdminFeed::Kind::Joined);
    QCOMPARE(batch.events.at(1).kind, AdminFeed::Kind::Chat);
    QCOMPARE(batch.events.at(1).name, u"张三"_s);
    QCOMPARE(batch.events.at(Messages).text, u"第%1条"_s.arg(Messages - 1));
    QCOMPARE(batch.events.at(Messages + 1).kind, AdminFeed::Kind::Broadcast);
    QCOMPARE(batch.events.at(Messages + 1).text, u"<b>维护</b>"_s);
    QCOMPARE(batch.events.last().kind, AdminFeed::Kind::Left);
    QCOMPARE(batch.events.last().reason, LeaveReason::Quit);
    // Gone, so no count for the name; the member count is the last one.
    QVERIFY(batch.messagesSent.isEmpty());
    QCOMPARE(batch.memberCount, std::optional<int>(0));
}

QTEST_GUILESS_MAIN(tst_AdminFeed)
#include "tst_adminfeed.moc"
