#include "sqliteeventwriter.h"

#include "platform.h"
#include "sqliteschema.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>

#if CHATROOM_HAS(sqlite_api)
#include <dlfcn.h>
#include <sqlite3.h>
#endif

using namespace Qt::StringLiterals;

namespace {

bool forcedToQt()
{
    const QByteArray value = qgetenv(SqliteEventWriter::ForceQtVariable);
    return !value.isEmpty() && value != "0";
}

#if CHATROOM_HAS(sqlite_api)

// Why the QSQLITE driver may call another SQLite than ours; empty when it is the same
// library instance. The plugin's own view of sqlite3_libversion() (dlsym in the plugin's
// scope: the plugin first, then the libraries it links) must return the very string ours
// does: that address is one library instance's static data. A plugin with SQLite built in
// finds no symbol or its own copy, a second shared copy has its own string.
QString otherLibrary(const QSqlDriver *driver)
{
    // The driver's meta-object is static data of the file that holds the driver's code.
    Dl_info plugin {};
    if (dladdr(driver->metaObject(), &plugin) == 0 || !plugin.dli_fname)
        return u"cannot tell which file the QSQLITE driver was loaded from"_s;
    const QString file = QString::fromLocal8Bit(plugin.dli_fname);
    void *handle = dlopen(plugin.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
    if (!handle)
        return u"cannot look into %1"_s.arg(file);
    using Version = const char *(*)();
    const auto theirs = reinterpret_cast<Version>(dlsym(handle, "sqlite3_libversion"));
    const char *theirVersion = theirs ? theirs() : nullptr;
    dlclose(handle);
    if (theirVersion == sqlite3_libversion())
        return {};
    return u"%1 uses another SQLite than this program's %2 (%3)"_s.arg(
        file, QString::fromLatin1(sqlite3_libversion()),
        theirVersion ? QString::fromLatin1(theirVersion) : u"built in"_s);
}

#endif

} // namespace

#if CHATROOM_HAS(sqlite_api)

std::unique_ptr<SqliteEventWriter> SqliteEventWriter::create(const QSqlDatabase &db,
                                                             QString *whyNot, bool *warn)
{
    *warn = false;
    if (forcedToQt()) {
        *whyNot = u"%1 is set"_s.arg(QLatin1StringView(ForceQtVariable));
        return nullptr;
    }
    // From here on the build expected this path: not getting it is worth a warning.
    *warn = true;
    const QSqlDriver *driver = db.driver();
    const QVariant handle = driver ? driver->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0) {
        *whyNot = u"the driver gives no sqlite3 handle"_s;
        return nullptr;
    }
    *whyNot = otherLibrary(driver);
    if (!whyNot->isEmpty())
        return nullptr;
    std::unique_ptr<SqliteEventWriter> writer(
        new SqliteEventWriter(*static_cast<sqlite3 *const *>(handle.constData())));
    if (!writer->prepare()) {
        *whyNot = writer->errorString();
        return nullptr;
    }
    return writer;
}

SqliteEventWriter::SqliteEventWriter(sqlite3 *db)
    : m_db(db)
{
}

SqliteEventWriter::~SqliteEventWriter()
{
    // Before Qt closes the connection, which fails while statements are left.
    for (sqlite3_stmt *statement : {m_begin, m_insert, m_reserve, m_commit, m_rollback})
        sqlite3_finalize(statement);
}

bool SqliteEventWriter::prepare()
{
    // The same SQL as SqliteRoomLog's Qt path (and Qt's BEGIN and COMMIT), each compiled
    // once: Qt compiles BEGIN and COMMIT again for every transaction.
    const std::pair<sqlite3_stmt **, const char *> statements[] = {
        {&m_begin, "BEGIN"},
        {&m_insert, SqliteSchema::InsertEventSql},
        {&m_reserve, SqliteSchema::ReserveSeqSql},
        {&m_commit, "COMMIT"},
        {&m_rollback, "ROLLBACK"},
    };
    for (const auto &[statement, sql] : statements) {
        if (sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, statement, nullptr)
            != SQLITE_OK) {
            m_errorString = QString::fromUtf8(sqlite3_errmsg(m_db));
            return false;
        }
    }
    return true;
}

