#include "chatsession.h"
#include "fakeserver.h"

#include "protocol/messagecodec.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace Protocol;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(ServerAddress)

// A room served by several servers (issue 15): the session joins through the first one of
// its list that answers, and after a lost connection resumes on the next one.
class tst_ChatSessionHosts : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void joinSkipsServerNotListening();
    void joinSkipsMissingLocalServer();
    void joinFailsWhenNoServerAnswers();
    void resumesOnNextServer();
    void reconnectGoesRoundTheList();
    void singleServerStaysPut();

private:
    static ChatSession::Timing fastTiming();
    // A port on 127.0.0.1 that was free a moment ago: nothing listens there now.
    static quint16 closedPort();
    static ServerAddress at(quint16 port)
    {
        return {ServerAddress::Transport::Tcp, u"127.0.0.1"_s, port};
    }
    // A server that welcomes over 1.1 with this token and answers a Resume.
    static std::unique_ptr<FakeServer> resumingServer(const QByteArray &token,
                                                      const QByteArray &nextToken);

    std::unique_ptr<ChatSession> m_session;
};

ChatSession::Timing tst_ChatSessionHosts::fastTiming()
{
    ChatSession::Timing timing;
    timing.pingIdleMs = 60000;
    timing.connectTimeoutMs = 5000;
    timing.reconnectInitialMs = 20;
    timing.reconnectMaxMs = 80;
    timing.resumeDelayMs = 20;
    return timing;
}

quint16 tst_ChatSessionHosts::closedPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

