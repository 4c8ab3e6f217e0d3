#pragma once

#include "banlist.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>

class ChatServer;
class RateMeter;

// The admin socket's commands (docs/admin-socket.md): one request object in, one response
// object out, acting on the ChatServer through its public API only, exactly as the window
// does. No sockets here, so a test plays every command without one. Error texts are
// English and stable: they are part of the contract scripts read, beside "code".
class AdminCommands final : public QObject
{
    Q_OBJECT

public:
    // What the status command says beyond the server itself.
    struct Context
    {
        QString adminSocket;
        int adminConnections = 0;
    };

    AdminCommands(ChatServer *server, RateMeter *rate, QObject *parent = nullptr);

    QJsonObject handle(const QJsonObject &request, const Context &context);
    // A request line that is no JSON object, with the parser's reason.
    static QJsonObject badRequest(const QString &detail);
    static QJsonObject error(const QString &code, const QString &message);

signals:
    // What an administrator did through the socket, for the log: data, not wording.
    void kicked(const QString &name);
    void banned(const BanList::Ban &ban, bool kicked);
    void unbanned(const BanList::Ban &ban);
    void broadcastSent(const QString &text);

private:
    QJsonObject members() const;
    QJsonObject broadcast(const QJsonObject &request);
    QJsonObject kick(const QJsonObject &request);
    QJsonObject ban(const QJsonObject &request);
    QJsonObject unban(const QJsonObject &request);
    QJsonObject bans() const;
    QJsonObject status(const Context &context) const;
    QJsonObject logStatus() const;
    QJsonObject listeningStatus() const;

    ChatServer *m_server;
    RateMeter *m_rate;
    QElapsedTimer m_uptime;
    QDateTime m_startedAt;
};
