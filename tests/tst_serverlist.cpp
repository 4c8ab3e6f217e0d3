#include "serverlist.h"

#include <QTest>
#include <QTranslator>

using namespace Qt::StringLiterals;
using Transport = ServerAddress::Transport;

Q_DECLARE_METATYPE(ServerAddress)

class tst_ServerList : public QObject
{
    Q_OBJECT

private slots:
    void parses_data();
    void parses();
    void refuses_data();
    void refuses();
    void refusalsTranslated();
    void fieldRoundTrips_data();
    void fieldRoundTrips();
    void roundRobin();
    void equalityIgnoresCurrent();
};

namespace {
ServerAddress tcp(const QString &host, quint16 port = 9527)
{
    return {Transport::Tcp, host, port};
}
} // namespace

void tst_ServerList::parses_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<bool>("tls");
    QTest::addColumn<QList<ServerAddress>>("expected");

    QTest::newRow("one host") << u"a.example"_s << false
                              << QList<ServerAddress> {tcp(u"a.example"_s)};
    QTest::newRow("spaces around")
        << u"  a , b  "_s << false << QList<ServerAddress> {tcp(u"a"_s), tcp(u"b"_s)};
    QTest::newRow("own ports") << u"a:9527,b:9530"_s << false
                               << QList<ServerAddress> {tcp(u"a"_s), tcp(u"b"_s, 9530)};
    QTest::newRow("default port for the rest")
        << u"a,b:1,c"_s << false << QList<ServerAddress> {tcp(u"a"_s), tcp(u"b"_s, 1), tcp(u"c"_s)};
    QTest::newRow("ipv6 in brackets with port")
        << u"[::1]:9527,[fe80::1]:9600"_s << false
        << QList<ServerAddress> {tcp(u"::1"_s), tcp(u"fe80::1"_s, 9600)};
    QTest::newRow("ipv6 in brackets, no port")
        << u"[::1]"_s << false << QList<ServerAddress> {tcp(u"::1"_s)};
    QTest::newRow("bare ipv6") << u"::1,2001:db8::7"_s << false
                               << QList<ServerAddress> {tcp(u"::1"_s), tcp(u"2001:db8::7"_s)};
    QTest::newRow("tls for every host")
        << u"a,b:9600"_s << true
        << QList<ServerAddress> {{Transport::Tls, u"a"_s, 9527}, {Transport::Tls, u"b"_s, 9600}};
    QTest::newRow("local beside hosts")
        << u"local:room,a"_s << true
        << QList<ServerAddress> {{Transport::Local, u"room"_s, 0}, {Transport::Tls, u"a"_s, 9527}};
    QTest::newRow("local name keeps its colon")
        << u"LOCAL:room:2"_s << false << QList<ServerAddress> {{Transport::Local, u"room:2"_s, 0}};
    QTest::newRow("highest port") << u"a:65535"_s << false
                                  << QList<ServerAddress> {tcp(u"a"_s, 65535)};
}

void tst_ServerList::parses()
{
    QFETCH(QString, field);
    QFETCH(bool, tls);
    QFETCH(QList<ServerAddress>, expected);

    const ServerList::Parsed parsed = ServerList::parse(field, 9527, tls);
    QVERIFY2(parsed.isOk(), qPrintable(parsed.error));
    QCOMPARE(parsed.servers.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        QCOMPARE(parsed.servers.at(i).transport, expected.at(i).transport);
        QCOMPARE(parsed.servers.at(i).host, expected.at(i).host);
        QCOMPARE(parsed.servers.at(i).port, expected.at(i).port);
    }
    QCOMPARE(parsed.servers.currentIndex(), 0);
    QCOMPARE(parsed.servers.current(), expected.constFirst());
}

