#include "redisserver.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QTcpServer>

using namespace Qt::StringLiterals;

namespace {

// Free now; redis-server may still lose a race for it, and start() then tries another.
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

} // namespace

RedisServer::RedisServer() = default;

RedisServer::~RedisServer()
{
    kill();
}

QString RedisServer::socketPath() const
{
    return m_dir.filePath(u"redis.sock"_s);
}

RedisAddress RedisServer::address(const QString &room) const
{
    RedisAddress address;
    address.host = u"127.0.0.1"_s;
    address.port = m_port;
    address.room = room;
    return address;
}

bool RedisServer::start(const QStringList &extraArguments)
{
    if (!m_dir.isValid()) {
        m_errorString = u"no temporary directory: "_s + m_dir.errorString();
        return false;
    }
    m_extraArguments = extraArguments;
    for (int attempt = 0; attempt < 5; ++attempt) {
        m_port = freePort();
        if (m_port != 0 && launch())
            return true;
    }
    return false;
}

bool RedisServer::restart()
{
    kill();
    return launch();
}

void RedisServer::wipeData()
{
    kill();
    QDir dir(m_dir.path());
    for (const QString &name : dir.entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot))
        QFileInfo(dir.filePath(name)).isDir() ? QDir(dir.filePath(name)).removeRecursively()
                                              : dir.remove(name);
}

void RedisServer::kill()
{
    if (!m_process)
        return;
    m_process->kill();
    if (m_process->state() != QProcess::NotRunning)
        m_process->waitForFinished(10'000);
    m_process.reset();
}

bool RedisServer::launch()
{
    m_output.clear();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    // No config file: everything on the command line, the log on stdout.
    QStringList arguments {u"--port"_s,        QString::number(m_port),
                           u"--bind"_s,        u"127.0.0.1"_s,
                           u"--unixsocket"_s,  socketPath(),
                           u"--dir"_s,         m_dir.path(),
                           u"--appendonly"_s,  u"yes"_s,
                           u"--appendfsync"_s, u"always"_s,
                           u"--save"_s,        u""_s,
                           u"--logfile"_s,     u""_s,
                           u"--daemonize"_s,   u"no"_s};
    arguments += m_extraArguments;
    m_process->start(u"redis-server"_s, arguments);
    if (!m_process->waitForStarted(10'000)) {
        m_errorString = u"redis-server did not start: "_s + m_process->errorString();
        m_process.reset();
        return false;
    }
    // It says so on stdout once it accepts connections; no polling of the port.
    QDeadlineTimer deadline(20'000);
    while (!m_output.contains("Ready to accept connections")) {
        if (m_process->state() == QProcess::NotRunning || deadline.hasExpired()
            || !m_process->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
            m_output += m_process->readAll();
            if (m_output.contains("Ready to accept connections"))
                break;
            m_errorString = u"redis-server on port %1 did not come up: %2"_s.arg(m_port).arg(
                QString::fromLocal8Bit(m_output.right(2000)));
            kill();
            return false;
        }
        m_output += m_process->readAll();
    }
    return true;
}
