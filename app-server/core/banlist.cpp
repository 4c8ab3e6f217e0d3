#include "banlist.h"

#include "connectionlimits.h"
#include "nickname.h"

namespace {

// At most a day between looks, so the interval always fits Qt's int milliseconds and a
// changed system clock is caught within a day at worst (the lookups never depend on the
// timer: a ban past its time is ignored at once).
constexpr qint64 LongestWaitMs = 24 * 60 * 60 * 1000;

} // namespace

BanList::BanList(QObject *parent)
    : QObject(parent)
{
    m_expiry.setSingleShot(true);
    connect(&m_expiry, &QTimer::timeout, this, &BanList::expire);
}

void BanList::setClock(Clock clock)
{
    m_clock = std::move(clock);
    scheduleExpiry();
}

qint64 BanList::now() const
{
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

BanList::Ban BanList::add(const QString &name, const QHostAddress &address,
                          std::chrono::milliseconds duration)
{
    const QString shown = Nickname::normalized(name);
    const QString key = shown.isEmpty() ? QString() : Nickname::key(shown);
    const QHostAddress host = address.isNull() ? address : ConnectionLimits::normalized(address);
    if (key.isEmpty() && host.isNull())
        return {0, {}, {}, {}, 0};
    const qint64 nowMs = now();
    // Saturating: Permanent, or any time past the end of qint64, is for good.
    const qint64 length = qMax<qint64>(0, duration.count());
    const qint64 untilMs = length >= Forever - nowMs ? Forever : nowMs + length;
    Ban added {0, shown, key, host, untilMs};
    for (Ban &ban : m_bans) {
        if (ban.key == key && ban.address == host) {
            added.id = ban.id;
            ban = added;
            break;
        }
    }
    if (added.id == 0) {
        added.id = m_nextId++;
        m_bans.append(added);
    }
    reindex();
    scheduleExpiry();
    emit changed();
    return added;
}

bool BanList::remove(quint64 id)
{
    const auto removed = m_bans.removeIf([id](const Ban &ban) { return ban.id == id; });
    if (removed == 0)
        return false;
    reindex();
    scheduleExpiry();
    emit changed();
    return true;
}

void BanList::clear()
{
    if (m_bans.isEmpty())
        return;
    m_bans.clear();
    reindex();
    m_expiry.stop();
    emit changed();
}

bool BanList::isKeyBanned(const QString &key) const
{
    const auto it = m_keyUntil.constFind(key);
    return it != m_keyUntil.cend() && *it > now();
}

bool BanList::isAddressBanned(const QHostAddress &address) const
{
    if (m_addressUntil.isEmpty())
        return false;
    const auto it = m_addressUntil.constFind(ConnectionLimits::normalized(address));
    return it != m_addressUntil.cend() && *it > now();
}

QList<BanList::Ban> BanList::bans() const
{
    const qint64 nowMs = now();
    QList<Ban> inForceNow;
    inForceNow.reserve(m_bans.size());
    for (const Ban &ban : m_bans) {
        if (inForce(ban, nowMs))
            inForceNow.append(ban);
    }
    return inForceNow;
}

void BanList::expire()
{
    const qint64 nowMs = now();
    const auto removed =
        m_bans.removeIf([this, nowMs](const Ban &ban) { return !inForce(ban, nowMs); });
    if (removed > 0)
        reindex();
    scheduleExpiry();
    if (removed > 0)
        emit changed();
}

void BanList::reindex()
{
    m_keyUntil.clear();
    m_addressUntil.clear();
    for (const Ban &ban : std::as_const(m_bans)) {
        if (!ban.key.isEmpty()) {
            qint64 &until = m_keyUntil[ban.key];
            until = qMax(until, ban.untilMs);
        }
        if (!ban.address.isNull()) {
            qint64 &until = m_addressUntil[ban.address];
            until = qMax(until, ban.untilMs);
        }
    }
}

void BanList::scheduleExpiry()
{
    qint64 next = Forever;
    for (const Ban &ban : std::as_const(m_bans))
        next = qMin(next, ban.untilMs);
    if (next == Forever) {
        m_expiry.stop();
        return;
    }
    const qint64 wait = qBound<qint64>(0, next - now(), LongestWaitMs);
    m_expiry.start(int(wait));
}
