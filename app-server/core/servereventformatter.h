#pragma once

#include "protocol/messages.h"
#include "servernotice.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHostAddress>
#include <QString>

// The server's wording of room events and server notices, shared by the headless log and
// the window so both say the same thing. Room events use the client's English source
// strings (and so its zh_CN translations): the administrator reads the very lines the
// members read, e.g. 张三进入了聊天室 / "张三 joined the chat room".
class ServerEventFormatter final
{
    Q_DECLARE_TR_FUNCTIONS(ServerEventFormatter)

public:
    // A nickname between U+2068 and U+2069 (first strong isolate ... pop directional
    // isolate), Cc and Cf characters shown as U+FFFD: right-to-left text stays inside it.
    static QString isolated(const QString &name);

    // Room events, as members see them; names isolated.
    static QString joined(const QString &name);
    static QString left(const QString &name, Protocol::LeaveReason reason);
    static QString renamed(const QString &oldName, const QString &newName);
    static QString chat(const QString &from, const QString &text);
    static QString broadcast(const QString &text);

    // Server-side events that are no room event: rejected names, closed connections,
    // refused messages.
    // A summary of repeats (ServerNotice::repeated) ends "(×1200 more)".
    static QString notice(const ServerNotice &notice);
    static QString connectionsRefused(const ServerNotice &notice);

    // The administrator's bans: "Banned 张三 (192.0.2.7) until 2026-12-01 14:30", and
    // when a ban ends. An invalid `until` is a permanent ban.
    static QString banned(const QString &name, const QHostAddress &address, const QDateTime &until);
    static QString unbanned(const QString &name, const QHostAddress &address);
    // When a ban ends, for people: a local date and time, or "permanent".
    static QString banEnd(const QDateTime &until);

    static QString leaveReason(Protocol::LeaveReason reason);
    static QString rejectReason(Protocol::RejectReason reason);
    static QString errorCode(Protocol::ErrorCode code);
    static QString noticeCode(Protocol::NoticeCode code);

    // The server's own life.
    static QString listening(const QString &roomTitle, const QHostAddress &address, quint16 port);
    // Where the server listens, for people: "192.0.2.1:9527", "every address, port 9527".
    static QString listeningOn(const QHostAddress &address, quint16 port);
    static QString listenFailed(const QHostAddress &address, quint16 port, const QString &error);
    // The TLS listener and the certificate's SHA-256 fingerprint, which members compare
    // with the one their client shows.
    // The local socket (--local): where it listens, and why it could not.
    static QString localListening(const QString &path);
    static QString localListenFailed(const QString &name, const QString &error);
    static QString tlsListening(const QHostAddress &address, quint16 port,
                                const QString &fingerprint);
    // A self-signed certificate was made on this start (its folder).
    static QString certificateCreated(const QString &directory);
    // How many members the descriptor limit allows, said at start.
    static QString capacity(int maxMembers, qint64 descriptorLimit);
    // The admin socket (chatroomctl): where it listens, why it could not, and who did what
    // through it, so the log says which changes came from chatroomctl.
    static QString adminListening(const QString &path);
    static QString adminListenFailed(const QString &path, const QString &error);
    // The default path could not be used; the server runs on without it.
    static QString adminUnavailable(const QString &path, const QString &error);
    // --log redis://...: the shared room could not be reached at start, or was joined.
    static QString sharedRoomUnreachable(const QString &address, const QString &error);
    static QString sharedRoomJoined(const QString &address, int members);
    static QString adminKicked(const QString &name);
    static QString adminBroadcast();
    // "chatroomctl: " and a sentence of the window's own (banned(), unbanned()).
    static QString byAdminTool(const QString &sentence);
    // A process of another user (-1: unknown) was turned away.
    static QString adminRefused(qint64 uid);
    static QString shuttingDown();
    static QString stopped();

    // "192.0.2.1:9527", "[2001:db8::1]:9527", "*:9527" for every interface; an IPv4 peer
    // of a dual-stack socket is shown as IPv4, the way its owner knows it.
    static QString endpoint(const QHostAddress &address, quint16 port);
    static QString address(const QHostAddress &address);
    static bool isAnyAddress(const QHostAddress &address);

private:
    static QString describe(const ServerNotice &notice);
    // A nickname, an address, or "name (address)".
    static QString banTarget(const QString &name, const QHostAddress &address);
};
