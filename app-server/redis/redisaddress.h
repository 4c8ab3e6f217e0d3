#pragma once

#include <QString>

#include <optional>

// Where the shared room lives: `redis://[[USER]:PASSWORD@]HOST[:PORT][/ROOM]` or
// `unix://[[USER]:PASSWORD@]/PATH/TO/redis.sock[?room=ROOM]` (docs/scaling.md). The room
// names the keys, so several rooms share one Redis; servers naming the same room on the
// same Redis serve one room.
struct RedisAddress
{
    static constexpr quint16 DefaultPort = 6379;
    static inline const QString DefaultRoom = QStringLiteral("main");

    QString host; // empty for a unix socket
    quint16 port = DefaultPort;
    QString socketPath; // empty for TCP
    QString user; // Redis 6 ACL user; empty: the default user
    QString password; // empty: no AUTH
    QString room = DefaultRoom;

    bool isUnixSocket() const { return !socketPath.isEmpty(); }
    // The address without the password, for logs and the window.
    QString displayString() const;
    // The prefix of every key of this room. The braces are a Redis Cluster hash tag: all
    // of a room's keys live in one slot, so one script can touch them all.
    QString keyPrefix() const;

    // Whether `text` is meant as a Redis address at all (its scheme), before parsing.
    static bool looksLikeRedis(const QString &text);
    // Nullopt with `error` saying why when the text is not a usable address.
    static std::optional<RedisAddress> parse(const QString &text, QString *error = nullptr);
    // ASCII letters, digits, '_', '-' and '.', 1 to 64 of them.
    static bool isValidRoom(const QString &room);
};
