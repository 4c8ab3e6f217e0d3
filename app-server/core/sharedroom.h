#pragma once

#include "roomlog.h"

#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

// A room whose order lives outside this server and is shared with other servers
// (docs/scaling.md; the Redis implementation is RedisRoomStream). The server proposes
// events and learns their seq from the answer, but fans out only what it reads back,
// every server's events in the one order, so every member of every server sees the same
// room. The core knows only this interface: no Redis below app-server/redis.
class SharedRoom : public QObject
{
    Q_OBJECT

public:
    // Whose name a server may give up: its own member's; a member of a server that died
    // (its lease ran out); anyone's, for a kick from any server.
    enum class ReleaseMode : quint8 { Own, Orphan, Any };

    // One event to add, with the nickname it claims (a Joined) or gives up (a Left), as
    // Nickname::key; empty for none.
    struct Append
    {
        QByteArray payload; // its 1.1 payload; the seq field is filled in by the room
        QString claimKey;
        QString claimName; // as shown: the member list other servers read
        qint64 joinedAtMs = 0;
        QString releaseKey;
        ReleaseMode releaseMode = ReleaseMode::Own;
    };
    enum class AppendError : quint8 {
        None,
        Unavailable, // the shared room cannot be reached, or refused the event
        Taken, // a claimed name is held already: nothing was added
        Gone, // a released name is not this server's (any more): nothing was added
        Epoch, // the shared room is another room now (epochChanged follows)
    };
    using AppendDone =
        std::function<void(std::optional<quint64> firstSeq, AppendError error, const QString &why)>;

    enum class AdoptError : quint8 {
        None,
        NoToken, // not a token of anyone in the room
        Alive, // the member's server lives: it keeps its member
        Unavailable,
    };

    // Who is in the room.
    struct Member
    {
        QString key;
        QString name;
        QString serverId;
        quint64 joinSeq = 0;
        qint64 joinedAtMs = 0;
        friend bool operator==(const Member &, const Member &) = default;
    };

    // An event as read: the log's record, the event itself, and whether this server
    // added it (its own members' joins complete when they are read).
    struct ReadEvent
    {
        RoomLog::Event record;
        Protocol::Message message;
        bool own = false;
    };

    using QObject::QObject;

    // The room can take events now.
    virtual bool isAvailable() const = 0;
    virtual QString epoch() const = 0;
    // Why the room is not available, or what went wrong last.
    virtual QString errorString() const = 0;
    // This server's name in the shared room: whose members a claim belongs to.
    virtual QString serverId() const = 0;
    // Who was in the room as of snapshotSeq(), in join order; events read follow it.
    virtual QList<Member> snapshot() const = 0;
    virtual quint64 snapshotSeq() const = 0;
    // The room's newest events up to where reading starts, in seq order: its history from
    // before this server came, for the server's cache. Handed over once; empty after.
    virtual QList<RoomLog::Event> takeBackfill() { return {}; }

    // Adds the events one after the other, with no other event between them; their
    // claims are checked first. `done` runs once, from the event loop, while `context`
    // lives. Without an answer the events may or may not be in the room: they are read
    // back like any other if they are.
    virtual void append(const QList<Append> &events, QObject *context, AppendDone done) = 0;

    // Resume on any server (docs/scaling.md, "Resume on another server"): the server that
    // issues a member's token keeps it in the shared room, and a server that is handed a
    // token it did not issue asks the room to make the member its own. Only members of a
    // server that is gone (or of this one) are adopted, and a token is good once.
    virtual void storeToken(const QString &key, quint64 joinSeq, const QByteArray &token) = 0;
    using AdoptDone = std::function<void(std::optional<Member> member, AdoptError error)>;
    virtual void adopt(const QByteArray &token, QObject *context, AdoptDone done) = 0;

signals:
    // Every event of the room in seq order, each once, this server's own included.
    void eventsRead(const QList<SharedRoom::ReadEvent> &events);
    void availabilityChanged(bool available);
    void epochChanged(const QString &oldEpoch, const QString &newEpoch);
    // Members of servers that are gone, found again at every heartbeat while they stay:
    // whoever has seen them orphaned for the resume grace lets them leave.
    void membersOrphaned(const QList<SharedRoom::Member> &members);
};
