#include "admin/adminprotocol.h"
#include "adminserver.h"
#include "chatserver.h"
#include "peercredentials.h"
#include "ratemeter.h"

#include "testclient.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Protocol;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

// The admin socket against a real ChatServer in this process, through a QLocalSocket as
// chatroomctl would: every command, the limits, the owner-only file and the uid check.
class tst_AdminServer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void folderAndSocketAreOwnerOnly();
    void membersListsWhoIsIn();
    void broadcastReachesTheRoom();
    void broadcastFollowsTheRoomsRules();
    void kickRemovesTheMember();
    void banBansAndUnbanLifts();
    void statusDescribesTheServer();
    void badRequests_data();
    void badRequests();
    void severalRequestsOnOneConnection();
    void slowReaderGetsEveryAnswer();
    void longestLineIsRead();
    void overlongLineIsRefusedAndClosed();
    void tooManyConnections();
    void silentConnectionIsClosed();
    void otherUsersAreRefused();
    void peerCredentialsNameTheUser();
    void liveSocketIsNotStolen();
    void staleSocketIsTakenOver();
    void rateMeterMeasures();
    void durations_data();
    void durations();
    void defaultSocketPath();

private:
    QLocalSocket *connectClient();
    QJsonObject ask(QLocalSocket *socket, const QByteArray &line);
    QJsonObject ask(const QJsonObject &request)
    {
        return ask(connectClient(), AdminProtocol::encode(request));
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QObject> m_scope;
    std::unique_ptr<ChatServer> m_server;
    std::unique_ptr<AdminServer> m_admin;
    QString m_path;
};

void tst_AdminServer::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_scope = std::make_unique<QObject>();
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.roomTitle = u"测试室"_s;
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    m_admin = std::make_unique<AdminServer>(m_server.get());
    // A folder that is not there yet: the server makes it, for its owner alone.
    m_path = m_dir->filePath(u"run/admin.sock"_s);
    QVERIFY2(m_admin->listen(m_path), qPrintable(m_admin->errorString()));
}

void tst_AdminServer::cleanup()
{
    m_admin.reset();
    m_scope.reset();
    m_server.reset();
    m_dir.reset();
}

QLocalSocket *tst_AdminServer::connectClient()
{
    auto *socket = new QLocalSocket(m_scope.get());
    socket->connectToServer(m_path);
    if (!socket->waitForConnected(TestClient::Timeout))
        qWarning("cannot connect: %s", qPrintable(socket->errorString()));
    return socket;
}

QJsonObject tst_AdminServer::ask(QLocalSocket *socket, const QByteArray &line)
{
    socket->write(line);
    if (!QTest::qWaitFor([socket] { return socket->canReadLine(); }, TestClient::Timeout))
        return {};
    return QJsonDocument::fromJson(socket->readLine()).object();
}

void tst_AdminServer::folderAndSocketAreOwnerOnly()
{
    struct stat folder
    {
    };
    QCOMPARE(::stat(QFile::encodeName(m_dir->filePath(u"run"_s)).constData(), &folder), 0);
    QCOMPARE(folder.st_mode & 0777, mode_t(0700));
    struct stat socket
    {
    };
    QCOMPARE(::stat(QFile::encodeName(m_path).constData(), &socket), 0);
    QVERIFY(S_ISSOCK(socket.st_mode));
    QCOMPARE(socket.st_mode & 0077, mode_t(0)); // nothing for group or others
    QCOMPARE(m_admin->socketPath(), m_path);
}

