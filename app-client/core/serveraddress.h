#pragma once

#include "protocol/messages.h"

#include <QString>

// Where a session connects: a host and port over plain TCP or TLS, or a server on this
// computer's local socket (QLocalServer) by name. One value, so that "the same server"
// means the same transport too.
struct ServerAddress
{
    enum class Transport : quint8 { Tcp, Tls, Local };

    Transport transport = Transport::Tcp;
    QString host; // for Transport::Local, the local server's name
    quint16 port = Protocol::DefaultPort; // unused for Transport::Local

    // chatroom-server's default --tls-port.
    static constexpr quint16 DefaultTlsPort = 9528;

    // What the join dialog's server field holds: "local:NAME" names a local server; any
    // other text is a host, reached over TLS when tls is set and over TCP otherwise.
    static ServerAddress fromField(const QString &field, quint16 port, bool tls);
    // The server field for this address: the inverse of fromField().
    QString field() const;
    // "host:port", "[v6]:port" or "local:NAME": for people, and the key a certificate is
    // pinned under (the host in lower case, as DNS compares it).
    QString display() const;
    bool isLocal() const { return transport == Transport::Local; }
    bool isEmpty() const { return host.isEmpty(); }

    friend bool operator==(const ServerAddress &, const ServerAddress &) = default;
};