std::unique_ptr<FakeServer> tst_ChatSessionHosts::resumingServer(const QByteArray &token,
                                                                 const QByteArray &nextToken)
{
    auto server = std::make_unique<FakeServer>();
    if (!server->listen())
        return nullptr;
    FakeServer *raw = server.get();
    raw->setHelloHandler(
        [raw, token](const Hello &hello) { raw->welcomeV11(hello.nickname, token, 60'000); });
    raw->setResumeHandler([raw, nextToken](const Resume &resume) {
        raw->send(Resumed {u"Alice"_s, resume.lastSeq, nextToken, 0}, Layout::V1_1);
    });
    return server;
}

void tst_ChatSessionHosts::init()
{
    m_session = std::make_unique<ChatSession>();
    m_session->setTiming(fastTiming());
}

void tst_ChatSessionHosts::cleanup()
{
    m_session.reset();
}

void tst_ChatSessionHosts::joinSkipsServerNotListening()
{
    const quint16 dead = closedPort();
    QVERIFY(dead != 0);
    FakeServer live;
    QVERIFY2(live.listen(), qPrintable(live.errorString()));
    const ServerList servers =
        ServerList::parse(u"127.0.0.1:%1, 127.0.0.1:%2"_s.arg(dead).arg(live.port()), 9527, false)
            .servers;
    QCOMPARE(servers.size(), 2);

    QSignalSpy failedSpy(m_session.get(), &ChatSession::connectionFailed);
    QSignalSpy changedSpy(m_session.get(), &ChatSession::serverChanged);
    m_session->join(servers, u"Alice"_s);
    QCOMPARE(m_session->address(), at(dead));
    QTRY_COMPARE(m_session->state(), ChatSession::State::Joined);

    QCOMPARE(failedSpy.size(), 0);
    QCOMPARE(m_session->address(), at(live.port()));
    QCOMPARE(m_session->servers(), servers);
    QCOMPARE(changedSpy.constLast().at(0).value<ServerAddress>(), at(live.port()));
    QCOMPARE(live.connections(), 1);
    QVERIFY(m_session->connectFailures().isEmpty());
}

void tst_ChatSessionHosts::joinSkipsMissingLocalServer()
{
    // A missing local server is reported from inside the attempt itself.
    FakeServer live;
    QVERIFY2(live.listen(), qPrintable(live.errorString()));
    const QString missing =
        u"chatroom-tst-hosts-missing-%1"_s.arg(QCoreApplication::applicationPid());
    const ServerList::Parsed parsed =
        ServerList::parse(u"local:%1,127.0.0.1:%2"_s.arg(missing).arg(live.port()), 9527, false);
    QVERIFY2(parsed.isOk(), qPrintable(parsed.error));

    m_session->join(parsed.servers, u"Alice"_s);
    QTRY_COMPARE(m_session->state(), ChatSession::State::Joined);
    QCOMPARE(m_session->address(), at(live.port()));
}

void tst_ChatSessionHosts::joinFailsWhenNoServerAnswers()
{
    const quint16 first = closedPort();
    const quint16 second = closedPort();
    QVERIFY(first != 0 && second != 0 && first != second);
    const ServerList servers(QList<ServerAddress> {at(first), at(second)});

    QSignalSpy failedSpy(m_session.get(), &ChatSession::connectionFailed);
    QSignalSpy reconnectSpy(m_session.get(), &ChatSession::reconnectScheduled);
    m_session->join(servers, u"Alice"_s);
    QTRY_COMPARE(failedSpy.size(), 1);

    // Once, after both, naming both; and nothing is retried on its own.
    QCOMPARE(m_session->state(), ChatSession::State::Disconnected);
    QCOMPARE(m_session->endReason(), ChatSession::EndReason::ConnectFailed);
    QCOMPARE(failedSpy.at(0).at(0).value<QAbstractSocket::SocketError>(),
             QAbstractSocket::ConnectionRefusedError);
    const QString message = failedSpy.at(0).at(1).toString();
    QVERIFY2(message.contains(at(first).display()) && message.contains(at(second).display()),
             qPrintable(message));
    const QList<ChatSession::ConnectFailure> failures = m_session->connectFailures();
    QCOMPARE(failures.size(), 2);
    QCOMPARE(failures.at(0).server, at(first));
    QCOMPARE(failures.at(1).server, at(second));
    QCOMPARE(failures.at(1).error, QAbstractSocket::ConnectionRefusedError);
    QCOMPARE(reconnectSpy.size(), 0);
    QCOMPARE(m_session->reconnectInSeconds(), -1);
}

void tst_ChatSessionHosts::resumesOnNextServer()
{
    const QByteArray token(24, 'k');
    const QByteArray nextToken(24, 'n');
    const std::unique_ptr<FakeServer> a = resumingServer(token, nextToken);
    const std::unique_ptr<FakeServer> b = resumingServer(token, nextToken);
    QVERIFY(a && b);
    m_session->join(ServerList(QList<ServerAddress> {at(a->port()), at(b->port())}), u"Alice"_s);
    QTRY_COMPARE(m_session->state(), ChatSession::State::Joined);
    QCOMPARE(m_session->address(), at(a->port()));
    // Something happens in the room after the join: lastSeq moves past the Welcome's.
    a->send(Chat {9, 1'700'000'000'000, u"Zed"_s, u"hi"_s, 0}, Layout::V1_1);
    QTRY_COMPARE(m_session->lastSeq(), quint64(9));
    const QString epoch = m_session->roomEpoch();

    QSignalSpy resumedSpy(m_session.get(), &ChatSession::resumed);
    QSignalSpy joinedSpy(m_session.get(), &ChatSession::joined);
    QSignalSpy changedSpy(m_session.get(), &ChatSession::serverChanged);
    QSignalSpy resetSpy(m_session.get(), &ChatSession::membersReset);
    a->close(); // server A goes away, and does not come back
    QVERIFY(resumedSpy.wait());

    QCOMPARE(m_session->state(), ChatSession::State::Joined);
    QCOMPARE(m_session->address(), at(b->port()));
    QCOMPARE(changedSpy.size(), 1);
    QCOMPARE(changedSpy.at(0).at(0).value<ServerAddress>(), at(b->port()));
    // The very seat: the token and seq the session had from A, and no fresh join.
    const QList<Resume> sent = b->receivedOf<Resume>();
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent.at(0).resumeToken, token);
    QCOMPARE(sent.at(0).lastSeq, quint64(9));
    QCOMPARE(b->receivedOf<Hello>().size(), 0);
    QCOMPARE(a->connections(), 1);
    QCOMPARE(joinedSpy.size(), 0);
    QCOMPARE(resetSpy.size(), 0);
    QCOMPARE(m_session->roomEpoch(), epoch);
    QCOMPARE(m_session->members(), (QStringList {u"Zed"_s, u"Alice"_s}));
}

void tst_ChatSessionHosts::reconnectGoesRoundTheList()
{
    const QByteArray token(24, 'k');
    const quint16 dead = closedPort();
    QVERIFY(dead != 0);
    const std::unique_ptr<FakeServer> b = resumingServer(token, token);
    const std::unique_ptr<FakeServer> c = resumingServer(token, token);
    QVERIFY(b && c);
    const QList<ServerAddress> list {at(dead), at(b->port()), at(c->port())};
    QSignalSpy changedSpy(m_session.get(), &ChatSession::serverChanged);
    m_session->join(ServerList(list), u"Alice"_s);
    QTRY_COMPARE(m_session->state(), ChatSession::State::Joined);
    const quint16 bPort = b->port(); // 0 once B is closed
    QCOMPARE(m_session->address(), at(bPort));

    // B goes: the one after it, C.
    QSignalSpy resumedSpy(m_session.get(), &ChatSession::resumed);
    changedSpy.clear();
    b->close();
    QVERIFY(resumedSpy.wait());
    QCOMPARE(m_session->address(), at(c->port()));
    QCOMPARE(c->receivedOf<Resume>().size(), 1);

    // C drops us but stays up; from the end of the list back to the start: the dead one,
    // then B, gone too, then C again.
    c->dropClient();
    QVERIFY(resumedSpy.wait());
    QCOMPARE(m_session->state(), ChatSession::State::Joined);
    QCOMPARE(m_session->address(), at(c->port()));
    QList<ServerAddress> tried;
    for (const QList<QVariant> &arguments : std::as_const(changedSpy))
        tried.append(arguments.at(0).value<ServerAddress>());
    QCOMPARE(tried, (QList<ServerAddress> {at(c->port()), at(dead), at(bPort), at(c->port())}));
    QCOMPARE(c->receivedOf<Resume>().size(), 2);
    QCOMPARE(c->receivedOf<Resume>().constLast().resumeToken, token);
}

void tst_ChatSessionHosts::singleServerStaysPut()
{
    FakeServer server;
    QVERIFY2(server.listen(), qPrintable(server.errorString()));
    QSignalSpy changedSpy(m_session.get(), &ChatSession::serverChanged);
    m_session->join(u"127.0.0.1"_s, server.port(), u"Alice"_s);
    QTRY_COMPARE(m_session->state(), ChatSession::State::Joined);
    const int changes = changedSpy.size();
    QSignalSpy joinedSpy(m_session.get(), &ChatSession::joined);
    server.dropClient();
    QVERIFY(joinedSpy.wait());
    QCOMPARE(changedSpy.size(), changes);
    QCOMPARE(server.connections(), 2);
}

QTEST_MAIN(tst_ChatSessionHosts)
#include "tst_chatsession_hosts.moc"
