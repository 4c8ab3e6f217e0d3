#include "protocol/messages.h"

#include "testclient.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Protocol;
using namespace Qt::StringLiterals;

// The durable room log as an operator meets it: the real chatroom-server process, killed
// with SIGKILL in the middle of a flood and started again on the same data directory
// (docs/protocol.md, "Version 1.1"; the room log in docs/protocol.md's implementation
// choices). Also the ways a database can fail to open.
class tst_DurableLog : public QObject
{
    Q_OBJECT

private slots:
    void killedMidFloodLosesNothingSeen();
    void unusableDatabase_data();
    void unusableDatabase();

private:
    // Starts the headless server on a free port of 127.0.0.1; returns the port, 0 on failure.
    quint16 start(QProcess &server, const QString &dataDir, const QStringList &extra = {});
};

quint16 tst_DurableLog::start(QProcess &server, const QString &dataDir, const QStringList &extra)
{
    server.setProgram(QStringLiteral(CHATROOM_SERVER_BINARY));
    server.setArguments(QStringList {u"--headless"_s, u"--lang"_s, u"en"_s, u"--listen"_s,
                                     u"127.0.0.1"_s, u"--port"_s, u"0"_s, u"--data-dir"_s, dataDir,
                                     u"--flood-limit"_s, u"0"_s, u"--history"_s, u"20000"_s}
                        + extra);
    server.setProcessChannelMode(QProcess::SeparateChannels);
    server.start();
    if (!server.waitForStarted(TestClient::Timeout))
        return 0;
    // The headless log's first line says where the room is open.
    static const QRegularExpression where(u"127\\.0\\.0\\.1:(\\d+)"_s);
    QByteArray output;
    const bool found = QTest::qWaitFor(
        [&] {
            output += server.readAllStandardOutput();
            return where.match(QString::fromUtf8(output)).hasMatch()
                || server.state() == QProcess::NotRunning;
        },
        TestClient::Timeout);
    if (!found)
        return 0;
    return quint16(where.match(QString::fromUtf8(output)).captured(1).toUInt());
}

void tst_DurableLog::killedMidFloodLosesNothingSeen()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QObject scope;
    QProcess first;
    const quint16 port = start(first, dir.path());
    QVERIFY2(port != 0, first.readAllStandardError().constData());

    auto *watcher = TestClient::connected(&scope, port);
    QVERIFY(watcher->joinWith(Hello {1, u"Watcher"_s, 1}));
    auto *talker = TestClient::connected(&scope, port);
    QVERIFY(talker->joinWith(Hello {1, u"Talker"_s, 1}));
    const QString epoch = watcher->welcome.roomEpoch;
    QVERIFY(!epoch.isEmpty());

    // A flood, and the server killed while it is still arriving.
    for (int i = 0; i < 3000; ++i)
        talker->send(Say {u"flood %1"_s.arg(i), quint64(i + 1)});
    QVERIFY(watcher->waitFor<Chat>(300));
    first.kill();
    QVERIFY(first.waitForFinished(TestClient::Timeout));
    QCOMPARE(first.exitStatus(), QProcess::CrashExit);
    QVERIFY(watcher->waitForDisconnected());
    const QList<Chat> seen = watcher->all<Chat>();
    QVERIFY(seen.size() >= 300);
    const quint64 lastSeen = seen.constLast().seq;

    QProcess second;
    const quint16 port2 = start(second, dir.path());
    QVERIFY2(port2 != 0, second.readAllStandardError().constData());
    auto *back = TestClient::connected(&scope, port2);
    QVERIFY(back->joinWith(Hello {1, u"Watcher"_s, 1, 20000, epoch, 0}));
    // The same log: the epoch stays, and seq goes on past everything anyone saw.
    QCOMPARE(back->welcome.roomEpoch, epoch);
    QVERIFY2(back->welcome.seq > lastSeen,
             qPrintable(u"seq %1 after %2"_s.arg(back->welcome.seq).arg(lastSeen)));
    QVERIFY(QTest::qWaitFor([&] { return back->historyBatchDone(); }, TestClient::Timeout));

    // Every line a member saw before the kill is in the history, once, in order.
    QSet<quint64> stored;
    quint64 previous = 0;
    for (const Message &event : back->historyEvents()) {
        const Chat chat = std::get<Chat>(event);
        QVERIFY(chat.seq > previous);
        previous = chat.seq;
        stored.insert(chat.seq);
    }
    for (const Chat &chat : seen)
        QVERIFY2(stored.contains(chat.seq), qPrintable(u"lost seq %1"_s.arg(chat.seq)));
    QCOMPARE(back->historyEvents().constFirst(), Message(seen.constFirst()));

    second.terminate();
    QVERIFY(second.waitForFinished(TestClient::Timeout));
    QCOMPARE(second.exitCode(), 0);
}

void tst_DurableLog::unusableDatabase_data()
{
    QTest::addColumn<QString>("setup");
    QTest::newRow("data dir is a file") << u"file"_s;
    QTest::newRow("corrupt database") << u"corrupt"_s;
    QTest::newRow("newer schema") << u"newer"_s;
}

void tst_DurableLog::unusableDatabase()
{
    QFETCH(QString, setup);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString dataDir = dir.path();
    if (setup == u"file") {
        dataDir = dir.filePath(u"not-a-dir"_s);
        QFile file(dataDir);
        QVERIFY(file.open(QIODevice::WriteOnly));
    } else if (setup == u"corrupt") {
        QFile file(dir.filePath(u"room.db"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, '\x5a'));
    } else {
        // A database made by a later Chatroom: its schema version is above ours.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"newer"_s);
            db.setDatabaseName(dir.filePath(u"room.db"_s));
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(u"PRAGMA user_version = 99"_s));
            QVERIFY(query.exec(u"CREATE TABLE future(x)"_s));
            db.close();
        }
        QSqlDatabase::removeDatabase(u"newer"_s);
    }
    QProcess server;
    const quint16 port = start(server, dataDir);
    QCOMPARE(port, quint16(0));
    QVERIFY(server.state() == QProcess::NotRunning || server.waitForFinished(TestClient::Timeout));
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 1);
    const QString error = QString::fromUtf8(server.readAllStandardError());
    QVERIFY2(error.contains(u"room.db"_s) || error.contains(u"not-a-dir"_s), qPrintable(error));
    if (setup == u"newer")
        QVERIFY2(error.contains(u"newer"_s), qPrintable(error));
}

QTEST_MAIN(tst_DurableLog)
#include "tst_durablelog.moc"
