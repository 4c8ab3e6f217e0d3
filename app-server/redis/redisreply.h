#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

struct redisReply;

// One reply from Redis as a value: hiredis frees its own reply as soon as the callback
// returns, so nothing of it may outlive the callback. A lost connection is an Error reply
// too (connectionLost()), so every command gets exactly one answer.
class RedisReply final
{
public:
    enum class Type : quint8 { Nil, Status, Error, Integer, String, Array };

    RedisReply() = default;
    static RedisReply fromHiredis(const redisReply *reply);
    static RedisReply error(const QByteArray &message);
    static RedisReply integer(qint64 value);
    static RedisReply string(const QByteArray &value);
    static RedisReply array(QList<RedisReply> elements);
    // What a command gets when the connection went away before its reply came.
    static RedisReply connectionLost();

    Type type() const { return m_type; }
    bool isNil() const { return m_type == Type::Nil; }
    bool isError() const { return m_type == Type::Error; }
    bool isArray() const { return m_type == Type::Array; }
    bool isConnectionLost() const { return m_connectionLost; }
    // Status, Error and String replies.
    const QByteArray &bytes() const { return m_bytes; }
    qint64 toInteger() const { return m_integer; }
    const QList<RedisReply> &elements() const { return m_elements; }
    // For logs and error strings: the error's text, or the type that was not expected.
    QString errorText() const;

private:
    Type m_type = Type::Nil;
    bool m_connectionLost = false;
    qint64 m_integer = 0;
    QByteArray m_bytes;
    QList<RedisReply> m_elements;
};
