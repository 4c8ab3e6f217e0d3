#include "chatserver.h"

#include "testclient.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Protocol;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

// Bans over real sockets on 127.0.0.1 (docs/protocol.md, "Implementation choices", bans):
// a banned name is refused in every spelling with its key, a banned address cannot get a
// connection past accept, and bans end on their clock or when lifted.
class tst_ChatServerBan : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void banKicksAndRefusesTheName_data();
    void banKicksAndRefusesTheName();
    void invalidBeforeBanned();
    void renameToABannedName();
    void bannedAddressClosedBeforeHello();
    void bannedConnectionsSummarized();
    void nameAloneLeavesTheAddressOpen();
    void banExpires();
    void unbanLetsThemBackIn();
    void detachedMemberBannedCannotResume();
    void blankNameBansNothing();

private:
    void startServer(ServerConfig config = {});
    TestClient *newClient() { return TestClient::connected(m_scope.get(), m_server->serverPort()); }
    TestClient *joined(const QString &name)
    {
        return TestClient::joined(m_scope.get(), m_server->serverPort(), name);
    }
    // A new connection the server closes without a word.
    bool shutOut();

    std::unique_ptr<QObject> m_scope;
    std::unique_ptr<ChatServer> m_server;
};

void tst_ChatServerBan::init()
{
    m_scope = std::make_unique<QObject>();
    startServer();
}

void tst_ChatServerBan::cleanup()
{
    m_server.reset();
    m_scope.reset();
}

void tst_ChatServerBan::startServer(ServerConfig config)
{
    m_server.reset();
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
}

bool tst_ChatServerBan::shutOut()
{
    auto *client = new TestClient(m_scope.get());
    // The kernel completes the handshake; the server then closes before reading.
    if (client->connectTo(m_server->serverPort()))
        client->send(Hello {1, u"newcomer"_s});
    return client->waitForDisconnected() && client->messages().isEmpty();
}

void tst_ChatServerBan::banKicksAndRefusesTheName_data()
{
    QTest::addColumn<QString>("spelling");
    QTest::newRow("as banned") << u"bob"_s;
    QTest::newRow("capitals") << u"BOB"_s;
    QTest::newRow("full width") << u"Ｂｏｂ"_s;
    QTest::newRow("zero for o") << u"b0b"_s;
}

void tst_ChatServerBan::banKicksAndRefusesTheName()
{
    QFETCH(QString, spelling);
    TestClient *alice = joined(u"alice"_s);
    TestClient *bob = joined(u"bob"_s);
    QSignalSpy bansChanged(m_server.get(), &ChatServer::bansChanged);
    // By another spelling of the key: the member is found all the same. Loopback is the
    // address of every test client, so the name alone here.
    const std::optional<BanList::Ban> ban = m_server->ban(u"BOB"_s, 10min, false);
    QVERIFY(ban);
    QCOMPARE(ban->name, u"bob"_s); // the member's own spelling
    QVERIFY(ban->address.isNull());
    QCOMPARE(bansChanged.size(), 1);
    QCOMPARE(m_server->bans().size(), 1);

    QVERIFY(bob->waitFor<Error>());
    QCOMPARE(bob->last<Error>()->code, ErrorCode::Kicked);
    QVERIFY(alice->waitFor<Left>());
    QCOMPARE(alice->last<Left>()->reason, LeaveReason::Kicked);

    QSignalSpy notices(m_server.get(), &ChatServer::serverNotice);
    TestClient *again = newClient();
    QCOMPARE(again->helloRejected(spelling), RejectReason::NameReserved);
    // Reason 3 keeps the connection, as the spec says: another name may join.
    QVERIFY(again->isConnected());
    QCOMPARE(notices.size(), 1);
    const auto notice = notices.at(0).at(0).value<ServerNotice>();
    QCOMPARE(notice.kind, ServerNotice::Kind::NameBanned);
    QCOMPARE(notice.nickname, spelling);
    QVERIFY(again->join(u"carol"_s));
    QVERIFY(alice->isConnected());
}

void tst_ChatServerBan::invalidBeforeBanned()
{
    // The spec's order: validity first, then reserved (where a ban answers), then taken.
    m_server->ban(u"bob"_s, 1h, false);
    TestClient *client = newClient();
    QCOMPARE(client->helloRejected(u"bob\u200B"_s), RejectReason::NameInvalid);
    QCOMPARE(client->helloRejected(u"admin"_s), RejectReason::NameReserved);
    QCOMPARE(client->helloRejected(u"bob"_s), RejectReason::NameReserved);
    joined(u"carol"_s);
    QCOMPARE(client->helloRejected(u"Carol"_s), RejectReason::NameTaken);
}

void tst_ChatServerBan::renameToABannedName()
{
    m_server->ban(u"bob"_s, 1h, false);
    auto *carol = newClient();
    QVERIFY(carol->joinWith(Hello {1, u"carol"_s, 1}));
    QSignalSpy notices(m_server.get(), &ChatServer::serverNotice);
    carol->send(Rename {u"B0B"_s});
    QVERIFY(carol->waitFor<Notice>());
    QCOMPARE(carol->last<Notice>()->code, NoticeCode::NameReserved);
    QCOMPARE(m_server->member(u"carol"_s)->name, u"carol"_s);
    QCOMPARE(notices.size(), 1);
    QCOMPARE(notices.at(0).at(0).value<ServerNotice>().kind, ServerNotice::Kind::NameBanned);
}

