#pragma once

#include "feedpacer.h"
#include "protocol/messages.h"
#include "servernotice.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <optional>
#include <variant>

class ChatServer;

// ChatServer's events as the administrator's window takes them: in batches, at most one
// per interval (50 ms, so at most 20 a second), never one per chat message; fewer when
// showing them costs the room more than FeedPacer's share of its time (the window
// reports what it spends: addDisplayCost()). The window
// shares the room's event loop, so whatever it does per message the room pays for every
// message; here a message costs an append to a list (and a counter in a hash), and the
// window does its work once per batch: the lines it shows, the members' counts, the
// member count. Nothing is worded here: an event keeps the signal's own values, so a
// chat line costs nothing until the window decides to show it.
//
// A batch holds at most maximumEvents() events, the newest: older ones would have left a
// log of that many lines before anyone saw them. Tests drive it without a server or a
// clock: add events, then flush().
class AdminFeed final : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds DefaultInterval {50};
    static constexpr qsizetype DefaultMaximumEvents = 10'000;

    enum class Kind : quint8 {
        Joined,
        Left, // reason set
        Renamed, // name is the old name, text the new one
        Detached, // the seat is held for a resume
        Resumed, // detail holds the address it came back from
        Chat, // text is what was said
        Broadcast, // text is what the administrator said
        Notice, // detail holds the ServerNotice
    };
    Q_ENUM(Kind)

    struct Event
    {
        Kind kind = Kind::Chat;
        Protocol::LeaveReason reason = Protocol::LeaveReason::Quit;
        QDateTime at;
        QString name;
        QString text;
        // Empty for the kinds a chat message is: no allocation on the hot path.
        std::variant<std::monostate, QHostAddress, ServerNotice> detail;
    };

    struct Batch
    {
        QList<Event> events; // oldest first: the newest maximumEvents() since the last batch
        qsizetype dropped = 0; // events before those, left out
        // Each member who spoke since the last batch, with the latest count the server
        // gave; a member who left or was renamed since is not in it.
        QHash<QString, quint64> messagesSent;
        std::optional<int> memberCount; // the latest, when it changed
    };

    explicit AdminFeed(QObject *parent = nullptr);

    // Follows the server's signals from now on.
    void watch(ChatServer *server);

    // The least time between two batches. Tests use a millisecond or two, or call
    // flush() themselves.
    void setInterval(std::chrono::milliseconds interval);
    std::chrono::milliseconds interval() const;
    // The most time between two batches, however much the window reports.
    void setMaximumInterval(std::chrono::milliseconds interval);
    // What the window spent showing batches (and painting them) since the last batch:
    // it sets how soon the next batch may come (FeedPacer).
    void addDisplayCost(std::chrono::nanoseconds spent);
    const FeedPacer &pacer() const { return m_pacer; }
    // How long the batch being gathered waits in all, from its first event; zero when
    // none is.
    std::chrono::milliseconds pendingDelay() const;
    void setMaximumEvents(qsizetype maximum);
    qsizetype maximumEvents() const { return m_maximumEvents; }

    // What the server's signals feed in, public so that a test can play a room without
    // sockets. The first of a batch starts the timer; the rest only append.
    void addEvent(Event event);
    void setMessagesSent(const QString &name, quint64 messagesSent);
    void setMemberCount(int count);

    // Hands out what is pending now, if anything: before a line of the window's own, so
    // the room's events stay in order with it, and for tests.
    void flush();
    bool hasPending() const;
    // Batches handed out since the start.
    quint64 batchCount() const { return m_batchCount; }

signals:
    void batchReady(const AdminFeed::Batch &batch);

private:
    void schedule();
    void add(Kind kind, const QDateTime &at, const QString &name, const QString &text = {});

    QTimer m_timer;
    FeedPacer m_pacer;
    QElapsedTimer m_sinceBatch; // since the last batch went out
    Batch m_pending;
    qsizetype m_maximumEvents = DefaultMaximumEvents;
    quint64 m_batchCount = 0;
};

Q_DECLARE_METATYPE(AdminFeed::Batch)