void tst_AdminServer::membersListsWhoIsIn()
{
    QCOMPARE(ask({{u"command"_s, u"members"_s}}).value(u"members"_s).toArray().size(), 0);
    TestClient *zhang = TestClient::joined(m_scope.get(), m_server->serverPort(), u"张三"_s);
    zhang->send(Say {u"你好"_s});
    QVERIFY(zhang->waitFor<Chat>());

    const QJsonObject response = ask({{u"command"_s, u"members"_s}});
    QVERIFY2(response.value(u"ok"_s).toBool(), QJsonDocument(response).toJson().constData());
    const QJsonArray members = response.value(u"members"_s).toArray();
    QCOMPARE(members.size(), 1);
    const QJsonObject member = members.at(0).toObject();
    QCOMPARE(member.value(u"name"_s).toString(), u"张三"_s);
    QCOMPARE(member.value(u"address"_s).toString(), u"127.0.0.1"_s);
    QCOMPARE(member.value(u"port"_s).toInt(), int(zhang->socket()->localPort()));
    QCOMPARE(member.value(u"messagesSent"_s).toInt(), 1);
    QCOMPARE(member.value(u"detached"_s).toBool(), false);
    QCOMPARE(member.value(u"local"_s).toBool(), false);
    // ISO 8601 in UTC, to the second.
    const QString joinedAt = member.value(u"joinedAt"_s).toString();
    QVERIFY2(joinedAt.endsWith(u'Z'), qPrintable(joinedAt));
    const QDateTime at = QDateTime::fromString(joinedAt, Qt::ISODate);
    QVERIFY(at.isValid());
    QVERIFY(qAbs(at.secsTo(QDateTime::currentDateTimeUtc())) < 60);
}

void tst_AdminServer::broadcastReachesTheRoom()
{
    TestClient *zhang = TestClient::joined(m_scope.get(), m_server->serverPort(), u"张三"_s);
    QSignalSpy sent(&m_admin->commands(), &AdminCommands::broadcastSent);
    const QJsonObject response = ask({{u"command"_s, u"broadcast"_s}, {u"text"_s, u"欢迎各位"_s}});
    QCOMPARE(response, (QJsonObject {{u"ok"_s, true}}));
    QVERIFY(zhang->waitFor<Broadcast>());
    QCOMPARE(zhang->last<Broadcast>()->text, u"欢迎各位"_s);
    QCOMPARE(sent.size(), 1);
}

void tst_AdminServer::broadcastFollowsTheRoomsRules()
{
    QJsonObject response = ask({{u"command"_s, u"broadcast"_s}, {u"text"_s, u"   "_s}});
    QCOMPARE(response.value(u"ok"_s).toBool(), false);
    QCOMPARE(response.value(u"code"_s).toString(), u"refused"_s);
    QCOMPARE(response.value(u"error"_s).toString(), u"the text is empty"_s);
    response = ask({{u"command"_s, u"broadcast"_s}, {u"text"_s, QString(2001, u'x')}});
    QCOMPARE(response.value(u"error"_s).toString(), u"the text is longer than 2000 characters"_s);
    response = ask({{u"command"_s, u"broadcast"_s}});
    QCOMPARE(response.value(u"code"_s).toString(), u"bad-request"_s);
}

void tst_AdminServer::kickRemovesTheMember()
{
    TestClient *zhang = TestClient::joined(m_scope.get(), m_server->serverPort(), u"张三"_s);
    QSignalSpy kicked(&m_admin->commands(), &AdminCommands::kicked);
    QJsonObject response = ask({{u"command"_s, u"kick"_s}, {u"name"_s, u"张三"_s}});
    QCOMPARE(response, (QJsonObject {{u"ok"_s, true}, {u"name"_s, u"张三"_s}}));
    QVERIFY(zhang->waitFor<Error>());
    QCOMPARE(zhang->last<Error>()->code, ErrorCode::Kicked);
    QCOMPARE(kicked.size(), 1);
    QCOMPARE(kicked.at(0).at(0).toString(), u"张三"_s);
    QTRY_COMPARE(m_server->memberCount(), 0);

    response = ask({{u"command"_s, u"kick"_s}, {u"name"_s, u"张三"_s}});
    QCOMPARE(response,
             (QJsonObject {{u"ok"_s, false},
                           {u"code"_s, u"no-such-member"_s},
                           {u"error"_s, u"no such member: 张三"_s}}));
}

