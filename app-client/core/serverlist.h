#pragma once

#include "serveraddress.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

// The servers that serve one room (chatroom-servers sharing it through Redis,
// docs/scaling.md) in the order they are tried, and the one in use. A session joins
// through the first that answers and, after a lost connection, moves on round the list,
// so a server that is gone is not knocked at forever while another one serves the room.
class ServerList final
{
    Q_DECLARE_TR_FUNCTIONS(ServerList)

public:
    struct Parsed;

    ServerList() = default;
    explicit ServerList(const ServerAddress &address);
    explicit ServerList(const QList<ServerAddress> &addresses);

    // The join dialog's server field or --host: entries separated by commas, each "host",
    // "host:port", "[IPv6]:port", a bare IPv6 address, or "local:NAME". An entry without
    // a port is on defaultPort; tls decides the transport of every entry but local ones.
    // An empty entry ("a,,b"), a bad port, a server listed twice is an error.
    static Parsed parse(const QString &field, quint16 defaultPort, bool tls);
    // The field that parse() turns back into this list: an entry on defaultPort is
    // written without its port.
    QString field(quint16 defaultPort) const;
    // "a:9527, [::1]:9530, local:NAME": for people.
    QString display() const;

    QList<ServerAddress> addresses() const { return m_addresses; }
    qsizetype size() const { return m_addresses.size(); }
    bool isEmpty() const { return m_addresses.isEmpty(); }
    ServerAddress at(qsizetype index) const { return m_addresses.at(index); }
    // The server in use: the first one until advance(); an empty address for no server.
    ServerAddress current() const;
    qsizetype currentIndex() const { return m_current; }
    // Moves on to the next server, from the last one back to the first; returns it.
    ServerAddress advance();
    // Back to the first server.
    void rewind() { m_current = 0; }

    // The same servers in the same order, whichever one is in use.
    friend bool operator==(const ServerList &a, const ServerList &b)
    {
        return a.m_addresses == b.m_addresses;
    }

private:
    // One entry of the field, trimmed: the error, or empty and *address set.
    static QString parseEntry(const QString &entry, quint16 defaultPort,
                              ServerAddress::Transport transport, ServerAddress *address);

    QList<ServerAddress> m_addresses;
    qsizetype m_current = 0;
};

// What ServerList::parse() makes of a server field: the list, or why it cannot be one.
struct ServerList::Parsed
{
    ServerList servers; // empty when error is set
    QString error; // for people, in their language

    bool isOk() const { return error.isEmpty(); }
};
