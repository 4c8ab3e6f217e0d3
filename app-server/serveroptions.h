#pragma once

#include "logwriter.h"
#include "redisaddress.h"
#include "roomlog.h"
#include "serverconfig.h"

#include <QCommandLineOption>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

class QCommandLineParser;

// The command line of chatroom-server: every limit of ServerConfig with the spec's
// default, plus --headless, --lang, --log-format and --config (ConfigFile). --help and --version
// print and exit as usual.
class ServerOptions final
{
    Q_DECLARE_TR_FUNCTIONS(ServerOptions)

public:
    // Every option, for the parser and for a config file's keys.
    static QList<QCommandLineOption> options();
    // The --lang value (or the --config file's lang) without a full parse, so the help
    // text itself can be translated.
    static QString languageFrom(const QStringList &arguments);

    // False with errorString() when a value is out of range. --help, --version and an
    // unknown option print and exit, as QCommandLineParser::process() does.
    bool parse(const QCoreApplication &app);
    // The same without process(): arguments[0] is the program; an unknown option is an
    // error, and --help and --version are not acted on. For tests.
    bool parse(const QStringList &arguments);
    QString errorString() const { return m_errorString; }

    // The room log this command line asks for, not yet opened.
    // With LogBackend::Redis: the memory in which this server keeps what it read of the
    // shared room, under the shared room's epoch.
    std::unique_ptr<RoomLog> createRoomLog(const QString &sharedEpoch = {}) const;
    // With TLS on: reads --cert/--key, or makes (first start) or reads the self-signed
    // pair in <data-dir>/tls, into config. False with errorString().
    bool loadCertificate();

    // Redis: the room is shared with every server naming the same room on the same Redis
    // (docs/scaling.md); this server keeps what it read in memory.
    enum class LogBackend : quint8 { Sqlite, Memory, Redis };

    ServerConfig config;
    bool headless = false;
    QString language; // empty: follow the system locale
    QString configFile; // --config; empty: none
    LogWriter::Format logFormat = LogWriter::Format::Text; // the headless log's
    LogBackend logBackend = LogBackend::Sqlite;
    RedisAddress redis; // with LogBackend::Redis
    // --shared-lease: how long the shared room takes this server for alive without a
    // heartbeat; its members are reaped that long after it dies, plus the resume grace.
    static constexpr std::chrono::milliseconds DefaultSharedLease {10'000};
    std::chrono::milliseconds sharedLease = DefaultSharedLease;
    QString dataDir; // the SQLite log's folder; QStandardPaths::AppDataLocation by default
    RoomLog::Retention retention;
    QString certificateFile; // --cert, --key; empty: the self-signed pair
    QString keyFile;
    bool certificateCreated = false; // loadCertificate() made a new self-signed pair
    // --admin-socket: where chatroomctl reaches this server; empty with "none". When the
    // default path cannot be used the server starts without it; a path given must work.
    QString adminSocket;
    bool adminSocketGiven = false;
    // What the memory log keeps when --history-keep is not given: a ring in memory has no
    // business growing to the durable log's million events.
    static constexpr qint64 DefaultMemoryEvents = 10'000;

private:
    static void addOptions(QCommandLineParser &parser);
    static void addHistoryOptions(QList<QCommandLineOption> &options);
    static void addAbuseOptions(QList<QCommandLineOption> &options);
    static void addTransportOptions(QList<QCommandLineOption> &options);
    static void addAdminOptions(QList<QCommandLineOption> &options);
    // With --config: the file's settings, then the command line's, parsed as one.
    bool readWithConfig(const QCommandLineParser &commandLine, const QStringList &arguments);
    bool read(const QCommandLineParser &parser);
    bool readHistoryOptions(const QCommandLineParser &parser);
    bool readAbuseOptions(const QCommandLineParser &parser);
    bool readTransportOptions(const QCommandLineParser &parser);
    bool readAdminOptions(const QCommandLineParser &parser);
    bool readPasswordFile(const QString &path);
    bool fail(const QString &error);

    QString m_errorString;
};
