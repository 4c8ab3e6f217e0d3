#include "adminserver.h"
#include "chatserver.h"
#include "headlessrunner.h"

#include "testclient.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

#include <memory>

using namespace Protocol;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

// chatroom-server --headless, logging to a file the test reads: what the administrator
// reads on stdout, and that a flood of frames is a line or two, not a line per frame.
class tst_HeadlessRunner : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void logsTheRoom();
    void logsWhereTheLocalSocketIs();
    void floodOfUnknownTypesIsOneLineAndACount();
    void jsonLogIsOneObjectPerLine();
    void jsonLogNamesWhatChatroomctlDid();

private:
    void startServer(ServerConfig config = {}, LogWriter::Format format = LogWriter::Format::Text);
    QStringList logLines() const;

    std::unique_ptr<QObject> m_scope;
    std::unique_ptr<QTemporaryFile> m_file;
    std::unique_ptr<ChatServer> m_server;
    std::unique_ptr<HeadlessRunner> m_runner;
};

void tst_HeadlessRunner::init()
{
    m_scope = std::make_unique<QObject>();
    m_file = std::make_unique<QTemporaryFile>();
    QVERIFY(m_file->open());
}

void tst_HeadlessRunner::cleanup()
{
    m_runner.reset();
    m_server.reset();
    m_scope.reset();
    m_file.reset();
}

void tst_HeadlessRunner::startServer(ServerConfig config, LogWriter::Format format)
{
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    m_runner = std::make_unique<HeadlessRunner>(m_server.get(), m_file->handle());
    m_runner->setLogFormat(format);
    m_runner->start();
}

QStringList tst_HeadlessRunner::logLines() const
{
    QFile file(m_file->fileName());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
}

void tst_HeadlessRunner::logsTheRoom()
{
    startServer();
    TestClient *zhang = TestClient::joined(m_scope.get(), m_server->serverPort(), u"张三"_s);
    zhang->send(Say {u"你好"_s});
    QVERIFY(zhang->waitFor<Chat>());
    const QStringList lines = logLines();
    QVERIFY2(lines.size() >= 4, qPrintable(lines.join(u'\n')));
    QVERIFY2(lines.at(0).contains(u"127.0.0.1:%1"_s.arg(m_server->serverPort())),
             qPrintable(lines.at(0)));
    // Plain text for grep: the windows' isolate marks stay out of the log.
    QVERIFY2(lines.last().endsWith(u"张三: 你好"_s), qPrintable(lines.last()));
    for (const QString &line : lines) {
        for (const QChar c : line)
            QVERIFY2(c.unicode() < 0x2066 || c.unicode() > 0x2069, qPrintable(line));
    }
}

void tst_HeadlessRunner::logsWhereTheLocalSocketIs()
{
    // The administrator needs the path to give `chatroom-client --local`.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ServerConfig config;
    config.localName = dir.filePath(u"room.sock"_s);
    startServer(config);
    const QStringList lines = logLines();
    const auto found = std::find_if(lines.cbegin(), lines.cend(), [&](const QString &line) {
        return line.contains(u"local socket"_s);
    });
    QVERIFY2(found != lines.cend(), qPrintable(lines.join(u'\n')));
    QVERIFY2(found->contains(config.localName), qPrintable(*found));
    TestClient *local = TestClient::joinedLocal(m_scope.get(), config.localName, u"李四"_s);
    QVERIFY(local->isConnected());
}

void tst_HeadlessRunner::floodOfUnknownTypesIsOneLineAndACount()
{
    ServerConfig config;
    config.floodLimit = 0; // the flood gates off: every frame is answered and noticed
    startServer(config);
    // Only the shutdown ends the window: the count is exact, whatever the machine's speed.
    m_server->setNoticeWindow(1h);
    TestClient *flooder = TestClient::joined(m_scope.get(), m_server->serverPort(), u"张三"_s);
    constexpr int Frames = 5000;
    QByteArray burst;
    for (int i = 0; i < Frames; ++i)
        burst += QByteArray::fromHex("0000000120"); // a type the server does not know
    flooder->sendRaw(burst);
    QVERIFY(flooder->sync()); // every frame before the Ping has been answered
    QCOMPARE(flooder->countOf<Notice>(), Frames);

    const auto refusals = [this] {
        QStringList found;
        for (const QString &line : logLines()) {
            if (line.contains(u"unknown message type"_s))
                found.append(line);
        }
        return found;
    };
    QCOMPARE(refusals().size(), 1);
    QVERIFY2(!refusals().constFirst().contains(u"more"_s), qPrintable(refusals().constFirst()));

    QSignalSpy finished(m_runner.get(), &HeadlessRunner::finished);
    m_server->shutdown();
    QVERIFY(finished.wait());
    const QStringList lines = refusals();
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines.at(1).endsWith(u"unknown message type (×4999 more)"_s), qPrintable(lines.at(1)));
    // The whole log stays a handful of lines: start, join, the two above, stop.
    QVERIFY2(logLines().size() <= 8, qPrintable(logLines().join(u'\n')));
}

