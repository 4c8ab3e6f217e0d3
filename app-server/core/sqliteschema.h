#pragma once

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include <optional>

class QSqlError;

// The room log file's layout and its setup on an open connection: the version check, WAL,
// the trigram tokenizer, the tables of a new file, and what the log reads back at start.
// SqliteRoomLog keeps the events; this class knows how the file is laid out.
class SqliteSchema final
{
    Q_DECLARE_TR_FUNCTIONS(SqliteSchema)

public:
    static constexpr int Version = 1; // PRAGMA user_version
    // What both of SqliteRoomLog's write paths run (Qt's and SqliteEventWriter's), so the
    // two cannot drift apart. Named placeholders: Qt binds them without formatting a name
    // per value, and SQLite numbers them 1 to 6 in order for sqlite3_bind_*().
    static constexpr const char *InsertEventSql =
        "INSERT INTO events(seq, at_ms, type, nickname, text, payload)"
        " VALUES (:s, :a, :t, :n, :x, :p)";
    static constexpr const char *ReserveSeqSql =
        "UPDATE meta SET value = ? WHERE key = 'reservedSeq'";

    // What the file says when it is opened.
    struct State
    {
        QString epoch;
        quint64 reservedSeq = 0; // meta.reservedSeq
        quint64 indexedSeq = 0; // meta.indexedSeq: every message up to it is in events_fts
        quint64 firstSeq = 0; // the oldest row; 0 when there is none
        quint64 lastSeq = 0; // the newest row; 0 when there is none
        qint64 rowCount = 0;
    };

    explicit SqliteSchema(const QSqlDatabase &db)
        : m_db(db)
    {
    }

    // Configures the connection, creates the tables in a new file and reads the state.
    // Nothing with errorString() set when the file cannot be used.
    std::optional<State> setUp();
    QString errorString() const { return m_errorString; }

    // SQLite's own words ("file is not a database") without Qt's ("Unable to fetch row").
    static QString reasonOf(const QSqlError &error);
    // Runs one statement and returns the first column of its first row (an invalid QVariant
    // when there is no row), or nothing with `error` set.
    static std::optional<QVariant> scalar(const QSqlDatabase &db, const QString &sql,
                                          QString *error, const QVariantList &values = {});

private:
    bool fail(const QString &reason);
    bool checkVersion(int *version);
    bool configure();
    bool create();
    std::optional<State> readState();

    QSqlDatabase m_db;
    QString m_errorString;
};