void tst_AdminServer::banBansAndUnbanLifts()
{
    TestClient *zhang = TestClient::joined(m_scope.get(), m_server->serverPort(), u"张三"_s);
    QJsonObject response =
        ask({{u"command"_s, u"ban"_s}, {u"name"_s, u"张三"_s}, {u"duration"_s, u"2h"_s}});
    QVERIFY2(response.value(u"ok"_s).toBool(), QJsonDocument(response).toJson().constData());
    QCOMPARE(response.value(u"kicked"_s).toBool(), true);
    const QJsonObject ban = response.value(u"ban"_s).toObject();
    QCOMPARE(ban.value(u"name"_s).toString(), u"张三"_s);
    QCOMPARE(ban.value(u"address"_s).toString(), u"127.0.0.1"_s);
    QCOMPARE(ban.value(u"permanent"_s).toBool(), false);
    const QDateTime until = QDateTime::fromString(ban.value(u"until"_s).toString(), Qt::ISODate);
    QVERIFY(qAbs(QDateTime::currentDateTimeUtc().secsTo(until) - 7200) < 60);
    QVERIFY(zhang->waitFor<Error>());

    // The default is the window's: 10 minutes, with the address; --name-only without it.
    response = ask({{u"command"_s, u"ban"_s}, {u"name"_s, u"李四"_s}, {u"nameOnly"_s, true}});
    const QJsonObject second = response.value(u"ban"_s).toObject();
    QVERIFY(second.value(u"address"_s).isNull());
    QCOMPARE(response.value(u"kicked"_s).toBool(), false);
    const QDateTime secondUntil =
        QDateTime::fromString(second.value(u"until"_s).toString(), Qt::ISODate);
    QVERIFY(qAbs(QDateTime::currentDateTimeUtc().secsTo(secondUntil) - 600) < 60);
    response =
        ask({{u"command"_s, u"ban"_s}, {u"name"_s, u"王五"_s}, {u"duration"_s, u"permanent"_s}});
    QVERIFY(response.value(u"ban"_s).toObject().value(u"permanent"_s).toBool());
    QVERIFY(response.value(u"ban"_s).toObject().value(u"until"_s).isNull());

    QCOMPARE(ask({{u"command"_s, u"bans"_s}}).value(u"bans"_s).toArray().size(), 3);
    response = ask({{u"command"_s, u"unban"_s}, {u"id"_s, ban.value(u"id"_s)}});
    QVERIFY(response.value(u"ok"_s).toBool());
    QCOMPARE(response.value(u"ban"_s).toObject(), ban);
    QCOMPARE(m_server->bans().size(), 2);
    response = ask({{u"command"_s, u"unban"_s}, {u"id"_s, ban.value(u"id"_s)}});
    QCOMPARE(response.value(u"code"_s).toString(), u"no-such-ban"_s);
    response = ask({{u"command"_s, u"ban"_s}, {u"name"_s, u"赵六"_s}, {u"duration"_s, u"soon"_s}});
    QCOMPARE(response.value(u"code"_s).toString(), u"bad-request"_s);
}

void tst_AdminServer::statusDescribesTheServer()
{
    TestClient::joined(m_scope.get(), m_server->serverPort(), u"张三"_s);
    const QJsonObject status = ask({{u"command"_s, u"status"_s}});
    QVERIFY2(status.value(u"ok"_s).toBool(), QJsonDocument(status).toJson().constData());
    QCOMPARE(status.value(u"room"_s).toString(), u"测试室"_s);
    QCOMPARE(status.value(u"members"_s).toInt(), 1);
    QCOMPARE(status.value(u"detached"_s).toInt(), 0);
    QCOMPARE(status.value(u"connections"_s).toInt(), 1);
    QCOMPARE(status.value(u"adminConnections"_s).toInt(), 1);
    QVERIFY(status.value(u"messagesPerSecond"_s).isDouble());
    QVERIFY(status.value(u"uptimeSeconds"_s).toInteger() >= 0);
    QCOMPARE(status.value(u"adminSocket"_s).toString(), m_path);
    const QJsonObject log = status.value(u"log"_s).toObject();
    QCOMPARE(log.value(u"backend"_s).toString(), u"memory"_s);
    QCOMPARE(log.value(u"events"_s).toInteger(), 1); // 张三's join
    const QJsonObject listening = status.value(u"listening"_s).toObject();
    QCOMPARE(listening.value(u"port"_s).toInt(), int(m_server->serverPort()));
    QVERIFY(listening.value(u"tlsPort"_s).isNull());
}

