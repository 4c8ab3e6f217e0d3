#pragma once

#include "chatserver.h"
#include "redisroomstream.h"

#include <QString>

#include <chrono>
#include <memory>

class QObject;
class RedisServer;
class TestClient;

// One server of a room shared through a real redis-server, as chatroom-serverd
// --log redis://... makes it: the stream, ready, and a ChatServer listening on a free
// loopback port with a MemoryRoomLog cache of the stream's epoch.
struct SharedNode
{
    struct Options
    {
        std::chrono::milliseconds lease = RedisRoomStream::Options().lease;
        std::chrono::milliseconds resumeGrace = ServerConfig().resumeGrace;
        int floodLimit = ServerConfig().floodLimit;
        // The events the cache holds, and backfills from the stream.
        qsizetype cache = 1000;
        // Events per XREAD: 1 reads a rename's Left and Joined apart.
        int readBatch = RedisRoomStream::Options().readBatch;
    };

    // A node whose server is null (with a warning saying why) when the room or the
    // listening socket could not be had.
    static SharedNode start(const RedisServer &redis, const Options &options);
    static SharedNode start(const RedisServer &redis) { return start(redis, Options()); }

    quint16 port() const { return server->serverPort(); }
    // A 1.1 member of this node's server (parented to `scope`), once the room's Joined is
    // read back; null when it could not connect.
    TestClient *join(QObject *scope, const QString &name) const;

    std::unique_ptr<RedisRoomStream> stream;
    std::unique_ptr<ChatServer> server;
};
