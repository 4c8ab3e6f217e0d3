#pragma once

#include <QLocalServer>
#include <QObject>

class QLocalSocket;

// The local socket beside the TCP port (--local NAME): the same protocol for clients on
// this machine, without the network stack. On Unix NAME is a socket file, in the temporary
// directory unless it is an absolute path.
class LocalListener final : public QObject
{
    Q_OBJECT

public:
    explicit LocalListener(QObject *parent = nullptr);

    // Takes the name over from a server that died without removing its socket file, but
    // never from one that still answers.
    bool listen(const QString &name);
    void close() { m_server.close(); }
    QString errorString() const { return m_server.errorString(); }
    bool isListening() const { return m_server.isListening(); }
    // The socket file's path (or the pipe's name).
    QString fullServerName() const { return m_server.fullServerName(); }

signals:
    // A new connection, parented to this listener; the receiver takes it over.
    void accepted(QLocalSocket *socket);

private:
    QLocalServer m_server;
};
