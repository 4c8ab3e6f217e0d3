#include "sqliteschema.h"

#include "memoryroomlog.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {

constexpr int BusyTimeoutMs = 5000;

// Chat (0x45) and Broadcast (0x46): the only events search finds.
static_assert(int(Protocol::MessageType::Chat) == 69
              && int(Protocol::MessageType::Broadcast) == 70);

// The FTS table uses the events table as external content: the text is stored once, and
// unlike a contentless table (SQLite 3.40 has no contentless_delete) its rows can be
// deleted, which retention needs. Only Chat and Broadcast are indexed.
//
// No INSERT trigger: indexing a row costs tens of µs, most of a commit, and commits run on
// the server's event-loop thread. SqliteRoomLog::indexPending() indexes the rows after
// meta.indexedSeq later, in large batches, and search catches up first.
//
// The DELETE trigger removes a row from the index only when it is there (seq <= indexedSeq):
// an external-content 'delete' of a row that was never indexed corrupts the index. A trigger
// rather than code in retention, so that any DELETE on events keeps the index consistent
// (retention's, or an operator's in the sqlite3 shell), in the DELETE's own transaction.
// Retention deletes rarely and in bulk, so the per-row lookup in meta costs nothing that
// matters.
const QString SchemaStatements[] = {
    u"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"_s,
    u"CREATE TABLE events(seq INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL,"
    " type INTEGER NOT NULL, nickname TEXT NOT NULL, text TEXT NOT NULL,"
    " payload BLOB NOT NULL)"_s,
    u"CREATE VIRTUAL TABLE events_fts USING fts5(text, nickname, content='events',"
    " content_rowid='seq', tokenize='trigram case_sensitive 0')"_s,
    u"CREATE TRIGGER events_fts_delete AFTER DELETE ON events WHEN old.type IN (69, 70)"
    " AND old.seq <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'indexedSeq')"
    " BEGIN INSERT INTO events_fts(events_fts, rowid, text, nickname)"
    " VALUES ('delete', old.seq, old.text, old.nickname); END"_s,
    u"PRAGMA user_version = %1"_s.arg(SqliteSchema::Version),
};

std::optional<quint64> metaSeq(const QSqlDatabase &db, const QString &key, QString *error)
{
    const auto value =
        SqliteSchema::scalar(db, u"SELECT value FROM meta WHERE key = ?"_s, error, {key});
    if (!value)
        return std::nullopt;
    bool ok = false;
    const quint64 seq = value->toString().toULongLong(&ok);
    if (!ok) {
        *error = SqliteSchema::tr("the meta table has no valid %1").arg(key);
        return std::nullopt;
    }
    return seq;
}

} // namespace

QString SqliteSchema::reasonOf(const QSqlError &error)
{
    return error.databaseText().isEmpty() ? error.text() : error.databaseText();
}

std::optional<QVariant> SqliteSchema::scalar(const QSqlDatabase &db, const QString &sql,
                                             QString *error, const QVariantList &values)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    bool ok = query.prepare(sql);
    for (qsizetype i = 0; ok && i < values.size(); ++i)
        query.bindValue(int(i), values.at(i));
    if (!ok || !query.exec()) {
        *error = reasonOf(query.lastError());
        return std::nullopt;
    }
    return query.next() ? query.value(0) : QVariant();
}

std::optional<SqliteSchema::State> SqliteSchema::setUp()
{
    m_errorString.clear();
    int version = 0;
    if (!checkVersion(&version) || !configure() || (version == 0 && !create()))
        return std::nullopt;
    return readState();
}

bool SqliteSchema::fail(const QString &reason)
{
    m_errorString = reason;
    return false;
}

bool SqliteSchema::checkVersion(int *version)
{
    // The first statement that reads the file: SQLite opens lazily, so a file that is not a
    // database, or cannot be created, fails here rather than in QSqlDatabase::open().
    QString error;
    const auto value = scalar(m_db, u"PRAGMA user_version"_s, &error);
    if (!value)
        return fail(error);
    *version = value->toInt();
    if (*version > Version)
        return fail(tr("it was made by a newer version of Chatroom (schema %1, this"
                       " version reads up to %2)")
                        .arg(*version)
                        .arg(Version));
    return true;
}

bool SqliteSchema::configure()
{
    QString error;
    const auto mode = scalar(m_db, u"PRAGMA journal_mode=WAL"_s, &error);
    if (!mode)
        return fail(error);
    if (mode->toString().compare(u"wal"_s, Qt::CaseInsensitive) != 0)
        return fail(tr("SQLite cannot use write-ahead logging here (journal mode %1)")
                        .arg(mode->toString()));
    // WAL with NORMAL: a commit survives a killed process without an fsync per commit;
    // only a power loss may take the last commits back.
    if (!scalar(m_db, u"PRAGMA synchronous=NORMAL"_s, &error)
        || !scalar(m_db, u"PRAGMA busy_timeout=%1"_s.arg(BusyTimeoutMs), &error))
        return fail(error);
    // Search needs FTS5's trigram tokenizer (SQLite 3.34 and later): say so at start, not at
    // the first search.
    if (!scalar(m_db,
                u"CREATE VIRTUAL TABLE temp.trigram_probe USING fts5(x, tokenize='trigram')"_s,
                &error)
        || !scalar(m_db, u"DROP TABLE temp.trigram_probe"_s, &error)) {
        QString version;
        const auto sqlite = scalar(m_db, u"SELECT sqlite_version()"_s, &version);
        return fail(tr("SQLite %1 has no FTS5 trigram tokenizer (3.34 or later is needed): %2")
                        .arg(sqlite ? sqlite->toString() : version, error));
    }
    return true;
}

bool SqliteSchema::create()
{
    if (!m_db.transaction())
        return fail(reasonOf(m_db.lastError()));
    QString error;
    bool ok = true;
    for (const QString &statement : SchemaStatements)
        ok = ok && scalar(m_db, statement, &error);
    ok = ok
        && scalar(m_db,
                  u"INSERT INTO meta(key, value)"
                  " VALUES ('epoch', ?), ('reservedSeq', '0'), ('indexedSeq', '0')"_s,
                  &error, {MemoryRoomLog::randomEpoch()});
    if (ok && m_db.commit())
        return true;
    if (error.isEmpty())
        error = reasonOf(m_db.lastError());
    m_db.rollback();
    return fail(error);
}

std::optional<SqliteSchema::State> SqliteSchema::readState()
{
    State state;
    QString error;
    const auto epoch = scalar(m_db, u"SELECT value FROM meta WHERE key = 'epoch'"_s, &error);
    if (!epoch || epoch->toString().isEmpty()) {
        fail(epoch ? tr("the meta table has no valid epoch") : error);
        return std::nullopt;
    }
    state.epoch = epoch->toString();
    const auto reserved = metaSeq(m_db, u"reservedSeq"_s, &error);
    const auto indexed = reserved ? metaSeq(m_db, u"indexedSeq"_s, &error) : std::nullopt;
    if (!indexed) {
        fail(error);
        return std::nullopt;
    }
    state.reservedSeq = *reserved;
    state.indexedSeq = *indexed;

    QSqlQuery query(m_db);
    if (!query.exec(u"SELECT MIN(seq), MAX(seq), COUNT(*) FROM events"_s) || !query.next()) {
        fail(reasonOf(query.lastError()));
        return std::nullopt;
    }
    state.firstSeq = query.value(0).toULongLong();
    state.lastSeq = query.value(1).toULongLong();
    state.rowCount = query.value(2).toLongLong();
    return state;
}
