#include "adminfeed.h"

#include "chatserver.h"

#include <utility>

AdminFeed::AdminFeed(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_pacer.setMinimum(DefaultInterval);
    connect(&m_timer, &QTimer::timeout, this, &AdminFeed::flush);
}

void AdminFeed::watch(ChatServer *server)
{
    connect(server, &ChatServer::memberJoined, this,
            [this](const QString &name, const QHostAddress &, const QDateTime &at) {
                add(Kind::Joined, at, name);
            });
    connect(server, &ChatServer::memberLeft, this,
            [this](const QString &name, Protocol::LeaveReason reason, const QDateTime &at) {
                Event event {Kind::Left, reason, at, name, {}, {}};
                addEvent(std::move(event));
            });
    connect(server, &ChatServer::memberRenamed, this,
            [this](const QString &oldName, const QString &newName, const QDateTime &at) {
                add(Kind::Renamed, at, oldName, newName);
            });
    // These two carry no time: stamped on arrival, which is when they happened.
    connect(server, &ChatServer::memberDetached, this, [this](const QString &name) {
        add(Kind::Detached, QDateTime::currentDateTime(), name);
    });
    connect(server, &ChatServer::memberResumed, this,
            [this](const QString &name, const QHostAddress &address) {
                Event event {Kind::Resumed, {}, QDateTime::currentDateTime(), name, {}, address};
                addEvent(std::move(event));
            });
    // The hot path: one append and one hash insert per message. The QDateTime is kept as
    // it came: converting it (toMSecsSinceEpoch) costs microseconds of time-zone lookups
    // per message when TZ is unset.
    connect(server, &ChatServer::chatMessage, this,
            [this](const QString &from, const QString &text, const QDateTime &at) {
                add(Kind::Chat, at, from, text);
            });
    connect(server, &ChatServer::messagesSentChanged, this, &AdminFeed::setMessagesSent);
    // What the server actually sent, not what the window's box held.
    connect(
        server, &ChatServer::broadcastSent, this,
        [this](const QString &text, const QDateTime &at) { add(Kind::Broadcast, at, {}, text); });
    connect(server, &ChatServer::serverNotice, this, [this](const ServerNotice &notice) {
        Event event {Kind::Notice, {}, QDateTime::currentDateTime(), {}, {}, notice};
        addEvent(std::move(event));
    });
    connect(server, &ChatServer::memberCountChanged, this, &AdminFeed::setMemberCount);
}

void AdminFeed::setInterval(std::chrono::milliseconds interval)
{
    m_pacer.setMinimum(interval);
}

std::chrono::milliseconds AdminFeed::interval() const
{
    return m_pacer.minimum();
}

void AdminFeed::setMaximumInterval(std::chrono::milliseconds interval)
{
    m_pacer.setMaximum(interval);
}

void AdminFeed::addDisplayCost(std::chrono::nanoseconds spent)
{
    m_pacer.addCost(spent);
}

std::chrono::milliseconds AdminFeed::pendingDelay() const
{
    return m_timer.isActive() ? m_timer.intervalAsDuration() : std::chrono::milliseconds(0);
}

void AdminFeed::setMaximumEvents(qsizetype maximum)
{
    m_maximumEvents = qMax<qsizetype>(1, maximum);
}

void AdminFeed::add(Kind kind, const QDateTime &at, const QString &name, const QString &text)
{
    Event event;
    event.kind = kind;
    event.at = at;
    event.name = name;
    event.text = text;
    addEvent(std::move(event));
}

void AdminFeed::addEvent(Event event)
{
    // A name that leaves or changes takes its pending count along: a member who rejoins
    // under it within the batch starts from the server's record, not from this count.
    if (event.kind == Kind::Left || event.kind == Kind::Renamed)
        m_pending.messagesSent.remove(event.name);
    QList<Event> &events = m_pending.events;
    // Bounded between batches too, in steps, so a stalled timer cannot hoard a flood;
    // flush() cuts the rest.
    if (events.size() >= 2 * m_maximumEvents) {
        events.remove(0, m_maximumEvents);
        m_pending.dropped += m_maximumEvents;
    }
    events.append(std::move(event));
    schedule();
}

void AdminFeed::setMessagesSent(const QString &name, quint64 messagesSent)
{
    m_pending.messagesSent.insert(name, messagesSent);
    schedule();
}

void AdminFeed::setMemberCount(int count)
{
    m_pending.memberCount = count;
    schedule();
}

void AdminFeed::schedule()
{
    // Single shot, started by the first event after a batch: an idle room costs nothing,
    // and two batches are always at least an interval apart, or the pace apart when
    // showing them is dear.
    if (m_timer.isActive())
        return;
    const std::chrono::milliseconds since = m_sinceBatch.isValid()
        ? std::chrono::milliseconds(m_sinceBatch.elapsed())
        : m_pacer.maximum();
    m_timer.start(m_pacer.delayAfter(since));
}

bool AdminFeed::hasPending() const
{
    return !m_pending.events.isEmpty() || !m_pending.messagesSent.isEmpty()
        || m_pending.memberCount.has_value();
}

void AdminFeed::flush()
{
    m_timer.stop();
    if (!hasPending())
        return;
    Batch batch = std::exchange(m_pending, Batch {});
    const qsizetype excess = batch.events.size() - m_maximumEvents;
    if (excess > 0) {
        batch.events.remove(0, excess);
        batch.dropped += excess;
    }
    ++m_batchCount;
    m_pacer.batchHandedOut();
    m_sinceBatch.start();
    // m_pending is empty again: a receiver that flushes (or adds) from here is safe.
    emit batchReady(batch);
}
