#pragma once

#include "serverconfig.h"

#include <QHash>
#include <QHostAddress>
#include <QList>

class ClientConnection;

// Who may connect, before anyone has joined (docs/protocol.md, "Implementation
// choices", connections): a cap on connections that have not joined, with the oldest one
// making way for a new one, and per address a cap on those not joined and on new
// connections in a window. Loopback is exempt from the per-address limits unless the
// configuration says otherwise, never from the global cap. Pure bookkeeping over
// pointers it never dereferences: ChatServer does the closing.
class ConnectionLimits final
{
public:
    enum class Verdict : quint8 {
        Admit,
        TooManyWaiting, // this address already has its share of connections not joined
        TooManyNew, // this address opened too many connections within the window
    };

    explicit ConnectionLimits(const ServerConfig &config);

    // A new connection from `address` at nowMs (a monotonic clock): may it stay? An
    // admitted connection counts as new in its address's window.
    Verdict admit(const QHostAddress &address, qint64 nowMs);
    // The connection waits for its Hello. When the global cap is already reached, the
    // oldest connection not joined is returned: the caller closes it (it stays counted
    // until unjoinedEnded()).
    ClientConnection *addUnjoined(ClientConnection *connection, const QHostAddress &address);
    // It joined, resumed or closed.
    void unjoinedEnded(ClientConnection *connection);

    int unjoinedCount() const { return int(m_unjoined.size()); }
    int unjoinedFrom(const QHostAddress &address) const;

    // IPv4-mapped IPv6 addresses count as the IPv4 address they carry.
    static QHostAddress normalized(const QHostAddress &address);

private:
    struct Waiting
    {
        ClientConnection *connection;
        QHostAddress address;
    };

    bool exempt(const QHostAddress &address) const;
    void forgetOldWindows(qint64 nowMs);

    int m_maxUnjoined;
    int m_maxUnjoinedPerAddress;
    int m_maxNewPerAddress;
    qint64 m_windowMs;
    bool m_limitLoopback;
    QList<Waiting> m_unjoined; // oldest first; at most about m_maxUnjoined entries
    QHash<QHostAddress, int> m_unjoinedPerAddress;
    QHash<QHostAddress, QList<qint64>> m_newPerAddress; // admission times in the window
    qint64 m_lastSweepMs = 0;
};
