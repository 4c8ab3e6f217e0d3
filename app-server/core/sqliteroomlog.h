#pragma once

#include "memoryroomlog.h"
#include "roomlog.h"
#include "sqliteeventwriter.h"
#include "walcheckpointer.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

class QSqlError;

// The room log in an SQLite file (Qt's QSQLITE driver), so that history, paging, search
// and the seq survive a restart. Appends go to memory; commit() writes them in one
// transaction, and WAL with synchronous=NORMAL makes that commit survive a killed process
// without an fsync per pass. The newest events stay in a MemoryRoomLog, which serves the
// reads near the end (history on join, resume) without touching the file.
//
// A commit does no full-text indexing: that would cost tens of µs per message on the
// event-loop thread. Messages reach the search index later, in one large batch per
// indexDelay() (FTS5 indexes far faster per row in big transactions), and search() catches
// the index up before it looks, so its results are always complete.
class SqliteRoomLog final : public RoomLog
{
    Q_DECLARE_TR_FUNCTIONS(SqliteRoomLog)

public:
    // Milliseconds since the Unix epoch, UTC; injectable so tests age events without waiting.
    using Clock = std::function<qint64()>;

    // Seqs are reserved in the file this far ahead of the event that needs one: one small
    // extra commit per ReserveAhead events, and a killed server skips at most this many.
    static constexpr quint64 ReserveAhead = 4096;
    // The newest events kept in memory; never fewer than the uncommitted ones.
    static constexpr qsizetype TailCapacity = 8192;
    // So the reservation commits alone keep every uncommitted event inside the tail.
    static_assert(ReserveAhead < quint64(TailCapacity));
    // How far the row count may pass Retention::maxEvents before a commit deletes, so that
    // most commits delete nothing (a DELETE also has to update the search index).
    static constexpr qint64 retentionSlack(qint64 maxEvents)
    {
        return std::max<qint64>(1000, maxEvents / 100);
    }
    // How long committed messages may wait for the search index: a busy room indexes in
    // large batches, a quiet one soon enough that search rarely has anything to catch up.
    static constexpr std::chrono::milliseconds DefaultIndexDelay {5000};

    explicit SqliteRoomLog(const QString &filePath, const Retention &retention = {},
                           Clock clock = {});
    // Commits what is pending and gives back the seqs reserved ahead: a clean restart
    // continues at lastSeq() + 1.
    ~SqliteRoomLog() override;
    Q_DISABLE_COPY_MOVE(SqliteRoomLog)

    bool open() override;
    QString errorString() const override { return m_errorString; }
    QString epoch() const override { return m_epoch; }
    quint64 lastSeq() const override { return m_lastSeq; }
    quint64 firstSeq() const override { return m_firstKept > 0 ? m_firstKept : m_lastSeq + 1; }

    void append(const Event &event) override;
    void commit() override;
    QList<Event> read(quint64 afterSeq, quint64 beforeSeq, int max, Filter filter) const override;
    // max <= 0: every match. An empty query matches nothing.
    QList<Event> search(const QString &query, int max) const override;

    QString filePath() const override { return m_filePath; }
    qint64 eventCount() const override { return m_rowCount + m_pending.size(); }
    // The database and its write-ahead log: what the room costs on disk right now.
    qint64 fileBytes() const override;