bool SqliteEventWriter::write(const QList<RoomLog::Event> &events,
                              std::optional<quint64> reserveUpTo)
{
    if (!run(m_begin))
        return fail();
    for (const RoomLog::Event &event : events) {
        if (!insert(event))
            return fail();
    }
    if (reserveUpTo) {
        // meta.value is TEXT, as the Qt path writes it.
        const QByteArray value = QByteArray::number(*reserveUpTo);
        if (sqlite3_bind_text(m_reserve, 1, value.constData(), int(value.size()), SQLITE_TRANSIENT)
                != SQLITE_OK
            || !run(m_reserve))
            return fail();
    }
    return run(m_commit) || fail();
}

bool SqliteEventWriter::insert(const RoomLog::Event &event)
{
    // A null pointer would bind SQL NULL, which the NOT NULL columns refuse: an empty
    // QByteArray's constData() is never null.
    const bool bound = sqlite3_bind_int64(m_insert, 1, sqlite3_int64(event.seq)) == SQLITE_OK
        && sqlite3_bind_int64(m_insert, 2, event.atMs) == SQLITE_OK
        && sqlite3_bind_int(m_insert, 3, int(event.type)) == SQLITE_OK
        && bindText(4, event.nickname, m_nickname) == SQLITE_OK
        && bindText(5, event.text, m_text) == SQLITE_OK
        && sqlite3_bind_blob(m_insert, 6, event.payload.constData(), int(event.payload.size()),
                             SQLITE_STATIC)
            == SQLITE_OK;
    if (!bound) {
        m_errorString = QString::fromUtf8(sqlite3_errmsg(m_db));
        return false;
    }
    return run(m_insert);
}

int SqliteEventWriter::bindText(int column, const QString &text, QByteArray &buffer)
{
    // UTF-8, the file's encoding, in a buffer kept from row to row: toUtf8() would allocate
    // for every value, and binding UTF-16 makes SQLite convert (and allocate) instead.
    // SQLITE_STATIC: the buffer stays unchanged until the row is inserted.
    // data(), not constData(): it may detach, and it never gives null (which would bind
    // SQL NULL) even for an empty text.
    buffer.resize(m_utf8.requiredSpace(text.size()));
    char *begin = buffer.data();
    const char *end = m_utf8.appendToBuffer(begin, text);
    return sqlite3_bind_text(m_insert, column, begin, int(end - begin), SQLITE_STATIC);
}

bool SqliteEventWriter::run(sqlite3_stmt *statement)
{
    const int result = sqlite3_step(statement);
    if (result != SQLITE_DONE)
        m_errorString = QString::fromUtf8(sqlite3_errmsg(m_db));
    // A statement left unreset keeps the transaction from committing.
    sqlite3_reset(statement);
    return result == SQLITE_DONE;
}

bool SqliteEventWriter::fail()
{
    // Some errors (a full disk, I/O) have rolled back already; the rest leave the
    // transaction open, and the next write's BEGIN would fail inside it.
    if (!sqlite3_get_autocommit(m_db)) {
        const QString error = m_errorString;
        run(m_rollback);
        m_errorString = error;
    }
    return false;
}

#else

std::unique_ptr<SqliteEventWriter> SqliteEventWriter::create(const QSqlDatabase &, QString *whyNot,
                                                             bool *warn)
{
    // CMake's check said no, and said why, at configure time.
    *warn = false;
    *whyNot = forcedToQt() ? u"%1 is set"_s.arg(QLatin1StringView(ForceQtVariable))
                           : u"built without SQLite's C API (CHATROOM_SQLITE_API)"_s;
    return nullptr;
}

// Never made: create() gives nothing in this build.
SqliteEventWriter::SqliteEventWriter(sqlite3 *db)
    : m_db(db)
{
}

SqliteEventWriter::~SqliteEventWriter() = default;

bool SqliteEventWriter::write(const QList<RoomLog::Event> &, std::optional<quint64>)
{
    return false;
}

#endif
