#pragma once

#include "protocol/messages.h"

class ClientConnection;

// What a ClientConnection reports to the one object that decides what it means (the
// ChatServer). A virtual call, not six signals: the connections and slot objects that
// six lambdas per connection cost were about 1 KB a member, 5 MB at 5000 members
// (docs/benchmarks.md, "Memory per member").
class ConnectionHandler
{
public:
    virtual void onMessage(ClientConnection *connection, const Protocol::Message &message) = 0;
    virtual void onUnknownType(ClientConnection *connection, quint8 type) = 0;
    // The frame or payload broke the protocol; the handler answers and closes.
    virtual void onProtocolError(ClientConnection *connection, Protocol::ErrorCode code) = 0;
    virtual void onHelloTimeout(ClientConnection *connection) = 0;
    virtual void onIdleTimeout(ClientConnection *connection) = 0;
    // The socket is gone; the connection deletes itself right after.
    virtual void onClosed(ClientConnection *connection) = 0;
    // Before any of the connection's bytes go to the kernel: the server makes the room
    // log durable first, so no event reaches a member before it is in the log, even when
    // a slow member's queue is flushed in the middle of a pass. A call, not a
    // std::function per connection (32 bytes a member).
    virtual void beforeWrite(ClientConnection *connection) = 0;

protected:
    ~ConnectionHandler() = default;
};
