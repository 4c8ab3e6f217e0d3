#include "protocol/messages.h"

#include "testclient.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Protocol;
using namespace Qt::StringLiterals;

// chatroomctl against the real chatroom-serverd, both as an operator runs them: members
// shows who joined, broadcast reaches them, kick removes them, status reads for people and
// for scripts, and the exit status says what went wrong.
class tst_Chatroomctl : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void controlsARunningServer();
    void statusForPeopleAndScripts();
    void defaultSocketFollowsRuntimeDirectory();
    void noneTurnsTheSocketOff();
    void deadSocketIsStatus3();
    void badCommandLineIsStatus2();

private:
    struct Result
    {
        int status = -1;
        QString out;
        QString err;
    };
    // Starts chatroom-serverd with these extra arguments and waits for its port.
    void startServer(const QStringList &arguments, const QProcessEnvironment &environment);
    Result ctl(const QStringList &arguments,
               const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    QString stopServer();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_server;
    std::unique_ptr<QObject> m_scope;
    QByteArray m_output;
    quint16 m_port = 0;
    QString m_socket;
};

void tst_Chatroomctl::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_scope = std::make_unique<QObject>();
    m_socket = m_dir->filePath(u"admin.sock"_s);
    m_output.clear();
    m_port = 0;
}

void tst_Chatroomctl::cleanup()
{
    m_scope.reset();
    if (m_server && m_server->state() != QProcess::NotRunning) {
        m_server->kill();
        m_server->waitForFinished(TestClient::Timeout);
    }
    m_server.reset();
    m_dir.reset();
}

void tst_Chatroomctl::startServer(const QStringList &arguments,
                                  const QProcessEnvironment &environment)
{
    m_server = std::make_unique<QProcess>();
    m_server->setProcessEnvironment(environment);
    m_server->setProgram(QStringLiteral(CHATROOM_SERVERD_BINARY));
    m_server->setArguments(QStringList {u"--lang"_s, u"en"_s, u"--listen"_s, u"127.0.0.1"_s,
                                        u"--port"_s, u"0"_s, u"--log"_s, u"memory"_s}
                           + arguments);
    m_server->start();
    QVERIFY(m_server->waitForStarted(TestClient::Timeout));
    // The log's first lines: where the room is, then where the admin socket is.
    static const QRegularExpression where(u"127\\.0\\.0\\.1:(\\d+)"_s);
    QVERIFY(QTest::qWaitFor(
        [&] {
            m_output += m_server->readAllStandardOutput();
            return m_output.contains("Room for") || m_server->state() == QProcess::NotRunning;
        },
        TestClient::Timeout));
    m_port = quint16(where.match(QString::fromUtf8(m_output)).captured(1).toUInt());
    QVERIFY2(m_port != 0, m_server->readAllStandardError().constData());
}

tst_Chatroomctl::Result tst_Chatroomctl::ctl(const QStringList &arguments,
                                             const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(CHATROOMCTL_BINARY), arguments);
    // chatroomctl waits for the server; the server is another process, so this wait
    // holds up nobody. The test client's frames queue in its socket meanwhile.
    if (!process.waitForFinished(TestClient::Timeout))
        return {};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

QString tst_Chatroomctl::stopServer()
{
    ::kill(pid_t(m_server->processId()), SIGTERM);
    if (m_server->state() != QProcess::NotRunning)
        m_server->waitForFinished(TestClient::Timeout);
    m_output += m_server->readAllStandardOutput();
    return QString::fromUtf8(m_output);
}

void tst_Chatroomctl::controlsARunningServer()
{
    startServer({u"--admin-socket"_s, m_socket}, QProcessEnvironment::systemEnvironment());
    QVERIFY2(m_output.contains(m_socket.toUtf8()), m_output.constData());
    TestClient *zhang = TestClient::joined(m_scope.get(), m_port, u"张三"_s);
    QVERIFY(zhang->isConnected());

    Result result = ctl({u"--lang"_s, u"en"_s, u"--socket"_s, m_socket, u"members"_s});
    QCOMPARE(result.status, 0);
    QVERIFY2(result.out.contains(u"张三"_s) && result.out.contains(u"127.0.0.1:"_s),
             qPrintable(result.out));
    QVERIFY2(result.out.startsWith(u"Name"_s), qPrintable(result.out));

    result = ctl({u"--socket"_s, m_socket, u"broadcast"_s, u"请"_s, u"安静"_s});
    QCOMPARE(result.status, 0);
    QVERIFY(zhang->waitFor<Broadcast>());
    QCOMPARE(zhang->last<Broadcast>()->text, u"请 安静"_s);

    result = ctl({u"--socket"_s, m_socket, u"kick"_s, u"张三"_s});
    QCOMPARE(result.status, 0);
    QVERIFY(zhang->waitFor<Error>());
    QCOMPARE(zhang->last<Error>()->code, ErrorCode::Kicked);
    result = ctl({u"--lang"_s, u"en"_s, u"--socket"_s, m_socket, u"kick"_s, u"张三"_s});
    QCOMPARE(result.status, 1);
    QVERIFY2(result.err.contains(u"no such member: 张三"_s), qPrintable(result.err));
    result = ctl({u"--socket"_s, m_socket, u"--json"_s, u"members"_s});
    QCOMPARE(result.status, 0);
    QCOMPARE(result.out, u"{\"members\":[],\"ok\":true}\n"_s);

    // The log says what came through chatroomctl.
    const QString log = stopServer();
    QVERIFY2(log.contains(u"* chatroomctl: kicked 张三"_s), qPrintable(log));
    QVERIFY2(log.contains(u"* chatroomctl: sent the broadcast above"_s), qPrintable(log));
    QCOMPARE(m_server->exitCode(), 0);
}