void tst_AdminServer::badRequests_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("error");
    QTest::newRow("not JSON") << "kick 张三\n"_ba << u"bad-request"_s << u"not JSON: "_s;
    QTest::newRow("an array") << "[1,2]\n"_ba << u"bad-request"_s << u"not a JSON object"_s;
    QTest::newRow("no command") << "{}\n"_ba << u"bad-request"_s << u"no \"command\" string"_s;
    QTest::newRow("unknown") << "{\"command\":\"reboot\"}\n"_ba << u"unknown-command"_s
                             << u"unknown command: reboot"_s;
    QTest::newRow("kick, no name")
        << "{\"command\":\"kick\"}\n"_ba << u"bad-request"_s << u"kick needs"_s;
    QTest::newRow("unban, a string")
        << "{\"command\":\"unban\",\"id\":\"1\"}\n"_ba << u"bad-request"_s << u"unban needs"_s;
}

void tst_AdminServer::badRequests()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, code);
    QFETCH(QString, error);
    QLocalSocket *socket = connectClient();
    const QJsonObject response = ask(socket, line);
    QCOMPARE(response.value(u"ok"_s).toBool(true), false);
    QCOMPARE(response.value(u"code"_s).toString(), code);
    QVERIFY2(response.value(u"error"_s).toString().startsWith(error),
             qPrintable(response.value(u"error"_s).toString()));
    // A bad request costs its answer, not the connection.
    QCOMPARE(ask(socket, "{\"command\":\"bans\"}\n").value(u"ok"_s).toBool(), true);
}

void tst_AdminServer::severalRequestsOnOneConnection()
{
    QLocalSocket *socket = connectClient();
    socket->write("{\"command\":\"bans\"}\n\n{\"command\":\"members\"}\n");
    QTRY_VERIFY(socket->bytesAvailable() > 0 && socket->peek(1 << 16).count('\n') == 2);
    QVERIFY(QJsonDocument::fromJson(socket->readLine()).object().contains(u"bans"_s));
    QVERIFY(QJsonDocument::fromJson(socket->readLine()).object().contains(u"members"_s));
}

void tst_AdminServer::slowReaderGetsEveryAnswer()
{
    // The server answers a whole read of requests at once, far more than the kernel's
    // socket buffer takes: past the limit its answers queue up and it stops reading
    // requests, and goes on as the client reads. Every request is answered, in order.
    m_admin->setMaxUnsentBytes(1000);
    QLocalSocket *socket = connectClient();
    constexpr int Requests = 2000; // about 1.2 MB of answers
    QByteArray requests;
    for (int i = 0; i < Requests; ++i)
        requests += AdminProtocol::encode({{u"command"_s, u"status"_s}});
    socket->write(requests);
    QVERIFY(socket->waitForBytesWritten(TestClient::Timeout));
    int answers = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            while (socket->canReadLine()) {
                const QJsonObject answer = QJsonDocument::fromJson(socket->readLine()).object();
                if (answer.value(u"ok"_s).toBool() && answer.contains(u"uptimeSeconds"_s))
                    ++answers;
            }
            return answers == Requests;
        }(),
        TestClient::Timeout);
}

void tst_AdminServer::longestLineIsRead()
{
    QByteArray line = "{\"command\":\"status\"}";
    line += QByteArray(AdminProtocol::MaxLineBytes - line.size(), ' ') + '\n';
    QCOMPARE(line.size(), AdminProtocol::MaxLineBytes + 1);
    QCOMPARE(ask(connectClient(), line).value(u"ok"_s).toBool(), true);
}

