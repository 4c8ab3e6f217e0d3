#pragma once

#include <QDateTime>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <functional>
#include <limits>

// The administrator's bans (docs/protocol.md, "Implementation choices", bans): a name
// key (Nickname::key, so every look-alike spelling of a banned name is banned too), an
// address, or both, each until a time or for good. Pure bookkeeping with an injectable
// clock: ChatServer asks it on every new connection and every Hello, and does the
// refusing. Kept in memory only: a restart forgets every ban.
class BanList final : public QObject
{
    Q_OBJECT

public:
    // Milliseconds since the Unix epoch, UTC: "until 14:30" is what an administrator
    // means, and what the window shows.
    using Clock = std::function<qint64()>;
    static constexpr std::chrono::milliseconds Permanent = std::chrono::milliseconds::max();
    static constexpr qint64 Forever = std::numeric_limits<qint64>::max();

    struct Ban
    {
        quint64 id = 0; // what unban() takes
        QString name; // as the administrator saw it; empty for an address alone
        QString key; // Nickname::key(name); empty for an address alone
        QHostAddress address; // null for a name alone; IPv4-mapped IPv6 stored as IPv4
        qint64 untilMs = Forever;

        bool isPermanent() const { return untilMs == Forever; }
        // Invalid when permanent.
        QDateTime until() const
        {
            return isPermanent() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(untilMs);
        }
    };

    explicit BanList(QObject *parent = nullptr);

    void setClock(Clock clock);
    qint64 now() const;

    // Bans the name's key and the address (either may be empty or null, not both) for
    // `duration` from now, Permanent for good. A ban of the same key and address replaces
    // the old one's time. Returns the ban; its id is 0 when there was nothing to ban.
    Ban add(const QString &name, const QHostAddress &address, std::chrono::milliseconds duration);
    bool remove(quint64 id);
    void clear();

    // O(1): asked for every new connection, also during a connection flood.
    bool isKeyBanned(const QString &key) const;
    bool isAddressBanned(const QHostAddress &address) const;
    // The bans in force, oldest first.
    QList<Ban> bans() const;

    // Drops the bans whose time is up (changed() if any) and schedules the next look.
    // The expiry timer calls it; a test that moves its clock calls it itself.
    void expire();

signals:
    // A ban was added, removed or ran out.
    void changed();

private:
    bool inForce(const Ban &ban, qint64 nowMs) const { return ban.untilMs > nowMs; }
    void reindex();
    void scheduleExpiry();

    Clock m_clock;
    QList<Ban> m_bans; // oldest first
    // The latest end of any ban on a key or an address, for the lookups.
    QHash<QString, qint64> m_keyUntil;
    QHash<QHostAddress, qint64> m_addressUntil;
    quint64 m_nextId = 1;
    QTimer m_expiry;
};