void tst_ChatServerBan::bannedAddressClosedBeforeHello()
{
    TestClient *alice = joined(u"alice"_s);
    TestClient *mallory = joined(u"mallory"_s);
    const std::optional<BanList::Ban> ban = m_server->ban(u"mallory"_s, 1h);
    QVERIFY(ban);
    QCOMPARE(ban->address, QHostAddress(QHostAddress::LocalHost));
    QVERIFY(mallory->waitForDisconnected());
    QCOMPARE(mallory->last<Error>()->code, ErrorCode::Kicked);

    // Loopback is no exception: the administrator asked for it.
    QVERIFY(shutOut());
    QTRY_COMPARE(m_server->connectionCount(), 1);
    QCOMPARE(m_server->memberCount(), 1);
    // Those already in from the address stay: the ban is on new connections.
    QVERIFY(alice->sync());
    QVERIFY(alice->isConnected());
}

void tst_ChatServerBan::bannedConnectionsSummarized()
{
    ServerConfig config;
    config.newConnectionWindow = 100ms; // the summary's window
    startServer(config);
    joined(u"mallory"_s);
    m_server->ban(u"mallory"_s, 1h);
    QTRY_COMPARE(m_server->connectionCount(), 0);
    QSignalSpy notices(m_server.get(), &ChatServer::serverNotice);
    for (int i = 0; i < 6; ++i)
        QVERIFY(shutOut());
    // The first at once, the rest in one summary: never a line per connection.
    QTRY_COMPARE(notices.size(), 2);
    const auto first = notices.at(0).at(0).value<ServerNotice>();
    const auto summary = notices.at(1).at(0).value<ServerNotice>();
    QCOMPARE(first.kind, ServerNotice::Kind::ConnectionBanned);
    QCOMPARE(first.count, 1);
    QCOMPARE(first.address, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(summary.kind, ServerNotice::Kind::ConnectionBanned);
    QCOMPARE(summary.count, 5);
}

void tst_ChatServerBan::nameAloneLeavesTheAddressOpen()
{
    joined(u"bob"_s);
    m_server->ban(u"bob"_s, 1h, false);
    QTRY_COMPARE(m_server->memberCount(), 0);
    TestClient *other = newClient();
    QVERIFY(other->join(u"robert"_s));
}

void tst_ChatServerBan::banExpires()
{
    qint64 now = QDateTime(QDate(2026, 12, 1), QTime(14, 0), Qt::UTC).toMSecsSinceEpoch();
    m_server->setBanClock([&now] { return now; });
    const std::optional<BanList::Ban> ban = m_server->ban(u"bob"_s, 10min);
    QVERIFY(ban);
    QVERIFY(ban->address.isNull()); // not in the room: the name alone
    QCOMPARE(ban->until(), QDateTime::fromMSecsSinceEpoch(now + 600'000));
    TestClient *client = newClient();
    QCOMPARE(client->helloRejected(u"bob"_s), RejectReason::NameReserved);

    now += 600'000;
    // Over the moment its time is up, before the list has noticed.
    QVERIFY(client->join(u"bob"_s));
    QSignalSpy bansChanged(m_server.get(), &ChatServer::bansChanged);
    m_server->expireBans();
    QCOMPARE(bansChanged.size(), 1);
    QVERIFY(m_server->bans().isEmpty());
}

void tst_ChatServerBan::unbanLetsThemBackIn()
{
    joined(u"mallory"_s);
    const std::optional<BanList::Ban> ban = m_server->ban(u"mallory"_s, BanList::Permanent);
    QVERIFY(ban && ban->isPermanent());
    QTRY_COMPARE(m_server->memberCount(), 0);
    QVERIFY(shutOut());

    QSignalSpy bansChanged(m_server.get(), &ChatServer::bansChanged);
    QVERIFY(m_server->unban(ban->id));
    QCOMPARE(bansChanged.size(), 1);
    QVERIFY(m_server->bans().isEmpty());
    QVERIFY(!m_server->unban(ban->id));
    TestClient *back = newClient();
    QVERIFY(back->join(u"Mallory"_s));
}

void tst_ChatServerBan::detachedMemberBannedCannotResume()
{
    auto *dave = newClient();
    QVERIFY(dave->joinWith(Hello {1, u"dave"_s, 1}));
    TestClient *alice = joined(u"alice"_s);
    QSignalSpy detached(m_server.get(), &ChatServer::memberDetached);
    dave->socket()->abort();
    QVERIFY(detached.wait());

    const std::optional<BanList::Ban> ban = m_server->ban(u"dave"_s, 1h, false);
    QVERIFY(ban);
    QVERIFY(alice->waitFor<Left>());
    QCOMPARE(alice->last<Left>()->nickname, u"dave"_s);
    QCOMPARE(alice->last<Left>()->reason, LeaveReason::Kicked);
    auto *again = newClient();
    QVERIFY(!again->resume(dave->welcome.resumeToken, dave->welcome.seq));
    QCOMPARE(again->helloRejected(u"dave"_s), RejectReason::NameReserved);
}

void tst_ChatServerBan::blankNameBansNothing()
{
    QSignalSpy bansChanged(m_server.get(), &ChatServer::bansChanged);
    QVERIFY(!m_server->ban(u"  "_s, 1h));
    QVERIFY(!m_server->ban(QString(), 1h));
    QCOMPARE(bansChanged.size(), 0);
}

QTEST_GUILESS_MAIN(tst_ChatServerBan)
#include "tst_chatserver_ban.moc"
