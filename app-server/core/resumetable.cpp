#include "resumetable.h"

#include <QRandomGenerator>
#include <QTimerEvent>

#include <climits>

namespace {

// A token is an id that finds the member and a secret that proves the holder: looking up
// by the id alone leaks nothing worth having, and only the secret needs comparing in
// constant time. 8 + 16 random bytes (the spec asks for at least 16).
constexpr qsizetype IdSize = 8;
constexpr qsizetype SecretSize = 16;

QByteArray randomBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(bytes.data()),
                                         reinterpret_cast<quint32 *>(bytes.data() + size));
    return bytes;
}

bool equalInConstantTime(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

} // namespace

ResumeTable::ResumeTable(QObject *parent)
    : QObject(parent)
{
    m_clock.start();
}

QByteArray ResumeTable::issue(const QString &key)
{
    revoke(key);
    QByteArray id = randomBytes(IdSize);
    while (m_tokens.contains(id))
        id = randomBytes(IdSize);
    const QByteArray secret = randomBytes(SecretSize);
    m_tokens.insert(id, Token {key, secret});
    m_tokenIds.insert(key, id);
    return id + secret;
}

QString ResumeTable::redeem(const QByteArray &token) const
{
    if (token.size() != IdSize + SecretSize)
        return {};
    const auto it = m_tokens.constFind(token.first(IdSize));
    if (it == m_tokens.cend())
        return {};
    return equalInConstantTime(token.sliced(IdSize), it->secret) ? it->key : QString();
}

QByteArray ResumeTable::token(const QString &key) const
{
    const auto id = m_tokenIds.constFind(key);
    if (id == m_tokenIds.cend())
        return {};
    return *id + m_tokens.value(*id).secret;
}

void ResumeTable::revoke(const QString &key)
{
    const auto it = m_tokenIds.constFind(key);
    if (it == m_tokenIds.cend())
        return;
    m_tokens.remove(*it);
    m_tokenIds.erase(it);
}

void ResumeTable::rekey(const QString &oldKey, const QString &newKey)
{
    if (oldKey == newKey)
        return;
    const QByteArray id = m_tokenIds.take(oldKey);
    if (id.isEmpty())
        return;
    m_tokens[id].key = newKey;
    m_tokenIds.insert(newKey, id);
}

void ResumeTable::detach(const QString &key, const Seat &seat, int graceMs)
{
    remove(key);
    const qint64 deadline = m_clock.elapsed() + graceMs;
    m_seats.insert(key, Held {seat, deadline});
    m_deadlines.emplace(deadline, key);
    armTimer();
}

std::optional<ResumeTable::Seat> ResumeTable::reattach(const QString &key)
{
    return remove(key);
}

std::optional<ResumeTable::Seat> ResumeTable::remove(const QString &key)
{
    const auto it = m_seats.constFind(key);
    if (it == m_seats.cend())
        return std::nullopt;
    Seat seat = it->seat;
    const auto [first, last] = m_deadlines.equal_range(it->deadlineMs);
    for (auto d = first; d != last; ++d) {
        if (d->second == key) {
            m_deadlines.erase(d);
            break;
        }
    }
    m_seats.erase(it);
    armTimer();
    return seat;
}

const ResumeTable::Seat *ResumeTable::seat(const QString &key) const
{
    const auto it = m_seats.constFind(key);
    return it == m_seats.cend() ? nullptr : &it->seat;
}

void ResumeTable::clear()
{
    m_seats.clear();
    m_deadlines.clear();
    m_tokens.clear();
    m_tokenIds.clear();
    m_timer.stop();
}

void ResumeTable::armTimer()
{
    if (m_deadlines.empty()) {
        m_timer.stop();
        return;
    }
    const qint64 wait = qMax<qint64>(0, m_deadlines.begin()->first - m_clock.elapsed());
    m_timer.start(int(qMin<qint64>(wait, INT_MAX)), this);
}

void ResumeTable::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timer.timerId()) {
        QObject::timerEvent(event);
        return;
    }
    const qint64 now = m_clock.elapsed();
    QList<std::pair<QString, Protocol::LeaveReason>> expired;
    while (!m_deadlines.empty() && m_deadlines.begin()->first <= now) {
        const QString key = m_deadlines.begin()->second;
        expired.append({key, m_seats.take(key).seat.reason});
        m_deadlines.erase(m_deadlines.begin());
        revoke(key);
    }
    armTimer();
    // The seats are gone before anyone hears of it, so a slot may reuse the name at once.
    for (const auto &[key, reason] : std::as_const(expired))
        emit graceExpired(key, reason);
}
