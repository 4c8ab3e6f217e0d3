#include "connectionlimits.h"

ConnectionLimits::ConnectionLimits(const ServerConfig &config)
    : m_maxUnjoined(config.maxUnjoined)
    , m_maxUnjoinedPerAddress(config.maxUnjoinedPerAddress)
    , m_maxNewPerAddress(config.maxNewPerAddress)
    , m_windowMs(config.newConnectionWindow.count())
    , m_limitLoopback(config.limitLoopback)
{
}

QHostAddress ConnectionLimits::normalized(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

bool ConnectionLimits::exempt(const QHostAddress &address) const
{
    // Benchmarks and tests run a thousand clients from this machine.
    return !m_limitLoopback && address.isLoopback();
}

ConnectionLimits::Verdict ConnectionLimits::admit(const QHostAddress &peer, qint64 nowMs)
{
    const QHostAddress address = normalized(peer);
    if (exempt(address))
        return Verdict::Admit;
    if (m_maxUnjoinedPerAddress > 0 && unjoinedFrom(address) >= m_maxUnjoinedPerAddress)
        return Verdict::TooManyWaiting;
    forgetOldWindows(nowMs);
    if (m_maxNewPerAddress <= 0)
        return Verdict::Admit;
    QList<qint64> &times = m_newPerAddress[address];
    while (!times.isEmpty() && nowMs - times.constFirst() >= m_windowMs)
        times.removeFirst();
    if (times.size() >= m_maxNewPerAddress)
        return Verdict::TooManyNew;
    times.append(nowMs);
    return Verdict::Admit;
}

void ConnectionLimits::forgetOldWindows(qint64 nowMs)
{
    // Once a window, drop the addresses that have been quiet for a whole window, so a
    // scan from many addresses does not grow the table for ever.
    if (nowMs - m_lastSweepMs < m_windowMs)
        return;
    m_lastSweepMs = nowMs;
    for (auto it = m_newPerAddress.begin(); it != m_newPerAddress.end();) {
        if (it->isEmpty() || nowMs - it->constLast() >= m_windowMs)
            it = m_newPerAddress.erase(it);
        else
            ++it;
    }
}

ClientConnection *ConnectionLimits::addUnjoined(ClientConnection *connection,
                                                const QHostAddress &peer)
{
    const QHostAddress address = normalized(peer);
    ClientConnection *evict = nullptr;
    if (m_maxUnjoined > 0 && m_unjoined.size() >= m_maxUnjoined)
        evict = m_unjoined.constFirst().connection;
    m_unjoined.append({connection, address});
    ++m_unjoinedPerAddress[address];
    return evict;
}

void ConnectionLimits::unjoinedEnded(ClientConnection *connection)
{
    for (qsizetype i = 0; i < m_unjoined.size(); ++i) {
        if (m_unjoined.at(i).connection != connection)
            continue;
        const auto it = m_unjoinedPerAddress.find(m_unjoined.at(i).address);
        if (it != m_unjoinedPerAddress.end() && --*it <= 0)
            m_unjoinedPerAddress.erase(it);
        m_unjoined.removeAt(i);
        return;
    }
}

int ConnectionLimits::unjoinedFrom(const QHostAddress &address) const
{
    return m_unjoinedPerAddress.value(normalized(address));
}
