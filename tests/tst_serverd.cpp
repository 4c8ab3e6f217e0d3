#include "platform.h"
#include "protocol/messages.h"

#include "testclient.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Protocol;
using namespace Qt::StringLiterals;

// chatroom-serverd as an operator runs it: the real process, on a machine without a
// display, serving a room and logging it as grep-able lines, and leaving cleanly on
// SIGTERM. (That it loads no GUI library is ctest's chatroom-serverd_no_gui_libraries.)
class tst_Serverd : public QObject
{
    Q_OBJECT

private slots:
    void servesAndLogsTheRoom();
    void badCommandLineIsStatus2();
    void configFileAndJsonLog();
};

void tst_Serverd::servesAndLogsTheRoom()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcess server;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        environment.remove(QString::fromLatin1(name));
    server.setProcessEnvironment(environment);
    server.setProgram(QStringLiteral(CHATROOM_SERVERD_BINARY));
    server.setArguments({u"--lang"_s, u"en"_s, u"--listen"_s, u"127.0.0.1"_s, u"--port"_s, u"0"_s,
                         u"--data-dir"_s, dir.path()});
    server.start();
    QVERIFY(server.waitForStarted(TestClient::Timeout));

    // The first line says where the room is open.
    static const QRegularExpression where(u"127\\.0\\.0\\.1:(\\d+)"_s);
    QByteArray output;
    QVERIFY(QTest::qWaitFor(
        [&] {
            output += server.readAllStandardOutput();
            return where.match(QString::fromUtf8(output)).hasMatch()
                || server.state() == QProcess::NotRunning;
        },
        TestClient::Timeout));
    const auto port = quint16(where.match(QString::fromUtf8(output)).captured(1).toUInt());
    QVERIFY2(port != 0, server.readAllStandardError().constData());

    QObject scope;
    TestClient *zhang = TestClient::joined(&scope, port, u"张三"_s);
    zhang->send(Say {u"大家好"_s});
    QVERIFY(zhang->waitFor<Chat>());
    QCOMPARE(zhang->last<Chat>()->text, u"大家好"_s);

#if !CHATROOM_HAS(unix_api)
    // Without UnixSignalWatcher's pipe (the portable build) SIGTERM ends the process on
    // the spot, as it would on a system without POSIX signals: no clean exit to check.
    server.kill();
    server.waitForFinished(TestClient::Timeout);
    QSKIP("SIGTERM shuts the server down cleanly on Unix only");
#endif
    ::kill(pid_t(server.processId()), SIGTERM);
    QVERIFY(zhang->waitFor<Error>());
    QCOMPARE(zhang->last<Error>()->code, ErrorCode::ServerShutdown);
    // It may be gone already: waitForFinished() is false for a process that has finished.
    QVERIFY(server.state() == QProcess::NotRunning || server.waitForFinished(TestClient::Timeout));
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 0);
    output += server.readAllStandardOutput();
    const QString log = QString::fromUtf8(output);
    // Plain lines an operator can grep for the name and what was said.
    QVERIFY2(log.contains(u"张三: 大家好"_s), qPrintable(log));
    QVERIFY2(log.contains(u"张三 joined the chat room"_s), qPrintable(log));
    QVERIFY2(log.contains(u"The server has stopped"_s), qPrintable(log));
}

void tst_Serverd::badCommandLineIsStatus2()
{
    QProcess server;
    server.start(QStringLiteral(CHATROOM_SERVERD_BINARY), {u"--max-members"_s, u"0"_s});
    QVERIFY(server.state() == QProcess::NotRunning || server.waitForFinished(TestClient::Timeout));
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 2);
    QVERIFY(server.readAllStandardError().contains("--max-members"));
}

void tst_Serverd::configFileAndJsonLog()
{
    // How the service runs it: everything from the config file, one setting overridden on
    // the command line, the log as JSON for the journal's collectors.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile config(dir.filePath(u"server.conf"_s));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("listen = 127.0.0.1\nport = 0\nroom = 文件里的房间\nlog-format = json\n"
                 "data-dir = state\nlang = en\n");
    config.close();
    QProcess server;
    server.start(QStringLiteral(CHATROOM_SERVERD_BINARY),
                 {u"--config"_s, config.fileName(), u"--room"_s, u"技术部"_s});
    QVERIFY(server.waitForStarted(TestClient::Timeout));
    QJsonObject listening;
    QByteArray output;
    QVERIFY(QTest::qWaitFor(
        [&] {
            output += server.readAllStandardOutput();
            const QList<QByteArray> lines = output.split('\n');
            for (const QByteArray &line : lines) {
                const QJsonObject record = QJsonDocument::fromJson(line).object();
                if (record.value(u"event"_s).toString() == u"listening")
                    listening = record;
            }
            return !listening.isEmpty() || server.state() == QProcess::NotRunning;
        },
        TestClient::Timeout));
    QVERIFY2(!listening.isEmpty(), server.readAllStandardError().constData());
    QCOMPARE(listening.value(u"room"_s).toString(), u"技术部"_s);
    QCOMPARE(listening.value(u"address"_s).toString(), u"127.0.0.1"_s);
    // data-dir is read from the config file's folder, not the working directory.
    QVERIFY(QFile::exists(dir.filePath(u"state/room.db"_s)));

    QObject scope;
    TestClient *zhang =
        TestClient::joined(&scope, quint16(listening.value(u"port"_s).toInt()), u"张三"_s);
    zhang->send(Say {u"大家好"_s});
    QVERIFY(zhang->waitFor<Chat>());
    ::kill(pid_t(server.processId()), SIGTERM);
    QVERIFY(server.state() == QProcess::NotRunning || server.waitForFinished(TestClient::Timeout));
    QCOMPARE(server.exitCode(), 0);
    output += server.readAllStandardOutput();
    bool chat = false;
    for (const QByteArray &line : output.split('\n')) {
        if (line.isEmpty())
            continue;
        const QJsonObject record = QJsonDocument::fromJson(line).object();
        QVERIFY2(!record.isEmpty(), line.constData()); // every line is an object
        chat = chat
            || (record.value(u"event"_s) == u"chat"_s && record.value(u"text"_s) == u"大家好"_s);
    }
    QVERIFY2(chat, output.constData());
}

QTEST_GUILESS_MAIN(tst_Serverd)
#include "tst_serverd.moc"
