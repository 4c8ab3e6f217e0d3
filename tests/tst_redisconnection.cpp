// hiredis on Qt's event loop (RedisConnection) against a real redis-server: every
// command answered exactly once, passwords, unix sockets, and Redis going away.
#include "redisconnection.h"
#include "redisserver.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

class tst_RedisConnection : public QObject
{
    Q_OBJECT

private slots:
    void answersCommandsInOrder();
    void binaryArgumentsSurvive();
    void overTheUnixSocket();
    void withoutAConnectionTheReplyIsAnError();
    void aPasswordIsSentFirst();
    void aWrongPasswordIsReportedAndRetried();
    void aDroppedConnectionAnswersWhatWasPendingAndReconnects();
    void destroyedWithCommandsPendingCallsNothing();

private:
    static RedisReply run(RedisConnection &connection, const QByteArrayList &args);
};

RedisReply tst_RedisConnection::run(RedisConnection &connection, const QByteArrayList &args)
{
    std::optional<RedisReply> result;
    connection.command(args, &connection, [&](const RedisReply &reply) { result = reply; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 10'000))
        return RedisReply::error("no reply within 10 s");
    return *result;
}

void tst_RedisConnection::answersCommandsInOrder()
{
    RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    RedisConnection connection(redis.address());
    QSignalSpy connected(&connection, &RedisConnection::connected);
    connection.open();
    QVERIFY(connected.wait(10'000));
    QVERIFY(connection.isConnected());
    QList<qint64> replies;
    for (int i = 0; i < 10; ++i) {
        connection.command({"INCR", "counter"}, this,
                           [&](const RedisReply &reply) { replies.append(reply.toInteger()); });
    }
    QTRY_COMPARE(replies.size(), 10);
    QCOMPARE(replies, QList<qint64>({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
    const RedisReply error = run(connection, {"NOSUCHCOMMAND"});
    QVERIFY(error.isError());
    QVERIFY(!error.isConnectionLost());
    QVERIFY2(error.errorText().contains(u"unknown command"_s), qPrintable(error.errorText()));
}

void tst_RedisConnection::binaryArgumentsSurvive()
{
    RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    RedisConnection connection(redis.address());
    connection.open();
    QByteArray value("a\0b\r\n\xff", 7);
    QCOMPARE(run(connection, {"SET", "k", value}).bytes(), QByteArray("OK"));
    const RedisReply reply = run(connection, {"GET", "k"});
    QCOMPARE(reply.type(), RedisReply::Type::String);
    QCOMPARE(reply.bytes(), value);
    QVERIFY(run(connection, {"GET", "missing"}).isNil());
    const RedisReply array = run(connection, {"MGET", "k", "missing"});
    QVERIFY(array.isArray());
    QCOMPARE(array.elements().size(), 2);
    QCOMPARE(array.elements().at(0).bytes(), value);
    QVERIFY(array.elements().at(1).isNil());
}

void tst_RedisConnection::overTheUnixSocket()
{
    RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    const auto address = RedisAddress::parse(u"unix://"_s + redis.socketPath() + u"?room=x"_s);
    QVERIFY(address);
    RedisConnection connection(*address);
    connection.open();
    QCOMPARE(run(connection, {"PING"}).bytes(), QByteArray("PONG"));
}

void tst_RedisConnection::withoutAConnectionTheReplyIsAnError()
{
    RedisAddress nowhere;
    nowhere.host = u"127.0.0.1"_s;
    nowhere.port = 1; // nothing listens there
    RedisConnection connection(nowhere);
    bool answered = false;
    connection.command({"PING"}, this, [&](const RedisReply &reply) {
        answered = true;
        QVERIFY(reply.isError());
    });
    QVERIFY2(!answered, "never answered inside command()");
    QTRY_VERIFY(answered);

    QSignalSpy disconnected(&connection, &RedisConnection::disconnected);
    connection.setReconnectDelays(10ms, 20ms);
    connection.open();
    QVERIFY(disconnected.wait(10'000));
    QVERIFY(!connection.errorString().isEmpty());
    // It keeps trying.
    QVERIFY(disconnected.wait(10'000));
    connection.close();
}

void tst_RedisConnection::aPasswordIsSentFirst()
{
    RedisServer redis;
    QVERIFY2(redis.start({u"--requirepass"_s, u"s3cret"_s}), qPrintable(redis.errorString()));
    RedisAddress address = redis.address();
    address.password = u"s3cret"_s;
    RedisConnection connection(address);
    connection.open();
    QCOMPARE(run(connection, {"SET", "a", "1"}).bytes(), QByteArray("OK"));
}

void tst_RedisConnection::aWrongPasswordIsReportedAndRetried()
{
    RedisServer redis;
    QVERIFY2(redis.start({u"--requirepass"_s, u"s3cret"_s}), qPrintable(redis.errorString()));
    RedisAddress address = redis.address();
    address.password = u"wrong"_s;
    RedisConnection connection(address);
    connection.setReconnectDelays(10ms, 20ms);
    QSignalSpy disconnected(&connection, &RedisConnection::disconnected);
    connection.open();
    QVERIFY(disconnected.wait(10'000));
    QVERIFY2(disconnected.first().at(0).toString().contains(u"password"_s),
             qPrintable(disconnected.first().at(0).toString()));
    QVERIFY(!connection.isConnected());
}

void tst_RedisConnection::aDroppedConnectionAnswersWhatWasPendingAndReconnects()
{
    RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    RedisConnection connection(redis.address());
    connection.setReconnectDelays(10ms, 50ms);
    QSignalSpy connected(&connection, &RedisConnection::connected);
    connection.open();
    QVERIFY(connected.wait(10'000));
    std::optional<RedisReply> blocked;
    int answers = 0;
    connection.command({"BLPOP", "never", "0"}, this, [&](const RedisReply &reply) {
        ++answers;
        blocked = reply;
    });
    QSignalSpy disconnected(&connection, &RedisConnection::disconnected);
    redis.kill();
    QVERIFY(disconnected.wait(10'000));
    QTRY_VERIFY(blocked.has_value());
    QVERIFY(blocked->isConnectionLost());
    QVERIFY2(redis.restart(), qPrintable(redis.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 2, 10'000);
    QCOMPARE(run(connection, {"PING"}).bytes(), QByteArray("PONG"));
    QCOMPARE(answers, 1);
}

void tst_RedisConnection::destroyedWithCommandsPendingCallsNothing()
{
    RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    auto caller = std::make_unique<QObject>();
    bool called = false;
    {
        RedisConnection connection(redis.address());
        QSignalSpy connected(&connection, &RedisConnection::connected);
        connection.open();
        QVERIFY(connected.wait(10'000));
        connection.command({"BLPOP", "never", "0"}, caller.get(),
                           [&](const RedisReply &reply) { called = reply.isConnectionLost(); });
        caller.reset(); // the caller goes first: its callback must never run
    }
    QTest::qWait(0);
    QCoreApplication::processEvents();
    QVERIFY(!called);
}

QTEST_GUILESS_MAIN(tst_RedisConnection)
#include "tst_redisconnection.moc"
