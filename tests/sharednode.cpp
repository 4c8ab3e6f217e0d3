#include "sharednode.h"

#include "memoryroomlog.h"
#include "redisserver.h"
#include "testclient.h"

#include <QSignalSpy>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

SharedNode SharedNode::start(const RedisServer &redis, const Options &options)
{
    SharedNode node;
    RedisRoomStream::Options streamOptions;
    streamOptions.lease = options.lease;
    streamOptions.backfill = options.cache;
    streamOptions.readBatch = options.readBatch;
    node.stream = std::make_unique<RedisRoomStream>(redis.address(u"room"_s), streamOptions);
    node.stream->setReconnectDelays(10ms, 50ms);
    QSignalSpy ready(node.stream.get(), &RedisRoomStream::ready);
    node.stream->start();
    if (!ready.wait(10'000)) {
        qWarning("the shared room is not ready: %s", qPrintable(node.stream->errorString()));
        return node;
    }
    ServerConfig config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.resumeGrace = options.resumeGrace;
    config.floodLimit = options.floodLimit;
    node.server = std::make_unique<ChatServer>(
        config, std::make_unique<MemoryRoomLog>(options.cache, node.stream->epoch()),
        node.stream.get());
    if (!node.server->listen()) {
        qWarning("cannot listen: %s", qPrintable(node.server->errorString()));
        node.server.reset();
    }
    return node;
}

TestClient *SharedNode::join(QObject *scope, const QString &name) const
{
    auto *client = TestClient::connected(scope, port());
    if (client && !client->joinWith(Protocol::Hello {1, name, 1}))
        qWarning("%s could not join", qPrintable(name));
    return client;
}
