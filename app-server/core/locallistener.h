#pragma once

#include <QLocalServer>
#include <QObject>

class QLocalSocket;

// A local socket the server listens on: the chat's (--local NAME), the same protocol for
// clients on this machine without the network stack, and the admin socket's. On Unix NAME
// is a socket file, in the temporary directory unless it is an absolute path.
class LocalListener final : public QObject
{
    Q_OBJECT

public:
    explicit LocalListener(QObject *parent = nullptr);

    // Before listen(): who may connect (QLocalServer::UserAccessOption: the owner only).
    void setSocketOptions(QLocalServer::SocketOptions options);
    // Takes the name over from a server that died without removing its socket file, but
    // never from one that still answers.
    bool listen(const QString &name);
    void close() { m_server.close(); }
    QString errorString() const;
    bool isListening() const { return m_server.isListening(); }
    // The socket file's path (or the pipe's name).
    QString fullServerName() const { return m_server.fullServerName(); }

    // Whether a server answers on `name` now. Connecting to a local socket succeeds or
    // fails at once, so this does not wait.
    static bool isAnswered(const QString &name);

signals:
    // A new connection, parented to this listener; the receiver takes it over.
    void accepted(QLocalSocket *socket);

private:
    QLocalServer m_server;
    bool m_inUse = false; // refused before Qt was asked: a live server has the name
};
