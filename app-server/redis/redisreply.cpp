#include "redisreply.h"

#include <hiredis/hiredis.h>

using namespace Qt::StringLiterals;

RedisReply RedisReply::fromHiredis(const redisReply *reply)
{
    if (!reply)
        return connectionLost();
    RedisReply result;
    switch (reply->type) {
    case REDIS_REPLY_STRING:
        result.m_type = Type::String;
        result.m_bytes = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_STATUS:
        result.m_type = Type::Status;
        result.m_bytes = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_ERROR:
        result.m_type = Type::Error;
        result.m_bytes = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_INTEGER:
        result.m_type = Type::Integer;
        result.m_integer = reply->integer;
        break;
    case REDIS_REPLY_ARRAY:
        result.m_type = Type::Array;
        result.m_elements.reserve(qsizetype(reply->elements));
        for (size_t i = 0; i < reply->elements; ++i)
            result.m_elements.append(fromHiredis(reply->element[i]));
        break;
    default: // REDIS_REPLY_NIL, and RESP3 types this hiredis does not speak
        break;
    }
    return result;
}

RedisReply RedisReply::error(const QByteArray &message)
{
    RedisReply result;
    result.m_type = Type::Error;
    result.m_bytes = message;
    return result;
}

RedisReply RedisReply::integer(qint64 value)
{
    RedisReply result;
    result.m_type = Type::Integer;
    result.m_integer = value;
    return result;
}

RedisReply RedisReply::string(const QByteArray &value)
{
    RedisReply result;
    result.m_type = Type::String;
    result.m_bytes = value;
    return result;
}

RedisReply RedisReply::array(QList<RedisReply> elements)
{
    RedisReply result;
    result.m_type = Type::Array;
    result.m_elements = std::move(elements);
    return result;
}

RedisReply RedisReply::connectionLost()
{
    RedisReply result = error("connection lost");
    result.m_connectionLost = true;
    return result;
}

QString RedisReply::errorText() const
{
    switch (m_type) {
    case Type::Error:
        return QString::fromUtf8(m_bytes);
    case Type::Nil:
        return u"unexpected nil reply"_s;
    case Type::Status:
        return u"unexpected status reply: "_s + QString::fromUtf8(m_bytes);
    case Type::Integer:
        return u"unexpected integer reply"_s;
    case Type::String:
        return u"unexpected string reply"_s;
    case Type::Array:
        return u"unexpected array reply"_s;
    }
    return {};
}