void tst_ServerList::refuses_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("error");

    const QString emptyEntry = u"The server list has an empty entry: remove the extra comma"_s;
    QTest::newRow("nothing") << u"  "_s << u"Please enter the server's address"_s;
    QTest::newRow("double comma") << u"a,,b"_s << emptyEntry;
    QTest::newRow("trailing comma") << u"a,"_s << emptyEntry;
    QTest::newRow("leading comma") << u",a"_s << emptyEntry;
    QTest::newRow("only spaces between") << u"a, ,b"_s << emptyEntry;
    QTest::newRow("port zero") << u"a:0"_s
                               << u"The port in “a:0” must be a number from 1 to 65535"_s;
    QTest::newRow("port too large")
        << u"a,b:65536"_s << u"The port in “b:65536” must be a number from 1 to 65535"_s;
    QTest::newRow("port not a number")
        << u"a:http"_s << u"The port in “a:http” must be a number from 1 to 65535"_s;
    QTest::newRow("port with a sign")
        << u"a:+80"_s << u"The port in “a:+80” must be a number from 1 to 65535"_s;
    QTest::newRow("colon without port")
        << u"a:"_s << u"The port in “a:” must be a number from 1 to 65535"_s;
    QTest::newRow("port without host") << u":9527"_s << u"“:9527” has a port but no host"_s;
    QTest::newRow("bracket not closed")
        << u"[::1:9527"_s
        << u"“[::1:9527” is not an IPv6 address in brackets, such as [::1]:9527"_s;
    QTest::newRow("not ipv6 in brackets")
        << u"[a.example]:9527"_s
        << u"“[a.example]:9527” is not an IPv6 address in brackets, such as [::1]:9527"_s;
    QTest::newRow("junk after bracket")
        << u"[::1]9527"_s << u"The port in “[::1]9527” must be a number from 1 to 65535"_s;
    QTest::newRow("bracket, colon, nothing")
        << u"[::1]:"_s << u"The port in “[::1]:” must be a number from 1 to 65535"_s;
    QTest::newRow("too many colons")
        << u"a:1:2"_s
        << u"“a:1:2” is not an address; an IPv6 address with a port is written [address]:port"_s;
    QTest::newRow("space instead of comma")
        << u"a b"_s << u"“a b” has a space in it: separate servers with commas"_s;
    QTest::newRow("local without a name")
        << u"a,local:"_s << u"Please enter the local server's name after local:"_s;
    QTest::newRow("twice") << u"a,b,A"_s << u"a:9527 is in the list twice"_s;
    QTest::newRow("twice, once by its port") << u"a,a:9527"_s << u"a:9527 is in the list twice"_s;
}

void tst_ServerList::refuses()
{
    QFETCH(QString, field);
    QFETCH(QString, error);

    const ServerList::Parsed parsed = ServerList::parse(field, 9527, false);
    QVERIFY(!parsed.isOk());
    QCOMPARE(parsed.error, error);
    QVERIFY(parsed.servers.isEmpty());
}

void tst_ServerList::refusalsTranslated()
{
    QTranslator translator;
    QVERIFY(translator.load(u":/i18n/chatroom-client_zh_CN.qm"_s));
    QCoreApplication::installTranslator(&translator);
    const ServerList::Parsed parsed = ServerList::parse(u"a,,b"_s, 9527, false);
    QCoreApplication::removeTranslator(&translator);
    QVERIFY(!parsed.isOk());
    QVERIFY2(!parsed.error.contains(u"entry"_s), qPrintable(parsed.error));
}

void tst_ServerList::fieldRoundTrips_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("written");

    QTest::newRow("one") << u"a"_s << u"a"_s;
    QTest::newRow("ports") << u"a:9527, b:9530"_s << u"a,b:9530"_s;
    QTest::newRow("ipv6") << u"[::1]:9600,::2"_s << u"[::1]:9600,::2"_s;
    QTest::newRow("local") << u"local:room, a"_s << u"local:room,a"_s;
}

void tst_ServerList::fieldRoundTrips()
{
    QFETCH(QString, field);
    QFETCH(QString, written);

    const ServerList servers = ServerList::parse(field, 9527, false).servers;
    QCOMPARE(servers.field(9527), written);
    QVERIFY(ServerList::parse(written, 9527, false).servers == servers);
}

void tst_ServerList::roundRobin()
{
    ServerList servers = ServerList::parse(u"a,b:9530,[::1]"_s, 9527, false).servers;
    QCOMPARE(servers.display(), u"a:9527, b:9530, [::1]:9527"_s);
    QCOMPARE(servers.current().display(), u"a:9527"_s);
    QCOMPARE(servers.advance().display(), u"b:9530"_s);
    QCOMPARE(servers.advance().display(), u"[::1]:9527"_s);
    QCOMPARE(servers.advance().display(), u"a:9527"_s);
    servers.advance();
    servers.rewind();
    QCOMPARE(servers.currentIndex(), 0);

    ServerList one(tcp(u"a"_s));
    QCOMPARE(one.advance(), tcp(u"a"_s));
    ServerList none;
    QVERIFY(none.advance().isEmpty());
    QVERIFY(none.current().isEmpty());
}

void tst_ServerList::equalityIgnoresCurrent()
{
    ServerList servers = ServerList::parse(u"a,b"_s, 9527, false).servers;
    const ServerList same = servers;
    servers.advance();
    QVERIFY(servers == same);
    QVERIFY(!(servers == ServerList::parse(u"b,a"_s, 9527, false).servers));
}

QTEST_MAIN(tst_ServerList)
#include "tst_serverlist.moc"
