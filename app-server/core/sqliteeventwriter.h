#pragma once

#include "roomlog.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringEncoder>

#include <memory>
#include <optional>

class QSqlDatabase;
struct sqlite3;
struct sqlite3_stmt;

// Writes the room log's events, and a new seq reservation, in one transaction through
// SQLite's C API on the QSQLITE driver's own connection. The statements are prepared once
// and the values bound straight from the events (text as UTF-8 in buffers kept from row to
// row): no QVariant and no placeholder lookup per value, and no BEGIN and COMMIT compiled
// again per pass, which is what QSqlQuery::bindValue(), exec() and QSqlDatabase::commit()
// cost. The SQL, the transaction and so the durability are the same as through Qt.
//
// The driver's handle may only be used with the SQLite library instance the driver itself
// calls: another copy (Qt's bundled SQLite, a static build) would get a struct it does not
// own. CMake checks at configure time that the plugin links our libsqlite3; create() checks
// again at run time and gives nothing, with the reason, when it cannot be sure. Without a
// writer SqliteRoomLog writes through QSqlQuery as before.
class SqliteEventWriter final
{
public:
    // Set to anything but "0" in the environment, it makes create() decline, so that the
    // Qt path is tested and measured on a build that has this one.
    static constexpr char ForceQtVariable[] = "CHATROOM_SQLITE_VIA_QT";

    // Nothing, with `whyNot` set, when the build has no SQLite of its own, the environment
    // forces the Qt path, or the driver's SQLite is not this program's. `warn` is set when
    // that is a surprise worth a warning (the build expected to use this path).
    static std::unique_ptr<SqliteEventWriter> create(const QSqlDatabase &db, QString *whyNot,
                                                     bool *warn);
    ~SqliteEventWriter();
    Q_DISABLE_COPY_MOVE(SqliteEventWriter)

    // One transaction: `events` into the events table, then meta.reservedSeq when given.
    // All of it is committed or none (false, with errorString()).
    bool write(const QList<RoomLog::Event> &events, std::optional<quint64> reserveUpTo);
    QString errorString() const { return m_errorString; }

private:
    explicit SqliteEventWriter(sqlite3 *db);
    bool prepare();
    bool insert(const RoomLog::Event &event);
    int bindText(int column, const QString &text, QByteArray &buffer);
    // Steps a statement that returns no rows and resets it; false with errorString() set.
    bool run(sqlite3_stmt *statement);
    // Rolls back what the failed write began.
    bool fail();

    sqlite3 *m_db = nullptr; // the QSqlDatabase's: it closes it, we only finalize ours
    sqlite3_stmt *m_begin = nullptr;
    sqlite3_stmt *m_insert = nullptr;
    sqlite3_stmt *m_reserve = nullptr;
    sqlite3_stmt *m_commit = nullptr;
    sqlite3_stmt *m_rollback = nullptr;
    QStringEncoder m_utf8 {QStringEncoder::Utf8, QStringEncoder::Flag::Stateless};
    QByteArray m_nickname;
    QByteArray m_text;
    QString m_errorString;
};