void tst_AdminServer::overlongLineIsRefusedAndClosed()
{
    QLocalSocket *socket = connectClient();
    QSignalSpy disconnected(socket, &QLocalSocket::disconnected);
    const QJsonObject response = ask(socket, QByteArray(AdminProtocol::MaxLineBytes + 10, 'x'));
    QCOMPARE(response.value(u"code"_s).toString(), u"line-too-long"_s);
    QVERIFY(disconnected.wait(TestClient::Timeout)
            || socket->state() == QLocalSocket::UnconnectedState);
    QTRY_COMPARE(m_admin->connectionCount(), 0);
}

void tst_AdminServer::tooManyConnections()
{
    m_admin->setMaxConnections(1);
    QLocalSocket *first = connectClient();
    QTRY_COMPARE(m_admin->connectionCount(), 1);
    QLocalSocket *second = connectClient();
    QTRY_VERIFY(second->canReadLine());
    QCOMPARE(QJsonDocument::fromJson(second->readLine()).object().value(u"code"_s).toString(),
             u"busy"_s);
    QTRY_COMPARE(second->state(), QLocalSocket::UnconnectedState);
    QCOMPARE(ask(first, "{\"command\":\"bans\"}\n").value(u"ok"_s).toBool(), true);
}

void tst_AdminServer::silentConnectionIsClosed()
{
    m_admin->setIdleTimeout(50ms);
    QLocalSocket *socket = connectClient();
    QTRY_COMPARE(socket->state(), QLocalSocket::UnconnectedState);
    QCOMPARE(QJsonDocument::fromJson(socket->readLine()).object().value(u"code"_s).toString(),
             u"idle"_s);
    QTRY_COMPARE(m_admin->connectionCount(), 0);
}

void tst_AdminServer::otherUsersAreRefused()
{
    // Another user cannot be played without root's setuid; the policy sees the real uid.
    std::optional<qint64> seen;
    m_admin->setPeerPolicy([&seen](std::optional<qint64> uid) {
        seen = uid;
        return false;
    });
    QSignalSpy refused(m_admin.get(), &AdminServer::peerRefused);
    QLocalSocket *socket = connectClient();
    QTRY_VERIFY(socket->canReadLine());
    const QJsonObject response = QJsonDocument::fromJson(socket->readLine()).object();
    QCOMPARE(response.value(u"code"_s).toString(), u"forbidden"_s);
    QVERIFY(response.value(u"error"_s).toString().startsWith(u"permission denied"_s));
    QTRY_COMPARE(socket->state(), QLocalSocket::UnconnectedState);
    QCOMPARE(refused.size(), 1);
    QCOMPARE(m_admin->connectionCount(), 0);
#ifdef Q_OS_LINUX
    QCOMPARE(seen, std::optional<qint64>(qint64(::geteuid())));
    QCOMPARE(refused.at(0).at(0).toLongLong(), qint64(::geteuid()));
#endif
}

void tst_AdminServer::peerCredentialsNameTheUser()
{
    QVERIFY(PeerCredentials::mayAdminister(0, 1000)); // sudo chatroomctl
    QVERIFY(PeerCredentials::mayAdminister(1000, 1000)); // the server's own user
    QVERIFY(!PeerCredentials::mayAdminister(1001, 1000));
    QVERIFY(!PeerCredentials::mayAdminister(65534, 0)); // nobody, against a root server
    QCOMPARE(PeerCredentials::ownUid(), qint64(::geteuid()));
#ifdef Q_OS_LINUX
    QVERIFY(PeerCredentials::isSupported());
    int pair[2];
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
    QCOMPARE(PeerCredentials::peerUid(pair[0]), std::optional<qint64>(qint64(::geteuid())));
    ::close(pair[0]);
    ::close(pair[1]);
    QCOMPARE(PeerCredentials::peerUid(-1), std::nullopt);
#endif
}

void tst_AdminServer::liveSocketIsNotStolen()
{
    AdminServer second(m_server.get());
    QVERIFY(!second.listen(m_path));
    QVERIFY2(second.errorString().contains(u"in use"_s), qPrintable(second.errorString()));
    // The first still has it.
    QCOMPARE(ask({{u"command"_s, u"bans"_s}}).value(u"ok"_s).toBool(), true);
}

