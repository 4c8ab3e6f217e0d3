#pragma once

#include "redisaddress.h"
#include "redisreply.h"

#include <QByteArrayList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <functional>

struct redisAsyncContext;
class RedisEventBridge;

// One connection to Redis on the event loop (hiredis's async API), with no blocking call
// and no thread. Commands are pipelined; each gets exactly one reply, a lost connection
// being an Error reply. When the connection cannot be made or drops, it is tried again
// after a delay that doubles up to a ceiling, until close().
class RedisConnection final : public QObject
{
    Q_OBJECT

public:
    enum class State : quint8 { Disconnected, Connecting, Connected };
    using Callback = std::function<void(const RedisReply &)>;

    explicit RedisConnection(const RedisAddress &address, QObject *parent = nullptr);
    ~RedisConnection() override;

    const RedisAddress &address() const { return m_address; }
    State state() const { return m_state; }
    bool isConnected() const { return m_state == State::Connected; }
    // Why the last attempt failed or the connection dropped.
    QString errorString() const { return m_errorString; }

    // Connects, and keeps reconnecting after failures until close().
    void open();
    // Disconnects and stops reconnecting; commands still waiting get connectionLost().
    void close();

    // For tests: the first and the longest delay between attempts, and how long an
    // attempt may take before it counts as failed.
    void setReconnectDelays(std::chrono::milliseconds first, std::chrono::milliseconds max);
    void setConnectTimeout(std::chrono::milliseconds timeout);

    // Sends the command (one argument per element, binary-safe). `done` runs once with
    // the reply, on the event loop and never inside this call, and only while `context`
    // lives. Without a connection the reply is an Error at once.
    void command(const QByteArrayList &args, QObject *context, Callback done);

signals:
    // The connection is up (AUTH, when the address has a password, went first).
    void connected();
    // An attempt failed or the connection dropped; another attempt follows unless closed.
    void disconnected(const QString &reason);

private:
    struct Pending;
    static void onConnect(const redisAsyncContext *context, int status);
    static void onDisconnect(const redisAsyncContext *context, int status);
    static void onReply(redisAsyncContext *context, void *reply, void *pending);

    void connectNow();
    void sendAuth();
    // The context is gone or going: forget it and try again later, unless closed.
    void lost(const QString &reason);
    void freeContext();
    static void deliverLater(Pending *pending, const RedisReply &reply);

    RedisAddress m_address;
    redisAsyncContext *m_context = nullptr;
    QPointer<RedisEventBridge> m_bridge;
    State m_state = State::Disconnected;
    bool m_wanted = false; // open() and no close() since
    QString m_errorString;
    QTimer m_retryTimer;
    QTimer m_connectTimer;
    std::chrono::milliseconds m_firstDelay {100};
    std::chrono::milliseconds m_maxDelay {5000};
    std::chrono::milliseconds m_nextDelay {100};
};