void tst_HeadlessRunner::jsonLogIsOneObjectPerLine()
{
    // --log-format json: what a log collector parses, one object per line, the fields by
    // name; a member's line break stays inside its string.
    startServer({}, LogWriter::Format::Json);
    TestClient *zhang = TestClient::joined(m_scope.get(), m_server->serverPort(), u"张三"_s);
    zhang->send(Say {u"第一行\n[2026-01-01 00:00:00] 假的一行"_s});
    QVERIFY(zhang->waitFor<Chat>());
    m_server->broadcast(u"今晚停机"_s);
    QVERIFY(zhang->waitFor<Broadcast>());
    zhang->send(Bye {});
    QTRY_VERIFY(logLines().join(u'\n').contains(u"\"event\":\"left\""_s));

    QList<QJsonObject> records;
    for (const QString &line : logLines()) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError && document.isObject(), qPrintable(line));
        const QJsonObject record = document.object();
        QVERIFY2(
            QDateTime::fromString(record.value(u"time"_s).toString(), Qt::ISODateWithMs).isValid(),
            qPrintable(line));
        QVERIFY2(!record.value(u"message"_s).toString().isEmpty(), qPrintable(line));
        records.append(record);
    }
    const auto find = [&](const QString &event) {
        const auto found =
            std::find_if(records.cbegin(), records.cend(), [&](const QJsonObject &r) {
                return r.value(u"event"_s).toString() == event;
            });
        return found == records.cend() ? QJsonObject() : *found;
    };
    QCOMPARE(find(u"listening"_s).value(u"port"_s).toInt(), int(m_server->serverPort()));
    QCOMPARE(find(u"joined"_s).value(u"name"_s).toString(), u"张三"_s);
    QCOMPARE(find(u"joined"_s).value(u"address"_s).toString(), u"127.0.0.1"_s);
    const QJsonObject chat = find(u"chat"_s);
    QCOMPARE(chat.value(u"name"_s).toString(), u"张三"_s);
    QCOMPARE(chat.value(u"text"_s).toString(), u"第一行\n[2026-01-01 00:00:00] 假的一行"_s);
    QCOMPARE(find(u"broadcast"_s).value(u"text"_s).toString(), u"今晚停机"_s);
    QCOMPARE(find(u"left"_s).value(u"reason"_s).toString(), u"quit"_s);
    // No isolate marks in JSON either: they are the windows' business.
    for (const QString &line : logLines()) {
        for (const QChar c : line)
            QVERIFY2(c.unicode() < 0x2066 || c.unicode() > 0x2069, qPrintable(line));
    }
}

void tst_HeadlessRunner::jsonLogNamesWhatChatroomctlDid()
{
    // What an operator did through the admin socket is an event of its own in JSON, not a
    // line starting with "* ".
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY(m_server->listen());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    AdminServer admin(m_server.get());
    QVERIFY2(admin.listen(dir.filePath(u"admin.sock"_s)), qPrintable(admin.errorString()));
    m_runner = std::make_unique<HeadlessRunner>(m_server.get(), m_file->handle());
    m_runner->setLogFormat(LogWriter::Format::Json);
    m_runner->watchAdmin(&admin);
    m_runner->start();
    TestClient::joined(m_scope.get(), m_server->serverPort(), u"张三"_s);

    QLocalSocket ctl;
    ctl.connectToServer(admin.socketPath());
    QVERIFY(ctl.waitForConnected(TestClient::Timeout));
    ctl.write(R"({"command":"kick","name":"张三"})"_ba + '\n');
    QTRY_VERIFY(logLines().join(u'\n').contains(u"\"admin-kick\""_s));
    bool found = false;
    for (const QString &line : logLines()) {
        const QJsonObject record = QJsonDocument::fromJson(line.toUtf8()).object();
        QVERIFY2(!record.isEmpty(), qPrintable(line));
        if (record.value(u"event"_s) == u"admin-kick"_s) {
            QCOMPARE(record.value(u"name"_s).toString(), u"张三"_s);
            QVERIFY(!record.value(u"message"_s).toString().startsWith(u'*'));
            found = true;
        }
    }
    QVERIFY(found);
    QTRY_VERIFY(logLines().join(u'\n').contains(u"\"reason\":\"kicked\""_s));
}

QTEST_GUILESS_MAIN(tst_HeadlessRunner)
#include "tst_headlessrunner.moc"
