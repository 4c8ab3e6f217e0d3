#pragma once

#include "protocol/messages.h"

#include <QByteArray>
#include <QList>
#include <QString>

// The room's transcript: every room event (Joined, Left, Chat, Broadcast) in seq order,
// each kept as the 1.1 payload that was sent live. It is the one place the room's order
// lives: live fan-out, history on join, paging back and resume all read events from it
// (docs/protocol.md, "Version 1.1"). The server picks one implementation at start and
// never asks which one it has.
class RoomLog
{
public:
    struct Event
    {
        quint64 seq = 0;
        qint64 atMs = 0;
        Protocol::MessageType type = Protocol::MessageType::Chat;
        // For search and for the admin window, taken from the event when it is made:
        // Joined and Left the member, Chat the sender, Broadcast empty.
        QString nickname;
        QString text; // Chat and Broadcast; empty for the others
        QByteArray payload; // type byte and fields, 1.1 layout, byte for byte as sent live
        friend bool operator==(const Event &, const Event &) = default;
    };

    enum class Filter : quint8 {
        AllEvents,
        Messages, // Chat and Broadcast: what history and paging return
    };

    // What the log keeps; older events are dropped as new ones arrive.
    struct Retention
    {
        qint64 maxEvents = 1'000'000; // 0: no count limit
        int maxDays = 0; // 0: no age limit
    };

    virtual ~RoomLog() = default;

    // The log's record of a room event (Joined, Left, Chat, Broadcast) and its 1.1
    // payload: its seq and time, and what search and the admin window read without
    // decoding the payload.
    static Event eventOf(const Protocol::Message &event, const QByteArray &payload);

    // Opens (or creates) the log. False with errorString() when it cannot be used; the
    // server then refuses to start rather than run without the log it was asked for.
    virtual bool open() = 0;
    virtual QString errorString() const = 0;

    // The random identifier made when the log was created and kept as long as the log
    // lives (docs/protocol.md: roomEpoch). A seq means something only with its epoch.
    virtual QString epoch() const = 0;
    // The highest seq this log has ever handed out or taken: the room continues after it.
    // A durable log that was killed may report more than its last stored event, so a seq
    // that a client may have seen is never used twice.
    virtual quint64 lastSeq() const = 0;
    // The oldest seq still kept (events before it were dropped by retention, or never
    // existed in this log); lastSeq() + 1 when the log keeps nothing.
    virtual quint64 firstSeq() const = 0;

    // Takes one event, whose seq is above lastSeq(). Cheap: a durable log writes at
    // commit(), once per event-loop pass, never once per event.
    virtual void append(const Event &event) = 0;
    // The end of an event-loop pass: what was appended since the last commit becomes
    // durable (one transaction). Reads see appended events before and after.
    virtual void commit() { }
    // Empties the log and serves `epoch` from now on, its seq starting over: the room it
    // kept is gone (a shared room that Redis lost). Only a cache of another log can;
    // false for a log that is the room's own record.
    virtual bool startOver(const QString &epoch)
    {
        Q_UNUSED(epoch);
        return false;
    }

    // Events with afterSeq < seq < beforeSeq that pass the filter, the newest `max` of them
    // (max <= 0: all of them), in ascending seq order.
    virtual QList<Event> read(quint64 afterSeq, quint64 beforeSeq, int max,
                              Filter filter) const = 0;
    // Chat and Broadcast events whose text or sender contains `query` (case-insensitive
    // where the script has case), newest first, at most `max`. One- and two-character
    // queries (Chinese words are often that short) find matches too.
    virtual QList<Event> search(const QString &query, int max) const = 0;

    // What the log holds, for the administrator's status (chatroomctl status): the events
    // kept, and the file they are kept in with its bytes on disk (empty and 0 in memory).
    virtual qint64 eventCount() const { return qint64(lastSeq() + 1 - firstSeq()); }
    virtual QString filePath() const { return {}; }
    virtual qint64 fileBytes() const { return 0; }
};
