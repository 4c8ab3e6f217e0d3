#include "sqliteroomlog.h"

#include "sqliteschema.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QtDebug>

#include <utility>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 DayMs = 24 * 60 * 60 * 1000;
constexpr qint64 AgeCheckIntervalMs = 60 * 1000;

// Chat (0x45) and Broadcast (0x46): the only events search finds.
static_assert(int(Protocol::MessageType::Chat) == 69
              && int(Protocol::MessageType::Broadcast) == 70);

const QString EventColumns = u"SELECT seq, at_ms, type, nickname, text, payload FROM events "_s;

// Qt binds a null QString or QByteArray as SQL NULL, which the NOT NULL columns refuse.
QVariant notNull(const QString &text)
{
    return text.isNull() ? QVariant(QString(u""_s)) : QVariant(text);
}

QVariant notNull(const QByteArray &bytes)
{
    return bytes.isNull() ? QVariant(QByteArray("", 0)) : QVariant(bytes);
}

RoomLog::Event eventFrom(const QSqlQuery &query)
{
    RoomLog::Event event;
    event.seq = query.value(0).toULongLong();
    event.atMs = query.value(1).toLongLong();
    event.type = Protocol::MessageType(query.value(2).toUInt());
    event.nickname = query.value(3).toString();
    event.text = query.value(4).toString();
    event.payload = query.value(5).toByteArray();
    return event;
}

QList<RoomLog::Event> fetchAll(QSqlQuery &query)
{
    QList<RoomLog::Event> events;
    if (!query.exec()) {
        qWarning("SqliteRoomLog: %s", qPrintable(SqliteSchema::reasonOf(query.lastError())));
        return events;
    }
    while (query.next())
        events.append(eventFrom(query));
    query.finish();
    return events;
}

// The query as one FTS5 string: inside double quotes every character is literal.
QString ftsString(QString query)
{
    return u'"' + query.replace(u'"', u"\"\""_s) + u'"';
}

// A one- or two-character query in every mix of cases. SQLite's lower() and LIKE fold ASCII
// only; a short query has few enough spellings to try each one (Я and я, Éa and éA).
QStringList caseSpellings(const QString &query)
{
    QStringList spellings {QString()};
    for (const char32_t c : query.toUcs4()) {
        QStringList longer;
        for (const char32_t variant :
             {c, QChar::toLower(c), QChar::toUpper(c), QChar::toCaseFolded(c)}) {
            for (const QString &prefix : std::as_const(spellings)) {
                const QString spelling = prefix + QString::fromUcs4(&variant, 1);
                if (!longer.contains(spelling))
                    longer.append(spelling);
            }
        }
        spellings = longer;
    }
    return spellings;
}

} // namespace

struct SqliteRoomLog::Statements
{
    explicit Statements(const QSqlDatabase &db)
        : insert(db)
        , reserve(db)
        , readAll(db)
        , readMessages(db)
        , searchIndex(db)
        , indexLimit(db)
        , indexInsert(db)
        , indexMark(db)
    {
        for (QSqlQuery *query : {&readAll, &readMessages, &searchIndex, &indexLimit})
            query->setForwardOnly(true);
    }