void tst_Chatroomctl::statusForPeopleAndScripts()
{
    startServer({u"--admin-socket"_s, m_socket, u"--room"_s, u"茶馆"_s},
                QProcessEnvironment::systemEnvironment());
    TestClient::joined(m_scope.get(), m_port, u"李四"_s);

    Result result = ctl({u"--socket"_s, m_socket, u"--json"_s, u"status"_s});
    QCOMPARE(result.status, 0);
    QVERIFY2(result.out.endsWith(u'\n') && result.out.count(u'\n') == 1, qPrintable(result.out));
    const QJsonObject status = QJsonDocument::fromJson(result.out.toUtf8()).object();
    QCOMPARE(status.value(u"ok"_s).toBool(), true);
    QCOMPARE(status.value(u"room"_s).toString(), u"茶馆"_s);
    QCOMPARE(status.value(u"members"_s).toInt(), 1);
    QCOMPARE(status.value(u"version"_s).toString(), QStringLiteral(CHATROOM_VERSION));
    QCOMPARE(status.value(u"listening"_s).toObject().value(u"port"_s).toInt(), int(m_port));

    result = ctl({u"--lang"_s, u"en"_s, u"--socket"_s, m_socket, u"status"_s});
    QCOMPARE(result.status, 0);
    QVERIFY2(result.out.contains(u"Room:"_s) && result.out.contains(u"茶馆"_s),
             qPrintable(result.out));
    QVERIFY2(result.out.contains(u"1 of "_s), qPrintable(result.out));
    QVERIFY2(result.out.contains(u"Messages per second:"_s), qPrintable(result.out));
    // The same for a Chinese reader, from chatroomctl's own catalogue.
    result = ctl({u"--lang"_s, u"zh_CN"_s, u"--socket"_s, m_socket, u"status"_s});
    QCOMPARE(result.status, 0);
    QVERIFY2(result.out.contains(u"成员:"_s) && result.out.contains(u"每秒消息:"_s),
             qPrintable(result.out));
}

void tst_Chatroomctl::defaultSocketFollowsRuntimeDirectory()
{
    // As under systemd: RuntimeDirectory=chatroom sets RUNTIME_DIRECTORY.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"RUNTIME_DIRECTORY"_s, m_dir->path());
    startServer({}, environment);
    const Result result = ctl({u"--json"_s, u"bans"_s}, environment);
    QCOMPARE(result.status, 0);
    QCOMPARE(result.out, u"{\"bans\":[],\"ok\":true}\n"_s);
    QVERIFY(QFileInfo(m_socket).exists());
}

void tst_Chatroomctl::noneTurnsTheSocketOff()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"RUNTIME_DIRECTORY"_s, m_dir->path());
    startServer({u"--admin-socket"_s, u"none"_s}, environment);
    QVERIFY2(!m_output.contains("admin socket"), m_output.constData());
    QVERIFY(!QFileInfo::exists(m_socket));
    QCOMPARE(ctl({u"--socket"_s, m_socket, u"status"_s}).status, 3);
}

void tst_Chatroomctl::deadSocketIsStatus3()
{
    const QString nothing = m_dir->filePath(u"nothing.sock"_s);
    Result result = ctl({u"--lang"_s, u"en"_s, u"--socket"_s, nothing, u"status"_s});
    QCOMPARE(result.status, 3);
    QVERIFY2(result.err.contains(nothing), qPrintable(result.err));
    QVERIFY2(result.err.contains(u"is the server running"_s), qPrintable(result.err));

    // A server that is gone: its socket file stays behind.
    startServer({u"--admin-socket"_s, m_socket}, QProcessEnvironment::systemEnvironment());
    m_server->kill();
    m_server->waitForFinished(TestClient::Timeout);
    QVERIFY(QFileInfo::exists(m_socket));
    result = ctl({u"--lang"_s, u"en"_s, u"--socket"_s, m_socket, u"status"_s});
    QCOMPARE(result.status, 3);
    QVERIFY2(result.err.contains(m_socket), qPrintable(result.err));
}

void tst_Chatroomctl::badCommandLineIsStatus2()
{
    const QStringList bad[] = {
        {},
        {u"frobnicate"_s},
        {u"kick"_s},
        {u"status"_s, u"now"_s},
        {u"ban"_s, u"张三"_s, u"--duration"_s, u"soon"_s},
        {u"kick"_s, u"张三"_s, u"--name-only"_s},
        {u"unban"_s, u"x"_s},
        {u"--no-such-option"_s, u"status"_s},
    };
    for (const QStringList &arguments : bad) {
        const Result result = ctl(QStringList {u"--socket"_s, m_socket} + arguments);
        QVERIFY2(result.status == 2, qPrintable(arguments.join(u' ') + u": "_s + result.err));
        QVERIFY(!result.err.isEmpty());
    }
    const Result help = ctl({u"--help"_s});
    QCOMPARE(help.status, 0);
    QVERIFY2(help.out.contains(u"--json"_s) && help.out.contains(u"broadcast"_s),
             qPrintable(help.out));
}

QTEST_GUILESS_MAIN(tst_Chatroomctl)
#include "tst_chatroomctl.moc"
