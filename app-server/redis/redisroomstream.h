#pragma once

#include "redisaddress.h"
#include "redisconnection.h"
#include "sharedroom.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>
#include <limits>
#include <optional>
#include <utility>

// The room's one order, kept in Redis and shared by every server of the room
// (docs/scaling.md). An event is appended by a Lua script that takes the next seq (INCR)
// and adds the event to a stream under that seq as its id, atomically, so two servers
// never hand out one seq and the stream has no gap. Every server reads the stream from
// its last seq on a connection of its own (XREAD BLOCK) and gets every event, its own
// included, in seq order: it fans out what it reads, not what it appends.
//
// Two connections, because a blocked XREAD holds its connection. Both reconnect on their
// own; after a reconnect the room's epoch is checked again (a Redis that lost its data is
// another room) and reading carries on from the last seq read, so nothing is read twice
// or skipped.
class RedisRoomStream final : public SharedRoom
{
    Q_OBJECT

public:
    struct Options
    {
        // Retention: XADD ... MAXLEN ~ this (0: keep everything).
        qint64 maxEvents = 1'000'000;
        int readBatch = 1000; // events per XREAD
        // How long one XREAD waits before it is sent again: a connection that died
        // silently is noticed within this.
        std::chrono::milliseconds blockTimeout {2000};
        // How long this server's lease lasts without a heartbeat (one every third of it):
        // after that, other servers take it for dead and reap its members.
        std::chrono::milliseconds lease {10000};
        // How many of the room's newest events to read before ready(), for the history
        // this server serves (its cache's capacity); 0: none, history starts with this
        // server (docs/scaling.md, "A server on the shared room").
        qint64 backfill = 0;
    };

    explicit RedisRoomStream(const RedisAddress &address, QObject *parent = nullptr);
    RedisRoomStream(const RedisAddress &address, const Options &options, QObject *parent = nullptr);
    ~RedisRoomStream() override;

    const RedisAddress &address() const { return m_address; }
    // Connects; ready() follows once the room's epoch and last seq are known and the
    // backfill is read, and reading starts after `afterSeq` (UINT64_MAX: after the room's
    // last seq, i.e. only what is appended from now on).
    void start(quint64 afterSeq = std::numeric_limits<quint64>::max());
    bool isReady() const { return m_ready; }
    // Both connections up and the epoch confirmed: appends can succeed.
    bool isAvailable() const override { return m_available; }
    QString epoch() const override { return m_epoch; }
    // The seq of the last event read (and emitted).
    quint64 lastReadSeq() const { return m_lastRead; }
    QString errorString() const override { return m_errorString; }

    // Appends a room event: `payload` is its 1.1 payload, whose seq field (bytes 1 to 8)
    // the script overwrites with the seq it takes. `done` gets that seq, or nullopt and
    // why (Redis unavailable, or the room's epoch is not the one this server serves).
    // Without an answer from Redis the event may or may not be in the room: it is read
    // back like any other if it is.
    void append(const QByteArray &payload, QObject *context, AppendDone done);
    // Several events, one after the other with no event of another server between them
    // (a rename's Left and Joined); their claims are checked before anything is added.
    void append(const QList<Append> &events, QObject *context, AppendDone done) override;

    void storeToken(const QString &key, quint64 joinSeq, const QByteArray &token) override;
    void adopt(const QByteArray &token, QObject *context, AdoptDone done) override;

    // This server's name in Redis: whose members a claim belongs to.
    QString serverId() const override { return m_serverId; }
    // The room's members when this server first identified it, in join order, and the
    // seq they are true as of (the room's last seq then).
    QList<Member> snapshot() const override { return m_snapshot; }
    quint64 snapshotSeq() const override { return m_snapshotSeq; }
    // The newest Options::backfill events up to the seq reading started after, read once
    // before ready(); nothing is left behind the first call.
    QList<RoomLog::Event> takeBackfill() override { return std::exchange(m_backfill, {}); }

    // For tests and the admin: the connections' reconnect delays.
    void setReconnectDelays(std::chrono::milliseconds first, std::chrono::milliseconds max);

signals:
    void ready();
    // A connection to Redis failed or dropped (errorString() says why); it is tried again.
    void connectionLost(const QString &reason);
    // Events (afterSeq, nextSeq) were trimmed away before this server read them.
    void gap(quint64 afterSeq, quint64 nextSeq);

private:
    void onConnected();
    void onDisconnected();
    void identifyRoom();
    void onIdentifyReply(const RedisReply &reply);
    void onIdentified(const QString &epoch, quint64 lastSeq, QList<Member> members);
    bool isBackfilling() const { return m_backfillFrom <= m_backfillTo; }
    void readBackfill();
    void onBackfillRead(const RedisReply &reply);
    void readNext();
    void onRead(const RedisReply &reply);
    QList<ReadEvent> parseEntries(const RedisReply &entries);
    // One stream entry [id, [field, value, ...]] with the id `seq`, or nullopt (and
    // errorString() says why) when it is not a room event our script wrote.
    std::optional<ReadEvent> decodeEntry(const RedisReply &entry, quint64 seq);
    void setAvailable(bool available);
    void heartbeat();
    QByteArray key(const char *name) const;

    RedisAddress m_address;
    Options m_options;
    RedisConnection m_writer;
    RedisConnection m_reader;
    QTimer m_watchdog; // an XREAD that never answers
    QTimer m_heartbeat;
    QString m_epoch;
    QString m_serverId;
    QList<Member> m_snapshot;
    quint64 m_snapshotSeq = 0;
    QList<RoomLog::Event> m_backfill;
    // The seqs still to backfill; none when from > to.
    quint64 m_backfillFrom = 1;
    quint64 m_backfillTo = 0;
    bool m_backfillReading = false; // an XRANGE is out
    QString m_errorString;
    quint64 m_lastRead = 0;
    quint64 m_startAfter = 0;
    bool m_started = false;
    bool m_ready = false;
    bool m_available = false;
    bool m_identified = false; // since the writer's last connect
    bool m_identifying = false;
    bool m_reading = false; // an XREAD is out
};
