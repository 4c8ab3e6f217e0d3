#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

// What both ends of the admin socket (docs/admin-socket.md) must agree on: where the
// socket is when nobody says, how a line is framed, and how a ban's duration is written.
// chatroom-server and chatroomctl link this and nothing else of each other, so the two
// cannot drift apart.
class AdminProtocol final
{
public:
    // The longest request line the server reads, its '\n' not counted. A longer one is
    // answered with an error and the connection closed: no client makes the server hold
    // more than this for it. Responses have no such bound (a room of 10,000 members).
    static constexpr qsizetype MaxLineBytes = 64 * 1024;

    // systemd's RuntimeDirectory=chatroom (the service's), when sudo has reset RUNTIME_DIRECTORY.
    static QString systemServiceSocket();

    // The server's socket when no --admin-socket is given:
    //   $RUNTIME_DIRECTORY/admin.sock        under systemd (RuntimeDirectory=chatroom)
    //   $XDG_RUNTIME_DIR/chatroom/admin.sock a user's session
    //   <temp>/chatroom-<uid>/admin.sock     neither set (a shell without a login session)
    static QString defaultSocketPath();
    // Where chatroomctl looks without --socket, in order: defaultSocketPath(), then the
    // system service's socket, which is what `sudo chatroomctl` (a reset environment)
    // means. The first that exists is the one; when none does, the first.
    static QStringList clientSocketCandidates();
    static QString chooseClientSocket();

    // One request or response: compact JSON and '\n'.
    static QByteArray encode(const QJsonObject &object);

    // "90s", "10m", "2h", "1d" or "permanent" (BanList's Permanent, milliseconds::max());
    // nullopt for anything else, zero and negative counts included.
    static std::optional<std::chrono::milliseconds> parseDuration(const QString &text);
    // The window's default in its ban dialog: 10 minutes.
    static constexpr std::chrono::milliseconds DefaultBanDuration {10 * 60 * 1000};
};
