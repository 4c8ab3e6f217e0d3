#include "chatserver.h"
#include "headlessrunner.h"

#include "testclient.h"

#include <QFile>
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

private:
    void startServer(ServerConfig config = {});
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

void tst_HeadlessRunner::startServer(ServerConfig config)
{
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    m_runner = std::make_unique<HeadlessRunner>(m_server.get(), m_file->handle());
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

QTEST_GUILESS_MAIN(tst_HeadlessRunner)
#include "tst_headlessrunner.moc"