    // False with the driver's reason in `error`.
    bool prepare(QString *error)
    {
        const QString range = u"WHERE seq > ? AND seq < ? "_s;
        const QString newest = u"ORDER BY seq DESC LIMIT ?"_s;
        const std::pair<QSqlQuery *, QString> statements[] = {
            // Named: Qt's bindValue() by position formats the position as a name (":0")
            // for every value, a third of a commit's time.
            {&insert, QString::fromLatin1(SqliteSchema::InsertEventSql)},
            {&reserve, QString::fromLatin1(SqliteSchema::ReserveSeqSql)},
            {&readAll, EventColumns + range + newest},
            {&readMessages, EventColumns + range + u"AND type IN (69, 70) "_s + newest},
            {&searchIndex,
             EventColumns
                 + u"WHERE seq IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?"
                   " ORDER BY rowid DESC LIMIT ?) ORDER BY seq DESC"_s},
            // A batch is a seq range, so that indexedSeq is exact: FTS5 tables take no
            // RETURNING, so a LIMIT in the INSERT would not say where the batch ended.
            {&indexLimit,
             u"SELECT seq FROM events WHERE seq > ? AND type IN (69, 70)"
             " ORDER BY seq LIMIT 1 OFFSET ?"_s},
            {&indexInsert,
             u"INSERT INTO events_fts(rowid, text, nickname) SELECT seq, text, nickname"
             " FROM events WHERE seq > ? AND seq <= ? AND type IN (69, 70) ORDER BY seq"_s},
            {&indexMark, u"UPDATE meta SET value = ? WHERE key = 'indexedSeq'"_s},
        };
        for (const auto &[query, sql] : statements) {
            if (!query->prepare(sql)) {
                *error = SqliteSchema::reasonOf(query->lastError());
                return false;
            }
        }
        return true;
    }

    QSqlQuery insert;
    QSqlQuery reserve;
    QSqlQuery readAll;
    QSqlQuery readMessages;
    QSqlQuery searchIndex;
    QSqlQuery indexLimit;
    QSqlQuery indexInsert;
    QSqlQuery indexMark;
};

