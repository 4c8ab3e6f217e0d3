// --log redis://... and unix://...: what an operator types, and what is refused.
#include "redisaddress.h"

#include <QTest>

using namespace Qt::StringLiterals;

class tst_RedisAddress : public QObject
{
    Q_OBJECT

private slots:
    void parses_data();
    void parses();
    void refuses_data();
    void refuses();
    void displayHidesThePassword();
    void keysOfOneRoomShareAClusterSlot();
};

void tst_RedisAddress::parses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("socketPath");
    QTest::addColumn<QString>("room");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");

    QTest::newRow("host only") << u"redis://localhost"_s << u"localhost"_s << 6379 << QString()
                               << u"main"_s << QString() << QString();
    QTest::newRow("port and room") << u"redis://10.0.0.5:7000/lobby"_s << u"10.0.0.5"_s << 7000
                                   << QString() << u"lobby"_s << QString() << QString();
    QTest::newRow("trailing slash")
        << u"redis://h/"_s << u"h"_s << 6379 << QString() << u"main"_s << QString() << QString();
    QTest::newRow("ipv6") << u"redis://[::1]:6380/r"_s << u"::1"_s << 6380 << QString() << u"r"_s
                          << QString() << QString();
    QTest::newRow("password") << u"redis://:s3cret@h/r"_s << u"h"_s << 6379 << QString() << u"r"_s
                              << QString() << u"s3cret"_s;
    QTest::newRow("acl user") << u"redis://chat:pw@h:1/r.1-x_y"_s << u"h"_s << 1 << QString()
                              << u"r.1-x_y"_s << u"chat"_s << u"pw"_s;
    QTest::newRow("unix") << u"unix:///run/redis/redis.sock"_s << QString() << 6379
                          << u"/run/redis/redis.sock"_s << u"main"_s << QString() << QString();
    QTest::newRow("unix room") << u"unix:///tmp/r.sock?room=lobby"_s << QString() << 6379
                               << u"/tmp/r.sock"_s << u"lobby"_s << QString() << QString();
}

void tst_RedisAddress::parses()
{
    QFETCH(QString, text);
    QString error;
    const std::optional<RedisAddress> address = RedisAddress::parse(text, &error);
    QVERIFY2(address, qPrintable(error));
    QVERIFY(RedisAddress::looksLikeRedis(text));
    QTEST(address->host, "host");
    QTEST(int(address->port), "port");
    QTEST(address->socketPath, "socketPath");
    QTEST(address->room, "room");
    QTEST(address->user, "user");
    QTEST(address->password, "password");
    QCOMPARE(address->isUnixSocket(), !address->socketPath.isEmpty());
}

void tst_RedisAddress::refuses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("other scheme") << u"http://h/r"_s << u"redis://"_s;
    QTest::newRow("no host") << u"redis:///r"_s << u"no host"_s;
    QTest::newRow("room with slash") << u"redis://h/a/b"_s << u"a/b"_s;
    QTest::newRow("room with space") << u"redis://h/a%20b"_s << u"a b"_s;
    QTest::newRow("room in a query") << u"redis://h?room=x"_s << u"path"_s;
    QTest::newRow("long room") << (u"redis://h/"_s + QString(65, u'x')) << u"64"_s;
    QTest::newRow("relative socket") << u"unix:redis.sock"_s << u"absolute"_s;
    QTest::newRow("unknown parameter") << u"unix:///s?db=1"_s << u"db"_s;
    QTest::newRow("chinese room") << u"redis://h/聊天"_s << u"聊天"_s;
}

void tst_RedisAddress::refuses()
{
    QFETCH(QString, text);
    QFETCH(QString, mentions);
    QString error;
    QVERIFY(!RedisAddress::parse(text, &error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
}

void tst_RedisAddress::displayHidesThePassword()
{
    const auto address = RedisAddress::parse(u"redis://u:topsecret@h:7/r"_s);
    QVERIFY(address);
    QCOMPARE(address->displayString(), u"redis://h:7/r"_s);
    QVERIFY(!address->displayString().contains(u"topsecret"_s));
    const auto local = RedisAddress::parse(u"unix://:pw@/tmp/s.sock?room=q"_s);
    QVERIFY(local);
    QCOMPARE(local->password, u"pw"_s);
    QCOMPARE(local->displayString(), u"unix:///tmp/s.sock?room=q"_s);
}

void tst_RedisAddress::keysOfOneRoomShareAClusterSlot()
{
    const auto address = RedisAddress::parse(u"redis://h/lobby"_s);
    QVERIFY(address);
    // Redis Cluster hashes only what is inside the first {...}.
    QCOMPARE(address->keyPrefix(), u"chatroom:{lobby}:"_s);
}

QTEST_GUILESS_MAIN(tst_RedisAddress)
#include "tst_redisaddress.moc"
