#pragma once

#include "admincommands.h"
#include "locallistener.h"
#include "ratemeter.h"

#include <QObject>
#include <QSet>

#include <chrono>
#include <functional>
#include <optional>

class ChatServer;
class QLocalSocket;

// The admin socket (docs/admin-socket.md): chatroomctl's way into a running server. A
// local socket only the server's user can open (QLocalServer::UserAccessOption, in a
// folder made 0700), whose peers are checked once more by uid (PeerCredentials), speaking
// one JSON object per line each way. Everything happens on the event loop without
// waiting: requests are read as they arrive, at most AdminProtocol::MaxLineBytes a line
// and maxConnections() at once, and answered by AdminCommands at once.
class AdminServer final : public QObject
{
    Q_OBJECT

public:
    static constexpr int DefaultMaxConnections = 16;
    // A connection that sends nothing for this long is closed: it holds one of the few
    // places.
    static constexpr std::chrono::milliseconds DefaultIdleTimeout {60'000};
    // Answers queued for a client beyond which its further requests wait.
    static constexpr qint64 DefaultMaxUnsentBytes = 4 * 1024 * 1024;
    // Who may connect, by uid; nullopt when the system cannot tell.
    using PeerPolicy = std::function<bool(std::optional<qint64> uid)>;

    explicit AdminServer(ChatServer *server, QObject *parent = nullptr);

    // Makes the socket's folder (0700) when it does not exist, then listens on `path`
    // (relative: to the working directory), taking the file over from a server that died
    // but never from one that answers. False with errorString().
    bool listen(const QString &path);
    QString errorString() const { return m_errorString; }
    bool isListening() const { return m_listener.isListening(); }
    QString socketPath() const { return m_listener.fullServerName(); }
    int connectionCount() const { return int(m_connections.size()); }

    void setMaxConnections(int maximum) { m_maxConnections = maximum; }
    int maxConnections() const { return m_maxConnections; }
    void setIdleTimeout(std::chrono::milliseconds timeout) { m_idleTimeout = timeout; }
    void setMaxUnsentBytes(qint64 bytes) { m_maxUnsentBytes = bytes; }
    // For tests: the uid check (by default PeerCredentials::mayAdminister with this
    // process's uid, or the file mode alone where uids cannot be read).
    void setPeerPolicy(PeerPolicy policy) { m_peerPolicy = std::move(policy); }
    RateMeter &rateMeter() { return m_rate; }
    AdminCommands &commands() { return m_commands; }

signals:
    // A process of another user reached the socket and was turned away (-1: uid unknown).
    void peerRefused(qint64 uid);

private:
    bool makeFolder(const QString &folder);
    void onAccepted(QLocalSocket *socket);
    void readRequests(QLocalSocket *socket);
    void handleLine(QLocalSocket *socket, const QByteArray &line);
    // Writes the error and closes once it is sent.
    void refuse(QLocalSocket *socket, const QJsonObject &response);

    ChatServer *m_server;
    LocalListener m_listener;
    RateMeter m_rate;
    AdminCommands m_commands;
    QSet<QLocalSocket *> m_connections;
    PeerPolicy m_peerPolicy;
    int m_maxConnections = DefaultMaxConnections;
    std::chrono::milliseconds m_idleTimeout = DefaultIdleTimeout;
    qint64 m_maxUnsentBytes = DefaultMaxUnsentBytes;
    QString m_errorString;
};
