#include "rediseventbridge.h"

#include <hiredis/async.h>

RedisEventBridge::RedisEventBridge(redisAsyncContext *context, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_read(std::make_unique<QSocketNotifier>(context->c.fd, QSocketNotifier::Read))
    , m_write(std::make_unique<QSocketNotifier>(context->c.fd, QSocketNotifier::Write))
{
    Q_ASSERT(!context->ev.data);
    m_read->setEnabled(false);
    m_write->setEnabled(false);
    connect(m_read.get(), &QSocketNotifier::activated, this, &RedisEventBridge::onReadable);
    connect(m_write.get(), &QSocketNotifier::activated, this, &RedisEventBridge::onWritable);
    context->ev.data = this;
    context->ev.addRead = &RedisEventBridge::addRead;
    context->ev.delRead = &RedisEventBridge::delRead;
    context->ev.addWrite = &RedisEventBridge::addWrite;
    context->ev.delWrite = &RedisEventBridge::delWrite;
    context->ev.cleanup = &RedisEventBridge::cleanup;
}

RedisEventBridge::~RedisEventBridge()
{
    // The owner frees a live context before its bridge; if it did not, hiredis must not
    // call into a bridge that is gone.
    if (m_context)
        m_context->ev = {};
}

void RedisEventBridge::addRead(void *bridge)
{
    static_cast<RedisEventBridge *>(bridge)->m_read->setEnabled(true);
}

void RedisEventBridge::delRead(void *bridge)
{
    static_cast<RedisEventBridge *>(bridge)->m_read->setEnabled(false);
}

void RedisEventBridge::addWrite(void *bridge)
{
    static_cast<RedisEventBridge *>(bridge)->m_write->setEnabled(true);
}

void RedisEventBridge::delWrite(void *bridge)
{
    static_cast<RedisEventBridge *>(bridge)->m_write->setEnabled(false);
}

void RedisEventBridge::cleanup(void *bridge)
{
    auto *self = static_cast<RedisEventBridge *>(bridge);
    self->m_read->setEnabled(false);
    self->m_write->setEnabled(false);
    self->m_context = nullptr;
}

void RedisEventBridge::onReadable()
{
    if (m_context)
        redisAsyncHandleRead(m_context);
}

void RedisEventBridge::onWritable()
{
    if (m_context)
        redisAsyncHandleWrite(m_context);
}