SqliteRoomLog::SqliteRoomLog(const QString &filePath, const Retention &retention, Clock clock)
    : m_filePath(filePath)
    , m_retention(retention)
    , m_clock(clock ? std::move(clock) : Clock(&QDateTime::currentMSecsSinceEpoch))
    , m_connectionName(u"chatroom-roomlog-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
    , m_tail(TailCapacity, u"tail"_s)
{
    m_indexTimer.setSingleShot(true);
    QObject::connect(&m_indexTimer, &QTimer::timeout, &m_indexTimer, [this] { indexWhenQuiet(); });
}

qint64 SqliteRoomLog::fileBytes() const
{
    // Between checkpoints much of the log sits in the -wal file beside the database.
    qint64 bytes = 0;
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
        bytes += QFileInfo(m_filePath + suffix).size();
    return bytes;
}

SqliteRoomLog::~SqliteRoomLog()
{
    if (m_statements)
        writePending(m_lastSeq);
    closeDatabase();
}

bool SqliteRoomLog::open()
{
    if (m_statements)
        return true;
    m_errorString.clear();
    if (!QSqlDatabase::isDriverAvailable(u"QSQLITE"_s))
        return failOpen(tr("Qt's SQLite driver (QSQLITE, Debian package libqt6sql6-sqlite) is"
                           " not installed"));
    const QString directory = QFileInfo(m_filePath).absolutePath();
    if (!QDir().mkpath(directory))
        return failOpen(tr("cannot create the directory %1").arg(directory));

    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    m_db.setDatabaseName(m_filePath);
    if (!m_db.open())
        return failOpen(SqliteSchema::reasonOf(m_db.lastError()));
    QString error;
    std::optional<SqliteSchema::State> state;
    {
        // Its copy of the handle must be gone before failOpen() removes the connection.
        SqliteSchema schema(m_db);
        state = schema.setUp();
        error = schema.errorString();
    }
    if (!state)
        return failOpen(error);
    m_statements = std::make_unique<Statements>(m_db);
    if (!m_statements->prepare(&error))
        return failOpen(error);
    // SQLite's automatic checkpoint runs inside a commit, on the room's event loop, and
    // fsyncs: 10-20 ms every thousand pages. WalCheckpointer does it on its own thread.
    {
        QSqlQuery noAutoCheckpoint(m_db);
        if (!noAutoCheckpoint.exec(u"PRAGMA wal_autocheckpoint=0"_s))
            return failOpen(SqliteSchema::reasonOf(noAutoCheckpoint.lastError()));
    }
    bool warn = false;
    m_writer = SqliteEventWriter::create(m_db, &error, &warn);
    if (!m_writer && warn)
        qWarning("SqliteRoomLog: writing through Qt's SQL API (slower): %s", qPrintable(error));
    m_checkpointer = std::make_unique<WalCheckpointer>(m_filePath);
    m_epoch = state->epoch;
    m_reservedSeq = state->reservedSeq;
    m_indexedSeq = state->indexedSeq;
    m_firstKept = state->firstSeq;
    m_committedSeq = state->lastSeq;
    m_rowCount = state->rowCount;
    // A killed server may have shown seqs up to reservedSeq without storing them.
    m_lastSeq = std::max(m_committedSeq, m_reservedSeq);
    m_openedAtSeq = m_lastSeq;
    m_lastAgeCheckMs = m_clock();
    enforceRetention(true);
    // The last batch before a stop or a kill was not indexed: at most one indexDelay()'s
    // worth of messages, indexed before the server takes its first connection.
    indexPending();
    return true;
}

bool SqliteRoomLog::failOpen(const QString &reason)
{
    m_errorString = tr("Cannot open the room log %1: %2")
                        .arg(QDir::toNativeSeparators(m_filePath), reason.trimmed());
    closeDatabase();
    return false;
}

void SqliteRoomLog::failWrite(const QSqlError &error)
{
    failWrite(SqliteSchema::reasonOf(error));
}

void SqliteRoomLog::failWrite(const QString &reason)
{
    m_errorString =
        tr("Cannot write the room log %1: %2").arg(QDir::toNativeSeparators(m_filePath), reason);
    qWarning("SqliteRoomLog: %s", qPrintable(m_errorString));
}

void SqliteRoomLog::closeDatabase()
{
    // Statements first, then the handle, then the registration: removeDatabase() warns, and
    // the queries stop working, while anything still refers to the connection.
    m_writer.reset();
    m_statements.reset();
    // Its connection first: the last one to close checkpoints the WAL and removes it.
    m_checkpointer.reset();
    if (m_db.isValid())
        m_db.close();
    m_db = QSqlDatabase();
    if (QSqlDatabase::contains(m_connectionName))
        QSqlDatabase::removeDatabase(m_connectionName);
}

void SqliteRoomLog::append(const Event &event)
{
    if (!m_statements || event.seq <= m_lastSeq) {
        qWarning("SqliteRoomLog: ignored event %llu (%s)", event.seq,
                 m_statements ? "not above the last seq" : "the log is not open");
        return;
    }
    // Reads see pending events through the tail, so the tail must hold all of them. Only
    // failed writes let the batch grow this far.
    if (m_pending.size() >= m_tail.capacity() && !writePending()) {
        qWarning("SqliteRoomLog: dropped unwritten event %llu", m_pending.constFirst().seq);
        m_pending.removeFirst();
    }
    m_lastSeq = event.seq;
    if (m_firstKept == 0)
        m_firstKept = event.seq;
    m_pending.append(event);
    m_tail.append(event);
    // The seq must be durable before the caller can send the event to anyone, or a killed
    // server could hand it out again after a restart.
    if (event.seq > m_reservedSeq)
        writePending(event.seq + ReserveAhead);
}

void SqliteRoomLog::commit()
{
    const bool wrote = !m_pending.isEmpty();
    if (!m_statements || !writePending())
        return;
    if (wrote)
        m_lastWriteMs = m_clock();
    enforceRetention(false);
    if (m_indexedSeq >= m_committedSeq) {
        m_unindexedSinceMs = 0; // a search may have indexed everything
        return;
    }
    if (m_unindexedSinceMs == 0)
        m_unindexedSinceMs = m_lastWriteMs;
    if (!m_indexTimer.isActive())
        m_indexTimer.start(m_indexDelay);
}

void SqliteRoomLog::indexWhenQuiet()
{
    // Indexing costs about twice what the commit of a message does, on the room's own
    // event loop: it waits until the room has been quiet for indexDelay(), so a busy
    // room pays nothing for it. A room that is never quiet still gets its index, a chunk
    // at a time, once the oldest unindexed message has waited MaxIndexLag or the backlog
    // has grown to MaxUnindexed events (search() indexes the backlog first: it stays short).
    if (m_indexedSeq >= m_committedSeq) {
        m_unindexedSinceMs = 0;
        return;
    }
    // A clock that went back counts as time passed.
    const qint64 nowMs = m_clock();
    const auto waited = [nowMs](qint64 sinceMs, std::chrono::milliseconds enough) {
        return nowMs < sinceMs || nowMs - sinceMs >= qint64(enough.count());
    };
    const bool quiet = waited(m_lastWriteMs, m_indexDelay);
    const bool overdue = (m_unindexedSinceMs != 0 && waited(m_unindexedSinceMs, MaxIndexLag))
        || m_committedSeq - m_indexedSeq >= MaxUnindexed;
    if (!quiet && !overdue) {
        m_indexTimer.start(m_indexDelay);
        return;
    }
    indexPending(IndexChunkRows);
    // The rest right after whatever the event loop has waiting.
    if (m_indexedSeq < m_committedSeq)
        m_indexTimer.start(0);
}

bool SqliteRoomLog::writePending(std::optional<quint64> reserveUpTo)
{
    if (m_pending.isEmpty() && !reserveUpTo)
        return true;
    if (m_writer && !m_writer->write(m_pending, reserveUpTo)) {
        failWrite(m_writer->errorString());
        return false;
    }
    if (!m_writer && !writeThroughQt(reserveUpTo))
        return false;
    if (!m_pending.isEmpty())
        m_committedSeq = m_pending.constLast().seq;
    m_eventsSinceCheckpoint += m_pending.size();
    if (m_checkpointer
        && (++m_commitsSinceCheckpoint >= CheckpointCommits
            || m_eventsSinceCheckpoint >= CheckpointEvents)) {
        m_checkpointer->request();
        m_commitsSinceCheckpoint = 0;
        m_eventsSinceCheckpoint = 0;
    }
    m_rowCount += m_pending.size();
    m_pending.clear();
    if (reserveUpTo)
        m_reservedSeq = *reserveUpTo;
    return true;
}

bool SqliteRoomLog::writeThroughQt(std::optional<quint64> reserveUpTo)
{
    if (!m_db.transaction()) {
        failWrite(m_db.lastError());
        return false;
    }
    QSqlQuery &insert = m_statements->insert;
    QSqlQuery &reserve = m_statements->reserve;
    static const QString seqName = u":s"_s, atName = u":a"_s, typeName = u":t"_s,
                         nicknameName = u":n"_s, textName = u":x"_s, payloadName = u":p"_s;
    bool ok = true;
    for (qsizetype i = 0; ok && i < m_pending.size(); ++i) {
        const Event &event = m_pending.at(i);
        insert.bindValue(seqName, qint64(event.seq));
        insert.bindValue(atName, event.atMs);
        insert.bindValue(typeName, int(event.type));
        insert.bindValue(nicknameName, notNull(event.nickname));
        insert.bindValue(textName, notNull(event.text));
        insert.bindValue(payloadName, notNull(event.payload));
        ok = insert.exec();
    }
    QSqlError error = insert.lastError();
    if (ok && reserveUpTo) {
        reserve.bindValue(0, QString::number(*reserveUpTo));
        ok = reserve.exec();
        error = reserve.lastError();
    }
    if (ok && !m_db.commit()) {
        ok = false;
        error = m_db.lastError();
    }
    if (!ok) {
        m_db.rollback();
        failWrite(error);
    }
    return ok;
}

void SqliteRoomLog::indexPending(int maxRows)
{
    if (!m_statements)
        return;
    QSqlError error;
    if (!indexRows(maxRows, &error)) {
        failWrite(error);
        return;
    }
    if (m_indexedSeq >= m_committedSeq) {
        m_indexTimer.stop();
        m_unindexedSinceMs = 0;
    }
}

bool SqliteRoomLog::indexRows(int maxRows, QSqlError *error) const
{
    if (m_indexedSeq >= m_committedSeq)
        return true;
    const auto upTo = indexBatchEnd(maxRows, error);
    if (!upTo)
        return false;
    // A copy of the handle, since this runs in const search() too.
    QSqlDatabase db = m_db;
    if (!db.transaction()) {
        *error = db.lastError();
        return false;
    }
    QSqlQuery &insert = m_statements->indexInsert;
    QSqlQuery &mark = m_statements->indexMark;
    insert.bindValue(0, qint64(m_indexedSeq));
    insert.bindValue(1, qint64(*upTo));
    mark.bindValue(0, QString::number(*upTo));
    if (!insert.exec() || !mark.exec() || !db.commit()) {
        // exec() clears a query's old error, so the first one set is the one that failed.
        *error = insert.lastError().isValid() ? insert.lastError()
            : mark.lastError().isValid()      ? mark.lastError()
                                              : db.lastError();
        db.rollback();
        return false;
    }
    m_indexedSeq = *upTo;
    return true;
}

std::optional<quint64> SqliteRoomLog::indexBatchEnd(int maxRows, QSqlError *error) const
{
    if (maxRows <= 0)
        return m_committedSeq;
    QSqlQuery &query = m_statements->indexLimit;
    query.bindValue(0, qint64(m_indexedSeq));
    query.bindValue(1, maxRows - 1);
    if (!query.exec()) {
        *error = query.lastError();
        return std::nullopt;
    }
    // Fewer than maxRows messages left: the batch runs to the end of the file.
    const quint64 upTo = query.next() ? query.value(0).toULongLong() : m_committedSeq;
    query.finish();
    return upTo;
}

void SqliteRoomLog::enforceRetention(bool now)
{
    const qint64 nowMs = m_clock();
    if (m_retention.maxDays > 0
        && (now || nowMs < m_lastAgeCheckMs || nowMs - m_lastAgeCheckMs >= AgeCheckIntervalMs)) {
        m_lastAgeCheckMs = nowMs;
        trimByAge(nowMs - m_retention.maxDays * DayMs);
    }
    const qint64 maxEvents = m_retention.maxEvents;
    if (maxEvents > 0 && m_rowCount > maxEvents + retentionSlack(maxEvents))
        trimToCount(maxEvents);
}

void SqliteRoomLog::trimByAge(qint64 cutoffMs)
{
    // The oldest event young enough to keep; everything before it goes. Retention always
    // drops a prefix, even when the clock went back, so the tail and firstSeq() follow it.
    // The scan from the oldest stops at the first young row: it reads what it deletes.
    QString error;
    const auto keep = SqliteSchema::scalar(
        m_db, u"SELECT seq FROM events WHERE at_ms >= ? ORDER BY seq LIMIT 1"_s, &error,
        {cutoffMs});
    if (!keep) {
        qWarning("SqliteRoomLog: %s", qPrintable(error));
        return;
    }
    deleteBefore(keep->isValid() ? keep->toULongLong() : m_committedSeq + 1);
}

void SqliteRoomLog::trimToCount(qint64 maxEvents)
{
    QString error;
    const auto keep =
        SqliteSchema::scalar(m_db, u"SELECT seq FROM events ORDER BY seq LIMIT 1 OFFSET ?"_s,
                             &error, {m_rowCount - maxEvents});
    if (keep && keep->isValid())
        deleteBefore(keep->toULongLong());
    else if (!keep)
        qWarning("SqliteRoomLog: %s", qPrintable(error));
}

void SqliteRoomLog::deleteBefore(quint64 seq)
{
    if (m_firstKept == 0 || seq <= m_firstKept)
        return;
    QSqlQuery query(m_db);
    query.prepare(u"DELETE FROM events WHERE seq < ?"_s);
    query.bindValue(0, qint64(seq));
    if (!query.exec()) {
        failWrite(query.lastError());
        return;
    }
    m_rowCount -= query.numRowsAffected();
    // Only called with nothing pending, so the file's oldest row is the log's oldest event.
    QString error;
    const auto first = SqliteSchema::scalar(m_db, u"SELECT MIN(seq) FROM events"_s, &error);
    m_firstKept = first ? first->toULongLong() : seq;
    m_tail.dropBefore(firstSeq());
}

QList<RoomLog::Event> SqliteRoomLog::read(quint64 afterSeq, quint64 beforeSeq, int max,
                                          Filter filter) const
{
    if (!m_statements)
        return {};
    QList<Event> newer = m_tail.read(afterSeq, beforeSeq, max, filter);
    const quint64 floor = tailFloor();
    if (afterSeq >= floor - 1 || (max > 0 && newer.size() >= max))
        return newer;
    // The older part from the file: everything below the tail is committed.
    QList<Event> older = readStored(afterSeq, std::min(beforeSeq, floor),
                                    max > 0 ? max - int(newer.size()) : 0, filter);
    older.append(newer);
    return older;
}

QList<RoomLog::Event> SqliteRoomLog::readStored(quint64 afterSeq, quint64 beforeSeq, int max,
                                                Filter filter) const
{
    if (afterSeq + 1 >= beforeSeq)
        return {};
    // Both bounds are at most lastSeq() + 1 here, so they fit SQLite's signed integers.
    QSqlQuery &query =
        filter == Filter::Messages ? m_statements->readMessages : m_statements->readAll;
    query.bindValue(0, qint64(afterSeq));
    query.bindValue(1, qint64(beforeSeq));
    query.bindValue(2, max > 0 ? max : -1);
    QList<Event> events = fetchAll(query);
    std::reverse(events.begin(), events.end());
    return events;
}

QList<RoomLog::Event> SqliteRoomLog::search(const QString &query, int max) const
{
    if (!m_statements || query.isEmpty())
        return {};
    // Pending events are not in the file yet. They are the newest, so they come first.
    QList<Event> found = m_tail.searchAfter(m_committedSeq, query, max);
    if (max > 0 && found.size() >= max)
        return found;
    const int rest = max > 0 ? max - int(found.size()) : -1;
    // Trigrams match three characters or more; shorter queries (你, 你好) scan the table.
    found += query.toUcs4().size() >= 3 ? searchIndex(query, rest) : searchShort(query, rest);
    return found;
}

QList<RoomLog::Event> SqliteRoomLog::searchIndex(const QString &query, int max) const
{
    // The messages committed since the last batch are not in the index yet.
    QSqlError error;
    if (!indexRows(0, &error))
        qWarning("SqliteRoomLog: search misses the messages not yet indexed: %s",
                 qPrintable(SqliteSchema::reasonOf(error)));
    QSqlQuery &search = m_statements->searchIndex;
    search.bindValue(0, ftsString(query));
    search.bindValue(1, max);
    return fetchAll(search);
}

QList<RoomLog::Event> SqliteRoomLog::searchShort(const QString &query, int max) const
{
    // instr() compares literally, so % and _ need no escaping as they would with LIKE.
    const QStringList spellings = caseSpellings(query);
    QStringList conditions;
    QVariantList values;
    for (const QString &spelling : spellings) {
        conditions.append(u"instr(text, ?) > 0 OR instr(nickname, ?) > 0"_s);
        values << spelling << spelling;
    }
    QSqlQuery search(m_db);
    search.setForwardOnly(true);
    search.prepare(EventColumns + u"WHERE type IN (69, 70) AND ("_s + conditions.join(u" OR "_s)
                   + u") ORDER BY seq DESC LIMIT ?"_s);
    values << max;
    for (qsizetype i = 0; i < values.size(); ++i)
        search.bindValue(int(i), values.at(i));
    return fetchAll(search);
}