void tst_AdminServer::staleSocketIsTakenOver()
{
    // A socket file whose server died: bound, never listened on, closed without unlink.
    const QString path = m_dir->filePath(u"stale.sock"_s);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address {};
    address.sun_family = AF_UNIX;
    const QByteArray encoded = QFile::encodeName(path);
    qstrncpy(address.sun_path, encoded.constData(), sizeof address.sun_path);
    QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
    ::close(fd);
    QVERIFY(QFile::exists(path));

    AdminServer second(m_server.get());
    QVERIFY2(second.listen(path), qPrintable(second.errorString()));
    QLocalSocket socket;
    socket.connectToServer(path);
    QVERIFY(socket.waitForConnected(TestClient::Timeout));
    QCOMPARE(ask(&socket, "{\"command\":\"bans\"}\n").value(u"ok"_s).toBool(), true);
}

void tst_AdminServer::rateMeterMeasures()
{
    quint64 count = 0;
    RateMeter meter([&count] { return count; });
    meter.setInterval(5ms);
    QCOMPARE(meter.rate(), 0.0);
    count = 1000;
    QTRY_VERIFY(meter.rate() > 0.0);
    // Once the samples before the burst are gone, the rate falls back to nothing.
    QTRY_COMPARE(meter.rate(), 0.0);
}

void tst_AdminServer::durations_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("ms");
    QTest::newRow("seconds") << u"90s"_s << qint64(90'000);
    QTest::newRow("minutes") << u"10m"_s << qint64(600'000);
    QTest::newRow("hours") << u"2h"_s << qint64(7'200'000);
    QTest::newRow("days") << u"1d"_s << qint64(86'400'000);
    QTest::newRow("permanent") << u"permanent"_s
                               << qint64(std::chrono::milliseconds::max().count());
    for (const char *bad : {"", "m", "0m", "-5m", "+5m", " 5m", "5", "5w", "1.5h", "permanently",
                            "99999999999999999d"})
        QTest::newRow(bad) << QString::fromUtf8(bad) << qint64(-1);
}

void tst_AdminServer::durations()
{
    QFETCH(QString, text);
    QFETCH(qint64, ms);
    const auto parsed = AdminProtocol::parseDuration(text);
    QCOMPARE(parsed ? parsed->count() : qint64(-1), ms);
}

void tst_AdminServer::defaultSocketPath()
{
    const QByteArray runtime = qgetenv("RUNTIME_DIRECTORY");
    const QByteArray xdg = qgetenv("XDG_RUNTIME_DIR");
    qputenv("RUNTIME_DIRECTORY", "/run/chatroom");
    qputenv("XDG_RUNTIME_DIR", "/run/user/1000");
    QCOMPARE(AdminProtocol::defaultSocketPath(), u"/run/chatroom/admin.sock"_s);
    qunsetenv("RUNTIME_DIRECTORY");
    QCOMPARE(AdminProtocol::defaultSocketPath(), u"/run/user/1000/chatroom/admin.sock"_s);
    // sudo resets the environment: chatroomctl also looks where the service's socket is.
    QCOMPARE(
        AdminProtocol::clientSocketCandidates(),
        (QStringList {u"/run/user/1000/chatroom/admin.sock"_s, u"/run/chatroom/admin.sock"_s}));
    qunsetenv("XDG_RUNTIME_DIR");
    QCOMPARE(AdminProtocol::defaultSocketPath(),
             QDir(QDir::tempPath()).filePath(u"chatroom-%1/admin.sock"_s.arg(::getuid())));
    for (const auto &[name, value] :
         {std::pair {"RUNTIME_DIRECTORY", runtime}, {"XDG_RUNTIME_DIR", xdg}}) {
        if (!value.isEmpty())
            qputenv(name, value);
    }
}

QTEST_GUILESS_MAIN(tst_AdminServer)
#include "tst_adminserver.moc"
