#include "redisconnection.h"

#include "rediseventbridge.h"

#include <QFile>

#include <hiredis/async.h>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

struct RedisConnection::Pending
{
    QPointer<QObject> context;
    Callback done;
};

RedisConnection::RedisConnection(const RedisAddress &address, QObject *parent)
    : QObject(parent)
    , m_address(address)
{
    m_retryTimer.setSingleShot(true);
    m_connectTimer.setSingleShot(true);
    m_connectTimer.setInterval(5s);
    connect(&m_retryTimer, &QTimer::timeout, this, &RedisConnection::connectNow);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        if (m_state != State::Connecting)
            return;
        freeContext();
        lost(tr("Redis at %1 did not answer within %2 ms")
                 .arg(m_address.displayString())
                 .arg(m_connectTimer.interval()));
    });
}

RedisConnection::~RedisConnection()
{
    m_wanted = false;
    freeContext();
}

void RedisConnection::setReconnectDelays(std::chrono::milliseconds first,
                                         std::chrono::milliseconds max)
{
    m_firstDelay = first;
    m_maxDelay = std::max(first, max);
    m_nextDelay = first;
}

void RedisConnection::setConnectTimeout(std::chrono::milliseconds timeout)
{
    m_connectTimer.setInterval(timeout);
}

void RedisConnection::open()
{
    m_wanted = true;
    if (m_state == State::Disconnected && !m_retryTimer.isActive())
        connectNow();
}

void RedisConnection::close()
{
    m_wanted = false;
    m_retryTimer.stop();
    m_connectTimer.stop();
    const bool wasUp = m_state != State::Disconnected;
    freeContext();
    if (wasUp)
        emit disconnected(tr("closed"));
}

void RedisConnection::connectNow()
{
    if (!m_wanted || m_context)
        return;
    redisAsyncContext *context = m_address.isUnixSocket()
        ? redisAsyncConnectUnix(QFile::encodeName(m_address.socketPath).constData())
        : redisAsyncConnect(m_address.host.toUtf8().constData(), m_address.port);
    if (!context) {
        lost(tr("out of memory"));
        return;
    }
    if (context->err) {
        const QString reason = QString::fromLocal8Bit(context->errstr);
        redisAsyncFree(context);
        lost(reason);
        return;
    }
    m_context = context;
    context->data = this;
    m_bridge = new RedisEventBridge(context, this);
    redisAsyncSetConnectCallback(context, &RedisConnection::onConnect);
    redisAsyncSetDisconnectCallback(context, &RedisConnection::onDisconnect);
    m_state = State::Connecting;
    m_connectTimer.start();
    sendAuth();
}

void RedisConnection::sendAuth()
{
    if (m_address.password.isEmpty())
        return;
    QByteArrayList args {"AUTH"};
    if (!m_address.user.isEmpty())
        args << m_address.user.toUtf8();
    args << m_address.password.toUtf8();
    // Queued first on the new context, so it precedes every command sent after it.
    command(args, this, [this](const RedisReply &reply) {
        if (reply.isError() && !reply.isConnectionLost()) {
            freeContext();
            lost(tr("Redis at %1 refused the password: %2")
                     .arg(m_address.displayString(), reply.errorText()));
        }
    });
}

void RedisConnection::onConnect(const redisAsyncContext *context, int status)
{
    auto *self = static_cast<RedisConnection *>(context->data);
    if (!self)
        return;
    self->m_connectTimer.stop();
    if (status != REDIS_OK) {
        // hiredis frees the context when this returns.
        const QString reason = QString::fromLocal8Bit(context->errstr);
        const_cast<redisAsyncContext *>(context)->data = nullptr;
        self->m_context = nullptr;
        if (self->m_bridge)
            self->m_bridge->deleteLater();
        self->lost(reason);
        return;
    }
    self->m_state = State::Connected;
    self->m_nextDelay = self->m_firstDelay;
    self->m_errorString.clear();
    emit self->connected();
}

void RedisConnection::onDisconnect(const redisAsyncContext *context, int status)
{
    auto *self = static_cast<RedisConnection *>(context->data);
    if (!self || self->m_context != context)
        return;
    // hiredis frees the context when this returns.
    const QString reason = status == REDIS_OK ? tr("the connection was closed")
                                              : QString::fromLocal8Bit(context->errstr);
    const_cast<redisAsyncContext *>(context)->data = nullptr;
    self->m_context = nullptr;
    if (self->m_bridge)
        self->m_bridge->deleteLater();
    self->lost(reason);
}

void RedisConnection::lost(const QString &reason)
{
    m_state = State::Disconnected;
    m_connectTimer.stop();
    m_errorString = reason;
    if (m_wanted) {
        m_retryTimer.start(m_nextDelay);
        m_nextDelay = std::min(m_nextDelay * 2, m_maxDelay);
    }
    emit disconnected(reason);
}

void RedisConnection::freeContext()
{
    if (!m_context)
        return;
    redisAsyncContext *context = std::exchange(m_context, nullptr);
    // Nothing hiredis calls while freeing (pending replies, the disconnect callback,
    // possibly later when this runs inside one of its callbacks) may reach this object.
    context->data = nullptr;
    redisAsyncFree(context);
    if (m_bridge)
        m_bridge->deleteLater();
    m_state = State::Disconnected;
}

void RedisConnection::command(const QByteArrayList &args, QObject *context, Callback done)
{
    auto pending = std::make_unique<Pending>(Pending {context, std::move(done)});
    if (!m_context) {
        deliverLater(pending.release(), RedisReply::error("not connected to Redis"));
        return;
    }
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    argv.reserve(size_t(args.size()));
    lengths.reserve(size_t(args.size()));
    for (const QByteArray &arg : args) {
        argv.push_back(arg.constData());
        lengths.push_back(size_t(arg.size()));
    }
    // hiredis owns `pending` from here until onReply, which it calls exactly once.
    if (redisAsyncCommandArgv(m_context, &RedisConnection::onReply, pending.get(), int(argv.size()),
                              argv.data(), lengths.data())
        != REDIS_OK) {
        deliverLater(pending.release(), RedisReply::error("the command could not be sent"));
        return;
    }
    pending.release();
}

void RedisConnection::onReply(redisAsyncContext *context, void *reply, void *pendingData)
{
    std::unique_ptr<Pending> pending(static_cast<Pending *>(pendingData));
    if (!reply) {
        // The connection is going away and hiredis is inside its free (perhaps called
        // from this object's destructor), so the caller hears of it from the event loop.
        deliverLater(pending.release(), RedisReply::connectionLost());
        return;
    }
    if (!context->data || !pending->context)
        return;
    pending->done(RedisReply::fromHiredis(static_cast<const redisReply *>(reply)));
}

void RedisConnection::deliverLater(Pending *pendingData, const RedisReply &reply)
{
    std::shared_ptr<Pending> pending(pendingData);
    if (!pending->context)
        return;
    QMetaObject::invokeMethod(
        pending->context.data(),
        [pending, reply] {
            if (pending->context)
                pending->done(reply);
        },
        Qt::QueuedConnection);
}
