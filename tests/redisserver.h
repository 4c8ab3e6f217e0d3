#pragma once

#include "redisaddress.h"

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

// A real redis-server for one test: its own temporary directory, a free TCP port on
// 127.0.0.1 and a unix socket, the append-only file on with an fsync per write, so a
// kill and a restart lose nothing that Redis acknowledged. Killed when destroyed.
class RedisServer final
{
public:
    RedisServer();
    ~RedisServer();

    // Starts it and waits until it accepts connections. Extra arguments go to
    // redis-server (e.g. {"--requirepass", "secret"}).
    bool start(const QStringList &extraArguments = {});
    // SIGKILL, no shutdown: what a crash or a pulled plug does to it.
    void kill();
    // The same port, directory and append-only file again.
    bool restart();
    // Forgets everything it stored (the data directory is emptied) before restart().
    void wipeData();
    bool isRunning() const { return m_process && m_process->state() == QProcess::Running; }

    quint16 port() const { return m_port; }
    QString socketPath() const;
    RedisAddress address(const QString &room = RedisAddress::DefaultRoom) const;
    QString errorString() const { return m_errorString; }
    // What redis-server printed, for a failing test's message.
    QString output() const { return QString::fromLocal8Bit(m_output); }

private:
    bool launch();

    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    QStringList m_extraArguments;
    quint16 m_port = 0;
    QByteArray m_output;
    QString m_errorString;
};