    // Adds the committed messages after indexedSeq() to the search index, at most maxRows of
    // them (0: all), in one transaction. The timer, search() and open() call it; a failure
    // leaves the rows for the next call.
    void indexPending(int maxRows = 0);
    // Every message up to this seq is in the search index.
    quint64 indexedSeq() const { return m_indexedSeq; }
    // How long the room must be quiet (no commit that writes events) before the timer indexes
    // what is waiting, and how often it looks; injectable so tests do not wait for it.
    void setIndexDelay(std::chrono::milliseconds delay) { m_indexDelay = delay; }
    std::chrono::milliseconds indexDelay() const { return m_indexDelay; }
    // The timer indexes this many messages at a time and lets the event loop run in
    // between: about 25 ms each, never a half-second pause in a busy room.
    static constexpr int IndexChunkRows = 2000;
    // A room that is never quiet is indexed anyway once the oldest unindexed message has
    // waited this long, or this many events are waiting.
    static constexpr std::chrono::milliseconds MaxIndexLag {60'000};
    static constexpr quint64 MaxUnindexed = 100'000;
    // The WAL is checkpointed off the event loop (WalCheckpointer) after this many commits
    // or events, whichever comes first: about SQLite's own 1000-page default.
    static constexpr int CheckpointCommits = 500;
    static constexpr qsizetype CheckpointEvents = 4000;
    // Whether commits go through SQLite's C API (SqliteEventWriter) rather than QSqlQuery;
    // decided at open() (for tests).
    bool writesThroughSqliteApi() const { return m_writer != nullptr; }
    // The checkpoints WalCheckpointer has finished (for tests).
    int checkpointsCompleted() const { return m_checkpointer ? m_checkpointer->completed() : 0; }

private:
    struct Statements;

    bool failOpen(const QString &reason);
    void failWrite(const QSqlError &error);
    void failWrite(const QString &reason);
    void closeDatabase();

    bool writePending(std::optional<quint64> reserveUpTo = std::nullopt);
    bool writeThroughQt(std::optional<quint64> reserveUpTo);
    bool indexRows(int maxRows, QSqlError *error) const;
    std::optional<quint64> indexBatchEnd(int maxRows, QSqlError *error) const;
    void indexWhenQuiet();
    void enforceRetention(bool now);
    void trimByAge(qint64 cutoffMs);
    void trimToCount(qint64 maxEvents);
    void deleteBefore(quint64 seq);

    // Every event with seq >= tailFloor() is in m_tail.
    quint64 tailFloor() const { return std::max(m_tail.firstSeq(), m_openedAtSeq + 1); }
    QList<Event> readStored(quint64 afterSeq, quint64 beforeSeq, int max, Filter filter) const;
    QList<Event> searchIndex(const QString &query, int max) const;
    QList<Event> searchShort(const QString &query, int max) const;

    QString m_filePath;
    Retention m_retention;
    Clock m_clock;
    QString m_connectionName;
    QSqlDatabase m_db;
    // Prepared once and reused. Running a query changes nothing a reader of the log can see,
    // so the const reads use them too.
    std::unique_ptr<Statements> m_statements;
    // Null: the commits go through m_statements->insert and QSqlDatabase's transaction.
    std::unique_ptr<SqliteEventWriter> m_writer;
    QString m_errorString;
    QString m_epoch;

    quint64 m_lastSeq = 0;
    quint64 m_reservedSeq = 0; // durable: the file's meta.reservedSeq
    quint64 m_committedSeq = 0; // the newest event in the file
    // Durable: the file's meta.indexedSeq. search() catches the index up, which changes
    // nothing a reader of the log can see, so a const search may move it.
    mutable quint64 m_indexedSeq = 0;
    quint64 m_openedAtSeq = 0; // lastSeq() when opened: events after it are all in m_tail
    quint64 m_firstKept = 0; // 0: nothing kept
    qint64 m_rowCount = 0; // rows in the file's events table
    qint64 m_lastAgeCheckMs = 0;
    QList<Event> m_pending; // appended, not yet in the file; all of them in m_tail too
    MemoryRoomLog m_tail;
    QTimer m_indexTimer;
    qint64 m_lastWriteMs = 0; // m_clock() at the last commit that wrote events
    qint64 m_unindexedSinceMs = 0; // when the oldest unindexed event was committed; 0: none
    std::chrono::milliseconds m_indexDelay = DefaultIndexDelay;
    std::unique_ptr<WalCheckpointer> m_checkpointer;
    int m_commitsSinceCheckpoint = 0;
    qsizetype m_eventsSinceCheckpoint = 0;
};
